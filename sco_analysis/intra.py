"""Trade among the SCO states from IMF DOTS: the exporter x importer matrix as reported, with gaps filled from the
importer's mirror report and marked."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import data, membership, summits
from .errors import ValidationError


def matrix(year: int, members: Iterable[str] | None = None) -> pd.DataFrame:
    """Exports among SCO states (US$ m), reporter x partner, as reported; NaN where the reporter did not report."""
    codes = (
        list(members) if members is not None else membership.members_as_of(summits.council_of_year(year)["end_date"])
    )
    table = data.dots("intra_exports")
    return (
        table.loc[(table["year"] == int(year)) & table["reporter_iso3"].isin(codes) & table["partner_iso3"].isin(codes)]
        .pivot_table(index="reporter_iso3", columns="partner_iso3", values="value_musd", aggfunc="sum")
        .reindex(index=codes, columns=codes)
        .rename_axis(index="exporter", columns="importer")
    )


def matrix_filled(year: int, members: Iterable[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The export matrix with gaps filled from the partner's mirror imports (CIF), and a mask of filled cells."""
    reported = matrix(year, members)
    codes = list(reported.index)
    imports = data.dots("intra_imports")
    mirror = (
        imports.loc[
            (imports["year"] == int(year)) & imports["reporter_iso3"].isin(codes) & imports["partner_iso3"].isin(codes)
        ]
        # the importer's imports from the exporter stand in for the exporter's missing exports
        .pivot_table(index="partner_iso3", columns="reporter_iso3", values="value_musd", aggfunc="sum")
        .reindex(index=codes, columns=codes)
    )
    filled = reported.isna() & mirror.notna()
    return reported.fillna(mirror).rename_axis(index="exporter", columns="importer"), filled


def note(year: int) -> str:
    """'' if the matrix can be drawn for `year`, else a sentence saying why not (no council that year)."""
    try:
        summits.council_of_year(year)
    except ValidationError as exc:
        return f"No matrix for {year}: the members are taken at that year's Heads of State Council, and {exc}"
    return ""
