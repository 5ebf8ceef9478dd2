"""The checks of superlatives ("the world's largest", "the biggest organisation", "the most dynamic"): the SCO or
its member against a stated set of peers, with the margin a superlative needs and how the verdict moves with the
choice of peers, indicator, year and mean. Each needs code of its own: which reading is the main one, and the grid."""

from __future__ import annotations

import pandas as pd

from .. import data, energy, organisations
from ..errors import ScoError
from .evaluation import Measured

WDI_ENERGY = "data/wdi-energy/eg.use.pcap.kg.oe.csv, eg.imp.cons.zs.csv; data/wdi/sp.pop.totl.csv"
OWID = "data/owid-energy-2022/"
ORGS = "data/igo-membership/ (fixed by data/curated/organisation_fixes.csv); data/wdi, data/wdi-area"


def moves(verdicts: pd.Series) -> str:
    """'ahead in 12 of 24, level in 6 of 24, behind in 6 of 24': how a verdict moves over the readings."""
    kinds = verdicts.str.split().str[0].map({"level": "level", "behind": "behind"}).fillna("ahead")
    counts, n = kinds.value_counts(), len(verdicts)
    return ", ".join(f"{word} in {int(counts.get(word, 0))} of {n}" for word in ("ahead", "level", "behind"))


def energy_leader(measure: str, year: int, on: str, vintage: str) -> Measured:
    """Whether the world's largest energy producer or consumer ('production', 'consumption') in a year was an SCO
    member on a day: 'largest' beyond the margin, else 'level with' the runner-up (WDI, with OWID as cross-check)."""
    table = energy.rankings(year, data.vintage_for("population", vintage), on)
    rows = table.loc[table["measure"] == measure].set_index("source")
    wdi, owid = rows.loc["WDI"], rows.loc["OWID"]
    computed = (
        str(wdi["verdict"]) if bool(wdi["leader_in_sco"]) else f"the leader, {wdi['leader_name']}, is not a member"
    )
    method = (
        f"{measure} by country, {year}: {wdi['what']}; {wdi['leader_name']} {wdi['margin_pct']:.1f} % ahead of "
        f"{wdi['runner_up_name']} ('largest' only beyond {energy.LEAD_THRESHOLD_PCT:.0f} %)"
    )
    return Measured(
        {"value": computed},
        method + (f". {energy.APPROXIMATION}" if measure == "production" else ""),
        WDI_ENERGY,
        f"cross-check, {owid['what']} ({OWID}): {owid['leader_name']} {owid['margin_pct']:.1f} % ahead of "
        f"{owid['runner_up_name']}, {owid['verdict']}",
    )


def organisation_standing(part: str, year: int, on: str, vintage: str) -> Measured:
    """The SCO with all its statuses on a day against the core set of regional organisations on land area or
    population ('land_area', 'population') in a year: 'largest' beyond the margin, 'level with' or 'behind' the best
    other; and how that moves over peer set x area indicator x year x SCO extent."""
    column = "area" if part != "population" else "population"
    grid = organisations.sensitivity(on, year, data.vintage_for("population", vintage))
    main = grid.loc[
        (grid["peer_set"] == "core")
        & (grid["area_indicator"] == "land_area")
        & (grid["year"] == year)
        & (grid["extent"] == "all")
    ]
    if len(main) != 1:
        raise ScoError(f"no single reading for {part} in {year}")
    row = main.iloc[0]
    readings = grid.drop_duplicates(["peer_set", "year", "extent"]) if part == "population" else grid
    return Measured(
        {"value": str(row[f"{column}_verdict"])},
        f"{'land area' if part != 'population' else 'population'}, {year}, of the SCO with its observers and "
        f"dialogue partners (as the sentence counts them) against {row[f'{column}_organisations'] - 1} regional "
        f"organisations (the core set); rank {row[f'{column}_sco_rank']}, {row[f'{column}_margin_pct']:+.1f} % "
        f"against {row[f'{column}_best_other']} ('largest' only beyond {organisations.LEAD_THRESHOLD_PCT:.0f} %)",
        ORGS,
        f"over peer set x area indicator x year x SCO extent: {moves(readings[f'{column}_verdict'])}",
    )


def most_dynamic(last: int, on: str, vintage: str) -> Measured:
    """Whether the members on a day grew fastest among the core set of regional organisations over the five years
    to `last` (GDP-weighted mean of real growth): 'most dynamic' beyond the margin, else 'level with' or 'behind'."""
    grid = organisations.growth_verdicts(on, last, data.vintage_for("gdp_growth", vintage))
    window = next(iter(organisations.growth_windows(last)))
    main = grid.loc[
        (grid["peer_set"] == "core")
        & (grid["extent"] == "members")
        & (grid["window"] == window)
        & (grid["mean"] == "weighted")
    ].iloc[0]
    return Measured(
        {"value": str(main["verdict"])},
        f"GDP-weighted mean real GDP growth {window} of the members against {int(main['organisations']) - 1} "
        f"regional organisations (the core set): rank {int(main['sco_rank'])}, {main['sco_value']:.2f} % against "
        f"{main['best_other']}'s {main['best_other_value']:.2f} % ('most dynamic' only beyond "
        f"{organisations.GROWTH_THRESHOLD_PP} percentage points)",
        "data/wdi/ny.gdp.mktp.kd.zg.csv, ny.gdp.mktp.cd.csv; " + ORGS,
        f"over peer set x SCO extent x window x mean: {moves(grid['verdict'])}",
    )
