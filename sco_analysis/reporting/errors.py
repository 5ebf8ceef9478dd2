"""Errors the runner raises; each message names the problem and the fix."""

from __future__ import annotations

import difflib


class ReportingError(Exception):
    """Base class: an error a user can act on."""


class ConfigError(ReportingError):
    """The report config (reports.toml) is missing, malformed, or has an unknown or missing key."""


class ParameterError(ReportingError, ValueError):
    """A notebook parameter is unknown, of the wrong type, or refused by its rule."""


class InputError(ReportingError):
    """The project's inputs are damaged (a data file changed or missing), or a project hook failed on them."""


def shown(value: object, limit: int = 60) -> str:
    """A value as a message echoes it: its repr, cut to `limit` characters with its length said (a 100 kB value is
    not printed back in full)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(str(value)):,} characters)"


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ' Did you mean X?' hint for the closest choice, or ''."""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""
