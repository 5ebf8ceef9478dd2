"""Evaluators of the claims that cited records settle: who attended, who held which office, who said what where,
dates, the Shanghai Spirit's wording and the members' coasts (data/curated/, one citation per row).

Where an article misstates a name, a title or a speaker, the evaluator also says what the tables show about why.
"""

from __future__ import annotations

import difflib

import pandas as pd

from .. import membership, officials, records, summits, wording
from .evaluation import SUMMIT_SOURCES, TIMELINE_SOURCES, Evaluation, summit_named

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def _source(name: str) -> str:
    """The curated file a record table is read from."""
    return f"data/{records.FILES[name]}"


def qingdao_organisations(claim: pd.Series, vintage: str) -> Evaluation:
    orgs = records.qingdao_attendance()
    heads = orgs.loc[orgs["head_of_organisation"] == "yes"]
    others = orgs.loc[orgs["head_of_organisation"] != "yes"]
    deputies = "; ".join(f"{r.organisation}: {r.office} {r.represented_by}" for r in others.itertuples())
    return Evaluation(
        len(orgs),
        "international organisations named as attending in the Qingdao Declaration",
        f"{_source('qingdao_attendance')} ({orgs['source_url'].iloc[0]})",
        f"sent their head: {len(heads)} of {len(orgs)}; the others sent senior officials ({deputies})",
    )


def _said(said: pd.Series, value: float | int | str, method: str) -> Evaluation:
    """What a cited statement says: its value, how it was said, its citation, and where it was confirmed."""
    return Evaluation(value, method, f"{_source('statements')}: {records.citation(said)}", str(said["verification"]))


def terrorism_prevented(claim: pd.Series, vintage: str) -> Evaluation:
    said = records.statement("terrorist")
    return _said(said, int(said["value"]), f"'{said['subject']}' as reported by {said['speaker']} (at least this many)")


def home_event_rank(claim: pd.Series, vintage: str) -> Evaluation:
    held = records.home_events()
    summit = held.loc[held["event"].str.contains("SCO")].iloc[0]
    order = ", ".join(f"{r.month} {r.event}" for r in held.itertuples())
    return Evaluation(
        ORDINALS[int(summit["order"])],
        "place of the SCO summit among China's major home-diplomacy events of 2018, in the order held",
        f"{_source('home_diplomacy_2018')} ({summit['source_url']})",
        f"in order: {order}; stated as 'second' by Wang Yi: {records.citation(records.statement('home-field'))}",
    )


def event_date(claim: pd.Series, vintage: str) -> Evaluation:
    """The day an event began, or its month where the claim gives only a month (unit 'month')."""
    event = records.dated_event_like(str(claim["subject"]))
    start, end = event["start_date"], event["end_date"]
    return Evaluation(
        f"{start:%Y-%m}" if claim["unit"] == "month" else f"{start.date()}",
        f"dates of the {event['event']}: {start.date()} to {end.date()}, {event['place']}",
        f"{_source('dated_events')}: {records.citation(event)}",
    )


def after_soviet_dissolution(claim: pd.Series, vintage: str) -> Evaluation:
    dissolved = records.dated_event("dissolution of the Soviet Union")["start_date"]
    formed = membership.valid_range()[0]
    days = (formed - dissolved).days
    return Evaluation(
        "after" if days > 0 else "before",
        f"the Shanghai Five's first summit ({formed.date()}) against the Soviet Union's dissolution "
        f"({dissolved.date()}): {abs(days)} days {'later' if days > 0 else 'earlier'}",
        f"{TIMELINE_SOURCES}; {_source('dated_events')}",
    )


def territory_extent(claim: pd.Series, vintage: str) -> Evaluation:
    when = records.dated_event_like("book")["start_date"]
    members = membership.members_as_of(when)
    waters = records.waters_bordered(members)
    named = [w.strip() for w in str(claim["claimed_value"]).split(";")]
    reached = {
        name: waters.loc[(waters["water"] == name) | (waters["ocean"] + " Ocean" == name), "countries"]
        for name in named
    }
    found = [name for name in named if not reached[name].empty]
    return Evaluation(
        "; ".join(found),
        f"of the waters named, those the members on {when.date()} border (a marginal sea counts for its ocean)",
        f"{_source('coasts')}; {TIMELINE_SOURCES}",
        "; ".join(f"{name}: {', '.join(reached[name]) or 'none'}" for name in named),
    )


