"""The report build: plan runs from reports.toml, check parameters, skip what is cached, execute with papermill,
convert to self-contained HTML with nbconvert, write atomically, and index everything.

papermill, nbconvert and nbformat are imported only in the function that executes a notebook, so a build where
everything is cached never pays for them.
"""
from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import os
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cache, params
from .errors import ScoError, ValidationError

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "sco"


def reports_dir() -> Path:
    """Where reports go: $SCO_REPORTS_DIR or the repository's reports/."""
    return Path(os.environ.get("SCO_REPORTS_DIR", ROOT / "reports")).resolve()


def isolate_environment(root: Path = ROOT) -> None:
    """Point Jupyter, IPython and matplotlib config and caches at .build/ (not the user's home) unless set."""
    build = root / ".build"
    for var, sub in {"JUPYTER_CONFIG_DIR": "jupyter/config", "JUPYTER_DATA_DIR": "jupyter/data",
                     "JUPYTER_RUNTIME_DIR": "jupyter/runtime", "IPYTHONDIR": "ipython",
                     "MPLCONFIGDIR": "matplotlib"}.items():
        if var not in os.environ:
            os.environ[var] = str(build / sub)
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silences a debugger warning in kernel output


# --- plan ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """One notebook with one parameter set, and where its outputs go."""
    report: str
    title: str
    notebook: Path
    params: dict[str, Any] = field(hash=False)
    resolved: dict[str, Any] = field(hash=False)
    slug: str = "default"

    @property
    def name(self) -> str:
        return f"{self.report}/{self.slug}"

    def path(self, suffix: str) -> Path:
        return reports_dir() / self.report / f"{self.slug}{suffix}"

    @property
    def is_default(self) -> bool:
        """True when the run uses exactly the notebook's default parameters."""
        return self.resolved == params.notebook_defaults(self.notebook)

    @property
    def record(self) -> Path:
        return reports_dir() / ".cache" / self.report / f"{self.slug}.json"


def slug_for(given: dict[str, Any]) -> str:
    """File-name stem from the explicit parameters: `year=2017`, `as_of=2018-06-09`, or `default`."""
    if not given:
        return "default"
    text = ",".join(f"{k}={v if not isinstance(v, list) else '+'.join(map(str, v))}" for k, v in sorted(given.items()))
    return "".join(ch if ch.isalnum() or ch in "=,+-._" else "_" for ch in text)


def _sweep_values(name: str, spec: Any) -> list[Any]:
    """Values of one swept parameter: a list, {range = [a, b]} (inclusive) or {summits = "HSC"} (their start dates)."""
    if isinstance(spec, list):
        return spec
    if isinstance(spec, dict) and "range" in spec:
        first, last = spec["range"]
        return list(range(int(first), int(last) + 1, int(spec.get("step", 1))))
    if isinstance(spec, dict) and "summits" in spec:
        from . import summits

        table = summits.summits().loc[lambda s: s["series_code"] == spec["summits"]]
        return [d.date().isoformat() for d in table["start_date"]]
    raise ValidationError(f"reports.toml: sweep of {name!r} must be a list, {{range = [first, last]}} or "
                          f"{{summits = \"HSC\"}}; got {spec!r}.")


def load_config(path: Path) -> dict[str, dict[str, Any]]:
    """The report list from reports.toml."""
    if not path.exists():
        raise ScoError(f"{path}: no report config; restore it with `git checkout -- {path.name}`.")
    with open(path, "rb") as fh:
        try:
            return tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ScoError(f"{path}: not valid TOML ({exc}).") from None


def plan_report(report: str, spec: dict[str, Any], root: Path = ROOT) -> list[Run]:
    """Every run of one report: its `runs` plus the product of its `sweep`, checked and de-duplicated."""
    notebook = (root / spec["notebook"]).resolve()
    if not notebook.exists():
        raise ScoError(f"reports.toml [{report}]: notebook {spec['notebook']} does not exist.")
    defaults = params.notebook_defaults(notebook)
    given_sets = [dict(r) for r in spec.get("runs", [{}])]
    sweep = spec.get("sweep", {})
    if sweep:
        names = list(sweep)
        for combo in itertools.product(*(_sweep_values(n, sweep[n]) for n in names)):
            given_sets.append(dict(zip(names, combo)))
    runs: dict[str, Run] = {}
    for given in given_sets:
        checked = params.check(notebook, given)
        resolved = {**defaults, **checked}
        key = json.dumps(resolved, sort_keys=True, default=str)
        run = Run(report, spec.get("title", report), notebook, checked, resolved, slug_for(checked))
        # the same resolved parameters twice: keep the more explicit name (year=2017 over default)
        if key not in runs or len(checked) > len(runs[key].params):
            runs[key] = run
    return list(runs.values())


