"""The report build end to end, on the session's build of reports.toml: HTML + notebook + index, cache, integrity
failure, bad parameters."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, cli, raw_rows

from sco_analysis.reporting import builder, execute, forks, plan

pytestmark = pytest.mark.slow
TIMELINE = ROOT / "notebooks" / "timeline.ipynb"
CONFIG = ROOT / "reports.toml"


def test_build_writes_self_contained_html_notebook_and_index(session_build):
    out, result = session_build
    page = (out / "timeline" / "as_of=2024-07-03.html").read_text(encoding="utf-8")
    assert "<script" not in page
    # nothing is loaded from another host (citation <a> links are fine: they load nothing until clicked)
    assert not re.search(r"""src\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"""<link[^>]+href\s*=\s*["']?(https?:)?//""", page)
    assert 'rel="noopener noreferrer">source</a>' in page  # the summits keep their citations
    assert len(re.findall(r'<svg [^>]*class="sco-chart"', page)) == 2  # both figures are inline, as SVG
    assert "as_of = 2024-07-03" in page  # the parameters are shown in the report header
    # the eve of the Astana summit, which admitted Belarus
    assert "On 3 July 2024 the SCO had 9 members, 3 observers and 14 dialogue partners." in page
    assert (out / "timeline" / "as_of=2024-07-03.ipynb").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="timeline/as_of=2024-07-03.html"' in index
    assert f"index: {(out / 'index.html').as_uri()}" in result.stdout  # a link a terminal opens


def test_the_build_ends_with_each_fact_check_s_ratings(session_build):
    import csv

    out, result = session_build
    # the default run's ratings as its exported claims.csv counts them, in the order of data/ratings.csv
    scale = [r["rating"] for r in raw_rows("ratings.csv")]
    for title, page in [
        ("Fact-check of the 2018 articles", "claims/default"),
        ("Fact-check of the 2025 Tianjin summit coverage", "tianjin/registry=tianjin-2025"),
    ]:
        with open(out / f"{page}.claims.csv", newline="", encoding="utf-8") as fh:
            ratings = [row["rating"] for row in csv.DictReader(fh)]
        counts = ", ".join(f"{ratings.count(r)} {r}" for r in scale if ratings.count(r))
        assert f"{title}: {counts}\n" in result.stdout
    assert result.stdout.index("Fact-check of the 2018 articles: ") < result.stdout.index("index: file://")


def test_second_build_is_cached_and_starts_no_kernel(session_build, monkeypatch):
    out, _ = session_build
    monkeypatch.setenv("SCO_REPORTS_DIR", str(out))
    monkeypatch.setattr(execute, "run_notebook", lambda *args: pytest.fail("a cached report was executed"))
    monkeypatch.setattr(forks, "Zygote", lambda *args: pytest.fail("a zygote was started for a no-op build"))
    runs = plan.plan(CONFIG)
    outcomes = builder.build(runs, jobs=2, say=lambda _: None)
    assert [o.status for o in outcomes] == ["cached"] * len(runs)


def test_changed_data_byte_fails_the_build_and_keeps_reports(session_build, data_copy):
    out, _ = session_build
    page = out / "timeline" / "as_of=2024-07-03.html"
    before = page.read_bytes()
    target = data_copy / "sco-timeline" / "sco_summits.csv"
    target.write_bytes(target.read_bytes().replace(b"Qingdao", b"Qingdau", 1))
    result = cli("build", "--config", str(CONFIG), env={"SCO_REPORTS_DIR": str(out), "SCO_DATA_DIR": str(data_copy)})
    assert result.returncode == 2
    assert "sco_summits.csv: sha256 is" in result.stderr
    assert "git checkout -- data/sco-timeline/sco_summits.csv" in result.stderr
    assert page.read_bytes() == before


def test_out_of_range_date_fails_before_a_kernel_and_writes_nothing(tmp_path):
    reports = tmp_path / "reports"
    result = cli("run", str(TIMELINE), "-p", "as_of", "1990-01-01", env={"SCO_REPORTS_DIR": str(reports)})
    assert result.returncode == 2
    assert (
        "timeline.ipynb: parameter 'as_of' = '1990-01-01': 1990-01-01 is before 1996-04-26: there was no "
        "Shanghai Five yet"
    ) in result.stderr
    assert not reports.exists()
