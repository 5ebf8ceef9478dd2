"""The SCO summits: Shanghai Five meetings (1996-2000), Heads of State Council meetings (2001-) and, as a series of
their own, Heads of Government (prime ministers') Council meetings (2001-), each cited; and China's speakers."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import data
from .errors import SchemaError, ValidationError
from .store import stored

SUMMITS_FILE = "sco-timeline/sco_summits.csv"
AMENDMENTS_FILE = "curated/summits_amendments.csv"
SPEAKERS_FILE = "curated/summit_speakers.csv"
HEADS_OF_GOVERNMENT_FILE = "curated/heads_of_government.csv"
SERIES = {"Shanghai Five": "S5", "SCO Heads of State Council": "HSC", "SCO Heads of Government Council": "HGC"}
SUMMIT_COLUMNS = [
    "series",
    "number",
    "start_date",
    "end_date",
    "host_city",
    "host_country",
    "host_iso3",
    "format",
    "notes",
    "source_url",
    "verification",
]


def _apply_amendments(table: pd.DataFrame, amendments: pd.DataFrame) -> pd.DataFrame:
    """Replace the named fields of (series, number) rows with the curated corrections, recording what changed."""
    if amendments.empty:
        return table.assign(amended="")
    patch = amendments.set_index(["series", "number"])
    out = table.set_index(["series", "number"])
    unknown = patch.index.difference(out.index)
    if len(unknown):
        raise SchemaError(f"data/{AMENDMENTS_FILE}: no summit {list(unknown)} to amend.")
    for field in ("start_date", "end_date", "notes", "source_url", "verification"):
        values = patch[field].loc[lambda s: s != ""]
        out.loc[values.index, field] = values
    out["amended"] = ""
    out.loc[patch.index, "amended"] = patch["reason"]
    return out.reset_index()


def validate_summits(table: pd.DataFrame) -> pd.DataFrame:
    """Check types, series, numbering, dates in order and citations; return the table."""
    missing = [c for c in SUMMIT_COLUMNS if c not in table.columns]
    if missing:
        raise SchemaError(f"{SUMMITS_FILE}: missing columns {missing}.")
    bad_series = sorted(set(table["series"]) - set(SERIES))
    if bad_series:
        raise SchemaError(f"{SUMMITS_FILE}: unknown series {bad_series}; allowed: {list(SERIES)}.")
    for series, group in table.groupby("series"):
        expected = list(range(1, len(group) + 1))
        if sorted(group["number"]) != expected:
            raise SchemaError(f"{SUMMITS_FILE}: {series} numbers are {sorted(group['number'])}, expected {expected}.")
    if (table["end_date"] < table["start_date"]).any():
        raise SchemaError(f"{SUMMITS_FILE}: a summit ends before it starts.")
    if not table["start_date"].is_monotonic_increasing:
        raise SchemaError(f"{SUMMITS_FILE}: summits are not in date order.")
    if table["source_url"].eq("").any() or table["verification"].eq("").any():
        raise SchemaError(f"{SUMMITS_FILE}: every summit needs a source_url and a verification note.")
    return table


@lru_cache(maxsize=1)
@stored(lambda: [SUMMITS_FILE, AMENDMENTS_FILE, HEADS_OF_GOVERNMENT_FILE])
def summits() -> pd.DataFrame:
    """All summits in date order with `series_code` (S5/HSC/HGC), `label` ("HSC 18") and a `verified` flag."""
    raw = data.read_curated(SUMMITS_FILE)
    amendments = data.read_curated(AMENDMENTS_FILE)
    heads_of_government = data.read_curated(HEADS_OF_GOVERNMENT_FILE)
    amended = _apply_amendments(
        raw.assign(number=raw["number"].astype("int64")),
        amendments.assign(number=amendments["number"].astype("int64")),
    )
    return (
        pd.concat(
            [amended, heads_of_government.assign(number=heads_of_government["number"].astype("int64"), amended="")],
            ignore_index=True,
        )
        .assign(
            start_date=lambda d: pd.to_datetime(d["start_date"], format="%Y-%m-%d"),
            end_date=lambda d: pd.to_datetime(d["end_date"], format="%Y-%m-%d"),
            series_code=lambda d: d["series"].map(SERIES),
            label=lambda d: d["series_code"] + " " + d["number"].astype("string"),
            verified=lambda d: ~d["verification"].str.contains("unverified", regex=False),
        )
        .sort_values("start_date", kind="stable")
        .pipe(validate_summits)
        .reset_index(drop=True)
    )


def heads_of_state_councils() -> pd.DataFrame:
    """The SCO Heads of State Council meetings (numbers 1-25)."""
    return summits().loc[lambda s: s["series_code"] == "HSC"].reset_index(drop=True)


def summit(number: int, series: str = "HSC") -> pd.Series:
    """One summit by its ordinal number within a series ("HSC", "S5" or "HGC")."""
    table = summits().loc[lambda s: s["series_code"] == series]
    if series not in SERIES.values():
        raise ValidationError(f"unknown summit series {series!r}; valid: {', '.join(SERIES.values())}.")
    found = table.loc[table["number"] == int(number)]
    if found.empty:
        raise ValidationError(
            f"there is no {series} summit number {number}; valid numbers: "
            f"{table['number'].min()}-{table['number'].max()}."
        )
    return pd.Series(found.iloc[0])


def summit_on(date: str | pd.Timestamp) -> pd.Series | None:
    """The summit in session on `date`, or None."""
    when = pd.Timestamp(date)
    found = summits().loc[lambda s: (s["start_date"] <= when) & (s["end_date"] >= when)]
    return None if found.empty else found.iloc[0]


def summits_until(date: str | pd.Timestamp) -> pd.DataFrame:
    """Every summit that had started by `date`."""
    return summits().loc[lambda s: s["start_date"] <= pd.Timestamp(date)].reset_index(drop=True)


def council_of_year(year: int) -> pd.Series:
    """The Heads of State Council held in `year` (one a year since 2001)."""
    return _council_of_year(int(year)).copy()


@lru_cache(maxsize=128)
def _council_of_year(year: int) -> pd.Series:
    """council_of_year(), cached."""
    table = heads_of_state_councils()
    found = table.loc[table["start_date"].dt.year == int(year)]
    if found.empty:
        years = table["start_date"].dt.year
        raise ValidationError(f"no Heads of State Council in {year}; councils were held {years.min()}-{years.max()}.")
    return pd.Series(found.iloc[0])


@lru_cache(maxsize=1)
def speakers() -> pd.DataFrame:
    """Who spoke for China at a summit (curated, one citation per row): series, number, person, role, what."""
    return data.read_curated(SPEAKERS_FILE).astype({"number": "int64"})


def speaker(series: str, number: int) -> pd.Series:
    """China's speaker at one summit, by the series' full name and its number."""
    found = speakers().loc[lambda s: (s["series"] == series) & (s["number"] == int(number))]
    if found.empty:
        raise ValidationError(f"data/{SPEAKERS_FILE} has no speaker for {series} {number}.")
    return pd.Series(found.iloc[0])
