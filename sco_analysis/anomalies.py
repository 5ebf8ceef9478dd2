"""Errors inside the sources' values, found by rules rather than by eye: a surface area far above the land area
of the same country (Canada's in the 2026 WDI is 1.7 times its land), partner-side trade figures that are China's
own divided or multiplied by the IMF's CIF/FOB factor (estimates, not reports), and country values one release of
the World Bank revises by more than a few per cent against another. Each returns a tidy table for quality.py to
name, with what it does to the figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data, trade

SURFACE_OVER_LAND = 1.25  # a surface area this far above the land area counts more than inland water
# the IMF's factor between imports CIF and exports FOB where one side is estimated from the other (DOTS Yearbook 2017:
# "A CIF/FOB factor of 1.06 is currently used")
CIF_FOB_FACTOR = 1.06
FACTOR_TOLERANCE = 1e-4  # relative: a figure within this of the other side times the factor was derived from it
REVISION_SHARE = 0.05  # a country value two releases give more than 5 % apart


def surface_outliers(vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """Country-years whose surface area in the source exceeds land area by more than SURFACE_OVER_LAND times:
    iso3, country, year, surface (as filed), land, ratio, corrected (the cited value that replaces it, or NaN)."""
    filed = data.indicator_table("surface_area", vintage).loc[lambda d: d["kind"] == "country"]
    land = data.indicator("land_area", vintage)[["iso3", "year", "value"]].rename(columns={"value": "land"})
    used = data.indicator("surface_area", vintage)[["iso3", "year", "value"]].rename(columns={"value": "used"})
    table = (
        filed.rename(columns={"wb_name": "country", "value": "surface"})[["iso3", "country", "year", "surface"]]
        .merge(land, on=["iso3", "year"], how="inner", validate="one_to_one")
        .merge(used, on=["iso3", "year"], how="left", validate="one_to_one")
        .assign(ratio=lambda d: d["surface"] / d["land"])
        .loc[lambda d: d["ratio"] > SURFACE_OVER_LAND]
    )
    return table.assign(corrected=table["used"].where(table["used"] != table["surface"])).drop(columns="used")


def derived_mirrors() -> pd.DataFrame:
    """Partner-side cells (mirror) equal to China's own figure for the same flow divided (exports to China, FOB) or
    multiplied (imports from China, CIF) by the CIF/FOB factor: partner, year, flow, mirror, china, estimated."""
    flows = trade.flows()
    china = flows.loc[flows["source"] == "china", ["partner", "year", "flow", "value_musd"]]
    mirror = flows.loc[flows["source"] == "mirror", ["partner", "year", "flow", "value_musd", "estimated"]]
    both = mirror.merge(china, on=["partner", "year", "flow"], how="inner", suffixes=("", "_china"), validate="1:1")
    # China's imports are CIF: the partner's exports FOB are them / 1.06; China's exports FOB: partner imports x 1.06
    factor = np.where(both["flow"] == "imports", 1 / CIF_FOB_FACTOR, CIF_FOB_FACTOR)
    expected = both["value_musd_china"] * factor
    derived = (both["value_musd"] - expected).abs() <= FACTOR_TOLERANCE * expected.abs()
    return (
        both.loc[derived & (both["value_musd"] > 0)]
        .rename(columns={"value_musd": "mirror", "value_musd_china": "china"})[
            ["partner", "year", "flow", "mirror", "china", "estimated"]
        ]
        .reset_index(drop=True)
    )


def revisions(indicator: str, codes: list[str], first: int, last: int) -> pd.DataFrame:
    """Countries of `codes` whose value two releases (wdi-2026 against datahub-2026) give more than REVISION_SHARE
    apart in a year from `first` to `last`: iso3, country, year, wdi, datahub, difference (share)."""
    newer = data.indicator(indicator, "wdi-2026")[["iso3", "country", "year", "value"]]
    older = data.indicator(indicator, "datahub-2026")[["iso3", "year", "value"]]
    both = newer.merge(older, on=["iso3", "year"], how="inner", suffixes=("", "_datahub"), validate="1:1")
    both = both.loc[both["iso3"].isin(codes) & both["year"].between(first, last)]
    difference = both["value_datahub"] / both["value"] - 1
    return (
        both.assign(difference=difference)
        .loc[difference.abs() > REVISION_SHARE]
        .rename(columns={"value": "wdi", "value_datahub": "datahub"})
        .reset_index(drop=True)
    )
