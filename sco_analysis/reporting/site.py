"""reports/index.html: every built report grouped by report, each run labelled in words (the project's run_label
hook) with its parameters beside it, file names in a description linked where the build wrote them, and the
headline each report's first run published, through a Jinja template with autoescape."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import cache, config, hashing, plan, unbroken
from .errors import ReportingError
from .files import reports_dir, write_atomic
from .links import safe_url
from .project import current

TEMPLATES = Path(__file__).resolve().parent / "templates"
HEADLINE = "headline"  # the published file a report's first run may leave for the index: <slug>.headline.json
TONES = ("good", "mixed", "bad", "neutral")


def headline(report: str, slug: str) -> dict[str, Any] | None:
    """What a run published for the index: a heading, a summary sentence, counts and lists of items each linking to
    an anchor of the run's page (tones: good, mixed, bad, neutral); None if it published none or not in that shape."""
    path = reports_dir() / report / f"{slug}.{HEADLINE}.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        page = f"{report}/{slug}.html"
        return {
            "heading": str(found["heading"]),
            "summary": str(found.get("summary", "")),
            "counts": [(str(c["label"]), int(c["count"]), _tone(c)) for c in found.get("counts", [])],
            "lists": [
                {
                    "title": str(group["title"]),
                    "tone": _tone(group),
                    "items": [
                        {"href": f"{page}#{item['anchor']}", "label": str(item["label"]), "text": str(item["text"])}
                        for item in group["items"]
                    ],
                }
                for group in found.get("lists", [])
            ],
            "page": page,
            "link": str(found.get("link", "")),
        }
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _tone(entry: dict[str, Any]) -> str:
    tone = str(entry.get("tone", "neutral"))
    return tone if tone in TONES else "neutral"


@lru_cache(maxsize=1)
def environment() -> Any:
    """The index's Jinja environment: autoescape on, undefined names an error."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.filters["safe_url"] = safe_url
    env.filters["keep_whole"] = unbroken.keep_whole_text
    return env


def _row(record: dict[str, Any], failed: dict[str, dict[str, str]]) -> dict[str, Any]:
    """One run as the index lists it: its label in words (or its file name), its parameters as the command line
    takes them, whether they are the notebook's defaults."""
    name = f"{record['report']}/{record['slug']}"
    label = current().run_label(record["report"], record["resolved"]) or record["slug"]
    return {
        **record,
        "href": f"{name}.html",
        "shown": [f"{k} = {v}" for k, v in sorted(record["resolved"].items())],
        "label": label,
        "default": bool(record.get("is_default")),
        "stale": failed.get(name, {}).get("error", ""),
    }


FILE_NAME = re.compile(r"(?:reports/)?[\w.-]+\.(?:csv|json)\b")


def linked(text: str) -> list[tuple[str, str]]:
    """A description as (text, link) pieces: a file name it mentions ('reports/claims.csv') links to the file where
    the build wrote it; the rest has no link ('')."""
    pieces, at = [], 0
    for found in FILE_NAME.finditer(text):
        target = found.group(0).removeprefix("reports/")
        if (reports_dir() / target).is_file():
            pieces += [(text[at : found.start()], ""), (found.group(0), target)]
            at = found.end()
    return [p for p in [*pieces, (text[at:], "")] if p[0]]


def first_runs(runs: list[plan.Run]) -> dict[str, plan.Run]:
    """Each report's first run in the config: the one whose headline the index and the end of a build show."""
    first: dict[str, plan.Run] = {}
    for run in runs:
        first.setdefault(run.report, run)
    return first


def headlines(config_path: Path) -> list[str]:
    """What each report's first run published, in a line for the end of a build: 'Fact-check of the 2018 articles:
    37 accurate, 4 mostly accurate, ...' (none where a report published no headline or its page is missing)."""
    try:
        runs = plan.plan(config_path)
    except ReportingError:
        return []
    lines = []
    for run in first_runs(runs).values():
        found = headline(run.report, run.slug) if run.path(".html").exists() else None
        if found and found["counts"]:
            lines.append(f"{run.title}: " + ", ".join(f"{n} {label}" for label, n, _ in found["counts"]))
    return lines


def write_index(config_path: Path) -> Path:
    """Write reports/index.html: the configured runs of each report in config order, then the ad-hoc runs (of
    `run`) apart; a run whose last build failed is marked, its older report flagged as stale."""
    reports = config.load(config_path) if config_path.exists() else {}
    try:
        runs = plan.plan(config_path) if reports else []
    except ReportingError:  # the config cannot be planned now (a data file is missing): count every run of its reports
        runs = []
    built = cache.records()
    configured = {r.name for r in runs} or {f"{r['report']}/{r['slug']}" for r in built if r["report"] in reports}
    first = {report: run.slug for report, run in first_runs(runs).items()}
    failed = cache.failures()
    groups: dict[str, list[dict[str, Any]]] = {}
    adhoc: list[dict[str, Any]] = []
    for record in built:
        row = _row(record, failed)
        (groups.setdefault(record["report"], []) if row["href"][:-5] in configured else adhoc).append(row)
    sections = [
        {
            "name": name,
            "title": spec.title,
            "description": linked(spec.description),
            "runs": groups[name],
            "headline": headline(name, first[name]) if name in first else None,
        }
        for name, spec in reports.items()
        if name in groups
    ]
    if adhoc:
        sections.append(
            {
                "name": "adhoc",
                "title": "Ad-hoc runs",
                "runs": adhoc,
                "description": [("Runs with parameters the config does not list; the clean command removes them.", "")],
                "headline": None,
            }
        )
    never_built = sorted((n, f["error"]) for n, f in failed.items() if not (reports_dir() / f"{n}.html").exists())
    project = current()
    context = {
        "title": project.index_title,
        "intro": project.index_intro,
        "sections": sections,
        "failed": never_built,
    }
    index, stamp = reports_dir() / "index.html", reports_dir() / ".cache" / "index.key"
    # the page is a function of its context and its template: when neither changed (a no-op build), Jinja is not
    # even loaded; the page's size is kept with the key, so a page cut short or edited since is written again
    key = hashlib.sha256(json.dumps([context, hashing.tree(TEMPLATES)], sort_keys=True).encode()).hexdigest()
    with contextlib.suppress(OSError):
        if stamp.read_text(encoding="utf-8") == f"{key} {index.stat().st_size}":
            return index
    write_atomic(index, environment().get_template("index.html.j2").render(**context) + "\n")
    write_atomic(stamp, f"{key} {index.stat().st_size}")
    return index
