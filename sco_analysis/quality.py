"""Data quality: every known problem of the sources named (file, entity, years, rows) with its computed effect.

Trade gaps and estimates are weighed per year against the groups as the trade reports take them: each status group
as it stood at that year's Heads of State Council (`partners.partners_by_year`), 2001 to the last DOTS year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from . import anomalies, countries, data, groups, organisations, partners, trade
from .store import every_file, stored

COLUMNS = ["file", "problem", "entity", "years", "rows", "effect"]
FIRST = 2001  # the SCO's founding: no report shows a status group before its first council
SIDE = {"china": "China-reported", "mirror": "mirror"}
OTHER = {"china": "mirror", "mirror": "china"}
ROLE = {"china": "as partner", "mirror": "as reporter"}  # whose report a China-partner cell comes from
GAPS = {
    "china exports": "China reported no exports to it",
    "china imports": "China reported no imports from it",
    "mirror exports": "did not report its imports from China (the mirror of China's exports)",
    "mirror imports": "did not report its exports to China (the mirror of China's imports)",
}
# the order the table reads in
KINDS = ["duplicated", "derived", "gap", "estimated", "area", "aggregates", "NA", "vintage", "revised"]
# indicator, the vintage compared with wdi-2026, its name, whether the difference is relative (else in points)
VINTAGE_CHECKS = [("population", "datahub-2026", "population", True), ("gdp", "datahub-2026", "GDP", True)]
VINTAGE_CHECKS.append(("gdp_growth", "wb-2021", "growth", False))
PATHS = {flow: f"data/{rel}" for flow, rel in data.DOTS_FILES.items()}  # the file each DOTS flow is read from
NOT_SHOWN = "none: no figure the reports show holds these cells (not in a group shown from this file then)"


def compact_years(years: Iterable[int]) -> str:
    """Years as runs: 2003, 2004, 2005, 2010 -> '2003–2005, 2010' ('' for none)."""
    y = np.unique(np.fromiter(years, dtype="int64"))
    step = np.diff(y) != 1  # where a run ends and the next begins
    first, last = y[np.r_[True, step][: len(y)]], y[np.r_[step, True][: len(y)]]
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in zip(first, last, strict=True))


def _text(values: pd.Series, spec: str) -> pd.Series:
    """Numbers as text, e.g. '{:,.1f}' (an empty column stays text)."""
    return values.map(spec.format).astype("string")


def _joined(values: pd.Series) -> str:
    """Distinct values in order of appearance, joined with commas."""
    return ", ".join(values.drop_duplicates().astype(str))


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """The problem columns, typed."""
    types = dict.fromkeys(COLUMNS, "string") | {"rows": "int64"}
    return frame.reindex(columns=COLUMNS).astype(types).reset_index(drop=True)


def _row(file: str, problem: str, entity: str, years: str, rows: int, effect: str) -> pd.DataFrame:
    """One problem as a typed one-row table."""
    return _table(pd.DataFrame([[file, problem, entity, years, rows, effect]], columns=COLUMNS))


def labels(codes: pd.DataFrame) -> pd.DataFrame:
    """IMF name -> code (ISO3, or the World Bank code of an aggregate such as WLD) and label 'AUS Australia'."""
    imf = countries.imf_codes(codes)
    return pd.DataFrame({"name": imf["imf_name"], "code": imf["code"], "label": imf["code"] + " " + imf["wb_name"]})


def label(names: pd.Series, codes: pd.DataFrame) -> pd.Series:
    """IMF names as 'AUS Australia'; a name the code table lacks stays as it is, marked."""
    found = names.to_frame("name").merge(labels(codes), on="name", how="left", validate="m:1")
    return found["label"].fillna(found["name"] + " (no ISO3 code)").set_axis(names.index)


def stack(raws: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Raw DOTS files (file -> rows) stacked, with `repeat` (its key came before) and `copy` (its values did too)."""
    raw = pd.concat([raw.assign(file=file) for file, raw in raws.items()], ignore_index=True)
    keys = ["file", "reporter", "partner", "year"]
    return raw.assign(repeat=raw.duplicated(keys), copy=raw.duplicated([*keys, "value", "estimated"]))


