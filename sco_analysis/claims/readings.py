"""Every reasonable reading of a weight claim (a share of the world: group x year x vintage; an average growth:
group x span x vintage x mean), and the reading closest to the claimed value."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import data, events, groups, growth, summits, weight

SHARE_VINTAGES = ("wdi-2026", "datahub-2026")
GROWTH_VINTAGES = ("wdi-2026", "wb-2021")


def share_years(claim_year: int) -> list[int]:
    """The years a share claim may mean: the claim year and the years either side."""
    return [claim_year - 1, claim_year, claim_year + 1]


def growth_spans(last: int) -> dict[str, list[int]]:
    """'Average growth up to the end of `last`': the last year, 5 and 10 years, and every year since the founding."""
    founded = events.founding_date().year
    return {
        f"{last} only": [last],
        f"{last - 4}-{last} (5 years)": list(range(last - 4, last + 1)),
        f"{last - 9}-{last} (10 years)": list(range(last - 9, last + 1)),
        f"{founded}-{last} (since founding)": list(range(founded, last + 1)),
    }


def share_sensitivity(indicator: str, group: str, claimed: float, as_of: str, claim_year: int) -> pd.DataFrame:
    """A share claim under every reading: group x year x vintage, with the gap to the claim; `stated` marks the
    group the article names."""
    table = _shares(indicator, as_of, claim_year)
    return _mark_closest(
        pd.DataFrame(
            {
                "group": table["label"],
                "stated": table["group"] == group,
                "year": table["year"].astype("int64"),
                "vintage": table["vintage"],
                "countries": table["countries"].astype("int64"),
                "value": table["share_pct"],
                "claimed": claimed,
                "gap": table["share_pct"] - claimed,
            }
        ).reset_index(drop=True)
    )


@lru_cache(maxsize=16)
def _shares(indicator: str, as_of: str, claim_year: int) -> pd.DataFrame:
    """The shares every reading of a claim on `indicator` can take (group x year x vintage), computed once for all
    the claims on that indicator (the population claims of both articles share it)."""
    labels = weight.available_groups(as_of)
    members = pd.DataFrame(
        [(y, g, c) for g in labels for c in groups.resolve(g, as_of) for y in share_years(claim_year)],
        columns=["year", "group", "iso3"],
    )
    # one sum over the whole panel per release, not one per group and year
    totals = pd.concat(
        [
            weight.totals(indicator, members.loc[members["year"].isin(weight.data_years(indicator, v))], v)
            for v in SHARE_VINTAGES
            if indicator in data.VINTAGES[v]
        ],
        ignore_index=True,
    )
    rank = {**{g: i for i, g in enumerate(labels)}, **{v: i for i, v in enumerate(SHARE_VINTAGES)}}
    return totals.assign(label=totals["group"].map(labels)).sort_values(
        ["group", "year", "vintage"], key=lambda c: c if c.name == "year" else c.map(rank), kind="stable"
    )


def growth_sensitivity(claimed: float, last: int, on: str, ratio: bool = False) -> pd.DataFrame:
    """'Average member growth up to the end of `last`', said on `on`, under every reading: group (the members on
    that day, or at the end of `last`) x span x vintage x mean; the gap to the claim is in the growth rate, or, with
    `ratio`, in the ratio to the world's growth ('almost double')."""
    table = _growth_means(last, on)
    compared = table["value"] / table["world"] if ratio else table["value"]
    return _mark_closest(
        pd.DataFrame(
            {
                "group": table["group"],
                "span": table["span"],
                "vintage": table["vintage"],
                "mean": table["mean"],
                "value": table["value"],
                "world": table["world"],
                "ratio_to_world": table["value"] / table["world"],
                "claimed": claimed,
                "gap": compared - claimed,
            }
        ).reset_index(drop=True)
    )


def at_summit(on: str) -> str:
    """'Qingdao (2018-06-09)' for a day a summit was in session, else the day alone."""
    summit = summits.summit_on(on)
    return f"{summit['host_city']} ({on})" if summit is not None else on


@lru_cache(maxsize=8)
def _growth_means(last: int, on: str) -> pd.DataFrame:
    """The means every reading of a growth claim can take, computed once for all the claims on growth to `last`
    (the 4.84 % and the 'almost double' claims share it)."""
    group_dates = {f"members at {at_summit(on)}": on, f"members at end-{last}": f"{last}-12-31"}
    spans = growth_spans(last)
    years = sorted({y for span in spans.values() for y in span})
    members = pd.DataFrame(
        [(y, label, c) for label, when in group_dates.items() for c in groups.resolve("members", when) for y in years],
        columns=["year", "group", "iso3"],
    )
    parts = []
    for vintage in GROWTH_VINTAGES:  # one panel per release: every group, span and year at once
        growth.check_years(years, vintage)
        by_year = growth.means_by_year(growth.growth_panel(members, vintage))
        parts.append(growth.span_means(by_year, spans, data.world("gdp_growth", vintage)).assign(vintage=vintage))
    rank = {
        **{g: i for i, g in enumerate(group_dates)},
        **{s: i for i, s in enumerate(spans)},
        **{v: i for i, v in enumerate(GROWTH_VINTAGES)},
        "simple": 0,
        "weighted": 1,
    }
    return (
        pd.concat(parts, ignore_index=True)
        .melt(["group", "span", "vintage", "world"], ["simple", "weighted"], "mean", "value")
        .astype({"value": "float64", "world": "float64"})
        .sort_values(["group", "span", "vintage", "mean"], key=lambda c: c.map(rank), kind="stable")
    )


def _mark_closest(table: pd.DataFrame) -> pd.DataFrame:
    """Flag the reading closest to the claim."""
    return table.assign(closest=lambda t: t["gap"].abs().eq(t["gap"].abs().min()))
