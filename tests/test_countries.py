"""The one country-code table maps every SCO-related country in every source."""

from __future__ import annotations

import pytest
from conftest import raw_rows

from sco_analysis import countries, events


def sco_related() -> list[str]:
    return sorted(set(events.table()["iso3"]))


def test_table_is_unique_and_covers_wdi():
    codes = countries.country_codes()
    assert not codes["wb_code"].duplicated().any()
    economies = codes.loc[codes["kind"] == "country"]
    assert not economies["iso3"].duplicated().any()
    assert not economies["iso2"].duplicated().any()
    wdi_codes = {r["Country Code"] for r in raw_rows("wdi/sp.pop.totl.csv")}
    assert set(codes["wb_code"]) == wdi_codes
    assert len(economies) == 217  # the World Bank's 217 economies


@pytest.mark.parametrize(
    "relpath",
    [
        "wdi/sp.pop.totl.csv",
        "wdi/ny.gdp.mktp.cd.csv",
        "wdi/ny.gdp.mktp.kd.zg.csv",
        "datahub-population/population.csv",
        "datahub-gdp/gdp.csv",
    ],
)
def test_every_sco_country_is_in_each_world_bank_file(relpath):
    present = {r["Country Code"] for r in raw_rows(relpath)}
    assert set(sco_related()) <= present


def test_every_sco_country_maps_to_the_2021_vintage_iso2():
    codes = countries.country_codes().set_index("iso3")
    present = {r["ISO"] for r in raw_rows("wb-gdp-growth-2021-vintage/GDP_PCT_A.csv")}
    assert {codes.loc[c, "iso2"] for c in sco_related()} <= present


def test_every_sco_country_maps_to_its_imf_name():
    codes = countries.country_codes().set_index("iso3")
    names = {r["partner"] for r in raw_rows("imf-dots/china_exports_fob_by_partner.csv")}
    names |= {r["reporter"] for r in raw_rows("imf-dots/imports_cif_from_china_by_reporter.csv")}
    names |= {r["reporter"] for r in raw_rows("imf-dots/china_exports_fob_by_partner.csv")}
    for code in sco_related():
        assert codes.loc[code, "imf_name"] in names, code
    assert codes.loc["KGZ", "imf_name"] == "Kyrgyz Rep."
    assert codes.loc["CHN", "imf_name"] == "China, P.R.: Mainland"
