"""What a check is and what it returns: the typed arguments a registry row gives it (with the article's context,
@reference_date, @claim_year and @vintage, filled in), and the value the data give with how and from which files."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import SchemaError, did_you_mean

TIMELINE_SOURCES = "data/sco-timeline/sco_membership_events.csv + data/curated/membership_events_amendments.csv"
SUMMIT_SOURCES = "data/sco-timeline/sco_summits.csv (+ data/curated/summits_amendments.csv)"


@dataclass(frozen=True)
class Context:
    """What an article's figures refer to (its articles.csv row) and the data release a report reads."""

    reference_date: str
    claim_year: int
    vintage: str


@dataclass(frozen=True)
class Measured:
    """What the data say, per field a claim may read; method, sources, alternatives and explanation either one text
    for every field or one per field."""

    values: Mapping[str, Any]
    method: str | Mapping[str, str]
    sources: str | Mapping[str, str]
    alternatives: str | Mapping[str, str] = ""
    # where the article and the data part ways, what the tables show about why (a similar name, another council)
    explanation: str | Mapping[str, str] = ""
    # other readings of the claim: field, reading (in words), value, admissible (a reading the sentence allows;
    # else one it does not state, such as another group), stated (the reading the check computes)
    readings: pd.DataFrame | None = None
    attribution: str | Mapping[str, str] = ""  # whose figure it is, where the data are a cited statement
    when: str = ""  # the year the figure is for, where the claim leaves it to the data ('2025, the latest ...')

    def text(self, name: str, field: str) -> str:
        """One of the texts for one field ('' if the check gives none for it)."""
        value = getattr(self, name)
        return value if isinstance(value, str) else str(value.get(field, ""))


@dataclass(frozen=True)
class Evaluation:
    """What the data say about one claim: its computed value, how, and its other readings."""

    computed: float | int | str
    method: str
    sources: str
    alternatives: str = ""
    explanation: str = ""
    readings: pd.DataFrame | None = None  # reading, value, admissible, stated
    attribution: str = ""
    when: str = ""


READING_COLUMNS = ["field", "reading", "value", "admissible", "stated"]
# an argument every check takes: the subject of a cited statement (data/curated/statements.csv) giving the same
# figure as someone published it (a ministry's release, the SCO's own figure), which becomes one more reading
AS_STATED = "as_stated"


def reading_table(rows: Sequence[tuple[str, str, object, bool, bool]]) -> pd.DataFrame:
    """Readings as a frame (field, reading, value, admissible, stated)."""
    return pd.DataFrame(rows, columns=READING_COLUMNS).astype({"admissible": "bool", "stated": "bool"})


# kind of an argument -> (the context value it may name, how a written value is read)
LATEST = "latest"  # a year argument: the last year the data release holds for the figure


def _year(text: str) -> int | None:
    return None if text == LATEST else int(text)


KINDS: dict[str, tuple[str | None, Callable[[str], Any]]] = {
    "date": ("reference_date", str),
    "year": ("claim_year", _year),
    "number": (None, float),
    "vintage": ("vintage", str),
    "int": (None, int),
    "text": (None, str),
    "codes": (None, lambda text: tuple(c.strip().upper() for c in text.split(",") if c.strip())),
}


@dataclass(frozen=True)
class Check:
    """One entry of the table of checks: a function of typed arguments returning what the data say, the fields a
    claim may read from it, and whether it is also told the claimed value (to explain a mismatch)."""

    name: str
    run: Callable[..., Measured]
    arguments: Mapping[str, str]  # argument -> kind (KINDS)
    fields: tuple[str, ...] = ("value",)
    optional: frozenset[str] = field(default_factory=frozenset)  # arguments a row may leave out
    told_claim: bool = False  # run(..., claimed=...) as well

    @property
    def doc(self) -> str:
        """The first line of the function's docstring: what the check measures."""
        return (self.run.__doc__ or "").strip().split("\n")[0]


def parse_arguments(text: str, check: Check, where: str) -> dict[str, str]:
    """A row's arguments ('name=value; name=value') as written, checked against the check's names."""
    given: dict[str, str] = {}
    for part in (p.strip() for p in str(text).split(";")):
        if not part:
            continue
        name, sep, value = (s.strip() for s in part.partition("="))
        if not sep or not name:
            raise SchemaError(f"{where}: argument {part!r} is not name=value.")
        if name == AS_STATED:
            given[name] = value
            continue
        if name not in check.arguments:
            raise SchemaError(
                f"{where}: check {check.name!r} takes no argument {name!r}; it takes "
                f"{', '.join(check.arguments) or 'none'}.{did_you_mean(name, list(check.arguments))}"
            )
        given[name] = value
    missing = [n for n in check.arguments if n not in given and n not in check.optional]
    if missing:
        raise SchemaError(f"{where}: check {check.name!r} needs {', '.join(missing)}.")
    for name, value in given.items():
        if name == AS_STATED:
            continue
        context, read = KINDS[check.arguments[name]]
        if value.startswith("@"):
            if value != f"@{context}":
                raise SchemaError(f"{where}: {name}={value}: only @{context} can stand for a {check.arguments[name]}.")
            continue
        try:
            read(value)
        except ValueError:
            raise SchemaError(f"{where}: {name}={value!r} is not a {check.arguments[name]}.") from None
    return given


def resolve(given: Mapping[str, str], check: Check, context: Context) -> dict[str, Any]:
    """The arguments as the check takes them: the article's context filled in, each value typed."""
    out = {}
    for name, value in given.items():
        if name == AS_STATED:
            continue  # not the check's: verdicts.py reads the statement
        slot, read = KINDS[check.arguments[name]]
        out[name] = getattr(context, slot) if slot is not None and value == f"@{slot}" else read(value)
    return out
