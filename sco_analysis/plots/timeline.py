"""Timeline figures: every country's status over time, and the counts of each status."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .. import statuses, vocabulary, wording
from .style import (
    SOURCE_TIMELINE,
    attach_data,
    date_number,
    date_numbers,
    describe,
    house_style,
    source_line,
    title,
)

ACCEDING_LABEL = "observer, accession under way"


def _headline(spans: pd.DataFrame, as_of: pd.Timestamp) -> str:
    """The title's finding: how many members (or Shanghai Five states) there were on `as_of`."""
    # a status in force at the end of the data is still held after it
    open_end = spans["end"].where(spans["end"] < spans["end"].max(), pd.Timestamp.max)
    held = spans.loc[(spans["start"] <= as_of) & (open_end > as_of), "status"].value_counts()
    if held.get(statuses.PREDECESSOR, 0):
        return f"The Shanghai Five on {vocabulary.date(as_of)}: {held[statuses.PREDECESSOR]} states, before the SCO"
    return f"From the Shanghai Five to {held.get('member', 0)} SCO members on {vocabulary.date(as_of)}"


def timeline_chart(
    spans: pd.DataFrame, summits: pd.DataFrame, as_of: str | pd.Timestamp, reviewed: pd.Timestamp
) -> Figure:
    """One band per country coloured by status over time, summits marked with host cities, a line at `as_of` and
    one at the day the events were reviewed to."""
    as_of, colours = pd.Timestamp(as_of), statuses.colours()
    order = list(spans.groupby("iso3")["start"].min().sort_values(kind="stable").index)
    data_end = spans["end"].max()
    start = pd.Timestamp(year=spans["start"].min().year, month=1, day=1)
    edge = max(data_end, as_of) + pd.Timedelta(days=200)
    # a status in force at the end of the data runs to the chart's edge: it continues
    bands = spans.assign(
        stop=spans["end"].where(spans["end"] < data_end, edge),
        y=spans["iso3"].map({c: len(order) - 1 - i for i, c in enumerate(order)}),
    )
    with house_style():
        fig = Figure(figsize=(12, 0.3 * len(order) + 3.2), layout="constrained")
        ax = fig.subplots()
        # two collections for all the bands (the accessions hatched): one per country cost a draw and an autoscale each
        for acceding, band in bands.groupby("acceding", sort=True):
            left, right = date_numbers(band["start"]), date_numbers(band["stop"])
            low, high = band["y"].to_numpy() - 0.35, band["y"].to_numpy() + 0.35
            corners = np.stack(
                [np.column_stack(c) for c in ((left, low), (left, high), (right, high), (right, low))], 1
            )
            ax.add_collection(
                PolyCollection(
                    list(corners),
                    facecolors=[colours[s] for s in band["status"]],
                    hatch="///" if acceding else None,
                    edgecolor="white" if acceding else "none",
                    linewidth=0,
                ),
                autolim=False,
            )
        ax.set_yticks(range(len(order)), [vocabulary.country(c) for c in reversed(order)])
        ax.set_ylim(-0.8, len(order) - 0.2)
        ax.set_xlim(date_number(start), date_number(edge))
        ax.xaxis_date()
        ax.grid(axis="x", color="#eeeeee")
        ax.grid(axis="y", visible=False)
        top = ax.secondary_xaxis("top")
        labels = [
            f"{c.replace(' (host)', '')} {d.year}"
            for c, d in zip(summits["host_city"], summits["start_date"], strict=True)
        ]
        summit_x = date_numbers(summits["start_date"])
        top.set_xticks(summit_x, labels, rotation=90, fontsize=7.5)
        top.tick_params(length=3, color="#888888")
        ax.vlines(summit_x, -0.8, len(order), color="#cccccc", linewidth=0.5, zorder=0)
        ax.axvline(date_number(as_of), color="#D55E00", linewidth=1.8)
        ax.annotate(
            f"as of {vocabulary.date(as_of)}",
            (date_number(as_of), -0.75),
            xytext=(4, 0),
            textcoords="offset points",
            color="#D55E00",
            fontsize=9,
            va="bottom",
            fontweight="bold",
        )
        ax.axvline(date_number(reviewed), color="#555555", linewidth=1, linestyle="--")
        ax.annotate(
            f"events reviewed to {vocabulary.date(reviewed)}",
            (date_number(reviewed), len(order) - 0.5),
            xytext=(-4, 0),
            textcoords="offset points",
            color="#555555",
            fontsize=8,
            ha="right",
            va="center",
        )
        shown = [s for s in statuses.names() if s in set(spans["status"])]
        handles = [Patch(color=colours[s], label=s) for s in shown]
        if spans["acceding"].any():
            handles.append(Patch(facecolor=colours["observer"], hatch="///", edgecolor="white", label=ACCEDING_LABEL))
        ax.legend(handles=handles, loc="lower left", title="status", alignment="left")  # the empty corner before 2004
        ax.set_xlabel("year (ticks on top: summits, by host city)")
        fig.suptitle(_headline(spans, as_of), x=0.01, ha="left", fontweight="bold", fontsize=13)
        source_line(fig, SOURCE_TIMELINE)
    attach_data(fig, spans[["iso3", "country", "status", "acceding", "start", "end"]])
    return describe(
        fig,
        f"Timeline of the {len(order)} countries' SCO statuses from {start.year}, one band per country coloured by "
        f"status, with the summits marked. {_headline(spans, as_of)}.",
    )


def counts_chart(counts: pd.DataFrame, as_of: str | pd.Timestamp) -> Figure:
    """Step chart of how many countries held each status over time (statuses that never had a holder left out)."""
    as_of, colours = pd.Timestamp(as_of), statuses.colours()
    held = [s for s in counts.columns if counts[s].fillna(0).any()]
    with house_style():
        fig = Figure(figsize=(10, 4.5))
        ax = fig.subplots()
        for status in held:
            ax.step(
                counts.index,
                counts[status].astype("float64"),
                where="post",
                color=colours[status],
                linewidth=2.2,
                label=status,
            )
        ax.axvline(date_number(as_of), color="#D55E00", linewidth=1.5, linestyle="--")
        now = counts.loc[counts.index <= as_of].iloc[-1].fillna(0)
        held_now = ", ".join(wording.counted(s, int(now[s])) for s in held if now[s] > 0)
        ax.set_title(f"On {vocabulary.date(as_of)}: {held_now}")
        ax.set_ylabel("number of countries")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # a count has no half countries
        ax.set_xlabel("date")
        ax.legend(loc="upper left")
        source_line(fig, SOURCE_TIMELINE)
        fig.tight_layout()
    attach_data(fig, counts.loc[:, held].rename_axis("date").reset_index())
    return describe(fig, f"Step chart of how many countries held each status over time. {title(ax)}.")
