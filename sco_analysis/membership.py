"""Who had which SCO status when: the one place that knows membership, derived only from the events table."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from . import countries, data, summits
from .errors import SchemaError, ValidationError, did_you_mean

EVENTS_FILE = "sco-timeline/sco_membership_events.csv"
AMENDMENTS_FILE = "curated/membership_events_amendments.csv"
EVENT_COLUMNS = ["date", "iso3", "country", "event", "status_from", "status_to", "summit_place", "source_url",
                 "verification"]
# status_to values in the table; "(acceding)" marks an observer whose accession procedure is under way
RAW_STATUSES = ["Shanghai Five member", "member", "observer", "observer (acceding)", "dialogue partner"]
STATUSES = ["member", "observer", "dialogue partner"]  # SCO statuses; "Shanghai Five member" precedes them
GROUPS = {
    "members": ("member",),
    "observers": ("observer",),
    "dialogue partners": ("dialogue partner",),
    "members+observers": ("member", "observer"),
    "all": ("member", "observer", "dialogue partner"),
}


def _explode(events: pd.DataFrame) -> pd.DataFrame:
    """One row per country: the source lists several countries in one row, separated by ';'."""
    iso3 = events["iso3"].str.split(";")
    names = events["country"].str.split(";")
    if (iso3.str.len() != names.str.len()).any():
        raise SchemaError(f"data/{EVENTS_FILE}: a row lists a different number of ISO3 codes and country names.")
    return (events.assign(iso3=iso3, country=names)
            .explode(["iso3", "country"], ignore_index=True)
            .assign(iso3=lambda d: d["iso3"].str.strip(), country=lambda d: d["country"].str.strip()))


def _amend(events: pd.DataFrame, amendments: pd.DataFrame) -> pd.DataFrame:
    """Apply curated corrections (action=correct, keyed by date+iso3) and additions (action=add)."""
    actions = set(amendments["action"])
    if actions - {"add", "correct"}:
        raise SchemaError(f"data/{AMENDMENTS_FILE}: unknown actions {sorted(actions - {'add', 'correct'})}; "
                          "use add or correct.")
    fixes = amendments.loc[amendments["action"] == "correct"].drop(columns="action")
    key = ["date", "iso3"]
    unmatched = fixes.merge(events[key], on=key, how="left", indicator=True).loc[lambda d: d["_merge"] == "left_only"]
    if not unmatched.empty:
        raise SchemaError(f"data/{AMENDMENTS_FILE}: corrections match no event: "
                          f"{unmatched[key].to_dict('records')}.")
    kept = events.merge(fixes[key], on=key, how="left", indicator=True).loc[lambda d: d["_merge"] == "left_only"]
    added = amendments.loc[amendments["action"] == "add"].drop(columns="action")
    return (pd.concat([kept.drop(columns="_merge").assign(origin="source"),
                       fixes.assign(origin="corrected"), added.assign(origin="added")], ignore_index=True)
            .astype({"origin": "string"}))


def validate_events(events: pd.DataFrame) -> pd.DataFrame:
    """Check the schema and that every status change starts from the status the country actually had."""
    where = f"data/{EVENTS_FILE} (+ data/{AMENDMENTS_FILE})"
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise SchemaError(f"{where}: missing columns {missing}.")
    bad = events.loc[~events["status_to"].isin(RAW_STATUSES), "status_to"]
    if not bad.empty:
        raise SchemaError(f"{where}: unknown status_to {sorted(set(bad))}; allowed: {RAW_STATUSES}.")
    bad = events.loc[~events["status_from"].isin(RAW_STATUSES + [""]), "status_from"]
    if not bad.empty:
        raise SchemaError(f"{where}: unknown status_from {sorted(set(bad))}; allowed: {RAW_STATUSES} or empty.")
    known = set(countries.iso3_codes())
    unknown = sorted(set(events["iso3"]) - known)
    if unknown:
        raise SchemaError(f"{where}: ISO3 codes not in data/country_codes.csv: {unknown}.")
    if events["source_url"].eq("").any() or events["verification"].eq("").any():
        rows = events.loc[events["source_url"].eq("") | events["verification"].eq(""), ["date", "iso3"]]
        raise SchemaError(f"{where}: rows without source_url or verification: {rows.to_dict('records')}.")
    # an observer in accession is still an observer, so "(acceding)" is not part of the status compared
    base = events[["status_from", "status_to"]].apply(lambda s: s.str.replace(" (acceding)", "", regex=False))
    ordered = events.assign(base_from=base["status_from"], base_to=base["status_to"]).sort_values(["iso3", "date"],
                                                                                                  kind="stable")
    previous = ordered.groupby("iso3")["base_to"].shift().fillna("")
    broken = ordered.loc[previous != ordered["base_from"]]
    if not broken.empty:
        row = broken.iloc[0]
        raise SchemaError(f"{where}: {row['iso3']} on {row['date'].date()} changes from {row['status_from']!r} "
                          f"but its status was {previous.loc[row.name]!r}.")
    return events


@lru_cache(maxsize=1)
def events() -> pd.DataFrame:
    """Status changes, one row per country, in date order, with the date the current status began (`since`)."""
    source = data.read_curated(EVENTS_FILE)
    if not pd.to_datetime(source["date"], format="%Y-%m-%d").is_monotonic_increasing:
        raise SchemaError(f"data/{EVENTS_FILE}: rows are not in date order.")
    table = (_amend(_explode(source), _explode(data.read_curated(AMENDMENTS_FILE)))
             .assign(date=lambda d: pd.to_datetime(d["date"], format="%Y-%m-%d"))
             .sort_values(["date", "iso3"], kind="stable")
             .reset_index(drop=True)
             .pipe(validate_events)
             .assign(status=lambda d: d["status_to"].str.replace(" (acceding)", "", regex=False),
                     acceding=lambda d: d["status_to"].str.endswith("(acceding)")))
    # a status "began" at the first event of the latest unbroken run of that status (acceding observers stay observers)
    run = (table.sort_values(["iso3", "date"], kind="stable")
           .assign(run=lambda d: d["status"].ne(d.groupby("iso3")["status"].shift()).fillna(True).astype("int64"))
           .assign(run=lambda d: d.groupby("iso3")["run"].cumsum()))
    since = run.groupby(["iso3", "run"])["date"].transform("min")
    return table.assign(since=since.reindex(table.index))


def founding_date() -> pd.Timestamp:
    """The day the SCO was founded: the first event that gives any country the status 'member'."""
    table = events()
    return table.loc[table["status"] == "member", "date"].min()


def last_accession(before: str | dt.date | pd.Timestamp) -> tuple[pd.Timestamp, list[str]]:
    """The latest date before `before` on which countries became members after the founding, and who joined."""
    table = events()
    joins = table.loc[(table["status"] == "member") & (table["date"] > founding_date())
                      & (table["date"] < pd.Timestamp(before))]
    if joins.empty:
        raise ValidationError(f"no country joined the SCO after its founding and before {pd.Timestamp(before).date()}.")
    last = joins["date"].max()
    return last, sorted(joins.loc[joins["date"] == last, "iso3"])


def valid_range() -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates the data describe: the first event (the Shanghai Five formed) to the end of the last event or summit."""
    table = events()
    return table["date"].min(), max(table["date"].max(), summits.summits()["end_date"].max())


