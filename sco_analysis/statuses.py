"""The SCO statuses as data (data/curated/statuses.csv): their names, group names, order and colours, and the
dates between which each status existed (the 2025 reform merged observers and dialogue partners)."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import data
from .errors import SchemaError

STATUSES_FILE = "curated/statuses.csv"
COLUMNS = ["status", "group", "rank", "colour", "since", "until", "replaced_by", "description", "source_url"]
PREDECESSOR = "Shanghai Five member"  # the status before the SCO existed: its members became the founding members
ACCEDING = " (acceding)"  # suffix of a status whose holder is going through an accession procedure


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    """The statuses in rank order, with `since` and `until` as dates (NaT: open)."""
    raw = data.read_curated(STATUSES_FILE)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise SchemaError(f"data/{STATUSES_FILE}: missing columns {missing}.")
    bad = sorted(set(raw.loc[raw["replaced_by"] != "", "replaced_by"]) - set(raw["status"]))
    if bad:
        raise SchemaError(f"data/{STATUSES_FILE}: replaced_by names unknown statuses {bad}.")
    return (
        raw.assign(
            rank=raw["rank"].astype("int64"),
            since=pd.to_datetime(raw["since"].replace("", None), format="%Y-%m-%d"),
            until=pd.to_datetime(raw["until"].replace("", None), format="%Y-%m-%d"),
        )
        .sort_values("rank", kind="stable")
        .reset_index(drop=True)
    )


def names() -> list[str]:
    """Every status, in rank order (the Shanghai Five first)."""
    return [str(s) for s in table()["status"]]


def colours() -> dict[str, str]:
    """One colour per status, shared by every chart."""
    return dict(zip(table()["status"], table()["colour"], strict=True))


def groups() -> dict[str, str]:
    """Group name -> status: 'members' -> 'member', 'partners' -> 'SCO partner', ..."""
    return dict(zip(table()["group"], table()["status"], strict=True))


def in_force(date: pd.Timestamp) -> list[str]:
    """The statuses that existed on `date` (after the founding the Shanghai Five is gone; after the 2025 reform
    observers and dialogue partners are)."""
    return list(_in_force(pd.Timestamp(date)))


@lru_cache(maxsize=1024)
def _in_force(date: pd.Timestamp) -> tuple[str, ...]:
    """in_force(), cached: the status table does not change while the package runs."""
    t = table()
    alive = (t["since"].isna() | (t["since"] <= date)) & (t["until"].isna() | (t["until"] > date))
    return tuple(str(s) for s in t.loc[alive, "status"])
