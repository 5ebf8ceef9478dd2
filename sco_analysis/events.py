"""The table of SCO status changes: the vendored events, one row per country, amended by the curated corrections
and additions, dated by the council's decision or by the signing of the memorandum, and checked (every change
starts from the status the country had)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from . import countries, data, statuses
from .errors import SchemaError, ValidationError
from .store import stored

EVENTS_FILE = "sco-timeline/sco_membership_events.csv"
AMENDMENTS_FILE = "curated/membership_events_amendments.csv"
MEMORANDA_FILE = "curated/status_memoranda.csv"
REVIEW_FILE = "curated/timeline_review.csv"
EVENT_COLUMNS = [
    "date",
    "iso3",
    "country",
    "event",
    "status_from",
    "status_to",
    "summit_place",
    "source_url",
    "verification",
]
# how a grant of dialogue-partner status is dated: the council's decision, or the signing of the memorandum
DATINGS = ("decision", "memorandum")
DEFAULT_DATING = "decision"


def _explode(events: pd.DataFrame) -> pd.DataFrame:
    """One row per country: the source lists several countries in one row, separated by ';'."""
    iso3 = events["iso3"].str.split(";")
    names = events["country"].str.split(";")
    if (iso3.map(len) != names.map(len)).any():
        raise SchemaError(f"data/{EVENTS_FILE}: a row lists a different number of ISO3 codes and country names.")
    return (
        events.assign(iso3=iso3, country=names)
        .explode(["iso3", "country"], ignore_index=True)
        .assign(iso3=lambda d: d["iso3"].str.strip(), country=lambda d: d["country"].str.strip())
    )


def _amend(events: pd.DataFrame, amendments: pd.DataFrame) -> pd.DataFrame:
    """Apply curated corrections (action=correct, keyed by date+iso3) and additions (action=add), in file order."""
    actions = set(amendments["action"])
    if actions - {"add", "correct"}:
        raise SchemaError(
            f"data/{AMENDMENTS_FILE}: unknown actions {sorted(actions - {'add', 'correct'})}; use add or correct."
        )
    fixes = amendments.loc[amendments["action"] == "correct"].drop(columns="action")
    key = ["date", "iso3"]
    unmatched = fixes.merge(events[key], on=key, how="left", indicator=True).loc[lambda d: d["_merge"] == "left_only"]
    if not unmatched.empty:
        raise SchemaError(f"data/{AMENDMENTS_FILE}: corrections match no event: {unmatched[key].to_dict('records')}.")
    kept = events.merge(fixes[key], on=key, how="left", indicator=True).loc[lambda d: d["_merge"] == "left_only"]
    added = amendments.loc[amendments["action"] == "add"].drop(columns="action")
    return pd.concat(
        [
            kept.drop(columns="_merge").assign(origin="source"),
            fixes.assign(origin="corrected"),
            added.assign(origin="added"),
        ],
        ignore_index=True,
    ).astype({"origin": "string"})


def validate(events: pd.DataFrame) -> pd.DataFrame:
    """Check the schema and that every status change starts from the status the country actually had."""
    where = f"data/{EVENTS_FILE} (+ data/{AMENDMENTS_FILE})"
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise SchemaError(f"{where}: missing columns {missing}.")
    allowed = statuses.names()
    base = events[["status_from", "status_to"]].apply(lambda s: s.str.removesuffix(statuses.ACCEDING))
    bad = events.loc[~base["status_to"].isin(allowed), "status_to"]
    if not bad.empty:
        raise SchemaError(
            f"{where}: unknown status_to {sorted(set(bad))}; allowed: {allowed} (see data/"
            f"{statuses.STATUSES_FILE}), optionally with '{statuses.ACCEDING.strip()}'."
        )
    bad = events.loc[~base["status_from"].isin([*allowed, ""]), "status_from"]
    if not bad.empty:
        raise SchemaError(f"{where}: unknown status_from {sorted(set(bad))}; allowed: {allowed} or empty.")
    unknown = sorted(set(events["iso3"]) - set(countries.iso3_codes()))
    if unknown:
        raise SchemaError(f"{where}: ISO3 codes not in data/country_codes.csv: {unknown}.")
    if events["source_url"].eq("").any() or events["verification"].eq("").any():
        rows = events.loc[events["source_url"].eq("") | events["verification"].eq(""), ["date", "iso3"]]
        raise SchemaError(f"{where}: rows without source_url or verification: {rows.to_dict('records')}.")
    # an observer in accession is still an observer, so "(acceding)" is not part of the status compared
    ordered = events.assign(base_from=base["status_from"], base_to=base["status_to"]).sort_values(
        ["iso3", "date", "seq"], kind="stable"
    )
    previous = ordered.groupby("iso3")["base_to"].shift().fillna("")
    broken = ordered.loc[previous != ordered["base_from"]]
    if not broken.empty:
        first = broken.index[0]
        row = broken.loc[first]
        raise SchemaError(
            f"{where}: {row['iso3']} on {row['date'].date()} changes from {row['status_from']!r} "
            f"but its status was {previous.loc[first]!r}."
        )
    return events


@lru_cache(maxsize=1)
def memoranda() -> pd.DataFrame:
    """When each dialogue partner signed the memorandum granting its status: the day where it is known, else the
    first and last days it can have been signed (not_before, not_after; not_after missing where no signing was
    found), NaT where not known."""
    raw = data.read_curated(MEMORANDA_FILE)
    day = {
        c: pd.to_datetime(raw[c].replace("", None), format="%Y-%m-%d")
        for c in ("memorandum_date", "not_before", "not_after")
    }
    return raw.assign(decision_date=pd.to_datetime(raw["decision_date"], format="%Y-%m-%d"), **day)


def check_dating(dating: str) -> str:
    """`dating` if it is a known convention, else a ValidationError naming both."""
    if dating not in DATINGS:
        raise ValidationError(
            f"unknown dating {dating!r}; date a status from the council's 'decision' or from the signing of the "
            f"'memorandum' (valid: {', '.join(DATINGS)})."
        )
    return dating


def _decision_table() -> pd.DataFrame:
    """Every status change dated by the council's decision, with the memorandum date of each grant beside it."""
    source = data.read_curated(EVENTS_FILE)
    if not pd.to_datetime(source["date"], format="%Y-%m-%d").is_monotonic_increasing:
        raise SchemaError(f"data/{EVENTS_FILE}: rows are not in date order.")
    columns = ["iso3", "decision_date", "memorandum_date", "day", "not_before", "not_after"]
    grants = memoranda()[columns].rename(columns={"decision_date": "date"})
    return (
        _amend(_explode(source), _explode(data.read_curated(AMENDMENTS_FILE)))
        .assign(date=lambda d: pd.to_datetime(d["date"], format="%Y-%m-%d"), seq=lambda d: range(len(d)))
        .merge(
            grants.assign(status_to="dialogue partner"),
            on=["iso3", "date", "status_to"],
            how="left",
            validate="many_to_one",
        )
        .rename(columns={"date": "decision_date", "day": "memorandum_day"})
    )


