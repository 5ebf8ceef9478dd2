"""Verdicts: every claim evaluated for a vintage and judged by its own rule; vintage-sensitive verdicts flagged."""

from __future__ import annotations

import math

import pandas as pd

from .. import data
from ..errors import ScoError
from ..store import every_file, stored
from .evaluators import EVALUATORS, USES_VINTAGE
from .findings import findings
from .registry import VERDICTS, place_and_days, registry


class ClaimEvaluationError(ScoError):
    """One or more claims could not be evaluated."""


def judge(claim: pd.Series, computed: float | int | str) -> tuple[str, float]:
    """Verdict and numeric gap (computed - claimed; NaN where not numeric) by the claim's rule."""
    rule, claimed = claim["judged_by"], claim["claimed_value"]
    if rule == "equal":
        return ("consistent" if str(computed).strip().lower() == claimed.strip().lower() else "inconsistent"), math.nan
    if rule == "within":
        place, day, _ = place_and_days(claimed)
        got_place, start, end = place_and_days(str(computed))
        ok = place.lower() == got_place.lower() and start <= day <= end
        return ("consistent" if ok else "inconsistent"), math.nan
    if rule == "standing":  # a superlative: beyond the margin, level within it, or behind
        if str(computed) == claimed:
            return "consistent", math.nan
        return ("approximately consistent" if str(computed).startswith("level with") else "inconsistent"), math.nan
    gap = float(computed) - float(claimed)
    if rule == "exceeds":
        return ("consistent" if float(computed) > float(claimed) else "inconsistent"), gap
    tolerance, approx = float(claim["tolerance"]), float(claim["approx_tolerance"])
    if abs(gap) <= tolerance + 1e-9:
        return "consistent", gap
    return ("approximately consistent" if abs(gap) <= approx + 1e-9 else "inconsistent"), gap


def evaluate_once(
    vintage: str, topics: tuple[str, ...] | None = None, only_vintage_dependent: bool = False
) -> pd.DataFrame:
    """Computed value, gap, verdict, method and sources of each claim for one vintage (errors kept as 'error'); with
    `only_vintage_dependent`, just the claims whose evaluator reads World Bank data."""
    rows = []
    unknown = sorted(set(registry().loc[registry()["checkable"] == "yes", "evaluator"]) - set(EVALUATORS))
    if unknown:
        raise ScoError(f"data/claims.csv: evaluators {unknown} do not exist; known: {sorted(EVALUATORS)}.")
    claims = registry() if topics is None else registry().loc[lambda r: r["topic"].isin(topics)]
    if only_vintage_dependent:
        claims = claims.loc[claims["evaluator"].isin(USES_VINTAGE)]
    for _, claim in claims.iterrows():  # a few dozen claims, each with its own evaluator
        row = {
            "claim_id": claim["claim_id"],
            "computed_value": "",
            "gap": math.nan,
            "verdict": "not checkable",
            "method": "",
            "sources": "",
            "alternatives": "",
            "explanation": "",
            "error": "",
        }
        if claim["checkable"] == "yes":
            try:
                result = EVALUATORS[claim["evaluator"]](claim, vintage)
                verdict, gap = judge(claim, result.computed)
                row.update(
                    computed_value=str(result.computed),
                    gap=gap,
                    verdict=verdict,
                    method=result.method,
                    sources=result.sources,
                    alternatives=result.alternatives,
                    explanation=result.explanation,
                )
            except Exception as exc:  # reported as an error, never as "not checkable"
                row.update(verdict="error", error=f"{type(exc).__name__}: {exc}")
        rows.append(row)
    columns = [
        "claim_id",
        "computed_value",
        "gap",
        "verdict",
        "method",
        "sources",
        "alternatives",
        "explanation",
        "error",
    ]
    return pd.DataFrame(rows, columns=columns)


@stored(every_file)  # the claims read across all the data: evaluated once per change of data or code, then read back
def _kept(vintage: str, topics: tuple[str, ...] | None, only_vintage_dependent: bool) -> pd.DataFrame:
    """evaluate_once, kept in the disk store."""
    return evaluate_once(vintage, topics, only_vintage_dependent)


def evaluate(vintage: str = data.DEFAULT_VINTAGE, topics: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every claim (or those of some topics: timeline, trade, weight, other) with computed value, gap, verdict,
    method, sources; `vintage_sensitive` if another vintage would change the verdict."""
    data.check_vintage(vintage)
    unknown = sorted(set(topics or ()) - set(registry()["topic"]))
    if unknown:
        raise ScoError(f"unknown claim topics {unknown}; topics: {', '.join(sorted(set(registry()['topic'])))}.")
    main = _kept(vintage, topics, False)
    # a claim whose evaluator reads no World Bank data has the same verdict in every vintage
    same = main.set_index("claim_id")["verdict"]
    others = [
        _kept(v, topics, True).set_index("claim_id")["verdict"].reindex(same.index).fillna(same).rename(v)
        for v in data.VINTAGES
        if v != vintage
    ]
    verdicts = pd.concat(others, axis=1)
    sensitive = verdicts.ne(main.set_index("claim_id")["verdict"], axis=0).any(axis=1)
    other_verdicts = verdicts.apply(lambda r: "; ".join(f"{v}: {r[v]}" for v in verdicts.columns), axis=1)
    return (
        registry()
        .merge(main, on="claim_id", how="inner", validate="one_to_one")
        .assign(
            vintage=vintage,
            vintage_sensitive=lambda d: d["claim_id"].map(sensitive).astype("bool"),
            verdicts_other_vintages=lambda d: d["claim_id"].map(other_verdicts),
        )
        .assign(finding=findings)
    )


def raise_on_errors(results: pd.DataFrame) -> None:
    """Stop (so the build reports it) if any claim's evaluation raised."""
    errors = results.loc[results["verdict"] == "error"]
    if not errors.empty:
        lines = "; ".join(f"{r.claim_id} ({r.evaluator}): {r.error}" for r in errors.itertuples())
        raise ClaimEvaluationError(f"{len(errors)} claim(s) could not be evaluated: {lines}")


NUMERIC_UNITS = {"count", "years", "%", "US$ bn", "ratio", "bn persons"}


def numeric(results: pd.DataFrame) -> pd.DataFrame:
    """The evaluated claims with a number on both sides: claim_id, quantity, claimed, computed, unit, verdict."""
    rows = results.loc[
        results["unit"].isin(NUMERIC_UNITS) & (results["computed_value"] != "") & results["verdict"].isin(VERDICTS)
    ]
    return rows.assign(claimed=pd.to_numeric(rows["claimed_value"]), computed=pd.to_numeric(rows["computed_value"]))[
        ["claim_id", "quantity", "claimed", "computed", "unit", "verdict"]
    ].reset_index(drop=True)
