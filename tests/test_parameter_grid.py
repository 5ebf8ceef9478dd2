"""The README's documented parameter values, built for real (kernels, papermill, nbconvert): every run succeeds.

The grid of the original defect report (trade: five status groups x 2010, 2013, 2017, 2020, plus members and all x
2001, 2005; weight: 3 years x 3 dates x 2 vintages; timeline: 4 dates; claims: 3 vintages), and the same with the
statuses, dates and datings added since (SCO partners after the 2025 reform, dating by memorandum, today)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from sco_analysis.reporting import config as configs
from sco_analysis.reporting import params, plan
from sco_analysis.reporting.errors import ParameterError

pytestmark = pytest.mark.slow
GROUPS = ["members", "observers", "dialogue partners", "members+observers", "all"]
TODAY = dt.date.today().isoformat()


def grid() -> dict[str, list[dict[str, object]]]:
    trade = [{"year": y, "group": g} for g in GROUPS for y in (2010, 2013, 2017, 2020)]
    trade += [{"year": y, "group": g} for g in ("members", "all") for y in (2001, 2005)]
    trade += [{"year": 2017, "group": "observers", "dating": "memorandum"}, {"year": 2016, "group": "RUS,KAZ"}]
    weight = [
        {"year": y, "as_of": d, "vintage": v}
        for y in (2001, 2010, 2020)
        for d in ("2001-06-15", "2012-06-07", "2024-07-04")
        for v in ("wdi-2026", "wb-2021")
    ]
    weight += [{"year": 2024, "as_of": "2025-09-02", "dating": "memorandum"}, {"year": 2025, "as_of": TODAY}]
    timeline = [{"as_of": d} for d in ("1996-04-26", "1999-01-01", "2001-06-14", "2025-09-01")]
    timeline += [{"as_of": d, "dating": "memorandum"} for d in ("2016-01-01", "2025-09-02", TODAY)]
    claims = [{}, {"vintage": "datahub-2026"}, {"vintage": "wb-2021"}]
    return {"trade": trade, "weight": weight, "timeline": timeline, "claims": claims}


def toml_value(value: object) -> str:
    return json.dumps(value)


def test_every_documented_value_builds(tmp_path, reports):
    """The values reports.toml builds too (trade with the members, claims for each vintage) come from the session's
    build of it; the others are built here."""
    configured = configs.load(ROOT / "reports.toml")
    shared = {(r.report, json.dumps(r.resolved, sort_keys=True)): r for r in plan.plan(ROOT / "reports.toml")}
    runs: dict[str, list[dict[str, object]]] = {}
    already = []
    for report, sets in grid().items():
        for given in sets:
            resolved = plan.make_run(configured[report], given).resolved
            found = shared.get((report, json.dumps(resolved, sort_keys=True)))
            if found is None:
                runs.setdefault(report, []).append(given)
            else:
                already.append(found)
    for run in already:
        assert (reports / run.report / f"{run.slug}.html").is_file(), run.name
    lines = []
    for report, sets in runs.items():
        inline = ", ".join("{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in s.items()) + " }" for s in sets)
        lines += [f"[{report}]", f'notebook = "{ROOT / "notebooks" / (report + ".ipynb")}"', f"runs = [{inline}]", ""]
    config = tmp_path / "grid.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sco_analysis.cli", "build", "--config", str(config), "--jobs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        env={**os.environ, "SCO_REPORTS_DIR": str(tmp_path / "reports")},
    )
    total = sum(len(s) for s in runs.values())
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"{total} reports: {total} built, 0 cached, 0 failed" in result.stdout
    assert len(already) >= 9  # the members' trade in six years, the claims of three vintages
    assert total + len(already) >= 49


@pytest.mark.parametrize(
    ("notebook", "given", "message"),
    [
        (
            "trade",
            {"year": 2017, "group": "partners"},
            r"there are no partners on 2017-06-09: the status 'SCO partner' "
            r"exists from 2025-09-01",
        ),
        ("weight", {"as_of": "2025-09-02", "year": 2020}, None),
        ("trade", {"year": 2000, "group": "members"}, r"no Heads of State Council in 2000"),
    ],
)
def test_documented_values_outside_their_range_are_refused_before_a_kernel(notebook, given, message):
    path = ROOT / "notebooks" / f"{notebook}.ipynb"
    if message is None:
        params.check(path, given)  # valid: nothing to refuse
        return
    with pytest.raises(ParameterError, match=message):
        params.check(path, given)
