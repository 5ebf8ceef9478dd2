"""The rules that compare a claimed value with what the data give, written once for every claim of a kind, and the
same rule in words for the card. A number is held to the precision the article wrote it with: 43 % is consistent
from 42.5 to 43.5 %, 4.84 % from 4.835 to 4.845 %; an amount also within 1 % (preliminary figures are revised);
anything within 5 % of the claimed value is approximately consistent; a count, an ordinal or a year must be exact."""

from __future__ import annotations

import math
from decimal import Decimal

CONSISTENT, APPROX, INCONSISTENT = "consistent", "approximately consistent", "inconsistent"
APPROX_SHARE = 0.05  # within 5 % of the claimed value: approximately consistent
AMOUNT_SHARE = 0.01  # an amount within 1 % of the claimed one is consistent (releases revise such figures)
ALMOST_SHARE = 0.15  # "almost X": from 15 % below X up to X
EXACT_UNITS = frozenset({"count", "ordinal", "year"})
AMOUNT_UNITS = frozenset({"US$ bn", "US$ trn", "bn persons"})
ABOUT_SHARE = 0.10  # 'a quarter', 'about a third': a fraction said in words is consistent within 10 % of it
# a superlative within the margin of the runner-up is level: close to the claim, not the claim
LEVEL = "level with"


def precision(claimed: str) -> float:
    """The unit of the last digit the article wrote: 43 -> 1, 4.84 -> 0.01, 217.6 -> 0.1."""
    exponent = Decimal(claimed.strip()).as_tuple().exponent
    return 10.0 ** min(int(exponent), 0)


def figure(claimed: str, unit: str, computed: float) -> str:
    """A number against the claimed figure, by the precision it was written with (rule 'figure')."""
    value = float(claimed)
    gap = computed - value
    if unit in EXACT_UNITS:
        return CONSISTENT if math.isclose(computed, value) else INCONSISTENT
    if abs(gap) <= precision(claimed) / 2 + 1e-9:
        return CONSISTENT
    relative = abs(gap) / abs(value) if value else math.inf
    if unit in AMOUNT_UNITS and relative <= AMOUNT_SHARE + 1e-12:
        return CONSISTENT
    return APPROX if relative <= APPROX_SHARE + 1e-12 else INCONSISTENT


def almost(claimed: str, computed: float) -> str:
    """'Almost X': consistent from 15 % below X up to X; approximately consistent a little beyond either end."""
    value = float(claimed)
    if value * (1 - ALMOST_SHARE) - 1e-9 <= computed <= value + 1e-9:
        return CONSISTENT
    if value * (1 - ALMOST_SHARE - APPROX_SHARE) <= computed <= value * (1 + APPROX_SHARE):
        return APPROX
    return INCONSISTENT


def about(claimed: str, computed: float) -> str:
    """A fraction said in words ('a quarter', 'roughly one-third'): consistent within 10 % of it, approximately
    consistent within 20 %."""
    relative = abs(computed / float(claimed) - 1)
    if relative <= ABOUT_SHARE + 1e-12:
        return CONSISTENT
    return APPROX if relative <= 2 * ABOUT_SHARE + 1e-12 else INCONSISTENT


def standing(claimed: str, computed: str) -> str:
    """A superlative: the claimed standing, 'level with' the runner-up (within the margin), or behind."""
    if computed == claimed:
        return CONSISTENT
    return APPROX if computed.startswith(LEVEL) else INCONSISTENT


def within(claimed: str, computed: str) -> str:
    """'Place day' claimed against 'Place first/last' computed: the place and a day of the meeting."""
    place, day, _ = place_and_days(claimed)
    got_place, start, end = place_and_days(computed)
    return CONSISTENT if place.lower() == got_place.lower() and start <= day <= end else INCONSISTENT


def place_and_days(value: str) -> tuple[str, str, str]:
    """A 'within' value, 'Place day' as claimed or 'Place first/last' as computed: (place, first day, last day)."""
    place, days = value.rsplit(" ", 1)
    first, _, last = days.partition("/")
    return place, first, last or first


def verdict(rule: str, claimed: str, unit: str, computed: object) -> str:
    """The verdict of one computed value under a claim's rule."""
    if rule == "equal":
        return CONSISTENT if str(computed).strip().lower() == claimed.strip().lower() else INCONSISTENT
    if rule == "within":
        return within(claimed, str(computed))
    if rule == "standing":
        return standing(claimed, str(computed))
    number = float(str(computed))
    if rule == "exceeds":
        return CONSISTENT if number > float(claimed) else INCONSISTENT
    if rule == "below":
        return CONSISTENT if number < float(claimed) else INCONSISTENT
    if rule == "almost":
        return almost(claimed, number)
    if rule == "about":
        return about(claimed, number)
    return figure(claimed, unit, number)


UNIT_WORDS = {"ratio": "times", "US$ bn": "bn US$", "US$ trn": "trn US$", "bn persons": "bn people"}


def _shown(value: float, unit: str) -> str:
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{text} {UNIT_WORDS.get(unit, unit)}" if unit not in EXACT_UNITS | {"count (at least)"} else text


def in_words(rule: str, claimed: str, unit: str) -> str:
    """The rule as the card states it, with its bounds for this claimed value."""
    if rule == "equal":
        return "consistent if the data give the same words (letter case aside)"
    if rule == "within":
        return "consistent if the place matches and the day falls within the meeting"
    if rule == "standing":
        return (
            "consistent if the data put it first by more than the margin; approximately consistent if it is level "
            "with the next (within the margin); otherwise inconsistent"
        )
    value = float(claimed)
    if rule == "exceeds":
        return f"consistent if the data give more than {_shown(value, unit)}"
    if rule == "below":
        return f"consistent if the data give less than {_shown(value, unit)}"
    if rule == "almost":
        low, approx_low = value * (1 - ALMOST_SHARE), value * (1 - ALMOST_SHARE - APPROX_SHARE)
        return (
            f"'almost {claimed}': consistent from {_shown(low, unit)} to {_shown(value, unit)}; approximately "
            f"consistent from {_shown(approx_low, unit)} or up to {_shown(value * (1 + APPROX_SHARE), unit)}"
        )
    if rule == "about":
        low, high = value * (1 - ABOUT_SHARE), value * (1 + ABOUT_SHARE)
        wide = (value * (1 - 2 * ABOUT_SHARE), value * (1 + 2 * ABOUT_SHARE))
        return (
            f"a fraction said in words: consistent from {_shown(low, unit)} to {_shown(high, unit)} (within 10 %); "
            f"approximately consistent from {_shown(wide[0], unit)} to {_shown(wide[1], unit)}"
        )
    if unit in EXACT_UNITS:
        return f"consistent only if the data give exactly {claimed}"
    half = precision(claimed) / 2
    low, high = value - half, value + half
    if unit in AMOUNT_UNITS:
        low, high = min(low, value * (1 - AMOUNT_SHARE)), max(high, value * (1 + AMOUNT_SHARE))
    return (
        f"consistent from {_shown(low, unit)} to {_shown(high, unit)} (the figure as written"
        f"{', or within 1 %' if unit in AMOUNT_UNITS else ''}); approximately consistent within 5 %, from "
        f"{_shown(value * (1 - APPROX_SHARE), unit)} to {_shown(value * (1 + APPROX_SHARE), unit)}"
    )
