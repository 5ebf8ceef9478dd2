"""Energy: WDI totals and OWID figures against the SOURCE.md check figures, the OWID name rule (every country row
maps, aggregates never ranked), and the leader's margin and verdict."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import MEMBERS_2018, raw_rows, wdi_value

from sco_analysis import countries, energy
from sco_analysis.errors import DataIntegrityError, ValidationError

POPULATION = "wdi/sp.pop.totl.csv"
# data/wdi-energy/SOURCE.md check figures, 2017
USE_KGOE = {"CHN": 2215.911, "USA": 6590.835}
NET_IMPORTS_PCT = {"CHN": 20.419, "USA": 8.100}
# data/owid-energy-2022/SOURCE.md check figures, 2017 (TWh)
OWID_CONSUMPTION = {"CHN": 36_890.13, "USA": 25_626.88}
OWID_FOSSIL = {"CHN": 20_326.109 + 1_491.995 + 2_227.215, "USA": 4_350.379 + 7_461.707 + 6_685.594}


def cell(frame: pd.DataFrame, iso3: str, year: int, indicator: str) -> float:
    row = frame.loc[(frame["iso3"] == iso3) & (frame["year"] == year) & (frame["indicator"] == indicator), "value"]
    assert len(row) == 1, (iso3, year, indicator)
    return float(row.iloc[0])


def use_ktoe(iso3: str) -> float:
    """Total use by hand: the SOURCE.md per-person figure x the WDI population row / 1e6."""
    return USE_KGOE[iso3] * wdi_value(POPULATION, iso3, 2017) / 1e6


def test_source_check_figures_are_the_vendored_cells():
    for iso3 in USE_KGOE:
        assert wdi_value("wdi-energy/eg.use.pcap.kg.oe.csv", iso3, 2017) == pytest.approx(USE_KGOE[iso3], abs=5e-4)
        assert wdi_value("wdi-energy/eg.imp.cons.zs.csv", iso3, 2017) == pytest.approx(NET_IMPORTS_PCT[iso3], abs=5e-4)


@pytest.mark.parametrize("iso3", ["CHN", "USA"])
def test_wdi_total_use_and_production_from_the_check_figures(iso3):
    table = energy.wdi_energy()
    assert list(table.columns) == ["iso3", "year", "indicator", "value"]
    use = cell(table, iso3, 2017, "energy_use_ktoe")
    assert use == pytest.approx(use_ktoe(iso3), rel=1e-6)
    production = cell(table, iso3, 2017, "energy_production_ktoe")
    assert production == pytest.approx(use_ktoe(iso3) * (1 - NET_IMPORTS_PCT[iso3] / 100), rel=1e-5)


def test_china_2017_use_is_about_3_1_gtoe():
    # 2,215.911 kgoe x 1,396,215,000 persons (WDI row CHN 2017) = 3,093,888 ktoe
    assert cell(energy.wdi_energy(), "CHN", 2017, "energy_use_ktoe") == pytest.approx(3_093_889, abs=1)


@pytest.mark.parametrize("iso3", ["CHN", "USA"])
def test_owid_consumption_and_fossil_production_from_the_check_figures(iso3):
    table = energy.owid_energy()
    assert cell(table, iso3, 2017, "primary_consumption_twh") == pytest.approx(OWID_CONSUMPTION[iso3])
    assert cell(table, iso3, 2017, "fossil_production_twh") == pytest.approx(OWID_FOSSIL[iso3])
    assert round(OWID_FOSSIL[iso3]) == {"CHN": 24_045, "USA": 18_498}[iso3]  # SOURCE.md's rounded sums


def test_every_owid_country_row_maps_to_a_country_of_the_code_table():
    entities = energy.owid_entities()
    known = set(countries.iso3_codes())
    for measure in energy.OWID_FILES:
        names = set(energy.owid_raw(measure)["Country"])
        used = entities.loc[entities["name"].isin(names) & (entities["kind"] == "country")]
        assert set(used["iso3"]) <= known
        assert used["iso3"].is_unique
    assert entities.loc[entities["name"] == "Russia", "iso3"].item() == "RUS"
    assert entities.loc[entities["name"] == "United States", "iso3"].item() == "USA"
    assert set(entities["kind"]) == {"country", "aggregate", "outside codes"}


def test_aggregates_are_never_ranked():
    entities = energy.owid_entities().set_index("name")
    for name in ["World", "OECD", "Non-OECD", "Asia Pacific", "European Union (27)", "Russian Federation & USSR"]:
        assert entities.loc[name, "kind"] == "aggregate"
        assert entities.loc[name, "iso3"] == ""
    world = [r for r in raw_rows(energy.OWID_FILES["consumption"]) if r["Country"] == "World"]
    assert any(r["Year"] == "2017" and float(r["Primary energy consumption (TWh)"]) == 156_062.39 for r in world)
    assert energy.owid_energy()["value"].max() < 156_062.39  # the World row is nowhere in the ranked table


def test_an_unknown_owid_name_fails_loudly_instead_of_dropping_out():
    with pytest.raises(DataIntegrityError, match=r"OWID names .*\['Atlantis'\]; add each to OWID_ALIASES"):
        energy.classify(pd.Series(["China", "World", "Atlantis"]))


def test_entities_outside_the_code_table_are_smaller_than_the_runner_up():
    # Taiwan is the largest of them: 1,368.096 TWh in 2017 (its row in the consumption file), far below the US
    rows = [r for r in raw_rows("owid-energy-2022/primary_energy_consumption_bp_eia_2022.csv") if r["Year"] == "2017"]
    outside = [float(r["Primary energy consumption (TWh)"]) for r in rows if r["Country"] in energy.OWID_OUTSIDE_CODES]
    assert max(outside) == 1_368.096
    assert max(outside) < OWID_CONSUMPTION["USA"]


def test_2017_rankings_side_by_side():
    table = energy.rankings(2017, "wdi-2026", "2018-06-09").set_index(["measure", "source"])
    assert list(table.index) == [
        ("consumption", "WDI"),
        ("consumption", "OWID"),
        ("production", "WDI"),
        ("production", "OWID"),
    ]
    assert (table["leader"] == "CHN").all()
    assert (table["runner_up"] == "USA").all()
    assert (table["verdict"] == "largest").all()
    assert table["leader_in_sco"].all()
    assert "CHN" in MEMBERS_2018
    expected = {
        ("consumption", "WDI"): use_ktoe("CHN") / use_ktoe("USA"),
        ("consumption", "OWID"): OWID_CONSUMPTION["CHN"] / OWID_CONSUMPTION["USA"],
        ("production", "WDI"): use_ktoe("CHN") * (1 - 0.20419) / (use_ktoe("USA") * (1 - 0.081)),
        ("production", "OWID"): OWID_FOSSIL["CHN"] / OWID_FOSSIL["USA"],
    }
    for key, ratio in expected.items():
        assert table.loc[key, "margin_pct"] == pytest.approx((ratio - 1) * 100, abs=1e-3)
    assert round(table.loc[("consumption", "OWID"), "margin_pct"], 1) == 44.0
    # in TWh (1 toe = 11.63 MWh) WDI's use sits near OWID's consumption for China
    assert table.loc[("consumption", "WDI"), "leader_twh"] == pytest.approx(use_ktoe("CHN") * 11.63e-3)


def test_a_lead_within_the_threshold_is_level():
    assert energy.LEAD_THRESHOLD_PCT == 5.0
    frame = pd.DataFrame({"k": ["a", "a", "b", "b"], "iso3": ["X", "Y", "X", "Y"], "value": [104.0, 100.0, 106.0, 100]})
    out = energy.leaders(frame, ["k"]).set_index("k")
    assert out.loc["a", "verdict"] == "level with Y"
    assert out.loc["a", "margin_pct"] == pytest.approx(4.0)
    assert out.loc["b", "verdict"] == "largest"
    assert out.loc["b", "runner_up"] == "Y"


def test_the_approximation_is_stated():
    assert "stock changes" in energy.APPROXIMATION
    assert "bunkers" in energy.APPROXIMATION


def test_a_year_without_data_in_every_source_names_the_range():
    with pytest.raises(ValidationError, match=r"no energy data for 2022 in every source; years with data in all: "):
        energy.rankings(2022, "wdi-2026", "2018-06-09")
