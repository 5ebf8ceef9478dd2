"""What the notebooks need from IPython: the package's Figures shown as deterministic PNG, and files published for
the build to write beside the report."""

from __future__ import annotations

EXPORT_MIME = "application/vnd.sco.export+json"


def setup() -> None:
    """Show matplotlib Figures as PNG saved the deterministic way (they are not pyplot figures, so nothing else
    would show them); does nothing outside IPython."""
    from IPython import get_ipython
    from matplotlib.figure import Figure

    from .plots.style import png_bytes

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, png_bytes)


def publish(name: str, files: dict[str, str], summary: str) -> None:
    """Hand text files to the build, which writes them as reports/<report>/<run>.<name><suffix> (and, for the run
    with the notebook's defaults, reports/<name><suffix>); the report shows `summary`."""
    from IPython.display import display

    display({EXPORT_MIME: {"name": name, "files": files}, "text/plain": summary}, raw=True)
