"""Trade: the 2017 figures summed by hand from named IMF DOTS rows, mirror figures, groups, gaps, bad input."""
from __future__ import annotations

import math

import pytest

from conftest import EXPORTS, IMPORTS, MIRROR_EXPORTS, MIRROR_IMPORTS, by_hand, raw_rows
from sco_analysis import trade
from sco_analysis.errors import ValidationError



def test_2017_china_reported_exports_imports_total_and_growth():
    got = trade.china_trade(2017)
    exports, imports = by_hand(EXPORTS, "partner", 2017), by_hand(IMPORTS, "partner", 2017)
    exports_16, imports_16 = by_hand(EXPORTS, "partner", 2016), by_hand(IMPORTS, "partner", 2016)
    assert got["exports"] == pytest.approx(exports / 1000) and round(exports / 1000, 2) == 151.18
    assert got["imports"] == pytest.approx(imports / 1000) and round(imports / 1000, 2) == 67.25
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
        (by_hand(MIRROR_EXPORTS, "reporter", 2017) / by_hand(MIRROR_EXPORTS, "reporter", 2016) - 1) * 100)
    # partners' imports are CIF (freight added) yet smaller in total: re-exports and timing, shown in the report
    table = trade.comparison(2017)
    assert table.loc["exports, US$ bn", "mirror vs China, %"] == pytest.approx(
        (by_hand(MIRROR_EXPORTS, "reporter", 2017) / by_hand(EXPORTS, "partner", 2017) - 1) * 100)


def test_default_group_follows_the_summit():
    assert trade.default_group(2017) == ["IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    assert trade.default_group(2016) == ["KAZ", "KGZ", "RUS", "TJK", "UZB"]  # India and Pakistan join at Astana 2017
    assert trade.resolve_partners("observers", 2017) == ["AFG", "BLR", "IRN", "MNG"]
    assert trade.resolve_partners("RUS,KAZ", 2017) == ["KAZ", "RUS"]


def test_share_of_china_trade_uses_the_world_row():
    world = {r["indicator"][:7]: float(r["value"]) for r in raw_rows(EXPORTS) if r["partner"] == "World" and r["year"] == "2017"}
    assert world["Exports"] == pytest.approx(2_280_094.3, abs=0.05)  # SOURCE.md check figure
    share = trade.share_of_china_trade(2017)
    assert share["exports"] == pytest.approx(by_hand(EXPORTS, "partner", 2017) / world["Exports"] * 100)


def test_intra_matrix_keeps_gaps_and_fills_from_the_mirror():
    reported = trade.intra_matrix(2018)
    assert math.isnan(reported.loc["KGZ", "PAK"])  # Kyrgyzstan reported no exports to Pakistan in 2018
    filled, mask = trade.intra_matrix_filled(2018)
    mirror = next(float(r["value"]) for r in raw_rows("imf-dots/sco_intra_imports_cif.csv")
                  if r["reporter"] == "Pakistan" and r["partner"] == "Kyrgyz Rep." and r["year"] == "2018")
    assert filled.loc["KGZ", "PAK"] == mirror and bool(mask.loc["KGZ", "PAK"])
    assert int(mask.to_numpy().sum()) == 1
    small = trade.intra_matrix(2001, ["CHN", "RUS", "AFG", "MNG"])
    assert math.isnan(small.loc["AFG", "MNG"])  # not reported: a gap, not a zero


@pytest.mark.parametrize("call, message", [
    (lambda: trade.china_trade(1890), r"no China trade data for 1890 .* years with data: 1979-2020"),
    (lambda: trade.china_trade(2021), r"no China trade data for 2021"),
    (lambda: trade.china_trade(2017, ["XXX"]), r"unknown group or ISO3 code \['XXX'\]"),
    (lambda: trade.china_trade(2017, ["CHN"]), r"has no partner other than China in 2017"),
    (lambda: trade.china_trade(2017, []), r"the group is empty"),
    (lambda: trade.china_trade(2017, source="customs"), r"unknown source 'customs'; valid sources: china, mirror"),
])
def test_bad_input_names_the_valid_choices(call, message):
    with pytest.raises(ValidationError, match=message):
        call()


def test_explanation_states_the_measured_gaps():
    text = trade.explain(2017)
    mirror = by_hand(MIRROR_EXPORTS, "reporter", 2017) / by_hand(EXPORTS, "partner", 2017) - 1
    assert f"Partners report {abs(mirror) * 100:.1f} % less imports from China" in text
    assert "outweigh the CIF margin" in text
