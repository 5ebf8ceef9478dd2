"""The build as a tool: strict parameters, cache hits and misses per input, failures that lose nothing,
interrupted builds, safe HTML, byte-identical output serial or parallel."""

from __future__ import annotations

import dataclasses
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, cli, cli_started, small_notebook, start_build

from sco_analysis import checkout, manifest
from sco_analysis.reporting import cache, config, files, hashing, params, plan, project
from sco_analysis.reporting.errors import ParameterError

TIMELINE = ROOT / "notebooks" / "timeline.ipynb"
TRADE = ROOT / "notebooks" / "trade.ipynb"


# --- strict parameters, before any kernel ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"yaer": "2017"},
            r"trade.ipynb: unknown parameter 'yaer'; valid parameters: year, group, dating\. Did you mean 'year'\?",
        ),
        ({"year": "twenty"}, r"trade.ipynb: parameter 'year': 'twenty' is not a valid int \(the default is 2017\)"),
        ({"year": "1890"}, r"trade.ipynb: parameter 'year' = 1890: no China trade data for 1890 .* 1979-2020"),
        ({"group": "RUZ"}, r"trade.ipynb: parameter 'group' = 'RUZ': unknown group or ISO3 code \['RUZ'\]"),
    ],
)
def test_bad_parameters_fail_with_notebook_parameter_value_and_choices(given, message):
    with pytest.raises(ParameterError, match=message):
        params.check(TRADE, given)


def test_rules_see_the_other_parameters_of_the_run():
    weight = ROOT / "notebooks" / "weight.ipynb"
    assert params.check(weight, {"year": "2025"}) == {"year": 2025}  # WDI 2026 has 2025
    with pytest.raises(
        ParameterError,
        match=r"weight.ipynb: parameter 'year' = 2025: no population data for 2025 in "
        r"vintage 'datahub-2026'; years with data: 1960-2024",
    ):
        params.check(weight, {"year": "2025", "vintage": "datahub-2026"})
    with pytest.raises(ParameterError, match=r"parameter 'group' = 'dialogue partners': .*empty on 2001-06-15"):
        params.check(TRADE, {"group": "dialogue partners", "year": "2001"})


def test_a_default_that_does_not_fit_a_given_value_is_caught():
    with pytest.raises(
        ParameterError,
        match=r"trade.ipynb: parameter 'group' = 'members': the group 'members' is taken as it stood at that "
        r"year's Heads of State Council: no Heads of State Council in 1990; .* give the partners as ISO3 codes",
    ) as caught:
        params.check(TRADE, {"year": "1990"})
    # the example the message offers works for that year (the Soviet republics did not report before 1992)
    example = re.search(r"E\.g\. group '([A-Z,]+)'", str(caught.value))
    assert example
    assert "RUS" not in example[1]
    assert params.check(TRADE, {"year": "1990", "group": example[1]})["group"] == example[1]
    assert params.check(TRADE, {"year": "1995", "group": "RUS,KAZ"}) == {"year": 1995, "group": "KAZ,RUS"}


def test_an_adhoc_run_with_configured_parameters_is_the_configured_report():
    run = plan.adhoc_run(TIMELINE, {}, ROOT / "reports.toml")
    assert (run.report, run.slug, run.title) == ("timeline", "as_of=2018-06-09", "SCO timeline")
    other = plan.adhoc_run(TIMELINE, {"as_of": "2010-01-01"}, ROOT / "reports.toml")
    assert (other.report, other.slug, other.title) == ("timeline", "as_of=2010-01-01", "SCO timeline")


def test_a_bad_value_is_reported_under_its_own_name():
    with pytest.raises(ParameterError, match=r"weight.ipynb: parameter 'vintage' = 'wdi-2030': unknown vintage"):
        params.check(ROOT / "notebooks" / "weight.ipynb", {"vintage": "wdi-2030"})


def test_parameters_take_the_type_of_the_default():
    assert params.check(TRADE, {"year": "2016"}) == {"year": 2016}
    assert params.notebook_defaults(TIMELINE) == {"as_of": "2018-06-09", "dating": "decision"}


def test_cli_rejects_bad_values_without_starting_a_kernel(tmp_path):
    reports = tmp_path / "reports"
    result = cli("run", str(TRADE), "-p", "year", "1890", env={"SCO_REPORTS_DIR": str(reports)})
    assert result.returncode == 2
    assert "trade.ipynb: parameter 'year' = 1890: no China trade data for 1890" in result.stderr
    assert "running" not in result.stdout
    assert not reports.exists()


