"""Stopping, killing and misconfiguring a build: each fault as a user meets it. A stopped build leaves no process
behind and keeps what finished; a bad input gets one `sco-report: error:` line naming it and the fix."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT, cli, one_report, small_notebook, start_build, still_running

TRADE = ROOT / "notebooks" / "trade.ipynb"
TIMELINE = ROOT / "notebooks" / "timeline.ipynb"


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]


def wait_for_first_report(proc: subprocess.Popen[str]) -> str:
    """Read the build's output until a report is done; return its name."""
    assert proc.stdout is not None
    deadline = time.time() + 180
    for line in proc.stdout:
        if ": done in" in line:  # '  [3/41] trade/year=2003: done in 2.1 s (...)'
            return line.split(":")[0].split()[-1]
        assert time.time() < deadline, "no report finished in time"
    raise AssertionError("the build ended before any report was done")


def family(pid: int) -> list[psutil.Process]:
    """The build and everything it started (workers, kernels, the resource tracker)."""
    parent = psutil.Process(pid)
    return [parent, *parent.children(recursive=True)]


def all_gone(processes: list[psutil.Process], within: float = 15.0) -> list[str]:
    """Wait until every process has ended; return the ones still running after `within` seconds."""
    return [f"{p.pid} {' '.join(p.cmdline()[:4])}" for p in still_running(processes, within)]


def finished_reports_are_intact(reports: Path, first: str) -> None:
    html = reports / f"{first}.html"
    assert html.read_text().rstrip().endswith("</html>")
    record = json.loads((reports / ".cache" / f"{first}.json").read_text())
    assert record["slug"] == first.split("/")[1]
    assert not list(reports.glob("**/.*.tmp"))
    assert not list((reports / ".tmp").glob("*"))


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stopping_a_parallel_build_stops_everything_and_keeps_what_finished(tmp_path, sig):
    proc, reports = start_build(tmp_path, seconds=1.0)
    first = wait_for_first_report(proc)
    processes = family(proc.pid)
    assert len(processes) >= 3  # the build, its workers, their kernels
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)  # a hang fails here
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == [err.strip().splitlines()[-1]]  # one line
    assert err.startswith("sco-report: interrupted; finished reports and their cache records are kept")
    assert all_gone(processes) == []
    finished_reports_are_intact(reports, first)
    # the next build resumes: what finished is cached
    config = tmp_path / "reports.toml"
    again = cli("build", "--config", str(config), "--jobs", "2", env={"SCO_REPORTS_DIR": str(reports)})
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{first}: cached" in again.stdout


# a report as its worker writes it (papermill writes the notebook only when it has run, and that moment is too short
# to catch): the worker that asked for this kernel is JPY_PARENT_PID, and its temporary files end in its pid
BEING_WRITTEN = (
    "import os, pathlib; tmp = pathlib.Path(os.environ['SCO_REPORTS_DIR'], '.tmp'); tmp.mkdir(exist_ok=True); "
    "(tmp / f'slow-n={n}-{os.environ[\"JPY_PARENT_PID\"]}.ipynb').write_text('half a notebook')\n"
)


def test_a_build_killed_outright_leaves_no_worker_or_kernel(tmp_path):
    proc, reports = start_build(tmp_path, runs=6, seconds=2.5, body=BEING_WRITTEN)
    first = wait_for_first_report(proc)
    # kill while a worker is writing a report: its temporary notebook must go with it
    deadline = time.time() + 30
    while not list((reports / ".tmp").glob("*.ipynb")):
        assert time.time() < deadline, "no report was running"
        time.sleep(0.05)
    processes = family(proc.pid)
    # as if the kill came while the build itself wrote a cache record (a race this test used to lose now and then):
    # its workers, which outlive it by a moment, remove the build's half-written files as well as their own
    (reports / ".cache" / "slow" / f".n=9.json.{proc.pid}.tmp").write_text("{", encoding="utf-8")
    proc.kill()  # kill -9: no handler runs in the build itself
    proc.wait(timeout=10)
    assert all_gone(processes[1:], within=20) == []
    finished_reports_are_intact(reports, first)


