"""Strict notebook parameters: names from the notebook's `parameters` cell, values typed and checked before a kernel starts.

Reads the notebook as plain JSON (not nbformat) so that checking stays fast.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from .errors import ValidationError, did_you_mean


def parameters_cell(notebook: str | Path) -> str:
    """Source of the cell tagged `parameters`."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return "".join(cell["source"])
    raise ValidationError(f"{notebook}: no cell is tagged 'parameters'; tag the cell that sets the defaults.")


def notebook_defaults(notebook: str | Path) -> dict[str, Any]:
    """The parameter names and default values the notebook declares."""
    defaults: dict[str, Any] = {}
    for node in ast.parse(parameters_cell(notebook)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            defaults[node.targets[0].id] = ast.literal_eval(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            defaults[node.target.id] = ast.literal_eval(node.value)
    return defaults


def coerce(value: Any, default: Any, where: str) -> Any:
    """Convert a value (often a command-line string) to the type of the parameter's default."""
    kind = type(default)
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    try:
        if kind is bool:
            text = str(value).strip().lower()
            if text not in {"true", "false", "1", "0", "yes", "no"}:
                raise ValueError(value)
            return text in {"true", "1", "yes"}
        if kind is int:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return int(str(value).strip()) if not isinstance(value, float) else int(value)
        if kind is float:
            return float(value)
        if kind is str:
            return str(value)
        if kind is list:
            return [v.strip() for v in str(value).split(",") if v.strip()] if isinstance(value, str) else list(value)
    except (TypeError, ValueError):
        pass
    raise ValidationError(f"{where}: {value!r} is not a valid {kind.__name__} (the default is {default!r}).")


# parameter name -> "module:function" that raises ValidationError for a bad value; the notebook stem may refine it
RULES = {
    "as_of": "membership:valid_date",
    "vintage": "data:check_vintage",
    ("trade", "year"): "trade:check_year",
    ("trade", "group"): "trade:check_group",
    ("weight", "year"): "weight:check_report_year",
}


def _rule(stem: str, name: str):
    import importlib

    target = RULES.get((stem, name)) or RULES.get(name)
    if target is None:
        return None
    module, func = target.split(":")
    return getattr(importlib.import_module(f"sco_analysis.{module}"), func)


def check(notebook: str | Path, given: dict[str, Any]) -> dict[str, Any]:
    """Typed, validated parameters for `notebook`; raises ValidationError naming notebook, parameter, value, choices.

    A rule may take other parameters of the run by name (e.g. a year checked against the chosen vintage)."""
    import inspect

    notebook = Path(notebook)
    defaults = notebook_defaults(notebook)
    checked: dict[str, Any] = {}
    for name, value in given.items():
        if name not in defaults:
            raise ValidationError(f"{notebook.name}: unknown parameter {name!r}; valid parameters: "
                                  f"{', '.join(defaults) or '(none)'}." + did_you_mean(name, list(defaults)))
        checked[name] = coerce(value, defaults[name], f"{notebook.name}: parameter {name!r}")
    resolved = {**defaults, **checked}
    # every parameter of the run, defaults too (a default can be wrong for a given value: the default group in 1990);
    # the given ones first, so a bad value is reported under its own name, not under a parameter that depends on it
    for name in [*checked, *(k for k in defaults if k not in checked)]:
        typed = resolved[name]
        rule = _rule(notebook.stem, name)
        if rule is None:
            continue
        context = {k: v for k, v in resolved.items() if k != name and k in inspect.signature(rule).parameters}
        try:
            rule(typed, **context)
        except ValidationError as exc:
            raise ValidationError(f"{notebook.name}: parameter {name!r} = {typed!r}: {exc}") from None
    return checked
