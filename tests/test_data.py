"""Vendored data: integrity against the manifest, tidy loaders, aggregates kept apart, source pitfalls handled."""

from __future__ import annotations

import hashlib

import pytest
from conftest import DATA, MEMBERS_2018, raw_rows, wdi_value

from sco_analysis import data, manifest, schema
from sco_analysis.errors import DataIntegrityError, ValidationError


def test_every_vendored_file_is_in_the_manifest_with_its_hash_and_every_other_has_a_schema():
    listed = {r["path"]: r for r in raw_rows("manifest.csv")}
    on_disk = {
        f"data/{p.relative_to(DATA).as_posix()}"
        for p in DATA.rglob("*")
        if p.is_file() and p.name not in {"manifest.csv", "SOURCE.md", "README.md"}
    }
    own = {f"data/{rel}" for rel in manifest.project_files()}
    assert set(listed) | own == on_disk
    assert not set(listed) & own
    assert all(p.split("/")[1] not in {"curated", "claims"} for p in listed)  # written by the project: no hash
    tables = {r["table"] for r in raw_rows("schema.csv")}
    csvs = [p.removeprefix("data/") for p in own if p.endswith(".csv") and p != "data/schema.csv"]
    for rel in csvs:
        kind = rel.rsplit("/", 1)[-1][:-4] if rel.startswith("claims/") else rel[:-4]
        assert kind in tables, f"data/{rel} has no schema in data/schema.csv"
    assert schema.check_all() == len(csvs)
    for path, row in listed.items():
        blob = (DATA.parent / path).read_bytes()
        assert hashlib.sha256(blob).hexdigest() == row["sha256"], path
        assert len(blob) == int(row["bytes"]), path
        assert row["source_repository"], path
    assert manifest.verify_all() == len(listed)


def test_each_vendored_folder_keeps_its_provenance():
    for folder in [
        "wdi",
        "datahub-population",
        "datahub-gdp",
        "wb-gdp-growth-2021-vintage",
        "imf-dots",
        "sco-timeline",
    ]:
        text = (DATA / folder / "SOURCE.md").read_text(encoding="utf-8")
        assert "Licence" in text, folder


def test_one_changed_byte_names_file_hashes_and_fix(data_copy):
    target = data_copy / "wdi" / "sp.pop.totl.csv"
    blob = bytearray(target.read_bytes())
    blob[100] = ord("7") if blob[100] != ord("7") else ord("8")
    target.write_bytes(bytes(blob))
    expected = next(r["sha256"] for r in raw_rows("manifest.csv") if r["path"] == "data/wdi/sp.pop.totl.csv")
    found = hashlib.sha256(bytes(blob)).hexdigest()
    with pytest.raises(DataIntegrityError) as err:
        data.indicator("population")
    message = str(err.value)
    assert "wdi/sp.pop.totl.csv" in message
    assert expected in message
    assert found in message
    assert "git checkout -- data/wdi/sp.pop.totl.csv" in message


def test_missing_file_names_the_fix(data_copy):
    (data_copy / "imf-dots" / "china_exports_fob_by_partner.csv").unlink()
    with pytest.raises(
        DataIntegrityError,
        match=r"china_exports_fob_by_partner\.csv is missing.*git checkout -- "
        r"data/imf-dots/china_exports_fob_by_partner\.csv",
    ):
        data.dots("china_exports")


def test_population_rows_match_the_csv_and_are_tidy():
    pop = data.indicator("population")
    assert list(pop.columns) == ["iso3", "country", "year", "indicator", "value", "vintage"]
    got = pop.loc[(pop["year"] == 2017) & pop["iso3"].isin(MEMBERS_2018)].set_index("iso3")["value"]
    for code in MEMBERS_2018:
        assert got[code] == wdi_value("wdi/sp.pop.totl.csv", code, 2017)
    assert got["CHN"] == 1_396_215_000  # SOURCE.md check figure


