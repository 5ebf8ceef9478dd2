"""Benchmark the report build against the same analyses run as plain Python, on this machine, in one run.

    .venv/bin/python benchmarks/bench_build.py                 # the full config (about 7 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_build.py --config tiny.toml --jobs 2

Prints one table: (1) plain Python: each run's notebook code cells executed in a fresh `python` process, no kernel,
figures rendered to PNG and tables to HTML as a report would; (2) a cold full build, serial; (3) the same with
--jobs N; (4) a no-op rebuild; (5) a rebuild after editing one notebook; (6) the marginal cost per report in the
largest sweep; and the ratios (2)/(1), (2)/(3), (4)/(2). Builds go to temporary folders; nothing in reports/ changes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNNER = r"""
import ast, json, sys
from matplotlib.figure import Figure
from sco_analysis.plots import style

cells, params = json.loads(sys.argv[1]), json.loads(sys.argv[2])

def show(value, raw=False):
    if isinstance(value, Figure):
        style.png_bytes(value)
    elif hasattr(value, "to_html"):
        value.to_html()
    else:
        repr(value)

namespace = {"display": show, "__name__": "__main__"}
for source, is_parameters in cells:
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if is_parameters:
        namespace.update(params)
    if last is not None:
        show(eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace))
"""


def code_cells(notebook: Path) -> list[tuple[str, bool]]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return [
        ("".join(c["source"]), "parameters" in c.get("metadata", {}).get("tags", []))
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:4])}...\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "reports.toml")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    from sco_analysis.build import environment, plan

    work = Path(tempfile.mkdtemp(prefix="sco-bench-"))
    # a private copy of the notebooks, so (5) can edit one without touching the repository
    notebooks = work / "notebooks"
    config = tomllib.loads(args.config.read_text(encoding="utf-8"))
    for spec in config.values():
        source = (ROOT / spec["notebook"]).resolve()
        notebooks.mkdir(exist_ok=True)
        shutil.copyfile(source, notebooks / source.name)
        spec["notebook"] = str(notebooks / source.name)
    bench_config = work / "reports.toml"
    bench_config.write_text(
        "\n".join(
            f"[{name}]\n" + "\n".join(f"{k} = {_toml(v)}" for k, v in spec.items()) + "\n"
            for name, spec in config.items()
        )
    )
    runs = plan.plan(bench_config)
    env = {**os.environ}
    environment.isolate()
    env.update(
        {
            k: os.environ[k]
            for k in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR")
        }
    )
    cli = [sys.executable, "-m", "sco_analysis.cli", "build", "--config", str(bench_config)]

    print(
        f"benchmark: {len(runs)} reports from {args.config.name}; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        flush=True,
    )
    plain = []
    for run in runs:
        plain.append(
            timed(
                [sys.executable, "-c", RUNNER, json.dumps(code_cells(run.notebook)), json.dumps(run.params)],
                env,
                cwd=run.notebook.parent,
            )
        )
    plain_total = sum(plain)
    serial = timed([*cli, "--jobs", "1"], {**env, "SCO_REPORTS_DIR": str(work / "serial")})
    parallel = timed([*cli, "--jobs", str(args.jobs)], {**env, "SCO_REPORTS_DIR": str(work / "parallel")})
    noop = timed([*cli, "--jobs", str(args.jobs)], {**env, "SCO_REPORTS_DIR": str(work / "parallel")})
    edited = runs[-1].notebook
    nb = json.loads(edited.read_text(encoding="utf-8"))
    nb["cells"][0]["source"].append("\n\n(edited by the benchmark)")
    edited.write_text(json.dumps(nb), encoding="utf-8")
    touched_runs = sum(r.notebook == edited for r in runs)
    touched = timed([*cli, "--jobs", str(args.jobs)], {**env, "SCO_REPORTS_DIR": str(work / "parallel")})
    # marginal cost in the largest sweep: per-report seconds recorded by the serial build
    by_report: dict[str, list[float]] = {}
    for record in (work / "serial" / ".cache").glob("*/*.json"):
        rec = json.loads(record.read_text())
        by_report.setdefault(rec["report"], []).append(rec["seconds"])
    sweep_name, sweep_secs = max(by_report.items(), key=lambda kv: len(kv[1]))
    sweep_plain = [p for p, r in zip(plain, runs, strict=True) if r.report == sweep_name]

    rows = [
        ("(1) plain Python, one process per report, summed", plain_total),
        ("(2) cold build, serial (--jobs 1)", serial),
        (f"(3) cold build, --jobs {args.jobs}", parallel),
        ("(4) no-op rebuild", noop),
        (f"(5) rebuild after editing {edited.name} ({touched_runs} reports)", touched),
        (
            f"(6) marginal cost per report in the '{sweep_name}' sweep ({len(sweep_secs)} reports), build",
            statistics.mean(sweep_secs),
        ),
        ("    the same reports as plain Python, mean", statistics.mean(sweep_plain)),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'measure':<{width}}  seconds")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:8.2f}")
    print(f"{'ratio (2)/(1): cold serial build vs plain Python (target <= 2)':<{width}}  {serial / plain_total:8.2f}")
    print(f"{f'ratio (2)/(3): speed-up from --jobs {args.jobs} (target >= 1.6)':<{width}}  {serial / parallel:8.2f}")
    print(f"{'ratio (4)/(2): no-op rebuild vs cold build':<{width}}  {noop / serial:8.3f}")
    shutil.rmtree(work, ignore_errors=True)


def _toml(value) -> str:
    """A config value back as TOML (inline tables and arrays; strings and numbers as JSON spells them)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


if __name__ == "__main__":
    main()
