"""The checks of cited records that need code of their own: an event's rank among others, the waters a group of
states borders, the order of two dated events, and a name checked against who held an office (with why an article
may have confused two names)."""

from __future__ import annotations

import difflib

import pandas as pd

from .. import membership, officials, records, wording
from .evaluation import TIMELINE_SOURCES, Measured

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def _source(name: str) -> str:
    """The curated file a record table is read from."""
    return f"data/{records.FILES[name]}"


def home_event_rank(event: str) -> Measured:
    """The place ('second') of the event whose name contains the words given among China's major home-diplomacy
    events of 2018, in the order they were held."""
    held = records.home_events()
    found = held.loc[held["event"].str.contains(event, regex=False)].iloc[0]
    order = ", ".join(f"{r.month} {r.event}" for r in held.itertuples())
    return Measured(
        {"value": ORDINALS[int(found["order"])]},
        f"place of the {found['event']} among China's major home-diplomacy events of 2018, in the order held",
        f"{_source('home_diplomacy_2018')} ({found['source_url']})",
        f"in order: {order}; stated as 'second' by Wang Yi: {records.citation(records.statement('home-field'))}",
    )


def territory_extent(on: str, claimed: str) -> Measured:
    """Of the waters the claim names (separated by ';'), those the members on a day border (a marginal sea counts
    for its ocean)."""
    members = membership.members_as_of(on)
    waters = records.waters_bordered(members)
    named = [w.strip() for w in claimed.split(";")]
    reached = {
        name: waters.loc[(waters["water"] == name) | (waters["ocean"] + " Ocean" == name), "countries"]
        for name in named
    }
    return Measured(
        {"value": "; ".join(name for name in named if not reached[name].empty)},
        f"of the waters named, those the members on {on} border (a marginal sea counts for its ocean)",
        f"{_source('coasts')}; {TIMELINE_SOURCES}",
        "; ".join(f"{name}: {', '.join(reached[name]) or 'none'}" for name in named),
    )


def after_soviet_dissolution() -> Measured:
    """Whether the Shanghai Five's first summit came 'after' or 'before' the Soviet Union's dissolution."""
    dissolved = records.dated_event("dissolution of the Soviet Union")["start_date"]
    formed = membership.valid_range()[0]
    days = (formed - dissolved).days
    return Measured(
        {"value": "after" if days > 0 else "before"},
        f"the Shanghai Five's first summit ({formed.date()}) against the Soviet Union's dissolution "
        f"({dissolved.date()}): {abs(days)} days {'later' if days > 0 else 'earlier'}",
        f"{TIMELINE_SOURCES}; {_source('dated_events')}",
    )


def similar_names(claimed: str, actual: str) -> str:
    """Why two names may have been confused: a shared surname, a shared initial, how alike they are."""
    a, b = claimed.split(), actual.split()
    traits = []
    if a[-1] == b[-1]:
        traits.append(f"the same surname ({a[-1]})")
    if a[0][0] == b[0][0] and a[0] != b[0]:
        traits.append(f"first names with the same initial ({a[0]} / {b[0]})")
    likeness = difflib.SequenceMatcher(None, claimed, actual).ratio()
    return f"a similar name: {wording.and_join(traits) or 'no shared part'} ({likeness:.0%} alike as strings)"


def secretary_general(at: str, claimed: str) -> Measured:
    """The SCO Secretary-General in office on the first day of the dated event whose name contains the words given,
    and, if the article names someone else, how alike the two names are."""
    when = pd.Timestamp(records.dated_event_like(at)["start_date"])
    holder = officials.secretary_general_on(when)
    name = "" if holder is None else str(holder["name"])
    why = (
        ""
        if name == claimed
        else f"The article's {claimed!r} and {name!r} have {similar_names(claimed, name)}; the title is "
        "Secretary-General, not 'general secretary'."
    )
    return Measured(
        {"value": name},
        f"the SCO Secretary-General in office on {when.date()} (the forum's first day)",
        f"data/{officials.SECRETARIES_FILE}; {_source('dated_events')}",
        officials.office_sentence(when),
        why,
    )
