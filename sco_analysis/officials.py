"""The SCO Secretaries-General and their terms (data/curated/secretaries_general.csv, cited), and who held the
office on a date."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import data
from .errors import SchemaError

SECRETARIES_FILE = "curated/secretaries_general.csv"


@lru_cache(maxsize=1)
def secretaries_general() -> pd.DataFrame:
    """Every Secretary-General in order: number, name, other_spellings, iso3, term_start, term_end, citation."""
    raw = data.read_curated(SECRETARIES_FILE)
    table = raw.assign(
        number=raw["number"].astype("int64"),
        term_start=pd.to_datetime(raw["term_start"], format="%Y-%m-%d"),
        term_end=pd.to_datetime(raw["term_end"], format="%Y-%m-%d"),
    ).sort_values("term_start", kind="stable")
    overlap = table["term_start"].iloc[1:].to_numpy() <= table["term_end"].iloc[:-1].to_numpy()
    if overlap.any() or (table["term_end"] < table["term_start"]).any():
        raise SchemaError(f"data/{SECRETARIES_FILE}: terms overlap or end before they start.")
    return table.reset_index(drop=True)


def secretary_general_on(date: str | pd.Timestamp) -> pd.Series | None:
    """The Secretary-General in office on `date`, or None (before the Secretariat opened in 2004, or between terms)."""
    when = pd.Timestamp(date)
    table = secretaries_general()
    found = table.loc[(table["term_start"] <= when) & (table["term_end"] >= when)]
    return None if found.empty else pd.Series(found.iloc[0])


def office_sentence(date: str | pd.Timestamp) -> str:
    """'On 2018-06-09 the SCO Secretary-General was Rashid Alimov (TJK), whose term ran from 2016-01-01 to ...'."""
    when = pd.Timestamp(date)
    holder = secretary_general_on(when)
    first = secretaries_general().iloc[0]
    if holder is None and when < first["term_start"]:
        return (
            f"On {when.date()} the SCO had no Secretary-General yet: the first, {first['name']}, took office on "
            f"{first['term_start'].date()}."
        )
    if holder is None:
        return f"On {when.date()} no Secretary-General is recorded in office (data/{SECRETARIES_FILE})."
    return (
        f"On {when.date()} the SCO Secretary-General was {holder['name']} ({holder['iso3']}), whose term ran from "
        f"{holder['term_start'].date()} to {holder['term_end'].date()}."
    )
