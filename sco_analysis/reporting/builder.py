"""Decide what to rebuild (cache keys) and run it, serially or in worker processes; keep what finished when the
build is stopped; summarise what happened."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cache, execute, files, forks, hashing, kernels, project, site, stopping, workers
from .environment import isolate
from .errors import InputError
from .files import clean_interrupted
from .plan import Run, plan
from .workers import Todo


@dataclass
class Outcome:
    """What happened to one run in a build."""

    run: Run
    status: str  # cached | done | failed
    seconds: float = 0.0
    reason: str = ""
    error: str = ""
    failed_notebook: str = ""


def check_inputs(say: Callable[[str], None], partial: bool, runs: list[Run]) -> str:
    """Verify the project's inputs and return their digest. A damaged input stops a full build before anything is
    touched, and a build of some reports (--only) if any of them reads the inputs; otherwise it is a warning."""
    try:
        project.current().check_inputs()
    except InputError as exc:
        if not partial:
            raise
        reading = sorted({run.report for run in runs if project.current().reads_inputs(run.notebook)})
        if reading:
            raise InputError(f"{exc} It is read by {', '.join(reading)}, which would fail in every run.") from None
        say(f"warning: {exc} No report built now reads it.")
    return project.current().inputs_digest()


def compile_package() -> None:
    """Byte-compile the project's code (stale files only) before kernels import it: where PYTHONDONTWRITEBYTECODE is
    set (as on these machines), every kernel would otherwise compile its source again, about 0.1 s each."""
    import compileall

    compileall.compile_dir(project.current().package, quiet=1)


def cpus() -> int:
    """The processors this process may run on (its affinity, which a container or `taskset` narrows)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _page_changed(run: Run, recorded: int | None) -> list[str]:
    """Why a report whose inputs are unchanged is built again: its page is missing, or not the size it was written
    with (cut short by a full disk, edited by hand)."""
    try:
        size = run.path(".html").stat().st_size
    except OSError:
        return ["report file missing"]
    return ["report file changed since it was built"] if recorded is not None and size != recorded else []


def plan_work(
    runs: list[Run],
    data_hash: str,
    force: bool,
    say: Callable[[str], None],
    begin: Callable[[], None] = lambda: None,
) -> list[Todo]:
    """The runs to build (with why); the others are cached. `begin` is called when the first run to build is found,
    so what building needs (the kernel zygote) starts while the rest is planned."""
    todo: list[Todo] = []
    width = len(str(len(runs)))
    cited = project.current().cited_version()
    for i, run in enumerate(runs, 1):
        key = hashing.fingerprint(run.notebook, run.resolved, run.title, data_hash, cited)
        record = cache.load_record(run) or {}
        reasons = ["--force"] if force else hashing.changed(record.get("fingerprint"), key)
        if not reasons:
            reasons = _page_changed(run, record.get("html_bytes"))
        if reasons:
            if not todo:
                begin()
            todo.append((run, key, ", ".join(reasons)))
        else:
            cache.clear_failure(run)
            say(f"[{i:>{width}}/{len(runs)}] {run.name}: cached")
    return todo


def _serial(
    todo: list[Todo], kind: str, finish: Callable[[Todo, dict[str, Any]], None], say: Callable[[str], None]
) -> None:
    """One report at a time in a kernel, each written (HTML, notebook) by a second thread while the next one runs:
    the kernel and the writing, each on a processor of its own."""
    from concurrent.futures import Future, ThreadPoolExecutor

    following = [str(t[0].notebook.parent) for t in todo[1:]] + [None] if todo else []  # the next kernel starts early
    writer = ThreadPoolExecutor(1, thread_name_prefix="publish")
    writing: tuple[Todo, Future[dict[str, Any]]] | None = None
    try:
        for item, next_cwd in zip(todo, following, strict=True):
            say(f"  {item[0].name}: running ({item[2]})")
            outcome = execute.run_notebook(item[0], next_cwd, kind)
            if writing is not None:
                finish(writing[0], writing[1].result())
                writing = None
            if isinstance(outcome, dict):
                finish(item, outcome)
            else:
                writing = (item, writer.submit(execute.publish, item[0], outcome))
        if writing is not None:
            finish(writing[0], writing[1].result())
    finally:
        writer.shutdown(wait=True)
        execute.close_spares()


def _parallel(
    todo: list[Todo],
    jobs: int,
    kind: str,
    zygote: forks.Address | None,
    finish: Callable[[Todo, dict[str, Any]], None],
    say: Callable[[str], None],
) -> None:
    pool = workers.Pool(min(jobs, len(todo)), kind, zygote, say)
    forget = stopping.when_stopped(pool.stop)
    try:
        for item in todo:
            say(f"  {item[0].name}: queued ({item[2]})")
        pool.run(todo, finish)
    except BaseException:  # an error, or a KeyboardInterrupt in a process that did not install stopping's handler
        pool.stop()
        raise
    finally:
        forget()
    pool.close()


