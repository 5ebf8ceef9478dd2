"""Every factual claim of the two 2018 articles: registry (data/claims.csv) -> evaluation by code -> verdicts.

Each checkable claim names an evaluator below; evaluators compute the value only through the timeline, trade and
weight modules. The verdict follows the claim's own rule (`judged_by`, `tolerance`, `approx_tolerance`).
"""
from __future__ import annotations

import html
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import data, membership, summits, trade, weight
from .errors import SchemaError, ScoError

REGISTRY_FILE = "claims.csv"
REGISTRY_COLUMNS = ["claim_id", "article", "quote", "quantity", "claimed_value", "unit", "judged_by", "tolerance",
                    "approx_tolerance", "checkable", "evaluator", "topic", "settle_with"]
VERDICTS = ["consistent", "approximately consistent", "inconsistent", "not checkable"]
JUDGEMENTS = {"abs", "equal", "within", "exceeds"}
CLAIM_YEAR = 2017  # the last full year of data at the time of the articles (June 2018)


@dataclass(frozen=True)
class Evaluation:
    """What the data say about one claim."""
    computed: float | str
    method: str
    sources: str
    alternatives: str = ""


class ClaimEvaluationError(ScoError):
    """One or more claims could not be evaluated."""


# --- registry ------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def registry() -> pd.DataFrame:
    """The claims registry, checked: columns, articles, rules, and an evaluator for every checkable claim."""
    table = data.read_curated(REGISTRY_FILE)
    missing = [c for c in REGISTRY_COLUMNS if c not in table.columns]
    if missing:
        raise SchemaError(f"data/{REGISTRY_FILE}: missing columns {missing}.")
    if table["claim_id"].duplicated().any():
        raise SchemaError(f"data/{REGISTRY_FILE}: duplicate claim_id {table.loc[table['claim_id'].duplicated(), 'claim_id'].tolist()}.")
    checkable = table["checkable"] == "yes"
    unknown = sorted(set(table.loc[checkable, "evaluator"]) - set(EVALUATORS))
    if unknown:
        raise SchemaError(f"data/{REGISTRY_FILE}: evaluators {unknown} do not exist; known: {sorted(EVALUATORS)}.")
    bad_rule = sorted(set(table.loc[checkable, "judged_by"]) - JUDGEMENTS)
    if bad_rule:
        raise SchemaError(f"data/{REGISTRY_FILE}: judged_by {bad_rule} unknown; use one of {sorted(JUDGEMENTS)}.")
    if (table.loc[~checkable, "settle_with"] == "").any():
        raise SchemaError(f"data/{REGISTRY_FILE}: a claim that is not checkable must say what data would settle it.")
    return table


@lru_cache(maxsize=1)
def articles() -> pd.DataFrame:
    """The two articles: file, title, publisher, published (month), date_note."""
    return data.read_curated("curated/articles.csv")


# --- evaluators ----------------------------------------------------------------------------------------------

TIMELINE_SOURCES = "data/sco-timeline/sco_membership_events.csv + data/curated/membership_events_amendments.csv"
SUMMIT_SOURCES = "data/sco-timeline/sco_summits.csv (+ data/curated/summits_amendments.csv)"


def _count(status: str) -> Callable[[str], Evaluation]:
    def evaluate(vintage: str) -> Evaluation:
        n = int(membership.counts_as_of(qingdao())[status])
        return Evaluation(n, f"countries with status '{status}' on {qingdao()} (Qingdao summit), from the events table",
                          TIMELINE_SOURCES)
    return evaluate


def qingdao() -> str:
    """The opening day of the Qingdao summit (Heads of State Council 18), when both articles' figures apply."""
    return summits.summit(18)["start_date"].date().isoformat()


def qingdao_leaders(vintage: str) -> Evaluation:
    counts = membership.counts_as_of(qingdao())
    return Evaluation(int(counts["member"] + counts["observer"]),
                      f"members + observers on {qingdao()}: the states whose leaders sit at a Heads of State Council",
                      TIMELINE_SOURCES, f"with dialogue partners: {int(counts.sum())}")


