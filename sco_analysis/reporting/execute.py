"""Execute one run: papermill in a kernel of its own (forked or spawned ahead, see kernels.py), then
self-contained HTML by nbconvert, written atomically with any files the notebook published. papermill, nbconvert
and nbformat are imported here only, so a build where everything is cached never pays for them."""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import cache, forks, kernels, params, unbroken
from .environment import isolate
from .files import explain, reports_dir, temporary_notebook, write_atomic, write_together
from .plan import Run
from .project import current
from .publish import EXPORT_MIME

# nbformat validates with jsonschema, whose format checkers import rfc3987_syntax if it is installed (jupyterlab's
# dependencies install it); it compiles Earley grammars for the "iri" formats at import, over 2 s here, for formats
# no notebook schema uses (python-jsonschema/jsonschema#1428). Marked absent, jsonschema leaves those two checkers out.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def sanitize(nb: Any) -> Any:
    """Drop what varies between identical runs: timings, absolute paths, the injected cell's random id."""
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables"):
        meta.pop(key, None)
    for name in params.RESERVED:  # set by the build, not chosen: the page does not list them as parameters
        meta.get("parameters", {}).pop(name, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    return nb


_EXPORTER: Any = None


def to_html(nb: Any, title: str) -> str:
    """Self-contained HTML (no CDN scripts, code hidden, figures inline) from an executed notebook."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        project = current()
        _EXPORTER = HTMLExporter(
            template_name=project.page_template,
            extra_template_basedirs=[str(project.page_templates)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    body: str = _EXPORTER.from_notebook_node(nb, resources={"metadata": {"name": title}})[0]
    # the notebook's own Markdown and the figures' captions keep dates, ranges and amounts whole on a phone, as the
    # text the notebooks display does (the pass leaves what is already kept whole as it is)
    return unbroken.keep_whole(body)


def published(nb: Any) -> list[dict[str, Any]]:
    """The files the notebook handed to the build (notebook.publish): [{"name": ..., "files": {suffix: text}}]."""
    return [
        output["data"][EXPORT_MIME]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if EXPORT_MIME in output.get("data", {})
    ]


def exports(nb: Any, run: Run) -> dict[Path, str]:
    """Each published file as <report>/<slug>.<name><suffix>, and its text; the run with the notebook's default
    parameters also writes reports/<name><suffix> when the name is its report's ('claims.table-1' of report claims):
    an ad-hoc copy of a notebook, run under a name of its own, never overwrites a configured report's files."""
    texts = {}
    for bundle in published(nb):
        own = bundle["name"] == run.report or bundle["name"].startswith(f"{run.report}.")
        stems = [run.path(f".{bundle['name']}")] + ([reports_dir() / bundle["name"]] if run.is_default and own else [])
        for stem in stems:
            for suffix, text in sorted(bundle["files"].items()):
                texts[stem.with_name(stem.name + suffix)] = text
    return texts


_SPARES: dict[str, kernels.Spare] = {}


def spare(kind: str) -> kernels.Spare:
    """This process's spare kernel of that kind (one per process: the build's, or a worker's)."""
    return _SPARES.setdefault(kind, kernels.Spare(kind))


def close_spares() -> None:
    """Retire the spare kernels this process started (at the end of a build or of a worker)."""
    for kept in _SPARES.values():
        kept.close()


def timed_out(run: Run, message: str) -> str:
    """'cell 3: no result after 600 s (cell_timeout in reports.toml): time.sleep(600)': the cell, by its number
    among the notebook's code cells, found from the preview nbclient gives of it."""
    preview = message.split("-------------------")[1].strip() if message.count("-------------------") >= 2 else ""
    cells = params.code_cells(run.notebook)
    number = next((i for i, c in enumerate(cells, 1) if preview and c.source.startswith(preview)), None)
    first_line = preview.splitlines()[0] if preview else ""
    return (
        f"cell {number if number else '?'}: no result after {run.cell_timeout} s (raise cell_timeout in "
        f"reports.toml if it needs longer): {first_line}"
    )


ENGINE = "keeps-timed-out"  # papermill's nbclient engine, telling where the notebook it runs is
_RUNNING = threading.local()  # the notebook this thread's kernel is running, filled in cell by cell


@lru_cache(maxsize=1)
def _engine() -> str:
    """Register (once) papermill's nbclient engine with one change: it keeps the notebook it runs where the build
    finds it, so a cell that runs past the timeout leaves the notebook as far as it ran, as an error in a cell does
    (papermill saves neither when not asked to save after every cell, which writes the notebook twice per cell)."""
    import logging

    from papermill.engines import NBClientEngine, papermill_engines

    # the build names every failure itself, with the cell and the fix ("cell 2: no result after 3 s (raise
    # cell_timeout ...)"); the log line nbclient writes through papermill's logger ("Timeout waiting for execute
    # reply (3s).") would say it again on stderr, without either
    logging.getLogger("papermill").addHandler(logging.NullHandler())

    run_cells = NBClientEngine.execute_managed_notebook.__func__

    def keeping(cls: type, nb_man: Any, kernel_name: str, /, **kwargs: Any) -> Any:
        _RUNNING.notebook = nb_man.nb
        return run_cells(cls, nb_man, kernel_name, **kwargs)

    engine = type("KeepsTimedOut", (NBClientEngine,), {"execute_managed_notebook": classmethod(keeping)})
    papermill_engines.register(ENGINE, engine)
    return ENGINE


def _papermill(run: Run, tmp: Path, km: Any) -> Any:
    import papermill as pm

    return pm.execute_notebook(
        str(run.notebook),
        str(tmp),
        engine_name=_engine(),
        parameters={**run.params, **params.reserved_values(run.notebook, run.report, run.slug)},
        kernel_name=kernels.KERNEL_NAME,
        cwd=str(run.notebook.parent),
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        execution_timeout=run.cell_timeout,
        km=km,
    )


def _failed(run: Run, tmp: Path, started: float, error: str) -> dict[str, Any]:
    """A failed run's result, its notebook as far as it ran kept under _failed/ (where the README says it is)."""
    failed = cache.failed_notebook(run)
    written = tmp.exists()
    if written:
        failed.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, failed)
    return {
        "status": "failed",
        "seconds": time.perf_counter() - started,
        "error": error,
        "failed_notebook": str(failed) if written else "",
    }


