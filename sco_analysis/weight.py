"""The SCO's weight in the world: a group's population and GDP as shares of the world's, for any group, year,
membership date and data vintage.

Shares are a group's sum over the World Bank's WLD row (never over a sum of all rows, which mixes in aggregates).
Countries with no value for a year are listed, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from . import data, events, groups, membership
from .errors import ValidationError

WEIGHT_GROUPS = ("members", "members+observers", "all")
INDICATORS = ("population", "gdp")
SCALES = {"population": (1e6, "million persons"), "gdp": (1e9, "US$ bn (current)")}


def data_years(indicator: str, vintage: str = data.DEFAULT_VINTAGE) -> list[int]:
    """Years with a World (WLD) value for the indicator in that vintage."""
    return sorted(data.world(indicator, vintage).index.tolist())


def check_year(year: int, indicator: str = "population", vintage: str = data.DEFAULT_VINTAGE) -> int:
    """`year` if the vintage has a World value for it, else an error naming the range."""
    years = data_years(indicator, vintage)
    if int(year) not in years:
        raise ValidationError(
            f"no {indicator} data for {year} in vintage {vintage!r}; years with data: {years[0]}-{years[-1]}."
        )
    return int(year)


def check_report_year(year: int, vintage: str = data.DEFAULT_VINTAGE) -> int:
    """A year the weight report can show: population and GDP both have it in the release it uses for them."""
    for indicator in INDICATORS:
        check_year(year, indicator, data.vintage_for(indicator, vintage))
    return int(year)


def group_label(group: str, when: pd.Timestamp) -> str:
    """The statuses a group stands for on a date, in words: 'members + observers + dialogue partners' in 2018,
    'members + SCO partners' after the 2025 reform."""
    return " + ".join(f"{s}s" for s in groups.statuses_of(group, when))


def totals(indicator: str, members: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Sum of an indicator over the countries of each (year, group): countries, total, world, share_pct, missing."""
    values = data.indicator(indicator, vintage)[["iso3", "year", "value"]]
    rows = members.merge(values, on=["iso3", "year"], how="left", validate="many_to_one")
    missing = rows.loc[rows["value"].isna()].groupby(["year", "group"])["iso3"].agg(lambda c: ", ".join(sorted(c)))
    out = (
        rows.groupby(["year", "group"], sort=False)
        .agg(countries=("iso3", "size"), total=("value", "sum"))
        .assign(missing=missing)
        .fillna({"missing": ""})
        .reset_index()
    )
    world = data.world(indicator, vintage)
    return out.assign(world=out["year"].map(world), indicator=indicator, vintage=vintage).assign(
        share_pct=lambda d: d["total"] / d["world"] * 100
    )


def group_total(
    indicator: str,
    year: int,
    group: str | Iterable[str],
    as_of: str | pd.Timestamp,
    vintage: str = data.DEFAULT_VINTAGE,
    dating: str = events.DEFAULT_DATING,
) -> pd.Series:
    """A group's total for a year, the World value, the share (%), and the countries without a value (with how big
    they are: their value in the nearest year they have, against the group's total)."""
    data.check_vintage(vintage, indicator)
    check_year(year, indicator, vintage)
    codes = tuple(groups.resolve(group, as_of, dating))
    return _group_total(indicator, int(year), codes, vintage).copy()


@lru_cache(maxsize=512)
def _group_total(indicator: str, year: int, codes: tuple[str, ...], vintage: str) -> pd.Series:
    members = pd.DataFrame({"year": int(year), "group": "group", "iso3": codes})
    row = totals(indicator, members, vintage).iloc[0]
    missing = row["missing"].split(", ") if row["missing"] else []
    table = data.indicator(indicator, vintage)
    nearest = (
        table.loc[table["iso3"].isin(missing)]
        .assign(distance=lambda d: (d["year"] - int(year)).abs())
        .sort_values(["iso3", "distance", "year"])
        .groupby("iso3")["value"]
        .first()
    )
    return pd.Series(
        {
            "indicator": indicator,
            "year": int(year),
            "vintage": vintage,
            "countries": len(codes),
            "total": row["total"],
            "world": row["world"],
            "share_pct": row["share_pct"],
            "missing": row["missing"],
            "missing_pct_of_group": nearest.sum() / (row["total"] + nearest.sum()) * 100 if missing else 0.0,
        }
    )