def founding_month_place(vintage: str) -> Evaluation:
    founded = membership.founding_date()
    return Evaluation(f"{founded:%Y-%m} {summits.summit_on(founded)['host_city']}",
                      "first date any country has status 'member', and the summit held that day", TIMELINE_SOURCES
                      + "; " + SUMMIT_SOURCES)


def founding_date(vintage: str) -> Evaluation:
    return Evaluation(f"{membership.founding_date().date()}", "first date any country has status 'member'", TIMELINE_SOURCES)


def years_since_founding(vintage: str) -> Evaluation:
    years = (pd.Timestamp(qingdao()) - membership.founding_date()).days / 365.2425
    return Evaluation(round(years, 2), f"years from the founding to the Qingdao summit ({qingdao()})", TIMELINE_SOURCES)


def _summit_place(number: int) -> Evaluation:
    s = summits.summit(number)
    return Evaluation(str(s["host_city"]), f"host city of Heads of State Council {number}", SUMMIT_SOURCES)


def _summit_dates(number: int) -> Evaluation:
    s = summits.summit(number)
    return Evaluation(f"{s['start_date'].date()}/{s['end_date'].date()}", f"dates of Heads of State Council {number}",
                      SUMMIT_SOURCES)


def hsc14_place_date(vintage: str) -> Evaluation:
    s = summits.summit(14)
    return Evaluation(f"{s['host_city']} {s['start_date'].date()}/{s['end_date'].date()}",
                      "host city and dates of Heads of State Council 14; the claimed day must fall within them",
                      SUMMIT_SOURCES, f"notes: {s['notes']}")


def hsc14_speaker(vintage: str) -> Evaluation:
    speakers = data.read_curated("curated/summit_speakers.csv").astype({"number": "int64"})
    row = speakers.loc[(speakers["series"] == "SCO Heads of State Council") & (speakers["number"] == 14)].iloc[0]
    return Evaluation(str(row["person"]), f"who {row['what']}", f"data/curated/summit_speakers.csv ({row['source_url']})",
                      str(row["verification"]))


def first_summit_after_expansion(vintage: str) -> Evaluation:
    joined = membership.events().loc[lambda e: e["iso3"].isin(["IND", "PAK"]) & (e["status"] == "member"), "date"].max()
    councils = summits.heads_of_state_councils()
    first = councils.loc[councils["start_date"] > joined].iloc[0]
    return Evaluation(int(first["number"]), f"first Heads of State Council opening after India and Pakistan joined "
                      f"({joined.date()}): {first['host_city']} {first['start_date'].date()}",
                      TIMELINE_SOURCES + "; " + SUMMIT_SOURCES)


def shanghai_five(vintage: str) -> Evaluation:
    return Evaluation(";".join(membership.members_as_of("1996-04-26")), "members on 1996-04-26 (Shanghai Five formed)",
                      TIMELINE_SOURCES)


def founding_members(vintage: str) -> Evaluation:
    return Evaluation(";".join(membership.members_as_of(membership.founding_date())), "members on the founding day", TIMELINE_SOURCES)


def india_pakistan_year(vintage: str) -> Evaluation:
    since = membership.events().loc[lambda e: e["iso3"].isin(["IND", "PAK"]) & (e["status"] == "member"), "date"]
    years = sorted(set(since.dt.year))
    if len(years) != 1:
        raise ScoError(f"India and Pakistan joined in different years: {years}")
    return Evaluation(years[0], f"year of the events giving India and Pakistan status 'member' ({since.min().date()})",
                      TIMELINE_SOURCES)


def _trade(key: str, growth: bool) -> Callable[[str], Evaluation]:
    def evaluate(vintage: str) -> Evaluation:
        china = trade.china_trade(CLAIM_YEAR, None, "china")
        mirror = trade.china_trade(CLAIM_YEAR, None, "mirror")
        field = f"{key}_growth_pct" if growth else key
        partners = ", ".join(trade.default_group(CLAIM_YEAR))
        what = "growth 2017 over 2016, %" if growth else "2017, US$ bn"
        return Evaluation(round(float(china[field]), 2),
                          f"China-reported {key} with the other members ({partners}), {what}; IMF DOTS",
                          "data/imf-dots/china_exports_fob_by_partner.csv and china_imports_cif_by_partner.csv, "
                          "partner rows of the 7 members, 2016-2017",
                          f"partners' mirror figures: {mirror[field]:.2f}")
    return evaluate


