"""Benchmark the reports on this machine, every measure in one run, CPU (user + system of the whole process tree) beside
wall time, and print them with the ratios to the targets.

    make bench                                                   # = the line below
    .venv/bin/python benchmarks/bench_build.py                   # the full config (about 8 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_build.py --against 28d8843 # also build with that commit's code, back to back
    .venv/bin/python benchmarks/bench_build.py --config tiny.toml --repeat 2    # a smoke run (the tests do this)

Measures:
  (1) kernel CPU to the first cell: a kernel forked from the zygote, a spawned one with the warm-up (as builds did
      before), a spawned one with nothing loaded; the median of --repeat kernels each (the kernel's own CPU, from
      its start until it has answered one cell);
  (2) the floor: the notebooks' code of every configured run in ONE process (imports and tables paid once, figures
      saved as PNG, tables rendered to HTML), cold (no cached table);
  (3) cold full builds: serial, --jobs N, --jobs N with spawned kernels, and with --against, --jobs N with that
      commit's code; each build's CPU over the floor's;
  (4) the default reports built by sco-report, cold and serial, against papermill's CLI then nbconvert's CLI;
  (5) a no-op build; (6) a rebuild after editing one notebook.
"Cold" means no report and no cached table: both start empty. Builds go to temporary folders; nothing in reports/
or .build/tables changes. CPU is counted for every process a command starts, its kernels and zygote included: this
process adopts and reaps them (PR_SET_CHILD_SUBREAPER), so their time reaches its RUSAGE_CHILDREN.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
ONE_PROCESS = (
    f"TESTS = {str(ROOT / 'tests')!r}\n"
    + r"""
import json, sys
from pathlib import Path
sys.path.insert(0, TESTS)  # the in-process runner is a test helper
import inprocess
for notebook, params in json.loads(sys.argv[1]):
    inprocess.run(Path(notebook), params, render=True)
"""
)
KERNELS = r"""
import json, statistics, sys
import psutil
from nbclient.util import run_sync
from sco_analysis.reporting import environment, forks, hashing, kernels, project
served = project.use("sco_analysis.project:PROJECT")
environment.isolate()
kernels.keep_signals()

def first_cell(kind):
    km = kernels.Spare(kind)._start(str(served.root / "notebooks"))
    client = km.client()
    client.start_channels()
    run_sync(client.wait_for_ready)(timeout=300)
    run_sync(client.execute_interactive)("pass", timeout=300)
    used = psutil.Process(km.provisioner.process.pid).cpu_times()
    forked = kernels.forked(km)
    kernels.retire(km)
    assert forked == (kind == "forked"), kind
    return used.user + used.system

zygote = forks.Zygote(hashing.digest(hashing.package_source(), served.inputs_digest()))
forks.use(zygote.ready(), lambda line: sys.exit(line))
first_cell("forked")  # waits for the zygote's imports: not a kernel's cost
repeat = int(sys.argv[1])
print(json.dumps({kind: statistics.median(first_cell(kind) for _ in range(repeat)) for kind in kernels.KINDS}))
zygote.stop()
"""


def built(output: str) -> int:
    """The number of reports a build's closing line counts ('55 reports: 55 built, ...')."""
    found = re.search(r"^(\d+) reports: ", output, re.MULTILINE)
    return int(found.group(1)) if found else 0


def adopt_orphans() -> None:
    """Become the reaper of every process the commands leave behind (a build's zygote and kernels outlive it by a
    moment), so their CPU is counted."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise SystemExit("benchmark: cannot become a child subreaper (Linux only)")


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, str]:
    """Run a command; return its wall-clock seconds, the CPU seconds of it and everything it started, and its
    stdout (stop the benchmark if it fails). Every process it leaves behind is reaped as it ends, as init would
    (a build's zygote and kernels outlive it by a moment), and their CPU is counted."""
    cpu = children_cpu()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        wall, code = 0.0, None
        while True:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            if pid == process.pid:
                wall, code = time.perf_counter() - started, os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if code != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:5])}...\n{stdout[-2000:]}\n{stderr[-2000:]}")
    return wall, children_cpu() - cpu, stdout


