"""The checks of superlatives ("the world's largest", "the biggest organisation", "the most dynamic"): the SCO or
its member against a stated set of peers, with the margin a superlative needs and how the verdict moves with the
choice of peers, indicator, year and mean. Each needs code of its own: which reading is the main one, and the grid."""

from __future__ import annotations

import pandas as pd

from .. import data, energy, organisations
from ..errors import ScoError
from .evaluation import Measured

MARGIN_FACTORS = (0.5, 1.0, 2.0)  # the margin a superlative needs, halved and doubled: the verdict's sensitivity to it

WDI_ENERGY = "data/wdi-energy/eg.use.pcap.kg.oe.csv, eg.imp.cons.zs.csv; data/wdi/sp.pop.totl.csv"
OWID = "data/owid-energy-2022/"
ORGS = "data/igo-membership/ (fixed by data/curated/organisation_fixes.csv); data/wdi, data/wdi-area"


def moves(verdicts: pd.Series) -> str:
    """'ahead in 12 of 24, level in 6 of 24, behind in 6 of 24': how a verdict moves over the readings."""
    kinds = verdicts.str.split().str[0].map({"level": "level", "behind": "behind"}).fillna("ahead")
    counts, n = kinds.value_counts(), len(verdicts)
    return ", ".join(f"{word} in {int(counts.get(word, 0))} of {n}" for word in ("ahead", "level", "behind"))


def margins(frame: pd.DataFrame, margin: str, best: str, word: str, threshold: float, unit: str) -> pd.DataFrame:
    """Each row of a grid under each margin (halved, as stated, doubled): `value` is the standing, `word` beyond the
    margin, 'level with X' within it, 'behind X' below it; `margin_words` says which margin; `at_stated` marks the
    stated one."""
    grid = frame.merge(pd.DataFrame({"factor": MARGIN_FACTORS}), how="cross")
    limit, gap = grid["factor"] * threshold, grid[margin].astype("float64")
    level = "level with " + grid[best].astype("string")
    value = ("behind " + grid[best].astype("string")).where(gap < -limit, level).where(gap <= limit, word)
    return grid.assign(
        value=value.mask(gap.isna(), "no data"),
        margin_words="margin " + limit.map(lambda t: f"{t:g}") + unit,
        at_stated=grid["factor"].eq(1.0),
    )


def energy_leader(measure: str, year: int, on: str, vintage: str) -> Measured:
    """Whether the world's largest energy producer or consumer ('production', 'consumption') in a year was an SCO
    member on a day: 'largest' beyond the margin, else 'level with' the runner-up (WDI, with OWID as cross-check)."""
    table = energy.rankings(year, data.vintage_for("population", vintage), on)
    rows = table.loc[table["measure"] == measure].set_index("source")
    wdi, owid = rows.loc["WDI"], rows.loc["OWID"]
    grid = margins(rows.reset_index(), "margin_pct", "runner_up_name", "largest", energy.LEAD_THRESHOLD_PCT, " %")
    outside = "the leader, " + grid["leader_name"] + ", is not a member"
    shown = pd.DataFrame(
        {
            "field": "value",
            "reading": grid["source"] + " (" + grid["what"] + "), " + grid["margin_words"],
            "value": grid["value"].where(grid["leader_in_sco"], outside),
            "admissible": True,
            "stated": grid["source"].eq("WDI") & grid["at_stated"],
        }
    )
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
        readings=shown,
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
    named = readings.assign(best=readings[f"{column}_best_other"], gap=readings[f"{column}_margin_pct"])
    grid_m = margins(named, "gap", "best", "largest", organisations.LEAD_THRESHOLD_PCT, " %")
    what = grid_m["peer_set"] + " peers, " + grid_m["year"].astype("string") + ", SCO " + grid_m["extent"]
    area = ", " + grid_m["area_indicator"].str.replace("_", " ") if part != "population" else ""
    shown = pd.DataFrame(
        {
            "field": "value",
            "reading": what + area + ", " + grid_m["margin_words"],
            "value": grid_m["value"],
            # the sentence counts all three statuses and compares comprehensive regional organisations (the core set)
            "admissible": grid_m["extent"].eq("all") & grid_m["peer_set"].eq("core"),
            "stated": grid_m["extent"].eq("all")
            & grid_m["peer_set"].eq("core")
            & grid_m["year"].eq(year)
            & grid_m["area_indicator"].eq("land_area")
            & grid_m["at_stated"],
        }
    )
    return Measured(
        {"value": str(row[f"{column}_verdict"])},
        f"{'land area' if part != 'population' else 'population'}, {year}, of the SCO with its observers and "
        f"dialogue partners (as the sentence counts them) against {row[f'{column}_organisations'] - 1} regional "
        f"organisations (the core set); rank {row[f'{column}_sco_rank']}, {row[f'{column}_margin_pct']:+.1f} % "
        f"against {row[f'{column}_best_other']} ('largest' only beyond {organisations.LEAD_THRESHOLD_PCT:.0f} %)",
        ORGS,
        f"over peer set x area indicator x year x SCO extent: {moves(readings[f'{column}_verdict'])}",
        readings=shown,
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
    grid_m = margins(grid, "margin_pp", "best_other", "most dynamic", organisations.GROWTH_THRESHOLD_PP, " points")
    shown = pd.DataFrame(
        {
            "field": "value",
            "reading": grid_m["peer_set"]
            + " peers, SCO "
            + grid_m["extent"]
            + ", "
            + grid_m["window"]
            + ", "
            + grid_m["mean"]
            + " mean, "
            + grid_m["margin_words"],
            "value": grid_m["value"],
            "admissible": grid_m["extent"].eq("members"),  # the sentence is about the member states
            "stated": grid_m["peer_set"].eq("core")
            & grid_m["extent"].eq("members")
            & grid_m["window"].eq(window)
            & grid_m["mean"].eq("weighted")
            & grid_m["at_stated"],
        }
    )
    return Measured(
        {"value": str(main["verdict"])},
        f"GDP-weighted mean real GDP growth {window} of the members against {int(main['organisations']) - 1} "
        f"regional organisations (the core set): rank {int(main['sco_rank'])}, {main['sco_value']:.2f} % against "
        f"{main['best_other']}'s {main['best_other_value']:.2f} % ('most dynamic' only beyond "
        f"{organisations.GROWTH_THRESHOLD_PP} percentage points)",
        "data/wdi/ny.gdp.mktp.kd.zg.csv, ny.gdp.mktp.cd.csv; " + ORGS,
        f"over peer set x SCO extent x window x mean: {moves(grid['verdict'])}",
        readings=shown,
    )
