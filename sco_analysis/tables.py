"""HTML tables for the reports: cited tables, the claims table and sensitivity tables, through Jinja templates."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pandas as pd
from markupsafe import Markup
from pandas.io.formats.style import Styler

from .render import render


def _text(value: Any, digits: int | None = None) -> str:
    """A cell as text: dates as YYYY-MM-DD, missing as '', floats to `digits` decimals when given."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    if isinstance(value, float) and digits is not None:
        return f"{value:.{digits}f}"
    return str(value)


def cited_table(frame: pd.DataFrame, link: str = "source_url", text: str = "source") -> str:
    """A table with every cell escaped and the `link` column shown as a safe link labelled `text`."""
    columns = [c for c in frame.columns if c != link]
    rows = [{"cells": [_text(record[c]) for c in columns], "url": str(record[link])}
            for record in frame.to_dict("records")]
    return render("cited_table.html.j2", columns=[str(c) for c in columns], rows=rows, link_text=text)


CLAIMS_HEADERS = ["id", "quote", "what is claimed", "claimed", "data", "gap", "verdict", "method", "sources", "notes"]


def claims_table(results: pd.DataFrame) -> str:
    """The claims, one row each (anchored by its id), every string escaped, each row coloured by its verdict."""
    rows = []
    for r in results.to_dict("records"):
        verdict = r["verdict"] + (" (vintage-sensitive)" if r["vintage_sensitive"] else "")
        notes = r["alternatives"] if r["checkable"] == "yes" else f"would be settled by: {r['settle_with']}"
        cells = [r["claim_id"], r["quote"], r["quantity"], f"{r['claimed_value']} {r['unit']}", r["computed_value"],
                 r["gap"], verdict, r["method"], r["sources"], notes]
        rows.append({"id": r["claim_id"], "css": "verdict-" + r["verdict"].split()[0],
                     "cells": [_text(c, digits=2) for c in cells]})
    return render("claims_table.html.j2", headers=CLAIMS_HEADERS, rows=rows)


def json_ld(payload: str) -> str:
    """A JSON-LD <script> block around a payload already made safe for HTML (see claims.export.json_ld_payload)."""
    return render("json_ld.html.j2", payload=Markup(payload))


def highlight_closest(table: pd.DataFrame, digits: int = 2) -> Styler:
    """A sensitivity table with the reading closest to the claim highlighted; its HTML id comes from its content,
    so it is stable (outputs compare) and unique on a page (CSS of one table never styles another)."""
    numeric = table.select_dtypes("number").columns
    return (table.style
            .set_uuid(hashlib.sha256(table.to_csv().encode()).hexdigest()[:10])
            .format({c: f"{{:.{digits}f}}" for c in numeric if c not in ("year",)})
            .apply(lambda row: ["background-color: #fdf3d7; font-weight: bold" if row["closest"] else ""] * len(row),
                   axis=1)
            .hide(axis="index"))
