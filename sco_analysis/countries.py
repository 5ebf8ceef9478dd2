"""The one country-code table: ISO3 <-> ISO2 <-> World Bank code <-> IMF name, countries and aggregates apart."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import schema
from .manifest import verified_path

CODES_FILE = "country_codes.csv"


@lru_cache(maxsize=1)
def country_codes() -> pd.DataFrame:
    """The code table: iso3, iso2, wb_code, wb_name, imf_name, kind (country | aggregate), checked by its schema."""
    path = verified_path(CODES_FILE)
    schema.read_checked(path, CODES_FILE.removesuffix(".csv"))
    return pd.read_csv(path, dtype="string", keep_default_na=False)


def countries() -> pd.DataFrame:
    """The rows of the code table that are countries (economies), not aggregates."""
    codes = country_codes()
    return codes.loc[codes["kind"] == "country"]


def iso3_codes() -> list[str]:
    """ISO3 codes of every country in the table."""
    return countries()["iso3"].tolist()


def country_names() -> pd.Series:
    """World Bank country names by ISO3 (countries only)."""
    return countries().set_index("iso3")["wb_name"]


def imf_codes(codes: pd.DataFrame) -> pd.DataFrame:
    """A code table's IMF names with their code (the ISO3 of a country, the World Bank code of an aggregate: WLD for
    the World) and World Bank name: imf_name, code, wb_name."""
    known = codes.loc[codes["imf_name"] != ""]
    code = known["iso3"].where(known["kind"] == "country", known["wb_code"])
    return pd.DataFrame({"imf_name": known["imf_name"], "code": code, "wb_name": known["wb_name"]})
