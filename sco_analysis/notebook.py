"""What the notebooks need from IPython: the package's Figures shown as SVG (text kept as text, with their text
alternative, number and data), tables and figures numbered per report, the citation block, and the data loaded
ahead in a kernel started early."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import tables
from .reporting import unbroken

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def setup(report: str = "") -> None:
    """Show matplotlib Figures as SVG saved the deterministic way, with their text alternative (they are not pyplot
    figures, so nothing else would show them); with `report` (the notebook's stem, 'timeline'), number its tables
    and figures from 1 and hand their data to the build, which writes it beside the page. Outside IPython it only
    resets the numbering."""
    from IPython import get_ipython
    from IPython.display import HTML, Markdown
    from matplotlib.figure import Figure

    tables.start(report)
    shell = get_ipython()
    if shell is not None:
        formatter = shell.display_formatter
        formatter.formatters["image/png"].pop(Figure, None)  # one image per figure: the SVG
        formatter.mimebundle_formatter.for_type(Figure, figure_bundle)
        # dates, ranges and codes in HTML and Markdown the package writes stay on one line (reporting.unbroken)
        formatter.formatters["text/html"].for_type(HTML, lambda shown: unbroken.keep_whole(str(shown.data)))
        formatter.formatters["text/markdown"].for_type(Markdown, lambda shown: unbroken.keep_whole_markdown(shown.data))


def figure_bundle(fig: Figure) -> tuple[dict[str, Any], dict[str, Any]]:
    """A figure as a notebook shows it: (data, metadata). The SVG, its text alternative as plain text, and in a
    numbered report the CSV of its data and the SVG as files for the build. The metadata carry what the report page
    needs: the text alternative, the caption, the number and the narrowest width at which its text stays legible."""
    from .plots.style import InlineSvg, alt_text, data_of, headline
    from .reporting.publish import EXPORT_MIME

    svg, number, alt = InlineSvg(fig), tables.next_number("figure"), alt_text(fig)
    bundle: dict[str, Any] = {"image/svg+xml": svg.markup, "text/plain": tables.label("figure", number, alt)}
    if number is not None:
        files = {".svg": svg.markup + "\n"}
        frame = data_of(fig)
        if frame is not None:
            files[".csv"] = str(frame.to_csv(index=False, lineterminator="\n"))
        bundle[EXPORT_MIME] = {"name": tables.export_name("figure", number), "files": files}
    meta = {
        "alt": alt,
        "caption": headline(fig),
        "number": number,
        "anchor": tables.anchor("figure", number) if number is not None else "",
        "min_width": svg.min_width(),
    }
    return bundle, {"image/svg+xml": meta}


class Citation:
    """The citation block at the end of a report: the report and the run, the data, the commit and its date."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def _repr_html_(self) -> str:
        from .render import render

        return render("citation.html.j2", **self.fields)

    def __repr__(self) -> str:
        f = self.fields
        code = f"commit {f['commit']} of {f['date']}" if f["commit"] else "no git commit"
        return (
            f"Cite as: sco-analysis, {f['title']}: {f['run']}. Data: {'; '.join(f['data'])}. Code: {code}"
            f"{' with local changes' if f['changed'] else ''}. Build again: {f['command']}"
        )


def cite(report: str, title: str, **params: Any) -> Citation:
    """The citation block of a run of `report` (see runs.citation)."""
    from . import runs

    return Citation(runs.citation(report, title, params))


def warm_up() -> None:
    """Import what every report needs and load the data, so a kernel started ahead has it ready (the build runs
    this while the kernel starts; it only fills caches the notebook would fill anyway)."""
    from . import data, events, summits, vocabulary
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
    vocabulary.country_names()