def _table_files(dating: str = DEFAULT_DATING) -> list[str]:
    return [EVENTS_FILE, AMENDMENTS_FILE, MEMORANDA_FILE, statuses.STATUSES_FILE, "country_codes.csv"]


@lru_cache(maxsize=2)
@stored(_table_files)
def table(dating: str = DEFAULT_DATING) -> pd.DataFrame:
    """Status changes, one row per country, in date order, dated by `dating`, with the date the current status began
    (`since`). By memorandum, a grant is dated by the signing where its day is known, by the last day it was
    certainly signed where only bounds are known (`dated_by` says which), and left out, with the country's later
    changes, where no signing was found."""
    check_dating(dating)
    changes = _decision_table()
    by_memorandum = dating == "memorandum"
    grant = changes["status_to"].eq("dialogue partner")
    known = by_memorandum & changes["memorandum_date"].notna()
    bounded = by_memorandum & grant & changes["memorandum_date"].isna() & changes["not_after"].notna()
    dated_by = pd.Series("decision", index=changes.index, dtype="string")
    dated_by = dated_by.mask(known, "memorandum").mask(bounded, "memorandum, by the last day it can have been signed")
    date = changes["memorandum_date"].where(known, changes["not_after"].where(bounded, changes["decision_date"]))
    if by_memorandum:  # no signing found: the status never began by this convention, nor what followed from it
        unsigned = changes.loc[grant & changes["memorandum_date"].isna() & changes["not_after"].isna()]
        first = unsigned.groupby("iso3")["decision_date"].min()
        later = changes["iso3"].map(first).le(changes["decision_date"])
        changes, dated_by, date = changes.loc[~later], dated_by.loc[~later], date.loc[~later]
    table = (
        changes.assign(date=date, dated_by=dated_by)
        .sort_values(["date", "seq"], kind="stable")
        .reset_index(drop=True)
        .pipe(validate)
        .assign(
            status=lambda d: d["status_to"].str.removesuffix(statuses.ACCEDING),
            acceding=lambda d: d["status_to"].str.endswith(statuses.ACCEDING),
        )
    )
    # a status "began" at the first event of the latest unbroken run of that status (acceding observers stay observers)
    run = (
        table.sort_values(["iso3", "date", "seq"], kind="stable")
        .assign(run=lambda d: d["status"].ne(d.groupby("iso3")["status"].shift()).fillna(True).astype("int64"))
        .assign(run=lambda d: d.groupby("iso3")["run"].cumsum())
    )
    since = run.groupby(["iso3", "run"])["date"].transform("min")
    return table.assign(since=since.reindex(table.index))


def founding_date() -> pd.Timestamp:
    """The day the SCO was founded: the first event that gives any country the status 'member'."""
    changes = table()
    return pd.Timestamp(changes.loc[changes["status"] == "member", "date"].min())


def last_accession(before: str | dt.date | pd.Timestamp) -> tuple[pd.Timestamp, list[str]]:
    """The latest date before `before` on which countries became members after the founding, and who joined."""
    changes = table()
    joins = changes.loc[
        (changes["status"] == "member") & (changes["date"] > founding_date()) & (changes["date"] < pd.Timestamp(before))
    ]
    if joins.empty:
        raise ValidationError(f"no country joined the SCO after its founding and before {pd.Timestamp(before).date()}.")
    last = joins["date"].max()
    return last, sorted(joins.loc[joins["date"] == last, "iso3"])


@lru_cache(maxsize=1)
def reviewed_through() -> pd.Timestamp:
    """The last day the event tables were reviewed for: events after it are not in the data."""
    return pd.Timestamp(data.read_curated(REVIEW_FILE)["reviewed_through"].iloc[0])
