"""Verdicts: every claim of a registry evaluated for a data release and judged by its own rule; verdicts that another
release would change are flagged."""

from __future__ import annotations

import math

import pandas as pd

from .. import data, records
from ..errors import ScoError
from ..store import every_file, stored
from . import rules, scale
from .checks import CHECKS
from .evaluation import AS_STATED, Evaluation, parse_arguments, reading_table, resolve
from .findings import findings
from .registry import DEFAULT, NUMERIC_RULES, VERDICTS, Registry, context, field_of, load


class ClaimEvaluationError(ScoError):
    """One or more claims could not be evaluated."""


def judge(claim: pd.Series, computed: float | int | str) -> tuple[str, float]:
    """Verdict and numeric gap (computed - claimed; NaN where not numeric) by the claim's rule (rules.py)."""
    rule, claimed = str(claim["judged_by"]), str(claim["claimed_value"])
    verdict = rules.verdict(rule, claimed, str(claim["unit"]), computed)
    numeric = rule in NUMERIC_RULES
    return verdict, (float(str(computed)) - float(claimed)) if numeric else math.nan


def stated_reading(about: str) -> tuple[str, object]:
    """A cited statement of the same figure as one more reading: ('as X, office, gave it on date', value)."""
    said = records.statement(about)
    when = f" on {said['date']}" if said["date"] else ""
    return f"as {said['speaker']}, {said['office']}, gave it{when}", str(said["value"])


def uses_vintage(claims: pd.DataFrame) -> pd.Series:
    """Whether each claim reads the data release (its arguments name @vintage): only those can change with it."""
    return claims["arguments"].str.contains("@vintage", regex=False)


def evaluation(registry: Registry, row: pd.Series, vintage: str) -> Evaluation:
    """What the data say about one checked claim: its check run with its arguments, the field it reads, and its
    readings (the stated one alone where the check has no other; a cited statement of the figure added as one)."""
    check = CHECKS[str(row["check"])]
    written = parse_arguments(str(row["arguments"]), check, str(row["claim_id"]))
    given = resolve(written, check, context(registry, row, vintage))
    measured = check.run(**given, **({"claimed": str(row["claimed_value"])} if check.told_claim else {}))
    field = field_of(row)
    value = measured.values[field]
    found = measured.readings
    shown = found.loc[found["field"] == field] if found is not None else reading_table([])
    if not shown["stated"].any():  # a check without readings: the one it computes
        shown = pd.concat([shown, reading_table([(field, "as computed", value, True, True)])], ignore_index=True)
    attribution = measured.text("attribution", field)
    if AS_STATED in written:
        words, said = stated_reading(written[AS_STATED])
        shown = pd.concat([shown, reading_table([(field, words, said, True, False)])], ignore_index=True)
        attribution = attribution or f"{words.removeprefix('as ').replace(' gave it', f' gave {said}', 1)}"
    return Evaluation(
        value,
        measured.text("method", field),
        measured.text("sources", field),
        measured.text("alternatives", field),
        measured.text("explanation", field),
        shown.reset_index(drop=True),
        attribution,
        measured.when,
    )


def weigh(claim: pd.Series, result: Evaluation) -> dict[str, object]:
    """The verdict on every reading, and what they add up to: how many of the readings the sentence allows hold,
    are close (approximately consistent) or fail, the reading it does not state that fits best, the rating, and the
    rule in words."""
    rule, claimed, unit = str(claim["judged_by"]), str(claim["claimed_value"]), str(claim["unit"])
    readings = result.readings if result.readings is not None else reading_table([])
    verdicts = readings["value"].map(lambda v: rules.verdict(rule, claimed, unit, v))
    holds, allowed = verdicts.isin(list(scale.holding(rule))), readings["admissible"]
    order = verdicts.map({rules.CONSISTENT: 0, rules.APPROX: 1}).fillna(2)
    closeness = readings["rank"] if "rank" in readings.columns else 0  # how far a reading is from the stated one
    elsewhere = readings.assign(order=order, closeness=closeness).loc[~allowed & holds]
    elsewhere = elsewhere.sort_values(["order", "closeness"], kind="stable")
    counts = verdicts[allowed].value_counts()
    verdict, _ = judge(claim, result.computed)
    held, total = int((holds & allowed).sum()), int(allowed.sum())
    near = bool(((verdicts == rules.APPROX) & allowed).any())
    which = readings.loc[allowed & holds, "reading"].head(3).tolist()
    detail = claim["weight"] == "detail"
    return {
        "rating": scale.rate(verdict, held, total, detail, not elsewhere.empty, near),
        "readings_held": held,
        "readings_close": int(counts.get(rules.APPROX, 0)),
        "readings_allowed": total,
        "held_on": "; ".join(which) + ("; ..." if held > 3 else ""),
        "fits": "" if elsewhere.empty else f"{elsewhere['reading'].iloc[0]} ({elsewhere['value'].iloc[0]})",
        "rule": rules.in_words(rule, claimed, unit),
    }


