"""Evaluators of the timeline claims (dates, places, counts, speakers), from the events and summits tables.

Each takes the claim's registry row (its `subject` names the summit or countries it is about) and the data vintage,
and returns what the data say; the verdict is decided by the claim's own rule elsewhere.
"""

from __future__ import annotations

import pandas as pd

from .. import events, membership, summits, wording
from ..errors import ScoError
from .evaluation import SUMMIT_SOURCES, TIMELINE_SOURCES, Evaluation, Evaluator, summit_named
from .registry import meeting_days, reference_council, reference_date


def _at_reference() -> str:
    """'2018-06-09 (Qingdao summit)': the date the articles' counts refer to, with the summit held then."""
    return f"{reference_date()} ({reference_council()['host_city']} summit)"


def _names(codes: list[str]) -> str:
    """'India and Pakistan': country names of ISO3 codes, as the events table spells them."""
    return wording.and_join(events.table().drop_duplicates("iso3").set_index("iso3")["country"].reindex(codes))


def count(status: str) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        n = int(membership.counts_as_of(reference_date())[status])
        return Evaluation(
            n, f"countries with status '{status}' on {_at_reference()}, from the events table", TIMELINE_SOURCES
        )

    return evaluate


def leaders_at_reference(claim: pd.Series, vintage: str) -> Evaluation:
    counts = membership.counts_as_of(reference_date())
    return Evaluation(
        int(counts["member"] + counts["observer"]),
        f"members + observers on {reference_date()}: the states whose leaders sit at a Heads of State Council",
        TIMELINE_SOURCES,
        f"with dialogue partners: {int(counts.sum())}",
    )


def founding_month_place(claim: pd.Series, vintage: str) -> Evaluation:
    founded = events.founding_date()
    summit = summits.summit_on(founded)
    if summit is None:
        raise ScoError(f"no summit was in session on the founding day, {founded.date()}")
    return Evaluation(
        f"{founded:%Y-%m} {summit['host_city']}",
        "first date any country has status 'member', and the summit held that day",
        TIMELINE_SOURCES + "; " + SUMMIT_SOURCES,
    )


def founding_date(claim: pd.Series, vintage: str) -> Evaluation:
    return Evaluation(
        f"{events.founding_date().date()}", "first date any country has status 'member'", TIMELINE_SOURCES
    )


def years_since_founding(claim: pd.Series, vintage: str) -> Evaluation:
    years = (pd.Timestamp(reference_date()) - events.founding_date()).days / 365.2425
    return Evaluation(
        round(years, 2),
        f"years from the founding to the {reference_council()['host_city']} summit ({reference_date()})",
        TIMELINE_SOURCES,
    )


def summit_place(claim: pd.Series, vintage: str) -> Evaluation:
    s = summit_named(claim)
    return Evaluation(str(s["host_city"]), f"host city of Heads of State Council {s['number']}", SUMMIT_SOURCES)


def summit_dates(claim: pd.Series, vintage: str) -> Evaluation:
    s = summit_named(claim)
    return Evaluation(
        meeting_days(s["start_date"], s["end_date"]),
        f"dates of Heads of State Council {s['number']}",
        SUMMIT_SOURCES,
    )


def summit_place_date(claim: pd.Series, vintage: str) -> Evaluation:
    s = summit_named(claim)
    return Evaluation(
        f"{s['host_city']} {meeting_days(s['start_date'], s['end_date'])}",
        f"host city and dates of Heads of State Council {s['number']}; the claimed day must fall within them",
        SUMMIT_SOURCES,
        f"notes: {s['notes']}",
    )


def summit_speaker(claim: pd.Series, vintage: str) -> Evaluation:
    s = summit_named(claim)
    row = summits.speaker(s["series"], int(s["number"]))
    return Evaluation(
        str(row["person"]),
        f"who {row['what']}",
        f"data/curated/summit_speakers.csv ({row['source_url']})",
        str(row["verification"]),
        "" if row["person"] == claim["claimed_value"] else same_year_speech(str(claim["claimed_value"]), s, row),
    )


def same_year_speech(claimed: str, summit: pd.Series, actual: pd.Series) -> str:
    """Where the named person spoke for China at another council the same year, if the tables record it."""
    spoke = summits.speakers().loc[lambda s: s["person"] == claimed]
    held = spoke.merge(summits.summits(), on=["series", "number"], how="inner", validate="one_to_one")
    same_year = held.loc[held["start_date"].dt.year == summit["start_date"].year]
    same_year = same_year.loc[same_year["label"] != summit["label"]]
    if same_year.empty:
        return ""
    other = same_year.iloc[0]
    return (
        f"{claimed} spoke for China at another council that year: {other['series']} {other['number']} in "
        f"{other['host_city']}, {other['start_date'].date()} to {other['end_date'].date()} ({other['role']}); "
        f"at {summit['label']} China's speaker was {actual['person']} ({actual['role']})."
    )


def first_summit_after_expansion(claim: pd.Series, vintage: str) -> Evaluation:
    joined, codes = events.last_accession(before=reference_date())
    councils = summits.heads_of_state_councils()
    first = councils.loc[councils["start_date"] > joined].iloc[0]
    return Evaluation(
        int(first["number"]),
        f"first Heads of State Council opening after {_names(codes)} joined "
        f"({joined.date()}): {first['host_city']} {first['start_date'].date()}",
        TIMELINE_SOURCES + "; " + SUMMIT_SOURCES,
    )


def shanghai_five(claim: pd.Series, vintage: str) -> Evaluation:
    formed = membership.valid_range()[0]
    return Evaluation(
        ";".join(membership.members_as_of(formed)),
        f"members on {formed.date()} (Shanghai Five formed)",
        TIMELINE_SOURCES,
    )


def founding_members(claim: pd.Series, vintage: str) -> Evaluation:
    return Evaluation(
        ";".join(membership.members_as_of(events.founding_date())), "members on the founding day", TIMELINE_SOURCES
    )


def accession_year(claim: pd.Series, vintage: str) -> Evaluation:
    codes = str(claim["subject"]).split(";")
    since = events.table().loc[lambda e: e["iso3"].isin(codes) & (e["status"] == "member"), "date"]
    years = sorted(set(since.dt.year))
    if len(years) != 1:
        raise ScoError(f"{_names(codes)} joined in different years: {years}")
    return Evaluation(
        years[0], f"year of the events giving {_names(codes)} status 'member' ({since.min().date()})", TIMELINE_SOURCES
    )
