"""What the reports show of a registry beside their own analyses: each weight claim under every reading with the
reading closest to it, and the claims a run's own parameters reproduce (a trade report of the claim's year and
group), all found from the rows' checks and arguments, never from a claim named in code."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import data, energy, organisations
from . import metrics, readings
from .checks import CHECKS, WITH_READINGS
from .evaluation import Context, parse_arguments, resolve
from .registry import DEFAULT, claim, context, load


def arguments(row: pd.Series, ctx: Context) -> dict[str, Any]:
    """A claim's arguments as its check takes them, the article's context filled in."""
    check = CHECKS[str(row["check"])]
    return resolve(parse_arguments(str(row["arguments"]), check, str(row["claim_id"])), check, ctx)


def with_readings(registry: str = DEFAULT) -> list[str]:
    """The ids of the claims that have other readings (shares of the world, average growth), in registry order."""
    claims = load(registry).claims
    return [str(c) for c in claims.loc[claims["check"].isin(WITH_READINGS), "claim_id"]]


def readings_of(claim_id: str, as_of: str | None = None, registry: str = DEFAULT) -> pd.DataFrame:
    """Every reading of one claim, with membership as of `as_of` (default: the day its article refers to)."""
    loaded = load(registry)
    row = claim(loaded, claim_id)
    given = arguments(row, context(loaded, row, data.DEFAULT_VINTAGE))
    claimed = float(row["claimed_value"])
    if row["check"] == "average_growth":
        ratio = row["field"] == "simple_ratio"
        return readings.growth_sensitivity(claimed, given["last"], given["on"], ratio).sort_values("gap", key=abs)
    indicator = given["indicator"]
    year = metrics.latest(indicator, given["year"], data.vintage_for(indicator, data.DEFAULT_VINTAGE))
    return readings.share_sensitivity(indicator, given["group"], claimed, as_of or given["on"], year)


def digits(claim_id: str, registry: str = DEFAULT) -> int:
    """Decimals to show a claim's readings with (growth rates need three to tell 4.84 from 4.90)."""
    return 3 if claim(load(registry), claim_id)["check"] == "average_growth" else 2


def headline(claim_id: str, registry: str = DEFAULT) -> str:
    """'B21: “43 %”, the eight members' share of world population'."""
    row = claim(load(registry), claim_id)
    return f"{claim_id}: “{row['claimed_value']} {row['unit']}”, {row['quantity']}"


def closest_readings(as_of: str | None = None, registry: str = DEFAULT) -> pd.DataFrame:
    """For each claim with readings: the reading closest to it and the range over all readings."""
    rows = []
    for claim_id in with_readings(registry):
        row, table = claim(load(registry), claim_id), readings_of(claim_id, as_of, registry)
        best = table.loc[table["closest"]].iloc[0]
        reading = ", ".join(str(best[c]) for c in ("group", "year", "span", "vintage", "mean") if c in table.columns)
        column = "ratio_to_world" if row["field"] == "simple_ratio" else "value"
        rows.append(
            {
                "claim": f"{claim_id} {row['claimed_value']} {row['unit']}: {row['quantity']}",
                "closest reading": reading,
                "value": round(float(best[column]), 2),
                "lowest": round(float(table[column].min()), 2),
                "highest": round(float(table[column].max()), 2),
            }
        )
    return pd.DataFrame(rows)


def matching(results: pd.DataFrame, registry: str = DEFAULT, **wanted: Any) -> pd.DataFrame:
    """The evaluated claims whose arguments equal every value given (e.g. year=2017, group='members'): those a run
    with these parameters reproduces."""
    loaded = load(registry)
    keep = [
        all(arguments(row, context(loaded, row, data.DEFAULT_VINTAGE)).get(k) == v for k, v in wanted.items())
        for _, row in results.iterrows()
    ]
    return results.loc[keep]