COLUMNS = [
    "claim_id",
    "computed_value",
    "gap",
    "verdict",
    "rating",
    "readings_held",
    "readings_close",
    "readings_allowed",
    "held_on",
    "fits",
    "rule",
    "attribution",
    "when",
    "method",
    "sources",
    "alternatives",
    "explanation",
    "error",
]


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
        row = dict.fromkeys(COLUMNS, "") | {
            "claim_id": claim["claim_id"],
            "gap": math.nan,
            "verdict": "not checkable",
            "rating": "not checkable",
            "readings_held": 0,
            "readings_close": 0,
            "readings_allowed": 0,
        }
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
                    attribution=result.attribution,
                    when=result.when,
                    **weigh(claim, result),
                )
            except Exception as exc:  # reported as an error, never as "not checkable"
                row.update(verdict="error", rating="error", error=f"{type(exc).__name__}: {exc}")
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS).astype(
        dict.fromkeys(["readings_held", "readings_close", "readings_allowed"], "int64")
    )


@stored(every_file)  # the claims read across all the data: evaluated once per change of data or code, then read back
def _kept(
    vintage: str, topics: tuple[str, ...] | None, only_vintage_dependent: bool, registry: str, digest: str
) -> pd.DataFrame:
    """evaluate_once, kept in the disk store (the registry's digest in the key: an edited registry is a miss)."""
    return evaluate_once(vintage, topics, only_vintage_dependent, registry)


def evaluate(
    vintage: str = data.DEFAULT_VINTAGE, topics: tuple[str, ...] | None = None, registry: str = DEFAULT
) -> pd.DataFrame:
    """Every claim of a registry (or those of some topics) with computed value, gap, verdict, rating, readings,
    method, sources and finding; `vintage_sensitive` if another data release would change the rating."""
    data.check_vintage(vintage)
    loaded = load(registry)
    unknown = sorted(set(topics or ()) - set(loaded.claims["topic"]))
    if unknown:
        raise ScoError(f"unknown claim topics {unknown}; topics: {', '.join(sorted(set(loaded.claims['topic'])))}.")
    main = _kept(vintage, topics, False, registry, loaded.digest)
    # a claim that does not read the data release has the same rating in every vintage
    same = main.set_index("claim_id")["rating"]
    others = [
        _kept(v, topics, True, registry, loaded.digest)
        .set_index("claim_id")["rating"]
        .reindex(same.index)
        .fillna(same)
        .rename(v)
        for v in data.VINTAGES
        if v != vintage
    ]
    verdicts = pd.concat(others, axis=1)
    sensitive = verdicts.ne(same, axis=0).any(axis=1)
    other_verdicts = verdicts.apply(lambda r: "; ".join(f"{v}: {r[v]}" for v in verdicts.columns), axis=1)
    return (
        loaded.claims.merge(main, on="claim_id", how="inner", validate="one_to_one")
        .assign(
            vintage=vintage,
            vintage_sensitive=lambda d: d["claim_id"].map(sensitive).astype("bool"),
            other_vintages=lambda d: d["claim_id"].map(other_verdicts),
        )
        .assign(finding=findings)
    )


def raise_on_errors(results: pd.DataFrame) -> None:
    """Stop (so the build reports it) if any claim's evaluation raised."""
    errors = results.loc[results["verdict"] == "error"]
    if not errors.empty:
        lines = "; ".join(f"{r.claim_id} ({r.check}): {r.error}" for r in errors.itertuples())
        raise ClaimEvaluationError(f"{len(errors)} claim(s) could not be evaluated: {lines}")


NUMERIC_UNITS = {"count", "years", "%", "US$ bn", "US$ trn", "ratio", "bn persons"}


def numeric(results: pd.DataFrame) -> pd.DataFrame:
    """The evaluated claims with a number on both sides: claim_id, quantity, claimed, computed, unit, verdict."""
    rows = results.loc[
        results["unit"].isin(NUMERIC_UNITS) & (results["computed_value"] != "") & results["verdict"].isin(VERDICTS)
    ]
    return rows.assign(claimed=pd.to_numeric(rows["claimed_value"]), computed=pd.to_numeric(rows["computed_value"]))[
        ["claim_id", "quantity", "claimed", "computed", "unit", "verdict"]
    ].reset_index(drop=True)
