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

from . import cache, execute, hashing, project, site, workers
from .environment import isolate
from .errors import InputError
from .files import clean_interrupted
from .plan import Run, plan

Todo = tuple[Run, dict[str, str], str]  # a run, its fingerprint, why it is built


@dataclass
class Outcome:
    """What happened to one run in a build."""

    run: Run
    status: str  # cached | done | failed
    seconds: float = 0.0
    reason: str = ""
    error: str = ""
    failed_notebook: str = ""


def check_inputs(say: Callable[[str], None], partial: bool) -> str:
    """Verify the project's inputs and return their digest. A damaged input stops a full build before anything is
    touched; when only some reports are built it is a warning, and the reports that read it fail."""
    try:
        project.current().check_inputs()
    except InputError as exc:
        if not partial:
            raise
        say(f"warning: {exc} Reports that read it will fail.")
    return project.current().inputs_digest()


def compile_package() -> None:
    """Byte-compile the project's code (stale files only) before kernels import it: where PYTHONDONTWRITEBYTECODE is
    set (as on these machines), every kernel would otherwise compile its source again, about 0.1 s each."""
    import compileall

    compileall.compile_dir(project.current().package, quiet=1)


def plan_work(runs: list[Run], data_hash: str, force: bool, say: Callable[[str], None]) -> list[Todo]:
    """The runs to build (with why); the others are cached."""
    todo: list[Todo] = []
    width = len(str(len(runs)))
    for i, run in enumerate(runs, 1):
        key = hashing.fingerprint(run.notebook, run.resolved, run.title, data_hash)
        reasons = ["--force"] if force else hashing.changed((cache.load_record(run) or {}).get("fingerprint"), key)
        if not reasons and not run.path(".html").exists():
            reasons = ["report file missing"]
        if reasons:
            todo.append((run, key, ", ".join(reasons)))
        else:
            cache.clear_failure(run)
            say(f"[{i:>{width}}/{len(runs)}] {run.name}: cached")
    return todo


def _serial(
    todo: list[Todo], warm: bool, finish: Callable[[Todo, dict[str, Any]], None], say: Callable[[str], None]
) -> None:
    following = [str(t[0].notebook.parent) for t in todo[1:]] + [None] if todo else []  # the next kernel starts early
    try:
        for item, next_cwd in zip(todo, following, strict=True):
            say(f"  {item[0].name}: running ({item[2]})")
            finish(item, execute.execute(item[0], next_cwd, warm))
    finally:
        execute.close_spares()


def _parallel(
    todo: list[Todo], jobs: int, warm: bool, finish: Callable[[Todo, dict[str, Any]], None], say: Callable[[str], None]
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    count = min(jobs, len(todo))
    spec = os.environ[project.PROJECT_VARIABLE]  # workers register the same project
    pool = ProcessPoolExecutor(count, multiprocessing.get_context("spawn"), workers.init, (os.getpid(), spec))
    try:
        futures = {}
        for i, item in enumerate(todo):
            say(f"  {item[0].name}: queued ({item[2]})")
            # a worker's last report needs no kernel after it: the last `count` reports start none
            ahead = str(todo[i + 1][0].notebook.parent) if i < len(todo) - count else None
            futures[pool.submit(execute.execute, item[0], ahead, warm)] = item
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # a worker process died
                result = {"status": "failed", "seconds": 0.0, "error": f"{type(exc).__name__}: {exc}"}
            finish(futures[future], result)
    except BaseException:  # ^C, SIGTERM: stop every worker and its kernels now, keep what finished
        workers.stop(pool)
        raise
    pool.shutdown(wait=True)


def build(
    runs: list[Run],
    jobs: int = 1,
    force: bool = False,
    say: Callable[[str], None] = print,
    warm: bool = True,
    partial: bool = False,
) -> list[Outcome]:
    """Build every run that is not cached; return one outcome per run (the caller writes the index). With `warm`,
    each report's kernel is started and warmed up while the report before it runs. A finished report keeps its
    cache record even if the build is then stopped."""
    isolate()
    data_hash = check_inputs(say, partial)
    clean_interrupted()
    todo = plan_work(runs, data_hash, force, say)
    outcomes = {run.name: Outcome(run, "cached") for run in runs}

    def finish(item: Todo, result: dict[str, Any]) -> None:
        run, key, reason = item
        outcome = Outcome(
            run, result["status"], result["seconds"], reason, result.get("error", ""), result.get("failed_notebook", "")
        )
        outcomes[run.name] = outcome
        if outcome.status == "done":
            cache.save_record(run, key, outcome.seconds)
            say(f"  {run.name}: done in {outcome.seconds:.1f} s ({reason})")
        else:
            cache.save_failure(run, outcome.error)
            say(f"  {run.name}: FAILED after {outcome.seconds:.1f} s: {outcome.error}")

    if todo:
        compile_package()
        say(f"building {len(todo)} of {len(runs)} reports with {min(jobs, len(todo))} job(s)")
    if jobs <= 1 or len(todo) <= 1:
        _serial(todo, warm, finish, say)
    else:
        _parallel(todo, jobs, warm, finish, say)
    return [outcomes[run.name] for run in runs]


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


def main_build(config_path: Path, jobs: int, force: bool, only: list[str] | None, warm: bool = True) -> int:
    """The build command: returns the exit code."""
    started = time.perf_counter()
    runs = plan(config_path, only)
    outcomes = build(runs, jobs=jobs, force=force, warm=warm, partial=bool(only))
    index = site.write_index(config_path)
    print(summarize(outcomes, time.perf_counter() - started))
    print(f"index: {index}")
    sys.stdout.flush()
    return 1 if any(o.status == "failed" for o in outcomes) else 0
