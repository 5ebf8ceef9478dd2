"""What a report depends on, as hashes (notebook, parameters, title, package source, data, libraries, template),
and the record of each run's last successful build.

Unlike jupyter-cache (code cells only), the key also sees the imported package, every data file and the HTML
template's content, so a change in any of them rebuilds the reports. Nothing here imports pandas, nbformat,
papermill or nbconvert.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import params
from .environment import ROOT
from .files import reports_dir, write_atomic
from .plan import Run

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = PACKAGE_DIR / "templates"
KEY_LIBRARIES = (
    "pandas",
    "numpy",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyter_client",
    "pillow",
    "jinja2",
)


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def notebook_cells(notebook: Path) -> str:
    """Hash of the notebook's cells, code and markdown (a markdown edit changes the report too)."""
    nb = params.read_notebook(notebook)
    return _digest(*(f"{c['cell_type']}:{''.join(c['source'])}" for c in nb["cells"]))


def _tree(folder: Path, exclude: Path | None = None) -> str:
    """Hash of every file under a folder (names and contents), optionally leaving one subfolder out."""
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and (exclude is None or exclude not in p.parents)
    )
    return _digest(*(f"{p.relative_to(folder).as_posix()}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files))


@lru_cache(maxsize=1)
def package_source() -> str:
    """Hash of the package's code and style (templates are keyed apart, so a template edit says so)."""
    return _tree(PACKAGE_DIR, exclude=TEMPLATES_DIR)


@lru_cache(maxsize=1)
def templates() -> str:
    """Hash of the content of every template (the report page, the tables, the index)."""
    return _tree(TEMPLATES_DIR)


@lru_cache(maxsize=1)
def libraries() -> str:
    """Versions of the libraries that shape numbers, figures and HTML."""
    versions = []
    for name in KEY_LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==absent")
    return _digest(*versions)


def fingerprint(run: Run, data_hash: str) -> dict[str, str]:
    """One hash per input kind, so a rebuild can say which input changed (`data_hash` from manifest.digest(),
    computed once per build)."""
    return {
        "notebook": notebook_cells(run.notebook),
        "parameters": _digest(json.dumps(run.resolved, sort_keys=True, default=str)),
        "title": _digest(run.title),
        "package": package_source(),
        "data": data_hash,
        "libraries": libraries(),
        "template": templates(),
    }


def changed(old: dict[str, str] | None, new: dict[str, str]) -> list[str]:
    """Names of the inputs whose hash differs (all of them when there is no earlier build)."""
    if not old:
        return ["no earlier build"]
    return [f"{k} changed" for k in new if old.get(k) != new[k]]


def load_record(run: Run) -> dict[str, Any] | None:
    """The record of the run's last successful build, or None."""
    try:
        record: dict[str, Any] = json.loads(run.record.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return record


def save_record(run: Run, key: dict[str, str], seconds: float) -> None:
    """Record a successful build: what went in (the fingerprint), the parameters, how long it took, when."""
    record = {
        "report": run.report,
        "slug": run.slug,
        "title": run.title,
        "is_default": run.is_default,
        "notebook": os.path.relpath(run.notebook, ROOT),
        "parameters": run.params,
        "resolved": run.resolved,
        "fingerprint": key,
        "seconds": round(seconds, 2),
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
