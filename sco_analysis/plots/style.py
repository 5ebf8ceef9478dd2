"""The house style every figure shares: the matplotlib style file, colours, source lines, axes helpers, and
deterministic saving (no dates or software strings in the files)."""

from __future__ import annotations

import io
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib.dates
import matplotlib.style
import matplotlib.transforms
import numpy as np
import pandas as pd
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


def describe(fig: Figure, text: str) -> Figure:
    """Attach the figure's text alternative (what kind of chart, of what, and what it shows)."""
    _ALT[fig] = text
    return fig


def title(ax: Axes) -> str:
    """An axes' title wherever it is placed (the house style puts titles on the left, where get_title() without a
    location does not look)."""
    return " ".join(t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t)


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
