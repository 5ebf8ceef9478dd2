"""Hostile or malformed inputs get a message that names the problem and the fix, never a traceback: values pandas
would read as something else, a value too long to echo, a config nested too deep (#29, item 6)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from sco_analysis.reporting import config, params
from sco_analysis.reporting.errors import ConfigError, ParameterError, shown

TIMELINE = ROOT / "notebooks" / "timeline.ipynb"
WEIGHT = ROOT / "notebooks" / "weight.ipynb"


@pytest.mark.parametrize("value", ["2018-06-09T00:00:00Z", "-2017", "+2018-06-09", "2018-06-09 00:00"])
def test_dates_pandas_would_stretch_are_refused_with_the_form_wanted(value):
    with pytest.raises(ParameterError, match=r"is not a date YYYY-MM-DD; give a date YYYY-MM-DD from 1996-04-26"):
        params.check(TIMELINE, {"as_of": value})


def test_a_long_bad_value_is_echoed_once_and_cut_to_a_line():
    value = "x" * 100_000
    with pytest.raises(ParameterError) as raised:
        params.check(WEIGHT, {"vintage": value})
    message = str(raised.value)
    assert len(message) < 300
    assert message.count("(100,000 characters)") == 1
    with pytest.raises(ParameterError) as raised:
        params.check(TIMELINE, {"as_of": value})
    assert str(raised.value).count("(100,000 characters)") == 1


def test_shown_keeps_a_short_value_whole():
    assert shown("2018-06-09") == "'2018-06-09'"
    assert shown("y" * 61).endswith("… (61 characters)")


def test_a_config_nested_too_deep_is_a_config_error(tmp_path):
    path = tmp_path / "reports.toml"
    path.write_text(f'[t]\nnotebook = "{TIMELINE}"\nruns = {"[" * 5000}{"]" * 5000}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="nested too deeply to read"):
        config.load(path)


@pytest.mark.parametrize("name", ["../escaped", "a/b", ".hidden", "", "x" * 65, "tab\tname"])
def test_a_report_name_that_is_not_a_plain_folder_name_is_refused(tmp_path, name):
    """#29 item 2: '../escaped' wrote beside reports/, 'a/b' left a folder in reports/.tmp."""
    path = tmp_path / "reports.toml"
    path.write_text(f'["{name}"]\nnotebook = "{TIMELINE}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"report name .*: a report's name is a folder of reports/; use 1 to 64"):
        config.load(path)


@pytest.mark.parametrize("stem", ["..", ".", "a b/c", "..hidden", "ok"])
def test_an_adhoc_notebook_of_any_name_writes_inside_the_reports_folder(tmp_path, monkeypatch, stem):
    from sco_analysis.reporting import plan

    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path / "reports"))
    folder = tmp_path / "nb"
    folder.mkdir()
    notebook = folder / f"{stem.replace('/', '_')}.ipynb"
    notebook.write_bytes(TIMELINE.read_bytes())
    run = plan.adhoc_run(notebook, {})
    root = (tmp_path / "reports").resolve()
    assert run.path(".html").resolve().parent.parent == root
    assert config.NAME.fullmatch(run.report)


def test_leftovers_of_any_kind_in_tmp_never_block_a_clean(tmp_path, monkeypatch):
    from sco_analysis.reporting import files

    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path))
    (tmp_path / ".tmp" / "x").mkdir(parents=True)
    (tmp_path / ".tmp" / "a" / "b").mkdir(parents=True)
    (tmp_path / ".tmp" / "left-1.ipynb").write_text("{}", encoding="utf-8")
    assert files.clean_interrupted() == 3
    assert list((tmp_path / ".tmp").iterdir()) == []


def test_a_tampered_plan_is_planned_afresh_and_old_plans_are_pruned(tmp_path, monkeypatch):
    """A cached plan naming a notebook or a folder the config does not is a miss (#29: nothing under .build/ is
    trusted more than the inputs); at most KEEP_PLANS plans are kept."""
    from sco_analysis.reporting import plan

    monkeypatch.setattr("sco_analysis.reporting.plan.build_dir", lambda: tmp_path)
    path = tmp_path / "reports.toml"
    path.write_text(f'[t]\nnotebook = "{TIMELINE}"\n', encoding="utf-8")
    runs = plan.plan(path)
    (cached,) = (tmp_path / "plans").glob("*.json")
    records = json.loads(cached.read_text(encoding="utf-8"))
    records[0].update(notebook="/tmp/evil.ipynb", report="../escaped")
    cached.write_text(json.dumps(records), encoding="utf-8")
    again = plan.plan(path)
    assert [(r.report, r.notebook, r.slug) for r in again] == [(r.report, r.notebook, r.slug) for r in runs]
    for i in range(plan.KEEP_PLANS + 5):
        (tmp_path / "plans" / f"old{i}.json").write_text("[]", encoding="utf-8")
    path.write_text(f'[u]\nnotebook = "{TIMELINE}"\n', encoding="utf-8")
    plan.plan(path)
    assert len(list((tmp_path / "plans").glob("*.json"))) == plan.KEEP_PLANS