def test_aggregates_are_kept_apart_from_countries():
    pop = data.indicator("population")
    agg = data.aggregates("population")
    assert not pop["iso3"].isin(["WLD", "EAS", "HIC", "SAS", "EUU"]).any()
    assert {"WLD", "EAS", "HIC", "SAS", "EUU"} <= set(agg["code"])
    assert data.world("population")[2017] == 7_613_788_655  # SOURCE.md check figure
    # countries alone add up to the world less economies the WB lists in WLD but not as rows (Taiwan, ~23.6 m,
    # 0.3 %): an aggregate slipping in would push this far above 1
    countries_2017 = pop.loc[pop["year"] == 2017, "value"].sum()
    assert 0.995 < countries_2017 / data.world("population")[2017] < 1.0


def test_2021_vintage_reads_namibia_and_missing_values():
    growth = data.indicator("gdp_growth", "wb-2021")
    nam = next(
        r for r in raw_rows("wb-gdp-growth-2021-vintage/GDP_PCT_A.csv") if r["ISO"] == "NA" and r["YEAR"] == "2016"
    )
    got = growth.loc[(growth["iso3"] == "NAM") & (growth["year"] == 2016), "value"].item()
    assert got == pytest.approx(float(nam["VALUE"]))
    chn = growth.loc[(growth["iso3"] == "CHN") & (growth["year"] == 2016), "value"].item()
    assert chn == pytest.approx(6.849, abs=5e-4)  # SOURCE.md check figure
    assert data.world("gdp_growth", "wb-2021")[2016] == pytest.approx(2.606, abs=5e-4)
    assert growth["value"].notna().all()  # the literal "NA" values became missing and were dropped


def test_dots_duplicates_are_dropped_once():
    raw = raw_rows("imf-dots/china_exports_fob_by_partner.csv")
    keys = [(r["reporter"], r["partner"], r["year"]) for r in raw]
    assert len(keys) - len(set(keys)) == data.dots_duplicates("china_exports") == 44
    table = data.dots("china_exports")
    assert not table.duplicated(["reporter_iso3", "partner_name", "year"]).any()
    russia_2017 = table.loc[(table["partner_iso3"] == "RUS") & (table["year"] == 2017), "value_musd"].item()
    assert russia_2017 == pytest.approx(43_321.2, abs=0.05)  # SOURCE.md check figure
    row = [r for r in raw if r["partner"] == "Russian Federation" and r["year"] == "2017"]
    assert russia_2017 == float(row[0]["value"])
    assert data.dots_conflicts("china_exports") == 0


def test_estimated_cells_stay_distinguishable():
    mirror = data.dots("imports_from_china")
    flagged = sum(r["estimated"].strip() == "e" for r in raw_rows("imf-dots/imports_cif_from_china_by_reporter.csv"))
    assert flagged == 1001  # SOURCE.md
    assert 0 < mirror["estimated"].sum() <= flagged


@pytest.mark.parametrize(
    ("vintage", "indicator", "message"),
    [
        (
            "wdi-2025",
            "population",
            r"unknown vintage 'wdi-2025'; valid vintages: wdi-2026, datahub-2026, wb-2021\. "
            r"Did you mean 'wdi-2026'\?",
        ),
        (
            "wb-2021",
            "population",
            r"vintage 'wb-2021' has no 'population' data; vintages with it: wdi-2026, datahub-2026",
        ),
        ("wdi-2026", "gpd", r"unknown indicator 'gpd'.*Did you mean 'gdp'\?"),
    ],
)
def test_bad_vintage_or_indicator_lists_the_choices(vintage, indicator, message):
    with pytest.raises(ValidationError, match=message):
        data.indicator(indicator, vintage)


def test_a_broken_project_table_stops_the_build_before_any_kernel(data_copy, tmp_path):
    from conftest import cli

    path = data_copy / "curated" / "statuses.csv"
    broken = path.read_text(encoding="utf-8").replace("member,members,1,", "member,members,first,", 1)
    path.write_text(broken, encoding="utf-8")
    result = cli("build", env={"SCO_DATA_DIR": str(data_copy), "SCO_REPORTS_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "data/curated/statuses.csv, line 3, column 'rank': 'first' is not a whole number." in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.rglob("*.html"))