def available_groups(as_of: str | pd.Timestamp, wanted: Iterable[str] = WEIGHT_GROUPS) -> dict[str, str]:
    """The groups that exist on `as_of`, each with its label; a group with no status in force then is left out."""
    when = membership.valid_date(as_of)
    return {group: group_label(group, when) for group in wanted if groups.why_absent(group, when) is None}


def unavailable_groups(as_of: str | pd.Timestamp, wanted: Iterable[str] = WEIGHT_GROUPS) -> list[str]:
    """Why a group is left out on `as_of`, one sentence each (e.g. no observers after the 2025 reform)."""
    when = membership.valid_date(as_of)
    return [f"{group}: {reason}" for group in wanted if (reason := groups.why_absent(group, when))]


def shares(
    year: int,
    as_of: str | pd.Timestamp,
    vintage: str = data.DEFAULT_VINTAGE,
    dating: str = events.DEFAULT_DATING,
) -> pd.DataFrame:
    """Population and GDP shares of the world for each group that exists on `as_of`, in one year."""
    rows = [
        group_total(indicator, year, group, as_of, vintage, dating).rename(label)
        for group, label in available_groups(as_of).items()
        for indicator in INDICATORS
        if indicator in data.VINTAGES[vintage]
    ]
    return pd.DataFrame(rows).rename_axis("group").reset_index()


def shares_table(
    year: int, as_of: str | pd.Timestamp, vintage: str = data.DEFAULT_VINTAGE, dating: str = events.DEFAULT_DATING
) -> pd.DataFrame:
    """The shares of `shares()` for reading: totals in millions of persons or US$ bn, shares rounded."""
    table = shares(year, as_of, vintage, dating)
    scale = table["indicator"].map(lambda i: SCALES[i][0])
    return table.assign(
        unit=table["indicator"].map(lambda i: SCALES[i][1]),
        total=(table["total"] / scale).round(1),
        world=(table["world"] / scale).round(1),
        share_pct=table["share_pct"].round(2),
        missing_pct_of_group=table["missing_pct_of_group"].round(2),
    )[["group", "indicator", "countries", "unit", "total", "world", "share_pct", "missing", "missing_pct_of_group"]]


def year_end(year: int) -> pd.Timestamp:
    """31 December of a year, clipped to the dates the membership data describe."""
    return min(max(pd.Timestamp(f"{year}-12-31"), membership.valid_range()[0]), membership.data_end())


def members_by_year(years: Iterable[int], wanted: Iterable[str], dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """year, group, iso3: each year's groups as they stood on 31 December (a group that did not exist is absent)."""
    ends = {int(y): year_end(int(y)) for y in years}
    members = groups.members_on(ends.values(), wanted, dating)
    by_date = pd.DataFrame({"year": list(ends), "date": list(ends.values())}).astype({"date": members["date"].dtype})
    return by_date.merge(members, on="date", how="inner", validate="one_to_many")[["year", "group", "iso3"]]


def shares_over_time(
    first: int, last: int, vintage: str = data.DEFAULT_VINTAGE, dating: str = events.DEFAULT_DATING
) -> pd.DataFrame:
    """Shares by year, each year's groups as they stood on 31 December (so joins and upgrades show as steps):
    year, group, label (the statuses it stood for that year), indicator, share_pct, missing."""
    members = members_by_year(range(first, last + 1), WEIGHT_GROUPS, dating)
    parts = [
        totals(indicator, members.loc[members["year"].isin(data_years(indicator, vintage))], vintage)
        for indicator in INDICATORS
        if indicator in data.VINTAGES[vintage]
    ]
    table = pd.concat(parts, ignore_index=True)
    labels = {
        (g, y): group_label(g, year_end(y))
        for g, y in table[["group", "year"]].drop_duplicates().itertuples(index=False)
    }
    return (
        table.assign(label=[labels[(g, y)] for g, y in zip(table["group"], table["year"], strict=True)])
        .sort_values(["indicator", "group", "year"], kind="stable")[
            ["year", "group", "label", "indicator", "share_pct", "missing"]
        ]
        .reset_index(drop=True)
    )