@dataclass
class Executed:
    """A notebook its kernel has run, not yet written: the notebook, when the run started, the kind of kernel."""

    nb: Any
    started: float
    kernel: str


def run_notebook(run: Run, next_cwd: str | None = None, kind: str = "forked") -> Executed | dict[str, Any]:
    """The kernel's part of a run: the executed notebook, or the failure (the failed notebook kept under _failed/).

    The kernel comes from this process's spare if one was started for the notebook's folder; when `next_cwd` is
    given, the next report's kernel starts (and warms up) while this one runs. A report whose forked kernel died
    because the zygote did runs again in a spawned kernel: the zygote's end is not the report's failure."""
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    isolate()
    started = time.perf_counter()
    tmp = temporary_notebook(f"{run.report}-{run.slug}")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    cwd = str(run.notebook.parent)
    for attempt in (1, 2):
        km = spare(kind).take(cwd)
        used = "forked" if kernels.forked(km) else ("cold" if kind == "cold" else "spawned")
        if next_cwd is not None:
            spare(kind).prepare(next_cwd)
        try:
            nb = _papermill(run, tmp, km)
        except PapermillExecutionError as exc:
            return _failed(run, tmp, started, f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}".strip())
        except CellTimeoutError as exc:
            ran, _RUNNING.notebook = getattr(_RUNNING, "notebook", None), None
            if ran is not None:
                import nbformat

                write_atomic(tmp, nbformat.writes(ran))
            return _failed(run, tmp, started, timed_out(run, str(exc)))
        except Exception as exc:  # kernel died, notebook unreadable: report it, keep going with the others
            if attempt == 1 and kernels.lost(km):
                forks.refuse(forks.ENDED)
                continue
            tmp.unlink(missing_ok=True)
            return {
                "status": "failed",
                "seconds": time.perf_counter() - started,
                "error": f"{type(exc).__name__}: {exc}".strip(),
            }
        finally:
            kernels.retire(km)
        tmp.unlink(missing_ok=True)
        return Executed(nb, started, used)
    raise AssertionError("unreachable: the second attempt returns")


def publish(run: Run, executed: Executed) -> dict[str, Any]:
    """The writing part of a run, which needs no kernel (a build does it while the next report runs): the notebook
    without what varies between identical runs, its published files, its .ipynb and its self-contained .html."""
    import nbformat

    nb = sanitize(executed.nb)
    texts = {**exports(nb, run), run.path(".ipynb"): nbformat.writes(nb) + "\n"}
    texts[run.path(".html")] = to_html(nb, f"{run.title} — {run.slug}")
    try:  # a run's files land together or not at all: never a page without its data, or data without its page
        write_together(texts)
    except OSError as exc:  # a full disk: this report fails, saying which file and what to do; the build goes on
        return {"status": "failed", "seconds": time.perf_counter() - executed.started, "error": explain(exc)}
    return {"status": "done", "seconds": time.perf_counter() - executed.started, "kernel": executed.kernel}


def refresh_notebook(notebook: Path) -> None:
    """Re-execute a committed notebook in place with its defaults, without timing metadata (for nbval)."""
    import nbformat
    from nbclient import NotebookClient

    isolate()
    nb = nbformat.read(notebook, as_version=4)
    # a kernel with nothing loaded, in this process's list of kernels: ^C kills it as it kills a build's (stopping.py)
    km = kernels.Spare("cold").take(str(notebook.parent))
    try:
        NotebookClient(
            nb,
            km=km,
            kernel_name=kernels.KERNEL_NAME,
            record_timing=False,
            resources={"metadata": {"path": str(notebook.parent)}},
        ).execute()
    finally:
        kernels.retire(km)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    write_atomic(notebook, nbformat.writes(nb) + "\n")
