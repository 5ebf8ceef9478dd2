"""Weight: shares and growth summed by hand from named WDI rows; readings; missing countries; bad input."""

from __future__ import annotations

import math

import pytest
from conftest import ALL_2018, MEMBERS_2018, raw_rows, wdi_value

from sco_analysis import growth, weight
from sco_analysis.claims import readings
from sco_analysis.errors import ValidationError

MEMBERS_ISO2 = ["CN", "IN", "KZ", "KG", "PK", "RU", "TJ", "UZ"]


def test_members_population_share_2017_by_hand():
    total = sum(wdi_value("wdi/sp.pop.totl.csv", c, 2017) for c in MEMBERS_2018)
    world = wdi_value("wdi/sp.pop.totl.csv", "WLD", 2017)
    got = weight.group_total("population", 2017, "members", "2018-06-09")
    assert got["total"] == total
    assert got["world"] == world
    assert got["share_pct"] == pytest.approx(total / world * 100)
    assert round(got["share_pct"], 1) == 41.9  # the article says 43 %
    assert total > 3e9  # "surpassing 3 billion"


def test_all_eighteen_gdp_and_population_shares_2017_by_hand():
    for relpath, indicator in [("wdi/ny.gdp.mktp.cd.csv", "gdp"), ("wdi/sp.pop.totl.csv", "population")]:
        total = sum(wdi_value(relpath, c, 2017) for c in ALL_2018)
        got = weight.group_total(indicator, 2017, "all", "2018-06-09")
        assert got["countries"] == 18
        assert got["share_pct"] == pytest.approx(total / wdi_value(relpath, "WLD", 2017) * 100)


def test_datahub_vintage_reads_its_own_file():
    got = weight.group_total("population", 2017, ["CHN"], "2018-06-09", "datahub-2026")
    assert got["total"] == 1_396_215_000
    assert got["world"] == 7_614_523_410


def test_members_growth_2016_in_the_2021_vintage_by_hand():
    rows = {
        r["ISO"]: float(r["VALUE"])
        for r in raw_rows("wb-gdp-growth-2021-vintage/GDP_PCT_A.csv")
        if r["YEAR"] == "2016" and r["ISO"] in [*MEMBERS_ISO2, "1W"]
    }
    simple = sum(rows[c] for c in MEMBERS_ISO2) / 8
    got = growth.average_growth("members", [2016], "2018-06-09", "wb-2021")
    assert got["simple_mean"] == pytest.approx(simple)
    assert round(got["simple_mean"], 2) == 4.90  # SOURCE.md: "this vintage gives 4.90 %"
    assert got["world"] == pytest.approx(rows["1W"])
    assert got["simple_ratio"] == pytest.approx(simple / rows["1W"])


def test_weighted_growth_uses_gdp_weights():
    rates = {c: wdi_value("wdi/ny.gdp.mktp.kd.zg.csv", c, 2016) for c in MEMBERS_2018}
    gdp = {c: wdi_value("wdi/ny.gdp.mktp.cd.csv", c, 2016) for c in MEMBERS_2018}
    expected = sum(rates[c] * gdp[c] for c in MEMBERS_2018) / sum(gdp.values())
    assert growth.average_growth("members", [2016], "2018-06-09")["weighted_mean"] == pytest.approx(expected)


def test_sensitivity_finds_the_reading_behind_4_84():
    table = readings.growth_sensitivity(4.84, 2016, "2018-06-09")
    best = table.loc[table["closest"]].iloc[0]
    assert (best["span"], best["vintage"], best["mean"]) == ("2016 only", "wb-2021", "simple")
    assert len(table) == 2 * 4 * 2 * 2  # group x span x vintage x mean


def test_missing_countries_are_named_not_dropped():
    got = weight.group_total("gdp", 2025, ["AFG", "CHN", "IND"], "2018-06-09")
    assert got["missing"] == "AFG"
    assert got["countries"] == 3
    assert 0 < got["missing_pct_of_group"] < 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: weight.group_total("population", 1950, "members", "2018-06-09"),
            r"no population data for 1950 in vintage 'wdi-2026'; years with data: 1960-2025",
        ),
        (
            lambda: weight.group_total("population", 2017, "members", "2018-06-09", "wdi-2030"),
            r"unknown vintage 'wdi-2030'; valid vintages: wdi-2026, datahub-2026, wb-2021",
        ),
        (
            lambda: growth.average_growth("members", [2016], "2018-06-09", "datahub-2026"),
            r"vintage 'datahub-2026' has no 'gdp_growth' data; vintages with it: wdi-2026, wb-2021",
        ),
        (lambda: weight.group_total("population", 2017, [], "2018-06-09"), r"the group is empty"),
        (
            lambda: weight.group_total("population", 2017, "dialogue partners", "2005-01-01"),
            r"group 'dialogue partners' is empty on 2005-01-01",
        ),
    ],
)
def test_bad_input_lists_the_choices(call, message):
    with pytest.raises(ValidationError, match=message):
        call()


def test_growth_of_countries_without_values_is_missing_and_the_world_is_still_shown():
    # North Korea has no growth row in the WDI file
    got = growth.average_growth(["PRK"], [2016], "2018-06-09")
    assert math.isnan(got["simple_mean"])
    assert math.isnan(got["weighted_mean"])
    assert got["world"] == pytest.approx(wdi_value("wdi/ny.gdp.mktp.kd.zg.csv", "WLD", 2016))
    assert got["missing"] == "PRK 2016"
