"""Decide what to rebuild (cache keys) and run it, serially or in worker processes; summarise what happened."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import manifest
from . import cache, execute, site
from .environment import isolate
from .files import clean_interrupted, reports_dir
from .plan import Run, plan


@dataclass
class Outcome:
    """What happened to one run in a build."""

    run: Run
    status: str  # cached | done | failed
    seconds: float = 0.0
    reason: str = ""
    error: str = ""


def _worker_init() -> None:
    isolate()
    import nbconvert  # noqa: F401  (imported once per worker, not per report)
    import papermill  # noqa: F401


def build(runs: list[Run], jobs: int = 1, force: bool = False, say: Callable[[str], None] = print) -> list[Outcome]:
    """Build every run that is not cached; return one outcome per run (the caller writes the index)."""
    isolate()
    manifest.verify_all()  # a corrupted or missing data file stops the build before anything is touched
    data_hash = manifest.digest()
    clean_interrupted()
    todo: list[tuple[Run, dict[str, str], str]] = []
    outcomes: dict[str, Outcome] = {}
    width = len(str(len(runs)))
    for i, run in enumerate(runs, 1):
        key = cache.fingerprint(run, data_hash)
        reasons = ["--force"] if force else cache.changed((cache.load_record(run) or {}).get("fingerprint"), key)
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
            cache.save_record(run, key, outcome.seconds)
            say(f"  {run.name}: done in {outcome.seconds:.1f} s ({reason})")
        else:
            say(f"  {run.name}: FAILED after {outcome.seconds:.1f} s: {outcome.error}")

    if todo:
        say(f"building {len(todo)} of {len(runs)} reports with {min(jobs, len(todo))} job(s)")
    if jobs <= 1 or len(todo) <= 1:
        for run, key, reason in todo:
            say(f"  {run.name}: running ({reason})")
            finish(run, key, reason, execute.execute(run))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(
            max_workers=min(jobs, len(todo)), mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
        ) as pool:
            futures = {}
            for run, key, reason in todo:
                say(f"  {run.name}: queued ({reason})")
                futures[pool.submit(execute.execute, run)] = (run, key, reason)
            for future in as_completed(futures):
                run, key, reason = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker process died
                    result = {"status": "failed", "seconds": 0.0, "error": f"{type(exc).__name__}: {exc}"}
                finish(run, key, reason, result)
    return [outcomes[run.name] for run in runs]


def summarize(outcomes: list[Outcome], seconds: float) -> str:
    """The closing line(s): counts, total time, and each failure with its error."""
    counts = {s: sum(o.status == s for o in outcomes) for s in ("done", "cached", "failed")}
    lines = [
        f"{len(outcomes)} reports: {counts['done']} built, {counts['cached']} cached, {counts['failed']} failed "
        f"in {seconds:.1f} s"
    ]
    for o in outcomes:
        if o.status == "failed":
            lines.append(f"FAILED {o.run.name}: {o.error}")
            lines.append(
                f"  the failed notebook is in {reports_dir() / '_failed' / o.run.report / (o.run.slug + '.ipynb')}; "
                "the last good report (if any) was kept"
            )
    return "\n".join(lines)


def main_build(config_path: Path, jobs: int, force: bool, only: list[str] | None) -> int:
    """`sco-report build`: returns the exit code."""
    started = time.perf_counter()
    runs = plan(config_path, only)
    outcomes = build(runs, jobs=jobs, force=force)
    index = site.write_index(config_path, {o.run.name: o.error for o in outcomes if o.status == "failed"})
    print(summarize(outcomes, time.perf_counter() - started))
    print(f"index: {index}")
    sys.stdout.flush()
    return 1 if any(o.status == "failed" for o in outcomes) else 0
