"""The finding of each claim, written from the numbers: what the data give against what the article says, whose
figure it is where a cited statement gives it, and what the readings add (how many readings the sentence allows it
holds on, and which reading it fits when that is not the one the sentence states)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import pandas as pd

from .rules import place_and_days

Row = Mapping[Hashable, object]  # one evaluated claim, as `results.to_dict("records")` gives it
# units whose claimed and computed values are compared as amounts (a relative gap in %), or as rates (a gap in
# percentage points); other numeric units are compared as they are
AMOUNTS = {"US$ bn": "US$ {:,.2f} bn", "US$ trn": "US$ {:,.2f} trn", "bn persons": "{:,.2f} bn people"}
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
    when = f" in {row['when']}" if row.get("when") else ""
    said, stated = f"{_subject(row)}: {form.format(computed)}{when}", as_given.format(row["claimed_value"])
    if row["judged_by"] == "exceeds":
        return f"{said}, {'more than' if computed > claimed else 'not more than'} the claimed {stated}."
    if row["judged_by"] == "below":
        return f"{said}, {'less than' if computed < claimed else 'not less than'} the claimed {stated}."
    if row["judged_by"] == "almost":
        if row["verdict"] == "consistent":
            return f"{said}: almost {stated}, as claimed."
        return f"{said}: {'more than' if computed > claimed else 'well short of'} {stated}, not 'almost {stated}'."
    if computed == claimed:
        return f"{said}, as claimed."
    side = "above" if computed > claimed else "below"
    if unit in AMOUNTS:
        return f"{said}, {abs(computed / claimed - 1) * 100:.1f} % {side} the claimed {stated}."
    if unit in RATES:
        return f"{said}, {abs(computed - claimed):.2f} percentage points {side} the claimed {stated}."
    return f"{said}, {side} the claimed {stated}."


def _readings(row: Row) -> str:
    """What the readings add to the first sentence (nothing for a claim with one reading)."""
    held, allowed, rating = int(str(row["readings_held"])), int(str(row["readings_allowed"])), row["rating"]
    close = int(str(row["readings_close"]))
    if rating == "misleading":
        return f" The figure fits another reading, which the sentence does not state: {row['fits']}."
    if allowed <= 1:
        return ""
    on = f"{held} of the {allowed} readings the sentence allows"
    level = (
        f"; it is level with the next (within the margin) on {close}"
        if row["judged_by"] == "standing" and close
        else ""
    )
    if held == 0:
        return f" It holds on none of the {allowed} readings the sentence allows{level}."
    if rating == "unsupported":
        return f" It holds on only {on} ({row['held_on']}){level}."
    if held < allowed:  # name them, so a reader sees which choice it depends on
        return f" It holds on {on} ({row['held_on']}){level}."
    return f" It holds on {on}{level}."


def finding(row: Row) -> str:
    """What the data say about one evaluated claim: the first sentence from the numbers, then what the readings and
    the source of the figure add."""
    verdict = row["verdict"]
    if verdict in ("error", "not checkable"):
        return _first(row)
    attribution = str(row["attribution"])
    said = (
        ""
        if not attribution
        else f" {attribution[:1].upper()}{attribution[1:]}."
        if " gave " in attribution
        else f" According to {attribution}."
    )
    return _first(row) + said + _readings(row)


def _first(row: Row) -> str:
    """The first sentence: the data's value against the claimed one."""
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
