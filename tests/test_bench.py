"""Smoke test of benchmarks/bench_build.py on a one-report config (the full benchmark is not part of make test)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def test_benchmark_prints_every_measure(tmp_path):
    config = tmp_path / "tiny.toml"
    config.write_text(f'[timeline]\nnotebook = "{ROOT / "notebooks" / "timeline.ipynb"}"\n')
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_build.py"), "--config", str(config), "--jobs", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    labels = [
        "(1) Run All of timeline.ipynb",
        "(1) the four together",
        "(2) the code of all 1 runs",
        "(3) the 1 default reports",
        "(3) the same with papermill CLI",
        "(4) cold full build, serial",
        "(5) cold full build, --jobs 2",
        "(6) no-op build",
        "(7) rebuild after editing timeline.ipynb",
    ]
    for label in labels:
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, label
        seconds = re.search(r"\s{2,}(\d+\.\d+)(\s|$)", row)
        assert seconds is not None, row
        assert float(seconds.group(1)) > 0, row
