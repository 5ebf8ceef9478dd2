"""Shared fixtures: independent readers of the raw CSVs, and a temporary copy of data/ for corruption tests."""
from __future__ import annotations

import csv
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MEMBERS_2018 = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]


@lru_cache(maxsize=None)
def raw_rows(relpath: str) -> tuple[dict[str, str], ...]:
    """Rows of a vendored CSV read with the csv module only (independent of the package's loaders)."""
    with open(DATA / relpath, newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def wdi_value(relpath: str, code: str, year: int) -> float:
    """One WDI cell, found by hand: the row with this Country Code and Year."""
    rows = [r for r in raw_rows(relpath) if r["Country Code"] == code and r["Year"] == str(year)]
    assert len(rows) == 1, (relpath, code, year, rows)
    return float(rows[0]["Value"])


def reset_caches() -> None:
    """Forget every cached table, so the next call reads data/ (or $SCO_DATA_DIR) again."""
    import sco_analysis.data as data
    import sco_analysis.membership as membership
    import sco_analysis.summits as summits

    for module in (data, membership, summits):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()
    data._VERIFIED.clear()
    for name in ("trade", "weight", "claims"):
        try:
            module = __import__(f"sco_analysis.{name}", fromlist=["x"])
        except ImportError:
            continue
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


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
