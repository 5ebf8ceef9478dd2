"""Figure functions: each takes tidy frames, returns a matplotlib Figure in the house style, with a source line."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import matplotlib.style
import matplotlib.transforms
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

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
    with matplotlib.style.context(STYLE):
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


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes, saved the deterministic way."""
    import io

    buffer = io.BytesIO()
    with house_style():
        fig.savefig(buffer, format="png", metadata=SAVE_METADATA["png"])
    return buffer.getvalue()


def _register_notebook_display() -> None:
    """In IPython, show the Figures these functions return as PNG (they are not pyplot figures, so nothing else
    would); outside IPython this does nothing."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, png_bytes)


_register_notebook_display()


def timeline_chart(spans: pd.DataFrame, summits: pd.DataFrame, as_of: str | pd.Timestamp) -> Figure:
    """One band per country coloured by status over time, summits marked with host cities, a line at `as_of`."""
    as_of = pd.Timestamp(as_of)
    first = spans.groupby("iso3")["start"].min().sort_values(kind="stable")
    order = list(first.index)
    names = spans.drop_duplicates("iso3").set_index("iso3")["country"]
    with house_style():
        fig = Figure(figsize=(12, 0.3 * len(order) + 3.2), layout="constrained")
        ax = fig.subplots()
        start, end = pd.Timestamp("1996-01-01"), spans["end"].max() + pd.Timedelta(days=200)
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
        _source_line(fig, SOURCE_TIMELINE)
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
        _source_line(fig, SOURCE_TIMELINE)
        fig.tight_layout()
    return fig


SOURCE_DOTS = "Source: IMF Direction of Trade Statistics (vintage ~2022), via data/imf-dots"
SOURCE_WDI = "Source: World Bank WDI ({vintage})"
SOURCE_COLOURS = {"china": "#0072B2", "mirror": "#E69F00"}
GROUP_COLOURS = {"members": "#0072B2", "members + observers": "#E69F00",
                 "members + observers + dialogue partners": "#009E73"}


def _year_axis(ax) -> None:
    """Whole years on the x axis."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _mark_dates(ax, dates: list[pd.Timestamp] | list[float], label: str = "membership change") -> None:
    """Thin vertical lines at membership changes (first one labelled for the legend)."""
    for i, when in enumerate(dates):
        ax.axvline(when, color="#999999", linestyle=":", linewidth=1.2, label=label if i == 0 else None)


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
        _mark_dates(ax, changes)
        _year_axis(ax)
        ax.axvline(year, color="#555555", linewidth=1)
        latest = series.loc[(series["source"] == "china") & (series["year"] == year)].iloc[0]
        ax.set_title(f"China's trade with the other SCO members: ${latest['exports'] + latest['imports']:.0f} bn in {year}")
        ax.set_ylabel("US$ bn (current)")
        ax.set_xlabel("year (group: members other than China at each year's summit)")
        ax.legend(loc="upper left", ncols=2)
        _source_line(fig, SOURCE_DOTS)
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
        _source_line(fig, SOURCE_DOTS)
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
        _source_line(fig, SOURCE_DOTS + "; * = gap filled from the importer's report; n/a = not reported")
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
            _mark_dates(ax, changes)
            _year_axis(ax)
            ax.set_title(f"share of world {label}", fontsize=11.5)
            ax.set_ylabel("% of world")
            ax.set_xlabel("year (groups as on 31 December)")
        last = shares.loc[(shares["indicator"] == "population") & (shares["group"] == "members")].iloc[-1]
        fig.suptitle(f"SCO members held {last['share_pct']:.0f} % of the world's population in {int(last['year'])}",
                     x=0.01, ha="left", fontweight="bold", fontsize=13)
        axes[0].legend(loc="lower left", fontsize=8.5)
        _source_line(fig, SOURCE_WDI.format(vintage=vintage))
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
        _year_axis(ax)
        ratio = growth["simple_mean"].mean() / growth["world"].mean()
        ax.set_title(f"Members grew {ratio:.1f}x as fast as the world on average, "
                     f"{int(growth['year'].min())}-{int(growth['year'].max())} (simple mean)")
        ax.set_ylabel("real GDP growth, % per year")
        ax.set_xlabel("year (members as on 31 December)")
        ax.legend(loc="lower left")
        _source_line(fig, SOURCE_WDI.format(vintage=vintage))
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


def highlight_closest(table: pd.DataFrame, digits: int = 2):
    """A sensitivity table with the reading closest to the claim highlighted; its HTML id comes from its content,
    so it is stable (outputs compare) and unique on a page (CSS of one table never styles another)."""
    import hashlib

    numeric = table.select_dtypes("number").columns
    return (table.style
            .set_uuid(hashlib.sha256(table.to_csv().encode()).hexdigest()[:10])
            .format({c: f"{{:.{digits}f}}" for c in numeric if c not in ("year",)})
            .apply(lambda row: ["background-color: #fdf3d7; font-weight: bold" if row["closest"] else ""] * len(row),
                   axis=1)
            .hide(axis="index"))


def safe_link(url: str, text: str | None = None) -> str:
    """An <a> for http(s) URLs only; anything else (javascript:, data:) is shown as inert text."""
    import html

    label = html.escape(text or url)
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{label}</a>'
    return label


def cited_table(frame: pd.DataFrame, link: str = "source_url", text: str = "source") -> str:
    """A table as HTML with every cell escaped and the `link` column shown as a safe link labelled `text`."""
    import html

    def cell(value) -> str:
        return html.escape(str(value.date()) if isinstance(value, pd.Timestamp) else str(value))

    columns = [c for c in frame.columns if c != link]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns) + f"<th>{html.escape(text)}</th>"
    rows = []
    for record in frame.to_dict("records"):
        cells = "".join(f"<td>{cell(record[c])}</td>" for c in columns)
        rows.append(f"<tr>{cells}<td>{safe_link(str(record[link]), text)}</td></tr>")
    return f"<table class=\"cited\"><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
