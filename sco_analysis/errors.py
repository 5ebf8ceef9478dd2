"""Exceptions the package raises; each message names the problem and the fix."""

from __future__ import annotations


class ScoError(Exception):
    """Base class: an error a user can act on."""


class DataIntegrityError(ScoError):
    """A vendored data file is missing or differs from data/manifest.csv."""


class ValidationError(ScoError, ValueError):
    """A parameter value (date, year, group, vintage, ISO3 code ...) is not valid."""


class SchemaError(ScoError):
    """A curated table breaks its schema (types, allowed values, order, consistency)."""


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ' Did you mean X?' hint for the closest choice, or ''."""
    import difflib

    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""
