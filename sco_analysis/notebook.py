"""What the notebooks need from IPython: the package's Figures shown as deterministic PNG with their text
alternative, and the data loaded ahead in a kernel started early."""

from __future__ import annotations


def setup() -> None:
    """Show matplotlib Figures as PNG saved the deterministic way, with their text alternative (they are not pyplot
    figures, so nothing else would show them); does nothing outside IPython."""
    from IPython import get_ipython
    from matplotlib.figure import Figure

    from .plots.style import alt_text, png_bytes

    shell = get_ipython()
    if shell is not None:
        # (data, metadata): the report template writes the metadata's alt into the <img> tag
        shell.display_formatter.formatters["image/png"].for_type(Figure, lambda f: (png_bytes(f), {"alt": alt_text(f)}))


def warm_up() -> None:
    """Import what every report needs and load the data, so a kernel started ahead has it ready (the build runs
    this while the kernel starts; it only fills caches the notebook would fill anyway)."""
    from . import data, events, summits
    from .claims import verdicts  # noqa: F401  (imports the analysis and claims modules)
    from .plots import claims, timeline, trade, weight  # noqa: F401

    for vintage, files in data.VINTAGES.items():
        for name in files:
            data.indicator(name, vintage)
    for flow in data.DOTS_FILES:
        data.dots(flow)
    for dating in events.DATINGS:
        events.table(dating)
    summits.summits()