def plan(config: Path, only: list[str] | None = None, root: Path = ROOT) -> list[Run]:
    """All runs of the config (or of the reports named in `only`)."""
    reports = load_config(config)
    unknown = [n for n in (only or []) if n not in reports]
    if unknown:
        raise ValidationError(f"unknown report {unknown}; reports in {config.name}: {', '.join(reports)}.")
    return [run for name, spec in reports.items() if not only or name in only for run in plan_report(name, spec, root)]


def adhoc_run(notebook: Path, given: dict[str, Any], config: Path | None = None) -> Run:
    """A run of any notebook with any parameters (`sco-report run`), named like the configured ones."""
    notebook = notebook.resolve()
    if not notebook.exists():
        raise ScoError(f"{notebook}: no such notebook.")
    checked = params.check(notebook, given)
    resolved = {**params.notebook_defaults(notebook), **checked}
    run = Run(notebook.stem, notebook.stem, notebook, checked, resolved, slug_for(checked))
    if config is not None and config.exists():
        for name, spec in load_config(config).items():
            if (ROOT / spec["notebook"]).resolve() == notebook:
                # the same parameters as a configured run: the same report, the same file
                same = [r for r in plan_report(name, spec) if r.resolved == resolved]
                run = same[0] if same else Run(name, spec.get("title", name), notebook, checked, resolved, run.slug)
    return run


# --- execute -------------------------------------------------------------------------------------------------

def _write_atomic(path: Path, text: str) -> None:
    """Write to a temporary name in the same folder, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def clean_interrupted() -> int:
    """Remove temporary files an interrupted build left behind (finished reports are never touched)."""
    root = reports_dir()
    stale = list((root / ".tmp").glob("*")) + list(root.glob("**/.*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def _kernel_manager_class():
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


_EXPORTER = None


def to_html(nb: Any, title: str) -> str:
    """Self-contained HTML (no CDN scripts, code hidden, figures inline) from an executed notebook."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATES)],
                                 exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = _EXPORTER.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def execute(run: Run) -> dict[str, Any]:
    """Run one notebook and write its .ipynb and .html; on failure keep the failed notebook under _failed/."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    isolate_environment()
    started = time.perf_counter()
    tmp = reports_dir() / ".tmp" / f"{run.report}-{run.slug}-{os.getpid()}.ipynb"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    try:
        nb = pm.execute_notebook(str(run.notebook), str(tmp), parameters=run.params, kernel_name="python3",
                                 cwd=str(run.notebook.parent), progress_bar=False, log_output=False,
                                 request_save_on_cell_execute=False, shutdown_kernel="immediate",
                                 kernel_manager_class=_kernel_manager_class())
    except PapermillExecutionError as exc:
        failed = reports_dir() / "_failed" / run.report / f"{run.slug}.ipynb"
        failed.parent.mkdir(parents=True, exist_ok=True)
        if tmp.exists():
            os.replace(tmp, failed)
        return {"status": "failed", "seconds": time.perf_counter() - started,
                "error": f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}".strip(),
                "failed_notebook": str(failed)}
    except Exception as exc:  # kernel died, notebook unreadable: report it, keep going with the others
        tmp.unlink(missing_ok=True)
        return {"status": "failed", "seconds": time.perf_counter() - started,
                "error": f"{type(exc).__name__}: {exc}".strip()}
    tmp.unlink(missing_ok=True)
    nb = sanitize(nb)
    write_exports(nb, run)
    page = to_html(nb, f"{run.title} — {run.slug}")
    _write_atomic(run.path(".ipynb"), nbformat.writes(nb) + "\n")
    _write_atomic(run.path(".html"), page)
    return {"status": "done", "seconds": time.perf_counter() - started}


def write_exports(nb: Any, run: Run) -> list[Path]:
    """Write data a notebook published (EXPORT_MIME outputs) as <report>/<slug>.<name>.csv/.json; the run with the
    notebook's default parameters also writes reports/<name>.csv/.json."""
    import csv
    import io

    from .claims import EXPORT_MIME

    written = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {}).get(EXPORT_MIME)
            if not bundle:
                continue
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(bundle["columns"])
            writer.writerows(["" if v is None else v for v in row] for row in bundle["rows"])
            document = json.dumps(bundle["claimreview"], indent=1, ensure_ascii=False, sort_keys=True) + "\n"
            targets = [run.path(f".{bundle['name']}")]
            if run.is_default:
                targets.append(reports_dir() / bundle["name"])
            for stem in targets:
                _write_atomic(stem.with_name(stem.name + ".csv"), text.getvalue())
                _write_atomic(stem.with_name(stem.name + ".json"), document)
                written += [stem.with_name(stem.name + ".csv"), stem.with_name(stem.name + ".json")]
    return written


