"""Weight figures: shares of the world's population and GDP by group, and growth against the world."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .. import wording
from .style import (
    GROUP_COLOURS,
    SOURCE_WDI,
    attach_data,
    describe,
    house_style,
    mark_years,
    source_line,
    title,
    year_axis,
)


def shares_chart(shares: pd.DataFrame, changes: list[int], vintage: str) -> Figure:
    """Population and GDP shares of the world by group and year (two panels); a group's legend names the statuses
    it stood for, in order, where they changed."""
    first, last = int(shares["year"].min()), int(shares["year"].max())
    with house_style():
        fig = Figure(figsize=(12, 5.4))
        axes = fig.subplots(1, 2)
        for ax, indicator, label in zip(axes, ("population", "gdp"), ("population", "GDP (current US$)"), strict=True):
            part = shares.loc[shares["indicator"] == indicator]
            for group, colour in GROUP_COLOURS.items():
                # a year in which the group did not exist (observers after the 2025 reform) is a gap, not a zero
                line = part.loc[part["group"] == group].set_index("year").reindex(range(first, last + 1))
                names = " → ".join(dict.fromkeys(line["label"].dropna()))
                ax.plot(line.index, line["share_pct"], color=colour, linewidth=2, label=names)
            mark_years(ax, changes)
            year_axis(ax)
            ax.set_title(f"share of world {label}", fontsize=11.5)
            ax.set_ylabel("% of world")
            ax.set_xlabel("year (groups as on 31 December)")
        final = shares.loc[(shares["indicator"] == "population") & (shares["group"] == "members")].iloc[-1]
        fig.suptitle(
            f"SCO members held {final['share_pct']:.0f} % of the world's population in {int(final['year'])}",
            x=0.01,
            ha="left",
            fontweight="bold",
            fontsize=13,
        )
        # below both panels: inside one, the long group names lie over the members' lines
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.045), ncol=2, fontsize=8.5)
        source_line(fig, SOURCE_WDI.format(vintage=vintage))
        fig.tight_layout(rect=(0, 0.13, 1, 1))
    attach_data(fig, shares)
    return describe(
        fig,
        f"Two line charts of the shares of world population and GDP held by the SCO's groups, {first}-{last}. "
        f"{fig.get_suptitle()}.",
    )


def growth_chart(growth: pd.DataFrame, vintage: str) -> Figure:
    """Members' GDP growth (simple and GDP-weighted mean) against the world's, by year."""
    with house_style():
        fig = Figure(figsize=(10, 4.8))
        ax = fig.subplots()
        ax.plot(growth["year"], growth["simple_mean"], color="#0072B2", linewidth=2, label="members, simple mean")
        ax.plot(
            growth["year"],
            growth["weighted_mean"],
            color="#56B4E9",
            linewidth=2,
            linestyle="--",
            label="members, GDP-weighted mean",
        )
        ax.plot(growth["year"], growth["world"], color="#000000", linewidth=2, label="world")
        ax.axhline(0, color="#999999", linewidth=0.8)
        year_axis(ax)
        ratio = growth["simple_mean"].mean() / growth["world"].mean()
        ax.set_title(
            f"Members grew {wording.times(ratio)} the world on average, "
            f"{int(growth['year'].min())}-{int(growth['year'].max())} (simple mean)"
        )
        ax.set_ylabel("real GDP growth, % per year")
        ax.set_xlabel("year (members as on 31 December)")
        ax.legend(loc="lower left")
        source_line(fig, SOURCE_WDI.format(vintage=vintage))
        fig.tight_layout()
    attach_data(fig, growth)
    return describe(fig, f"Line chart of the members' real GDP growth against the world's by year. {title(ax)}.")