def duplicated_entities(raw: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Entities listed more than once for a year in a DOTS file (`raw` stacked), the years, whether repeats agree."""
    china = codes.loc[codes["iso3"] == trade.CHINA, "imf_name"].iloc[0]
    # in a file only China reports, the entity that repeats is its partner; elsewhere it is the reporter
    side = np.where(raw["reporter"].eq(china).groupby(raw["file"]).transform("all"), "partner", "reporter")
    cells = raw.assign(side=side, name=np.where(side == "partner", raw["partner"], raw["reporter"]))
    found = (
        cells.loc[cells["repeat"]]
        .assign(conflict=lambda d: ~d["copy"])
        .groupby(["file", "side", "name"], as_index=False)
        .agg(rows=("year", "size"), conflicts=("conflict", "sum"), years=("year", compact_years))
    )
    differ = found["conflicts"].astype(str) + " repeats differ in value: the load stops with a DataIntegrityError"
    effect = differ.where(found["conflicts"] > 0, "none: identical repeats, dropped on load")
    entity = label(found["name"], codes) + " as " + found["side"]
    return _table(found.assign(problem="listed more than once for the same year", entity=entity, effect=effect))


def estimated_runs(raw: pd.DataFrame, codes: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """Reporters with IMF-estimated cells: years all or partly estimated, and the share of `shown` figures on them."""
    estimated = raw["estimated"].str.strip().eq("e")
    cells = raw.assign(e=estimated).loc[~raw["copy"]]  # the cells as loaded: identical repeats count once
    keys = ["file", "reporter"]
    per_year = cells.groupby([*keys, "year"], as_index=False).agg(n=("e", "size"), e=("e", "sum")).query("e > 0")
    how = np.where(per_year["e"] == per_year["n"], "all", "partly")
    spans = per_year.assign(how=how).groupby([*keys, "how"], as_index=False).agg(years=("year", compact_years))
    runs = (spans["how"] + " estimated " + spans["years"]).groupby([spans["file"], spans["reporter"]]).agg("; ".join)
    found = (
        per_year.groupby(keys)
        .agg(years=("year", compact_years))
        .join([runs.rename("runs"), raw.loc[estimated].groupby(keys).size().rename("rows")])
        .join(estimate_effect(cells, shown, codes))
        .reset_index()
    )
    entity = label(found["reporter"], codes) + " as reporter"
    problem = "IMF estimates ('e'): " + found["runs"]
    return _table(found.assign(problem=problem, entity=entity, effect=found["effect"].fillna(NOT_SHOWN)))


def estimate_effect(cells: pd.DataFrame, shown: pd.DataFrame, codes: pd.DataFrame) -> pd.Series:
    """Per (file, reporter), the share of the figures shown that rests on its estimated cells, in words."""
    names = labels(codes).set_index("code")["name"]
    shown = shown.assign(reporter=shown["reporter_code"].map(names), partner=shown["partner_code"].map(names))
    inside = cells.merge(shown, on=["file", "year", "reporter", "partner"], how="inner", validate="m:1")
    figure_year = ["file", "figure", "year"]
    est = (
        inside.loc[inside["e"]]
        .groupby(["reporter", *figure_year], as_index=False)["value"]
        .sum()
        .merge(inside.groupby(figure_year, as_index=False)["value"].sum(), on=figure_year, validate="m:1")
    )
    per = est.groupby(["file", "reporter"]).agg(
        value=("value_x", "sum"), total=("value_y", "sum"), figure=("figure", _joined), years=("year", compact_years)
    )
    share = _text(per["value"] / per["total"] * 100, "{:.2f}") + " % of " + per["figure"] + " in " + per["years"]
    money = " (US$ " + _text(per["value"], "{:,.1f}") + " m of " + _text(per["total"], "{:,.1f}") + " m)"
    return pd.Series(share + money + " rests on these estimates", name="effect")


def shown_cells(held: pd.DataFrame) -> pd.DataFrame:
    """file, year, reporter_code, partner_code, figure: the DOTS cells in each figure shown, from `held` groups."""
    parts = []
    for (source, flow), (name, _) in trade.FLOW_FILES.items():  # the four files with China on one side
        china, other = ("reporter_code", "partner_code") if source == "china" else ("partner_code", "reporter_code")
        figure = f"China's {flow} with the " + held["group"] + f" ({SIDE[source]})"
        parts.append(held.assign(file=name, figure=figure, **{china: trade.CHINA}).rename(columns={"partner": other}))
    # the intra-SCO matrix: the members at each year's council, China included
    members = pd.concat([held.loc[held["group"] == "members"], held[["year"]].drop_duplicates()])
    members = members.fillna({"partner": trade.CHINA})[["year", "partner"]]
    pairs = members.merge(members, on="year", validate="m:m").query("partner_x != partner_y")
    matrix = pairs.rename(columns={"partner_x": "reporter_code", "partner_y": "partner_code"})
    parts += [matrix.assign(file=f, figure="the members' trade matrix") for f in ("intra_exports", "intra_imports")]
    shown = pd.concat(parts, ignore_index=True)
    return shown.assign(file=shown["file"].map(PATHS))[["file", "year", "reporter_code", "partner_code", "figure"]]


def reporting_gaps(flows: pd.DataFrame, held: pd.DataFrame, first: int, last: int, codes: pd.DataFrame) -> pd.DataFrame:
    """Countries of `held` (year, partner, group) with no figure for a year, per source and flow, and any stand-in."""
    keys = ["partner", "year", "source", "flow"]
    sides = pd.DataFrame([(s, f, PATHS[n]) for (s, f), (n, _) in trade.FLOW_FILES.items()], columns=[*keys[2:], "file"])
    grid = (
        held.loc[held["year"].between(first, last)]
        .merge(sides, how="cross")
        .merge(flows[[*keys, "value_musd"]], on=keys, how="left", validate="1:1")
    )
    other = grid.assign(source=grid["source"].map(OTHER))[[*keys, "value_musd"]].rename(columns={"value_musd": "o"})
    grid = grid.merge(other, on=keys, how="left", validate="1:1")
    spec = {"rows": ("year", "size"), "years": ("year", compact_years), "o": ("o", "sum"), "seen": ("o", "count")}
    # the other side's figure for the whole group that year, against which a stand-in is weighed
    total = grid.groupby(["group", "year", "source", "flow"])["o"].transform("sum").where(grid["o"].notna())
    found = (
        grid.assign(total=total)
        .loc[grid["value_musd"].isna()]
        .groupby(["file", "source", "flow", "partner"], as_index=False)
        .agg(**spec, total=("total", "sum"), group=("group", _joined))
    )
    figure = "China's " + found["flow"] + " with the " + found["group"] + " ("
    names = codes.loc[codes["kind"] == "country"].set_index("iso3")["wb_name"]
    money = " reports US$ " + _text(found["o"], "{:,.1f}") + " m for it in " + found["seen"].astype(str)
    share = " of these years, " + _text(found["o"] / found["total"] * 100, "{:.2f}") + " % of " + figure
    stand_in = "; " + found["partner"].where(found["source"] == "china", "China") + money + share
    neither = "; the other side has no figure for it either"
    stand_in = (stand_in + found["source"].map(OTHER).map(SIDE) + ")").where(found["seen"] > 0, neither)
    gap = figure + found["source"].map(SIDE) + ") leaves it out (missing, not zero)"
    entity = found["partner"] + " " + found["partner"].map(names) + " " + found["source"].map(ROLE)
    problem = (found["source"] + " " + found["flow"]).map(GAPS)
    return _table(found.assign(problem=problem, entity=entity, effect=gap + stand_in))


def aggregate_rows(table: pd.DataFrame, file: str) -> pd.DataFrame:
    """The aggregates (World, regions, income groups) a World Bank file lists among its countries."""
    found = table.loc[table["kind"] == "aggregate"]
    problem = f"{found['wb_code'].nunique()} aggregates (World, regions, income groups) among the countries"
    effect = "none: kept apart; shares use the World (WLD) row only"
    return _row(file, problem, "", compact_years(found["year"]), len(found), effect)


def literal_na(raw: pd.DataFrame, file: str, codes: pd.DataFrame) -> pd.DataFrame:
    """The two meanings of the string NA in the 2021 growth file: a missing value, and Namibia's ISO2 code."""
    missing, namibia = raw.loc[raw["VALUE"] == "NA"], raw.loc[raw["ISO"] == "NA"]
    who = codes.loc[codes["iso2"] == "NA"]
    gone = f"none: read as missing ({missing['ISO'].nunique()} economies), never as a number"
    kept = f"none: read with keep_default_na=False: {len(namibia)} rows kept, {(namibia['VALUE'] != 'NA').sum()} valued"
    na_years, its_years = (compact_years(rows["YEAR"].astype(int)) for rows in (missing, namibia))
    first = _row(file, "missing values written as the string NA", "", na_years, len(missing), gone)
    entity = _joined(who["iso3"] + " " + who["wb_name"])
    second = _row(file, "ISO2 code is the string NA", entity, its_years, len(namibia), kept)
    return pd.concat([first, second], ignore_index=True)


def vintage_difference(a: pd.Series, b: pd.Series, file: str, what: str, relative: bool) -> pd.DataFrame:
    """Years in which two vintages' World values differ (in %, or by over 0.005 points), and the largest gap."""
    common = a.index.intersection(b.index)
    diff = (a[common] - b[common]).abs() / (a[common].abs() / 100 if relative else 1)
    differ = diff[diff > (0 if relative else 0.005)]
    most = f"{differ.max():.2f} {'%' if relative else 'percentage points'} ({differ.idxmax()})" if len(differ) else ""
    effect = f"World {what} differs by up to {most}: figures using it follow the vintage chosen" if most else "none"
    problem = f"World {what} differs between vintages"
    return _row(file, problem, "WLD World", compact_years(differ.index), len(differ), effect)


def area_outliers(codes: pd.DataFrame) -> pd.DataFrame:
    """Countries whose surface area the WDI file puts far above their land area, with the cited correction where
    one replaces it, and the compared organisations whose surface area the excess counts in."""
    found = anomalies.surface_outliers()
    when = organisations.VALID_DATES[1]  # the organisations as the membership file last describes them
    compared = organisations.members(when).loc[lambda m: m["org_id"].isin(organisations.contest()["org_id"])]
    orgs = compared.groupby("iso3")["org_id"].agg(lambda s: ", ".join(sorted(s)))
    per = found.groupby(["iso3", "country"], as_index=False).agg(
        years=("year", compact_years),
        rows=("year", "size"),
        ratio=("ratio", "max"),
        excess=("surface", "max"),
        land=("land", "min"),
        corrected=("corrected", "max"),
    )
    within = per["iso3"].map(orgs).fillna("")
    extra = _text(per["excess"] - per["corrected"].fillna(per["land"]), "{:,.0f}")
    fixed = "corrected on load from data/" + data.CORRECTIONS_FILE + " (" + _text(per["corrected"], "{:,.0f}")
    fixed = fixed + " km², an official total); as filed it would add " + extra + " km² to " + within
    left = "not corrected (no official total cited): up to " + extra + " km² above the land area count in " + within
    effect = (fixed.where(per["corrected"].notna(), left) + " (surface-area readings)").where(
        per["corrected"].notna() | (within != ""), "none: in no organisation compared"
    )
    problem = "surface area up to " + _text(per["ratio"], "{:.2f}") + " times the land area in the same file"
    entity = per["iso3"] + " " + per["country"]
    file = f"data/{data.VINTAGES[data.DEFAULT_VINTAGE]['surface_area']}"
    return _table(per.assign(file=file, problem=problem, entity=entity, effect=effect))


def derived_mirrors(held: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Partners whose 'mirror' figures are China's own times or over the CIF/FOB factor, and the groups whose mirror
    figures rest on them (a check of China's figures against itself)."""
    found = anomalies.derived_mirrors().merge(held, on=["partner", "year"], how="left", validate="many_to_many")
    per = found.groupby(["partner", "flow"], as_index=False).agg(
        years=("year", compact_years),
        rows=("year", "nunique"),
        marked=("estimated", "all"),
        group=("group", lambda g: _joined(g.dropna())),
    )
    names = codes.loc[codes["kind"] == "country"].set_index("iso3")["wb_name"]
    how = per["flow"].map({"imports": "China's imports from it divided by", "exports": "China's exports to it times"})
    side = per["flow"].map({"imports": "exports to China", "exports": "imports from China"})
    mark = per["marked"].map({True: "marked 'e'", False: "not marked as estimates"})
    problem = "its " + side + " are " + how + f" {anomalies.CIF_FOB_FACTOR} (the IMF's CIF/FOB factor), " + mark
    towards = per["flow"].map({"imports": " from the ", "exports": " to the "})
    groups_shown = "the mirror side of China's " + per["flow"] + towards + per["group"] + " rests on China's own "
    effect = (groups_shown + "figure for it: it cannot confirm China's").where(per["group"] != "", NOT_SHOWN)
    file = per["flow"].map({"imports": PATHS["exports_to_china"], "exports": PATHS["imports_from_china"]})
    entity = per["partner"] + " " + per["partner"].map(names).fillna("") + " as reporter"
    return _table(per.assign(file=file, problem=problem, entity=entity, effect=effect))


def country_revisions(held: pd.DataFrame, last: int) -> pd.DataFrame:
    """Countries that have held an SCO status whose population or GDP two releases give more than 5 % apart, and
    what that does to the group shares."""
    codes = sorted(set(held["partner"]) | {trade.CHINA})
    parts = []
    for indicator, name in (("population", "population"), ("gdp", "GDP")):
        found = anomalies.revisions(indicator, codes, FIRST, last)
        if found.empty:
            continue
        largest = found.loc[found["difference"].abs().groupby(found["iso3"]).idxmax()]
        per = found.groupby(["iso3", "country"], as_index=False).agg(
            years=("year", compact_years), rows=("year", "size")
        )
        per = per.merge(largest[["iso3", "year", "difference"]], on="iso3", validate="one_to_one")
        effect = (
            "up to " + _text(per["difference"] * 100, "{:+.1f}") + " % in " + per["year"].astype(str) + f" in "
            f"datahub-2026: the {name} shares of groups with it follow the release chosen"
        )
        file = f"data/{data.VINTAGES['wdi-2026'][indicator]} vs data/{data.VINTAGES['datahub-2026'][indicator]}"
        problem = f"{name} differs by more than {anomalies.REVISION_SHARE * 100:.0f} % between the two releases"
        parts.append(per.assign(file=file, problem=problem, entity=per["iso3"] + " " + per["country"], effect=effect))
    return _table(pd.concat(parts, ignore_index=True)) if parts else _table(pd.DataFrame(columns=COLUMNS))


@lru_cache(maxsize=4)
def groups_by_year(first: int, last: int) -> pd.DataFrame:
    """year, partner, group: each status group at that year's council, China left out ('all' is their union)."""
    found = partners.status_partners_by_year(first, last, [g for g in groups.names() if g != groups.ALL])
    return found.reset_index(drop=True).astype({"year": "int64", "partner": "string", "group": "string"})


@lru_cache(maxsize=1)
def dots_stacked() -> pd.DataFrame:
    """The six raw DOTS files, stacked and marked (see `stack`)."""
    return stack({PATHS[flow]: data.dots_raw(flow) for flow in data.DOTS_FILES})


@lru_cache(maxsize=1)
@stored(every_file)  # drawn from every file: parsed and checked once per change of data or code, then read back
def problems() -> pd.DataFrame:
    """Every known problem of the sources, named, with its effect on the figures shown (those with one first)."""
    codes, last, raw = countries.country_codes(), trade.years()[-1], dots_stacked()
    held = groups_by_year(FIRST, last)
    wb = {f"data/{rel}": data.indicator_table(n, v) for v, files in data.VINTAGES.items() for n, rel in files.items()}
    files = {n: f"data/{data.VINTAGES['wdi-2026'][n]} vs data/{data.VINTAGES[v][n]}" for n, v, _, _ in VINTAGE_CHECKS}
    vintage = [
        vintage_difference(data.world(n, "wdi-2026"), data.world(n, v), files[n], w, r) for n, v, w, r in VINTAGE_CHECKS
    ]
    found = {
        "duplicated": [duplicated_entities(raw, codes)],
        "derived": [derived_mirrors(held, codes)],
        "gap": [reporting_gaps(trade.flows(), held, FIRST, last, codes)],
        "estimated": [estimated_runs(raw, codes, shown_cells(held))],
        "area": [area_outliers(codes)],
        "aggregates": [aggregate_rows(table, file) for file, table in wb.items()],
        "NA": [literal_na(data.wb_2021_raw(), f"data/{data.VINTAGES['wb-2021']['gdp_growth']}", codes)],
        "vintage": vintage,
        "revised": [country_revisions(held, last)],
    }
    table = pd.concat([pd.concat(parts).assign(kind=KINDS.index(k)) for k, parts in found.items()], ignore_index=True)
    table = table.assign(unchanged=table["effect"].str.startswith("none"))
    return _table(table.sort_values(["kind", "unchanged", "file", "entity", "problem"], kind="stable"))
