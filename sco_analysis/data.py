"""Loaders: read each vendored file in data/ (verified against the manifest) into a tidy, ISO3-keyed long frame.

This is the only module that parses a source file; source names and codes stay here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import schema
from .countries import CODES_FILE, countries, country_codes, imf_codes
from .errors import DataIntegrityError, ValidationError, did_you_mean
from .manifest import verified_path
from .store import stored

# --- World Bank indicators ------------------------------------------------------------------------------------

INDICATORS = {
    "population": "SP.POP.TOTL",
    "gdp": "NY.GDP.MKTP.CD",
    "gdp_growth": "NY.GDP.MKTP.KD.ZG",
    "merch_exports": "TX.VAL.MRCH.CD.WT",
    "merch_imports": "TM.VAL.MRCH.CD.WT",
    "energy_use_per_person": "EG.USE.PCAP.KG.OE",  # kg of oil equivalent
    "net_energy_imports": "EG.IMP.CONS.ZS",  # % of energy use; negative for a net exporter
    "land_area": "AG.LND.TOTL.K2",  # km², without inland water
    "surface_area": "AG.SRF.TOTL.K2",  # km², with inland water and some coastal waterways
}
# the 2026 WDI release came as three folders of one commit
WDI_FOLDERS = dict.fromkeys(("energy_use_per_person", "net_energy_imports"), "wdi-energy") | dict.fromkeys(
    ("land_area", "surface_area"), "wdi-area"
)

# vintage -> indicator -> file; one release of the World Bank data each
VINTAGES: dict[str, dict[str, str]] = {
    "wdi-2026": {name: f"{WDI_FOLDERS.get(name, 'wdi')}/{code.lower()}.csv" for name, code in INDICATORS.items()},
    "datahub-2026": {"population": "datahub-population/population.csv", "gdp": "datahub-gdp/gdp.csv"},
    "wb-2021": {"gdp_growth": "wb-gdp-growth-2021-vintage/GDP_PCT_A.csv"},
}
VINTAGE_LABELS = {
    "wdi-2026": "World Bank WDI, 2026-07 release",
    "datahub-2026": "World Bank via DataHub, 2026-03 release",
    "wb-2021": "World Bank, ~2021-01 release",
}
DEFAULT_VINTAGE = "wdi-2026"


def check_vintage(vintage: str, indicator: str | None = None) -> str:
    """Return `vintage` if it exists (and holds `indicator`), else raise naming the valid choices."""
    if vintage not in VINTAGES:
        raise ValidationError(
            f"unknown vintage {vintage!r}; valid vintages: {', '.join(VINTAGES)}."
            + did_you_mean(vintage, list(VINTAGES))
        )
    if indicator is not None:
        if indicator not in INDICATORS:
            raise ValidationError(
                f"unknown indicator {indicator!r}; valid indicators: {', '.join(INDICATORS)}."
                + did_you_mean(indicator, list(INDICATORS))
            )
        if indicator not in VINTAGES[vintage]:
            holders = [v for v, files in VINTAGES.items() if indicator in files]
            raise ValidationError(
                f"vintage {vintage!r} has no {indicator!r} data; vintages with it: {', '.join(holders)}."
            )
    return vintage


def vintage_for(indicator: str, vintage: str) -> str:
    """`vintage` if it holds the indicator, else the default release (a vintage may hold only some indicators)."""
    check_vintage(vintage)
    return vintage if indicator in VINTAGES[vintage] else DEFAULT_VINTAGE


def _read_wb_long(path: Path) -> pd.DataFrame:
    """WDI / DataHub long CSV -> wb_code, wb_name, year, value."""
    return pd.read_csv(
        path, dtype={"Country Name": "string", "Country Code": "string", "Year": "int64", "Value": "float64"}
    ).rename(columns={"Country Name": "wb_name", "Country Code": "wb_code", "Year": "year", "Value": "value"})


@lru_cache(maxsize=1)
def wb_2021_raw() -> pd.DataFrame:
    """The 2021-vintage growth file as strings: ISO2 codes, and "NA" both for Namibia and for a missing value."""
    return pd.read_csv(verified_path(VINTAGES["wb-2021"]["gdp_growth"]), dtype="string", keep_default_na=False)


def _read_wb_2021() -> pd.DataFrame:
    """The 2021-vintage growth file, tidy: values numeric (a literal "NA" value is missing), Namibia kept."""
    raw = wb_2021_raw()
    economies = countries()
    iso2_to_wb = dict(zip(economies["iso2"], economies["wb_code"], strict=True))
    iso2_to_wb["1W"] = "WLD"  # the vintage's own World code
    return (
        raw.assign(
            wb_code=raw["ISO"].map(iso2_to_wb).astype("string"),
            value=pd.to_numeric(raw["VALUE"], errors="coerce"),
            year=raw["YEAR"].astype("int64"),
        )
        .rename(columns={"COUNTRY": "wb_name"})
        .assign(wb_code=lambda d: d["wb_code"].fillna("~" + d["ISO"]))[  # unmapped aggregates keep their code
            ["wb_code", "wb_name", "year", "value"]
        ]
    )


def _indicator_files(indicator: str, vintage: str) -> list[str]:
    check_vintage(vintage, indicator)
    return [VINTAGES[vintage][indicator], CODES_FILE]


@lru_cache(maxsize=32)
@stored(_indicator_files)
def indicator_table(indicator: str, vintage: str) -> pd.DataFrame:
    """Every row of an indicator in a vintage, countries and aggregates, with `kind` telling them apart."""
    check_vintage(vintage, indicator)
    raw = _read_wb_2021() if vintage == "wb-2021" else _read_wb_long(verified_path(VINTAGES[vintage][indicator]))
    codes = country_codes()[["wb_code", "iso3", "kind"]]
    return (
        raw.merge(codes, on="wb_code", how="left", validate="many_to_one")
        .assign(
            kind=lambda d: d["kind"].fillna("aggregate"),
            iso3=lambda d: d["iso3"].fillna(""),
            indicator=indicator,
            vintage=vintage,
        )
        .dropna(subset=["value"])
        .sort_values(["wb_code", "year"], kind="stable")
        .reset_index(drop=True)
    )


@lru_cache(maxsize=32)
def indicator(indicator: str, vintage: str = DEFAULT_VINTAGE) -> pd.DataFrame:
    """Countries only (no aggregates): iso3, country, year, indicator, value, vintage; missing values dropped; the
    values data/curated/indicator_corrections.csv corrects (each from a cited official figure) replaced."""
    table = (
        indicator_table(indicator, vintage)
        .loc[lambda d: d["kind"] == "country"]
        .rename(columns={"wb_name": "country"})[["iso3", "country", "year", "indicator", "value", "vintage"]]
        .reset_index(drop=True)
    )
    fixes = corrections().loc[lambda c: c["indicator"] == indicator]
    if fixes.empty:
        return table
    spans = table.merge(fixes, on=["iso3", "indicator"], how="left", validate="many_to_one", suffixes=("", "_fixed"))
    due = spans["year"].between(spans["first_year"], spans["last_year"])
    return table.assign(value=spans["value_fixed"].where(due, table["value"]))


CORRECTIONS_FILE = "curated/indicator_corrections.csv"


@lru_cache(maxsize=1)
def corrections() -> pd.DataFrame:
    """The cited corrections of a source's values: iso3, indicator, first_year, last_year, value (and citation)."""
    raw = read_curated(CORRECTIONS_FILE)
    return raw.assign(
        first_year=raw["first_year"].astype("int64"),
        last_year=raw["last_year"].astype("int64"),
        value=raw["value"].astype("float64"),
    )


