"""Data quality: each known problem is named (file, entity and role, years, rows) with its effect, on tiny fixtures
and on the real data, whose expected values are counted from the CSVs by hand (grep) or with the csv module."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import EXPORTS, MIRROR_EXPORTS, MIRROR_IMPORTS, raw_rows

from sco_analysis import countries, quality

CHINA = "China, P.R.: Mainland"  # China as IMF DOTS names it


def dots(rows: list[tuple[str, str, int, float, str]]) -> pd.DataFrame:
    """A raw DOTS frame as data.dots_raw reads one: reporter, partner, year, value, estimated ('e' or '')."""
    frame = pd.DataFrame(rows, columns=["reporter", "partner", "year", "value", "estimated"])
    return frame.astype({"reporter": "string", "partner": "string", "year": "int64", "estimated": "string"})


@pytest.fixture(scope="module")
def codes() -> pd.DataFrame:
    return countries.country_codes()


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return quality.problems()


def row(table: pd.DataFrame, file: str, entity: str, problem: str = "") -> pd.Series:
    """The one row of `table` for this file and entity (and problem start), failing if there is not exactly one."""
    found = table.loc[
        table["file"].str.endswith(file) & (table["entity"] == entity) & table["problem"].str.startswith(problem)
    ]
    assert len(found) == 1, found
    return found.iloc[0]


@pytest.mark.parametrize(
    ("years", "text"),
    [([2003, 2004, 2005, 2010], "2003–2005, 2010"), ([2010, 2003, 2004, 2004], "2003–2004, 2010"), ([1999], "1999")],
)
def test_compact_years(years, text):
    assert quality.compact_years(years) == text


def test_compact_years_of_nothing_is_empty():
    assert quality.compact_years([]) == ""


# --- tiny fixtures ----------------------------------------------------------------------------------------------


def test_a_partner_listed_twice_in_two_years_is_named_with_its_role_and_years(codes):
    raw = dots(
        [
            (CHINA, "Australia", 2016, 5.0, ""),
            (CHINA, "Australia", 2016, 5.0, ""),
            (CHINA, "Australia", 2017, 6.0, ""),
            (CHINA, "Australia", 2017, 6.0, ""),
            (CHINA, "Australia", 2018, 7.0, ""),
            (CHINA, "India", 2017, 9.0, ""),
        ]
    )
    found = quality.duplicated_entities(quality.stack({"data/x.csv": raw}), codes)
    assert found[["file", "entity", "years", "rows"]].to_dict("records") == [
        {"file": "data/x.csv", "entity": "AUS Australia as partner", "years": "2016–2017", "rows": 2}
    ]
    assert found["effect"].iloc[0].startswith("none")
    assert list(found.columns) == quality.COLUMNS


def test_a_repeat_with_another_value_is_named_as_stopping_the_load(codes):
    raw = dots([("Kyrgyz Rep.", CHINA, 2015, 1.0, ""), ("Kyrgyz Rep.", CHINA, 2015, 2.0, "")])
    found = quality.duplicated_entities(quality.stack({"data/m.csv": raw}), codes)
    assert found["entity"].tolist() == ["KGZ Kyrgyz Republic as reporter"]
    assert "1 repeats differ in value" in found["effect"].iloc[0]


def shown(years: range, codes: list[str], file: str) -> pd.DataFrame:
    """The cells of a mirror file in the members' figure: each code reports its trade with China."""
    cells = [(file, y, c, "CHN", "the members' figure") for y in years for c in codes]
    return pd.DataFrame(cells, columns=["file", "year", "reporter_code", "partner_code", "figure"])


def test_a_reporter_estimated_for_three_years_is_named_with_the_run_and_its_share(codes):
    # KGZ's cells are IMF estimates in 2012-2014 (10 + 20 + 30 = 60); KAZ reports itself (90 + 80 + 70 = 240)
    kgz = [("Kyrgyz Rep.", CHINA, y, v, e) for y, v, e in [(2011, 5, ""), (2012, 10, "e"), (2013, 20, "e")]]
    kgz += [("Kyrgyz Rep.", CHINA, y, v, e) for y, v, e in [(2014, 30, "e "), (2015, 5, "")]]
    kaz = [("Kazakhstan, Rep. of", CHINA, y, v, "") for y, v in [(2011, 1), (2012, 90), (2013, 80), (2014, 70)]]
    raw = quality.stack({"data/m.csv": dots([*kgz, *kaz])})
    found = quality.estimated_runs(raw, codes, shown(range(2011, 2016), ["KGZ", "KAZ"], "data/m.csv"))
    assert len(found) == 1
    got = found.iloc[0]
    assert (got["entity"], got["years"], got["rows"]) == ("KGZ Kyrgyz Republic as reporter", "2012–2014", 3)
    assert got["problem"] == "IMF estimates ('e'): all estimated 2012–2014"
    assert got["effect"].startswith("20.00 % of the members' figure in 2012–2014 (US$ 60.0 m of 300.0 m)")