def test_bad_config_value_fails_the_whole_build_before_any_kernel(tmp_path):
    config = tmp_path / "reports.toml"
    config.write_text(f'[t]\nnotebook = "{TIMELINE}"\nruns = [{{ as_of = "1990-01-01" }}]\n')
    result = cli("build", "--config", str(config), env={"SCO_REPORTS_DIR": str(tmp_path / "r")})
    assert result.returncode == 2
    assert "1990-01-01 is before 1996-04-26" in result.stderr
    assert not (tmp_path / "r").exists()


# --- cache keys: each input kind ---------------------------------------------------------------------------


def test_cache_key_changes_with_each_input_kind(tmp_path, monkeypatch, data_copy, request):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_bytes(TIMELINE.read_bytes())

    def key(given=None, title="Timeline"):
        run = plan.make_run(config.ReportSpec("t", notebook, title), given or {})
        cited = project.current().cited_version()
        return hashing.fingerprint(run.notebook, run.resolved, run.title, manifest.digest(), cited)

    def forget():
        for cached in (hashing.package_source, hashing.templates, hashing.libraries):
            cached.cache_clear()

    request.addfinalizer(forget)  # the next test hashes the real project again
    base = key()
    assert hashing.changed(base, key()) == []
    # notebook code
    nb = json.loads(notebook.read_text())
    nb["cells"][2]["source"].append("\n# edited")
    notebook.write_text(json.dumps(nb))
    assert hashing.changed(base, key()) == ["notebook changed"]
    notebook.write_bytes(TIMELINE.read_bytes())
    # parameters, title
    assert hashing.changed(base, key({"as_of": "2019-06-13"})) == ["parameters changed"]
    assert hashing.changed(base, key(title="Timeline, renamed")) == ["title changed"]
    # the commit every page cites: committing the code a page was built from changes its citation
    built_from = checkout.commit
    sha, day, _ = built_from()
    for other in [("0123456789ab", day, False), (sha, day, not built_from()[2])]:
        monkeypatch.setattr(checkout, "commit", lambda other=other: other)
        assert hashing.changed(base, key()) == ["commit changed"], other
    monkeypatch.setattr(checkout, "commit", built_from)
    assert hashing.changed(base, key()) == []
    # data: one byte of one file
    target = data_copy / "wdi" / "sp.pop.totl.csv"
    target.write_bytes(target.read_bytes().replace(b"Aruba", b"Arubb", 1))
    assert hashing.changed(base, key()) == ["data changed"]
    target.write_bytes(target.read_bytes().replace(b"Arubb", b"Aruba", 1))
    # the project's code and its page templates, each apart
    package = tmp_path / "pkg"
    (package / "templates" / "sco").mkdir(parents=True)
    for p in project.current().package.glob("*.py"):
        (package / p.name).write_bytes(p.read_bytes())
    template = package / "templates" / "sco" / "index.html.j2"
    template.write_text("{{ nb }}")
    moved = dataclasses.replace(project.current(), package=package, page_templates=package / "templates")
    monkeypatch.setattr(project, "_current", [moved])
    forget()
    copy_base = key()
    (package / "trade.py").write_text((package / "trade.py").read_text() + "\n# edited\n")
    forget()
    assert hashing.changed(copy_base, key()) == ["package changed"]
    copy_base = key()
    template.write_text("{{ nb }} edited")
    forget()
    assert hashing.changed(copy_base, key()) == ["template changed"]
    # library versions
    forget()
    monkeypatch.setattr(hashing.metadata, "version", lambda name: "9.9.9" if name == "pandas" else "1.0")
    assert "libraries changed" in hashing.changed(copy_base, key())


def test_cached_path_imports_no_notebook_machinery(tmp_path):
    """A no-op rebuild must not pay for papermill, nbconvert or nbformat."""
    code = (
        "import sys; from sco_analysis.reporting import plan, project; from pathlib import Path;"
        "project.use('sco_analysis.project:PROJECT');"
        f"runs = plan.plan(Path(r'{ROOT / 'reports.toml'}'), ['claims']);"
        "heavy = [m for m in ('papermill', 'nbconvert', 'nbformat', 'nbclient') if m in sys.modules];"
        "print(len(runs), heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.strip() == "3 []", result.stderr


def test_the_package_is_byte_compiled_before_kernels_import_it(tmp_path, monkeypatch):
    """Where PYTHONDONTWRITEBYTECODE is set, kernels never write bytecode: the build compiles every module first."""
    import importlib.util

    from sco_analysis.reporting import builder

    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))  # compiled here, so the test sees its own files
    builder.compile_package()
    modules = sorted(project.current().package.rglob("*.py"))
    compiled = [m for m in modules if Path(importlib.util.cache_from_source(str(m))).is_file()]
    assert len(modules) > 50
    assert compiled == modules


