"""Claims: verbatim quotes, every verdict, errors reported as errors, vintage flags, safe HTML and JSON-LD."""
from __future__ import annotations

import json

import pytest

from conftest import DATA, raw_rows
from sco_analysis import claims


@pytest.fixture(scope="module")
def results():
    return claims.evaluate()


def test_every_quote_occurs_verbatim_in_its_article():
    rows = raw_rows("claims.csv")
    assert len(rows) >= 36
    texts = {p.name: p.read_text(encoding="utf-8") for p in (DATA / "sources").glob("*.txt")}
    for row in rows:
        assert row["quote"] in texts[row["article"]], row["claim_id"]
    assert {r["article"] for r in rows} == set(texts)


def test_every_verdict_category_occurs(results):
    assert set(results["verdict"]) == set(claims.VERDICTS)
    assert len(results) == len(raw_rows("claims.csv"))


@pytest.mark.parametrize("claim_id, verdict, computed", [
    ("A06", "consistent", "8"), ("A07", "consistent", "4"), ("A08", "consistent", "6"),
    ("B08", "consistent", "2001-06-15"), ("B13", "consistent", "2017"), ("B01", "consistent", "Qingdao"),
    ("B27", "consistent", "Dushanbe 2014-09-11/2014-09-12"), ("B28", "inconsistent", "Xi Jinping"),
    ("B19", "consistent", "67.25"), ("B15", "consistent", "218.44"), ("A10", "inconsistent", "45.74"),
])
def test_known_verdicts(results, claim_id, verdict, computed):
    row = results.set_index("claim_id").loc[claim_id]
    assert (row["verdict"], row["computed_value"]) == (verdict, computed)


def test_not_checkable_claims_say_what_would_settle_them(results):
    unchecked = results.loc[results["verdict"] == "not checkable"]
    assert len(unchecked) >= 8 and unchecked["settle_with"].str.len().gt(10).all()


def test_growth_claim_is_flagged_vintage_sensitive(results):
    row = results.set_index("claim_id").loc["B24"]
    assert bool(row["vintage_sensitive"]) and "wb-2021: consistent" in row["verdicts_other_vintages"]
    assert claims.evaluate("wb-2021").set_index("claim_id").loc["B24", "verdict"] == "consistent"


def test_a_failing_evaluation_is_an_error_not_unchecked(monkeypatch):
    def broken(vintage):
        raise KeyError("RUS")
    monkeypatch.setitem(claims.EVALUATORS, "trade_total_2017", broken)
    results = claims._evaluate_once("wdi-2026").set_index("claim_id")
    assert results.loc["B15", "verdict"] == "error" and "KeyError" in results.loc["B15", "error"]
    with pytest.raises(claims.ClaimEvaluationError, match=r"B15 \(trade_total_2017\): KeyError: 'RUS'"):
        claims.raise_on_errors(results.reset_index().assign(evaluator="trade_total_2017"))


def test_claim_review_shape(results):
    reviews = claims.claim_reviews(results)
    assert len(reviews) == len(results)
    first = reviews[0]
    assert first["@type"] == "ClaimReview" and first["itemReviewed"]["appearance"]["datePublished"] == "2018-06"
    assert first["reviewRating"]["alternateName"] in claims.VERDICTS


def test_injected_markup_comes_out_inert(results):
    evil = results.copy()
    evil.loc[0, "quote"] = '<script>alert(1)</script>'
    evil.loc[0, "sources"] = "javascript:alert(1)"
    table = claims.claims_table_html(evil)
    assert "<script>" not in table and "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    block = claims.json_ld(evil)
    assert block.count("<") == 2  # only the opening and closing tags of the JSON-LD block
    assert json.loads(block.split(">", 1)[1].rsplit("<", 1)[0])[0]["claimReviewed"] == '<script>alert(1)</script>'
    from sco_analysis import plots

    assert plots.safe_link("javascript:alert(1)") == "javascript:alert(1)"
    assert plots.safe_link("https://example.org/a?b=1&c=2").startswith('<a href="https://example.org/a?b=1&amp;c=2"')
    cited = plots.cited_table(evil.assign(source_url="javascript:alert(1)")[["claim_id", "quote", "source_url"]])
    assert "<script>" not in cited and "href" not in cited and "&lt;script&gt;" in cited
