"""Execute one run: papermill in a kernel on private IPC sockets, then self-contained HTML by nbconvert, written
atomically with any files the notebook published. papermill, nbconvert and nbformat are imported here only, so a
build where everything is cached never pays for them."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ..notebook import EXPORT_MIME
from .environment import isolate
from .files import reports_dir, write_atomic
from .plan import Run

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "sco"


def kernel_manager_class() -> type:
    """An AsyncKernelManager on IPC sockets private to this process: parallel workers cannot race for TCP ports."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            return str(Path(os.environ["JUPYTER_RUNTIME_DIR"]) / f"sco-kernel-{os.getpid()}")

    return IPCKernelManager


def sanitize(nb: Any) -> Any:
    """Drop what varies between identical runs: timings, absolute paths, the injected cell's random id."""
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables"):
        meta.pop(key, None)
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

        _EXPORTER = HTMLExporter(
            template_name=TEMPLATE_NAME,
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    body: str = _EXPORTER.from_notebook_node(nb, resources={"metadata": {"name": title}})[0]
    return body


def published(nb: Any) -> list[dict[str, Any]]:
    """The files the notebook handed to the build (notebook.publish): [{"name": ..., "files": {suffix: text}}]."""
    return [
        output["data"][EXPORT_MIME]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if EXPORT_MIME in output.get("data", {})
    ]


def write_exports(nb: Any, run: Run) -> list[Path]:
    """Write each published file as <report>/<slug>.<name><suffix>; the run with the notebook's default parameters
    also writes reports/<name><suffix>."""
    written = []
    for bundle in published(nb):
        stems = [run.path(f".{bundle['name']}")] + ([reports_dir() / bundle["name"]] if run.is_default else [])
        for stem in stems:
            for suffix, text in sorted(bundle["files"].items()):
                target = stem.with_name(stem.name + suffix)
                write_atomic(target, text)
                written.append(target)
    return written


def execute(run: Run) -> dict[str, Any]:
    """Run one notebook and write its .ipynb and .html; on failure keep the failed notebook under _failed/."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    isolate()
    started = time.perf_counter()
    tmp = reports_dir() / ".tmp" / f"{run.report}-{run.slug}-{os.getpid()}.ipynb"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    try:
        nb = pm.execute_notebook(
            str(run.notebook),
            str(tmp),
            parameters=run.params,
            kernel_name="python3",
            cwd=str(run.notebook.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            shutdown_kernel="immediate",
            execution_timeout=run.cell_timeout,
            kernel_manager_class=kernel_manager_class(),
        )
    except PapermillExecutionError as exc:
        failed = reports_dir() / "_failed" / run.report / f"{run.slug}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        if tmp.exists():
            os.replace(tmp, failed)
        return {
            "status": "failed",
            "seconds": time.perf_counter() - started,
            "error": f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}".strip(),
            "failed_notebook": str(failed),
        }
    except Exception as exc:  # kernel died, notebook unreadable: report it, keep going with the others
        tmp.unlink(missing_ok=True)
        return {
            "status": "failed",
            "seconds": time.perf_counter() - started,
            "error": f"{type(exc).__name__}: {exc}".strip(),
        }
    tmp.unlink(missing_ok=True)
    nb = sanitize(nb)
    write_exports(nb, run)
    page = to_html(nb, f"{run.title} — {run.slug}")
    write_atomic(run.path(".ipynb"), nbformat.writes(nb) + "\n")
    write_atomic(run.path(".html"), page)
    return {"status": "done", "seconds": time.perf_counter() - started}


def refresh_notebook(notebook: Path) -> None:
    """Re-execute a committed notebook in place with its defaults, without timing metadata (for nbval)."""
    import nbformat
    from nbclient import NotebookClient

    isolate()
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(
        nb,
        kernel_name="python3",
        record_timing=False,
        shutdown_kernel="immediate",
        kernel_manager_class=kernel_manager_class(),
        resources={"metadata": {"path": str(notebook.parent)}},
    ).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    write_atomic(notebook, nbformat.writes(nb) + "\n")
