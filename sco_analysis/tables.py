"""The formatting layer of the reports' tables: a reader's headers and cells (names for codes, units in headers,
the precision asked for, yes/no, years without separators), each table in a box of its own that scrolls sideways
rather than breaking numbers and words, and, in a report that numbers them (notebook.setup), a number, an anchor
and a caption per table, with its data as CSV handed to the build to write beside the page."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from . import vocabulary
from .render import render
from .reporting.publish import EXPORT_MIME

MISSING = "\u2013"  # an en dash: the cell has no value
NOTE = f"{MISSING} no value: not reported, or not applicable to that row"
LONG_TEXT = 48  # characters: a column whose cells are this long on average gets a wider minimum width
KINDS = {"table": "Table", "figure": "Figure"}

# the report whose tables and figures are numbered and published, and the last number given of each kind
_numbering: dict[str, Any] = {"report": "", "table": 0, "figure": 0}


def start(report: str) -> None:
    """Number the tables and figures shown from now on from 1, as parts of `report` (a file-name stem such as
    'timeline'), and hand their data to the build; '' numbers and publishes nothing (notebook.setup calls this)."""
    _numbering.update(report=report, table=0, figure=0)


def next_number(kind: str) -> int | None:
    """The next number of a 'table' or 'figure' in the report being numbered (None when none is)."""
    if not _numbering["report"]:
        return None
    _numbering[kind] += 1
    return int(_numbering[kind])


def anchor(kind: str, number: int) -> str:
    """The id a numbered table or figure has on its page: 'table-3'."""
    return f"{kind}-{number}"


def export_name(kind: str, number: int) -> str:
    """The name its files are published under: 'timeline.table-3' (the build writes <run>.timeline.table-3.csv)."""
    return f"{_numbering['report']}.{anchor(kind, number)}"


def label(kind: str, number: int | None, caption: str) -> str:
    """'Table 3. Status of every country' (or the caption alone when the table has no number)."""
    head = f"{KINDS[kind]} {number}" if number is not None else ""
    return ". ".join(part for part in (head, caption) if part)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _text(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, yes/no for booleans, missing as ''."""
    if _missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    return str(value)


class Table:
    """A data table for a report: HTML through the template (reader's headers, no index column, missing values as a
    dash, numbers with the given decimals, names for ISO3 codes), the same rows as plain text (stored notebook
    outputs compare as text too) and, in a numbered report, a number, anchor and caption and its data as CSV."""

    def __init__(
        self,
        frame: pd.DataFrame,
        digits: int | dict[str, int] = 2,
        caption: str = "",
        *,
        link: str | None = None,
        link_text: str = "source",
        highlight: Iterable[bool] | None = None,
    ) -> None:
        self.frame, self.digits, self.caption = frame.reset_index(drop=True), digits, caption
        self.link, self.link_text = link, link_text
        self.highlight = [bool(h) for h in highlight] if highlight is not None else [False] * len(self.frame)

    def columns(self) -> list[str]:
        """The columns shown: the link column becomes a link, and a code column beside the country's name goes
        (the CSV keeps both)."""
        names = [str(c) for c in self.frame.columns if c != self.link]
        return [c for c in names if not (c == "iso3" and "country" in names)]

    def _digits(self, column: str) -> int:
        return self.digits.get(column, 2) if isinstance(self.digits, dict) else self.digits

    def _cell(self, column: str, value: Any, row: Mapping[Hashable, Any]) -> str:
        if _missing(value):
            return MISSING
        if isinstance(value, bool | np.bool_):
            return "yes" if value else "no"
        year = vocabulary.is_year_column(column)
        if isinstance(value, float | np.floating):
            return f"{value:.0f}" if year and float(value).is_integer() else f"{value:,.{self._digits(column)}f}"
        if isinstance(value, int | np.integer):
            return str(value) if year else f"{value:,}"
        if column == "country" and isinstance(row.get("iso3"), str):
            return vocabulary.country(row["iso3"])
        if column in ("iso3", "partner", "host_iso3") and isinstance(value, str):
            return vocabulary.codes_to_names(value) if ";" in value else vocabulary.country(value)
        return vocabulary.codes_to_names(_text(value))

    def rows(self) -> list[list[str]]:
        """Every shown cell as text, row by row."""
        shown = self.columns()
        return [[self._cell(c, record[c], record) for c in shown] for record in self.frame.to_dict("records")]

    def _classes(self, rows: list[list[str]]) -> list[str]:
        """Per shown column: 'num' (right-aligned, kept on one line), 'long' (wider) or ''."""
        classes = []
        for i, column in enumerate(self.columns()):
            dtype = self.frame[column].dtype
            if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
                classes.append("num")
            elif pd.api.types.is_datetime64_any_dtype(dtype):
                classes.append("date")
            elif rows and sum(len(r[i]) for r in rows) / len(rows) >= LONG_TEXT:
                classes.append("long")
            else:
                classes.append("")
        return classes

    def csv(self) -> str:
        """The table's data as CSV: every column (codes too), full precision, as an analyst reads it back."""
        return str(self.frame.to_csv(index=False, lineterminator="\n"))

    def html(self, number: int | None = None) -> str:
        """The table as HTML, numbered and anchored when `number` is given."""
        rows = self.rows()
        urls = [str(u) for u in self.frame[self.link]] if self.link else [""] * len(rows)
        return render(
            "table.html.j2",
            columns=[vocabulary.header(c) for c in self.columns()],
            classes=self._classes(rows),
            rows=[
                {"cells": cells, "url": url, "highlight": lit}  # escaped by the template; render keeps dates whole
                for cells, url, lit in zip(rows, urls, self.highlight, strict=True)
            ],
            link_text=self.link_text if self.link else "",
            number=number,
            anchor=anchor("table", number) if number is not None else "",
            caption=self.caption,
            label=label("table", number, self.caption) or "table: " + ", ".join(map(vocabulary.header, self.columns())),
            note=note(rows),
        )

    def text(self, number: int | None = None) -> str:
        """The table as plain text: its label, a header line, one line per row, and the note on missing values."""
        rows = self.rows()
        lines = [" | ".join(vocabulary.header(c) for c in self.columns())] + [" | ".join(r) for r in rows]
        title = label("table", number, self.caption)
        return "\n".join([*([title] if title else []), *lines, *([note(rows)] if note(rows) else [])])

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return self.text()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """What a notebook shows: HTML and text, numbered in a numbered report, with the CSV for the build."""
        number = next_number("table")
        bundle: dict[str, Any] = {"text/html": self.html(number), "text/plain": self.text(number)}
        if number is not None:
            bundle[EXPORT_MIME] = {"name": export_name("table", number), "files": {".csv": self.csv()}}
        return bundle


