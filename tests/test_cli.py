"""The command line as a user meets it (#27): --version, the notebooks' parameters in `run --help`, a reader that
closes the pipe, and the build's progress counter with the time left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

from conftest import ROOT, cli

from sco_analysis.reporting import builder


def test_version_is_the_package_s():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout == f"sco-report {version}\n"


def test_run_help_lists_every_parameter_of_every_configured_notebook():
    result = cli("run", "--help")
    assert result.returncode == 0
    for name in ("claims", "timeline", "trade", "weight"):
        nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
        declared = [line.strip() for line in "".join(cell["source"]).splitlines() if "=" in line]
        assert f"  notebooks/{name}.ipynb\n" in result.stdout
        for line in declared:
            if not line.startswith("report_page"):  # set by the build, not by the user
                assert f"    {line}\n" in result.stdout, line
    assert "report_page" not in result.stdout


def test_a_reader_that_closes_the_pipe_ends_the_command_quietly():
    read, write = os.pipe()
    os.close(read)  # as `sco-report list | head -1` once head has its line
    try:
        result = subprocess.run(
            [sys.executable, "-m", "sco_analysis.cli", "list"],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert result.returncode == 141  # as a process stopped by SIGPIPE, which is what a shell expects of a filter
    assert result.stderr == ""


def test_progress_counts_the_reports_built_and_says_the_time_left(monkeypatch):
    clock = iter([100.0, 110.0, 130.0, 250.0])  # started; then after the first, second and third report
    monkeypatch.setattr(builder.time, "perf_counter", lambda: next(clock))
    progress = builder.Progress(3)
    assert (progress.step(), progress.left()) == ("[1/3]", " — about 20 s left")  # 10 s a report, 2 to go
    assert (progress.step(), progress.left()) == ("[2/3]", " — about 15 s left")
    assert (progress.step(), progress.left()) == ("[3/3]", "")
    clock = iter([0.0, 100.0])
    many = builder.Progress(40)
    assert (many.step(), many.left()) == ("[ 1/40]", " — about 65 min left")
