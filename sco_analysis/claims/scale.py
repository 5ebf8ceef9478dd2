"""The rating scale a reader sees (data/ratings.csv: accurate, mostly accurate, minor error, unsupported, misleading,
inaccurate, not checkable, each with its schema.org ratingValue, its colour and its rule in words), and the one rule
that rates a claim from its verdict on every reading: the reading the sentence states, the readings it allows, and
the readings it does not state."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import data
from .rules import APPROX, CONSISTENT

RATINGS_FILE = "ratings.csv"
HOLDS = frozenset({CONSISTENT, APPROX})


@lru_cache(maxsize=1)
def ratings() -> pd.DataFrame:
    """The scale, best first: rating, value (ClaimReview ratingValue; missing for 'not checkable'), tone, definition."""
    table = data.read_curated(RATINGS_FILE)
    return table.assign(value=pd.to_numeric(table["value"]).astype("Int64"))


def names() -> list[str]:
    """The ratings, best first."""
    return [str(r) for r in ratings()["rating"]]


def holding(rule: str) -> frozenset[str]:
    """The verdicts under which a reading holds: a superlative only if it is first beyond the margin (level with
    the next is a tie, not 'the largest'); a figure also if it is approximately right."""
    return frozenset({CONSISTENT}) if rule == "standing" else HOLDS


def rate(verdict: str, held: int, allowed: int, detail: bool, fits_elsewhere: bool, near: bool = False) -> str:
    """The rating of one claim. `verdict` is on the reading the sentence states; `held` of the `allowed` readings
    (the stated one among them) hold (see holding); `near` if a superlative is level with the next on one of them;
    `fits_elsewhere` if a reading the sentence does not state holds; `detail` if the claim is a detail of a sentence
    another claim checks."""
    if verdict == "not checkable":
        return "not checkable"
    if allowed and held * 2 >= allowed:
        return "accurate" if verdict == CONSISTENT else "mostly accurate"
    if held or near:
        return "unsupported"
    if detail:
        return "minor error"
    return "misleading" if fits_elsewhere else "inaccurate"