def _share(indicator: str, group: str) -> Callable[[str], Evaluation]:
    def evaluate(vintage: str) -> Evaluation:
        used = data.vintage_for(indicator, vintage)
        total = weight.group_total(indicator, CLAIM_YEAR, group, qingdao(), used)
        table = weight.share_sensitivity(indicator, group, 0.0)
        spread = f"{table['value'].min():.1f}-{table['value'].max():.1f} % over group x year (2016-2018) x vintage"
        return Evaluation(round(float(total["share_pct"]), 2),
                          f"{weight.GROUP_LABELS[group]} on {qingdao()}: sum of {indicator} {CLAIM_YEAR} over the WLD row, "
                          f"vintage {used}",
                          f"{data.VINTAGES[used][indicator]}: rows of the {int(total['countries'])} countries and WLD, "
                          f"{CLAIM_YEAR}", f"other readings: {spread}")
    return evaluate


def population_members_over_3bn(vintage: str) -> Evaluation:
    used = data.vintage_for("population", vintage)
    total = weight.group_total("population", CLAIM_YEAR, "members", qingdao(), used)
    return Evaluation(round(float(total["total"]) / 1e9, 3), f"sum of the 8 members' population {CLAIM_YEAR}, bn, "
                      f"vintage {used}", f"{data.VINTAGES[used]['population']}: rows of the 8 members, {CLAIM_YEAR}")


def _growth(ratio: bool) -> Callable[[str], Evaluation]:
    def evaluate(vintage: str) -> Evaluation:
        used = data.vintage_for("gdp_growth", vintage)
        result = weight.average_growth("members", [2016], qingdao(), used)
        value = result["simple_ratio"] if ratio else result["simple_mean"]
        table = weight.growth_sensitivity()
        column = "ratio_to_world" if ratio else "value"
        return Evaluation(round(float(value), 3),
                          f"simple mean of the 8 members' GDP growth in 2016 (the last year 'up to the end of 2016')"
                          f"{' over the world growth' if ratio else ''}, vintage {used}",
                          f"{data.VINTAGES[used]['gdp_growth']}: rows of the 8 members and WLD, 2016",
                          f"other readings (group x span x vintage x mean): {table[column].min():.2f}-"
                          f"{table[column].max():.2f}")
    return evaluate


EVALUATORS: dict[str, Callable[[str], Evaluation]] = {
    "qingdao_leaders": qingdao_leaders, "founding_month_place": founding_month_place, "founding_date": founding_date,
    "years_since_founding": years_since_founding, "members_count": _count("member"),
    "observers_count": _count("observer"), "partners_count": _count("dialogue partner"),
    "hsc18_place": lambda v: _summit_place(18), "hsc18_dates": lambda v: _summit_dates(18),
    "first_summit_after_expansion": first_summit_after_expansion, "shanghai_five": shanghai_five,
    "founding_members": founding_members, "india_pakistan_year": india_pakistan_year,
    "hsc14_place_date": hsc14_place_date, "hsc14_speaker": hsc14_speaker,
    "trade_total_2017": _trade("total", False), "trade_total_growth_2017": _trade("total", True),
    "trade_exports_2017": _trade("exports", False), "trade_exports_growth_2017": _trade("exports", True),
    "trade_imports_2017": _trade("imports", False), "trade_imports_growth_2017": _trade("imports", True),
    "gdp_share_all": _share("gdp", "all"), "population_share_all": _share("population", "all"),
    "population_share_members": _share("population", "members"),
    "population_members_over_3bn": population_members_over_3bn,
    "members_growth_to_2016": _growth(False), "members_growth_ratio_to_2016": _growth(True),
}


# --- verdicts ------------------------------------------------------------------------------------------------

