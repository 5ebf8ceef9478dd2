"""Trade: the 2017 figures summed by hand from named IMF DOTS rows, mirror figures, groups, gaps, bad input."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import EXPORTS, IMPORTS, MIRROR_EXPORTS, MIRROR_IMPORTS, by_hand, raw_rows

from sco_analysis import anomalies, intra, mirror, partners, trade
from sco_analysis.errors import ValidationError


def test_2017_china_reported_exports_imports_total_and_growth():
    got = trade.china_trade(2017)
    exports, imports = by_hand(EXPORTS, "partner", 2017), by_hand(IMPORTS, "partner", 2017)
    exports_16, imports_16 = by_hand(EXPORTS, "partner", 2016), by_hand(IMPORTS, "partner", 2016)
    assert got["exports"] == pytest.approx(exports / 1000)
    assert round(exports / 1000, 2) == 151.18
    assert got["imports"] == pytest.approx(imports / 1000)
    assert round(imports / 1000, 2) == 67.25
    assert got["total"] == pytest.approx((exports + imports) / 1000)
    assert got["exports_growth_pct"] == pytest.approx((exports / exports_16 - 1) * 100)
    assert got["imports_growth_pct"] == pytest.approx((imports / imports_16 - 1) * 100)
    assert got["total_growth_pct"] == pytest.approx(((exports + imports) / (exports_16 + imports_16) - 1) * 100)
    assert round(got["total_growth_pct"], 1) == 18.2  # the article says 19 %


def test_2017_mirror_figures():
    got = trade.china_trade(2017, source="mirror")
    assert got["exports"] == pytest.approx(by_hand(MIRROR_EXPORTS, "reporter", 2017) / 1000)
    assert got["imports"] == pytest.approx(by_hand(MIRROR_IMPORTS, "reporter", 2017) / 1000)
    assert got["exports_growth_pct"] == pytest.approx(
        (by_hand(MIRROR_EXPORTS, "reporter", 2017) / by_hand(MIRROR_EXPORTS, "reporter", 2016) - 1) * 100
    )
    # partners' imports are CIF (freight added) yet smaller in total: re-exports and timing, shown in the report
    table = trade.comparison(2017)
    assert table.loc["exports, US$ bn", "mirror vs China, %"] == pytest.approx(
        (by_hand(MIRROR_EXPORTS, "reporter", 2017) / by_hand(EXPORTS, "partner", 2017) - 1) * 100
    )


def test_default_group_follows_the_summit():
    assert partners.default_group(2017) == ["IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    assert partners.default_group(2016) == ["KAZ", "KGZ", "RUS", "TJK", "UZB"]  # India and Pakistan join at Astana 2017
    assert partners.resolve_partners("observers", 2017) == ["AFG", "BLR", "IRN", "MNG"]
    assert partners.resolve_partners("RUS,KAZ", 2017) == ["KAZ", "RUS"]


def test_share_of_china_trade_uses_the_world_row():
    world = {
        r["indicator"][:7]: float(r["value"])
        for r in raw_rows(EXPORTS)
        if r["partner"] == "World" and r["year"] == "2017"
    }
    assert world["Exports"] == pytest.approx(2_280_094.3, abs=0.05)  # SOURCE.md check figure
    share = trade.share_of_china_trade(2017)
    assert share["exports"] == pytest.approx(by_hand(EXPORTS, "partner", 2017) / world["Exports"] * 100)


def test_intra_matrix_keeps_gaps_and_fills_from_the_mirror():
    reported = intra.matrix(2018)
    assert math.isnan(reported.loc["KGZ", "PAK"])  # Kyrgyzstan reported no exports to Pakistan in 2018
    filled, mask = intra.matrix_filled(2018)
    mirror = next(
        float(r["value"])
        for r in raw_rows("imf-dots/sco_intra_imports_cif.csv")
        if r["reporter"] == "Pakistan" and r["partner"] == "Kyrgyz Rep." and r["year"] == "2018"
    )
    assert filled.loc["KGZ", "PAK"] == mirror
    assert bool(mask.loc["KGZ", "PAK"])
    assert int(mask.to_numpy().sum()) == 1
    small = intra.matrix(2001, ["CHN", "RUS", "AFG", "MNG"])
    assert math.isnan(small.loc["AFG", "MNG"])  # not reported: a gap, not a zero


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: trade.china_trade(1890), r"no China trade data for 1890 .* years with data: 1979-2020"),
        (lambda: trade.china_trade(2021), r"no China trade data for 2021"),
        (lambda: trade.china_trade(2017, ["XXX"]), r"unknown group or ISO3 code \['XXX'\]"),
        (lambda: trade.china_trade(2017, ["CHN"]), r"has no partner other than China in 2017"),
        (lambda: trade.china_trade(2017, []), r"the group is empty"),
        (lambda: trade.china_trade(2017, source="customs"), r"unknown source 'customs'; valid sources: china, mirror"),
    ],
)
def test_bad_input_names_the_valid_choices(call, message):
    with pytest.raises(ValidationError, match=message):
        call()


def test_explanation_states_the_measured_gaps():
    text = mirror.explain(2017)
    exports_gap = by_hand(MIRROR_EXPORTS, "reporter", 2017) / by_hand(EXPORTS, "partner", 2017) - 1
    imports_gap = by_hand(MIRROR_IMPORTS, "reporter", 2017) / by_hand(IMPORTS, "partner", 2017) - 1
    assert f"Partners report {abs(exports_gap) * 100:.1f} % less imports from China" in text
    assert exports_gap < 0
    assert "outweigh the CIF margin" in text  # a negative gap: the CIF margin would push it the other way
    # imports: the mirror is lower by more than the margin, so the margin is not offered as the reason
    assert imports_gap * 100 < -6  # the IMF's CIF/FOB factor, 1.06 (DOTS Yearbook 2017)
    assert "more than the CIF/FOB margin (the IMF's CIF/FOB factor is 1.06, about 6 %) explains" in text
    assert "as expected from the CIF/FOB margin" not in text


@pytest.mark.parametrize(
    ("gap", "expected"),
    [(-3.0, "as expected from the CIF/FOB margin"), (-25.0, "more than the CIF/FOB margin"), (4.0, "against the")],
)
def test_each_import_explanation_applies_only_where_the_gap_fits_it(gap, expected):
    assert expected in mirror._imports_reason(gap)


@pytest.mark.parametrize(
    ("gap", "expected"),
    [(-6.0, "outweigh the CIF margin"), (4.0, "in line with the CIF/FOB margin"), (30.0, "more than the CIF/FOB")],
)
def test_each_export_explanation_applies_only_where_the_gap_fits_it(gap, expected):
    assert expected in mirror._exports_reason(gap)


def test_growth_compares_the_same_partners_in_both_years(monkeypatch):
    # a built gap year: China's 2016 exports to Russia are absent, everything else present
    rows = [
        ("KAZ", 2016, "exports", 10.0),
        ("KAZ", 2017, "exports", 12.0),
        ("RUS", 2017, "exports", 50.0),
        ("KAZ", 2016, "imports", 4.0),
        ("KAZ", 2017, "imports", 5.0),
        ("RUS", 2016, "imports", 20.0),
        ("RUS", 2017, "imports", 30.0),
        ("WLD", 2016, "exports", 1000.0),
        ("WLD", 2017, "exports", 1100.0),
    ]
    fixture = pd.DataFrame(rows, columns=["partner", "year", "flow", "value_musd"]).assign(
        source="china", estimated=False
    )
    fixture = fixture.astype({"partner": "string", "source": "string", "flow": "string"})
    for cached in (trade.years, trade._partner_table):
        cached.cache_clear()
    monkeypatch.setattr(trade, "flows", lambda: fixture)
    try:
        got = trade.china_trade(2017, "KAZ,RUS")
        note = trade.growth_note(2017, "KAZ,RUS")
    finally:
        for cached in (trade.years, trade._partner_table):
            cached.cache_clear()
    assert got["exports"] == pytest.approx((12 + 50) / 1000)  # the year's total keeps every partner
    assert got["exports_growth_pct"] == pytest.approx((12 / 10 - 1) * 100)  # growth over KAZ alone
    assert got["exports_left_out"] == "RUS"
    assert got["imports_growth_pct"] == pytest.approx(((5 + 30) / (4 + 20) - 1) * 100)
    assert got["imports_left_out"] == ""
    assert got["total_growth_pct"] == pytest.approx(((12 + 5 + 30) / (10 + 4 + 20) - 1) * 100)
    assert got["total_left_out"] == "RUS"
    assert note.endswith("left out, as reported in one year only: China-reported exports: Russian Federation.")


def test_iran_mirror_figures_are_chinas_own_over_the_cif_fob_factor_and_the_text_says_so():
    """Iran's exports to China in the DOTS file are China's imports from Iran divided by 1.06, cell by cell."""
    from conftest import raw_rows

    china = {r["year"]: float(r["value"]) for r in raw_rows(IMPORTS) if r["partner"] == "Iran, Islamic Rep. of"}
    iran = {r["year"]: float(r["value"]) for r in raw_rows(MIRROR_IMPORTS) if r["reporter"] == "Iran, Islamic Rep. of"}
    derived = sorted(int(y) for y in iran if y in china and abs(iran[y] * 1.06 - china[y]) <= 1e-4 * china[y])
    assert derived == list(range(2000, 2020))
    found = anomalies.derived_mirrors().loc[lambda d: (d["partner"] == "IRN") & (d["flow"] == "imports"), "year"]
    assert sorted(found) == derived
    assert "Of these, Iran, Islamic Rep.'s exports to China are China's own figures divided or multiplied by 1.06" in (
        mirror.explain(2017, "observers")
    )
