"""Organisations: the SCO against a stated peer set of regional organisations on area, population and real GDP
growth, with the SCO's rank, its margin over the best other organisation and a verdict per part.

Peers come from the IGO file (a CIA Factbook snapshot of 2020-01-29) fixed by the cited rows of
data/curated/organisation_fixes.csv; the SCO only from the events table. Each organisation is taken as it stood on
one date for every data year (the date a claim refers to): the year varies the data, not the membership.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import data, groups, growth, membership, weight, wording
from .errors import SchemaError, ValidationError
from .manifest import verified_path
from .membership import When
from .store import every_file, stored

MEMBERSHIP_FILE = "igo-membership/CountrycodesOrgs_2020-01-29.csv"
FIXES_FILE = "curated/organisation_fixes.csv"
FIX_RULE = "action add (of a member the file lacks) or remove (of one it lists), a listed org_id, a source and quote"
FIX_COLUMNS = ["org_id", "iso3", "country", "action", "from_date", "source_url", "quote", "verification"]
# the file describes membership from the reference year up to its snapshot (earlier accessions are not dated in it)
VALID_DATES = (pd.Timestamp("2017-01-01"), pd.Timestamp("2020-01-29"))
LEAD_THRESHOLD_PCT = wording.LEVEL_MARGIN * 100  # "largest" only when ahead of the next by more than 5 %
GROWTH_THRESHOLD_PP = 0.5  # "most dynamic" only when ahead of the next by more than 0.5 percentage points
GROWTH_SPAN = 5  # years of the longer growth window, ending in the claim's year
AREAS = ("land_area", "surface_area")
PARTS = ("population", *AREAS)

# comprehensive regional organisations: one region, a multi-purpose (political, economic, security/social) mandate
CORE = {
    "EU": "political and economic union of European states (28 with the UK, as in 2017-2018)",
    "AU": "continental union of African states: politics, peace and security, development",
    "ASEAN": "South-East Asian political-security, economic and socio-cultural community",
    "OAS": "organisation of the Americas: democracy, human rights, security, development",
    "AL": "League of Arab States: political, economic and cultural cooperation (22 with Palestine)",
    "CIS": "post-Soviet cooperation in politics, economy, security and culture",
    "SAARC": "South Asian cooperation in economic, social, cultural and technical fields",
    "EAEU": "Eurasian Economic Union: single market with common institutions (the SCO region's other bloc)",
    "ECOWAS": "West African economic community with a peace and security mandate",
    "MERCOSUR": "South American common market with political institutions (Venezuela suspended, not counted)",
    "SADC": "Southern African community: development, politics, defence and security",
    "EAC": "East African customs union and common market aiming at a political federation",
    "GCC": "Gulf states' economic, political and military union",
}
# added for sensitivity only: forums, single-purpose bodies and organisations that are not regional
WIDER = {
    "APEC": "economic forum of Asia-Pacific economies, no treaty (Chinese Taipei not in the data)",
    "OSCE": "security organisation spanning Europe, North America and Central Asia: single-purpose",
    "OIC": "defined by religion, members on four continents: not regional",
    "C": "Commonwealth: mostly former British territories on every continent, not regional",
    "CELAC": "Latin American and Caribbean forum without a secretariat",
}
PEER_SETS = {"core": tuple(CORE), "wider": (*CORE, *WIDER)}
# the SCO's two extents, status groups (statuses.csv says which statuses each counts on a date): their org_id
SCO_EXTENTS = {"members": "SCO", "all": "SCO+"}


def valid_date(as_of: When) -> pd.Timestamp:
    """`as_of` as a date the fixed file describes, else an error naming the range."""
    when = membership.valid_date(as_of)
    first, last = VALID_DATES
    if not first <= when <= last:
        raise ValidationError(f"{when.date()}: give a date from {first.date()} to {last.date()} (the file's snapshot).")
    return when


def peer_names(peer_set: str) -> str:
    """A peer set in words, each organisation by the name the membership file gives it and its code:
    'European Union (EU), African Union (AU), ...' ('C' alone would not say the Commonwealth)."""
    names = raw_memberships().drop_duplicates("org_id").set_index("org_id")["org_name"]
    return ", ".join(f"{names.get(org, org)} ({org})" for org in PEER_SETS[peer_set])


@lru_cache(maxsize=1)
def raw_memberships() -> pd.DataFrame:
    """The IGO file as strings ('NA' is Namibia's ISO2): org_id, org_name, iso3, status."""
    raw = pd.read_csv(verified_path(MEMBERSHIP_FILE), dtype="string", keep_default_na=False)
    return raw.rename(columns={"ISO_3166_3": "iso3", "org_member": "status"}).assign(
        org_name=raw["org_name"].str.strip()
    )[["org_id", "org_name", "iso3", "status"]]


@lru_cache(maxsize=1)
def fixes() -> pd.DataFrame:
    """The curated fixes (data/curated/organisation_fixes.csv), checked, with from_date as a date."""
    return check_fixes(data.read_curated(FIXES_FILE))


def check_fixes(raw: pd.DataFrame) -> pd.DataFrame:
    """The fixes if each names a listed organisation, adds a member the file lacks or removes one it lists, and
    cites a page with a quote and a verification note; else a SchemaError naming the rows."""
    if list(raw.columns) != FIX_COLUMNS:
        raise SchemaError(f"data/{FIXES_FILE}: columns must be {', '.join(FIX_COLUMNS)}.")
    listed = raw.merge(_file_members(), on=["org_id", "iso3"], how="left", indicator=True)["_merge"].eq("both")
    bad = raw.loc[
        ~raw["action"].isin(["add", "remove"])
        | ~raw["iso3"].str.fullmatch(r"[A-Z]{3}")
        | ~raw["source_url"].str.startswith("http")
        | raw["quote"].eq("")
        | raw["verification"].eq("")
        | ~raw["org_id"].isin(raw_memberships()["org_id"])
        | raw.duplicated(["org_id", "iso3", "from_date"])
        | (listed.to_numpy() == raw["action"].eq("add").to_numpy())  # adds a listed member, removes an unlisted one
    ]
    if not bad.empty:
        raise SchemaError(f"data/{FIXES_FILE}: rows {bad.index.tolist()} need {FIX_RULE}")
    return raw.assign(from_date=pd.to_datetime(raw["from_date"], format="%Y-%m-%d"))


def _file_members() -> pd.DataFrame:
    """org_id, iso3 of the file's full members, without the SCO (its entries are stale: the events table rules)."""
    raw = raw_memberships()
    return raw.loc[(raw["status"] == "member") & (raw["org_id"] != "SCO"), ["org_id", "iso3"]]


def members(as_of: When) -> pd.DataFrame:
    """Every organisation's members on `as_of`: org_id, iso3 (the file with the fixes due by then, and the SCO's
    two extents from the events table)."""
    return _members(valid_date(as_of)).copy()


@lru_cache(maxsize=8)
def _members(when: pd.Timestamp) -> pd.DataFrame:
    """members() for a checked date, cached."""
    due = fixes().loc[lambda d: d["from_date"] <= when].sort_values("from_date", kind="stable")
    last = due.drop_duplicates(["org_id", "iso3"], keep="last")[["org_id", "iso3", "action"]]
    merged = _file_members().merge(last, on=["org_id", "iso3"], how="outer", validate="one_to_one")
    kept = merged.loc[merged["action"].fillna("") != "remove"]  # fixes() checked that adds are new, removes listed
    sco = groups.members_on([when], SCO_EXTENTS).assign(org_id=lambda d: d["group"].map(SCO_EXTENTS))
    frames = [kept[["org_id", "iso3"]], sco[["org_id", "iso3"]]]
    return pd.concat(frames, ignore_index=True).astype("string").sort_values(["org_id", "iso3"]).reset_index(drop=True)


def contest() -> pd.DataFrame:
    """Who is compared with whom: peer_set, extent, org_id, is_sco (each peer set with one SCO extent)."""
    peers = pd.DataFrame([(p, org) for p, orgs in PEER_SETS.items() for org in orgs], columns=["peer_set", "org_id"])
    scos = pd.DataFrame(list(SCO_EXTENTS.items()), columns=["extent", "org_id"])
    rivals = peers.merge(scos[["extent"]], how="cross").assign(is_sco=False)
    sco = peers[["peer_set"]].drop_duplicates().merge(scos, how="cross").assign(is_sco=True)
    return pd.concat([rivals, sco], ignore_index=True).astype(dict.fromkeys(["peer_set", "extent", "org_id"], "string"))


def latest_year(vintage: str = data.DEFAULT_VINTAGE) -> int:
    """The last year with a World value for population and both areas."""
    return min(int(data.world(part, data.vintage_for(part, vintage)).index.max()) for part in PARTS)


def totals(years: tuple[int, ...], as_of: When, vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """Population and areas of each compared organisation: org_id, year, indicator, countries, value, missing."""
    return _totals(tuple(int(y) for y in years), valid_date(as_of), vintage).copy()


def _compared(when: pd.Timestamp) -> pd.DataFrame:
    """group (org_id), iso3 of the organisations any peer set compares, as the growth and weight panels name them."""
    compared = _members(when).loc[lambda d: d["org_id"].isin(contest()["org_id"])]
    return compared.rename(columns={"org_id": "group"})[["group", "iso3"]]


@lru_cache(maxsize=16)
@stored(every_file)
def _totals(years: tuple[int, ...], when: pd.Timestamp, vintage: str) -> pd.DataFrame:
    """totals() for checked arguments, cached."""
    grid = _compared(when).merge(pd.DataFrame({"year": years}), how="cross")[["year", "group", "iso3"]]
    parts = [weight.totals(part, grid, data.vintage_for(part, vintage)) for part in PARTS]
    table = pd.concat(parts, ignore_index=True).rename(columns={"group": "org_id", "total": "value"})
    count = (table["missing"].str.count(", ") + 1).where(table["missing"] != "", 0).astype("int64")
    columns = ["org_id", "year", "indicator", "countries", "value", "world", "share_pct", "missing_count", "missing"]
    return table.assign(missing_count=count)[columns].sort_values(["indicator", "year", "org_id"], ignore_index=True)


def sco_standing(frame: pd.DataFrame, keys: list[str], word: str, threshold: float, relative: bool) -> pd.DataFrame:
    """Per group of `keys` (rows org_id, value, is_sco): the leader, the SCO's rank among the organisations, the
    best other one, the SCO's margin over it (% if relative, else points; negative when behind) and the verdict:
    `word` beyond the threshold, 'level with X' within it, 'behind X' otherwise."""
    grouped = frame.groupby(keys)["value"]
    rank = grouped.rank(ascending=False, method="min").astype("Int64")
    ranked = frame.assign(rank=rank, of=grouped.transform("size"))
    sco = ranked.loc[ranked["is_sco"], [*keys, "org_id", "value", "rank", "of"]]
    best = ranked.loc[~ranked["is_sco"]].sort_values("value", ascending=False, kind="stable").drop_duplicates(keys)
    out = sco.set_axis([*keys, "sco", "sco_value", "sco_rank", "organisations"], axis=1).merge(
        best[[*keys, "org_id", "value"]].set_axis([*keys, "best_other", "best_other_value"], axis=1), on=keys
    )
    mine, other = out["sco_value"], out["best_other"]
    gap = mine / out["best_other_value"] * 100 - 100 if relative else mine - out["best_other_value"]
    verdict = ("behind " + other).where(gap.abs() > threshold, "level with " + other).where(gap <= threshold, word)
    verdict = verdict.mask(gap.isna(), "no data")  # a missing value decides nothing (NaN compares False)
    leader = out["sco"].where(gap > 0, other).mask(gap.isna(), "")
    return out.assign(leader=leader, margin=gap, verdict=verdict).sort_values(keys).reset_index(drop=True)


def sensitivity(as_of: When, claim_year: int, vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """The area and population parts of a claim over peer set x area indicator x year (the claim's year, the next
    and the latest) x SCO extent: the leader, the SCO's rank, its margin (%) over the best other organisation and
    the verdict, per part."""
    # each area indicator is one axis of the grid; population is the same under both
    axes = [(a, a, "area") for a in AREAS] + [("population", a, "population") for a in AREAS]
    axis = pd.DataFrame(axes, columns=["indicator", "area_indicator", "part"], dtype="string")
    years = tuple(sorted({claim_year, claim_year + 1, latest_year(vintage)}))
    values = totals(years, as_of, vintage)[["org_id", "year", "indicator", "value"]]
    grid = contest().merge(values, on="org_id", validate="many_to_many").merge(axis, on="indicator")
    keys = ["peer_set", "area_indicator", "year", "extent", "part"]
    shown = ["leader", "sco_rank", "organisations", "best_other", "margin", "verdict"]
    standing = sco_standing(grid, keys, "largest", LEAD_THRESHOLD_PCT, relative=True)
    side = {
        p: standing.loc[standing["part"] == p].set_index(keys[:-1])[shown].add_prefix(f"{p}_")
        for p in ("area", "population")
    }
    margins = {"area_margin": "area_margin_pct", "population_margin": "population_margin_pct"}
    return side["area"].join(side["population"], validate="one_to_one").rename(columns=margins).reset_index()


def growth_windows(last: int) -> dict[str, tuple[int, ...]]:
    """The windows of growth a 'most dynamic' claim is read over: the five years to `last`, and `last` alone."""
    return {f"{last - GROWTH_SPAN + 1}-{last}": tuple(range(last - GROWTH_SPAN + 1, last + 1)), f"{last}": (last,)}


def growth_table(as_of: When, last: int, vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """Mean real GDP growth (%) of every compared organisation over each window, as it stood on `as_of`: window,
    org_id, simple, weighted (by current-US$ GDP), cells (country-years), missing_count (cells without growth)."""
    return _growth_table(valid_date(as_of), last, vintage).copy()


@lru_cache(maxsize=8)
@stored(every_file)
def _growth_table(when: pd.Timestamp, last: int, vintage: str) -> pd.DataFrame:
    """growth_table() for a checked date, cached."""
    spans = growth_windows(last)
    windows = pd.DataFrame([(w, y) for w, ys in spans.items() for y in ys], columns=["window", "year"])
    years = growth.check_years(sorted(set(windows["year"])), vintage)
    grid = _compared(when).merge(pd.DataFrame({"year": years}), how="cross")
    panel = growth.growth_panel(grid, vintage)
    cells = grid.merge(windows, on="year").groupby(["window", "group"]).size()
    found = panel.merge(windows, on="year").groupby(["window", "group"]).size().reindex(cells.index, fill_value=0)
    means = growth.span_means(growth.means_by_year(panel), spans)
    table = means.set_index(["span", "group"]).rename_axis(["window", "group"]).sort_index()
    return table.assign(cells=cells, missing_count=cells - found).rename_axis(["window", "org_id"]).reset_index()


def growth_verdicts(as_of: When, last: int, vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """'The most dynamic region': per peer set x SCO extent x window x mean (simple, weighted), the fastest
    organisation, the SCO's rank, its margin (points) over the best other one, and the verdict."""
    means = growth_table(as_of, last, vintage).melt(["window", "org_id"], ["simple", "weighted"], "mean")
    grid = contest().merge(means, on="org_id", how="inner", validate="many_to_many")
    standing = sco_standing(grid, ["peer_set", "extent", "window", "mean"], "most dynamic", GROWTH_THRESHOLD_PP, False)
    return standing.rename(columns={"margin": "margin_pp"})
