"""reports/index.html: every built report grouped by report, with its parameters, through a Jinja template."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import ScoError
from . import cache, config, plan
from .files import reports_dir, write_atomic


def records() -> list[dict[str, Any]]:
    """The cache records of every run whose report file exists, sorted by report and run."""
    found = []
    for path in sorted((reports_dir() / ".cache").glob("*/*.json")):
        if path.name.endswith(".failed.json"):
            continue
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        if (reports_dir() / record["report"] / f"{record['slug']}.html").exists():
            found.append(record)
    return sorted(found, key=lambda r: (r["report"], r["slug"]))


VERDICT_ORDER = ("consistent", "approximately consistent", "inconsistent", "not checkable")


def findings() -> dict[str, Any] | None:
    """What the fact-check found, read from reports/claims.csv (the claims report with default parameters): the
    count of each verdict and the claims that are wrong or nearly right, with their findings; None before it is
    built."""
    path = reports_dir() / "claims.csv"
    if not path.exists():
        return None
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or "finding" not in rows[0]:
        return None
    counts = Counter(r["verdict"] for r in rows)

    def listed(verdict: str) -> list[dict[str, str]]:
        return [
            {"id": r["claim_id"], "finding": r["finding"], "href": f"claims/default.html#{r['claim_id']}"}
            for r in rows
            if r["verdict"] == verdict
        ]

    return {
        "total": len(rows),
        "vintage": rows[0]["vintage"],
        "counts": [(v, counts.get(v, 0), "verdict-" + v.split()[0]) for v in VERDICT_ORDER],
        "lists": [(v, "verdict-" + v.split()[0], listed(v)) for v in ("inconsistent", "approximately consistent")],
    }


def write_index(config_path: Path) -> Path:
    """Write reports/index.html: the configured runs of each report in config order, then the ad-hoc runs (of
    `sco-report run`) apart; a run whose last build failed is marked, its older report flagged as stale."""
    reports = config.load(config_path) if config_path.exists() else {}
    try:
        configured = {f"{r.report}/{r.slug}" for r in plan.plan(config_path)} if reports else set()
    except ScoError:  # the config cannot be planned now (a data file is missing): count every run of its reports
        configured = {f"{r['report']}/{r['slug']}" for r in records() if r["report"] in reports}
    failed = cache.failures()
    groups: dict[str, list[dict[str, Any]]] = {}
    adhoc: list[dict[str, Any]] = []
    for record in records():
        name = f"{record['report']}/{record['slug']}"
        row = {
            **record,
            "href": f"{name}.html",
            "shown": ", ".join(f"{k} = {v}" for k, v in sorted(record["resolved"].items())),
            "label": record["slug"] + (" (defaults)" if record.get("is_default") else ""),
            "stale": failed.get(name, {}).get("error", ""),
        }
        (groups.setdefault(record["report"], []) if name in configured else adhoc).append(row)
    sections = [
        {"name": name, "title": spec.title, "description": spec.description, "runs": groups[name]}
        for name, spec in reports.items()
        if name in groups
    ]
    if adhoc:
        sections.append(
            {
                "name": "adhoc",
                "title": "Ad-hoc runs",
                "runs": adhoc,
                "description": "Runs of `sco-report run` with parameters the config does not list; "
                "`sco-report clean` removes them.",
            }
        )
    never_built = sorted((n, f["error"]) for n, f in failed.items() if not (reports_dir() / f"{n}.html").exists())
    context = {"sections": sections, "failed": never_built, "findings": findings()}
    index, stamp = reports_dir() / "index.html", reports_dir() / ".cache" / "index.key"
    # the page is a function of its context, the templates and the package: when none changed (a no-op build),
    # neither Jinja nor the template is loaded
    key = hashlib.sha256(
        json.dumps([context, cache.templates(), cache.package_source()], sort_keys=True).encode()
    ).hexdigest()
    if index.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return index
    from ..render import render

    write_atomic(index, render("index.html.j2", **context) + "\n")
    write_atomic(stamp, key)
    return index