def test_a_cell_that_never_returns_fails_after_the_timeout_naming_the_cell(tmp_path):
    config = one_report(tmp_path, "hang", "import time; time.sleep(600)", "cell_timeout = 3\n")
    started = time.time()
    result = cli("build", "--config", str(config), "--jobs", "1", env={"SCO_REPORTS_DIR": str(tmp_path / "r")})
    assert time.time() - started < 120
    assert result.returncode == 1
    assert "FAILED hang/default: cell 2: no result after 3 s (raise cell_timeout in reports.toml" in result.stdout
    assert result.stderr == ""  # said once, on stdout, with the cell and the fix
    no_traceback(result)
    # the notebook as far as it ran is kept, as for a cell that raises (README, "When things go wrong")
    kept = json.loads((tmp_path / "r" / "_failed" / "hang" / "default.ipynb").read_text(encoding="utf-8"))
    assert "time.sleep(600)" in "".join("".join(c["source"]) for c in kept["cells"])


def test_a_modified_copy_of_a_notebook_never_overwrites_the_configured_report(tmp_path):
    copy = tmp_path / "x" / "trade.ipynb"
    copy.parent.mkdir()
    nb = json.loads(TRADE.read_text())
    nb["cells"][0]["source"] = ["# A modified copy"]
    copy.write_text(json.dumps(nb))
    reports = tmp_path / "reports"
    result = cli("run", str(copy), "-p", "year", "2017", env={"SCO_REPORTS_DIR": str(reports)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (reports / "trade" / "year=2017.html").exists()
    written = [p.relative_to(reports).as_posix() for p in reports.glob("trade-*/year=2017.html")]
    assert len(written) == 1
    assert f"report: {(reports / written[0]).as_uri()}" in result.stdout
    # nor the files the configured report's default run writes at the top of reports/ (reports/trade.table-1.csv)
    assert sorted(p.name for p in reports.iterdir() if p.is_file()) == ["index.html"]
    assert list(reports.glob(f"{written[0].split('/')[0]}/year=2017.trade.table-1.csv"))  # its own, beside its page


def test_a_kernel_that_dies_is_reported_without_a_failed_notebook_that_does_not_exist(tmp_path):
    config = one_report(tmp_path, "dies", "import os; os._exit(1)")
    result = cli("build", "--config", str(config), "--jobs", "1", env={"SCO_REPORTS_DIR": str(tmp_path / "r")})
    assert result.returncode == 1
    assert "FAILED dies/default" in result.stdout
    assert "the failed notebook is in" not in result.stdout
    assert "no earlier report exists" in result.stdout


def test_failed_notebooks_clear_after_a_success_and_the_index_marks_stale_reports(tmp_path):
    config = one_report(tmp_path, "flaky", "print(n)")
    nb = config.parent / "flaky.ipynb"
    env = {"SCO_REPORTS_DIR": str(tmp_path / "r")}
    assert cli("build", "--config", str(config), env=env).returncode == 0
    small_notebook(nb, "raise ValueError('broken')")
    failed = cli("build", "--config", str(config), env=env)
    assert failed.returncode == 1
    assert (tmp_path / "r" / "_failed" / "flaky" / "default.ipynb").exists()
    index = (tmp_path / "r" / "index.html").read_text()
    assert "stale: the last build of this run failed" in index
    small_notebook(nb, "print(n)")
    assert cli("build", "--config", str(config), env=env).returncode == 0
    assert not (tmp_path / "r" / "_failed" / "flaky" / "default.ipynb").exists()
    assert "stale" not in (tmp_path / "r" / "index.html").read_text()


@pytest.mark.parametrize(
    ("notebook_text", "message"),
    [
        ("{ not json", r"not a valid notebook \(not JSON"),
        (None, r"parameter 'n' has no literal default \(2000 \+ 17\); write its value"),
    ],
)
def test_a_broken_notebook_gives_a_message_naming_the_file(tmp_path, notebook_text, message):
    import re

    nb = tmp_path / "broken.ipynb"
    if notebook_text is None:
        small_notebook(nb, "print(n)")
        nb.write_text(nb.read_text().replace('"n = 2"', '"n = 2000 + 17"'))
    else:
        nb.write_text(notebook_text)
    config = tmp_path / "reports.toml"
    config.write_text(f'[broken]\nnotebook = "{nb}"\n')
    result = cli("build", "--config", str(config), env={"SCO_REPORTS_DIR": str(tmp_path / "r")})
    assert result.returncode == 2
    assert result.stderr.startswith("sco-report: error: ")
    assert str(nb) in result.stderr
    assert re.search(message, result.stderr), result.stderr
    no_traceback(result)


def test_an_empty_manifest_gives_a_message(tmp_path, data_copy):
    (data_copy / "manifest.csv").write_text("")
    result = cli("run", str(TRADE), "-p", "year", "2017", env={"SCO_REPORTS_DIR": str(tmp_path / "r")})
    assert result.returncode == 2
    assert "manifest.csv is empty or lacks its header" in result.stderr
    no_traceback(result)


def test_seventy_valid_codes_make_a_short_file_name(tmp_path):
    from sco_analysis import countries
    from sco_analysis.reporting import plan

    codes = ",".join(countries.iso3_codes()[:70])
    run = plan.adhoc_run(TRADE, {"group": codes, "year": "2017"}, ROOT / "reports.toml")
    assert len(run.slug) <= plan.MAX_SLUG
    assert len(run.path(".html").name) < 255


def test_an_unwritable_reports_folder_gives_a_message_even_with_nothing_to_build(tmp_path):
    config = one_report(tmp_path, "small", "print(n)")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")  # root writes into read-only folders, so a file stands in the way instead
    result = cli("build", "--config", str(config), env={"SCO_REPORTS_DIR": str(blocked / "reports")})
    assert result.returncode == 2
    assert result.stderr.startswith("sco-report: error: ")
    no_traceback(result)
    reports = tmp_path / "r"
    assert cli("build", "--config", str(config), env={"SCO_REPORTS_DIR": str(reports)}).returncode == 0
    (reports / "index.html").unlink()
    (reports / "index.html").mkdir()  # the index cannot be replaced: the no-op build must say so
    again = cli("build", "--config", str(config), env={"SCO_REPORTS_DIR": str(reports)})
    assert again.returncode == 2
    assert "index.html" in again.stderr
    no_traceback(again)


def test_write_errors_name_the_file_and_the_fix(tmp_path, monkeypatch):
    import errno

    from sco_analysis.reporting import files

    target = tmp_path / "report.html"

    def full(self, text, encoding=None):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(OSError, match="No space left") as err:
        files.write_atomic(target, "x" * 100)
    monkeypatch.undo()
    assert not list(tmp_path.iterdir())  # nothing half-written left behind
    assert "no space left on the device" in files.explain(err.value)
    denied = OSError(errno.EACCES, "Permission denied", str(tmp_path / "reports" / "index.html"))
    assert files.explain(denied).endswith("make the folder writable or set SCO_REPORTS_DIR elsewhere.")


def test_a_full_disk_while_a_run_is_written_leaves_none_of_its_files(tmp_path, monkeypatch):
    import errno

    import nbformat

    from sco_analysis.reporting import execute
    from sco_analysis.reporting.plan import Run
    from sco_analysis.reporting.publish import EXPORT_MIME

    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path / "reports"))
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("publish()")
    bundle = {"name": "small.table-1", "files": {".csv": "a,b\n1,2\n"}}
    cell.outputs = [nbformat.v4.new_output("display_data", data={EXPORT_MIME: bundle, "text/plain": "Table 1"})]
    nb.cells = [cell]
    run = Run(report="small", title="Small", notebook=tmp_path / "small.ipynb", params={}, resolved={}, is_default=True)
    written = Path.write_text

    def full_at_the_page(self, text, encoding=None):
        if ".html." in self.name:  # the page, the last file of the run: its data and notebook are written by then
            raise OSError(errno.ENOSPC, "No space left on device")  # as a failed write() raises it: no file named
        return written(self, text, encoding=encoding)

    monkeypatch.setattr(Path, "write_text", full_at_the_page)
    result = execute.publish(run, execute.Executed(nb, 0.0, "forked"))
    monkeypatch.setattr(Path, "write_text", written)  # room again (SCO_REPORTS_DIR stays set)
    assert result["status"] == "failed"
    assert result["error"].startswith(f"{tmp_path / 'reports' / 'small' / 'default.html'}: ")
    assert result["error"].endswith(
        "no space left on the device; free some space (temporary files were removed) and build again."
    )
    assert sorted(p.name for p in (tmp_path / "reports").rglob("*") if p.is_file()) == []  # no csv, no ipynb
    assert execute.publish(run, execute.Executed(nb, 0.0, "forked"))["status"] == "done"  # with room, all of them
    assert sorted(p.name for p in (tmp_path / "reports").rglob("*") if p.is_file()) == [
        "default.html",
        "default.ipynb",
        "default.small.table-1.csv",
        "small.table-1.csv",
    ]


