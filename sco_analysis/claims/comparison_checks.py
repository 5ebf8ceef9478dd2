"""Evaluators of the comparative claims ("the world's largest", "the biggest organisation", "the most dynamic"):
the SCO or its member against a stated set of peers, with the margin a superlative needs and how the verdict moves
with the choice of peers, indicator, year and mean."""

from __future__ import annotations

import pandas as pd

from .. import data, energy, organisations
from ..errors import ScoError
from .evaluation import Evaluation, Evaluator
from .registry import claim_year, reference_date

WDI_ENERGY = "data/wdi-energy/eg.use.pcap.kg.oe.csv, eg.imp.cons.zs.csv; data/wdi/sp.pop.totl.csv"
OWID = "data/owid-energy-2022/"
ORGS = "data/igo-membership/ (fixed by data/curated/organisation_fixes.csv); data/wdi, data/wdi-area"


def _moves(verdicts: pd.Series) -> str:
    """'largest in 12 of 24 readings, level in 6, behind in 6': how a verdict moves over the readings."""
    kinds = verdicts.str.split().str[0].map({"level": "level", "behind": "behind"}).fillna("ahead")
    counts, n = kinds.value_counts(), len(verdicts)
    return ", ".join(f"{word} in {int(counts.get(word, 0))} of {n}" for word in ("ahead", "level", "behind"))


def energy_leader(measure: str) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        year = claim_year()
        table = energy.rankings(year, data.vintage_for("population", vintage), reference_date())
        rows = table.loc[table["measure"] == measure].set_index("source")
        wdi, owid = rows.loc["WDI"], rows.loc["OWID"]
        if not bool(wdi["leader_in_sco"]):
            computed = f"the leader, {wdi['leader_name']}, is not a member"
        else:
            computed = str(wdi["verdict"])
        method = (
            f"{measure} by country, {year}: {wdi['what']}; {wdi['leader_name']} {wdi['margin_pct']:.1f} % ahead of "
            f"{wdi['runner_up_name']} ('largest' only beyond {energy.LEAD_THRESHOLD_PCT:.0f} %)"
        )
        return Evaluation(
            computed,
            method + (f". {energy.APPROXIMATION}" if measure == "production" else ""),
            WDI_ENERGY,
            f"cross-check, {owid['what']} ({OWID}): {owid['leader_name']} {owid['margin_pct']:.1f} % ahead of "
            f"{owid['runner_up_name']}, {owid['verdict']}",
        )

    return evaluate


def organisation_part(part: str) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        year, column = claim_year(), "area" if part != "population" else "population"
        grid = organisations.sensitivity(reference_date(), data.vintage_for("population", vintage))
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
        return Evaluation(
            str(row[f"{column}_verdict"]),
            f"{'land area' if part != 'population' else 'population'}, {year}, of the SCO with its observers and "
            f"dialogue partners (as the sentence counts them) against {row[f'{column}_organisations'] - 1} regional "
            f"organisations (the core set); rank {row[f'{column}_sco_rank']}, {row[f'{column}_margin_pct']:+.1f} % "
            f"against {row[f'{column}_best_other']} ('largest' only beyond {organisations.LEAD_THRESHOLD_PCT:.0f} %)",
            ORGS,
            f"over peer set x area indicator x year x SCO extent: {_moves(readings[f'{column}_verdict'])}",
        )

    return evaluate


def most_dynamic(claim: pd.Series, vintage: str) -> Evaluation:
    grid = organisations.growth_verdicts(reference_date(), data.vintage_for("gdp_growth", vintage))
    main = grid.loc[
        (grid["peer_set"] == "core")
        & (grid["extent"] == "members")
        & (grid["window"] == "2013-2017")
        & (grid["mean"] == "weighted")
    ].iloc[0]
    return Evaluation(
        str(main["verdict"]),
        f"GDP-weighted mean real GDP growth 2013-2017 of the members against {int(main['organisations']) - 1} "
        f"regional organisations (the core set): rank {int(main['sco_rank'])}, {main['sco_value']:.2f} % against "
        f"{main['best_other']}'s {main['best_other_value']:.2f} % ('most dynamic' only beyond "
        f"{organisations.GROWTH_THRESHOLD_PP} percentage points)",
        "data/wdi/ny.gdp.mktp.kd.zg.csv, ny.gdp.mktp.cd.csv; " + ORGS,
        f"over peer set x SCO extent x window x mean: {_moves(grid['verdict'])}",
    )
