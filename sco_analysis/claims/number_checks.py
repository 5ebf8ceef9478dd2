"""Evaluators of the numeric claims (trade, population and GDP shares, growth), through the trade and weight
analyses, for the year the articles refer to and the chosen data vintage."""

from __future__ import annotations

import pandas as pd

from .. import data, growth, partners, trade, weight
from . import readings
from .evaluation import Evaluation, Evaluator
from .registry import claim_year, reference_date


def trade_flow(key: str, growth: bool) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        year = claim_year()
        china = trade.china_trade(year, None, "china")
        mirror = trade.china_trade(year, None, "mirror")
        field = f"{key}_growth_pct" if growth else key
        others = partners.default_group(year)
        what = f"growth {year} over {year - 1}, %" if growth else f"{year}, US$ bn"
        return Evaluation(
            round(float(china[field]), 2),
            f"China-reported {key} with the other members ({', '.join(others)}), {what}; IMF DOTS",
            "data/imf-dots/china_exports_fob_by_partner.csv and china_imports_cif_by_partner.csv, "
            f"partner rows of the {len(others)} members, {year - 1}-{year}",
            f"partners' mirror figures: {mirror[field]:.2f}",
        )

    return evaluate


def share(indicator: str, group: str) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        year, used = claim_year(), data.vintage_for(indicator, vintage)
        total = weight.group_total(indicator, year, group, reference_date(), used)
        table = readings.share_sensitivity(indicator, group, 0.0, reference_date())
        years = readings.share_years()
        spread = (
            f"{table['value'].min():.1f}-{table['value'].max():.1f} % over group x year "
            f"({years[0]}-{years[-1]}) x vintage"
        )
        return Evaluation(
            round(float(total["share_pct"]), 2),
            f"{weight.group_label(group, pd.Timestamp(reference_date()))} on {reference_date()}: sum of {indicator} "
            f"{year} over the WLD row, vintage {used}",
            f"{data.VINTAGES[used][indicator]}: rows of the {int(total['countries'])} countries and WLD, {year}",
            f"other readings: {spread}",
        )

    return evaluate


def population_members(claim: pd.Series, vintage: str) -> Evaluation:
    year, used = claim_year(), data.vintage_for("population", vintage)
    total = weight.group_total("population", year, "members", reference_date(), used)
    n = int(total["countries"])
    return Evaluation(
        round(float(total["total"]) / 1e9, 3),
        f"sum of the {n} members' population {year}, bn, vintage {used}",
        f"{data.VINTAGES[used]['population']}: rows of the {n} members, {year}",
    )


def growth_mean(ratio: bool) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        last, used = int(claim["subject"]), data.vintage_for("gdp_growth", vintage)
        result = growth.average_growth("members", [last], reference_date(), used)
        value = result["simple_ratio"] if ratio else result["simple_mean"]
        table = readings.growth_sensitivity(float(claim["claimed_value"]) if not ratio else 0.0, last)
        column = "ratio_to_world" if ratio else "value"
        return Evaluation(
            round(float(value), 3),
            f"simple mean of the {int(result['countries'])} members' GDP growth in {last} (the last "
            f"year 'up to the end of {last}'){' over the world growth' if ratio else ''}, vintage {used}",
            f"{data.VINTAGES[used]['gdp_growth']}: rows of the {int(result['countries'])} members and WLD, {last}",
            f"other readings (group x span x vintage x mean): {table[column].min():.2f}-{table[column].max():.2f}",
        )

    return evaluate