def test_estimates_outside_every_figure_have_no_effect_and_part_estimated_years_are_told_apart(codes):
    # Russia reports two partners; in 2013 one of its two cells is an estimate, in 2014 both are
    raw = dots(
        [
            ("Russian Federation", "India", 2013, 1.0, "e"),
            ("Russian Federation", "Pakistan", 2013, 1.0, ""),
            ("Russian Federation", "India", 2014, 1.0, "e"),
            ("Russian Federation", "Pakistan", 2014, 1.0, "e"),
        ]
    )
    found = quality.estimated_runs(quality.stack({"data/i.csv": raw}), codes, shown(range(2013, 2015), [], "x"))
    assert found["problem"].tolist() == ["IMF estimates ('e'): all estimated 2014; partly estimated 2013"]
    assert found["entity"].tolist() == ["RUS Russian Federation as reporter"]
    assert found["rows"].tolist() == [3]
    assert found["effect"].tolist() == [quality.NOT_SHOWN]


def test_a_gap_year_is_named_in_both_sources_with_what_the_other_side_reports(codes):
    held = pd.DataFrame([(y, c, "members") for y in (2013, 2014, 2015, 2016) for c in ("KGZ", "KAZ")])
    held = held.set_axis(["year", "partner", "group"], axis=1)
    sides = [(s, f) for s in ("china", "mirror") for f in ("exports", "imports")]
    cells = [(c, y, s, f, v) for c, v in (("KGZ", 100.0), ("KAZ", 300.0)) for y in (2014, 2015, 2016) for s, f in sides]
    flows = pd.DataFrame(cells, columns=["partner", "year", "source", "flow", "value_musd"])
    # KGZ did not report its imports from China in 2015; nobody reported KAZ's trade the other way in 2016
    kgz = "partner == 'KGZ' and year == 2015 and source == 'mirror' and flow == 'exports'"
    missing = flows.query(f"({kgz}) or (partner == 'KAZ' and year == 2016 and flow == 'imports')")
    found = quality.reporting_gaps(flows.drop(missing.index), held, 2014, 2016, codes).set_index("entity")
    # 2013 has no flows at all but lies before `first`: not a gap
    assert sorted(found.index) == [
        "KAZ Kazakhstan as partner",
        "KAZ Kazakhstan as reporter",
        "KGZ Kyrgyz Republic as reporter",
    ]
    got = found.loc["KGZ Kyrgyz Republic as reporter"]
    assert (got["years"], got["rows"]) == ("2015", 1)
    assert got["file"] == "data/imf-dots/imports_cif_from_china_by_reporter.csv"
    # China reports 100 for KGZ out of 100 + 300 for the members that year: 25 %
    assert "China reports US$ 100.0 m for it in 1 of these years, 25.00 % of China's exports" in got["effect"]
    got = found.loc["KAZ Kazakhstan as partner"]
    assert (got["years"], got["file"]) == ("2016", "data/imf-dots/china_imports_cif_by_partner.csv")
    assert got["effect"].endswith("the other side has no figure for it either")


def test_the_shown_cells_put_china_on_the_right_side_and_in_the_matrix():
    held = pd.DataFrame({"year": [2017, 2017], "partner": ["KAZ", "MNG"], "group": ["members", "observers"]})
    got = quality.shown_cells(held)
    exports = got.loc[got["file"].str.endswith("china_exports_fob_by_partner.csv")]
    assert exports[["reporter_code", "partner_code"]].values.tolist() == [["CHN", "KAZ"], ["CHN", "MNG"]]
    mirror = got.loc[got["file"].str.endswith("exports_fob_to_china_by_reporter.csv")]
    assert mirror[["reporter_code", "partner_code"]].values.tolist() == [["KAZ", "CHN"], ["MNG", "CHN"]]
    matrix = got.loc[got["file"].str.endswith("sco_intra_exports_fob.csv")]
    assert sorted(map(tuple, matrix[["reporter_code", "partner_code"]].values)) == [("CHN", "KAZ"), ("KAZ", "CHN")]