def judge(claim: pd.Series, computed: float | str) -> tuple[str, float]:
    """Verdict and numeric gap (computed - claimed; NaN where not numeric) by the claim's rule."""
    rule, claimed = claim["judged_by"], claim["claimed_value"]
    if rule == "equal":
        return ("consistent" if str(computed).strip().lower() == claimed.strip().lower() else "inconsistent"), math.nan
    if rule == "within":
        place, day = claimed.rsplit(" ", 1)
        got_place, span = str(computed).rsplit(" ", 1)
        start, end = span.split("/")
        ok = place.lower() == got_place.lower() and start <= day <= end
        return ("consistent" if ok else "inconsistent"), math.nan
    gap = float(computed) - float(claimed)
    if rule == "exceeds":
        return ("consistent" if float(computed) > float(claimed) else "inconsistent"), gap
    tolerance, approx = float(claim["tolerance"]), float(claim["approx_tolerance"])
    if abs(gap) <= tolerance + 1e-9:
        return "consistent", gap
    return ("approximately consistent" if abs(gap) <= approx + 1e-9 else "inconsistent"), gap


def _evaluate_once(vintage: str, topics: tuple[str, ...] | None = None) -> pd.DataFrame:
    rows = []
    claims = registry() if topics is None else registry().loc[lambda r: r["topic"].isin(topics)]
    for _, claim in claims.iterrows():  # a few dozen claims, each with its own evaluator
        row = {"claim_id": claim["claim_id"], "computed_value": "", "gap": math.nan, "verdict": "not checkable",
               "method": "", "sources": "", "alternatives": "", "error": ""}
        if claim["checkable"] == "yes":
            try:
                result = EVALUATORS[claim["evaluator"]](vintage)
                verdict, gap = judge(claim, result.computed)
                row.update(computed_value=str(result.computed), gap=gap, verdict=verdict, method=result.method,
                           sources=result.sources, alternatives=result.alternatives)
            except Exception as exc:  # reported as an error, never as "not checkable"
                row.update(verdict="error", error=f"{type(exc).__name__}: {exc}")
        rows.append(row)
    return pd.DataFrame(rows)