def valid_date(date: str | dt.date | pd.Timestamp) -> pd.Timestamp:
    """`date` as a Timestamp, or a ValidationError naming the valid range."""
    first, last = valid_range()
    span = (f"give a date YYYY-MM-DD from {first.date()} (the first Shanghai Five summit) to {last.date()} "
            "(the end of the data)")
    try:
        when = pd.Timestamp(date)
    except (ValueError, TypeError):
        raise ValidationError(f"{date!r} is not a date; {span}.") from None
    if pd.isna(when):
        raise ValidationError(f"{date!r} is not a date; {span}.")
    if when < first:
        raise ValidationError(f"{when.date()} is before {first.date()}: there was no Shanghai Five yet; {span}.")
    if when > last:
        raise ValidationError(f"{when.date()} is after the last event in the data; {span}.")
    return when.normalize()


def status_as_of(date: str | dt.date | pd.Timestamp) -> pd.DataFrame:
    """Every country with a status on `date`: iso3, country, status, since, acceding (observers in accession)."""
    when = valid_date(date)
    order = {s: i for i, s in enumerate(["Shanghai Five member"] + STATUSES)}
    return (events()
            .loc[lambda e: e["date"] <= when]
            .groupby("iso3", as_index=False).last()
            .assign(rank=lambda d: d["status"].map(order))
            .sort_values(["rank", "since", "iso3"], kind="stable")
            [["iso3", "country", "status", "since", "acceding"]]
            .reset_index(drop=True))