def runs_in_words(results: pd.DataFrame, names: tuple[str, ...], registry: str = DEFAULT) -> str:
    """'year = 2017 and group = "members"': the parameters of the runs that reproduce the claims (joined by 'or')."""
    return " or ".join(
        " and ".join(f"{k} = {v!r}".replace("'", '"') if isinstance(v, str) else f"{k} = {v}" for k, v in run.items())
        for run in runs_that_match(results, names, registry)
    )


def runs_that_match(results: pd.DataFrame, names: tuple[str, ...], registry: str = DEFAULT) -> list[dict[str, Any]]:
    """The distinct parameter values (of `names`) the claims are about, e.g. [{'year': 2017, 'group': 'members'}]."""
    loaded = load(registry)
    found = []
    for _, row in results.iterrows():
        given = arguments(row, context(loaded, row, data.DEFAULT_VINTAGE))
        values = {n: given[n] for n in names if n in given}
        if len(values) == len(names) and values not in found:
            found.append(values)
    return found


def _claim_arguments(check: str, registry: str) -> list[dict[str, Any]]:
    """The distinct arguments of a registry's claims of one check."""
    loaded = load(registry)
    found: list[dict[str, Any]] = []
    for _, row in loaded.claims.loc[loaded.claims["check"] == check].iterrows():
        given = arguments(row, context(loaded, row, data.DEFAULT_VINTAGE))
        given.pop("measure", None), given.pop("part", None), given.pop("vintage", None)
        if given not in found:
            found.append(given)
    return found


def superlatives(vintage: str, registry: str = DEFAULT) -> list[tuple[str, str, pd.DataFrame, int]]:
    """The grids behind the registry's superlatives, for reading: (heading, note, table) for the energy leaders,
    the SCO against other organisations on area and population, and on growth, each for the year and day its claims
    refer to, and the decimals to show it with."""
    shown: list[tuple[str, str, pd.DataFrame, int]] = []
    for given in _claim_arguments("energy_leader", registry):
        ranked = energy.rankings(given["year"], data.vintage_for("population", vintage), given["on"])
        columns = {"leader_name": "leader", "runner_up_name": "runner-up", "margin_pct": "lead, %"}
        table = ranked[["measure", "source", "what", *columns]].rename(columns=columns)
        shown.append((f"Energy: the largest producer and consumer, {given['year']}", energy.APPROXIMATION, table, 1))
    core = organisations.peer_names("core")
    wider = organisations.peer_names("wider").removeprefix(core + ", ")
    peers = f"Core set: {core}; the wider set adds {wider}."
    for given in _claim_arguments("organisation_standing", registry):
        grid = organisations.sensitivity(given["on"], given["year"], data.vintage_for("population", vintage))
        columns = {
            "peer_set": "peers",
            "area_indicator": "area",
            "year": "year",
            "extent": "SCO counted",
            "area_verdict": "SCO on area",
            "area_margin_pct": "area lead, %",
            "population_verdict": "SCO on population",
            "population_margin_pct": "population lead, %",
        }
        note = f"{peers} SCO = the members; SCO+ = with observers and dialogue partners, as on {given['on']}."
        heading = "Area and population: the SCO against other regional organisations"
        shown.append((heading, note, grid[list(columns)].rename(columns=columns), 1))
    for given in _claim_arguments("most_dynamic", registry):
        grid = organisations.growth_verdicts(given["on"], given["last"], data.vintage_for("gdp_growth", vintage))
        columns = {
            "peer_set": "peer_set",
            "extent": "extent",
            "window": "window",
            "mean": "mean",
            "sco_value": "SCO, %",
            "best_other": "best other",
            "best_other_value": "best other, %",
            "margin_pp": "lead, points",
            "verdict": "verdict",
        }
        note = f"{peers} The members as on {given['on']}; growth over the windows ending in {given['last']}."
        shown.append(
            ("Real GDP growth: 'the most dynamic region'", note, grid[list(columns)].rename(columns=columns), 2)
        )
    return shown