# --- the real data ----------------------------------------------------------------------------------------------


def test_the_table_has_the_columns_types_and_a_stable_order(table):
    assert list(table.columns) == quality.COLUMNS
    assert table["rows"].dtype == "int64"
    assert all(table[c].dtype == "string" for c in quality.COLUMNS if c != "rows")
    pd.testing.assert_frame_equal(quality.problems(), table)
    assert not table.duplicated(["file", "problem", "entity"]).any()
    assert (table["years"] != "").all()
    assert (table["rows"] > 0).all()
    dots = table.loc[table["file"].str.startswith("data/imf-dots/")]
    assert dots["entity"].str.endswith((" as partner", " as reporter")).all()


@pytest.mark.parametrize("relpath", [EXPORTS, "imf-dots/china_imports_cif_by_partner.csv"])
def test_australia_is_named_as_a_partner_china_lists_twice(table, relpath):
    # grep -c ',Australia,' gives 88 lines: 44 years (1961, 1978-2020) each listed twice, e.g.
    # "China, P.R.: Mainland",Australia,2017,41701.321557,,... on two lines of the exports file
    years = [int(r["year"]) for r in raw_rows(relpath) if r["partner"] == "Australia"]
    assert (len(years), len(set(years))) == (88, 44)
    got = row(table, relpath, "AUS Australia as partner", "listed more than once")
    assert (got["rows"], got["years"]) == (44, "1961, 1978–2020")
    assert got["effect"].startswith("none")


@pytest.mark.parametrize(("relpath", "repeats"), [(MIRROR_IMPORTS, 39), (MIRROR_EXPORTS, 44)])
def test_nicaragua_is_named_as_a_reporter_listed_twice(table, relpath, repeats):
    # grep -c '^Nicaragua,' gives 78 and 88 lines: every year of Nicaragua's is listed twice
    years = [int(r["year"]) for r in raw_rows(relpath) if r["reporter"] == "Nicaragua"]
    assert (len(years), len(set(years))) == (2 * repeats, repeats)
    got = row(table, relpath, "NIC Nicaragua as reporter", "listed more than once")
    assert got["rows"] == repeats
    assert got["years"] == quality.compact_years(set(years))


@pytest.mark.parametrize(
    ("relpath", "cells"),
    # SOURCE.md, and grep -c ',e,' on each file
    [
        (MIRROR_IMPORTS, 869),
        (MIRROR_EXPORTS, 1001),
        ("imf-dots/sco_intra_exports_fob.csv", 433),
        ("imf-dots/sco_intra_imports_cif.csv", 191),
    ],
)
def test_every_estimated_cell_is_counted_under_a_named_reporter(table, relpath, cells):
    estimates = table.loc[table["file"].str.endswith(relpath) & table["problem"].str.startswith("IMF estimates")]
    assert estimates["rows"].sum() == cells
    assert estimates["entity"].str.endswith(" as reporter").all()


# observers at each year's council, 2005-2020: Mongolia from 2004; India, Pakistan, Iran from Astana 2005 (India and
# Pakistan members from 2017); Afghanistan from Beijing 2012; Belarus from Ufa 2015
OBSERVERS = {
    "Mongolia": range(2004, 2021),
    "India": range(2005, 2017),
    "Pakistan": range(2005, 2017),
    "Iran, Islamic Rep. of": range(2005, 2021),
    "Afghanistan, Islamic Rep. of": range(2012, 2021),
    "Belarus, Rep. of": range(2015, 2021),
}


