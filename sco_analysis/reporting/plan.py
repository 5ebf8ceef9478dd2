"""The runs to build: each report's explicit runs plus the product of its sweeps, checked, named and de-duplicated."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config, hashing, params
from .environment import build_dir
from .errors import ConfigError, ParameterError
from .files import reports_dir, write_atomic
from .project import current


@dataclass(frozen=True)
class Run:
    """One notebook with one parameter set, and where its outputs go."""

    report: str
    title: str
    notebook: Path
    params: dict[str, Any] = field(hash=False)
    resolved: dict[str, Any] = field(hash=False)
    slug: str = "default"
    is_default: bool = False
    cell_timeout: int = config.DEFAULT_CELL_TIMEOUT

    @property
    def name(self) -> str:
        """'trade/year=2017': the report and the run."""
        return f"{self.report}/{self.slug}"

    def path(self, suffix: str) -> Path:
        """reports/<report>/<slug><suffix>; a name that would leave the reports folder is refused (names are
        checked where they are made; this is the last guard)."""
        root = reports_dir()
        path = root / self.report / f"{self.slug}{suffix}"
        if not _named(self):
            raise ConfigError(f"run {self.report}/{self.slug}: not a name inside {root}; use {config.NAME_RULE}.")
        return path

    @property
    def record(self) -> Path:
        """The cache record of the last successful build of this run."""
        return reports_dir() / ".cache" / self.report / f"{self.slug}.json"


MAX_SLUG = 100  # characters of a file-name stem; a longer one is cut and ends in a hash of the whole


def slug_for(given: dict[str, Any]) -> str:
    """File-name stem from the explicit parameters: `year=2017`, `as_of=2018-06-09`, or `default`."""
    if not given:
        return "default"
    text = ",".join(f"{k}={v if not isinstance(v, list) else '+'.join(map(str, v))}" for k, v in sorted(given.items()))
    slug = "".join(ch if ch.isalnum() or ch in "=,+-._" else "_" for ch in text)
    if len(slug) > MAX_SLUG:
        slug = f"{slug[: MAX_SLUG - 13]}...{hashlib.sha256(slug.encode()).hexdigest()[:10]}"
    return slug


def sweep_values(sweep: config.Sweep) -> list[Any]:
    """The values of one swept parameter."""
    if sweep.range is not None:
        first, last, step = sweep.range
        return list(range(first, last + 1, step))
    if sweep.dates:
        sets = current().date_sets
        return sorted({day for name in sweep.dates for day in sets[name]()})
    return list(sweep.values)


def make_run(spec: config.ReportSpec, given: dict[str, Any]) -> Run:
    """A checked run of a configured report (parameters typed and validated by the notebook's rules)."""
    checked = params.check(spec.notebook, given)
    defaults = params.notebook_defaults(spec.notebook)
    resolved = {**defaults, **checked}
    return Run(
        spec.name,
        spec.title,
        spec.notebook,
        checked,
        resolved,
        slug_for(checked),
        is_default=resolved == defaults,
        cell_timeout=spec.cell_timeout,
    )


def plan_report(spec: config.ReportSpec) -> list[Run]:
    """Every run of one report: its `runs` plus the product of its `sweep`, checked and de-duplicated."""
    given_sets = [dict(r) for r in spec.runs]
    names = list(spec.sweep)
    if names:  # the product of no sweeps would be one empty run: the defaults, which were not asked for
        for combo in itertools.product(*(sweep_values(spec.sweep[n]) for n in names)):
            given_sets.append(dict(zip(names, combo, strict=True)))
    runs: dict[str, Run] = {}
    for given in given_sets:
        run = make_run(spec, given)
        key = json.dumps(run.resolved, sort_keys=True, default=str)
        # the same resolved parameters twice: keep the more explicit name (year=2017 over default)
        if key not in runs or len(run.params) > len(runs[key].params):
            runs[key] = run
    return list(runs.values())


def plan(config_path: Path, only: list[str] | None = None) -> list[Run]:
    """All runs of the config (or of the reports named in `only`): from the plan cache when the config, the
    notebooks' parameters cells, the data manifest and the package are as they were (so a build with nothing to
    do needs neither pandas nor the data), else planned and checked afresh."""
    reports = config.load(config_path)
    unknown = [n for n in (only or []) if n not in reports]
    if unknown:
        raise ConfigError(f"unknown report {unknown}; reports in {config_path.name}: {', '.join(reports)}.")
    cached = _plan_file(config_path, reports, only)
    try:
        found = [_run_from(record) for record in json.loads(cached.read_text(encoding="utf-8"))]
        # a plan is a cache, trusted no more than the config: each run must be a configured report's notebook
        if all(r.report in reports and r.notebook == reports[r.report].notebook and _named(r) for r in found):
            return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    # only the reports asked for: a build of some reports must not need the data of the others
    runs = [run for name, spec in reports.items() if not only or name in only for run in plan_report(spec)]
    with contextlib.suppress(OSError):  # a read-only checkout plans every time
        write_atomic(cached, json.dumps([_record_of(r) for r in runs], sort_keys=True, default=str))
        _prune(cached.parent)
    return runs


KEEP_PLANS = 20  # plans kept in .build/plans; each edit of the config, a notebook or the package makes a new one


def _prune(folder: Path) -> None:
    """Remove all but the KEEP_PLANS most recently written plans."""
    plans = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in plans[KEEP_PLANS:]:
        old.unlink(missing_ok=True)


def _named(run: Run) -> bool:
    """Whether a run's names keep the rule (see Run.path)."""
    return bool(config.NAME.fullmatch(run.report)) and "/" not in run.slug and not run.slug.startswith(".")


def _plan_file(config_path: Path, reports: dict[str, config.ReportSpec], only: list[str] | None) -> Path:
    """Where the plan for these inputs is kept: keyed by everything that can change the runs or their checks."""
    h = hashlib.sha256(config_path.read_bytes())
    h.update(json.dumps(sorted(only or [])).encode())
    for spec in reports.values():
        h.update(str(spec.notebook).encode() + params.parameters_cell(spec.notebook).encode())
    h.update(current().inputs_stamp())
    h.update((hashing.package_source() + hashing.libraries()).encode())
    return build_dir() / "plans" / f"{h.hexdigest()[:32]}.json"


def _record_of(run: Run) -> dict[str, Any]:
    return {
        "report": run.report,
        "title": run.title,
        "notebook": str(run.notebook),
        "params": run.params,
        "resolved": run.resolved,
        "slug": run.slug,
        "is_default": run.is_default,
        "cell_timeout": run.cell_timeout,
    }


def _run_from(record: dict[str, Any]) -> Run:
    return Run(**{**record, "notebook": Path(record["notebook"])})


def adhoc_run(notebook: Path, given: dict[str, Any], config_path: Path | None = None) -> Run:
    """A run of any notebook with any parameters (the run command): a configured notebook's runs are named like
    the configured ones (the same parameters, the same file); any other notebook is a report of its own."""
    notebook = notebook.resolve()
    if not notebook.exists():
        raise ParameterError(f"{notebook}: no such notebook.")
    reports = config.load(config_path) if config_path is not None and config_path.exists() else {}
    spec = next((s for s in reports.values() if s.notebook == notebook), None)
    if spec is None:
        # a notebook that is not the configured one never writes over a configured report's files
        stem = config.safe_name(notebook.stem)
        changed = stem != notebook.stem or stem in reports  # never another report's folder, nor outside reports/
        name = f"{stem}-{hashlib.sha256(str(notebook).encode()).hexdigest()[:8]}" if changed else stem
        spec = config.ReportSpec(name=name, notebook=notebook, title=name)
    run = make_run(spec, given)
    same = [r for r in plan_report(spec) if r.resolved == run.resolved] if spec.name in reports else []
    return same[0] if same else run
