"""reports/index.html: every built report grouped by report, with its parameters, through a Jinja template."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..render import render
from . import config
from .files import reports_dir, write_atomic


def records() -> list[dict[str, Any]]:
    """The cache records of every run whose report file exists, sorted by report and run."""
    found = []
    for path in sorted((reports_dir() / ".cache").glob("*/*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        if (reports_dir() / record["report"] / f"{record['slug']}.html").exists():
            found.append(record)
    return sorted(found, key=lambda r: (r["report"], r["slug"]))


def write_index(config_path: Path, failed: dict[str, str] | None = None) -> Path:
    """Write reports/index.html: the configured reports in config order, then any ad-hoc ones; failures on top."""
    reports = config.load(config_path) if config_path.exists() else {}
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records():
        shown = ", ".join(f"{k} = {v}" for k, v in sorted(record["resolved"].items()))
        groups.setdefault(record["report"], []).append(
            {
                **record,
                "href": f"{record['report']}/{record['slug']}.html",
                "shown": shown,
                "label": record["slug"] + (" (defaults)" if record.get("is_default") else ""),
            }
        )
    order = [name for name in reports if name in groups] + sorted(set(groups) - set(reports))
    sections = [
        {
            "name": name,
            "title": reports[name].title if name in reports else name,
            "description": reports[name].description if name in reports else "",
            "runs": groups[name],
        }
        for name in order
    ]
    index = reports_dir() / "index.html"
    write_atomic(index, render("index.html.j2", sections=sections, failed=sorted((failed or {}).items())) + "\n")
    return index
