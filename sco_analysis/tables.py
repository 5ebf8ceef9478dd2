"""HTML tables for the reports: cited tables, data tables and sensitivity tables, through Jinja templates."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pandas as pd
from markupsafe import Markup
from pandas.io.formats.style import Styler

from .render import render


def _text(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, missing as ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    return str(value)


def cited_table(frame: pd.DataFrame, link: str = "source_url", text: str = "source") -> str:
    """A table with every cell escaped and the `link` column shown as a safe link labelled `text`."""
    columns = [c for c in frame.columns if c != link]
    rows = [
        {"cells": [_text(record[c]) for c in columns], "url": str(record[link])} for record in frame.to_dict("records")
    ]
    return render("cited_table.html.j2", columns=[str(c) for c in columns], rows=rows, link_text=text)


def folded(summary: str, table: Table) -> str:
    """A table under an HTML <details> element: closed, with `summary` as its one visible line."""
    return render("folded.html.j2", summary=summary, body=Markup(table._repr_html_()))


def links(items: list[tuple[str, str]]) -> str:
    """A list of links (relative paths or http(s) URLs only, see render.safe_url), each with its label."""
    return render("links.html.j2", items=items)


def json_ld(payload: str) -> str:
    """A JSON-LD <script> block around a payload already made safe for HTML (see claims.export.json_ld_payload)."""
    return render("json_ld.html.j2", payload=Markup(payload))


def highlight_closest(table: pd.DataFrame, digits: int = 2) -> Highlighted:
    """A sensitivity table with the reading closest to the claim highlighted; its HTML id comes from its content,
    so it is stable (outputs compare) and unique on a page (CSS of one table never styles another)."""
    numeric = table.select_dtypes("number").columns
    styler = (
        # the id hashes what is shown (rounded), so a last-bit difference in a sum does not change the page
        table.style.set_uuid(hashlib.sha256(table.round(digits + 2).to_csv().encode()).hexdigest()[:10])
        .format({c: f"{{:.{digits}f}}" for c in numeric if c not in ("year",)})
        .apply(
            lambda row: ["background-color: #fdf3d7; font-weight: bold" if row["closest"] else ""] * len(row), axis=1
        )
        .hide(axis="index")
    )
    return Highlighted(styler, repr(Table(table, digits)))


class Highlighted:
    """A styled table for a report: the Styler's HTML, and the rows as plain text (a Styler's own plain text is its
    memory address, which would change the stored notebook on every run)."""

    def __init__(self, styler: Styler, text: str) -> None:
        self.styler, self.text = styler, text

    def _repr_html_(self) -> str:
        return self.styler.to_html()

    def __repr__(self) -> str:
        return self.text


class Table:
    """A data table for a report: HTML through the template (no index column, missing values as a dash, numbers
    with the given decimals) and the same rows as plain text, so stored notebook outputs compare as text too."""

    def __init__(self, frame: pd.DataFrame, digits: int | dict[str, int] = 2, caption: str = "") -> None:
        self.frame, self.digits, self.caption = frame.reset_index(drop=True), digits, caption

    def _cell(self, column: str, value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
            return MISSING
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float):
            digits = self.digits.get(column, 2) if isinstance(self.digits, dict) else self.digits
            return f"{value:,.{digits}f}"
        if isinstance(value, int) and not isinstance(value, bool) and column != "year":
            return f"{value:,}"
        return _text(value)

    def rows(self) -> list[list[str]]:
        """Every cell as text, row by row."""
        return [[self._cell(str(c), v) for c, v in record.items()] for record in self.frame.to_dict("records")]

    def _repr_html_(self) -> str:
        numeric = [pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in self.frame.dtypes]
        rows = self.rows()
        return render(
            "table.html.j2",
            columns=[str(c) for c in self.frame.columns],
            rows=rows,
            numeric=numeric,
            caption=self.caption,
            note=note(rows),
        )

    def __repr__(self) -> str:
        rows = self.rows()
        lines = [" | ".join(str(c) for c in self.frame.columns)] + [" | ".join(r) for r in rows]
        return "\n".join([*lines, note(rows)] if note(rows) else lines)


MISSING = "\u2013"  # an en dash: the cell has no value
NOTE = f"{MISSING} no value: not reported, or not applicable to that row"


def frame(table: pd.DataFrame, digits: int | dict[str, int] = 2, caption: str = "") -> Table:
    """A DataFrame shown as a report table (see Table)."""
    return Table(table, digits, caption)


def note(rows: list[list[str]]) -> str:
    """The footnote a table with empty cells needs: what the dash means."""
    return NOTE if any(MISSING in row for row in rows) else ""
