"""Interrupt real builds at random moments, many times, and count what went wrong (issue #29: ^C at --jobs 1 hung,
was swallowed, or printed a traceback).

    .venv/bin/python scripts/interrupt_builds.py --tries 30 --jobs 1
    .venv/bin/python scripts/interrupt_builds.py --tries 30                  # the default jobs
    .venv/bin/python scripts/interrupt_builds.py --tries 10 --signal TERM

Each try builds reports.toml (or --config) into a fresh reports folder (the tables cache is shared, as in a normal
build) in a session of its own, and stops it as a terminal would: ^C goes to the build's whole process group
(SIGINT), `kill` to the build alone (SIGTERM). Half the tries stop it just after a report finished (the 1st to the
6th, within 0.3 s: where the issue's hangs were found), half at a random moment. A try counts as:
  stopped   exit code 130 within --patience seconds, one line on stderr;
  hang      still running after --patience seconds (then killed);
  lost      it ended with another exit code (the interrupt was swallowed and the build went on);
  traceback 'Traceback' or 'Exception ignored' on stderr;
  orphan    a process it started (worker, zygote, kernel) still alive 5 s after it ended;
  leftover  a temporary file left in the reports folder, or a kernel's connection file of its processes.
Needs psutil (installed with jupyter)."""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ROOT / ".build" / "jupyter" / "runtime"
sys.path.insert(0, str(ROOT / "tests"))  # for conftest.still_running, the tests' wait for processes to end


def descendants(pid: int) -> set[int]:
    try:
        return {p.pid for p in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def one_try(args: argparse.Namespace, number: int, after_report: bool) -> dict[str, object]:
    from conftest import still_running

    reports = Path(tempfile.mkdtemp(prefix="sco-interrupt-"))
    command = [str(ROOT / ".venv" / "bin" / "sco-report"), "build", "--config", str(args.config)]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "SCO_REPORTS_DIR": str(reports)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    seen: set[int] = set()
    done = threading.Event()
    lines: list[str] = []
    reports_before = random.randint(1, args.reports_before)

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if sum(": done in" in each for each in lines) >= reports_before:
                done.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + (random.uniform(0.3, args.latest) if not after_report else 600)
    while time.monotonic() < deadline and proc.poll() is None and not (after_report and done.is_set()):
        seen |= descendants(proc.pid)
        time.sleep(0.02)
    if after_report:
        time.sleep(random.uniform(0.0, 0.3))
    seen |= descendants(proc.pid)
    if proc.poll() is not None:
        return {"result": "finished first", "number": number}
    sent = time.monotonic()
    if args.signal == "INT":
        os.killpg(proc.pid, signal.SIGINT)  # what ^C in a terminal does
    else:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=args.patience)
        stopped_in = time.monotonic() - sent
    except subprocess.TimeoutExpired:
        stopped_in = None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    reader.join(5)
    err = proc.stderr.read() if proc.stderr else ""
    alive = still_running([psutil.Process(q) for q in seen if psutil.pid_exists(q)], within=5)
    for p in alive:  # do not leave them to the next try
        with_children = [p, *p.children(recursive=True)]
        for each in with_children:
            each.kill()
    left = [str(p.relative_to(reports)) for p in [*(reports / ".tmp").glob("*"), *reports.glob("**/.*.tmp")]]
    left += [p.name for p in RUNTIME.glob("kernel-*") if int(p.name.split("-")[1]) in seen | {proc.pid}]
    return {
        "number": number,
        "moment": "after a report" if after_report else "random",
        "reports done": sum(": done in" in line for line in lines),
        "result": "hang" if stopped_in is None else ("stopped" if proc.returncode == 130 else "lost"),
        "code": proc.returncode,
        "seconds": stopped_in,
        "traceback": "Traceback" in err or "Exception ignored" in err,
        "stderr lines": len(err.strip().splitlines()),
        "orphans": [f"{p.pid}" for p in alive],
        "leftovers": left,
        "stderr": err.strip()[-400:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tries", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=0, help="--jobs of the build (default: the build's default)")
    parser.add_argument("--signal", choices=("INT", "TERM"), default="INT")
    parser.add_argument("--config", type=Path, default=ROOT / "reports.toml")
    parser.add_argument("--latest", type=float, default=25.0, help="latest random moment, in seconds")
    parser.add_argument("--reports-before", type=int, default=6, help="most reports finished before a stop")
    parser.add_argument("--patience", type=float, default=10.0, help="seconds after which a build counts as hung")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    random.seed(args.seed)
    results = []
    for number in range(1, args.tries + 1):
        result = one_try(args, number, after_report=number % 2 == 0)
        results.append(result)
        bad = result["result"] != "stopped" or result.get("traceback") or result.get("orphans")
        bad = bad or result.get("leftovers") or result.get("stderr lines") != 1
        print(
            f"{number:3d} {result.get('moment', ''):15s} {result['result']:8s} code {result.get('code')} "
            f"in {result.get('seconds') or 0:.2f} s after {result.get('reports done')} reports"
            + (f"  PROBLEM: {result}" if bad else ""),
            flush=True,
        )
    stopped = [r for r in results if r["result"] == "stopped"]
    seconds = [float(r["seconds"]) for r in stopped if r["seconds"] is not None]  # type: ignore[arg-type]
    print(
        f"\nSIG{args.signal}, jobs {args.jobs or 'default'}: {len(results)} tries: {len(stopped)} stopped with 130, "
        f"{sum(r['result'] == 'hang' for r in results)} hangs, {sum(r['result'] == 'lost' for r in results)} lost, "
        f"{sum(bool(r.get('traceback')) for r in results)} tracebacks, "
        f"{sum(r.get('stderr lines') not in (None, 1) for r in results)} with more than one line on stderr, "
        f"{sum(bool(r.get('orphans')) for r in results)} with orphans, "
        f"{sum(bool(r.get('leftovers')) for r in results)} with leftover files, "
        f"{sum(r['result'] == 'finished first' for r in results)} finished before the signal"
    )
    if seconds:
        print(
            f"time from the signal to the build's exit: median {statistics.median(seconds):.2f} s, "
            f"max {max(seconds):.2f} s"
        )
    sys.exit(0 if len(stopped) == len(results) else 1)


if __name__ == "__main__":
    main()