def test_the_build_skips_the_iri_grammars_jsonschema_would_compile():
    """nbformat's jsonschema would compile rfc3987_syntax's grammars on import (over 2 s here); the build's does not,
    and still validates a notebook."""
    code = (
        "import sys; from sco_analysis.reporting import execute; import nbformat, papermill;"
        f"nbformat.validate(nbformat.read(r'{TIMELINE}', as_version=4));"
        "print(sys.modules.get('rfc3987_syntax'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.strip() == "None", result.stderr


def test_the_index_is_written_again_only_when_its_page_would_change(tmp_path, monkeypatch):
    """A no-op build leaves index.html as it is without loading a template; a new failure rewrites it."""
    from sco_analysis import render
    from sco_analysis.reporting import site

    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path))
    config_path = ROOT / "reports.toml"
    index = site.write_index(config_path)
    page = index.read_text(encoding="utf-8")

    def no_template(*_: object, **__: object) -> str:
        raise AssertionError("the template was rendered although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(render, "render", no_template)
        assert site.write_index(config_path) == index
    assert index.read_text(encoding="utf-8") == page
    cache.save_failure(plan.plan(config_path)[0], "RuntimeError: boom, the index must say so")
    site.write_index(config_path)
    assert "boom, the index must say so" in index.read_text(encoding="utf-8")


# --- builds through kernels --------------------------------------------------------------------------------


@pytest.mark.slow
def test_failing_notebook_among_good_ones_loses_nothing(tmp_path):
    reports = tmp_path / "reports"
    env = {"SCO_REPORTS_DIR": str(reports)}
    flaky = small_notebook(tmp_path / "flaky.ipynb", "print('square:', n * n)")
    good = small_notebook(tmp_path / "good.ipynb", "print('cube:', n ** 3)")
    config = tmp_path / "reports.toml"
    config.write_text(f'[flaky]\nnotebook = "{flaky}"\n\n[good]\nnotebook = "{good}"\nsweep = {{ n = [3, 4] }}\n')
    first = cli("build", "--config", str(config), "--jobs", "2", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    last_good = (reports / "flaky" / "default.html").read_bytes()
    assert b"square: 4" in last_good
    # the notebook now fails in its third cell; the others are cached, the last good HTML stays
    small_notebook(flaky, "raise RuntimeError('boom: the source changed')")
    second = cli("build", "--config", str(config), "--jobs", "2", env=env)
    assert second.returncode == 1
    assert "FAILED flaky/default: cell 2: RuntimeError: boom: the source changed" in second.stdout
    assert "good/n=3: cached" in second.stdout
    assert "good/n=4: cached" in second.stdout
    assert (reports / "flaky" / "default.html").read_bytes() == last_good
    failed = json.loads((reports / "_failed" / "flaky" / "default.ipynb").read_text())
    assert any(o.get("ename") == "RuntimeError" for c in failed["cells"] for o in c.get("outputs", []))
    assert "boom" in (reports / "index.html").read_text()


@pytest.mark.slow
def test_interrupted_build_leaves_no_half_report_and_resumes(tmp_path):
    reports = tmp_path / "reports"
    env = {"SCO_REPORTS_DIR": str(reports)}
    nb = small_notebook(tmp_path / "slow.ipynb", "import time; time.sleep(1.5); print('done', n)")
    config = tmp_path / "reports.toml"
    config.write_text(f'[slow]\nnotebook = "{nb}"\nsweep = {{ n = [1, 2, 3] }}\n')
    proc = cli_started("build", "--config", str(config), "--jobs", "1", env=env)
    deadline = time.time() + 120
    finished = None
    for line in proc.stdout:
        if ": done in" in line or time.time() > deadline:
            finished = line.split(":")[0].split()[-1]  # '  [1/2] slow/n=1: done in ...'
            break
    proc.send_signal(signal.SIGINT)  # while the next report's kernel is running
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "interrupted; finished reports and their cache records are kept" in err
    htmls = sorted((reports / "slow").glob("*.html"))
    # the report said done is kept; so may be the next, if its writing (in the writer thread, while the third
    # report's kernel ran) ended before the stop; never a page cut short
    assert f"{finished}" in [f"slow/{p.stem}" for p in htmls]
    assert len(htmls) <= 2
    assert all(p.read_text().rstrip().endswith("</html>") for p in htmls)
    recorded = sorted((reports / ".cache" / "slow").glob("*.json"))
    again = cli("build", "--config", str(config), "--jobs", "1", env=env)
    assert again.returncode == 0
    assert f"{finished}: cached" in again.stdout
    assert again.stdout.count(": done in") == 3 - len(recorded)  # what has no record is built again
    assert not list(reports.glob("**/.*.tmp"))
    assert not list((reports / ".tmp").glob("*"))


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old report")

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, "new report, cut short")
    assert target.read_text() == "old report"
    assert list(tmp_path.iterdir()) == [target]  # the temporary file went with the interruption
    monkeypatch.undo()
    # a process killed outright leaves its temporary file: the next build removes it
    (tmp_path / ".report.html.123.tmp").write_text("half a rep")
    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path))
    assert files.clean_interrupted() == 1
    assert target.read_text() == "old report"