@lru_cache(maxsize=32)
def aggregates(indicator: str, vintage: str = DEFAULT_VINTAGE) -> pd.DataFrame:
    """The aggregate rows kept apart (WLD, EAS, HIC, ...): code, name, year, indicator, value, vintage."""
    return (
        indicator_table(indicator, vintage)
        .loc[lambda d: d["kind"] == "aggregate"]
        .rename(columns={"wb_code": "code", "wb_name": "name"})[
            ["code", "name", "year", "indicator", "value", "vintage"]
        ]
        .reset_index(drop=True)
    )


@lru_cache(maxsize=32)
def world(indicator: str, vintage: str = DEFAULT_VINTAGE) -> pd.Series:
    """The WLD row of an indicator, indexed by year."""
    agg = aggregates(indicator, vintage)
    return agg.loc[agg["code"] == "WLD"].set_index("year")["value"].rename(f"world {indicator}")


# --- IMF Direction of Trade -----------------------------------------------------------------------------------

DOTS_FILES = {
    "china_exports": "imf-dots/china_exports_fob_by_partner.csv",
    "china_imports": "imf-dots/china_imports_cif_by_partner.csv",
    "exports_to_china": "imf-dots/exports_fob_to_china_by_reporter.csv",
    "imports_from_china": "imf-dots/imports_cif_from_china_by_reporter.csv",
    "intra_exports": "imf-dots/sco_intra_exports_fob.csv",
    "intra_imports": "imf-dots/sco_intra_imports_cif.csv",
}


