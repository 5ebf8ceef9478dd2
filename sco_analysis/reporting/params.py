"""Notebook parameters: names and defaults from the cell tagged `parameters`, values typed and checked by the rules
the project registers for the notebook, before any kernel starts.

Reads notebooks as plain JSON (not nbformat), so that reading the defaults stays cheap.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ParameterError, did_you_mean, shown
from .project import current

# parameters the build sets itself when a notebook declares them (a user may not): the run's own page, relative to
# the reports folder ('claims/default.html'), e.g. for links to the report's anchors in data it publishes
RESERVED = {"report_page": "the page the report is written to, relative to the reports folder"}


def read_notebook(notebook: Path) -> dict[str, Any]:
    """A notebook file as JSON (parsed once per version of the file: do not modify it), or a ParameterError naming
    the file."""
    try:
        stat = notebook.stat()
        return _parsed(notebook, stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        raise ParameterError(f"{notebook}: no such notebook.") from None


@lru_cache(maxsize=16)  # executed notebooks are large, and a build reads each for every one of its runs
def _parsed(notebook: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """read_notebook, for one version of the file (its modification time and size are part of the key)."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParameterError(
            f"{notebook}: not a valid notebook (not JSON: {exc}); restore it with "
            f"`git checkout -- {notebook.name}` or save it again from JupyterLab."
        ) from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ParameterError(f"{notebook}: not a valid notebook (no list of cells).")
    return nb


def parameters_cell(notebook: str | Path) -> str:
    """Source of the cell tagged `parameters`."""
    for cell in read_notebook(Path(notebook))["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else str(source)
    raise ParameterError(f"{notebook}: no cell is tagged 'parameters'; tag the cell that sets the defaults.")


def notebook_defaults(notebook: str | Path) -> dict[str, Any]:
    """The parameter names and default values the notebook declares (each must be a literal)."""
    defaults: dict[str, Any] = {}
    try:
        body = ast.parse(parameters_cell(notebook)).body
    except SyntaxError as exc:
        raise ParameterError(
            f"{notebook}: the parameters cell is not valid Python ({exc.msg}, line {exc.lineno})."
        ) from None
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        try:
            defaults[target.id] = ast.literal_eval(value)
        except ValueError:
            raise ParameterError(
                f"{notebook}: parameter {target.id!r} has no literal default "
                f"({ast.unparse(value)}); write its value, e.g. {target.id} = 10."
            ) from None
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
    raise ParameterError(f"{where}: {value!r} is not a valid {kind.__name__} (the default is {default!r}).")


def check(notebook: str | Path, given: dict[str, Any]) -> dict[str, Any]:
    """Typed, validated parameters for `notebook`; raises ParameterError naming notebook, parameter, value, choices.

    A rule sees the whole run (a year is checked against the chosen vintage); a notebook the project registered no
    rules for gets its values typed only."""
    notebook = Path(notebook)
    defaults = notebook_defaults(notebook)
    checked: dict[str, Any] = {}
    for name, value in given.items():
        if name in RESERVED:
            raise ParameterError(
                f"{notebook.name}: parameter {name!r} is set by the build ({RESERVED[name]}); leave it out."
            )
        if name not in defaults:
            raise ParameterError(
                f"{notebook.name}: unknown parameter {name!r}; valid parameters: "
                f"{', '.join(defaults) or '(none)'}." + did_you_mean(name, list(defaults))
            )
        checked[name] = coerce(value, defaults[name], f"{notebook.name}: parameter {name!r}")
    resolved = {**defaults, **checked}
    rules = current().rules.get(notebook.stem, {})
    # every parameter of the run, defaults too (a default can be wrong for a given value: the default group in 1990);
    # the given ones first, so a bad value is reported under its own name, not under a parameter that depends on it
    for name in [*checked, *(k for k in defaults if k not in checked)]:
        if name in rules:
            try:
                canonical = rules[name](resolved[name], resolved)
            except ParameterError as exc:
                value = shown(resolved[name])
                # a long value the rule's message already quotes (cut to a line) is not echoed a second time
                said = "" if value != repr(resolved[name]) and value in str(exc) else f" = {value}"
                raise ParameterError(f"{notebook.name}: parameter {name!r}{said}: {exc}") from None
            if name in checked:  # the same value written another way names the same report
                checked[name] = resolved[name] = coerce(canonical, defaults[name], f"{notebook.name}: {name!r}")
    return checked


@dataclass(frozen=True)
class Cell:
    """One code cell: its source, and whether it is the parameters cell."""

    source: str
    parameters: bool


def code_cells(notebook: Path) -> list[Cell]:
    """The code cells of a notebook, in order."""
    nb = read_notebook(Path(notebook))
    return [
        Cell("".join(c["source"]), "parameters" in c.get("metadata", {}).get("tags", []))
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]


def reserved_values(notebook: Path, report: str, slug: str) -> dict[str, Any]:
    """The reserved parameters the notebook declares, with the values the build gives this run."""
    values = {"report_page": f"{report}/{slug}.html"}
    return {name: values[name] for name in RESERVED if name in notebook_defaults(notebook)}
