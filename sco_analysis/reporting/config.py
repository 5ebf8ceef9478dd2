"""reports.toml -> typed report specs; an unknown, missing or malformed key stops with the valid choices."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, did_you_mean
from .project import current

KEYS = {
    "notebook": "the notebook to execute (required), relative to the repository",
    "title": "the report's title",
    "description": "one paragraph for the index",
    "runs": 'explicit parameter sets, e.g. [{}, { vintage = "wb-2021" }]',
    "sweep": "parameters to run over: a list, { range = [first, last], step = 1 } or { dates = [...] } (the "
    "project's named date sets)",
    "cell_timeout": "seconds a cell may run before the report fails (default 600)",
}
SWEEP_FORMS = "a list of values, { range = [first, last] } (optionally with step = N) or { dates = [names] }"
DEFAULT_CELL_TIMEOUT = 600


@dataclass(frozen=True)
class Sweep:
    """One swept parameter: explicit values, an inclusive integer range, or date sets the project names."""

    values: tuple[Any, ...] = ()
    range: tuple[int, int, int] | None = None
    dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportSpec:
    """One report of reports.toml."""

    name: str
    notebook: Path
    title: str
    description: str = ""
    runs: tuple[dict[str, Any], ...] = ({},)
    sweep: dict[str, Sweep] = field(default_factory=dict)
    cell_timeout: int = DEFAULT_CELL_TIMEOUT


def _fail(where: str, message: str) -> ConfigError:
    return ConfigError(f"{where}: {message}")


def _sweep(where: str, name: str, spec: Any) -> Sweep:
    """A sweep entry, checked: the values are not empty, a range runs forward with a positive step."""
    here = f"{where} sweep of {name!r}"
    if isinstance(spec, list):
        if not spec:
            raise _fail(here, f"the list is empty; give {SWEEP_FORMS}.")
        return Sweep(values=tuple(spec))
    if not isinstance(spec, dict) or set(spec) not in ({"range"}, {"range", "step"}, {"dates"}):
        raise _fail(here, f"must be {SWEEP_FORMS}; got {spec!r}.")
    if "dates" in spec:
        names = spec["dates"] if isinstance(spec["dates"], list) else [spec["dates"]]
        sets = current().date_sets
        if not names or any(n not in sets for n in names):
            raise _fail(here, f"dates = {spec['dates']!r}; name one or more of {', '.join(map(repr, sets))}.")
        return Sweep(dates=tuple(names))
    bounds, step = spec["range"], spec.get("step", 1)
    ints = isinstance(bounds, list) and len(bounds) == 2 and all(type(b) is int for b in bounds)
    if not ints:
        raise _fail(here, f"range must be two whole numbers [first, last]; got {bounds!r}.")
    if type(step) is not int or step < 1:
        raise _fail(here, f"step must be a whole number of at least 1; got {step!r}.")
    if bounds[0] > bounds[1]:
        raise _fail(here, f"range {bounds} runs backwards and would build nothing; give [{bounds[1]}, {bounds[0]}].")
    return Sweep(range=(bounds[0], bounds[1], step))


# a report's name is a folder of the reports folder, and a run's slug a file name in it: one rule for both, so no
# name can reach outside it ('..', '/', a leading dot) or hide from a listing
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
NAME_RULE = "1 to 64 letters, digits, '-' or '_', starting with a letter or digit"


def safe_name(text: str) -> str:
    """A report name made from any text (an ad-hoc notebook's stem): what the rule refuses becomes '-'."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-_")[:64]
    return name if NAME.fullmatch(name) else "notebook"


def _report(path: Path, name: str, table: Any, root: Path) -> ReportSpec:
    """One [report] table, checked key by key."""
    if not NAME.fullmatch(name):
        raise _fail(path.name, f"report name {name!r}: a report's name is a folder of reports/; use {NAME_RULE}.")
    where = f"{path.name} [{name}]"
    if not isinstance(table, dict):
        raise _fail(path.name, f"{name!r} must be a table ([{name}] with notebook = ...); got {table!r}.")
    unknown = [k for k in table if k not in KEYS]
    if unknown:
        raise _fail(
            where, f"unknown key {unknown[0]!r}; valid keys: {', '.join(KEYS)}." + did_you_mean(unknown[0], list(KEYS))
        )
    if "notebook" not in table:
        raise _fail(where, f'no notebook; add notebook = "notebooks/{name}.ipynb" ({KEYS["notebook"]}).')
    for key in ("notebook", "title", "description"):
        if key in table and not isinstance(table[key], str):
            raise _fail(where, f"{key} must be a string; got {table[key]!r}.")
    notebook = (root / table["notebook"]).resolve()
    if not notebook.is_file():
        raise _fail(where, f"notebook {table['notebook']} does not exist.")
    runs = table.get("runs", [{}])
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        raise _fail(where, f"runs must be a list of tables, e.g. [{{}}, {{ year = 2020 }}]; got {runs!r}.")
    sweep = table.get("sweep", {})
    if not isinstance(sweep, dict):
        raise _fail(
            where, f"sweep must be a table of parameters, e.g. {{ year = {{ range = [2001, 2020] }} }}; got {sweep!r}."
        )
    timeout = table.get("cell_timeout", DEFAULT_CELL_TIMEOUT)
    if type(timeout) is not int or timeout < 1:
        raise _fail(where, f"cell_timeout must be a whole number of seconds, at least 1; got {timeout!r}.")
    return ReportSpec(
        name=name,
        notebook=notebook,
        title=table.get("title", name),
        description=table.get("description", ""),
        runs=tuple(dict(r) for r in runs),
        sweep={k: _sweep(where, k, v) for k, v in sweep.items()},
        cell_timeout=timeout,
    )


def load(path: Path, root: Path | None = None) -> dict[str, ReportSpec]:
    """Every report of the config, in file order; a ConfigError names the file, the report, the key and the fix.
    Notebooks are found relative to `root` (default: the project's root)."""
    root = current().root if root is None else root
    if not path.exists():
        raise ConfigError(f"{path}: no report config; restore it with `git checkout -- {path.name}`.")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text.") from None
    except RecursionError:
        raise ConfigError(f"{path}: values nested too deeply to read; a report is one table of keys.") from None
    if not raw:
        raise ConfigError(f'{path}: lists no report; add a [name] table with notebook = "notebooks/....ipynb".')
    return {name: _report(path, name, table, root) for name, table in raw.items()}
