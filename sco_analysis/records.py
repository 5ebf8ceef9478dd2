"""Cited records no dataset holds (data/curated/): who attended the Qingdao summit, who held which office, who said
what where, dated events, China's 2018 home-diplomacy events, the members' coasts and the Shanghai Spirit's wording.

Every row carries its own citation (source_url and a verbatim quote); a table without them is refused on load.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from . import data
from .errors import SchemaError

FILES = {
    "qingdao_attendance": "curated/qingdao_attendance.csv",
    "home_diplomacy_2018": "curated/home_diplomacy_2018.csv",
    "dated_events": "curated/dated_events.csv",
    "offices": "curated/offices.csv",
    "statements": "curated/statements.csv",
    "shanghai_spirit": "curated/shanghai_spirit.csv",
    "coasts": "curated/coasts.csv",
}
CITATION = ("source_url", "quote", "verification")
# CJK Unified Ideographs: the characters a Chinese count is about (the enumeration comma 、 is not one)
HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def table(name: str) -> pd.DataFrame:
    """One curated table, checked: it exists, and every row has a source URL, a quote and a verification note."""
    if name not in FILES:
        raise SchemaError(f"no curated table {name!r}; tables: {', '.join(FILES)}.")
    frame = data.read_curated(FILES[name])
    missing = [c for c in CITATION if c not in frame.columns]
    if missing:
        raise SchemaError(f"data/{FILES[name]}: missing citation columns {missing}.")
    uncited = frame.index[(frame["source_url"] == "") | (frame["quote"] == "")].tolist()
    if uncited:
        raise SchemaError(f"data/{FILES[name]}: rows {uncited} have no source_url or quote; cite every row.")
    return frame


def citation(row: pd.Series) -> str:
    """'<url> ("<quote>")': where a record comes from, for a method or sources line."""
    return f'{row["source_url"]} ("{row["quote"]}")'


def _one(name: str, column: str, value: str) -> pd.Series:
    """The single row of a table whose column equals value; an error naming the table if there is none."""
    found = table(name).loc[lambda t: t[column] == value]
    if len(found) != 1:
        raise SchemaError(f"data/{FILES[name]}: expected one row with {column} = {value!r}, found {len(found)}.")
    return found.iloc[0]


def qingdao_attendance() -> pd.DataFrame:
    """The international organisations at the Qingdao summit, who represented each, and whether that was its head."""
    return table("qingdao_attendance")


def home_events() -> pd.DataFrame:
    """China's major home-diplomacy events of 2018 in the order they were held, numbered from 1."""
    events = table("home_diplomacy_2018").sort_values("month", kind="stable").reset_index(drop=True)
    return events.assign(order=pd.Series(range(1, len(events) + 1), dtype="int64"))


def dated_event(event: str) -> pd.Series:
    """A dated event by name (start_date, end_date as Timestamps)."""
    row = _one("dated_events", "event", event).astype(object)
    row["start_date"], row["end_date"] = pd.Timestamp(row["start_date"]), pd.Timestamp(row["end_date"])
    return row


def dated_event_like(words: str) -> pd.Series:
    """The dated event whose name contains `words` (case-insensitive), e.g. 'book'."""
    names = table("dated_events")["event"]
    hits = names[names.str.contains(words, case=False, regex=False)].tolist()
    if len(hits) != 1:
        raise SchemaError(f"data/{FILES['dated_events']}: {len(hits)} events match {words!r}; expected one.")
    return dated_event(hits[0])


def office_of(person: str) -> pd.Series:
    """The office a person held on the record's date: office, organisation, held_on, citation."""
    return _one("offices", "person", person)


def statement(subject_words: str) -> pd.Series:
    """The recorded statement whose subject contains `subject_words`."""
    subjects = table("statements")["subject"]
    hits = subjects[subjects.str.contains(subject_words, case=False, regex=False)].tolist()
    if len(hits) != 1:
        raise SchemaError(f"data/{FILES['statements']}: {len(hits)} statements match {subject_words!r}.")
    return _one("statements", "subject", hits[0])


def spirit(language: str) -> pd.Series:
    """The Shanghai Spirit's wording in one language ('zh' or 'en'), with its citation."""
    return _one("shanghai_spirit", "language", language)


def han_characters(text: str) -> int:
    """How many Chinese characters a text has (punctuation such as 、 not counted)."""
    return len(HAN.findall(text))


def spirit_elements(text: str) -> list[str]:
    """The elements of an English wording of the Shanghai Spirit: split at commas and the final 'and'."""
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text.strip().strip(".").strip('\u201c\u201d"'))
    return [p.strip() for p in parts if p.strip()]


def coasts() -> pd.DataFrame:
    """Each member's coasts: iso3, water, ocean ('' for a landlocked state)."""
    return table("coasts")


def waters_bordered(codes: list[str]) -> pd.DataFrame:
    """The seas and oceans the given countries border: water, ocean and the countries on it."""
    rows = coasts().loc[lambda t: t["iso3"].isin(codes) & (t["ocean"] != "")]
    return rows.groupby(["water", "ocean"], as_index=False).agg(countries=("iso3", lambda s: ", ".join(sorted(s))))
