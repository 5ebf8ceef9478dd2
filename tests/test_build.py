"""The report build end to end: HTML + notebook + index, cache, integrity failure, bad parameters, failures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from sco_analysis.build import builder, execute, plan

pytestmark = pytest.mark.slow
TIMELINE = ROOT / "notebooks" / "timeline.ipynb"


def write_config(tmp_path: Path, body: str) -> Path:
    config = tmp_path / "reports.toml"
    config.write_text(body, encoding="utf-8")
    return config


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sco_analysis.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture
def reports(tmp_path, monkeypatch) -> Path:
    out = tmp_path / "reports"
    monkeypatch.setenv("SCO_REPORTS_DIR", str(out))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One real build of the timeline as of 2024-07-04 into a temporary reports folder."""
    out = tmp_path_factory.mktemp("built") / "reports"
    config = write_config(
        out.parent, f'[timeline]\nnotebook = "{TIMELINE}"\ntitle = "Timeline"\nruns = [{{ as_of = "2024-07-04" }}]\n'
    )
    result = cli("build", "--config", str(config), "--jobs", "1", env={"SCO_REPORTS_DIR": str(out)})
    assert result.returncode == 0, result.stdout + result.stderr
    return out, config, result


def test_build_writes_self_contained_html_notebook_and_index(built):
    out, _, result = built
    page = (out / "timeline" / "as_of=2024-07-04.html").read_text(encoding="utf-8")
    assert "<script" not in page
    # nothing is loaded from another host (citation <a> links are fine: they load nothing until clicked)
    assert not re.search(r"""src\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"""<link[^>]+href\s*=\s*["']?(https?:)?//""", page)
    assert 'rel="noopener noreferrer">source</a>' in page  # the summits keep their citations
    assert page.count("data:image/png;base64,") >= 2  # both figures are inline
    assert "as_of = 2024-07-04" in page  # the parameters are shown in the report header
    assert "On 2024-07-04 the SCO had 10 members, 2 observers and 14 dialogue partners." in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="timeline/as_of=2024-07-04.html"' in index
    assert f"index: {out / 'index.html'}" in result.stdout


def test_second_build_is_cached_and_starts_no_kernel(built, monkeypatch):
    out, config, _ = built
    monkeypatch.setenv("SCO_REPORTS_DIR", str(out))
    monkeypatch.setattr(execute, "execute", lambda run: pytest.fail("a cached report was executed"))
    outcomes = builder.build(plan.plan(config), jobs=1, say=lambda _: None)
    assert [o.status for o in outcomes] == ["cached"]


def test_changed_data_byte_fails_the_build_and_keeps_reports(built, data_copy):
    out, config, _ = built
    page = out / "timeline" / "as_of=2024-07-04.html"
    before = page.read_bytes()
    target = data_copy / "sco-timeline" / "sco_summits.csv"
    target.write_bytes(target.read_bytes().replace(b"Qingdao", b"Qingdau", 1))
    result = cli("build", "--config", str(config), env={"SCO_REPORTS_DIR": str(out), "SCO_DATA_DIR": str(data_copy)})
    assert result.returncode == 2
    assert "sco_summits.csv: sha256 is" in result.stderr
    assert "git checkout -- data/sco-timeline/sco_summits.csv" in result.stderr
    assert page.read_bytes() == before


def test_out_of_range_date_fails_before_a_kernel_and_writes_nothing(reports):
    result = cli("run", str(TIMELINE), "-p", "as_of", "1990-01-01", env={"SCO_REPORTS_DIR": str(reports)})
    assert result.returncode == 2
    assert (
        "timeline.ipynb: parameter 'as_of' = '1990-01-01': 1990-01-01 is before 1996-04-26: there was no "
        "Shanghai Five yet"
    ) in result.stderr
    assert not reports.exists()
