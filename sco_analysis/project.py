"""This project as the report runner sees it: where reports go, the code and page templates that key every report,
the check of data/ against its manifest, the parameter rules of each notebook, the named date sets a sweep can run
over, the warm-up a kernel started ahead runs and what the kernels' zygote imports first. `sco-report` registers
it; nothing in reporting/ imports back."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from . import manifest
from .errors import ScoError
from .parameters import RULES
from .reporting.errors import InputError
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
    manifest.verify_all()


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


PROJECT = Project(
    root=manifest.REPO_ROOT,
    package=PACKAGE,
    page_templates=PACKAGE / "templates",
    page_template="sco",
    check_inputs=_as_input_error(_check_inputs),
    inputs_digest=_as_input_error(manifest.digest),
    inputs_stamp=lambda: (manifest.data_dir() / "manifest.csv").read_bytes(),
    rules=RULES,
    date_sets={
        "S5": _summit_days("S5"),
        "HSC": _summit_days("HSC"),
        "HGC": _summit_days("HGC"),
        "review": _review_day,
    },
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
        "Two 2018 articles on the Shanghai Cooperation Organisation, checked claim by claim against primary data; "
        "every report below is a notebook run by sco-report build from the vendored data in data/, with the "
        "parameters shown."
    ),
)
