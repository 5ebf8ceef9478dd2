"""Figures: each figure function against a baseline image (pytest-mpl), and byte-identical saves.

Regenerate the baselines after an intended change with `make baselines` (then look at them and commit).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sco_analysis import events, growth, intra, membership, statuses, summits, trade, weight
from sco_analysis.claims import verdicts
from sco_analysis.plots import claims, style, timeline
from sco_analysis.plots import trade as trade_plots
from sco_analysis.plots import weight as weight_plots

COMPARE = {
    "baseline_dir": "baseline",
    "tolerance": 2,
    "style": str(style.STYLE),
    "savefig_kwargs": {"metadata": style.SAVE_METADATA["png"]},
}


@pytest.mark.mpl_image_compare(filename="timeline_chart.png", **COMPARE)
def test_timeline_chart():
    shown = summits.summits().loc[lambda s: s["series_code"] != "HGC"]
    return timeline.timeline_chart(membership.status_spans(), shown, "2018-06-09", events.reviewed_through())


@pytest.mark.mpl_image_compare(filename="counts_chart.png", **COMPARE)
def test_counts_chart():
    return timeline.counts_chart(membership.counts_over_time(), "2018-06-09")


@pytest.mark.mpl_image_compare(filename="trade_series_chart.png", **COMPARE)
def test_trade_series_chart():
    return trade_plots.trade_series_chart(trade.series(2001, 2020), [2017], 2017, "the other SCO members")


@pytest.mark.mpl_image_compare(filename="partner_bars_chart.png", **COMPARE)
def test_partner_bars_chart():
    return trade_plots.partner_bars_chart(trade.partner_table(2017), 2017)


@pytest.mark.mpl_image_compare(filename="intra_heatmap.png", **COMPARE)
def test_intra_heatmap():
    matrix, filled = intra.matrix_filled(2018)
    return trade_plots.intra_heatmap(matrix, filled, 2018)


@pytest.mark.mpl_image_compare(filename="shares_chart.png", **COMPARE)
def test_shares_chart():
    return weight_plots.shares_chart(
        weight.shares_over_time(2001, 2025), [2004, 2005, 2009, 2012, 2015, 2017], "wdi-2026"
    )


@pytest.mark.mpl_image_compare(filename="growth_chart.png", **COMPARE)
def test_growth_chart():
    return weight_plots.growth_chart(growth.growth_by_year(2001, 2024), "wdi-2026")


@pytest.mark.mpl_image_compare(filename="claims_chart.png", **COMPARE)
def test_claims_chart():
    return claims.claims_chart(verdicts.numeric(verdicts.evaluate()))


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_saving_is_byte_identical(tmp_path, suffix):
    first = style.save(timeline.counts_chart(membership.counts_over_time(), "2018-06-09"), tmp_path / f"a.{suffix}")
    second = style.save(timeline.counts_chart(membership.counts_over_time(), "2018-06-09"), tmp_path / f"b.{suffix}")
    assert first.read_bytes() == second.read_bytes()
    if suffix == "svg":
        text = first.read_text()
        assert "<dc:date>" not in text
        assert "matplotlib.org" not in text.split("<svg", 1)[0]


def test_png_for_notebooks_is_deterministic():
    fig = timeline.counts_chart(membership.counts_over_time(), "2018-06-09")
    assert style.png_bytes(fig) == style.png_bytes(timeline.counts_chart(membership.counts_over_time(), "2018-06-09"))


def test_a_changed_figure_function_fails_the_baseline_comparison(tmp_path, monkeypatch):
    """What `make test` would report after, say, a colour change; `make baselines` then makes it pass again."""
    from matplotlib.testing.compare import compare_images

    baseline = str(Path(__file__).with_name("baseline") / "counts_chart.png")
    same = tmp_path / "same.png"
    same.write_bytes(style.png_bytes(timeline.counts_chart(membership.counts_over_time(), "2018-06-09")))
    assert compare_images(baseline, str(same), tol=2) is None
    monkeypatch.setattr(
        statuses, "colours", lambda: {**statuses.table().set_index("status")["colour"], "member": "#CC79A7"}
    )
    changed = tmp_path / "changed.png"
    changed.write_bytes(style.png_bytes(timeline.counts_chart(membership.counts_over_time(), "2018-06-09")))
    assert compare_images(baseline, str(changed), tol=2) is not None


def test_each_text_alternative_ends_with_the_finding_the_chart_title_states():
    """Titles sit on the left in the house style; a text alternative read from the centre title came out as '. .'."""
    counts = timeline.counts_chart(membership.counts_over_time(), "2018-06-09")
    bars = trade_plots.partner_bars_chart(trade.partner_table(2017), 2017)
    growth_fig = weight_plots.growth_chart(growth.growth_by_year(2001, 2024), "wdi-2026")
    for fig in (counts, bars, growth_fig):
        shown = style.title(fig.axes[0])
        assert shown
        assert style.alt_text(fig).endswith(f" {shown}.")
        assert ". ." not in style.alt_text(fig)
    # India and Pakistan became the 7th and 8th members at Astana on 2017-06-09 (events table, cited rows)
    assert "8 members" in style.alt_text(counts)
