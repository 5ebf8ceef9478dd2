"""Build data/country_codes.csv: one row per World Bank economy or aggregate, with ISO3, ISO2, WB code and IMF name.

Run after vendoring: `python scripts/build_country_codes.py` (needs the dev extra for pycountry).
ISO 3166 comes from pycountry; WB codes and names from the vendored WDI population file; IMF names from the vendored
DOTS files (an IMF name is matched by its ISO3 through IMF_NAMES below, or by an exact WB name, else left blank).
A WB code that is not an ISO 3166 country (WLD, EAS, HIC, ...) is an aggregate, except the two WB economies below.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pycountry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# WB economies that are not ISO 3166 entries: code -> ISO2 the WB uses for them
WB_ECONOMIES_NOT_ISO = {"XKX": "XK", "CHI": "JG"}
# IMF DOTS spellings, by ISO3 (every SCO-related state, plus a few large partners used in the reports)
IMF_NAMES = {
    "AFG": "Afghanistan, Islamic Rep. of",
    "ARE": "United Arab Emirates",
    "ARM": "Armenia, Rep. of",
    "AZE": "Azerbaijan, Rep. of",
    "BHR": "Bahrain, Kingdom of",
    "BLR": "Belarus, Rep. of",
    "CHN": "China, P.R.: Mainland",
    "EGY": "Egypt, Arab Rep. of",
    "HKG": "China, P.R.: Hong Kong",
    "IND": "India",
    "IRN": "Iran, Islamic Rep. of",
    "KAZ": "Kazakhstan, Rep. of",
    "KGZ": "Kyrgyz Rep.",
    "KHM": "Cambodia",
    "KWT": "Kuwait",
    "LAO": "Lao People's Dem. Rep.",
    "LKA": "Sri Lanka",
    "MAC": "China, P.R.: Macao",
    "MDV": "Maldives",
    "MMR": "Myanmar",
    "MNG": "Mongolia",
    "NPL": "Nepal",
    "PAK": "Pakistan",
    "QAT": "Qatar",
    "RUS": "Russian Federation",
    "SAU": "Saudi Arabia",
    "TJK": "Tajikistan, Rep. of",
    "TKM": "Turkmenistan",
    "TUR": "Turkey",
    "UZB": "Uzbekistan, Rep. of",
    "USA": "United States",
    "JPN": "Japan",
    "KOR": "Korea, Rep. of",
    "DEU": "Germany",
    "WLD": "World",
}


def imf_names() -> set[str]:
    """Every country name that occurs in the vendored DOTS files."""
    names: set[str] = set()
    for path in (DATA / "imf-dots").glob("*.csv"):
        frame = pd.read_csv(path, usecols=["reporter", "partner"], dtype="string")
        names |= set(frame["reporter"].dropna()) | set(frame["partner"].dropna())
    return names


def build() -> pd.DataFrame:
    """The code table as a frame."""
    wb = (
        pd.read_csv(DATA / "wdi" / "sp.pop.totl.csv", dtype={"Country Code": "string", "Country Name": "string"})
        .drop_duplicates("Country Code")[["Country Code", "Country Name"]]
        .rename(columns={"Country Code": "wb_code", "Country Name": "wb_name"})
    )
    known_imf = imf_names()

    def iso2(code: str) -> str:
        if code in WB_ECONOMIES_NOT_ISO:
            return WB_ECONOMIES_NOT_ISO[code]
        entry = pycountry.countries.get(alpha_3=code)
        return entry.alpha_2 if entry else ""

    table = wb.assign(
        iso2=lambda d: d["wb_code"].map(iso2),
        kind=lambda d: d["iso2"].map(lambda s: "country" if s else "aggregate"),
        iso3=lambda d: d["wb_code"].where(d["kind"].eq("country"), ""),
        imf_name=lambda d: [
            IMF_NAMES.get(c, n if n in known_imf else "") for c, n in zip(d["wb_code"], d["wb_name"], strict=True)
        ],
    )
    missing = sorted(set(IMF_NAMES.values()) - known_imf)
    if missing:
        raise SystemExit(f"IMF names not found in data/imf-dots: {missing}")
    return table[["iso3", "iso2", "wb_code", "wb_name", "imf_name", "kind"]].sort_values(["kind", "wb_code"])


if __name__ == "__main__":
    out = build()
    out.to_csv(DATA / "country_codes.csv", index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    print(f"country_codes.csv: {out['kind'].value_counts().to_dict()}")