def spirit_characters(claim: pd.Series, vintage: str) -> Evaluation:
    zh = records.spirit("zh")
    return Evaluation(
        records.han_characters(str(zh["wording"])),
        f"Chinese characters in the wording {zh['wording']} (counted by code; the 、 separators are not characters)",
        f"{_source('shanghai_spirit')}: {records.citation(zh)}",
    )


def spirit_wording(claim: pd.Series, vintage: str) -> Evaluation:
    en = records.spirit("en")
    return Evaluation(
        str(en["wording"]),
        "the SCO Secretariat's English wording of the Shanghai Spirit",
        f"{_source('shanghai_spirit')}: {records.citation(en)}",
    )


def spirit_element_count(claim: pd.Series, vintage: str) -> Evaluation:
    en = records.spirit("en")
    elements = records.spirit_elements(str(en["wording"]))
    stated = records.spirit_elements(str(claim["subject"]))
    return Evaluation(
        len(elements),
        f"elements of the official wording: {'; '.join(elements)}",
        f"{_source('shanghai_spirit')}: {records.citation(en)}",
        f"the article's elements: {'; '.join(stated)}",
    )


def office_holder(claim: pd.Series, vintage: str) -> Evaluation:
    held = records.office_of(str(claim["subject"]))
    return Evaluation(
        f"{held['office']}, {held['organisation']}",
        f"the office {held['person']} held on {held['held_on']}",
        f"{_source('offices')}: {records.citation(held)}",
        str(held["verification"]),
    )


def statement_value(claim: pd.Series, vintage: str) -> Evaluation:
    said = records.statement(str(claim["subject"]))
    return _said(
        said,
        float(said["value"]),
        f"what {said['speaker']} ({said['office']}) said at {said['venue']} on {said['date']}: {said['subject']}",
    )


def legal_status(claim: pd.Series, vintage: str) -> Evaluation:
    said = records.statement("what kind of organisation")
    return _said(said, str(said["value"]), f"the SCO's own description ({said['venue']})")


def _similar(claimed: str, actual: str) -> str:
    """Why two names may have been confused: a shared surname, a shared initial, how alike they are."""
    a, b = claimed.split(), actual.split()
    traits = []
    if a[-1] == b[-1]:
        traits.append(f"the same surname ({a[-1]})")
    if a[0][0] == b[0][0] and a[0] != b[0]:
        traits.append(f"first names with the same initial ({a[0]} / {b[0]})")
    likeness = difflib.SequenceMatcher(None, claimed, actual).ratio()
    return f"a similar name: {wording.and_join(traits) or 'no shared part'} ({likeness:.0%} alike as strings)"


def secretary_general(claim: pd.Series, vintage: str) -> Evaluation:
    when = records.dated_event_like("Economic Forum")["start_date"]
    holder = officials.secretary_general_on(when)
    name = "" if holder is None else str(holder["name"])
    why = (
        ""
        if name == claim["claimed_value"]
        else f"The article's {claim['claimed_value']!r} and {name!r} have "
        + (_similar(str(claim["claimed_value"]), name) + "; the title is Secretary-General, not 'general secretary'.")
    )
    return Evaluation(
        name,
        f"the SCO Secretary-General in office on {when.date()} (the forum's first day)",
        f"data/{officials.SECRETARIES_FILE}; {_source('dated_events')}",
        officials.office_sentence(when),
        why,
    )


def speech_title(claim: pd.Series, vintage: str) -> Evaluation:
    summit = summit_named(claim)
    row = summits.speaker(summit["series"], int(summit["number"]))
    return Evaluation(
        str(row["title"]),
        f"official English title of China's speech at {summit['label']} ({summit['host_city']}, "
        f"{summit['start_date'].date()}), given by {row['person']}",
        f"data/curated/summit_speakers.csv ({row['title_source_url']}); {SUMMIT_SOURCES}",
        f"Chinese title: 《{row['title_zh']}》 ({row['title_zh_source_url']})" if row["title_zh"] else "",
        f"No speech of that English title is recorded; the article's words may render the Chinese title "
        f"《{row['title_zh']}》 differently."
        if row["title_zh"]
        else "",
    )