def test_equivalent_values_name_the_same_report():
    from sco_analysis.reporting import plan

    assert plan.adhoc_run(TRADE, {"group": "RUS,RUS"}, ROOT / "reports.toml").slug == "group=RUS"
    assert plan.adhoc_run(TRADE, {"group": "rus"}, ROOT / "reports.toml").slug == "group=RUS"
    assert plan.adhoc_run(TIMELINE, {"as_of": "20180609"}, ROOT / "reports.toml").slug == "as_of=2018-06-09"


def test_a_parameter_given_twice_is_named(tmp_path):
    result = cli(
        "run", str(TRADE), "-p", "year", "2017", "-p", "year", "2016", env={"SCO_REPORTS_DIR": str(tmp_path / "r")}
    )
    assert result.returncode == 2
    assert "sco-report: error: parameter 'year' is given twice" in result.stderr


def test_a_missing_data_file_does_not_block_a_build_that_does_not_read_it(tmp_path, data_copy):
    (data_copy / "imf-dots" / "china_exports_fob_by_partner.csv").unlink()
    config = one_report(tmp_path, "plain", "print(n)", f'\n[trade]\nnotebook = "{TRADE}"\n')
    env = {"SCO_REPORTS_DIR": str(tmp_path / "r"), "SCO_DATA_DIR": str(data_copy)}
    only = cli("build", "--config", str(config), "--only", "plain", env=env)
    assert only.returncode == 0, only.stdout + only.stderr
    assert "warning: data/imf-dots/china_exports_fob_by_partner.csv is missing" in only.stdout
    assert "No report built now reads it." in only.stdout
    full = cli("build", "--config", str(config), env=env)
    assert full.returncode == 2
    assert "china_exports_fob_by_partner.csv is missing" in full.stderr
    # a build of only reports that read it refuses up front, naming the file, the fix and the reports, rather than
    # starting kernels that all fail: trade's parameters already need the file, the timeline's do not
    trade = cli("build", "--config", str(config), "--only", "trade", env=env)
    assert trade.returncode == 2
    assert "china_exports_fob_by_partner.csv is missing" in trade.stderr
    with_timeline = config.read_text(encoding="utf-8") + f'\n[timeline]\nnotebook = "{TIMELINE}"\n'
    config.write_text(with_timeline, encoding="utf-8")
    timeline = cli("build", "--config", str(config), "--only", "timeline", env=env)
    assert timeline.returncode == 2
    assert "china_exports_fob_by_partner.csv is missing" in timeline.stderr
    assert "restore it with `git checkout -- data/imf-dots/china_exports_fob_by_partner.csv`" in timeline.stderr
    assert "It is read by timeline, which would fail in every run." in timeline.stderr
    assert "running" not in timeline.stdout
    assert not (tmp_path / "r" / "timeline").exists()


