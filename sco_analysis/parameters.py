"""The rules of the notebooks' parameters, registered per notebook with the report runner (project.py): each types
a value, checks it against the data and the rest of the run, and returns it written one way; a refused value is a
ParameterError whose message names the valid choices.

The analysis modules are imported inside each rule, so that reading the defaults (a build with nothing to do) never
loads pandas or the data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from .errors import ScoError
from .reporting.errors import ParameterError, shown
from .reporting.project import Rule


def _refusing(rule: Callable[[Any, Mapping[str, Any]], Any]) -> Rule:
    """The rule, with the package's own errors raised as the runner's ParameterError (the same message)."""

    @functools.wraps(rule)
    def checked(value: Any, run: Mapping[str, Any]) -> Any:
        try:
            return rule(value, run)
        except ScoError as exc:
            # a rule's message may quote the value whole: a 100 kB value is cut to a line, with its length
            raise ParameterError(str(exc).replace(repr(value), shown(value))) from None

    return checked


@_refusing
def as_of(value: Any, run: Mapping[str, Any]) -> str:
    """A date from the first Shanghai Five summit to today."""
    from . import membership

    return str(membership.valid_date(value).date().isoformat())


@_refusing
def vintage(value: Any, run: Mapping[str, Any]) -> Any:
    """A release of the World Bank data the project holds."""
    from . import data

    return data.check_vintage(value)


@_refusing
def trade_year(value: Any, run: Mapping[str, Any]) -> Any:
    """A year with China's trade data for it and the year before."""
    from . import trade

    return trade.check_year(value)


@_refusing
def trade_group(value: Any, run: Mapping[str, Any]) -> str:
    """A status group or ISO3 codes with a partner other than China that year, and some trade reported."""
    from . import partners, trade

    trade.check_group(value, run["year"], run["dating"])
    return partners.canonical(value)


@_refusing
def dating(value: Any, run: Mapping[str, Any]) -> Any:
    """How a status is dated: by the council's decision or by the memorandum."""
    from . import events

    return events.check_dating(value)


@_refusing
def weight_year(value: Any, run: Mapping[str, Any]) -> Any:
    """A year with population and GDP in the release the weight report uses for them."""
    from . import weight

    return weight.check_report_year(value, run["vintage"])


@_refusing
def claims_registry(value: Any, run: Mapping[str, Any]) -> str:
    """A registry of data/claims/ by name, or the path of a user's CSV of claims (articles.csv beside it), checked
    row by row; written as the name, a path in the repository, or an absolute path."""
    from . import manifest
    from .claims import registry

    claims, _ = registry.locate(str(value))
    registry.load(str(claims))
    folder = claims.parent
    if folder.parent == (manifest.data_dir() / registry.REGISTRIES).resolve() and claims.name == registry.CLAIMS:
        return folder.name
    try:
        return claims.relative_to(manifest.REPO_ROOT).as_posix()
    except ValueError:
        return str(claims)


@_refusing
def base_url(value: Any, run: Mapping[str, Any]) -> str:
    """Empty, or the http(s) address the reports are published under (ending in '/')."""
    from .errors import ValidationError

    text = str(value).strip()
    if text and not text.startswith(("http://", "https://")):
        raise ValidationError(
            f"{text!r} is not an http(s) address; give e.g. https://example.org/sco/ or leave it empty."
        )
    return text if not text or text.endswith("/") else text + "/"


RULES: dict[str, dict[str, Rule]] = {
    "timeline": {"as_of": as_of, "dating": dating},
    "trade": {"year": trade_year, "group": trade_group, "dating": dating},
    "weight": {"year": weight_year, "as_of": as_of, "vintage": vintage, "dating": dating},
    "claims": {"vintage": vintage, "registry": claims_registry, "base_url": base_url},
}
