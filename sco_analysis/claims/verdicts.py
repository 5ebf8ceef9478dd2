"""Verdicts: every claim of a registry evaluated for a data release and judged by its own rule; verdicts that another
release would change are flagged."""

from __future__ import annotations

import math

import pandas as pd

from .. import data
from ..errors import ScoError
from ..store import every_file, stored
from .checks import CHECKS
from .evaluation import Evaluation, parse_arguments, resolve
from .findings import findings
from .registry import DEFAULT, VERDICTS, Registry, context, field_of, load, place_and_days


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


def uses_vintage(claims: pd.DataFrame) -> pd.Series:
    """Whether each claim reads the data release (its arguments name @vintage): only those can change with it."""
    return claims["arguments"].str.contains("@vintage", regex=False)


def evaluation(registry: Registry, row: pd.Series, vintage: str) -> Evaluation:
    """What the data say about one checked claim: its check run with its arguments, the field it reads."""
    check = CHECKS[str(row["check"])]
    given = resolve(
        parse_arguments(str(row["arguments"]), check, str(row["claim_id"])), check, context(registry, row, vintage)
    )
    measured = check.run(**given, **({"claimed": str(row["claimed_value"])} if check.told_claim else {}))
    field = field_of(row)
    return Evaluation(
        measured.values[field],
        measured.text("method", field),
        measured.text("sources", field),
        measured.text("alternatives", field),
        measured.text("explanation", field),
    )


COLUMNS = ["claim_id", "computed_value", "gap", "verdict", "method", "sources", "alternatives", "explanation", "error"]


def evaluate_once(
    vintage: str, topics: tuple[str, ...] | None = None, only_vintage_dependent: bool = False, registry: str = DEFAULT
) -> pd.DataFrame:
    """Computed value, gap, verdict, method and sources of each claim for one vintage (errors kept as 'error'); with
    `only_vintage_dependent`, just the claims that read the data release."""
    loaded = load(registry)
    claims = loaded.claims if topics is None else loaded.claims.loc[lambda r: r["topic"].isin(topics)]
    if only_vintage_dependent:
        claims = claims.loc[uses_vintage(claims)]
    rows = []
    for _, claim in claims.iterrows():  # a few dozen claims, each with its own check
        row = dict.fromkeys(COLUMNS, "") | {"claim_id": claim["claim_id"], "gap": math.nan, "verdict": "not checkable"}
        if claim["check"]:
            try:
                result = evaluation(loaded, claim, vintage)
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
    return pd.DataFrame(rows, columns=COLUMNS)


@stored(every_file)  # the claims read across all the data: evaluated once per change of data or code, then read back
def _kept(
    vintage: str, topics: tuple[str, ...] | None, only_vintage_dependent: bool, registry: str, digest: str
) -> pd.DataFrame:
    """evaluate_once, kept in the disk store (the registry's digest in the key: an edited registry is a miss)."""
    return evaluate_once(vintage, topics, only_vintage_dependent, registry)


def evaluate(
    vintage: str = data.DEFAULT_VINTAGE, topics: tuple[str, ...] | None = None, registry: str = DEFAULT
) -> pd.DataFrame:
    """Every claim of a registry (or those of some topics) with computed value, gap, verdict, method, sources;
    `vintage_sensitive` if another vintage would change the verdict."""
    data.check_vintage(vintage)
    loaded = load(registry)
    unknown = sorted(set(topics or ()) - set(loaded.claims["topic"]))
    if unknown:
        raise ScoError(f"unknown claim topics {unknown}; topics: {', '.join(sorted(set(loaded.claims['topic'])))}.")
    main = _kept(vintage, topics, False, registry, loaded.digest)
    # a claim that does not read the data release has the same verdict in every vintage
    same = main.set_index("claim_id")["verdict"]
    others = [
        _kept(v, topics, True, registry, loaded.digest)
        .set_index("claim_id")["verdict"]
        .reindex(same.index)
        .fillna(same)
        .rename(v)
        for v in data.VINTAGES
        if v != vintage
    ]
    verdicts = pd.concat(others, axis=1)
    sensitive = verdicts.ne(main.set_index("claim_id")["verdict"], axis=0).any(axis=1)
    other_verdicts = verdicts.apply(lambda r: "; ".join(f"{v}: {r[v]}" for v in verdicts.columns), axis=1)
    return (
        loaded.claims.merge(main, on="claim_id", how="inner", validate="one_to_one")
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
        lines = "; ".join(f"{r.claim_id} ({r.check}): {r.error}" for r in errors.itertuples())
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
