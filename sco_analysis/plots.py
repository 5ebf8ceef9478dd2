"""Figures: each function takes tidy frames and returns a matplotlib Figure in the house style, with a source line."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .style import (GROUP_COLOURS, SOURCE_DOTS, SOURCE_TIMELINE, SOURCE_WDI, STATUS_COLOURS, house_style, mark_dates,
                    source_line, year_axis)


def timeline_chart(spans: pd.DataFrame, summits: pd.DataFrame, as_of: str | pd.Timestamp) -> Figure:
    """One band per country coloured by status over time, summits marked with host cities, a line at `as_of`."""
    as_of = pd.Timestamp(as_of)
    first = spans.groupby("iso3")["start"].min().sort_values(kind="stable")
    order = list(first.index)
    names = spans.drop_duplicates("iso3").set_index("iso3")["country"]
    with house_style():
        fig = Figure(figsize=(12, 0.3 * len(order) + 3.2), layout="constrained")
        ax = fig.subplots()
        # from the January of the first status to a margin after the end of the data
        start = pd.Timestamp(year=spans["start"].min().year, month=1, day=1)
        end = spans["end"].max() + pd.Timedelta(days=200)
        # a status still in force at the end of the data runs to the edge: it continues (and one that begins on the
        # last day, like Laos's in 2025, stays visible)
        drawn_end = spans["end"].where(spans["end"] < spans["end"].max(), end)
        for (_, span), stop in zip(spans.iterrows(), drawn_end):  # a few dozen spans: drawing, not data processing
            y = len(order) - 1 - order.index(span["iso3"])
            ax.barh(y, stop - span["start"], left=span["start"], height=0.7,
                    color=STATUS_COLOURS[span["status"]], hatch="///" if span["acceding"] else None,
                    edgecolor="white" if span["acceding"] else "none", linewidth=0)
        ax.set_yticks(range(len(order)), [f"{names[c]} ({c})" for c in reversed(order)])
        ax.set_ylim(-0.8, len(order) - 0.2)
        ax.set_xlim(start, end)
        ax.grid(axis="x", color="#eeeeee")
        ax.grid(axis="y", visible=False)
        top = ax.secondary_xaxis("top")
        top.set_xticks(list(summits["start_date"]),
                       [f"{c.replace(' (host)', '')} {d.year}" for c, d in zip(summits["host_city"], summits["start_date"])],
                       rotation=90, fontsize=7.5)
        top.tick_params(length=3, color="#888888")
        for date in summits["start_date"]:
            ax.axvline(date, color="#cccccc", linewidth=0.5, zorder=0)
        ax.axvline(as_of, color="#D55E00", linewidth=1.8)
        ax.annotate(f"as of {as_of.date()}", (as_of, -0.75), xytext=(4, 0), textcoords="offset points",
                    color="#D55E00", fontsize=9, va="bottom", fontweight="bold")
        handles = [Patch(color=c, label=s) for s, c in STATUS_COLOURS.items()]
        handles.append(Patch(facecolor=STATUS_COLOURS["observer"], hatch="///", edgecolor="white",
                             label="observer, accession under way"))
        ax.legend(handles=handles, loc="lower left", title="status", alignment="left")  # the empty corner before 2004
        ax.set_xlabel("year (ticks on top: summits, by host city)")
        members = (spans.loc[(spans["start"] <= as_of) & (spans["end"] > as_of) & (spans["status"] == "member")]
                   ["iso3"].nunique())
        fig.suptitle(f"From the Shanghai Five to {members} SCO members on {as_of.date()}", x=0.01, ha="left",
                     fontweight="bold", fontsize=13)
        source_line(fig, SOURCE_TIMELINE)
    return fig


def counts_chart(counts: pd.DataFrame, as_of: str | pd.Timestamp) -> Figure:
    """Step chart of how many members, observers and dialogue partners the SCO had over time."""
    as_of = pd.Timestamp(as_of)
    with house_style():
        fig = Figure(figsize=(10, 4.5))
        ax = fig.subplots()
        for status in counts.columns:
            ax.step(counts.index, counts[status], where="post", color=STATUS_COLOURS[status], linewidth=2.2,
                    label=status)
        ax.axvline(as_of, color="#D55E00", linewidth=1.5, linestyle="--")
        now = counts.loc[counts.index <= as_of].iloc[-1]
        parts = ", ".join(f"{int(now[s])} {s}s" for s in counts.columns if now[s])
        ax.set_title(f"On {as_of.date()}: {parts}")
        ax.set_ylabel("number of countries")
        ax.set_xlabel("date")
        ax.legend(loc="upper left")
        source_line(fig, SOURCE_TIMELINE)
        fig.tight_layout()
    return fig


def trade_series_chart(series: pd.DataFrame, changes: list[int], year: int) -> Figure:
    """China's exports to and imports from the group by year, China-reported (solid) and mirror (dashed)."""
    with house_style():
        fig = Figure(figsize=(10, 5))
        ax = fig.subplots()
        for source, style in (("china", "-"), ("mirror", "--")):
            part = series.loc[series["source"] == source]
            ax.plot(part["year"], part["exports"], style, color="#0072B2", linewidth=2,
                    label=f"China's exports ({source})")
            ax.plot(part["year"], part["imports"], style, color="#D55E00", linewidth=2,
                    label=f"China's imports ({source})")
        mark_dates(ax, changes)
        year_axis(ax)
        ax.axvline(year, color="#555555", linewidth=1)
        latest = series.loc[(series["source"] == "china") & (series["year"] == year)].iloc[0]
        ax.set_title(f"China's trade with the other SCO members: ${latest['exports'] + latest['imports']:.0f} bn in {year}")
        ax.set_ylabel("US$ bn (current)")
        ax.set_xlabel("year (group: members other than China at each year's summit)")
        ax.legend(loc="upper left", ncols=2)
        source_line(fig, SOURCE_DOTS)
        fig.tight_layout()
    return fig


