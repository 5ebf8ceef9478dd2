"""Average real GDP growth of a group against the world's: the simple mean (each country counts once) and the
GDP-weighted mean, for any years, membership date and data vintage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from . import data, events, groups, weight
from .errors import ValidationError


def growth_panel(members: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Growth (%) and GDP weight (current US$) for each (year, group, iso3) of `members`, where the vintage has a
    growth value; weights from the same years, from the vintage's own GDP release or, where it has none, the
    default one."""
    growth = data.indicator("gdp_growth", vintage)[["iso3", "year", "value"]].rename(columns={"value": "growth"})
    gdp = data.indicator("gdp", data.vintage_for("gdp", vintage))[["iso3", "year", "value"]]
    return members.merge(growth, on=["iso3", "year"], how="inner", validate="many_to_one").merge(
        gdp.rename(columns={"value": "gdp"}), on=["iso3", "year"], how="left", validate="many_to_one"
    )


def means_by_year(panel: pd.DataFrame) -> pd.DataFrame:
    """Simple and GDP-weighted mean growth per (year, group); a country without a GDP value weighs 0 in the
    weighted mean (and counts fully in the simple one)."""
    terms = panel.assign(weight=panel["gdp"].fillna(0), product=panel["growth"] * panel["gdp"].fillna(0))
    sums = terms.groupby(["year", "group"])[["product", "weight", "growth"]].agg(
        {"product": "sum", "weight": "sum", "growth": "mean"}
    )
    return pd.DataFrame(
        {"simple": sums["growth"], "weighted": (sums["product"] / sums["weight"]).where(sums["weight"] > 0)}
    ).reset_index()


def span_means(
    by_year: pd.DataFrame, spans: Mapping[str, Iterable[int]], world: pd.Series | None = None
) -> pd.DataFrame:
    """Each group's yearly means (of means_by_year) averaged over each span of years: group, span, simple, weighted,
    and, given the world's growth by year, the world's mean over the same years (those the group has a value for)."""
    in_span = pd.DataFrame([(span, y) for span, ys in spans.items() for y in ys], columns=["span", "year"])
    columns = ["simple", "weighted"]
    if world is not None:
        in_span, columns = in_span.assign(world=in_span["year"].map(world)), [*columns, "world"]
    return (
        in_span.merge(by_year, on="year", how="inner", validate="many_to_many")
        .groupby(["group", "span"], sort=False)[columns]
        .mean()
        .reset_index()
    )


def check_years(years: list[int], vintage: str) -> list[int]:
    """The years, if the vintage has growth data for every one of them, else an error naming the range."""
    data.check_vintage(vintage, "gdp_growth")
    available = weight.data_years("gdp_growth", vintage)
    bad = [y for y in years if y not in available]
    if bad:
        raise ValidationError(
            f"no GDP growth data for {bad} in vintage {vintage!r}; years with data: {available[0]}-{available[-1]}."
        )
    return years


def average_growth(
    group: str | Iterable[str],
    years: Iterable[int],
    as_of: str | pd.Timestamp,
    vintage: str = data.DEFAULT_VINTAGE,
    dating: str = events.DEFAULT_DATING,
) -> pd.Series:
    """Mean GDP growth over the years of the group as it stood on `as_of`: simple and GDP-weighted, the world's,
    the ratios, and the (country, year) cells without a value."""
    years = check_years([int(y) for y in years], vintage)
    codes = groups.resolve(group, as_of, dating)
    members = pd.DataFrame([(y, "group", c) for y in years for c in codes], columns=["year", "group", "iso3"])
    panel = growth_panel(members, vintage)
    world = data.world("gdp_growth", vintage)
    means = span_means(means_by_year(panel), {"years": years}, world)
    # no member has a value in any of the years: nothing to average for them; the world's mean is still shown
    row = (
        means.iloc[0]
        if len(means)
        else pd.Series({"simple": np.nan, "weighted": np.nan, "world": world.reindex(years).mean()})
    )
    missing = sorted({(c, y) for c in codes for y in years} - set(zip(panel["iso3"], panel["year"], strict=True)))
    simple, weighted, world_mean = row["simple"], row["weighted"], row["world"]
    return pd.Series(
        {
            "years": f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]),
            "countries": len(codes),
            "simple_mean": simple,
            "weighted_mean": weighted,
            "world": world_mean,
            "simple_ratio": simple / world_mean,
            "weighted_ratio": weighted / world_mean,
            "missing": ", ".join(f"{c} {y}" for c, y in missing),
        }
    )


def growth_by_year(
    first: int, last: int, vintage: str = data.DEFAULT_VINTAGE, dating: str = events.DEFAULT_DATING
) -> pd.DataFrame:
    """Members' simple and GDP-weighted mean growth against the world, year by year (members as on 31 December)."""
    years = check_years(list(range(first, last + 1)), vintage)
    means = means_by_year(growth_panel(weight.members_by_year(years, ["members"], dating), vintage))
    world = data.world("gdp_growth", vintage)
    return (
        means.drop(columns="group")
        .rename(columns={"simple": "simple_mean", "weighted": "weighted_mean"})
        .assign(world=lambda d: d["year"].map(world))
        .assign(
            simple_ratio=lambda d: d["simple_mean"] / d["world"],
            weighted_ratio=lambda d: d["weighted_mean"] / d["world"],
        )
        .sort_values("year")
        .reset_index(drop=True)
    )
