"""The coverage of the 2025 Tianjin summit, checked by the same machinery as the 2018 articles: a registry of its
own, values derived by hand from named rows (the WDI cells of the countries the articles list, the summit and event
rows), the year of a 'latest' figure said in the finding, and the figures that differ between articles side by side.
"""

from __future__ import annotations

import re

import pytest
from conftest import DATA, ROOT, raw_rows, wdi_value

from sco_analysis.claims import cards, registry, verdicts

TIANJIN = "tianjin-2025"
CLAIMS = f"claims/{TIANJIN}/claims.csv"
# the ten members, two observers and fourteen dialogue partners as TASS lists them on 1 September 2025
# (data/claims/tianjin-2025/texts/tass_laos_20250901.txt), by ISO3
MEMBERS = ["RUS", "BLR", "IND", "IRN", "KAZ", "KGZ", "CHN", "PAK", "TJK", "UZB"]
OBSERVERS = ["AFG", "MNG"]
DIALOGUE_PARTNERS = ["AZE", "ARM", "BHR", "EGY", "KHM", "QAT", "KWT", "MDV", "MMR", "NPL", "ARE", "SAU", "TUR", "LKA"]
POPULATION, GDP = "wdi/sp.pop.totl.csv", "wdi/ny.gdp.mktp.cd.csv"


@pytest.fixture(scope="module")
def results():
    return verdicts.evaluate(registry=TIANJIN).set_index("claim_id")


def last_world_year(relpath: str) -> int:
    """The last year a WDI file has a World (WLD) value: the year a 'latest' claim is read for."""
    return max(int(r["Year"]) for r in raw_rows(relpath) if r["Country Code"] == "WLD" and r["Value"])


def share(relpath: str, codes: list[str], year: int) -> float:
    return sum(wdi_value(relpath, c, year) for c in codes) / wdi_value(relpath, "WLD", year) * 100


def test_the_registry_has_enough_claims_articles_and_few_it_cannot_check():
    rows = raw_rows(CLAIMS)
    unchecked = [r for r in rows if not r["check"]]
    assert len(rows) >= 20
    assert len({r["article"] for r in rows}) >= 3
    assert len(unchecked) * 4 <= len(rows)
    assert all(len(r["settle_with"]) > 40 for r in unchecked)


def test_the_text_of_the_tass_list_is_the_list_these_tests_use():
    text = (DATA / "claims/tianjin-2025/texts/tass_laos_20250901.txt").read_text("utf-8")
    assert "10 member states: Russia, Belarus, India, Iran, Kazakhstan, Kyrgyzstan, China, Pakistan" in text
    assert "two observer countries - Afghanistan and Mongolia - and 14 dialogue partners" in text
    assert len(MEMBERS) == 10
    assert len(DIALOGUE_PARTNERS) == 14


def test_shares_of_the_latest_year_are_hand_sums_of_named_wdi_rows(results):
    year = last_world_year(POPULATION)
    members = share(POPULATION, MEMBERS, year)
    everyone = share(POPULATION, MEMBERS + OBSERVERS + DIALOGUE_PARTNERS, year)
    assert float(results.loc["I04", "computed_value"]) == round(members, 2)
    assert float(results.loc["X06", "computed_value"]) == round(everyone, 2)
    # the finding says which year the figure is for, and that it is the latest the release has
    assert f"in {year} (the latest year of the World Bank WDI" in results.loc["X06", "finding"]
    gdp_year = last_world_year(GDP)
    assert float(results.loc["Y05", "computed_value"]) == round(share(GDP, MEMBERS, gdp_year), 2)
    total = sum(wdi_value(GDP, c, gdp_year) for c in MEMBERS)
    assert float(results.loc["W01", "computed_value"]) == round(total / 1e12, 2)
    china = wdi_value(GDP, "CHN", gdp_year) / total * 100
    assert float(results.loc["W03", "computed_value"]) == round(china, 2)
    assert results.loc["W03", "verdict"] == ("consistent" if china > 70 else "inconsistent")


def test_the_organization_of_the_sentence_is_read_both_ways(results):
    """'The organization covers ... 42% of the world's population': its ten members fit, the 26 countries do not;
    both readings are allowed, so the claim holds on half of them and the finding names those."""
    year = last_world_year(POPULATION)
    assert round(share(POPULATION, MEMBERS, year)) == 42
    assert round(share(POPULATION, MEMBERS + OBSERVERS + DIALOGUE_PARTNERS, year)) != 42
    y04 = results.loc["Y04"]
    assert y04["rating"] == "accurate"
    assert y04["readings_held"] * 2 == y04["readings_allowed"]
    assert "members (10 countries)" in y04["finding"]


