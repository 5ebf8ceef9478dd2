"""How a notebook hands files to the build: a display output of its own MIME type, which the build writes beside
the report (reports/<report>/<run>.<name><suffix>, and reports/<name><suffix> for the run with the notebook's
defaults). A file named `headline` with suffix .html is also shown on the index, for the report's first run."""

from __future__ import annotations

EXPORT_MIME = "application/vnd.reporting.export+json"


def publish(name: str, files: dict[str, str], summary: str) -> None:
    """Hand text files to the build; the report shows `summary` where the files would be."""
    from IPython.display import display

    display({EXPORT_MIME: {"name": name, "files": files}, "text/plain": summary}, raw=True)