# --- build ---------------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    run: Run
    status: str  # cached | done | failed
    seconds: float = 0.0
    reason: str = ""
    error: str = ""


def _load_record(run: Run) -> dict[str, Any] | None:
    try:
        return json.loads(run.record.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _save_record(run: Run, fingerprint: dict[str, str], seconds: float) -> None:
    record = {"report": run.report, "slug": run.slug, "title": run.title,
              "is_default": run.is_default,
              "notebook": os.path.relpath(run.notebook, ROOT), "parameters": run.params, "resolved": run.resolved,
              "fingerprint": fingerprint, "seconds": round(seconds, 2),
              "built_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")}
    _write_atomic(run.record, json.dumps(record, indent=1, sort_keys=True, default=str))


def _worker_init() -> None:
    isolate_environment()
    import nbconvert  # noqa: F401  (imported once per worker, not per report)
    import papermill  # noqa: F401


def build(runs: list[Run], jobs: int = 1, force: bool = False,
          say: Callable[[str], None] = print) -> list[Outcome]:
    """Build every run that is not cached; return one outcome per run (the caller writes the index)."""
    from . import data

    isolate_environment()
    data.verify_all()  # a corrupted or missing data file stops the build before anything is touched
    data_hash = cache.data_files(data.data_dir())
    clean_interrupted()
    todo: list[tuple[Run, dict[str, str], str]] = []
    outcomes: dict[str, Outcome] = {}
    width = len(str(len(runs)))
    for i, run in enumerate(runs, 1):
        key = cache.fingerprint(run.notebook, run.resolved, data_hash, TEMPLATE_NAME)
        reasons = ["--force"] if force else cache.changed((_load_record(run) or {}).get("fingerprint"), key)
        if not reasons and not run.path(".html").exists():
            reasons = ["report file missing"]
        if reasons:
            todo.append((run, key, ", ".join(reasons)))
        else:
            outcomes[run.name] = Outcome(run, "cached")
            say(f"[{i:>{width}}/{len(runs)}] {run.name}: cached")

    def finish(run: Run, key: dict[str, str], reason: str, result: dict[str, Any]) -> None:
        outcome = Outcome(run, result["status"], result["seconds"], reason, result.get("error", ""))
        outcomes[run.name] = outcome
        if outcome.status == "done":
            _save_record(run, key, outcome.seconds)
            say(f"  {run.name}: done in {outcome.seconds:.1f} s ({reason})")
        else:
            say(f"  {run.name}: FAILED after {outcome.seconds:.1f} s: {outcome.error}")

    if todo:
        say(f"building {len(todo)} of {len(runs)} reports with {min(jobs, len(todo))} job(s)")
    if jobs <= 1 or len(todo) <= 1:
        for run, key, reason in todo:
            say(f"  {run.name}: running ({reason})")
            finish(run, key, reason, execute(run))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_worker_init) as pool:
            futures = {}
            for run, key, reason in todo:
                say(f"  {run.name}: queued ({reason})")
                futures[pool.submit(execute, run)] = (run, key, reason)
            for future in as_completed(futures):
                run, key, reason = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker process died
                    result = {"status": "failed", "seconds": 0.0, "error": f"{type(exc).__name__}: {exc}"}
                finish(run, key, reason, result)
    return [outcomes[run.name] for run in runs]


# --- index ---------------------------------------------------------------------------------------------------

INDEX_CSS = """
body { font-family: system-ui, -apple-system, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.6em; border-bottom: 2px solid #0072B2; }
table { border-collapse: collapse; width: 100%; font-size: 14px; } th, td { text-align: left; padding: 4px 8px; }
tr:nth-child(even) { background: #f5f7fa; } code { background: #eef; padding: 0 3px; }
.failed { color: #b00020; font-weight: bold; } .muted { color: #666; font-size: 13px; }
"""


