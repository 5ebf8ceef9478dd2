"""The record of each run's last successful build (what went in, as hashes.py keys it) and of its last failure.
Nothing here imports pandas, nbformat, papermill or nbconvert."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from .files import reports_dir, write_atomic
from .plan import Run
from .project import current

# a record's fields and their types: a file of another shape (edited, truncated, from another version) is no record
_FIELDS: dict[str, type | tuple[type, ...]] = {
    "report": str,
    "slug": str,
    "resolved": dict,
    "fingerprint": dict,
    "seconds": (int, float),
    "built_at": str,
}
_FAILURE_FIELDS: dict[str, type | tuple[type, ...]] = {"report": str, "slug": str, "error": str}


def _read(path: Path, fields: dict[str, type | tuple[type, ...]]) -> dict[str, Any] | None:
    """The JSON object at `path` if it has `fields` with their types and names the run its path is of (report
    folder, slug file name); else None: unreadable, the wrong shape or another run's is a miss, never an error."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # ValueError: not JSON, or not UTF-8
        return None
    if not isinstance(found, dict) or not all(isinstance(found.get(k), t) for k, t in fields.items()):
        return None
    if (found["report"], found["slug"]) != (path.parent.name, path.name.removesuffix(".json").removesuffix(".failed")):
        return None
    record: dict[str, Any] = found
    return record


def _record(path: Path) -> dict[str, Any] | None:
    record = _read(path, _FIELDS)
    if record is None or not all(isinstance(v, str) for v in record["fingerprint"].values()):
        return None
    return record


def load_record(run: Run) -> dict[str, Any] | None:
    """The record of the run's last successful build, or None (none, or not a record)."""
    return _record(run.record)


def records() -> list[dict[str, Any]]:
    """The record of every run whose report file exists, sorted by report and run (files that are not records are
    left out)."""
    found = []
    for path in sorted((reports_dir() / ".cache").glob("*/*.json")):
        record = None if path.name.endswith(".failed.json") else _record(path)
        if record is not None and (reports_dir() / record["report"] / f"{record['slug']}.html").exists():
            found.append(record)
    return sorted(found, key=lambda r: (r["report"], r["slug"]))


def save_record(run: Run, key: dict[str, str], seconds: float, kernel: str = "") -> None:
    """Record a successful build: what went in (the fingerprint), the parameters, how long it took, when, and in
    what kind of kernel (forked, spawned, cold)."""
    record = {
        "report": run.report,
        "slug": run.slug,
        "title": run.title,
        "is_default": run.is_default,
        "notebook": os.path.relpath(run.notebook, current().root),
        "parameters": run.params,
        "resolved": run.resolved,
        "fingerprint": key,
        "seconds": round(seconds, 2),
        "kernel": kernel,
        "html_bytes": run.path(".html").stat().st_size,  # a page cut short or edited since is built again
        "built_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }
    write_atomic(run.record, json.dumps(record, indent=1, sort_keys=True, default=str))
    clear_failure(run)


def clear_failure(run: Run) -> None:
    """Forget a run's last failure: its report is current again (built now, or the failing inputs were reverted).
    Only files that exist are removed: a no-op build must work on a read-only reports folder."""
    for path in (failure_file(run), failed_notebook(run)):
        if path.exists():
            path.unlink(missing_ok=True)


def failure_file(run: Run) -> Path:
    """Where the last failure of a run is recorded (until it next succeeds)."""
    return run.record.with_name(f"{run.slug}.failed.json")


def failed_notebook(run: Run) -> Path:
    """Where the notebook of a failed run is kept, with its traceback, until the run next succeeds."""
    return reports_dir() / "_failed" / run.report / f"{run.slug}.ipynb"


def save_failure(run: Run, error: str) -> None:
    """Record that the run's last build failed, and why (the index marks its older report as stale)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    write_atomic(failure_file(run), json.dumps({"report": run.report, "slug": run.slug, "error": error, "at": stamp}))


def failures() -> dict[str, dict[str, str]]:
    """Every run whose last build failed, by name ('trade/year=2017'): error and time."""
    found = {}
    for path in sorted((reports_dir() / ".cache").glob("*/*.failed.json")):
        record = _read(path, _FAILURE_FIELDS)
        if record is not None:
            found[f"{record['report']}/{record['slug']}"] = record
    return found
