"""Every reasonable reading of the articles' weight claims (group x year x vintage x mean), with the claimed values
read from the registry, and the reading closest to each claim."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import data, events, growth, weight
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


@lru_cache(maxsize=32)
def share_sensitivity(indicator: str, group: str, claimed: float, as_of: str) -> pd.DataFrame:
    """A share claim under every reading: group x year x vintage, with the gap to the claim; `stated` marks the
    group the article names."""
    rows = []
    for g, label in weight.available_groups(as_of).items():
        for year in share_years():
            for vintage in SHARE_VINTAGES:
                if indicator not in data.VINTAGES[vintage] or year not in weight.data_years(indicator, vintage):
                    continue
                total = weight.group_total(indicator, year, g, as_of, vintage)
                rows.append(
                    {
                        "group": label,
                        "stated": g == group,
                        "year": year,
                        "vintage": vintage,
                        "value": total["share_pct"],
                        "claimed": claimed,
                        "gap": total["share_pct"] - claimed,
                    }
                )
    return _mark_closest(pd.DataFrame(rows))


@lru_cache(maxsize=8)
def growth_sensitivity(claimed: float, last: int) -> pd.DataFrame:
    """'Average member growth up to the end of `last`' under every reading: group x span x vintage x mean."""
    at = f"{reference_council()['host_city']} ({reference_date()})"
    group_dates = {f"members at {at}": reference_date(), f"members at end-{last}": f"{last}-12-31"}
    rows = []
    for group_label, as_of in group_dates.items():
        for span_label, years in growth_spans(last).items():
            for vintage in GROWTH_VINTAGES:
                result = growth.average_growth("members", years, as_of, vintage)
                for mean in ("simple", "weighted"):
                    rows.append(
                        {
                            "group": group_label,
                            "span": span_label,
                            "vintage": vintage,
                            "mean": mean,
                            "value": result[f"{mean}_mean"],
                            "world": result["world"],
                            "ratio_to_world": result[f"{mean}_ratio"],
                            "claimed": claimed,
                            "gap": result[f"{mean}_mean"] - claimed,
                        }
                    )
    return _mark_closest(pd.DataFrame(rows))


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
