"""The house style every figure shares: the matplotlib style file, colours, source lines, axes helpers, each
figure's text alternative and the data behind it, and deterministic saving (no dates or software strings in the
files), as PNG, SVG files, or SVG markup to place inline in a page (text kept as text, ids of its own)."""

from __future__ import annotations

import hashlib
import io
import math
import re
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib.dates
import matplotlib.style
import matplotlib.transforms
import numpy as np
import pandas as pd
from markupsafe import escape
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

STYLE = Path(__file__).with_name("sco.mplstyle")
VERDICT_COLOURS = {"consistent": "#009E73", "approximately consistent": "#E69F00", "inconsistent": "#D55E00"}
GROUP_COLOURS = {"members": "#0072B2", "members+observers": "#E69F00", "all": "#009E73"}
SOURCE_TIMELINE = "Source: SCO summit and membership events table (data/sco-timeline, cited per row)"
SOURCE_DOTS = "Source: IMF Direction of Trade Statistics (vintage ~2022), via data/imf-dots"
SOURCE_WDI = "Source: World Bank WDI ({vintage})"
SAVE_METADATA = {"svg": {"Date": None, "Creator": None}, "png": {"Software": None}, "pdf": {"CreationDate": None}}
# zlib level 3 rather than Pillow's 6: a third less time encoding the reports' charts, files about 1 % larger
PNG_OPTIONS = {"compress_level": 3}


# each figure's text alternative, stated as its finding: screen readers and a page without images read this
_ALT: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()
# the data each figure draws, as a tidy table: the build writes it beside the report as CSV
_DATA: weakref.WeakKeyDictionary[Figure, pd.DataFrame] = weakref.WeakKeyDictionary()
# the smallest text a figure may be shown with, in CSS px: a page never shrinks a figure below the width that keeps it
MIN_TEXT_PX = 8.5
# SVG text is drawn with the reader's fonts: DejaVu Sans as laid out, then narrower ones (text never overlaps), then a
# CJK font for Chinese names
SVG_FONTS = "'DejaVu Sans', 'Bitstream Vera Sans', Arial, Helvetica, 'Noto Sans CJK SC', sans-serif"


def describe(fig: Figure, text: str) -> Figure:
    """Attach the figure's text alternative (what kind of chart, of what, and what it shows)."""
    _ALT[fig] = text
    return fig


def attach_data(fig: Figure, data: pd.DataFrame) -> Figure:
    """Attach the tidy table the figure draws (one row per point, bar or band), for readers who want the numbers."""
    _DATA[fig] = data.reset_index(drop=True)
    return fig


def data_of(fig: Figure) -> pd.DataFrame | None:
    """The table attached to the figure, or None."""
    return _DATA.get(fig)


def title(ax: Axes) -> str:
    """An axes' title wherever it is placed (the house style puts titles on the left, where get_title() without a
    location does not look)."""
    return " ".join(t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t)


def headline(fig: Figure) -> str:
    """The figure's headline: its suptitle, or the title of its first axes that has one."""
    return fig.get_suptitle() or next((title(ax) for ax in fig.axes if title(ax)), "")


def alt_text(fig: Figure) -> str:
    """The figure's text alternative, or its title if none was attached."""
    titles = [fig.get_suptitle(), *(title(ax) for ax in fig.axes)]
    return _ALT.get(fig) or "; ".join(t for t in titles if t)


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the project's matplotlib style inside a block."""
    with matplotlib.style.context(STYLE):
        yield


def source_line(fig: Figure, text: str) -> None:
    """Put the source line under the chart."""
    fig.text(
        0.01,
        0,
        text,
        ha="left",
        va="top",
        fontsize=8.5,
        color="#555555",
        transform=fig.transFigure + matplotlib.transforms.ScaledTranslation(0, -0.05, fig.dpi_scale_trans),
    )


def year_axis(ax: Axes) -> None:
    """Whole years on the x axis."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def mark_years(ax: Axes, years: list[int], label: str = "membership change") -> None:
    """Thin vertical lines at the years of membership changes (first one labelled for the legend)."""
    for i, year in enumerate(years):
        ax.axvline(year, color="#999999", linestyle=":", linewidth=1.2, label=label if i == 0 else None)


def date_number(when: pd.Timestamp) -> float:
    """A date as matplotlib's axis number (days since its epoch), for drawing on a date axis."""
    return float(matplotlib.dates.date2num(when))


def date_numbers(when: pd.Series) -> np.ndarray:
    """A column of dates as matplotlib's axis numbers, in one call."""
    return np.asarray(matplotlib.dates.date2num(when), dtype="float64")


def save(fig: Figure, path: str | Path) -> Path:
    """Save a figure deterministically (no dates or software strings; fixed SVG hash salt from the style)."""
    path = Path(path)
    fmt = path.suffix.lstrip(".")
    if fmt == "png":
        path.write_bytes(png_bytes(fig))
        return path
    with house_style():
        fig.savefig(path, format=fmt, metadata=SAVE_METADATA.get(fmt))
    return path


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes, saved the deterministic way."""
    buffer = io.BytesIO()
    with house_style():
        fig.savefig(buffer, format="png", metadata=SAVE_METADATA["png"], pil_kwargs=PNG_OPTIONS)
    return buffer.getvalue()


def svg_text(fig: Figure) -> str:
    """The figure as an SVG document, saved the deterministic way, its text kept as text (style: svg.fonttype)."""
    buffer = io.BytesIO()
    with house_style():
        fig.savefig(buffer, format="svg", metadata=SAVE_METADATA["svg"])
    return buffer.getvalue().decode("utf-8")


class InlineSvg:
    """A figure as SVG markup for a page: no XML prolog or metadata, ids prefixed so that several figures share a
    page, the house fonts with fallbacks, a text alternative; with its width and smallest text size."""

    def __init__(self, fig: Figure) -> None:
        svg = svg_text(fig)
        svg = svg[svg.index("<svg") :]
        svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
        # the page-wide '*' rule matplotlib writes would style the whole page: the same defaults, on this figure only
        svg = re.sub(r"\s*<style type=\"text/css\">\*\{stroke-linejoin: round; stroke-linecap: butt\}</style>", "", svg)
        prefix = "f" + hashlib.sha256(svg.encode()).hexdigest()[:8] + "-"
        svg = re.sub(r'\bid="', f'id="{prefix}', svg)
        svg = svg.replace('xlink:href="#', f'xlink:href="#{prefix}').replace("url(#", f"url(#{prefix}")
        svg = svg.replace("font-family: 'DejaVu Sans'", f"font-family: {SVG_FONTS}")
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        if view is None:
            raise ValueError("matplotlib wrote an SVG without a viewBox")
        self.width_pt, self.height_pt = float(view.group(1)), float(view.group(2))
        self.smallest_pt = min(sizes) if sizes else 0.0
        alt = str(escape(alt_text(fig)))
        self.markup = svg.replace(
            "<svg ",
            f'<svg class="sco-chart" role="img" aria-label="{alt}" stroke-linejoin="round" stroke-linecap="butt" ',
            1,
        ).rstrip()

    def min_width(self) -> int:
        """The narrowest width in CSS px at which every text of the figure is still MIN_TEXT_PX high (text is sized
        in points: 1 pt = 4/3 px at full size)."""
        if not self.smallest_pt:
            return 0
        return math.ceil(self.width_pt * 4 / 3 * MIN_TEXT_PX / (self.smallest_pt * 4 / 3))