def evaluate(vintage: str = data.DEFAULT_VINTAGE, topics: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every claim (or those of some topics: timeline, trade, weight, other) with computed value, gap, verdict,
    method, sources; `vintage_sensitive` if another vintage would change the verdict."""
    data.check_vintage(vintage)
    unknown = sorted(set(topics or ()) - set(registry()["topic"]))
    if unknown:
        raise ScoError(f"unknown claim topics {unknown}; topics: {', '.join(sorted(set(registry()['topic'])))}.")
    main = _evaluate_once(vintage, topics)
    others = [_evaluate_once(v, topics)[["claim_id", "verdict"]].rename(columns={"verdict": v})
              for v in data.VINTAGES if v != vintage]
    verdicts = pd.concat([o.set_index("claim_id") for o in others], axis=1)
    sensitive = verdicts.ne(main.set_index("claim_id")["verdict"], axis=0).any(axis=1)
    other_verdicts = verdicts.apply(lambda r: "; ".join(f"{v}: {r[v]}" for v in verdicts.columns), axis=1)
    return (registry()
            .merge(main, on="claim_id", how="inner", validate="one_to_one")
            .assign(vintage=vintage,
                    vintage_sensitive=lambda d: d["claim_id"].map(sensitive).astype("bool"),
                    verdicts_other_vintages=lambda d: d["claim_id"].map(other_verdicts)))


def raise_on_errors(results: pd.DataFrame) -> None:
    """Stop (so the build reports it) if any claim's evaluation raised."""
    errors = results.loc[results["verdict"] == "error"]
    if not errors.empty:
        lines = "; ".join(f"{r.claim_id} ({r.evaluator}): {r.error}" for r in errors.itertuples())
        raise ClaimEvaluationError(f"{len(errors)} claim(s) could not be evaluated: {lines}")


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """Verdict counts per article."""
    return (results.assign(verdict=pd.Categorical(results["verdict"], categories=VERDICTS + ["error"]))
            .pivot_table(index="article", columns="verdict", values="claim_id", aggfunc="count", observed=False)
            .fillna(0).astype("int64"))


EXPORT_COLUMNS = ["claim_id", "article", "quote", "quantity", "claimed_value", "unit", "judged_by", "tolerance",
                  "approx_tolerance", "checkable", "computed_value", "gap", "verdict", "method", "sources",
                  "alternatives", "settle_with", "vintage", "vintage_sensitive", "verdicts_other_vintages", "error"]


def claim_reviews(results: pd.DataFrame) -> list[dict]:
    """One schema.org ClaimReview per claim, with the computed value, method and sources."""
    meta = articles().set_index("file")
    reviews = []
    for r in results.itertuples():
        article = meta.loc[r.article]
        reviews.append({
            "@context": "https://schema.org", "@type": "ClaimReview", "identifier": r.claim_id,
            "claimReviewed": r.quote,
            "itemReviewed": {"@type": "Claim", "appearance": {"@type": "NewsArticle", "name": article["title"],
                                                               "publisher": article["publisher"],
                                                               "datePublished": article["published"],
                                                               "identifier": r.article}},
            "reviewRating": {"@type": "Rating", "alternateName": r.verdict},
            "author": {"@type": "Organization", "name": "sco-analysis"},
            "claimedValue": r.claimed_value, "unit": r.unit, "computedValue": r.computed_value,
            "gap": None if pd.isna(r.gap) else round(float(r.gap), 4), "method": r.method, "sources": r.sources,
            "vintage": r.vintage, "vintageSensitive": bool(r.vintage_sensitive),
        })
    return reviews


def json_ld(results: pd.DataFrame) -> str:
    """The ClaimReviews as a JSON-LD <script> block, safe to embed in HTML (no '<' survives inside)."""
    payload = json.dumps(claim_reviews(results), ensure_ascii=False, sort_keys=True)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{payload}</script>'


def export_bundle(results: pd.DataFrame) -> dict:
    """The verdicts as data, for the build to write reports/claims.csv and reports/claims.json."""
    table = results[EXPORT_COLUMNS].assign(gap=results["gap"].round(4))
    return {"columns": EXPORT_COLUMNS,
            "rows": json.loads(table.to_json(orient="values")),
            "claimreview": claim_reviews(results)}


EXPORT_MIME = "application/vnd.sco.export+json"


def publish(results: pd.DataFrame) -> None:
    """Show the verdicts as a data output the build turns into reports/claims.csv and reports/claims.json."""
    from IPython.display import display

    bundle = {"name": "claims", **export_bundle(results)}
    display({EXPORT_MIME: bundle,
             "text/plain": f"{len(results)} claims exported as data (claims.csv, claims.json)"}, raw=True)


NUMERIC_UNITS = {"count", "years", "%", "US$ bn", "ratio", "bn persons"}


def numeric(results: pd.DataFrame) -> pd.DataFrame:
    """The evaluated claims with a numeric value on both sides (for the small charts)."""
    return results.loc[results["unit"].isin(NUMERIC_UNITS) & (results["computed_value"] != "")
                       & results["verdict"].isin(VERDICTS)]


def data_quality() -> pd.DataFrame:
    """Source problems detected on load plus members' trade-reporting gaps, with how each is handled."""
    gaps = trade.reporting_gaps()
    reporting = pd.DataFrame([{"source": "data/imf-dots (mirror flows, members)",
                               "problem": f"{r['partner']} did not report {r['mirror flow']} with China in "
                                          f"{r['years not reported']}",
                               "count": len(r["years not reported"].split(", ")),
                               "handling": "missing, not zero: mirror totals say how many partners are missing"}
                              for _, r in gaps.iterrows()])
    return pd.concat([data.quality_checks(), reporting], ignore_index=True)


def claims_table_html(results: pd.DataFrame) -> str:
    """The claims as an HTML table, every string escaped, each row coloured by its verdict."""
    headers = ["id", "quote", "what is claimed", "claimed", "data", "gap", "verdict", "method", "sources", "notes"]

    def text(value) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    body = []
    for r in results.itertuples():
        verdict = r.verdict + (" (vintage-sensitive)" if r.vintage_sensitive else "")
        notes = r.alternatives if r.checkable == "yes" else f"would be settled by: {r.settle_with}"
        cells = [r.claim_id, r.quote, r.quantity, f"{r.claimed_value} {r.unit}", r.computed_value, text(r.gap),
                 verdict, r.method, r.sources, notes]
        css = "verdict-" + r.verdict.split()[0]
        body.append(f"<tr class=\"{html.escape(css, quote=True)}\">"
                    + "".join(f"<td>{html.escape(text(c))}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    return f"<table class=\"claims\"><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
