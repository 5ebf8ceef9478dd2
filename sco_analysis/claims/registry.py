"""The claims registry (data/claims.csv): its schema, the articles, and the dates and years the claims refer to."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import data, summits
from ..errors import SchemaError

REGISTRY_FILE = "claims.csv"
ARTICLES_FILE = "curated/articles.csv"
REGISTRY_COLUMNS = [
    "claim_id",
    "article",
    "quote",
    "quantity",
    "claimed_value",
    "unit",
    "judged_by",
    "tolerance",
    "approx_tolerance",
    "checkable",
    "evaluator",
    "subject",
    "topic",
    "settle_with",
]
VERDICTS = ["consistent", "approximately consistent", "inconsistent", "not checkable"]
JUDGEMENTS = {"abs", "equal", "within", "exceeds", "standing"}


@lru_cache(maxsize=1)
def registry() -> pd.DataFrame:
    """The claims registry, checked: columns, unique ids, rules, and what settles a claim that is not checkable."""
    where = f"data/{REGISTRY_FILE}"
    table = data.read_curated(REGISTRY_FILE)
    missing = [c for c in REGISTRY_COLUMNS if c not in table.columns]
    if missing:
        raise SchemaError(f"{where}: missing columns {missing}.")
    duplicated = table.loc[table["claim_id"].duplicated(), "claim_id"].tolist()
    if duplicated:
        raise SchemaError(f"{where}: duplicate claim_id {duplicated}.")
    checkable = table["checkable"] == "yes"
    bad_rule = sorted(set(table.loc[checkable, "judged_by"]) - JUDGEMENTS)
    if bad_rule:
        raise SchemaError(f"{where}: judged_by {bad_rule} unknown; use one of {sorted(JUDGEMENTS)}.")
    if (table.loc[~checkable, "settle_with"] == "").any():
        raise SchemaError(f"{where}: a claim that is not checkable must say what data would settle it.")
    return table


def claim(claim_id: str) -> pd.Series:
    """One registry row by its id."""
    found = registry().loc[lambda r: r["claim_id"] == claim_id]
    if found.empty:
        raise SchemaError(f"data/{REGISTRY_FILE}: no claim {claim_id!r}.")
    return found.iloc[0]


@lru_cache(maxsize=1)
def articles() -> pd.DataFrame:
    """The two articles: file, title, publisher, published (month), date_note."""
    return data.read_curated(ARTICLES_FILE)


def reference_council() -> pd.Series:
    """The Heads of State Council both articles were written around: the one held in their month of publication."""
    months = sorted(set(articles()["published"]))
    return summits.council_of_year(int(months[0][:4]))


def reference_date() -> str:
    """The opening day of that council (Qingdao, 2018-06-09): the date the articles' counts and shares refer to."""
    return str(reference_council()["start_date"].date().isoformat())


def claim_year() -> int:
    """The last full year of data when the articles appeared (2017 for June 2018)."""
    return int(reference_council()["start_date"].year) - 1


def meeting_days(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A meeting's days as a 'within' claim is judged against them: 'first/last'."""
    return f"{start.date()}/{end.date()}"


def place_and_days(value: str) -> tuple[str, str, str]:
    """A 'within' value, 'Place day' as claimed or 'Place first/last' as computed: (place, first day, last day)."""
    place, days = value.rsplit(" ", 1)
    first, _, last = days.partition("/")
    return place, first, last or first
