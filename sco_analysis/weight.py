"""The SCO's weight in the world: population and GDP shares, and average growth, for any group, year and vintage.

Shares are a group's sum over the World Bank's WLD row (never over a sum of all rows, which mixes in aggregates).
Countries with no value for a year are listed, never dropped silently.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

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


def group_codes(group: str | Iterable[str], as_of: str | dt.date | pd.Timestamp) -> list[str]:
    """ISO3 codes of a status group on a date, or the given ISO3 codes."""
    return membership.resolve_group(group, as_of)


def group_total(indicator: str, year: int, group: str | Iterable[str], as_of: str | pd.Timestamp,
                vintage: str = data.DEFAULT_VINTAGE) -> pd.Series:
    """A group's total for a year, the World value, the share (%), and the countries without a value."""
    data.check_vintage(vintage, indicator)
    check_year(year, indicator, vintage)
    codes = group_codes(group, as_of)
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
    """Growth (%) and GDP weight (current US$, WDI) per country and year; weights from the same years."""
    growth = data.indicator("gdp_growth", vintage)
    weights = data.indicator("gdp", "wdi-2026")
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
    codes = group_codes(group, as_of)
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


# --- sensitivity: every reasonable reading of a claim -------------------------------------------------------

SHARE_READINGS = {"years": (2016, 2017, 2018), "vintages": ("wdi-2026", "datahub-2026")}
GROWTH_SPANS = {"2016 only": [2016], "2012-2016 (5 years)": list(range(2012, 2017)),
                "2007-2016 (10 years)": list(range(2007, 2017)), "2001-2016 (since founding)": list(range(2001, 2017))}
GROUP_DATES = {"members at Qingdao (2018-06-09)": "2018-06-09", "members at end-2016": "2016-12-31"}


@lru_cache(maxsize=32)
def share_sensitivity(indicator: str, group: str, claimed: float, as_of: str = "2018-06-09") -> pd.DataFrame:
    """A share claim under every reading: group x year x vintage, with the gap to the claim; `stated` marks the
    group the article names."""
    rows = []
    for g in GROUP_LABELS:
        for year in SHARE_READINGS["years"]:
            for vintage in SHARE_READINGS["vintages"]:
                if indicator not in data.VINTAGES[vintage] or year not in data_years(indicator, vintage):
                    continue
                total = group_total(indicator, year, g, as_of, vintage)
                rows.append({"group": GROUP_LABELS.get(g, g), "stated": g == group, "year": year, "vintage": vintage,
                             "value": total["share_pct"], "claimed": claimed,
                             "gap": total["share_pct"] - claimed})
    return _mark_closest(pd.DataFrame(rows))


@lru_cache(maxsize=8)
def growth_sensitivity(claimed: float = 4.84) -> pd.DataFrame:
    """'Average member growth to end-2016' under every reading: group x span x vintage x mean."""
    rows = []
    for group_label, as_of in GROUP_DATES.items():
        for span_label, years in GROWTH_SPANS.items():
            for vintage in ("wdi-2026", "wb-2021"):
                result = average_growth("members", years, as_of, vintage)
                for mean in ("simple", "weighted"):
                    rows.append({"group": group_label, "span": span_label, "vintage": vintage, "mean": mean,
                                 "value": result[f"{mean}_mean"], "world": result["world"],
                                 "ratio_to_world": result[f"{mean}_ratio"], "claimed": claimed,
                                 "gap": result[f"{mean}_mean"] - claimed})
    return _mark_closest(pd.DataFrame(rows))


def _mark_closest(table: pd.DataFrame) -> pd.DataFrame:
    """Flag the reading closest to the claim."""
    return table.assign(closest=lambda t: t["gap"].abs().eq(t["gap"].abs().min()))


def closest_readings(as_of: str | pd.Timestamp) -> pd.DataFrame:
    """For each weight claim of the articles: the reading closest to it and the range over all readings."""
    tables = {"43 % of world population (members)": share_sensitivity("population", "members", 43.0, as_of),
              "40 % of world population (all three groups)": share_sensitivity("population", "all", 40.0, as_of),
              "20 % of the world economy (all three groups)": share_sensitivity("gdp", "all", 20.0, as_of),
              "4.84 % average growth of the members to end-2016": growth_sensitivity(4.84)}
    rows = []
    for claim, table in tables.items():
        best = table.loc[table["closest"]].iloc[0]
        reading = ", ".join(str(best[c]) for c in ("group", "year", "span", "vintage", "mean") if c in table.columns)
        rows.append({"claim": claim, "closest reading": reading, "value": round(float(best["value"]), 2),
                     "lowest": round(float(table["value"].min()), 2), "highest": round(float(table["value"].max()), 2)})
    return pd.DataFrame(rows)