def _safe_href(path: str) -> str:
    """A relative link to a report file; anything with a scheme (javascript:, http:) is refused."""
    if ":" in path.split("/")[0] or path.startswith(("/", "\\")):
        return "#"
    return html.escape(path, quote=True)


def write_index(config: Path, failed: dict[str, str] | None = None) -> Path:
    """reports/index.html: every built report grouped by report, with its parameters and build time."""
    failed = failed or {}
    reports = load_config(config) if config.exists() else {}
    records = sorted((json.loads(p.read_text(encoding="utf-8")) for p in (reports_dir() / ".cache").glob("*/*.json")),
                     key=lambda r: (r["report"], r["slug"]))
    groups: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        if (reports_dir() / rec["report"] / f"{rec['slug']}.html").exists():
            groups.setdefault(rec["report"], []).append(rec)
    order = list(reports) + sorted(set(groups) - set(reports))
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             f"<title>SCO analysis reports</title><style>{INDEX_CSS}</style></head><body>",
             "<h1>SCO analysis reports</h1>",
             "<p class='muted'>Built from the vendored data in <code>data/</code> by <code>sco-report build</code>. "
             "Each report is a notebook executed with the parameters shown.</p>"]
    if failed:
        parts.append("<h2 class='failed'>Failed in the last build</h2><ul>")
        parts += [f"<li class='failed'>{html.escape(n)}: {html.escape(e)}</li>" for n, e in sorted(failed.items())]
        parts.append("</ul>")
    for name in order:
        spec = reports.get(name, {})
        recs = groups.get(name, [])
        if not recs:
            continue
        parts.append(f"<h2 id='{html.escape(name, quote=True)}'>{html.escape(spec.get('title', name))}</h2>")
        if spec.get("description"):
            parts.append(f"<p>{html.escape(spec['description'])}</p>")
        parts.append("<table><tr><th>report</th><th>parameters (as run)</th><th>built</th><th>seconds</th></tr>")
        for rec in recs:
            href = _safe_href(f"{rec['report']}/{rec['slug']}.html")
            shown = ", ".join(f"{k} = {v}" for k, v in sorted(rec["resolved"].items()))
            label = rec["slug"] + (" (defaults)" if rec.get("is_default") else "")
            parts.append(f"<tr><td><a href='{href}'>{html.escape(label)}</a></td>"
                         f"<td><code>{html.escape(shown)}</code></td><td>{html.escape(rec['built_at'])}</td>"
                         f"<td>{rec['seconds']}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    index = reports_dir() / "index.html"
    _write_atomic(index, "\n".join(parts))
    return index


def summarize(outcomes: list[Outcome], seconds: float) -> str:
    """The closing line(s): counts, total time, and each failure with its error."""
    counts = {s: sum(o.status == s for o in outcomes) for s in ("done", "cached", "failed")}
    lines = [f"{len(outcomes)} reports: {counts['done']} built, {counts['cached']} cached, {counts['failed']} failed "
             f"in {seconds:.1f} s"]
    for o in outcomes:
        if o.status == "failed":
            lines.append(f"FAILED {o.run.name}: {o.error}")
            lines.append(f"  the failed notebook is in {reports_dir() / '_failed' / o.run.report / (o.run.slug + '.ipynb')}; "
                         "the last good report (if any) was kept")
    return "\n".join(lines)


def main_build(config: Path, jobs: int, force: bool, only: list[str] | None) -> int:
    """`sco-report build`: returns the exit code."""
    started = time.perf_counter()
    runs = plan(config, only)
    outcomes = build(runs, jobs=jobs, force=force)
    index = write_index(config, {o.run.name: o.error for o in outcomes if o.status == "failed"})
    print(summarize(outcomes, time.perf_counter() - started))
    print(f"index: {index}")
    sys.stdout.flush()
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def refresh_notebook(notebook: Path) -> None:
    """Re-execute a committed notebook in place with its defaults, without timing metadata (for nbval)."""
    import nbformat
    from nbclient import NotebookClient

    isolate_environment()
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, kernel_name="python3", record_timing=False, shutdown_kernel="immediate",
                   kernel_manager_class=_kernel_manager_class(),
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    _write_atomic(notebook, nbformat.writes(nb) + "\n")
