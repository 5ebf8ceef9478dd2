"""Benchmark the reports on this machine, every measure in one run, and print them with the ratios to the targets.

    .venv/bin/python benchmarks/bench_build.py                 # the full config (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_build.py --config tiny.toml --jobs 2

Measures:
  (1) "Run All" of each default notebook as plain Python in a fresh process (imports, data, computation, figures
      rendered to PNG, tables to HTML; no kernel), with the tables cache filled, split into imports and the rest;
  (2) the notebooks' code for every configured run in ONE process (imports paid once);
  (3) the default runs built by sco-report, cold and serial, against papermill's CLI then nbconvert's CLI;
  (4) a cold full build, serial; (5) the same with --jobs N; (6) a no-op build; (7) a rebuild after editing one
      notebook. "Cold" means no report and no cached table: both start empty.
Builds go to temporary folders; nothing in reports/ or .build/tables changes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TIMER = (
    f"TESTS = {str(ROOT / 'tests')!r}\n"
    + r"""
import json, sys, time
started = time.perf_counter()
import matplotlib, pandas
sys.path.insert(0, TESTS)  # the in-process runner is a test helper
import inprocess
# the package and its figure modules are imports too (a notebook's first cell pays them), not computation
import sco_analysis.claims.verdicts, sco_analysis.claims.cards, sco_analysis.plots.claims, sco_analysis.plots.timeline
import sco_analysis.plots.trade, sco_analysis.plots.weight, IPython.display
imported = time.perf_counter()
inprocess.run(sys.argv[1], json.loads(sys.argv[2]), render=True)
print(json.dumps({"imports": imported - started, "run": time.perf_counter() - imported}))
"""
)
ONE_PROCESS = (
    f"TESTS = {str(ROOT / 'tests')!r}\n"
    + r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, TESTS)  # the in-process runner is a test helper
import inprocess
started = time.perf_counter()
for notebook, params in json.loads(sys.argv[1]):
    inprocess.run(Path(notebook), params, render=True)
print(json.dumps({"seconds": time.perf_counter() - started}))
"""
)


def run(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, str]:
    """Run a command; return its wall-clock seconds and stdout (stop the benchmark if it fails)."""
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:5])}...\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return time.perf_counter() - started, result.stdout


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "reports.toml")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    from sco_analysis.reporting import environment, plan, project

    project.use("sco_analysis.project:PROJECT")

    work = Path(tempfile.mkdtemp(prefix="sco-bench-"))
    notebooks = work / "notebooks"  # a private copy, so (7) can edit one without touching the repository
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
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}",
        flush=True,
    )

    rows: list[tuple[str, float, str]] = []
    # (1) each default notebook, fresh process, tables cache filled by a first untimed run
    alone = 0.0
    for spec in config.values():
        notebook = str(spec["notebook"])
        run([sys.executable, "-c", TIMER, notebook, "{}"], env, cwd=notebooks)
        seconds, out = run([sys.executable, "-c", TIMER, notebook, "{}"], env, cwd=notebooks)
        split = json.loads(out.strip().splitlines()[-1])
        alone += seconds
        rows.append(
            (
                f"(1) Run All of {Path(notebook).name} as plain Python, fresh process",
                seconds,
                f"imports {split['imports']:.2f} s, computation {split['run']:.2f} s (target <= 1)",
            )
        )
    rows.append(("(1) the four together", alone, "target < 8 (1/3 of 23)"))
    # (2) every configured run's code in one process
    todo = json.dumps([[str(r.notebook), r.params] for r in runs])
    seconds, _ = run([sys.executable, "-c", ONE_PROCESS, todo], env, cwd=notebooks)
    rows.append((f"(2) the code of all {len(runs)} runs in one process", seconds, "target < 20"))
    # (3) the default reports: ours, cold and serial, against papermill's CLI then nbconvert's CLI
    ours, _ = run([*build, str(defaults), "--jobs", "1"], cold("defaults"))
    clis = 0.0
    for spec in config.values():
        executed = work / "cli" / Path(str(spec["notebook"])).name
        executed.parent.mkdir(exist_ok=True)
        t1, _ = run(
            [
                str(BIN / "papermill"),
                str(spec["notebook"]),
                str(executed),
                "-k",
                "python3",
                "--cwd",
                str(notebooks),
                "--no-progress-bar",
            ],
            cold("cli"),
        )
        t2, _ = run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], cold("cli"))
        clis += t1 + t2
    rows.append((f"(3) the {len(config)} default reports, sco-report build, cold, --jobs 1", ours, ""))
    rows.append(("(3) the same with papermill CLI then nbconvert CLI", clis, f"ratio {clis / ours:.2f} (target >= 3)"))
    # (4)-(7) full builds
    serial, _ = run([*build, str(bench_config), "--jobs", "1"], cold("serial"))
    parallel, _ = run([*build, str(bench_config), "--jobs", str(args.jobs)], cold("parallel"))
    noop, _ = run([*build, str(bench_config), "--jobs", str(args.jobs)], cold("parallel"))
    edited = runs[-1].notebook
    nb = json.loads(edited.read_text(encoding="utf-8"))
    nb["cells"][0]["source"].append("\n\n(edited by the benchmark)")
    edited.write_text(json.dumps(nb), encoding="utf-8")
    touched = sum(r.notebook == edited for r in runs)
    rebuilt, _ = run([*build, str(bench_config), "--jobs", str(args.jobs)], cold("parallel"))
    rows += [
        ("(4) cold full build, serial (--jobs 1)", serial, f"{serial / len(runs):.2f} s a report"),
        (
            f"(5) cold full build, --jobs {args.jobs}",
            parallel,
            f"speed-up {serial / parallel:.2f} over serial; target < 46 (half of 92)",
        ),
        ("(6) no-op build (nothing changed)", noop, "target < 0.5"),
        (f"(7) rebuild after editing {edited.name} ({touched} reports)", rebuilt, ""),
    ]
    width = max(len(label) for label, _, _ in rows)
    print(f"{'measure':<{width}}  {'seconds':>8}  note")
    for label, seconds, note in rows:
        print(f"{label:<{width}}  {seconds:8.2f}  {note}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