class Progress:
    """'[3/41]' and 'about 2 min left' for the reports a build runs, the time left from the pace so far."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.perf_counter()

    def step(self) -> str:
        self.done += 1
        return f"[{self.done:>{len(str(self.total))}}/{self.total}]"

    def left(self) -> str:
        remaining = self.total - self.done
        if not remaining or not self.done:
            return ""
        seconds = (time.perf_counter() - self.started) / self.done * remaining
        return f" — about {seconds:.0f} s left" if seconds < 90 else f" — about {seconds / 60:.0f} min left"


def build(
    runs: list[Run],
    jobs: int = 1,
    force: bool = False,
    say: Callable[[str], None] = print,
    kind: str = "forked",
    partial: bool = False,
) -> list[Outcome]:
    """Build every run that is not cached; return one outcome per run (the caller writes the index). Each report
    runs in a kernel of its own, started while the report before it runs: `kind` "forked" forks it from a zygote
    started for this build (spawning it when that cannot be done), "spawned" starts a new interpreter and warms it
    up, "cold" starts one with nothing loaded. A finished report keeps its cache record even if the build is then
    stopped."""
    with project.warming(run.notebook for run in runs):
        return _build(runs, jobs, force, say, kind, partial)


def _build(
    runs: list[Run], jobs: int, force: bool, say: Callable[[str], None], kind: str, partial: bool
) -> list[Outcome]:
    isolate()
    kernels.keep_signals()
    data_hash = check_inputs(say, partial, runs)
    clean_interrupted()
    kernels.clean_runtime()
    started: list[forks.Zygote] = []
    forget: list[Callable[[], None]] = []

    def begin() -> None:
        compile_package()  # before the zygote imports the code, and for any kernel spawned
        if kind != "forked":
            return
        why_not = forks.available()
        if why_not:
            forks.use(None, say)
            forks.refuse(why_not)
            return
        try:
            started.append(forks.Zygote(hashing.digest(hashing.package_source(), data_hash)))
        except OSError as exc:  # no process to be had (EAGAIN, ENOMEM): the kernels will not fare better forked
            forks.use(None, say)
            forks.refuse(f"the kernel zygote could not start ({exc.strerror or exc})")
            return
        forget.append(stopping.when_stopped(started[0].stop))

    todo = plan_work(runs, data_hash, force, say, begin)
    outcomes = {run.name: Outcome(run, "cached") for run in runs}
    progress = Progress(len(todo))

    def finish(item: Todo, result: dict[str, Any]) -> None:
        run, key, reason = item
        outcome = Outcome(
            run, result["status"], result["seconds"], reason, result.get("error", ""), result.get("failed_notebook", "")
        )
        try:
            if outcome.status == "done":
                cache.save_record(run, key, outcome.seconds, result.get("kernel", ""))
            else:
                cache.save_failure(run, outcome.error)
        except OSError as exc:  # the report is written but its record is not (a full disk): built again next time
            outcome = Outcome(run, "failed", outcome.seconds, reason, files.explain(exc), outcome.failed_notebook)
        outcomes[run.name] = outcome
        step = f"  {progress.step()} {run.name}"
        if outcome.status == "done":
            say(f"{step}: done in {outcome.seconds:.1f} s ({reason}){progress.left()}")
        else:
            say(f"{step}: FAILED after {outcome.seconds:.1f} s: {outcome.error}{progress.left()}")

    zygote = started[0].ready() if started else None
    if started and zygote is None:
        forks.use(None, say)
        forks.refuse("the kernel zygote ended as it started")
    try:
        if todo:
            say(f"building {len(todo)} of {len(runs)} reports with {min(jobs, len(todo))} job(s)")
        if jobs <= 1 or len(todo) <= 1:
            forks.use(zygote, say)
            _serial(todo, kind, finish, say)
        else:
            _parallel(todo, jobs, kind, zygote, finish, say)
    finally:
        for each in started:
            each.stop()
        for step in forget:
            step()
        forks.use(None, say)
    return [outcomes[run.name] for run in runs]


def say(line: str) -> None:
    """A line of the build's progress, shown at once (a pipe would otherwise hold it until the build ends)."""
    print(line, flush=True)


def summarize(outcomes: list[Outcome], seconds: float) -> str:
    """The closing line(s): counts, total time, and each failure with its error and its failed notebook."""
    counts = {s: sum(o.status == s for o in outcomes) for s in ("done", "cached", "failed")}
    lines = [
        f"{len(outcomes)} reports: {counts['done']} built, {counts['cached']} cached, {counts['failed']} failed "
        f"in {seconds:.1f} s"
    ]
    for o in outcomes:
        if o.status == "failed":
            lines.append(f"FAILED {o.run.name}: {o.error}")
            where = f"the failed notebook is in {o.failed_notebook}; " if o.failed_notebook else ""
            kept = "the last good report was kept" if o.run.path(".html").exists() else "no earlier report exists"
            lines.append(f"  {where}{kept}")
    return "\n".join(lines)


def main_build(config_path: Path, jobs: int, force: bool, only: list[str] | None, kind: str = "forked") -> int:
    """The build command: returns the exit code."""
    started = time.perf_counter()
    runs = plan(config_path, only)
    with files.only_writer(say):  # from here on the folder is written: one build at a time
        outcomes = build(runs, jobs=jobs, force=force, say=say, kind=kind, partial=bool(only))
        index = site.write_index(config_path)
    print(summarize(outcomes, time.perf_counter() - started))
    for line in site.headlines(config_path):
        print(line)
    print(f"index: {index.as_uri()}")  # a link a terminal opens on a click
    sys.stdout.flush()
    return 1 if any(o.status == "failed" for o in outcomes) else 0
