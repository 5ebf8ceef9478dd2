"""How numbers and lists read in the reports' sentences: 'A, B and C', '1 member' / '17 SCO partners',
signed percentages, and 'level' when two values are within a stated margin."""

from __future__ import annotations

from collections.abc import Iterable


def and_join(items: Iterable[str]) -> str:
    """'Egypt', 'Egypt and Qatar', 'Armenia, Azerbaijan and Nepal'."""
    names = [str(i) for i in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def counted(noun: str, n: int) -> str:
    """'1 member', '4 observers', '17 SCO partners' (the plural adds an s)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


# two values are "level" (and no "x times" or "largest" is said) when they differ by less than this share
LEVEL_MARGIN = 0.05


def times(ratio: float, margin: float = LEVEL_MARGIN) -> str:
    """'2.3 times as fast as', 'as fast as' (within the margin), '0.6 times as fast as'."""
    if abs(ratio - 1) < margin:
        return "about as fast as"
    return f"{ratio:.1f} times as fast as"


def leader(values: dict[str, float], what: str, unit: str = "", margin: float = LEVEL_MARGIN) -> str:
    """'Russia is the largest partner (84 US$ bn)' when the first exceeds the second by more than the margin, else
    'India and Russia are level as the largest partner (84 and 84 US$ bn, within 5 %)'."""
    ranked = sorted(values.items(), key=lambda kv: kv[1], reverse=True)
    (top, first), rest = ranked[0], ranked[1:]
    if not rest or first > rest[0][1] * (1 + margin):
        return f"{top} is {what} ({first:,.0f}{unit})"
    level = [(name, value) for name, value in rest if first <= value * (1 + margin)]
    amounts = and_join(f"{v:,.0f}" for _, v in [(top, first), *level])
    return f"{and_join([top, *(n for n, _ in level)])} are level as {what} ({amounts}{unit}, within {margin:.0%})"