def partner_bars_chart(partners: pd.DataFrame, year: int) -> Figure:
    """Per-partner exports and imports in a year, China-reported, largest first."""
    table = (partners.assign(total=partners["china_exports"].fillna(0) + partners["china_imports"].fillna(0))
             .sort_values("total"))
    with house_style():
        fig = Figure(figsize=(10, 0.45 * len(table) + 1.8))
        ax = fig.subplots()
        ax.barh(table["country"], table["china_exports"] / 1000, color="#0072B2", label="China's exports (FOB)")
        ax.barh(table["country"], table["china_imports"] / 1000, left=table["china_exports"].fillna(0) / 1000,
                color="#D55E00", label="China's imports (CIF)")
        top = table.iloc[-1]
        ax.set_title(f"{top['country']} is China's largest SCO partner in {year} (${top['total'] / 1000:.0f} bn)")
        ax.set_xlabel("US$ bn (China-reported)")
        ax.grid(axis="x", color="#dddddd")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right")
        source_line(fig, SOURCE_DOTS)
        fig.tight_layout()
    return fig


def intra_heatmap(matrix: pd.DataFrame, filled: pd.DataFrame, year: int) -> Figure:
    """Exports among SCO members (US$ bn, log colour); gaps stay blank, mirror-filled cells are marked."""
    import numpy as np
    from matplotlib.colors import LogNorm

    values = matrix.to_numpy(dtype="float64") / 1000
    with house_style():
        fig = Figure(figsize=(8.5, 7))
        ax = fig.subplots()
        shown = np.where(values > 0, values, np.nan)
        image = ax.imshow(shown, cmap="Blues", norm=LogNorm(vmin=0.001, vmax=max(np.nanmax(shown), 0.01)))
        ax.set_xticks(range(len(matrix.columns)), matrix.columns)
        ax.set_yticks(range(len(matrix.index)), matrix.index)
        ax.set_xlabel("importer")
        ax.set_ylabel("exporter")
        ax.grid(False)
        for (i, j), value in np.ndenumerate(values):
            if np.isnan(value):
                text = "" if i == j else "n/a"
            else:
                text = f"{value:.1f}" if value >= 0.1 else f"{value:.2f}"
                text += "*" if filled.iloc[i, j] else ""
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if not np.isnan(value) and value > 5 else "#222222")
        fig.colorbar(image, ax=ax, label="exports, US$ bn (log scale)")
        biggest = np.unravel_index(np.nanargmax(values), values.shape)
        ax.set_title(f"Intra-SCO exports {year}: {matrix.index[biggest[0]]}→{matrix.columns[biggest[1]]} is the largest flow")
        source_line(fig, SOURCE_DOTS + "; * = gap filled from the importer's report; n/a = not reported")
        fig.tight_layout()
    return fig


