"""Claims: verbatim quotes, every verdict, values derived by hand from named rows, errors reported as errors,
vintage flags, and the ClaimReview export."""

from __future__ import annotations

import json

import pytest
from conftest import ALL_2018, DATA, EXPORTS, IMPORTS, by_hand, raw_rows, wdi_value

from sco_analysis.claims import cards, evaluators, export, readings, registry, verdicts


@pytest.fixture(scope="module")
def results():
    return verdicts.evaluate()


def test_every_quote_occurs_verbatim_in_its_article():
    rows = raw_rows("claims.csv")
    assert len(rows) >= 36
    texts = {p.name: p.read_text(encoding="utf-8") for p in (DATA / "sources").glob("*.txt")}
    for row in rows:
        assert row["quote"] in texts[row["article"]], row["claim_id"]
    assert {r["article"] for r in rows} == set(texts)


def test_every_verdict_category_occurs(results):
    assert set(results["verdict"]) == set(registry.VERDICTS)
    assert len(results) == len(raw_rows("claims.csv"))


def row(results, claim_id):
    return results.set_index("claim_id").loc[claim_id]


def test_counts_and_dates_against_the_event_and_summit_rows(results):
    events = raw_rows("sco-timeline/sco_membership_events.csv")
    founding = next(r for r in events if r["event"].startswith("SCO founded"))
    assert (row(results, "B08")["verdict"], row(results, "B08")["computed_value"]) == ("consistent", founding["date"])
    joined = next(r for r in events if r["event"] == "full membership" and r["iso3"] == "IND;PAK")
    assert row(results, "B13")["computed_value"] == joined["date"][:4] == "2017"
    qingdao = next(
        r for r in raw_rows("sco-timeline/sco_summits.csv") if r["number"] == "18" and r["series"] != "Shanghai Five"
    )
    assert row(results, "B01")["computed_value"] == qingdao["host_city"]
    assert row(results, "B02")["computed_value"] == f"{qingdao['start_date']}/{qingdao['end_date']}"
    speaker = next(r for r in raw_rows("curated/summit_speakers.csv") if r["number"] == "14")
    assert (row(results, "B28")["verdict"], row(results, "B28")["computed_value"]) == (
        "inconsistent",
        speaker["person"],
    )


def test_trade_claims_are_hand_sums_of_named_dots_rows(results):
    exports, imports = by_hand(EXPORTS, "partner", 2017), by_hand(IMPORTS, "partner", 2017)
    assert float(row(results, "B15")["computed_value"]) == round((exports + imports) / 1000, 2)
    assert float(row(results, "B19")["computed_value"]) == round(imports / 1000, 2)
    assert row(results, "B19")["verdict"] == "consistent"  # 67.25 against 67.3, within 1


def test_share_claims_are_hand_sums_of_named_wdi_rows(results):
    population = sum(wdi_value("wdi/sp.pop.totl.csv", c, 2017) for c in ALL_2018)
    share = population / wdi_value("wdi/sp.pop.totl.csv", "WLD", 2017) * 100
    assert float(row(results, "A10")["computed_value"]) == round(share, 2)
    assert row(results, "A10")["verdict"] == ("inconsistent" if abs(share - 40) > 3 else "approximately consistent")


def test_reference_date_and_year_come_from_the_tables():
    months = {r["published"] for r in raw_rows("curated/articles.csv")}
    assert months == {"2018-06"}
    council = next(r for r in raw_rows("sco-timeline/sco_summits.csv") if r["start_date"].startswith("2018-06"))
    assert registry.reference_date() == council["start_date"]
    assert registry.claim_year() == 2017


def test_not_checkable_claims_say_what_would_settle_them(results):
    unchecked = results.loc[results["verdict"] == "not checkable"]
    assert len(unchecked) >= 1
    assert unchecked["settle_with"].str.len().gt(10).all()


def test_growth_claim_is_flagged_vintage_sensitive(results):
    growth = row(results, "B24")
    assert bool(growth["vintage_sensitive"])
    assert "wb-2021: consistent" in growth["verdicts_other_vintages"]
    assert verdicts.evaluate("wb-2021").set_index("claim_id").loc["B24", "verdict"] == "consistent"


def test_readings_take_the_claimed_values_from_the_registry():
    claimed = {
        r["claim_id"]: float(r["claimed_value"])
        for r in raw_rows("claims.csv")
        if r["claim_id"] in readings.claim_ids()
    }
    assert set(claimed) == {"A09", "A10", "B21", "B24"}
    for claim_id, value in claimed.items():
        assert set(readings.for_claim(claim_id)["claimed"]) == {value}


