"""Organisations: memberships fixed from the cited table, totals and growth summed by hand from named WDI rows,
the SCO's rank, margin and verdict per part, and the sensitivity grid."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ALL_2018, MEMBERS_2018, raw_rows, wdi_value

from sco_analysis import organisations
from sco_analysis.errors import SchemaError, ValidationError

POPULATION, LAND = "wdi/sp.pop.totl.csv", "wdi-area/ag.lnd.totl.k2.csv"
GROWTH, GDP = "wdi/ny.gdp.mktp.kd.zg.csv", "wdi/ny.gdp.mktp.cd.csv"
QINGDAO = "2018-06-09"  # the day the 2018 articles' counts refer to (data/claims/qingdao-2018/articles.csv)
ASEAN = ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"]
SAARC = ["AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK"]
# the 34 members the file lists for the OAS (Cuba is "excluded from formal participation since 1962")
OAS_ROW = (
    "ARG ATG BHS BLZ BOL BRA BRB CAN CHL COL CRI DMA DOM ECU GRD GTM GUY HND HTI JAM KNA LCA MEX NIC PAN PER PRY "
    "SLV SUR TTO URY USA VCT VEN"
)
OAS = OAS_ROW.split()


def members_of(org: str, as_of: str = "2018-06-09") -> list[str]:
    table = organisations.members(as_of)
    return sorted(table.loc[table["org_id"] == org, "iso3"])


def value(org: str, indicator: str, year: int = 2017) -> float:
    table = organisations.totals((year,), QINGDAO)
    row = table.loc[(table["org_id"] == org) & (table["indicator"] == indicator), "value"]
    return float(row.item())


def test_morocco_fix_is_cited_and_applied_from_its_date():
    fix = {(r["org_id"], r["iso3"]): r for r in raw_rows("curated/organisation_fixes.csv")}[("AU", "MAR")]
    assert fix["action"] == "add"
    assert fix["from_date"] == "2017-01-30"
    assert fix["source_url"] == "http://www.premiumtimesng.com/foreign/africa/222107-au-re-admits-morocco.html"
    assert "Morocco was on Monday readmitted into the African Union" in fix["quote"]
    assert fix["verification"]
    au = members_of("AU")
    assert len(au) == 55  # the file's 54 (Sahrawi Republic included) and Morocco
    assert {"MAR", "ESH"} <= set(au)
    assert "MAR" not in members_of("AU", "2017-01-29")  # the day before the 28th AU summit readmitted it


def test_every_fix_cites_a_page_with_a_quote():
    rows = raw_rows("curated/organisation_fixes.csv")
    assert len(rows) == len(organisations.fixes())
    for row in rows:
        assert row["source_url"].startswith("http"), row
        assert row["quote"], row
        assert row["verification"], row


def test_the_commonwealth_on_the_claim_date():
    commonwealth = members_of("C")
    assert "GMB" in commonwealth  # rejoined 2018-02-08
    assert "MDV" not in commonwealth  # left 2016-10-13
    assert len(commonwealth) == 53
    assert "GMB" not in members_of("C", "2018-02-07")


def test_file_counts_and_the_sco_from_the_events_table():
    counts = organisations.members(QINGDAO).groupby("org_id").size()
    # data/igo-membership/SOURCE.md check figures, and EAC with South Sudan
    assert counts[["EU", "ASEAN", "OAS", "CIS", "SAARC", "EAEU", "EAC"]].tolist() == [28, 10, 34, 9, 8, 5, 6]
    assert "GBR" in members_of("EU")
    assert members_of("SCO") == sorted(MEMBERS_2018)  # not the file's stale six
    assert members_of("SCO+") == sorted(ALL_2018)


def test_bad_fixes_are_refused():
    good = organisations.fixes().assign(from_date=lambda d: d["from_date"].dt.strftime("%Y-%m-%d"))
    for broken in [
        good.assign(action=good["action"].where(good.index != 0, "join")),
        good.assign(source_url=good["source_url"].where(good.index != 0, "")),
        good.assign(iso3=good["iso3"].where(good.index != 0, "ESH")),  # adds a member the file already lists
    ]:
        with pytest.raises(SchemaError, match=r"rows \[0\] need action add"):
            organisations.check_fixes(broken)


def test_dates_outside_the_file_are_refused():
    with pytest.raises(ValidationError, match=r"2016-12-31: give a date from 2017-01-01 to 2020-01-29"):
        organisations.members("2016-12-31")
    with pytest.raises(ValidationError, match=r"2021-01-01: give a date"):
        organisations.sensitivity("2021-01-01", 2017)


def test_asean_population_2017_by_hand():
    # WDI 2017 rows: BRN 432,772; IDN 267,346,658; KHM 16,073,372; LAO 7,018,147; MMR 51,894,938; MYS 32,355,644;
    # PHL 108,119,693; SGP 5,612,253; THA 71,160,187; VNM 95,176,977
    assert value("ASEAN", "population") == sum(wdi_value(POPULATION, c, 2017) for c in ASEAN) == 655_190_641


def test_sco_and_oas_land_area_2017_by_hand():
    # WDI 2017 land rows: CHN 9,388,210; IND 2,973,190; KAZ 2,699,700; KGZ 191,800; PAK 770,880; RUS 16,376,870;
    # TJK 138,790; UZB 440,588 (the first four are SOURCE.md check figures)
    sco = sum(wdi_value(LAND, c, 2017) for c in MEMBERS_2018)
    assert value("SCO", "land_area") == sco == 32_980_028
    # the 34 OAS members; largest rows USA 9,147,420; CAN 8,965,590; BRA 8,358,140; ARG 2,736,690
    oas = sum(wdi_value(LAND, c, 2017) for c in OAS)
    assert value("OAS", "land_area") == pytest.approx(oas)
    row = organisations.sensitivity(QINGDAO, 2017).set_index(["peer_set", "area_indicator", "year", "extent"])
    core = row.loc[("core", "land_area", 2017, "members")]
    assert core["area_leader"] == "OAS"
    assert core["area_sco_rank"] == 2
    assert core["area_margin_pct"] == pytest.approx((sco / oas - 1) * 100)
    assert core["area_verdict"] == "behind OAS"
    # with observers and dialogue partners the SCO is within 5 % of the OAS: level, not "largest"
    assert row.loc[("core", "land_area", 2017, "all"), "area_verdict"] == "level with OAS"


def test_sco_population_lead_over_saarc_2017_by_hand():
    sco = sum(wdi_value(POPULATION, c, 2017) for c in MEMBERS_2018)
    saarc = sum(wdi_value(POPULATION, c, 2017) for c in SAARC)
    row = organisations.sensitivity(QINGDAO, 2017).set_index(["peer_set", "area_indicator", "year", "extent"])
    core = row.loc[("core", "land_area", 2017, "members")]
    assert core["population_best_other"] == "SAARC"
    assert core["population_margin_pct"] == pytest.approx((sco / saarc - 1) * 100)
    assert (row["population_verdict"] == "largest").all()


def test_members_without_data_are_named():
    table = organisations.totals((2017,), QINGDAO)
    au = table.loc[(table["org_id"] == "AU") & (table["indicator"] == "population")].iloc[0]
    assert au["missing"] == "ESH"
    assert au["missing_count"] == 1
    assert au["countries"] == 55


def test_sensitivity_grid_shape():
    table = organisations.sensitivity(QINGDAO, 2017)
    assert len(table) == 2 * 2 * 3 * 2  # peer set x area indicator x year x SCO extent
    assert sorted(table["year"].unique()) == [2017, 2018, organisations.latest_year()]
    assert set(table["area_organisations"]) == {len(organisations.CORE) + 1, len(organisations.PEER_SETS["wider"]) + 1}
    assert (table.loc[table["peer_set"] == "wider", "area_leader"] == "APEC").all()


def test_peer_sets_are_stated_with_reasons_and_exist_in_the_file():
    listed = {r["org_id"] for r in raw_rows("igo-membership/CountrycodesOrgs_2020-01-29.csv")}
    assert set(organisations.CORE) | set(organisations.WIDER) <= listed
    assert not set(organisations.CORE) & set(organisations.WIDER)
    assert all(organisations.CORE.values())
    assert all(organisations.WIDER.values())
    assert "SCO" not in organisations.PEER_SETS["wider"]


def test_growth_2017_by_hand():
    def means(codes: list[str]) -> tuple[float, float]:
        rates = {c: wdi_value(GROWTH, c, 2017) for c in codes}
        gdp = {c: wdi_value(GDP, c, 2017) for c in codes}
        return sum(rates.values()) / len(codes), sum(rates[c] * gdp[c] for c in codes) / sum(gdp.values())

    table = organisations.growth_table(QINGDAO, 2017).set_index(["window", "org_id"])
    for org, codes in [("SCO", MEMBERS_2018), ("SAARC", SAARC)]:
        simple, weighted = means(codes)
        assert table.loc[("2017", org), "simple"] == pytest.approx(simple)
        assert table.loc[("2017", org), "weighted"] == pytest.approx(weighted)
    verdicts = organisations.growth_verdicts(QINGDAO, 2017).set_index(["peer_set", "extent", "window", "mean"])
    row = verdicts.loc[("core", "members", "2017", "weighted")]
    assert row["best_other"] == "SAARC"
    assert row["margin_pp"] == pytest.approx(means(MEMBERS_2018)[1] - means(SAARC)[1])
    assert row["verdict"] == "level with SAARC"  # 0.2 points behind: within the 0.5-point threshold
    assert row["sco_rank"] == 2


def test_growth_window_is_the_mean_of_annual_means():
    years = range(2013, 2018)
    by_year = [sum(wdi_value(GROWTH, c, y) for c in MEMBERS_2018) / 8 for y in years]
    table = organisations.growth_table(QINGDAO, 2017).set_index(["window", "org_id"])
    assert table.loc[("2013-2017", "SCO"), "simple"] == pytest.approx(sum(by_year) / 5)
    assert table.loc[("2013-2017", "SCO"), "missing_count"] == 0


def test_standing_thresholds():
    frame = pd.DataFrame(
        {
            "k": ["a", "a", "b", "b", "c", "c"],
            "org_id": ["SCO", "X", "SCO", "X", "SCO", "X"],
            "is_sco": [True, False] * 3,
            "value": [104.0, 100.0, 106.0, 100.0, 90.0, 100.0],
        }
    )
    out = organisations.sco_standing(frame, ["k"], "largest", 5.0, relative=True).set_index("k")
    assert out["verdict"].tolist() == ["level with X", "largest", "behind X"]
    assert out["leader"].tolist() == ["SCO", "SCO", "X"]
    assert out["sco_rank"].tolist() == [1, 1, 2]
    points = organisations.sco_standing(frame, ["k"], "most dynamic", 5.0, relative=False).set_index("k")
    assert points["margin"].tolist() == [4.0, 6.0, -10.0]
    assert points["verdict"].tolist() == ["level with X", "most dynamic", "behind X"]