def shares_chart(shares: pd.DataFrame, changes: list[int], vintage: str) -> Figure:
    """Population and GDP shares of the world by group and year (two panels)."""
    with house_style():
        fig = Figure(figsize=(12, 4.8))
        axes = fig.subplots(1, 2)
        for ax, indicator, label in zip(axes, ("population", "gdp"), ("population", "GDP (current US$)")):
            part = shares.loc[shares["indicator"] == indicator]
            for group, colour in GROUP_COLOURS.items():
                line = part.loc[part["group"] == group]
                ax.plot(line["year"], line["share_pct"], color=colour, linewidth=2, label=group)
            mark_dates(ax, changes)
            year_axis(ax)
            ax.set_title(f"share of world {label}", fontsize=11.5)
            ax.set_ylabel("% of world")
            ax.set_xlabel("year (groups as on 31 December)")
        last = shares.loc[(shares["indicator"] == "population") & (shares["group"] == "members")].iloc[-1]
        fig.suptitle(f"SCO members held {last['share_pct']:.0f} % of the world's population in {int(last['year'])}",
                     x=0.01, ha="left", fontweight="bold", fontsize=13)
        axes[0].legend(loc="lower left", fontsize=8.5)
        source_line(fig, SOURCE_WDI.format(vintage=vintage))
        fig.tight_layout()
    return fig


def growth_chart(growth: pd.DataFrame, vintage: str) -> Figure:
    """Members' GDP growth (simple and GDP-weighted mean) against the world's, by year."""
    with house_style():
        fig = Figure(figsize=(10, 4.8))
        ax = fig.subplots()
        ax.plot(growth["year"], growth["simple_mean"], color="#0072B2", linewidth=2, label="members, simple mean")
        ax.plot(growth["year"], growth["weighted_mean"], color="#56B4E9", linewidth=2, linestyle="--",
                label="members, GDP-weighted mean")
        ax.plot(growth["year"], growth["world"], color="#000000", linewidth=2, label="world (WLD)")
        ax.axhline(0, color="#999999", linewidth=0.8)
        year_axis(ax)
        ratio = growth["simple_mean"].mean() / growth["world"].mean()
        ax.set_title(f"Members grew {ratio:.1f}x as fast as the world on average, "
                     f"{int(growth['year'].min())}-{int(growth['year'].max())} (simple mean)")
        ax.set_ylabel("real GDP growth, % per year")
        ax.set_xlabel("year (members as on 31 December)")
        ax.legend(loc="lower left")
        source_line(fig, SOURCE_WDI.format(vintage=vintage))
        fig.tight_layout()
    return fig


def claim_chart(claimed: float, computed: float, label: str, unit: str, verdict: str) -> Figure:
    """A small bar pair: what the article claims against what the data give."""
    colours = {"consistent": "#009E73", "approximately consistent": "#E69F00", "inconsistent": "#D55E00"}
    with house_style():
        fig = Figure(figsize=(6, 1.5))
        ax = fig.subplots()
        ax.barh(["data", "article"], [computed, claimed], color=[colours.get(verdict, "#999999"), "#bbbbbb"])
        for y, value in enumerate([computed, claimed]):
            ax.text(value, y, f" {value:,.2f}", va="center", fontsize=9)
        ax.set_xlim(0, max(claimed, computed) * 1.25)
        ax.set_xlabel(unit, fontsize=9)
        ax.set_title(f"{label}: {verdict}", fontsize=10, loc="left")
        ax.grid(axis="x", color="#eeeeee")
        ax.grid(axis="y", visible=False)
        fig.tight_layout()
    return fig
