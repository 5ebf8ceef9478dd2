"""The committed notebooks run with the defaults the README documents: a parameters cell changed in JupyterLab and
committed by mistake (the next build would move every "default" report) fails here, naming the notebook, the
parameter, the documented default and the committed one."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from sco_analysis.reporting import params

# a row of the README's table "Parameters and their defaults": | report | `parameter` | `default` | valid values |
ROW = re.compile(r"^\| (\w+) \| `(\w+)` \| `([^`]*)` \|", re.MULTILINE)


def documented() -> dict[str, dict[str, str]]:
    """report -> parameter -> default, as the README states them."""
    found: dict[str, dict[str, str]] = {}
    for report, name, default in ROW.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        found.setdefault(report, {})[name] = default
    return found


def test_the_readme_documents_every_parameter_of_every_notebook():
    notebooks = {p.stem: params.notebook_defaults(p) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    assert {r: sorted(d) for r, d in documented().items()} == {r: sorted(d) for r, d in notebooks.items()}


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_a_committed_parameters_cell_holds_the_documented_defaults(notebook):
    committed = {name: str(value) for name, value in params.notebook_defaults(notebook).items()}
    assert committed == documented()[notebook.stem], (
        f"notebooks/{notebook.name}: the parameters cell differs from the defaults in the README; if you changed it "
        "in JupyterLab, restore it with `git checkout -- notebooks/` (make lab works on copies in lab/)"
    )


def test_a_changed_default_is_caught(tmp_path):
    changed = tmp_path / "trade.ipynb"
    changed.write_text(
        (ROOT / "notebooks" / "trade.ipynb").read_text(encoding="utf-8").replace('"year = 2017', '"year = 2009'),
        encoding="utf-8",
    )
    assert str(params.notebook_defaults(changed)["year"]) == "2009"
    assert documented()["trade"]["year"] == "2017"
