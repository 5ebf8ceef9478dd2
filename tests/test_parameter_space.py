"""Every parameter value the rules accept builds a complete report, and every other value is refused before a
kernel starts, with a message that names the notebook and the parameter.

Hypothesis draws from the whole space (years, dates, status groups and their combinations, random ISO3 lists,
vintages, both datings) and runs each notebook's own code in this process (build/inprocess.py, no kernel). The
fast profile is part of `make test`; the `slow` ones draw many more, and build the README's documented values
with real kernels.
"""

from __future__ import annotations

import datetime as dt
import re

import inprocess
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sco_analysis import countries, data, events, groups
from sco_analysis.reporting import params
from sco_analysis.reporting.errors import ParameterError

NOTEBOOKS = ROOT / "notebooks"
FAST = settings(
    max_examples=6, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
MANY = settings(
    max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)

dates = st.dates(dt.date(1994, 1, 1), dt.date.today() + dt.timedelta(days=30)).map(dt.date.isoformat)
datings = st.sampled_from([*events.DATINGS, "signature"])
vintages = st.sampled_from([*data.VINTAGES, "wdi-2030"])
names = st.sampled_from(groups.names())
# status groups, '+' combinations of them, and ISO3 lists (countries with reporting gaps and estimated cells among
# them: the SCO states, Afghanistan and Turkmenistan among the World Bank's 217 economies)
status_groups = st.lists(names, min_size=1, max_size=3, unique=True).map("+".join)
iso3_lists = st.lists(st.sampled_from(countries.iso3_codes()), min_size=1, max_size=5).map(",".join)
trade_groups = st.one_of(status_groups, iso3_lists, st.sampled_from(["AFG,TKM", "IRN", "BLR,MNG", "RUZ", ""]))


def refused_or_runs(notebook: str, given_params: dict) -> str:
    """Check the parameters; if the rules accept them, run the notebook's code to the end. Returns 'refused' or
    'ran' (any exception inside the notebook fails the test, naming the cell)."""
    path = NOTEBOOKS / f"{notebook}.ipynb"
    try:
        checked = params.check(path, given_params)
    except ParameterError as exc:
        message = str(exc)
        assert message.startswith(f"{notebook}.ipynb: "), message
        assert re.search(r"parameter '\w+'", message), message
        return "refused"
    inprocess.run(path, checked)
    return "ran"


@FAST
@given(as_of=dates, dating=datings)
def test_timeline_parameters(as_of, dating):
    refused_or_runs("timeline", {"as_of": as_of, "dating": dating})


@FAST
@given(year=st.integers(1975, 2023), group=trade_groups, dating=datings)
def test_trade_parameters(year, group, dating):
    refused_or_runs("trade", {"year": year, "group": group, "dating": dating})


@FAST
@given(year=st.integers(1955, 2027), as_of=dates, vintage=vintages, dating=datings)
def test_weight_parameters(year, as_of, vintage, dating):
    refused_or_runs("weight", {"year": year, "as_of": as_of, "vintage": vintage, "dating": dating})


@pytest.mark.parametrize("group", ["observers", "dialogue partners", "members+observers", "all"])
def test_every_status_group_runs_its_whole_trade_report(group):
    """The defect this file exists for: 'observers' passed the checks and then failed at the chart over time."""
    assert refused_or_runs("trade", {"year": 2017, "group": group}) == "ran"


@pytest.mark.parametrize("vintage", list(data.VINTAGES))
def test_claims_parameters(vintage):
    assert refused_or_runs("claims", {"vintage": vintage}) == "ran"


@pytest.mark.slow
@MANY
@given(year=st.integers(1975, 2023), group=trade_groups, dating=datings)
def test_trade_parameters_many(year, group, dating):
    refused_or_runs("trade", {"year": year, "group": group, "dating": dating})


@pytest.mark.slow
@MANY
@given(year=st.integers(1955, 2027), as_of=dates, vintage=vintages, dating=datings)
def test_weight_parameters_many(year, as_of, vintage, dating):
    refused_or_runs("weight", {"year": year, "as_of": as_of, "vintage": vintage, "dating": dating})


@pytest.mark.slow
@MANY
@given(as_of=dates, dating=datings)
def test_timeline_parameters_many(as_of, dating):
    refused_or_runs("timeline", {"as_of": as_of, "dating": dating})


# --- the README states each parameter's valid range as the rules define it -------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


def accepted(notebook: str, **given_params) -> bool:
    try:
        params.check(NOTEBOOKS / f"{notebook}.ipynb", given_params)
    except ParameterError:
        return False
    return True


@pytest.mark.parametrize(
    ("notebook", "parameter", "first", "last", "documented"),  # parameter: the other values of the run
    [
        ("trade", {"group": "JPN"}, 1979, 2020, "`year` (1979–2020 with ISO3 codes"),
        ("trade", {"group": "members"}, 2001, 2020, "2001–2020 with a status group"),
        ("weight", {}, 1960, 2025, "`year` (1960–2025"),
    ],
)
def test_documented_year_ranges_are_the_rules_ranges(notebook, parameter, first, last, documented):
    assert documented in README
    assert accepted(notebook, year=first, **parameter)
    assert accepted(notebook, year=last, **parameter)
    assert not accepted(notebook, year=first - 1, **parameter)
    assert not accepted(notebook, year=last + 1, **parameter)


def test_documented_weight_years_per_vintage():
    assert "`datahub-2026`: 1960–2023" in README
    assert accepted("weight", year=2023, vintage="datahub-2026")
    assert not accepted("weight", year=2024, vintage="datahub-2026")


def test_documented_dates_run_from_the_first_summit_to_today():
    assert "`as_of` (date from 1996-04-26 to today" in README
    today = dt.date.today()
    for notebook in ("timeline", "weight"):
        assert accepted(notebook, as_of="1996-04-26")
        assert accepted(notebook, as_of=today.isoformat())
        assert not accepted(notebook, as_of="1996-04-25")
        assert not accepted(notebook, as_of=(today + dt.timedelta(days=1)).isoformat())


def test_documented_groups_and_datings_are_the_rules_values():
    for group in groups.names():
        assert f"`{group}`" in README, group
    for dating in events.DATINGS:
        assert f"`{dating}`" in README
    assert not accepted("trade", dating="signature")


def test_documented_vintages_are_the_loaders_vintages():
    for vintage in data.VINTAGES:
        assert f"`{vintage}`" in README
    assert not accepted("weight", vintage="wdi-2030")