def counts_as_of(date: str | dt.date | pd.Timestamp) -> pd.Series:
    """How many members, observers and dialogue partners on `date` (Shanghai Five members before 2001-06-15)."""
    status = status_as_of(date)["status"]
    labels = STATUSES if valid_date(date) >= founding_date() else ["Shanghai Five member"]
    return status.value_counts().reindex(labels, fill_value=0).astype("int64").rename("count")


def members_as_of(date: str | dt.date | pd.Timestamp) -> list[str]:
    """ISO3 codes of the members on `date`, sorted (the Shanghai Five before the SCO was founded)."""
    status = status_as_of(date)
    wanted = "member" if valid_date(date) >= founding_date() else "Shanghai Five member"
    return sorted(status.loc[status["status"] == wanted, "iso3"])


def resolve_group(group: str | Iterable[str], as_of: str | dt.date | pd.Timestamp) -> list[str]:
    """ISO3 codes of a group: a status group name (members, observers, ...) as of a date, or ISO3 codes."""
    if isinstance(group, str) and group in GROUPS:
        wanted = GROUPS[group]
        status = status_as_of(as_of)
        if valid_date(as_of) < founding_date() and "member" in wanted:
            wanted = wanted + ("Shanghai Five member",)
        codes = sorted(status.loc[status["status"].isin(wanted), "iso3"])
        if not codes:
            raise ValidationError(f"group {group!r} is empty on {valid_date(as_of).date()}; "
                                  f"valid groups: {', '.join(GROUPS)}, or a list of ISO3 codes.")
        return codes
    raw = [c.strip() for c in (group.split(",") if isinstance(group, str) else group)]
    codes = [c.upper() for c in raw]
    codes = [c for c in codes if c]
    if not codes:
        raise ValidationError(f"the group is empty; valid groups: {', '.join(GROUPS)}, or a list of ISO3 codes.")
    known = countries.iso3_codes()
    unknown = [c for c in codes if c not in known]
    if unknown:
        first = raw[codes.index(unknown[0])]
        hint = did_you_mean(first.upper(), known) if len(first) == 3 else did_you_mean(first.lower(), list(GROUPS))
        raise ValidationError(f"unknown group or ISO3 code {unknown}; valid groups: {', '.join(GROUPS)}, "
                              f"or ISO3 codes from data/country_codes.csv.{hint}")
    return sorted(dict.fromkeys(codes))


def status_spans() -> pd.DataFrame:
    """Each country's status over time: iso3, country, status, acceding, start, end (end of data for the last)."""
    _, last = valid_range()
    table = events().sort_values(["iso3", "date"], kind="stable")
    return (table.assign(start=table["date"],
                         end=table.groupby("iso3")["date"].shift(-1).fillna(last))
            [["iso3", "country", "status", "acceding", "start", "end"]]
            .reset_index(drop=True))


def counts_over_time() -> pd.DataFrame:
    """Member/observer/dialogue-partner counts after each event date, from 1996 to the end of the data."""
    dates = pd.DatetimeIndex(sorted(set(events()["date"]))).append(pd.DatetimeIndex([valid_range()[1]]))
    spans = status_spans()
    rows = {d: spans.loc[(spans["start"] <= d) & (spans["end"] > d)]["status"].value_counts() for d in dates[:-1]}
    frame = pd.DataFrame(rows).T.reindex(columns=["Shanghai Five member"] + STATUSES).fillna(0).astype("int64")
    last = frame.iloc[[-1]].set_axis([dates[-1]])
    return pd.concat([frame, last]).rename_axis("date")


def summary_sentence(date: str | dt.date | pd.Timestamp) -> str:
    """'On 2018-06-09 the SCO had 8 members, 4 observers and 6 dialogue partners.' (or the Shanghai Five)."""
    when = valid_date(date)
    counts = counts_as_of(when)
    if when < founding_date():
        return (f"On {when.date()} the Shanghai Five had {counts['Shanghai Five member']} members; the SCO was founded "
                f"on {founding_date().date()}.")
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()]
    return f"On {when.date()} the SCO had {', '.join(parts[:-1])} and {parts[-1]}."


def change_years(first: int, last: int) -> list[int]:
    """Years (first < year <= last) in which any country's status changed: where charts mark membership changes."""
    return sorted({int(d.year) for d in events()["date"] if first < d.year <= last})
