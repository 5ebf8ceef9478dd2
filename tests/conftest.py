"""Shared fixtures: independent readers of the raw CSVs, and a temporary copy of data/ for corruption tests."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import pytest

from sco_analysis.reporting import project

project.use("sco_analysis.project:PROJECT")  # the runner serves this project in every test

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MEMBERS_2018 = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
# members, observers and dialogue partners at the Qingdao summit (2018-06-09), as the events table lists them
ALL_2018 = [*MEMBERS_2018, "AFG", "BLR", "IRN", "MNG", "ARM", "AZE", "KHM", "LKA", "NPL", "TUR"]


def as_in_a_terminal() -> None:
    """For a build the tests stop with ^C: SIGINT acts as in a terminal even when the tests run as a background job
    (a non-interactive shell starts those with SIGINT ignored, and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@cache
def raw_rows(relpath: str) -> tuple[dict[str, str], ...]:
    """Rows of a vendored CSV read with the csv module only (independent of the package's loaders)."""
    with open(DATA / relpath, newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def wdi_value(relpath: str, code: str, year: int) -> float:
    """One WDI cell, found by hand: the row with this Country Code and Year."""
    rows = [r for r in raw_rows(relpath) if r["Country Code"] == code and r["Year"] == str(year)]
    assert len(rows) == 1, (relpath, code, year, rows)
    return float(rows[0]["Value"])


def still_running(processes: list, within: float = 15.0) -> list:
    """The processes (psutil) still running after waiting up to `within` seconds for them to end. A zombie has ended:
    it waits only for its parent, or for whoever adopts orphans, to collect its exit status (a container's init or a
    benchmark that adopts them may do that late)."""
    import psutil

    def running(process: psutil.Process) -> bool:
        try:
            return process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + within
    alive = [p for p in processes if running(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if running(p)]
    return alive


def reset_caches() -> None:
    """Forget every cached table, so the next call reads data/ (or $SCO_DATA_DIR) again."""
    import sys

    import sco_analysis.manifest as manifest

    for name, module in list(sys.modules.items()):
        if name.startswith("sco_analysis"):
            for value in vars(module).values():
                if hasattr(value, "cache_clear"):
                    value.cache_clear()
    manifest._VERIFIED.clear()


# the seven other members at the 2017 Astana summit, as IMF DOTS names them
IMF_PARTNERS = {
    "India",
    "Kazakhstan, Rep. of",
    "Kyrgyz Rep.",
    "Pakistan",
    "Russian Federation",
    "Tajikistan, Rep. of",
    "Uzbekistan, Rep. of",
}


def by_hand(relpath: str, column: str, year: int) -> float:
    """Sum (US$ m) of the rows of a DOTS file whose `column` is one of the seven partners, each (name, year) once."""
    seen = {}
    for row in raw_rows(relpath):
        if row[column] in IMF_PARTNERS and row["year"] == str(year):
            seen[(row["reporter"], row["partner"])] = float(row["value"])  # the source repeats some rows
    assert len(seen) == 7, seen
    return sum(seen.values())


EXPORTS = "imf-dots/china_exports_fob_by_partner.csv"
IMPORTS = "imf-dots/china_imports_cif_by_partner.csv"
MIRROR_EXPORTS = "imf-dots/imports_cif_from_china_by_reporter.csv"
MIRROR_IMPORTS = "imf-dots/exports_fob_to_china_by_reporter.csv"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of data/ that the package reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("SCO_DATA_DIR", str(copy))
    reset_caches()
    yield copy
    monkeypatch.delenv("SCO_DATA_DIR")
    reset_caches()


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT, **kw) -> subprocess.CompletedProcess[str]:
    """`sco-report ARGS` in a subprocess (the installed package, as a user runs it), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "sco_analysis.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=600,
        **kw,
    )


def cli_started(*args: str, env: dict[str, str], session: bool = False) -> subprocess.Popen[str]:
    """`sco-report ARGS` started in the background as a terminal starts it (^C acts; with `session`, in a session
    of its own, as a terminal runs a command), output piped."""
    return subprocess.Popen(
        [sys.executable, "-m", "sco_analysis.cli", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_in_a_terminal,
        start_new_session=session,
    )


def small_notebook(path: Path, body: str) -> Path:
    nb = {
        "cells": [
            {"cell_type": "markdown", "id": "m0", "metadata": {}, "source": ["# A small report"]},
            {
                "cell_type": "code",
                "id": "p0",
                "metadata": {"tags": ["parameters"]},
                "execution_count": None,
                "outputs": [],
                "source": ["n = 2"],
            },
            {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None, "outputs": [], "source": [body]},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb))
    return path


@pytest.fixture(scope="session")
def session_build() -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The one build of the test session: the reports of reports.toml, built as `make report` builds them (forked
    kernels, every processor) where missing or out of date (a no-op when `make report` ran); the reports folder and
    the build's output. Tests that only read reports use it instead of building their own."""
    from sco_analysis.reporting import files

    result = subprocess.run(
        [sys.executable, "-m", "sco_analysis.cli", "build"], cwd=ROOT, capture_output=True, text=True, timeout=1800
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return files.reports_dir(), result


@pytest.fixture(scope="session")
def reports(session_build: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    """The reports folder of the session's build."""
    return session_build[0]


def one_report(tmp_path: Path, name: str, body: str, settings: str = "") -> Path:
    """A reports.toml in tmp_path with one report `name`: a small notebook running `body` (parameter n = 2)."""
    nb = small_notebook(tmp_path / f"{name}.ipynb", body)
    config = tmp_path / "reports.toml"
    config.write_text(f'[{name}]\nnotebook = "{nb}"\n{settings}', encoding="utf-8")
    return config


def start_build(
    tmp_path: Path, runs: int = 4, seconds: float = 3.0, jobs: int = 2, body: str = "", session: bool = False
) -> tuple[subprocess.Popen[str], Path]:
    """A real build of `runs` small reports that each take `seconds` (after running `body`), started in the
    background (with `session`, in a session of its own, as a terminal runs a command)."""
    sweep = f"sweep = {{ n = {list(range(1, runs + 1))} }}\n"
    config = one_report(tmp_path, "slow", f"{body}import time; time.sleep({seconds}); print('done', n)", sweep)
    reports = tmp_path / "reports"
    proc = cli_started(
        "build", "--config", str(config), "--jobs", str(jobs), env={"SCO_REPORTS_DIR": str(reports)}, session=session
    )
    return proc, reports


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (see browser.py), one for the session."""
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