def test_clean_removes_ad_hoc_reports_and_the_index_lists_them_apart(tmp_path):
    config = one_report(tmp_path, "small", "print(n)")
    nb = config.parent / "small.ipynb"
    env = {"SCO_REPORTS_DIR": str(tmp_path / "r")}
    assert cli("build", "--config", str(config), env=env).returncode == 0
    assert cli("run", str(nb), "-p", "n", "5", "--config", str(config), env=env).returncode == 0
    index = (tmp_path / "r" / "index.html").read_text()
    assert "Ad-hoc runs" in index
    assert 'href="small/n=5.html"' in index
    cleaned = cli("clean", "--config", str(config), env=env)
    assert "removed ad-hoc small/n=5" in cleaned.stdout
    assert not (tmp_path / "r" / "small" / "n=5.html").exists()
    assert (tmp_path / "r" / "small" / "default.html").exists()
    assert "Ad-hoc runs" not in (tmp_path / "r" / "index.html").read_text()


def runtime_files(pids: set[int]) -> list[str]:
    """Connection files and sockets of kernels started by these processes, left in Jupyter's runtime folder."""
    runtime = Path(os.environ.get("JUPYTER_RUNTIME_DIR", ROOT / ".build" / "jupyter" / "runtime"))
    return [p.name for p in runtime.glob("kernel-*") if p.name.split("-")[1] in {str(pid) for pid in pids}]


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupts_at_random_moments_stop_every_build_at_once(tmp_path, jobs):
    """Issue #29: ^C at --jobs 1 hung in the zmq teardown, was swallowed by a weakref callback or printed a
    traceback. A few builds stopped at random moments (^C to the whole process group as a terminal sends it, or
    SIGTERM to the build alone): each exits 130 with one line, no traceback, nothing left running or on disk.
    scripts/interrupt_builds.py runs the long version on the real reports."""
    import random

    chance = random.Random(jobs)  # random moments, the same ones in every run of the test
    for attempt in range(4):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        # at least 5 reports a job, about 0.6 s each: the build outlasts the latest moment, 3.5 s
        proc, reports = start_build(folder, runs=5 * jobs + 3, seconds=0.5, jobs=jobs, session=True)
        started = set()
        deadline = time.time() + chance.uniform(0.3, 3.5)
        while time.time() < deadline and proc.poll() is None:
            started |= {p.pid for p in family(proc.pid)}
            time.sleep(0.02)
        assert proc.poll() is None, "the build ended before it was interrupted"
        processes = family(proc.pid)
        started |= {p.pid for p in processes}
        if attempt % 2 == 0:
            os.killpg(proc.pid, signal.SIGINT)  # ^C: the terminal signals the foreground process group
        else:
            proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)  # a hang fails here
        assert proc.returncode == 130, (attempt, out, err)
        assert err.startswith("sco-report: interrupted; finished reports and their cache records are kept"), err
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in out + err
        assert "Exception ignored" not in err
        assert all_gone(processes) == []
        assert not list(reports.glob("**/.*.tmp"))
        assert not list((reports / ".tmp").glob("*"))
        assert runtime_files(started) == []
        # every report said to be done is kept with its record (one may have been written just before the stop,
        # its record not yet: the next build builds it again)
        for name in (line.split(":")[0].split()[-1] for line in out.splitlines() if ": done in" in line):
            assert (reports / f"{name}.html").read_text().rstrip().endswith("</html>")
            assert (reports / ".cache" / f"{name}.json").is_file()
