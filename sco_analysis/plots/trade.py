"""Trade figures: China's trade with a group over time, by partner, and the intra-SCO export matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import vocabulary, wording
from .style import SOURCE_DOTS, attach_data, describe, house_style, mark_years, source_line, title, year_axis

# the two sides of each flow, as a legend names them
SIDES = {"china": "as China reports them", "mirror": "as the partners report them (mirror)"}


def trade_series_chart(series: pd.DataFrame, changes: list[int], year: int, group: str) -> Figure:
    """China's exports to and imports from the group by year, China-reported (solid) and mirror (dashed); `group`
    names the partners in words ('the other SCO members')."""
    with house_style():
        fig = Figure(figsize=(10, 5))
        ax = fig.subplots()
        for source, style in (("china", "-"), ("mirror", "--")):
            part = series.loc[series["source"] == source]
            ax.plot(
                part["year"], part["exports"], style, color="#0072B2", linewidth=2, label=f"exports, {SIDES[source]}"
            )
            ax.plot(
                part["year"], part["imports"], style, color="#D55E00", linewidth=2, label=f"imports, {SIDES[source]}"
            )
        mark_years(ax, changes)
        year_axis(ax)
        ax.axvline(year, color="#555555", linewidth=1)
        latest = series.loc[(series["source"] == "china") & (series["year"] == year)].iloc[0]
        total = latest["exports"] + latest["imports"]
        shown = f"${total:.0f} bn in {year}" if pd.notna(total) else f"not reported for {year}"
        ax.set_title(f"China's trade with {group}: {shown}")
        ax.set_ylabel("US$ bn (current)")
        ax.set_xlabel(f"year (partners: {group}, as at each year's Heads of State Council)")
        ax.legend(loc="upper left", ncols=2)
        source_line(fig, SOURCE_DOTS)
        fig.tight_layout()
    first, last = int(series["year"].min()), int(series["year"].max())
    attach_data(fig, series)
    return describe(
        fig,
        f"Line chart of China's exports to and imports from {group}, {first}-{last}, as China reports them and as "
        f"the partners do. China's trade with {group}: {shown}.",
    )


def partner_bars_chart(partners: pd.DataFrame, year: int) -> Figure:
    """Per-partner exports and imports in a year, China-reported, largest first."""
    table = partners.assign(
        country=partners["iso3"].map(vocabulary.country),
        total=partners["china_exports"].fillna(0) + partners["china_imports"].fillna(0),
    ).sort_values("total")
    with house_style():
        fig = Figure(figsize=(10, 0.45 * len(table) + 1.8))
        ax = fig.subplots()
        ax.barh(table["country"], table["china_exports"] / 1000, color="#0072B2", label="China's exports (FOB)")
        ax.barh(
            table["country"],
            table["china_imports"] / 1000,
            left=table["china_exports"].fillna(0) / 1000,
            color="#D55E00",
            label="China's imports (CIF)",
        )
        totals = dict(zip(table["country"], table["total"] / 1000, strict=True))
        ax.set_title(wording.leader(totals, f"China's largest partner here in {year}", " US$ bn"))
        ax.set_xlabel("US$ bn (China-reported)")
        ax.grid(axis="x", color="#dddddd")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right")
        source_line(fig, SOURCE_DOTS)
        fig.tight_layout()
    attach_data(fig, table.sort_values("total", ascending=False, kind="stable"))
    return describe(fig, f"Bar chart of China's exports and imports by partner in {year}, China-reported. {title(ax)}.")


def intra_heatmap(matrix: pd.DataFrame, filled: pd.DataFrame, year: int) -> Figure:
    """Exports among SCO members (US$ bn, log colour); gaps stay blank, mirror-filled cells are marked."""

    values = matrix.to_numpy(dtype="float64") / 1000
    with house_style():
        fig = Figure(figsize=(8.5, 7))
        ax = fig.subplots()
        shown = np.where(values > 0, values, np.nan)
        image = ax.imshow(shown, cmap="Blues", norm=LogNorm(vmin=0.001, vmax=max(np.nanmax(shown), 0.01)))
        ax.set_xticks(
            range(len(matrix.columns)), [vocabulary.country(c) for c in matrix.columns], rotation=35, ha="right"
        )
        ax.set_yticks(range(len(matrix.index)), [vocabulary.country(c) for c in matrix.index])
        ax.set_xlabel("importer")
        ax.set_ylabel("exporter")
        ax.grid(False)
        for (i, j), value in np.ndenumerate(values):
            if np.isnan(value):
                text = "" if i == j else "n/a"
            else:
                text = f"{value:.1f}" if value >= 0.1 else f"{value:.2f}"
                text += "*" if filled.iloc[i, j] else ""
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="white" if not np.isnan(value) and value > 5 else "#222222",
            )
        bar = fig.colorbar(image, ax=ax, label="exports, US$ bn (log scale)")
        # plain numbers at the powers of ten: no mathtext to parse, no minor ticks to lay out (half the drawing)
        bar.minorticks_off()
        bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        stacked = matrix.stack().dropna().div(1000)
        flows = {
            f"{vocabulary.country(a)} → {vocabulary.country(b)}": float(v)
            for (a, b), v in zip(stacked.index, stacked, strict=True)
        }
        ax.set_title(f"Intra-SCO exports {year}: " + wording.leader(flows, "the largest flow", " US$ bn"))
        source_line(fig, SOURCE_DOTS + "; * = gap filled from the importer's report; n/a = not reported")
        fig.tight_layout()
    cells = matrix.rename_axis(index="exporter", columns="importer").stack()
    marked = filled.rename_axis(index="exporter", columns="importer").stack()
    attach_data(
        fig,
        pd.DataFrame({"exports_usd_m": cells, "filled_from_importer": marked.reindex(cells.index)})
        .reset_index()
        .loc[lambda d: d["exporter"] != d["importer"]],
    )
    return describe(
        fig,
        f"Heat map of exports among the {len(matrix)} members in {year}, exporter by importer, "
        f"{int(np.isnan(values).sum() - len(matrix))} cells not reported. {title(ax)}.",
    )
