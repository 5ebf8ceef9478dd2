"""Figure functions: each takes tidy frames, returns a matplotlib Figure in the house style, with a source line."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() == "" else None
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.transforms  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

STYLE = Path(__file__).with_name("sco.mplstyle")
# one colour per status, shared by every chart (Okabe-Ito, colour-blind safe)
STATUS_COLOURS = {
    "Shanghai Five member": "#56B4E9",
    "member": "#0072B2",
    "observer": "#E69F00",
    "dialogue partner": "#009E73",
}
SOURCE_TIMELINE = "Source: SCO summit and membership events table (data/sco-timeline, cited per row)"
SAVE_METADATA = {"svg": {"Date": None, "Creator": None}, "png": {"Software": None}, "pdf": {"CreationDate": None}}


@contextmanager
def house_style():
    """Apply the project's matplotlib style inside a block."""
    with plt.style.context(STYLE):
        yield


def _source_line(fig: Figure, text: str) -> None:
    """Put the source line under the chart."""
    fig.text(0.01, 0, text, ha="left", va="top", fontsize=8.5, color="#555555",
             transform=fig.transFigure + matplotlib.transforms.ScaledTranslation(0, -0.05, fig.dpi_scale_trans))


def save(fig: Figure, path: str | Path) -> Path:
    """Save a figure deterministically (no dates or software strings; fixed SVG hash salt from the style)."""
    path = Path(path)
    fmt = path.suffix.lstrip(".")
    with house_style():
        fig.savefig(path, format=fmt, metadata=SAVE_METADATA.get(fmt))
    return path


def timeline_chart(spans: pd.DataFrame, summits: pd.DataFrame, as_of: str | pd.Timestamp) -> Figure:
    """One band per country coloured by status over time, summits marked with host cities, a line at `as_of`."""
    as_of = pd.Timestamp(as_of)
    first = spans.groupby("iso3")["start"].min().sort_values(kind="stable")
    order = list(first.index)
    names = spans.drop_duplicates("iso3").set_index("iso3")["country"]
    with house_style():
        fig, ax = plt.subplots(figsize=(12, 0.3 * len(order) + 3.2), layout="constrained")
        for _, span in spans.iterrows():  # a few dozen spans: drawing, not data processing
            y = len(order) - 1 - order.index(span["iso3"])
            ax.barh(y, span["end"] - span["start"], left=span["start"], height=0.7,
                    color=STATUS_COLOURS[span["status"]], hatch="///" if span["acceding"] else None,
                    edgecolor="white" if span["acceding"] else "none", linewidth=0)
        ax.set_yticks(range(len(order)), [f"{names[c]} ({c})" for c in reversed(order)])
        ax.set_ylim(-0.8, len(order) - 0.2)
        start, end = pd.Timestamp("1996-01-01"), spans["end"].max() + pd.Timedelta(days=200)
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
        _source_line(fig, SOURCE_TIMELINE)
    return fig


def counts_chart(counts: pd.DataFrame, as_of: str | pd.Timestamp) -> Figure:
    """Step chart of how many members, observers and dialogue partners the SCO had over time."""
    as_of = pd.Timestamp(as_of)
    with house_style():
        fig, ax = plt.subplots(figsize=(10, 4.5))
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
        _source_line(fig, SOURCE_TIMELINE)
        fig.tight_layout()
    return fig
