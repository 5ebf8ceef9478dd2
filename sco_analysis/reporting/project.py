"""The project a build serves, registered by the project itself (as papermill's engines are): where its reports and
caches go, the code and templates that key every report, and its hooks (the check of its inputs, parameter rules per
notebook, named date sets for sweeps, run labels, the warm-up code of a kernel and the modules its zygote preloads).
The runner reads them from here and never imports the project's modules."""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ReportingError

# a rule checks one parameter value against the whole run and returns its canonical form (the same value written
# one way: 20180609 -> "2018-06-09"), or raises ParameterError
Rule = Callable[[Any, Mapping[str, Any]], Any]
PROJECT_VARIABLE = "REPORTING_PROJECT"  # "module:attribute" of the project, for processes the build starts
WARM_VARIABLE = "REPORTING_WARM_UP"  # "no" while a build runs notebooks none of which reads the project's inputs
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


def _no_label(report: str, resolved: Mapping[str, Any]) -> str:
    return ""


@dataclass(frozen=True)
class Project:
    """What the runner needs to know about the project whose notebooks it runs."""

    root: Path  # reports/, .build/ and reports.toml live here
    package: Path  # the code the notebooks import: part of every report's key, byte-compiled before kernels start
    page_templates: Path  # the nbconvert templates of the report pages (a folder of template folders) ...
    page_template: str  # ... and the one used
    check_inputs: Callable[[], None]  # verify the inputs; raise InputError naming a damaged one and the fix
    inputs_digest: Callable[[], str]  # one hash of the inputs as found (part of every report's key)
    inputs_stamp: Callable[[], bytes]  # a cheap stamp of the inputs (the plan is cached under it)
    cited_version: Callable[[], str] = lambda: ""  # the code version pages cite (a commit): part of every report's key
    reads_inputs: Callable[[Path], bool] = lambda notebook: True  # whether a notebook needs the inputs whole
    rules: Mapping[str, Mapping[str, Rule]] = field(default_factory=dict)  # notebook stem -> parameter -> rule
    date_sets: Mapping[str, Callable[[], list[str]]] = field(default_factory=dict)  # sweep { dates = [...] }
    run_label: Callable[[str, Mapping[str, Any]], str] = _no_label  # a run in words, for the index
    warm_up: str = ""  # code a kernel started ahead runs while it starts (imports, data); binds no name
    preload: tuple[str, ...] = ()  # modules the kernel zygote imports before its warm-up (see zygote.py)
    reports_variable: str = "REPORTS_DIR"  # the environment variable that moves the reports folder elsewhere
    index_title: str = "Reports"
    index_intro: str = ""
    key_libraries: tuple[str, ...] = KEY_LIBRARIES


_current: list[Project] = []


def use(spec: str) -> Project:
    """Load and register the project `spec` ("module:attribute"), and name it for the processes the build starts."""
    module_name, _, attribute = spec.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute or "PROJECT")
    except (ImportError, AttributeError) as exc:
        raise ReportingError(f"no project {spec!r} ({exc}); give it as module:attribute.") from None
    if not isinstance(found, Project):
        raise ReportingError(f"{spec!r} is not a reporting Project.")
    _current[:] = [found]
    os.environ[PROJECT_VARIABLE] = spec
    return found


def current() -> Project:
    """The registered project (or the one named in the environment by the build that started this process)."""
    if not _current:
        spec = os.environ.get(PROJECT_VARIABLE)
        if not spec:
            raise ReportingError(f"no project registered; call reporting.project.use(...) or set {PROJECT_VARIABLE}.")
        use(spec)
    return _current[0]


@contextlib.contextmanager
def warming(notebooks: Iterable[Path]) -> Iterator[None]:
    """Inside the block (a build of these notebooks), kernels start warmed up (the zygote's preloads, the warm-up
    code) only if one of the notebooks reads the project's inputs: a notebook that imports none of the project
    gains nothing from it, and a build of such notebooks (an ad-hoc notebook, the tests' small ones) would pay for
    every import and table. Said through the environment, which the build's workers, zygote and kernels inherit."""
    served = current()
    before = os.environ.get(WARM_VARIABLE)
    os.environ[WARM_VARIABLE] = "yes" if any(served.reads_inputs(nb) for nb in set(notebooks)) else "no"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(WARM_VARIABLE, None)
        else:
            os.environ[WARM_VARIABLE] = before


def warm_up() -> tuple[str, tuple[str, ...]]:
    """What a kernel runs while it starts and what the zygote imports first, in this build (see warming)."""
    served = current()
    if os.environ.get(WARM_VARIABLE) == "no":
        return "", ()
    return served.warm_up, served.preload
