"""reports.toml has a schema: unknown, missing and malformed keys stop with the valid choices; every parameter of
every notebook has a rule."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from sco_analysis.parameters import RULES
from sco_analysis.reporting import config, params
from sco_analysis.reporting.errors import ConfigError

TIMELINE = ROOT / "notebooks" / "timeline.ipynb"


def write(tmp_path, body: str):
    path = tmp_path / "reports.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[t]\nnotebook = "N"\nsweeps = { as_of = ["2018-06-09"] }\n',
            r"reports.toml \[t\]: unknown key 'sweeps'; valid keys: notebook, title, description, runs, sweep, "
            r"cell_timeout\. Did you mean 'sweep'\?",
        ),
        ('[t]\ntitle = "no notebook"\n', r"reports.toml \[t\]: no notebook; add notebook = \"notebooks/t.ipynb\""),
        ('[t]\nnotebook = "missing.ipynb"\n', r"reports.toml \[t\]: notebook missing.ipynb does not exist"),
        (
            '[t]\nnotebook = "N"\nsweep = { year = { range = [2001] } }\n',
            r"sweep of 'year': range must be two whole numbers \[first, last\]; got \[2001\]",
        ),
        (
            '[t]\nnotebook = "N"\nsweep = { year = { range = [2001, 2003], step = 0 } }\n',
            r"sweep of 'year': step must be a whole number of at least 1; got 0",
        ),
        (
            '[t]\nnotebook = "N"\nsweep = { year = { range = [2020, 2001] } }\n',
            r"sweep of 'year': range \[2020, 2001\] runs backwards and would build nothing; give \[2001, 2020\]",
        ),
        ('[t]\nnotebook = "N"\nsweep = { year = [] }\n', r"sweep of 'year': the list is empty"),
        ('[t]\nnotebook = "N"\nsweep = { year = { ranges = [1, 2] } }\n', r"sweep of 'year': must be a list of values"),
        ('[t]\nnotebook = "N"\nruns = "x"\n', r"runs must be a list of tables"),
        (
            '[t]\nnotebook = "N"\ncell_timeout = 0\n',
            r"cell_timeout must be a whole number of seconds, at least 1; got 0",
        ),
        ("t = 3\n", r"reports.toml: 't' must be a table"),
        ("", r"lists no report"),
        ("[t\n", r"not valid TOML"),
    ],
)
def test_malformed_config_names_the_key_and_the_fix(tmp_path, body, message):
    path = write(tmp_path, body.replace('"N"', f'"{TIMELINE}"'))
    with pytest.raises(ConfigError, match=message):
        config.load(path)


def test_the_shipped_config_loads_with_its_defaults():
    reports = config.load(ROOT / "reports.toml")
    assert list(reports) == ["timeline", "trade", "weight", "claims", "tianjin"]
    assert reports["trade"].sweep["year"].range == (2001, 2020, 1)
    assert all(spec.cell_timeout == config.DEFAULT_CELL_TIMEOUT for spec in reports.values())


def test_a_misspelled_key_stops_the_cli_with_a_message_and_no_traceback(tmp_path):
    path = write(tmp_path, f'[t]\nnotebook = "{TIMELINE}"\nsweeps = {{ as_of = ["2018-06-09"] }}\n')
    result = subprocess.run(
        [sys.executable, "-m", "sco_analysis.cli", "build", "--config", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"SCO_REPORTS_DIR": str(tmp_path / "r"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert "sco-report: error: reports.toml [t]: unknown key 'sweeps'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_parameter_has_a_rule(notebook):
    chosen = set(params.notebook_defaults(notebook)) - set(params.RESERVED)  # the build sets the reserved ones
    assert chosen == set(RULES[notebook.stem])