@lru_cache(maxsize=8)
def dots_raw(flow: str) -> pd.DataFrame:
    if flow not in DOTS_FILES:
        raise ValidationError(f"unknown DOTS flow {flow!r}; valid flows: {', '.join(DOTS_FILES)}.")
    return pd.read_csv(
        verified_path(DOTS_FILES[flow]),
        dtype={
            "reporter": "string",
            "partner": "string",
            "year": "int64",
            "value": "float64",
            "estimated": "string",
            "indicator": "string",
            "unit": "string",
        },
        keep_default_na=False,
        na_values={"value": [""]},
    )


def dots_duplicates(flow: str) -> int:
    """How many rows of a DOTS file repeat an earlier (reporter, partner, year) row: they are dropped on load."""
    return int(dots_raw(flow).duplicated(["reporter", "partner", "year"]).sum())


def dots_conflicts(flow: str) -> int:
    """How many (reporter, partner, year) keys appear more than once with different values (must be 0)."""
    raw = dots_raw(flow).drop_duplicates()
    return int(raw.duplicated(["reporter", "partner", "year"]).sum())


def _dots_files(flow: str) -> list[str]:
    if flow not in DOTS_FILES:
        raise ValidationError(f"unknown DOTS flow {flow!r}; valid flows: {', '.join(DOTS_FILES)}.")
    return [DOTS_FILES[flow], CODES_FILE]


@lru_cache(maxsize=8)
@stored(_dots_files)
def dots(flow: str) -> pd.DataFrame:
    """A DOTS flow, de-duplicated: reporter, partner (ISO3, WLD for World, '' if unmapped), names, year,
    value_musd, estimated (bool)."""
    raw = dots_raw(flow)
    if dots_conflicts(flow):
        raise DataIntegrityError(
            f"data/{DOTS_FILES[flow]}: {dots_conflicts(flow)} (reporter, partner, year) keys "
            "repeat with different values; the source cannot be de-duplicated safely."
        )
    imf = imf_codes(country_codes())
    to_iso3 = dict(zip(imf["imf_name"], imf["code"], strict=True))
    return (
        raw.drop_duplicates(["reporter", "partner", "year"])
        .assign(
            reporter_iso3=lambda d: d["reporter"].map(to_iso3).fillna("").astype("string"),
            partner_iso3=lambda d: d["partner"].map(to_iso3).fillna("").astype("string"),
            estimated=lambda d: d["estimated"].str.strip().eq("e"),
            flow=flow,
        )
        .rename(columns={"reporter": "reporter_name", "partner": "partner_name", "value": "value_musd"})[
            [
                "reporter_iso3",
                "partner_iso3",
                "reporter_name",
                "partner_name",
                "year",
                "value_musd",
                "estimated",
                "flow",
            ]
        ]
        .reset_index(drop=True)
    )


# --- curated tables ----------------------------------------------------------------------------------------------


def read_curated(relpath: str) -> pd.DataFrame:
    """A table of data/ with a schema (the curated tables, the event and summit tables), checked against it
    (schema.py), as strings; the owning module types it and checks what spans rows."""
    return read_table(verified_path(relpath), relpath.removesuffix(".csv"))


def read_table(path: Path, table: str) -> pd.DataFrame:
    """Any CSV of a table in data/schema.csv (a claims registry may live anywhere), checked, as strings."""
    schema.read_checked(path, table)
    frame = pd.read_csv(path, dtype="string", keep_default_na=False)
    # an optional column the file leaves out reads as empty, so every frame of a table has the schema's columns
    return frame.reindex(columns=[c.name for c in schema.columns(table)], fill_value="").astype("string")
