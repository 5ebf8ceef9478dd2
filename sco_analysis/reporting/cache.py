"""The record of each run's last successful build (what went in, as hashes.py keys it) and of its last failure.
Nothing here imports pandas, nbformat, papermill or nbconvert."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from .files import reports_dir, write_atomic
from .plan import Run
from .project import current


def load_record(run: Run) -> dict[str, Any] | None:
    """The record of the run's last successful build, or None."""
    try:
        record: dict[str, Any] = json.loads(run.record.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return record


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
        "built_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }
    write_atomic(run.record, json.dumps(record, indent=1, sort_keys=True, default=str))
    clear_failure(run)


def clear_failure(run: Run) -> None:
    """Forget a run's last failure: its report is current again (built now, or the failing inputs were reverted)."""
    failure_file(run).unlink(missing_ok=True)
    failed_notebook(run).unlink(missing_ok=True)


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
        with contextlib.suppress(ValueError, OSError, KeyError):
            record = json.loads(path.read_text(encoding="utf-8"))
            found[f"{record['report']}/{record['slug']}"] = record
    return found
