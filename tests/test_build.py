"""The report build end to end: HTML + notebook + index, cache, integrity failure, bad parameters, failures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, cli

from sco_analysis.reporting import builder, execute, plan

pytestmark = pytest.mark.slow
TIMELINE = ROOT / "notebooks" / "timeline.ipynb"


def write_config(tmp_path: Path, body: str) -> Path:
    config = tmp_path / "reports.toml"
    config.write_text(body, encoding="utf-8")
    return config


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
    assert len(re.findall(r'<svg [^>]*class="sco-chart"', page)) == 2  # both figures are inline, as SVG
    assert "as_of = 2024-07-04" in page  # the parameters are shown in the report header
    assert "On 4 July 2024 the SCO had 10 members, 2 observers and 14 dialogue partners." in page
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


def test_warm_kernels_give_the_same_bytes_as_cold_ones(tmp_path):
    # two reports, so the second runs in the kernel started (and warmed) while the first ran
    runs = '[{ as_of = "2018-06-09" }, { as_of = "2024-07-04" }]'
    config = write_config(tmp_path, f'[timeline]\nnotebook = "{TIMELINE}"\nruns = {runs}\n')
    outs = {}
    for mode in ("warm", "cold"):
        out = tmp_path / mode
        extra = ["--cold-kernels"] if mode == "cold" else []
        result = cli("build", "--config", str(config), "--jobs", "1", *extra, env={"SCO_REPORTS_DIR": str(out)})
        assert result.returncode == 0, result.stdout + result.stderr
        outs[mode] = {
            p.relative_to(out): p.read_bytes() for p in out.glob("timeline/*") if p.suffix in (".html", ".ipynb")
        }
    assert len(outs["warm"]) == 4
    assert outs["warm"] == outs["cold"]
