"""Every reasonable reading of the articles' weight claims (group x year x vintage x mean), with the claimed values
read from the registry, and the reading closest to each claim."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import data, events, groups, growth, weight
from .registry import claim, claim_year, reference_council, reference_date, registry

SHARE_VINTAGES = ("wdi-2026", "datahub-2026")
GROWTH_VINTAGES = ("wdi-2026", "wb-2021")
# evaluator of a registry row -> (indicator, group the article names) for shares; None for average growth
READINGS: dict[str, tuple[str, str] | None] = {
    "gdp_share_all": ("gdp", "all"),
    "population_share_all": ("population", "all"),
    "population_share_members": ("population", "members"),
    "members_growth_to": None,
}


def share_years() -> list[int]:
    """The years a share claim of June 2018 may mean: the claim year and the years either side."""
    year = claim_year()
    return [year - 1, year, year + 1]


def growth_spans(last: int) -> dict[str, list[int]]:
    """'Average growth up to the end of `last`': the last year, 5 and 10 years, and every year since the founding."""
    founded = events.founding_date().year
    return {
        f"{last} only": [last],
        f"{last - 4}-{last} (5 years)": list(range(last - 4, last + 1)),
        f"{last - 9}-{last} (10 years)": list(range(last - 9, last + 1)),
        f"{founded}-{last} (since founding)": list(range(founded, last + 1)),
    }


def share_sensitivity(indicator: str, group: str, claimed: float, as_of: str) -> pd.DataFrame:
    """A share claim under every reading: group x year x vintage, with the gap to the claim; `stated` marks the
    group the article names."""
    table = _shares(indicator, as_of)
    return _mark_closest(
        pd.DataFrame(
            {
                "group": table["label"],
                "stated": table["group"] == group,
                "year": table["year"].astype("int64"),
                "vintage": table["vintage"],
                "value": table["share_pct"],
                "claimed": claimed,
                "gap": table["share_pct"] - claimed,
            }
        ).reset_index(drop=True)
    )


@lru_cache(maxsize=16)
def _shares(indicator: str, as_of: str) -> pd.DataFrame:
    """The shares every reading of a claim on `indicator` can take (group x year x vintage), computed once for all
    the claims on that indicator (the population claims of both articles share it)."""
    labels = weight.available_groups(as_of)
    members = pd.DataFrame(
        [(y, g, c) for g in labels for c in groups.resolve(g, as_of) for y in share_years()],
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


def growth_sensitivity(claimed: float, last: int) -> pd.DataFrame:
    """'Average member growth up to the end of `last`' under every reading: group x span x vintage x mean."""
    table = _growth_means(last)
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
                "gap": table["value"] - claimed,
            }
        ).reset_index(drop=True)
    )


@lru_cache(maxsize=8)
def _growth_means(last: int) -> pd.DataFrame:
    """The means every reading of a growth claim can take, computed once for all the claims on growth to `last`
    (the 4.84 % and the 'almost double' claims share it)."""
    at = f"{reference_council()['host_city']} ({reference_date()})"
    group_dates = {f"members at {at}": reference_date(), f"members at end-{last}": f"{last}-12-31"}
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


def claim_ids() -> list[str]:
    """The registry's claims that have readings (the weight claims), in registry order."""
    return [str(c) for c in registry().loc[lambda r: r["evaluator"].isin(list(READINGS)), "claim_id"]]


def for_claim(claim_id: str, as_of: str | None = None) -> pd.DataFrame:
    """Every reading of one claim, with membership as of `as_of` (default: the articles' reference date)."""
    row = claim(claim_id)
    spec = READINGS[row["evaluator"]]
    if spec is None:
        return growth_sensitivity(float(row["claimed_value"]), int(row["subject"])).sort_values("gap", key=abs)
    return share_sensitivity(spec[0], spec[1], float(row["claimed_value"]), as_of or reference_date())


def digits(claim_id: str) -> int:
    """Decimals to show a claim's readings with (growth rates need three to tell 4.84 from 4.90)."""
    return 3 if READINGS[claim(claim_id)["evaluator"]] is None else 2


def closest_readings(as_of: str | None = None) -> pd.DataFrame:
    """For each weight claim: the reading closest to it and the range over all readings."""
    rows = []
    for claim_id in claim_ids():
        row, table = claim(claim_id), for_claim(claim_id, as_of)
        best = table.loc[table["closest"]].iloc[0]
        reading = ", ".join(str(best[c]) for c in ("group", "year", "span", "vintage", "mean") if c in table.columns)
        rows.append(
            {
                "claim": f"{claim_id} {row['claimed_value']} {row['unit']}: {row['quantity']}",
                "closest reading": reading,
                "value": round(float(best["value"]), 2),
                "lowest": round(float(table["value"].min()), 2),
                "highest": round(float(table["value"].max()), 2),
            }
        )
    return pd.DataFrame(rows)