def _toml(value: object) -> str:
    """A config value back as TOML (inline tables and arrays; strings and numbers as JSON spells them)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


def write_config(path: Path, config: dict[str, dict[str, object]]) -> Path:
    path.write_text(
        "\n".join(f"[{n}]\n" + "\n".join(f"{k} = {_toml(v)}" for k, v in s.items()) + "\n" for n, s in config.items())
    )
    return path


def checkout(revision: str, into: Path) -> Path:
    """The project's files at `revision` (git archive), to build with that code."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    into.mkdir()
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "reports.toml")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7, help="kernels started of each kind for (1)")
    parser.add_argument("--against", metavar="REVISION", help="also build with this commit's code (e.g. 28d8843)")
    parser.add_argument("--rounds", type=int, default=3, help="builds of each code, alternately, with --against")
    args = parser.parse_args()
    adopt_orphans()

    from sco_analysis.reporting import environment, plan, project

    project.use("sco_analysis.project:PROJECT")

    work = Path(tempfile.mkdtemp(prefix="sco-bench-"))
    notebooks = work / "notebooks"  # a private copy, so (6) can edit one without touching the repository
    notebooks.mkdir()
    config = tomllib.loads(args.config.read_text(encoding="utf-8"))
    for spec in config.values():
        source = (ROOT / str(spec["notebook"])).resolve()
        shutil.copyfile(source, notebooks / source.name)
        spec["notebook"] = str(notebooks / source.name)
    bench_config = write_config(work / "reports.toml", config)
    defaults = write_config(work / "defaults.toml", {n: {"notebook": s["notebook"]} for n, s in config.items()})
    runs = plan.plan(bench_config)
    environment.isolate()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    cold = lambda name: {**env, "SCO_REPORTS_DIR": str(work / name), "SCO_CACHE_DIR": str(work / f"{name}-tables")}  # noqa: E731
    build = [str(BIN / "sco-report"), "build", "--config"]
    print(
        f"benchmark: {len(runs)} reports from {args.config.name}; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    rows: list[tuple[str, float | None, float | None, str]] = []

    def row(label: str, wall: float | None, cpu: float | None, note: str = "") -> None:
        rows.append((label, wall, cpu, note))
        print(f"  {label}: {wall or 0:.2f} s wall, {cpu or 0:.2f} s CPU  {note}", flush=True)

    # (1) kernel CPU to the first cell
    _, _, out = run([sys.executable, "-c", KERNELS, str(args.repeat)], env)
    kernel = json.loads(out.strip().splitlines()[-1])
    ratio = kernel["forked"] / kernel["spawned"]
    row("(1) kernel CPU to the first cell, spawned with the warm-up (median)", None, kernel["spawned"])
    row("(1) the same, spawned cold (nothing loaded)", None, kernel["cold"])
    row("(1) the same, forked from the zygote", None, kernel["forked"], f"{ratio:.3f} of spawned (target <= 0.2)")
    # (2) the floor
    todo = json.dumps([[str(r.notebook), r.params] for r in runs])
    floor_wall, floor, _ = run([sys.executable, "-c", ONE_PROCESS, todo], cold("floor"), cwd=notebooks)
    row(f"(2) the floor: the code of all {len(runs)} runs in one process, cold", floor_wall, floor)
    # (3) cold full builds
    serial = run([*build, str(bench_config), "--jobs", "1"], cold("serial"))
    row("(3) cold full build, serial, forked kernels", serial[0], serial[1], f"CPU {serial[1] / floor:.2f}x the floor")
    parallel = run([*build, str(bench_config), "--jobs", str(args.jobs)], cold("parallel"))
    row(
        f"(3) cold full build, --jobs {args.jobs}, forked kernels",
        parallel[0],
        parallel[1],
        f"CPU {parallel[1] / floor:.2f}x the floor (target <= 2)",
    )
    spawned = run([*build, str(bench_config), "--jobs", str(args.jobs), "--kernels", "spawned"], cold("spawned"))
    row(
        f"(3) cold full build, --jobs {args.jobs}, spawned kernels",
        spawned[0],
        spawned[1],
        f"CPU {spawned[1] / floor:.2f}x the floor; forked takes {parallel[0] / spawned[0]:.2f} of its wall time",
    )
    if args.against:  # the other code and this one, alternately: a shared machine's load drifts
        old = checkout(args.against, work / "old")
        # that commit's own reports.toml, notebooks and data: its code cannot run today's notebooks
        old_build = [sys.executable, "-m", "sco_analysis.cli", "build", "--config", str(old / "reports.toml")]
        pairs = []
        for attempt in range(args.rounds):
            old_env = {**cold(f"old{attempt}"), "PYTHONPATH": str(old)}  # its package first, in its kernels too
            before = run([*old_build, "--jobs", str(args.jobs)], old_env, cwd=old)
            after = run([*build, str(bench_config), "--jobs", str(args.jobs)], cold(f"new{attempt}"))
            pairs.append((before, after))
            print(
                f"    round {attempt + 1}: {args.against} {before[0]:.1f} s wall, {before[1]:.1f} s CPU "
                f"({built(before[2])} reports); this code {after[0]:.1f} s wall, {after[1]:.1f} s CPU "
                f"({built(after[2])} reports): {after[0] / before[0]:.2f} of the wall time",
                flush=True,
            )
        ratios = sorted(after[0] / before[0] for before, after in pairs)
        per_report = sorted((after[0] / built(after[2])) / (before[0] / built(before[2])) for before, after in pairs)
        old_wall, old_cpu = (statistics.median(p[0][i] for p in pairs) for i in (0, 1))
        new_wall, new_cpu = (statistics.median(p[1][i] for p in pairs) for i in (0, 1))
        row(
            f"(3) cold full build, --jobs {args.jobs}, the code of {args.against} (median of {args.rounds})",
            old_wall,
            old_cpu,
            f"its own reports.toml, notebooks and data ({built(pairs[0][0][2])} reports): not today's floor",
        )
        row(
            f"(3) cold full build, --jobs {args.jobs}, this code, each right after it (median)",
            new_wall,
            new_cpu,
            f"{statistics.median(ratios):.2f} of its wall time (rounds: {', '.join(f'{r:.2f}' for r in ratios)}; "
            f"target < 0.6), {new_cpu / old_cpu:.2f} of its CPU; per report built, "
            f"{statistics.median(per_report):.2f} of its wall time",
        )
    # (4) the default reports: ours, cold and serial, against papermill's CLI then nbconvert's CLI
    ours = run([*build, str(defaults), "--jobs", "1"], cold("defaults"))
    clis_wall = clis_cpu = 0.0
    for spec in config.values():
        executed = work / "cli" / Path(str(spec["notebook"])).name
        executed.parent.mkdir(exist_ok=True)
        papermill = [str(BIN / "papermill"), str(spec["notebook"]), str(executed), "-k", "python3"]
        wall1, cpu1, _ = run([*papermill, "--cwd", str(notebooks), "--no-progress-bar"], cold("cli"))
        wall2, cpu2, _ = run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], cold("cli")
        )
        clis_wall, clis_cpu = clis_wall + wall1 + wall2, clis_cpu + cpu1 + cpu2
    row(f"(4) the {len(config)} default reports, sco-report build, cold, --jobs 1", ours[0], ours[1])
    row(
        "(4) the same with papermill's CLI then nbconvert's CLI",
        clis_wall,
        clis_cpu,
        f"ratio {clis_wall / ours[0]:.2f} wall, {clis_cpu / ours[1]:.2f} CPU (target >= 3)",
    )
    # (5), (6)
    noop = run([*build, str(bench_config), "--jobs", str(args.jobs)], cold("parallel"))
    row("(5) no-op build (nothing changed)", noop[0], noop[1], "target < 0.5 s wall")
    edited = runs[-1].notebook
    nb = json.loads(edited.read_text(encoding="utf-8"))
    nb["cells"][0]["source"].append("\n\n(edited by the benchmark)")
    edited.write_text(json.dumps(nb), encoding="utf-8")
    touched = sum(r.notebook == edited for r in runs)
    rebuilt = run([*build, str(bench_config), "--jobs", str(args.jobs)], cold("parallel"))
    row(f"(6) rebuild after editing {edited.name} ({touched} reports)", rebuilt[0], rebuilt[1])

    width = max(len(label) for label, *_ in rows)
    print(f"\n{'measure':<{width}}  {'wall s':>8}  {'CPU s':>8}  note")
    for label, wall, cpu, note in rows:
        shown = [f"{value:8.2f}" if value is not None else f"{'':8}" for value in (wall, cpu)]
        print(f"{label:<{width}}  {shown[0]}  {shown[1]}  {note}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