def test_the_implied_share_of_chinas_trade_is_a_hand_sum_of_wdi_rows(results):
    """The $890 billion itself is not checkable (the IMF bilateral data end in 2020); the share of China's total
    trade it implies is: US$ 890 bn over China's merchandise exports plus imports in 2024."""
    exports = wdi_value("wdi/tx.val.mrch.cd.wt.csv", "CHN", 2024)
    imports = wdi_value("wdi/tm.val.mrch.cd.wt.csv", "CHN", 2024)
    assert float(results.loc["Y06", "computed_value"]) == round(890e9 / (exports + imports) * 100, 2)
    assert results.loc["X09", "verdict"] == "not checkable"
    assert "end in 2020" in results.loc["X09", "finding"]
    assert max(int(r["year"]) for r in raw_rows("imf-dots/china_exports_fob_by_partner.csv")) == 2020


def test_counts_and_dates_against_the_event_and_summit_rows(results):
    councils = {r["number"]: r for r in raw_rows("sco-timeline/sco_summits.csv") if "Heads of State" in r["series"]}
    assert results.loc["I01", "computed_value"] == councils["23"]["start_date"][:4]
    assert results.loc["I01", "rating"] == "inaccurate"  # 'last year' (2024) was Astana's; New Delhi's was 2023
    assert results.loc["Y07", "computed_value"] == councils["24"]["host_country"]
    assert results.loc["D01", "computed_value"] == f"{councils['25']['start_date']}/{councils['25']['end_date']}"
    merged = [r for r in raw_rows("curated/membership_events_amendments.csv") if r["status_to"] == "SCO partner"]
    assert int(results.loc["T06", "computed_value"]) == sum(len(r["iso3"].split(";")) for r in merged) == 17
    strategy = next(r for r in raw_rows("curated/dated_events.csv") if "Development Strategy" in r["event"])
    assert results.loc["Y09", "computed_value"] == strategy["start_date"] == councils["25"]["end_date"]
    assert results.loc["T03", "computed_value"] == "SCO partner"


def test_amounts_have_the_years_either_side_as_readings(results):
    """'About $2.1 trillion' for Russia: the latest year's GDP misses it, the year before is within 5 %."""
    year = last_world_year(GDP)
    latest, before = wdi_value(GDP, "RUS", year) / 1e12, wdi_value(GDP, "RUS", year - 1) / 1e12
    w06 = results.loc["W06"]
    assert float(w06["computed_value"]) == round(latest, 2)
    assert w06["verdict"] == ("inconsistent" if abs(latest / 2.1 - 1) > 0.05 else w06["verdict"])
    held = abs(round(before, 2) / 2.1 - 1) <= 0.05
    assert (w06["readings_held"] == 1) == held
    assert (f"({year - 1}, wdi-2026)" in w06["finding"]) == held


def test_figures_that_differ_between_articles_are_side_by_side(results):
    table = cards.side_by_side(results.reset_index())
    rows = raw_rows(CLAIMS)
    labels = {r["side_by_side"] for r in rows if r["side_by_side"]}
    shared = {label for label in labels if len({r["article"] for r in rows if r["side_by_side"] == label}) >= 2}
    alike = cards.side_by_side(results.reset_index(), differing=False)
    assert set(table["side_by_side"]) | set(alike["side_by_side"]) == shared
    assert not set(table["side_by_side"]) & set(alike["side_by_side"])
    # one fact at several precisions (2001, June 2001 in Shanghai, 2001-06-15) is a quantity the articles agree on
    assert "founding" in set(alike["side_by_side"])
    population = table.loc[table["side_by_side"] == "population share"]
    assert set(population["claimed_value"]) == {"50", "42", "42.4"}  # 'nearly half', 42 % and 42.4 %
    html = cards.side_by_side_html(results.reset_index(), registry.load(TIANJIN).articles)
    for claim in population.itertuples():
        assert re.search(rf'href="#{claim.claim_id}">.*?>{claim.rating}</span>', html)
    assert "previous summit" not in html  # one article only
    assert "founding (X02, X10, D03)" in html


def test_the_second_fact_check_is_a_report_of_its_own():
    import tomllib

    reports = tomllib.loads((ROOT / "reports.toml").read_text(encoding="utf-8"))
    runs = reports["tianjin"]["runs"]
    assert reports["tianjin"]["notebook"] == reports["claims"]["notebook"]
    assert all(run["registry"] == TIANJIN for run in runs)


def test_the_readme_states_the_ratings_the_data_give(results):
    counts = results["rating"].value_counts()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    stated = f"the {counts.sum()} claims rate " + ", ".join(
        f"{r['rating']}: {int(counts[r['rating']])}" for r in raw_rows("ratings.csv") if counts.get(r["rating"], 0)
    )
    assert f"Tianjin summit (report `tianjin`), {stated}" in readme
