"""Smoke test of benchmarks/bench_build.py on a one-report config: every measure is taken and printed, with wall and
CPU time (the full benchmark is `make bench`, not part of `make test`; no timing is asserted here)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT, small_notebook

pytestmark = pytest.mark.slow


def test_benchmark_prints_every_measure(tmp_path):
    notebook = small_notebook(tmp_path / "tiny.ipynb", "import pandas; print(pandas.DataFrame({'n': [n]}))")
    config = tmp_path / "tiny.toml"
    config.write_text(f'[tiny]\nnotebook = "{notebook}"\n')
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_build.py"), "--config", str(config), "--repeat", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table = result.stdout.split("\nmeasure")[1].splitlines()
    kernels = {
        "(1) kernel CPU to the first cell, spawned with the warm-up": "",
        "(1) the same, spawned cold": "",
        "(1) the same, forked from the zygote": "of spawned (target <= 0.2)",
    }
    for label, note in kernels.items():
        row = next((line for line in table if line.startswith(label)), None)
        assert row is not None, label
        assert float(re.search(r"\s(\d+\.\d+)\s", row[len(label) :]).group(1)) > 0, row
        assert note in row
    timed = {
        "(2) the floor: the code of all 1 runs in one process, cold": "",
        "(3) cold full build, serial, forked kernels": "x the floor",
        "(3) cold full build, --jobs 2, forked kernels": "x the floor (target <= 2)",
        "(3) cold full build, --jobs 2, spawned kernels": "of its wall time",
        "(4) the 1 default reports, sco-report build, cold, --jobs 1": "",
        "(4) the same with papermill's CLI then nbconvert's CLI": "(target >= 3)",
        "(5) no-op build": "",
        "(6) rebuild after editing tiny.ipynb (1 reports)": "",
    }
    for label, note in timed.items():
        row = next((line for line in table if line.startswith(label)), None)
        assert row is not None, label
        wall, cpu = (float(x) for x in re.findall(r"\s(\d+\.\d+)(?=\s|$)", row[len(label) :])[:2])
        assert wall > 0, row
        assert cpu > 0, row
        assert note in row
