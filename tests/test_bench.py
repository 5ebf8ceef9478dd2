"""Smoke test of benchmarks/bench_build.py on a one-report config (the full benchmark is not part of make test)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def test_benchmark_prints_every_measure_and_ratio(tmp_path):
    config = tmp_path / "tiny.toml"
    config.write_text(f'[timeline]\nnotebook = "{ROOT / "notebooks" / "timeline.ipynb"}"\n')
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_build.py"), "--config", str(config), "--jobs", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for label in [
        "(1) plain Python",
        "(2) cold build, serial",
        "(3) cold build, --jobs 2",
        "(4) no-op rebuild",
        "(5) rebuild after editing timeline.ipynb (1 reports)",
        "(6) marginal cost per report",
        "ratio (2)/(1)",
        "ratio (2)/(3)",
        "ratio (4)/(2)",
    ]:
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, label
        assert float(row.split()[-1]) > 0, row