@pytest.mark.slow
def test_same_inputs_same_bytes_serial_or_parallel(tmp_path, reports):
    """Two reports built serially against the same ones in the session's build (in parallel on a machine with two
    processors or more)."""
    config = tmp_path / "reports.toml"
    config.write_text(
        f'[timeline]\nnotebook = "{TIMELINE}"\ntitle = "SCO timeline"\n'
        'sweep = { as_of = ["2017-06-08", "2024-07-03"] }\n'
    )
    serial = cli("build", "--config", str(config), "--jobs", "1", env={"SCO_REPORTS_DIR": str(tmp_path / "a")})
    assert serial.returncode == 0, serial.stderr
    for name in ["as_of=2017-06-08.html", "as_of=2017-06-08.ipynb", "as_of=2024-07-03.html", "as_of=2024-07-03.ipynb"]:
        assert (tmp_path / "a" / "timeline" / name).read_bytes() == (reports / "timeline" / name).read_bytes(), name
    page = (tmp_path / "a" / "timeline" / "as_of=2017-06-08.ipynb").read_text()
    assert '"id": "injected-parameters"' in page
    assert "start_time" not in page
    assert "duration" not in page


def test_a_report_plans_exactly_its_runs_and_sweeps(tmp_path):
    path = tmp_path / "reports.toml"
    path.write_text(f'[t]\nnotebook = "{TIMELINE}"\nruns = [{{ as_of = "2024-07-04" }}]\n')
    assert [r.slug for r in plan.plan(path)] == ["as_of=2024-07-04"]
    path.write_text(f'[t]\nnotebook = "{TIMELINE}"\nsweep = {{ as_of = ["2017-06-09", "2024-07-04"] }}\n')
    assert [r.slug for r in plan.plan(path)] == ["default", "as_of=2017-06-09", "as_of=2024-07-04"]


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_a_stop_while_waiting_touches_nothing(tmp_path):
    """Two builds of one reports folder at once (two terminals, or two test workers) would remove each other's
    temporary files and write the same index: the second waits, says so, and then finds everything built."""
    first, reports = start_build(tmp_path, runs=2, seconds=3.0, jobs=1)
    config, env = tmp_path / "reports.toml", {"SCO_REPORTS_DIR": str(reports)}
    assert first.stdout is not None
    assert ": running" in first.stdout.readline() + first.stdout.readline()  # 'building 2 of 2', then the first
    stopped = cli_started("build", "--config", str(config), env=env)
    assert stopped.stdout is not None
    assert "waiting for the other build writing" in stopped.stdout.readline()
    stopped.send_signal(signal.SIGINT)  # a stop while waiting removes none of the first build's files
    _, err = stopped.communicate(timeout=60)
    assert stopped.returncode == 130, err
    assert "(0 temporary files removed)" in err
    second = cli("build", "--config", str(config), env=env)  # waits, then has nothing left to build
    out, _ = first.communicate(timeout=120)
    assert first.returncode == 0  # the stop removed nothing it was writing
    assert "2 reports: 2 built, 0 cached, 0 failed" in out
    assert second.returncode == 0, second.stderr
    assert "waiting for the other build writing" in second.stdout
    assert "2 reports: 0 built, 2 cached, 0 failed" in second.stdout