def frame(
    table: pd.DataFrame,
    digits: int | dict[str, int] = 2,
    caption: str = "",
    *,
    link: str | None = None,
    link_text: str = "source",
) -> Table:
    """A DataFrame shown as a report table (see Table); `link` names a column of URLs shown as links."""
    return Table(table, digits, caption, link=link, link_text=link_text)


def cited_table(frame: pd.DataFrame, link: str = "source_url", text: str = "source") -> str:
    """A table's HTML with every cell escaped and the `link` column shown as a safe link labelled `text`."""
    return Table(frame, link=link, link_text=text).html()


def folded(summary: str, table: Table) -> str:
    """A table under an HTML <details> element: closed, with `summary` as its one visible line."""
    return render("folded.html.j2", summary=summary, body=Markup(table.html()))


def links(items: list[tuple[str, str]]) -> str:
    """A list of links (relative paths or http(s) URLs only, see render.safe_url), each with its label."""
    return render("links.html.j2", items=items)


def json_ld(payload: str) -> str:
    """A JSON-LD <script> block around a payload already made safe for HTML (see claims.export.json_ld_payload)."""
    return render("json_ld.html.j2", payload=Markup(payload))


def highlight_closest(table: pd.DataFrame, digits: int = 2, caption: str = "") -> Table:
    """A sensitivity table with the reading closest to the claim highlighted (its `closest` column also says so in
    words, for a reader who does not see the colour)."""
    return Table(table, digits, caption, highlight=table["closest"])


CLAIM_COLUMNS = ("claim_id", "quantity", "claimed_value", "computed_value", "gap", "verdict")


def claim_values(results: pd.DataFrame, columns: Iterable[str] = CLAIM_COLUMNS) -> pd.DataFrame:
    """Evaluated claims with their values as a reader writes them: claimed and computed with the unit, names for
    codes and the claim's precision; the gap with its unit and sign (None where there is none)."""
    claimed, unit = results["claimed_value"].astype("string"), results["unit"].astype("string")
    shown = results.assign(
        claimed_value=[vocabulary.value(c, str(u)) for c, u in zip(claimed, unit, strict=True)],
        computed_value=[
            vocabulary.value(v, str(u), like=str(c))
            for v, u, c in zip(results["computed_value"], unit, claimed, strict=True)
        ],
        gap=pd.Series(
            [vocabulary.gap(g, str(u), like=str(c)) for g, u, c in zip(results["gap"], unit, claimed, strict=True)],
            index=results.index,
            dtype="string",
        ).mask(lambda g: g == ""),
    )
    return shown[list(columns)].reset_index(drop=True)


def note(rows: list[list[str]]) -> str:
    """The footnote a table with empty cells needs: what the dash means."""
    return NOTE if any(MISSING in row for row in rows) else ""
