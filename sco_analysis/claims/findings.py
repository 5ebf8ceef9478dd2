"""One sentence per claim, written from the numbers: what the data give against what the article says."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import pandas as pd

from .registry import place_and_days

Row = Mapping[Hashable, object]  # one evaluated claim, as `results.to_dict("records")` gives it
# units whose claimed and computed values are compared as amounts (a relative gap in %), or as rates (a gap in
# percentage points); other numeric units are compared as they are
AMOUNTS = {"US$ bn": "US$ {:,.2f} bn", "bn persons": "{:,.2f} bn people"}
RATES = {"%": "{:,.2f} %"}
PLAIN = {
    "count": "{:,.0f}",
    "count (at least)": "{:,.0f}",
    "ordinal": "{:.0f}",
    "year": "{:.0f}",
    "years": "{:,.2f} years",
    "ratio": "{:,.2f} times",
}


def _number(value: str) -> float:
    """A registry or computed value as a number (NaN if it is not one)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _subject(row: Row) -> str:
    """The claim's quantity, capitalised, as the start of its finding."""
    quantity = str(row["quantity"])
    return quantity[:1].upper() + quantity[1:]


def _numeric(row: Row) -> str:
    """The sentence for a claim with a number on both sides (the claimed value as the article gives it)."""
    unit = str(row["unit"])
    form = AMOUNTS.get(unit) or RATES.get(unit) or PLAIN.get(unit) or "{:,.2f}"
    as_given = form.replace("{:,.2f}", "{}").replace("{:,.0f}", "{}").replace("{:.0f}", "{}")
    claimed, computed = _number(str(row["claimed_value"])), _number(str(row["computed_value"]))
    said, stated = f"{_subject(row)}: {form.format(computed)}", as_given.format(row["claimed_value"])
    if row["judged_by"] == "exceeds":
        return f"{said}, {'more than' if computed > claimed else 'not more than'} the claimed {stated}."
    if computed == claimed:
        return f"{said}, as claimed."
    side = "above" if computed > claimed else "below"
    if unit in AMOUNTS:
        return f"{said}, {abs(computed / claimed - 1) * 100:.1f} % {side} the claimed {stated}."
    if unit in RATES:
        return f"{said}, {abs(computed - claimed):.2f} percentage points {side} the claimed {stated}."
    return f"{said}, {side} the claimed {stated}."


def finding(row: Row) -> str:
    """What the data say about one evaluated claim, in one sentence."""
    verdict = row["verdict"]
    if verdict == "error":
        return f"Could not be evaluated: {row['error']}"
    if verdict == "not checkable":
        wanted = str(row["settle_with"]).split(". ")[0]
        return f"Not checkable with a source found here: it would take {wanted}."
    if not math.isnan(_number(str(row["claimed_value"]))) and not math.isnan(_number(str(row["computed_value"]))):
        return _numeric(row)
    said = f"{_subject(row)}: {row['computed_value']!s}"
    if row["judged_by"] == "within":
        day = place_and_days(str(row["claimed_value"]))[1]
        return f"{said}, which {'includes' if verdict == 'consistent' else 'does not include'} the claimed {day}."
    if verdict == "inconsistent":
        return f"{said}, not {row['claimed_value']!s} as the article says."
    if verdict == "approximately consistent":  # a superlative within the margin: level, so not clearly first
        return f"{said}: within the margin a superlative needs, so not clearly {row['claimed_value']!s}."
    return f"{said}, as claimed."


def findings(results: pd.DataFrame) -> pd.Series:
    """The finding of every claim, indexed like `results`."""
    return pd.Series([finding(r) for r in results.to_dict("records")], index=results.index, dtype="string")