def test_a_failing_evaluation_is_an_error_not_unchecked(monkeypatch):
    def broken(claim, vintage):
        raise KeyError("RUS")

    monkeypatch.setitem(evaluators.EVALUATORS, "trade_total_2017", broken)
    results = verdicts.evaluate_once("wdi-2026").set_index("claim_id")
    assert results.loc["B15", "verdict"] == "error"
    assert "KeyError" in results.loc["B15", "error"]
    with pytest.raises(verdicts.ClaimEvaluationError, match=r"B15 \(trade_total_2017\): KeyError: 'RUS'"):
        verdicts.raise_on_errors(results.reset_index().assign(evaluator="trade_total_2017"))


def test_claim_review_shape(results):
    reviews = export.claim_reviews(results)
    assert len(reviews) == len(results)
    by_id = {r["identifier"]: r for r in reviews}
    first = by_id["A06"]
    assert first["@type"] == "ClaimReview"
    assert first["itemReviewed"]["appearance"]["datePublished"] == "2018-06"
    assert first["url"] == "claims/default.html#A06"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "consistent",
        "ratingValue": 3,
        "bestRating": 3,
        "worstRating": 1,
    }
    assert by_id["B14"]["reviewRating"] == {"@type": "Rating", "alternateName": "not checkable"}
    extra = {p["name"]: p["value"] for p in by_id["B28"]["additionalProperty"]}
    assert extra["claimedValue"] == "Li Keqiang"
    assert extra["computedValue"] == "Xi Jinping"
    assert all(p["@type"] == "PropertyValue" for r in reviews for p in r["additionalProperty"])
    json.dumps(reviews)  # plain JSON: no numpy values left


def test_review_urls_point_at_the_configured_claims_pages():
    from conftest import ROOT

    from sco_analysis.reporting import plan

    pages = {
        f"{run.report}/{run.slug}.html": run.resolved["vintage"] for run in plan.plan(ROOT / "reports.toml", ["claims"])
    }
    assert {export.review_page(vintage): vintage for vintage in pages.values()} == pages


def test_claims_csv_has_one_row_per_claim(results):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(export.claims_csv(results))))
    assert [r["claim_id"] for r in rows] == [r["claim_id"] for r in raw_rows("claims.csv")]
    assert rows[0].keys() == set(export.CSV_COLUMNS)


def test_claims_outside_uses_vintage_give_the_same_value_in_every_vintage():
    from sco_analysis import data

    values = {v: verdicts.evaluate_once(v).set_index("claim_id")["computed_value"] for v in data.VINTAGES}
    free = registry.registry().loc[lambda r: (r["checkable"] == "yes") & ~r["evaluator"].isin(evaluators.USES_VINTAGE)]
    for claim_id in free["claim_id"]:
        assert len({values[v][claim_id] for v in data.VINTAGES}) == 1, claim_id


def test_findings_are_written_from_the_numbers():
    results = verdicts.evaluate().set_index("claim_id")
    imports = by_hand(IMPORTS, "partner", 2017) / 1000  # the seven partners' rows, summed by hand
    claimed = float(next(r for r in raw_rows("claims.csv") if r["claim_id"] == "B19")["claimed_value"])
    side = "below" if imports < claimed else "above"
    assert results.loc["B19", "finding"].endswith(
        f"US$ {imports:,.2f} bn, {abs(imports / claimed - 1) * 100:.1f} % {side} the claimed US$ {claimed:g} bn."
    )
    assert results.loc["B28", "finding"].endswith("Xi Jinping, not Li Keqiang as the article says.")
    assert results.loc["B14", "finding"].startswith("Not checkable with a source found here: it would take")


def test_one_card_per_quoted_sentence_and_one_line_per_claim():
    results = verdicts.evaluate()
    page = cards.cards_html(results)
    quotes = {(r["article"], r["quote"]) for r in raw_rows("claims.csv")}
    assert page.count('<article class="card"') == len(quotes)
    for row in raw_rows("claims.csv"):
        assert page.count(f'<div class="claim" id="{row["claim_id"]}">') == 1
    summary = cards.summary_html(results)
    wrong = [r.claim_id for r in results.itertuples() if r.verdict == "inconsistent"]
    assert all(f'href="#{claim_id}"' in summary for claim_id in wrong)


def test_the_readme_states_the_verdict_counts_the_data_give():
    counts = verdicts.evaluate()["verdict"].value_counts()
    readme = " ".join((DATA.parent / "README.md").read_text(encoding="utf-8").split())
    stated = (
        f"of the {counts.sum()} claims, {counts['consistent']} are consistent with the data, "
        f"{counts['approximately consistent']} approximately, {counts['inconsistent']} inconsistent and "
        f"{counts['not checkable']} not checkable"
    )
    assert stated in readme


def test_the_registry_settles_almost_every_claim_and_uses_every_verdict():
    rows = raw_rows("claims.csv")
    assert len(rows) >= 45
    not_checkable = [r for r in rows if r["checkable"] == "no"]
    assert len(not_checkable) <= 4
    assert all("Not found" in r["settle_with"] for r in not_checkable)  # each says what was tried
    assert set(verdicts.evaluate()["verdict"]) == set(registry.VERDICTS)
