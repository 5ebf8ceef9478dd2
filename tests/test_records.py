"""The build's records under reports/.cache are a cache, trusted no more than the reports they describe: a record of
the wrong shape is a miss (rebuilt, never a traceback), a page cut short since it was built is built again, a no-op
build removes nothing that is not there, and --jobs takes only a number of notebooks (#29 items 6 and 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli, one_report

from sco_analysis.reporting import cache
from sco_analysis.reporting.plan import Run

RECORD = {
    "report": "small",
    "slug": "default",
    "resolved": {"n": 2},
    "fingerprint": {"notebook": "abc"},
    "seconds": 1.5,
    "built_at": "2026-12-04 12:00:00 UTC",
}


@pytest.fixture
def run(tmp_path, monkeypatch) -> Run:
    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path / "reports"))
    made = Run(report="small", title="Small", notebook=tmp_path / "small.ipynb", params={}, resolved={"n": 2})
    made.record.parent.mkdir(parents=True)
    made.path(".html").parent.mkdir(parents=True)
    made.path(".html").write_text("<html></html>\n", encoding="utf-8")
    return made


@pytest.mark.parametrize(
    "text",
    [
        "[]",  # JSON, not an object
        '"a string"',
        "{}",
        json.dumps({**RECORD, "fingerprint": ["abc"]}),  # the fingerprint not a mapping
        json.dumps({**RECORD, "fingerprint": {"notebook": ["abc"]}}),  # its values not hashes
        json.dumps({**RECORD, "resolved": None}),
        json.dumps({**RECORD, "seconds": "fast"}),
        json.dumps({**RECORD, "slug": "year=2017"}),  # another run's record, copied here
        json.dumps({**RECORD, "report": "../escaped"}),
        '{"report": "small", "slug": "def',  # cut short
        "\udcff",
    ],
)
def test_a_record_of_the_wrong_shape_is_no_record(run, text):
    run.record.write_text(text, encoding="utf-8", errors="surrogateescape")
    assert cache.load_record(run) is None
    assert cache.records() == []


def test_a_record_of_the_right_shape_is_read(run):
    run.record.write_text(json.dumps(RECORD), encoding="utf-8")
    assert cache.load_record(run) == RECORD
    assert cache.records() == [RECORD]


@pytest.mark.parametrize("text", ["[]", '{"report": "small"}', json.dumps({"report": 1, "slug": 2, "error": 3})])
def test_a_failure_record_of_the_wrong_shape_is_left_out(run, text):
    cache.failure_file(run).write_text(text, encoding="utf-8")
    assert cache.failures() == {}
    cache.save_failure(run, "cell 2: ValueError")
    assert cache.failures()["small/default"]["error"] == "cell 2: ValueError"


def test_forgetting_a_failure_that_is_not_there_removes_nothing(run, monkeypatch):
    # a read-only reports folder refuses any unlink, even of an absent file: a no-op build must not try
    def refuse(self, missing_ok=False):
        raise PermissionError(13, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    cache.clear_failure(run)  # neither the failure record nor the failed notebook exists
    cache.failure_file(run).write_text("{}", encoding="utf-8")
    with pytest.raises(PermissionError):
        cache.clear_failure(run)  # one that exists is removed (here: refused, and said)


def test_jobs_must_be_a_number_of_notebooks():
    for given in ("0", "-3", "two"):
        result = cli("build", "--jobs", given)
        assert result.returncode == 2, given
        assert f"'{given}' is not a number of notebooks to run at once; give 1 or more" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_records_of_the_wrong_shape_and_pages_cut_short_are_built_again(tmp_path):
    config = one_report(tmp_path, "small", "print(n)")
    env = {"SCO_REPORTS_DIR": str(tmp_path / "reports")}
    assert cli("build", "--config", str(config), env=env).returncode == 0
    reports = tmp_path / "reports"
    page, index = reports / "small" / "default.html", reports / "index.html"
    whole_page = page.read_bytes()
    page.write_bytes(whole_page[:100])  # a full disk or an editor cut it short; the inputs are unchanged
    again = cli("build", "--config", str(config), env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "small/default: done" in again.stdout
    assert "report file changed since it was built" in again.stdout
    assert page.read_bytes() == whole_page
    whole_index = index.read_bytes()
    index.write_bytes(whole_index[:100])  # and the index, with nothing to build
    noop = cli("build", "--config", str(config), env=env)
    assert ": cached" in noop.stdout
    assert index.read_bytes() == whole_index
    # a record that is JSON of another shape: a miss, built again, no traceback
    (reports / ".cache" / "small" / "default.json").write_text('{"report": "small", "slug": []}', encoding="utf-8")
    third = cli("build", "--config", str(config), env=env)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "small/default: done" in third.stdout
    assert "Traceback" not in third.stdout + third.stderr
    assert cli("build", "--config", str(config), env=env).stdout.count(": cached") == 1