def test_iran_is_named_with_its_run_of_estimates_and_the_share_of_the_observers_figure(table):
    # grep '^"Iran, Islamic Rep. of"' exports_fob_to_china_by_reporter.csv | grep -c ',e,' gives 27 lines, for
    # 1981, 1982, 1984-1987 and 2000-2020: every year of Iran's exports to China since 2000 is an IMF estimate
    got = row(table, MIRROR_IMPORTS, "IRN Iran, Islamic Rep. as reporter", "IMF estimates")
    assert (got["rows"], got["years"]) == (27, "1981–1982, 1984–1987, 2000–2020")
    assert "all estimated 1981–1982, 1984–1987, 2000–2020" in got["problem"]
    cells = {
        (r["reporter"], int(r["year"])): float(r["value"])
        for r in raw_rows(MIRROR_IMPORTS)
        if int(r["year"]) in OBSERVERS.get(r["reporter"], ()) and int(r["year"]) >= 2005
    }
    iran = sum(v for (who, _), v in cells.items() if who == "Iran, Islamic Rep. of")
    share = iran / sum(cells.values()) * 100
    assert round(share) == 55  # more than half the observers' own figure for their exports to China
    assert got["effect"].startswith(f"{share:.2f} % of China's imports with the observers (mirror) in 2005–2020")


def test_sri_lanka_is_named_for_2015_in_both_mirror_files_with_chinas_own_figure(table):
    # grep '^Sri Lanka' on both mirror files lists 1960-2014 and 2016-2020: no 2015; China reports 2015 (below)
    for relpath in (MIRROR_EXPORTS, MIRROR_IMPORTS):
        assert "2015" not in {r["year"] for r in raw_rows(relpath) if r["reporter"] == "Sri Lanka"}
    china_2015 = [float(r["value"]) for r in raw_rows(EXPORTS) if r["partner"] == "Sri Lanka" and r["year"] == "2015"]
    assert len(china_2015) == 1
    got = row(table, MIRROR_EXPORTS, "LKA Sri Lanka as reporter", "did not report")
    assert (got["years"], got["rows"]) == ("2015", 1)
    assert f"China reports US$ {china_2015[0]:,.1f} m for it" in got["effect"]
    assert "dialogue partners" in got["effect"]
    gaps = table.loc[table["problem"].str.contains("report")]
    assert sorted(gaps["entity"]) == ["LKA Sri Lanka as reporter"] * 2  # every other gap was filled


def test_the_literal_na_problems_name_namibia(table):
    # grep -c '^NA,' GDP_PCT_A.csv gives 61 (Namibia's rows); grep -c ',NA,' gives 4181 (missing values)
    growth = "wb-gdp-growth-2021-vintage/GDP_PCT_A.csv"
    assert row(table, growth, "NAM Namibia")["rows"] == 61
    assert row(table, growth, "", "missing values")["rows"] == 4181


def test_vintage_differences_name_the_world_row_and_both_files(table):
    got = row(table, "data/datahub-population/population.csv", "WLD World")
    assert got["file"] == "data/wdi/sp.pop.totl.csv vs data/datahub-population/population.csv"
    assert got["effect"].startswith("World population differs by up to")


def test_canada_surface_area_is_named_and_corrected_from_the_cited_total():
    from conftest import wdi_value

    from sco_analysis import data

    filed = wdi_value("wdi-area/ag.srf.totl.k2.csv", "CAN", 2017)
    land = wdi_value("wdi-area/ag.lnd.totl.k2.csv", "CAN", 2017)
    cited = next(r for r in raw_rows("curated/indicator_corrections.csv") if r["iso3"] == "CAN")
    assert filed / land > 1.7  # the file's surface is 1.7 times its own land: an error
    used = data.indicator("surface_area").set_index(["iso3", "year"]).loc[("CAN", 2017), "value"]
    assert used == float(cited["value"]) == 9984670
    assert f"{int(cited['value']):,}" in cited["quote"]
    row = quality.problems().loc[lambda p: p["entity"] == "CAN Canada"].iloc[0]
    assert "surface area up to" in row["problem"]
    assert f"as filed it would add {filed - float(cited['value']):,.0f} km² to APEC, C, OAS, OSCE" in row["effect"]


def test_partner_figures_derived_from_chinas_with_the_cif_fob_factor_are_named():
    table = quality.problems()
    iran = table.loc[table["entity"] == "IRN Iran, Islamic Rep. as reporter"]
    derived = iran.loc[iran["problem"].str.contains("divided by 1.06")]
    assert derived["years"].tolist() == ["2000–2019"]
    assert derived["effect"].iloc[0].startswith("the mirror side of China's imports from the observers")
    turkmen = table.loc[table["entity"] == "TKM Turkmenistan as reporter", "problem"]
    assert turkmen.str.contains("1.06 .* not marked as estimates").sum() == 2  # hidden: no 'e' on these cells
