"""Who had which SCO status when: statuses, counts and groups on any date up to today, derived only from the
events table (statuses after the last reviewed day are those in force on it)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from . import events, statuses, summits, wording
from .errors import ValidationError
from .reporting.errors import shown

When = str | dt.date | pd.Timestamp


def today() -> pd.Timestamp:
    """Today's date: the latest date a status can be asked for (the clock is read here only)."""
    return pd.Timestamp(dt.date.today())


def data_end() -> pd.Timestamp:
    """The last day the data describe: the review date of the event tables, or the last event or summit if later."""
    last_event, last_summit = events.table()["date"].max(), summits.summits()["end_date"].max()
    return pd.Timestamp(max(events.reviewed_through(), last_event, last_summit))


def valid_range() -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates a status can be asked for: the first event (the Shanghai Five formed) to today."""
    return events.table()["date"].min(), today()


def valid_date(date: When) -> pd.Timestamp:
    """`date` as a Timestamp, or a ValidationError naming the valid range."""
    first, last = valid_range()
    span = f"give a date YYYY-MM-DD from {first.date()} (the first Shanghai Five summit) to today, {last.date()}"
    if isinstance(date, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{8}", date.strip()):
        # ISO 8601's extended and basic forms only: pandas reads '-2017' and '2018-06-09T00:00:00Z' too, as a
        # year before Christ and a time in a zone
        raise ValidationError(f"{shown(date)} is not a date YYYY-MM-DD; {span}.")
    try:
        when = pd.Timestamp(date)
    except (ValueError, TypeError, OverflowError, NotImplementedError):
        raise ValidationError(f"{shown(date)} is not a date; {span}.") from None
    if pd.isna(when):
        raise ValidationError(f"{shown(date)} is not a date; {span}.")
    if when.tzinfo is not None:
        raise ValidationError(f"{shown(date)} has a time zone; {span}, without a time.")
    if when < first:
        raise ValidationError(f"{when.date()} is before {first.date()}: there was no Shanghai Five yet; {span}.")
    if when.normalize() > last:
        raise ValidationError(f"{when.date()} is in the future; {span}.")
    return when.normalize()


def statuses_on(dates: Iterable[When], dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """Every country's status on each of `dates`, in one pass: date, iso3, country, status, since, acceding,
    dated_by."""
    query = pd.DataFrame({"date": pd.DatetimeIndex([valid_date(d) for d in dates]).unique().sort_values()})
    changes = events.table(dating).sort_values(["date", "seq"], kind="stable")
    grid = query.merge(changes[["iso3"]].drop_duplicates(), how="cross").sort_values("date", kind="stable")
    # the last change on or before each date (changes on one day apply in table order: merge_asof takes the last)
    found = pd.merge_asof(
        grid,
        changes[["date", "iso3", "country", "status", "since", "acceding", "dated_by"]].rename(columns={"date": "on"}),
        left_on="date",
        right_on="on",
        by="iso3",
        direction="backward",
    )
    rank = {s: i for i, s in enumerate(statuses.names())}
    return (
        found.dropna(subset=["status"])
        .assign(rank=lambda d: d["status"].map(rank))
        .sort_values(["date", "rank", "since", "iso3"], kind="stable")[
            ["date", "iso3", "country", "status", "since", "acceding", "dated_by"]
        ]
        .astype({"acceding": "bool"})
        .reset_index(drop=True)
    )


def status_as_of(date: When, dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """Every country with a status on `date`: iso3, country, status, since, acceding (observers in accession)."""
    return _status_on(valid_date(date), dating).copy()


@lru_cache(maxsize=1024)
def _status_on(when: pd.Timestamp, dating: str) -> pd.DataFrame:
    return statuses_on([when], dating).drop(columns=["date", "dated_by"])


def counts_as_of(date: When, dating: str = events.DEFAULT_DATING) -> pd.Series:
    """How many countries held each status in force on `date` (the Shanghai Five before 2001-06-15)."""
    status = status_as_of(date, dating)["status"]
    in_force = statuses.in_force(valid_date(date))
    return status.value_counts().reindex(in_force, fill_value=0).astype("int64").rename("count")


def members_as_of(date: When, dating: str = events.DEFAULT_DATING) -> list[str]:
    """ISO3 codes of the members on `date`, sorted (the Shanghai Five before the SCO was founded)."""
    status = status_as_of(date, dating)
    wanted = "member" if valid_date(date) >= events.founding_date() else statuses.PREDECESSOR
    return sorted(status.loc[status["status"] == wanted, "iso3"])


def status_spans(dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """Each country's status over time: iso3, country, status, acceding, start, end (the end of the data for the
    last)."""
    table = events.table(dating).sort_values(["iso3", "date", "seq"], kind="stable")
    spans = table.assign(start=table["date"], end=table.groupby("iso3")["date"].shift(-1).fillna(data_end()))
    # a change undone the same day (Laos: dialogue partner, then SCO partner, on 2025-09-01) spans no time
    return spans.loc[
        spans["end"] > spans["start"], ["iso3", "country", "status", "acceding", "start", "end"]
    ].reset_index(drop=True)


def counts_over_time(dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """How many countries held each status after each event date, to the end of the data (one column per status;
    missing where the status did not exist, e.g. observers after the 2025 reform)."""
    dates = pd.DatetimeIndex(sorted(set(events.table(dating)["date"]))).append(pd.DatetimeIndex([data_end()])).unique()
    on = statuses_on(dates, dating)
    counts = (
        on.groupby(["date", "status"]).size().unstack("status").reindex(index=dates, columns=statuses.names()).fillna(0)
    )
    exists = pd.DataFrame({d: {s: s in statuses.in_force(d) for s in statuses.names()} for d in dates}).T
    return counts.where(exists.set_axis(counts.index)).astype("Int64").rename_axis("date").rename_axis(columns=None)


def summary_sentence(date: When, dating: str = events.DEFAULT_DATING) -> str:
    """'On 2018-06-09 the SCO had 8 members, 4 observers and 6 dialogue partners.' (or the Shanghai Five)."""
    when = valid_date(date)
    counts = counts_as_of(when, dating)
    if when < events.founding_date():
        return (
            f"On {when.date()} the Shanghai Five had {counts[statuses.PREDECESSOR]} members; the SCO was founded "
            f"on {events.founding_date().date()}."
        )
    parts = [wording.counted(str(s), int(n)) for s, n in counts.items()]
    return f"On {when.date()} the SCO had {', '.join(parts[:-1])} and {parts[-1]}."


def beyond_review(date: When) -> str:
    """A sentence for a date after the last reviewed day ('' otherwise): later events are not in the data."""
    when, reviewed = valid_date(date), events.reviewed_through()
    if when <= reviewed:
        return ""
    return (
        f"Events after {reviewed.date()} are not in the data: the statuses shown for {when.date()} are those in "
        f"force on {reviewed.date()}."
    )


def dating_differences(date: When) -> pd.DataFrame:
    """Countries whose status on `date` differs between dating by decision and by memorandum (empty if none)."""
    by = {d: status_as_of(date, d).set_index("iso3") for d in events.DATINGS}
    joined = by["decision"][["country", "status"]].join(
        by["memorandum"][["status"]], how="outer", lsuffix="_decision", rsuffix="_memorandum"
    )
    names = pd.concat([by[d]["country"] for d in events.DATINGS]).groupby(level=0).first()
    return (
        joined.assign(country=names.reindex(joined.index))
        .fillna({"status_decision": "-", "status_memorandum": "-"})
        .loc[lambda d: d["status_decision"] != d["status_memorandum"]]
        .rename_axis("iso3")
        .reset_index()[["iso3", "country", "status_decision", "status_memorandum"]]
    )


def dating_summary(date: When) -> str:
    """Whether dating statuses by decision or by memorandum changes the counts on `date`, and for whom; and which
    statuses the memorandum dating rests on a bound for, or leaves out for want of a signing."""
    when = valid_date(date)
    differ = dating_differences(when)
    bounds = memorandum_bounds(when)
    if differ.empty:
        first = (
            f"On {when.date()} dating statuses by the council's decision or by the memorandum gives the same counts."
        )
    else:
        counts = {d: counts_as_of(when, d) for d in events.DATINGS}
        changed = [s for s in counts["decision"].index if counts["decision"][s] != counts["memorandum"][s]]
        by = "; ".join(
            f"{d}: " + ", ".join(wording.counted(s, int(counts[d][s])) for s in changed) for d in events.DATINGS
        )
        first = (
            f"On {when.date()} the two ways of dating a status give different counts (by {by}): "
            f"{wording.and_join(differ['country'])} had a council decision but no memorandum signed yet."
        )
    return " ".join([first, *bounds])


def memorandum_bounds(date: When) -> list[str]:
    """Sentences naming the partners on `date` (by the council's decision) whose memorandum day is not known: those
    the memorandum dating counts from the last day they can have been signed, and those it leaves out (no signing
    found)."""
    when = valid_date(date)
    held = status_as_of(when).loc[lambda s: s["status"].isin(["dialogue partner", "SCO partner"])]
    names = held.set_index("iso3")["country"]  # one name per country: the events table's
    grants = events.memoranda().loc[
        lambda m: (m["decision_date"] <= when) & m["memorandum_date"].isna() & m["iso3"].isin(names.index)
    ]
    grants = grants.assign(country=grants["iso3"].map(names))
    said = []
    for bounds, group in grants.loc[grants["not_after"].notna()].groupby(["not_before", "not_after"]):
        first, last = (pd.Timestamp(str(day)) for day in bounds)
        who, one = wording.and_join(sorted(group["country"])), len(group) == 1
        memoranda = "its memorandum was" if one else "their memoranda were"
        said.append(
            f"By memorandum, {who} {'rests' if one else 'rest'} on a bound: {memoranda} signed between "
            f"{first.date()} and {last.date()} (the day is not known), so {'it is' if one else 'they are'} counted "
            f"from {last.date()}."
        )
    unsigned = grants.loc[grants["not_after"].isna(), "country"]
    if len(unsigned):
        said.append(
            f"By memorandum, {wording.and_join(sorted(unsigned))} {'is' if len(unsigned) == 1 else 'are'} not "
            f"counted: no signing was found up to {events.reviewed_through().date()}."
        )
    return said
