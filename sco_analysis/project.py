"""This project as the report runner sees it: where reports go, the code and page templates that key every report,
the check of data/ against its manifest, the parameter rules of each notebook, the named date sets a sweep can run
over, each run in words for the index, the warm-up a kernel started ahead runs and what the kernels' zygote
imports first. `sco-report` registers it; nothing in reporting/ imports back."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from . import checkout, manifest
from .errors import ScoError
from .parameters import RULES
from .reporting import hashing, params
from .reporting.environment import build_dir
from .reporting.errors import InputError
from .reporting.files import write_atomic
from .reporting.project import Project

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent


def _as_input_error(hook: Callable[[], T]) -> Callable[[], T]:
    """A hook whose package errors (a damaged or missing data file) reach the runner as InputError."""

    @functools.wraps(hook)
    def checked() -> T:
        try:
            return hook()
        except ScoError as exc:
            raise InputError(str(exc)) from None

    return checked


def _check_inputs() -> None:
    """Every vendored file against its sha256, every table the project writes against its schema."""
    from . import schema

    manifest.verify_all()
    schema.check_all()


def _summit_days(series: str) -> Callable[[], list[str]]:
    """The opening day of every summit of a series ('S5', 'HSC', 'HGC'), as YYYY-MM-DD."""

    def days() -> list[str]:
        from . import summits

        table = summits.summits()
        return [d.date().isoformat() for d in table.loc[table["series_code"] == series, "start_date"]]

    return _as_input_error(days)


@_as_input_error
def _review_day() -> list[str]:
    """The last day the event tables were reviewed for."""
    from . import events

    return [events.reviewed_through().date().isoformat()]


@functools.cache
def _labels_file() -> Path:
    """Where run labels are kept: keyed by the data manifest and the package's code, which are all they depend on."""
    key = hashlib.sha256((manifest.data_dir() / "manifest.csv").read_bytes() + hashing.package_source().encode())
    return build_dir() / "labels" / f"{key.hexdigest()[:32]}.json"


@functools.cache
def _labels() -> dict[str, str]:
    try:
        found: dict[str, str] = json.loads(_labels_file().read_text(encoding="utf-8"))
        return found
    except (OSError, ValueError):
        return {}


def _run_label(report: str, resolved: Mapping[str, Any]) -> str:
    """A run in words for the index ('15 June 2001 — 1st Heads of State Council, Shanghai'); kept on disk, so that
    a build with nothing to do reads them back without loading pandas or the data ('' if the data cannot say)."""
    key, labels = json.dumps([report, resolved], sort_keys=True, default=str), _labels()
    if key not in labels:
        from . import runs

        try:
            labels[key] = runs.label(report, resolved)
        except (ScoError, KeyError, TypeError, ValueError):
            labels[key] = ""
        with contextlib.suppress(OSError):  # a read-only checkout labels its runs every time
            write_atomic(_labels_file(), json.dumps(labels, sort_keys=True, ensure_ascii=False))
    return labels[key]


def _reads_data(notebook: Path) -> bool:
    """Whether a notebook needs data/ whole: one that imports the package does (the package checks every data file
    against the manifest when it first loads a table: each of the four notebooks, run on an empty table cache,
    checks all of data/), one that does not, does not."""
    return any("sco_analysis" in cell.source for cell in params.code_cells(notebook))


PROJECT = Project(
    root=manifest.REPO_ROOT,
    package=PACKAGE,
    page_templates=PACKAGE / "templates",
    page_template="sco",
    check_inputs=_as_input_error(_check_inputs),
    inputs_digest=_as_input_error(manifest.digest),
    inputs_stamp=lambda: (manifest.data_dir() / "manifest.csv").read_bytes(),
    cited_version=checkout.version,
    reads_inputs=_reads_data,
    rules=RULES,
    date_sets={
        "S5": _summit_days("S5"),
        "HSC": _summit_days("HSC"),
        "HGC": _summit_days("HGC"),
        "review": _review_day,
    },
    run_label=_run_label,
    warm_up="__import__('sco_analysis.notebook').notebook.warm_up()",
    # what the notebooks import beyond the warm-up (tables through Jinja and pandas' Styler, figures saved through
    # Agg), listed from a forked kernel's sys.modules after each notebook ran: imported once, in the zygote
    preload=(
        "sco_analysis.tables",
        "sco_analysis.intra",
        "sco_analysis.mirror",
        "sco_analysis.quality",
        "sco_analysis.claims.cards",
        "sco_analysis.claims.export",
        "sco_analysis.reporting.publish",
        "pandas.io.formats.style",
        "matplotlib.backends.backend_agg",
        "PIL.PngImagePlugin",
    ),
    reports_variable="SCO_REPORTS_DIR",
    index_title="SCO analysis",
    index_intro=(
        "The public record of the Shanghai Cooperation Organisation, checked claim by claim against primary data: "
        "two 2018 articles, an op-ed by Liu Xiaoming, China's ambassador to the UK (its claims are numbered A01, "
        "A02, ...), and an interview with Wang Kaiwen, SCO Deputy Secretary-General (B01, B02, ...); and seven "
        "articles on the 2025 Tianjin summit (numbered by outlet: X Xinhua, Y Yeni Şafak, T and D TASS, W WION, "
        "I India Today). Every report below is a notebook "
        "run by sco-report build from the vendored data in data/; each page ends with how to cite it, and each of "
        "its tables and figures links to its data as CSV."
    ),
)
