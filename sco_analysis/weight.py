"""The SCO's weight in the world: population and GDP shares, and average growth, for any group, year and vintage.

Shares are a group's sum over the World Bank's WLD row (never over a sum of all rows, which mixes in aggregates).
Countries with no value for a year are listed, never dropped silently.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from . import data, membership
from .errors import ValidationError

GROUP_LABELS = {"members": "members", "members+observers": "members + observers",
                "all": "members + observers + dialogue partners"}


def data_years(indicator: str, vintage: str = data.DEFAULT_VINTAGE) -> list[int]:
    """Years with a World (WLD) value for the indicator in that vintage."""
    return sorted(data.world(indicator, vintage).index.tolist())


def check_year(year: int, indicator: str = "population", vintage: str = data.DEFAULT_VINTAGE) -> int:
    """`year` if the vintage has a World value for it, else an error naming the range."""
    years = data_years(indicator, vintage)
    if int(year) not in years:
        raise ValidationError(f"no {indicator} data for {year} in vintage {vintage!r}; years with data: "
                              f"{years[0]}-{years[-1]}.")
    return int(year)


def check_report_year(year: int, vintage: str = data.DEFAULT_VINTAGE) -> int:
    """A year the weight report can show: population and GDP both have it in the release it uses for them."""
    for indicator in ("population", "gdp"):
        check_year(year, indicator, data.vintage_for(indicator, vintage))
    return int(year)


def group_total(indicator: str, year: int, group: str | Iterable[str], as_of: str | pd.Timestamp,
                vintage: str = data.DEFAULT_VINTAGE) -> pd.Series:
    """A group's total for a year, the World value, the share (%), and the countries without a value."""
    data.check_vintage(vintage, indicator)
    check_year(year, indicator, vintage)
    codes = membership.resolve_group(group, as_of)
    table = data.indicator(indicator, vintage)
    values = table.loc[(table["year"] == int(year)) & table["iso3"].isin(codes)].set_index("iso3")["value"]
    missing = sorted(set(codes) - set(values.index))
    # how big the missing countries are: their value in the nearest year they have, against the group's total
    nearest = (table.loc[table["iso3"].isin(missing)]
               .assign(distance=lambda d: (d["year"] - int(year)).abs())
               .sort_values(["iso3", "distance", "year"]).groupby("iso3")["value"].first())
    world = data.world(indicator, vintage)[int(year)]
    total = values.sum()
    return pd.Series({"indicator": indicator, "year": int(year), "vintage": vintage, "countries": len(codes),
                      "total": total, "world": world, "share_pct": total / world * 100,
                      "missing": ", ".join(missing),
                      "missing_pct_of_group": nearest.sum() / (total + nearest.sum()) * 100 if missing else 0.0})


def shares(year: int, as_of: str | pd.Timestamp, vintage: str = data.DEFAULT_VINTAGE,
           groups: Iterable[str] = tuple(GROUP_LABELS)) -> pd.DataFrame:
    """Population and GDP shares of the world for each group in one year."""
    rows = []
    for group in groups:
        for indicator in ("population", "gdp"):
            if indicator in data.VINTAGES[vintage]:
                rows.append(group_total(indicator, year, group, as_of, vintage).rename(GROUP_LABELS.get(group, group)))
    return pd.DataFrame(rows).rename_axis("group").reset_index()


SCALES = {"population": (1e6, "million persons"), "gdp": (1e9, "US$ bn (current)")}


def shares_table(year: int, as_of: str | pd.Timestamp, vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """The shares of `shares()` for reading: totals in millions of persons or US$ bn, shares rounded."""
    table = shares(year, as_of, vintage)
    scale = table["indicator"].map(lambda i: SCALES[i][0])
    return (table.assign(unit=table["indicator"].map(lambda i: SCALES[i][1]),
                         total=(table["total"] / scale).round(1), world=(table["world"] / scale).round(1),
                         share_pct=table["share_pct"].round(2),
                         missing_pct_of_group=table["missing_pct_of_group"].round(2))
            [["group", "indicator", "countries", "unit", "total", "world", "share_pct", "missing",
              "missing_pct_of_group"]])


def year_end(year: int) -> pd.Timestamp:
    """31 December of a year, clipped to the dates the membership data describe."""
    first, last = membership.valid_range()
    return min(max(pd.Timestamp(f"{year}-12-31"), first), last)


def shares_over_time(first: int, last: int, vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """Shares by year, each year's groups as they stood on 31 December (so joins and upgrades show as steps)."""
    rows = []
    for year in range(first, last + 1):  # one small aggregation per year; membership differs by year
        for group in GROUP_LABELS:
            for indicator in ("population", "gdp"):
                if indicator in data.VINTAGES[vintage] and year in data_years(indicator, vintage):
                    total = group_total(indicator, year, group, year_end(year), vintage)
                    rows.append({"year": year, "group": GROUP_LABELS[group], "indicator": indicator,
                                 "share_pct": total["share_pct"], "missing": total["missing"]})
    return pd.DataFrame(rows)


def growth_panel(codes: list[str], years: list[int], vintage: str) -> pd.DataFrame:
    """Growth (%) and GDP weight (current US$) per country and year; weights from the same years, taken from the
    vintage's own GDP release or, where it has none, the default one."""
    growth = data.indicator("gdp_growth", vintage)
    weights = data.indicator("gdp", data.vintage_for("gdp", vintage))
    return (growth.loc[growth["iso3"].isin(codes) & growth["year"].isin(years), ["iso3", "year", "value"]]
            .rename(columns={"value": "growth"})
            .merge(weights[["iso3", "year", "value"]].rename(columns={"value": "gdp"}), on=["iso3", "year"],
                   how="left", validate="one_to_one"))


def average_growth(group: str | Iterable[str], years: Iterable[int], as_of: str | pd.Timestamp,
                   vintage: str = data.DEFAULT_VINTAGE) -> pd.Series:
    """Mean GDP growth over the years: simple (each country counts once) and GDP-weighted, the world's, the ratios."""
    data.check_vintage(vintage, "gdp_growth")
    years = [int(y) for y in years]
    available = data_years("gdp_growth", vintage)
    bad = [y for y in years if y not in available]
    if bad:
        raise ValidationError(f"no GDP growth data for {bad} in vintage {vintage!r}; years with data: "
                              f"{available[0]}-{available[-1]}.")
    codes = membership.resolve_group(group, as_of)
    panel = growth_panel(codes, years, vintage)
    by_year = panel.groupby("year").apply(
        lambda d: pd.Series({"simple": d["growth"].mean(),
                             "weighted": np.average(d["growth"], weights=d["gdp"].fillna(0))
                             if d["gdp"].fillna(0).sum() > 0 else np.nan}), include_groups=False)
    world = data.world("gdp_growth", vintage).reindex(years)
    missing = sorted({(c, y) for c in codes for y in years} - set(zip(panel["iso3"], panel["year"])))
    simple, weighted, world_mean = by_year["simple"].mean(), by_year["weighted"].mean(), world.mean()
    return pd.Series({"years": f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]),
                      "countries": len(codes), "simple_mean": simple, "weighted_mean": weighted,
                      "world": world_mean, "simple_ratio": simple / world_mean, "weighted_ratio": weighted / world_mean,
                      "missing": ", ".join(f"{c} {y}" for c, y in missing)})


def growth_by_year(first: int, last: int, vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """Members' simple and GDP-weighted mean growth against the world, year by year (members as on 31 December)."""
    rows = [average_growth("members", [year], year_end(year), vintage).rename(year) for year in range(first, last + 1)]
    return pd.DataFrame(rows).rename_axis("year").reset_index()
