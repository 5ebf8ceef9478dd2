"""The built reports in a real browser, offline: every page from the index loads with nothing fetched from
another host, no console error, every figure drawn (inline SVG with its text, images decoded), every link to a file
the build wrote beside a page resolves, the claims table where expected; screenshots saved. The pages are visited
several at a time in one browser, in tabs that each open one page after another."""

from __future__ import annotations

import asyncio
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from browser import launch_async, record_and_block_async
from conftest import ROOT, raw_rows

from sco_analysis.reporting import plan, site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


IMAGES = "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])"
# a figure is drawn when its SVG has a size on the page and text in it
CHARTS = (
    "els => els.map(e => [e.querySelectorAll('text').length > 0, e.getBoundingClientRect().width,"
    " e.getBoundingClientRect().height])"
)
FILES = ".sco-downloads a, figure.sco-figure figcaption a:not(.anchor)"
HREFS = "links => links.map(a => a.href)"


async def _visit_all(paths: list[Path], shots: Path, at_once: int, shoot: set[Path]) -> list[dict]:
    """Open each file in one browser of Playwright's async API, in `at_once` tabs that each open one file after
    another: record what it tried to fetch, its console errors, its figures, the files it links and its claim cards;
    save a full-page screenshot of those in `shoot` (a full-page screenshot costs as much as the visit). A tab is
    reused because a new one costs Chromium more than the visit itself: a fresh context and page per file took 0.7 s
    of CPU each, a reused tab 0.2 s (each file is a new document all the same: nothing carries over)."""
    from playwright.async_api import async_playwright

    shots.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await launch_async(playwright)
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        tabs: asyncio.Queue = asyncio.Queue()
        for _ in range(at_once):
            page = await context.new_page()
            outside, blocking = record_and_block_async(page, ("file://", "data:"))
            await blocking
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            tabs.put_nowait((page, outside, errors))

        async def visit_one(path: Path) -> dict:
            page, outside, errors = await tabs.get()
            try:
                outside.clear()
                errors.clear()
                await page.goto(path.as_uri(), wait_until="load")
                images = await page.eval_on_selector_all("img", IMAGES)
                images += await page.eval_on_selector_all("svg.sco-chart", CHARTS)
                files = await page.eval_on_selector_all(FILES, HREFS)
                claims_rows = await page.eval_on_selector_all("div.claim[id]", "rows => rows.length")
                name = path.relative_to(shots.parent).as_posix().replace("/", "__").removesuffix(".html")
                if path in shoot:
                    await page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
                return {
                    "outside": list(outside),
                    "errors": list(errors),
                    "images": images,
                    "files": files,
                    "claims_rows": claims_rows,
                }
            finally:
                tabs.put_nowait((page, outside, errors))

        try:
            return list(await asyncio.gather(*(visit_one(path) for path in paths)))
        finally:
            await browser.close()


def visit_all(paths: list[Path], shots: Path, shoot: set[Path] | None = None) -> list[dict]:
    """_visit_all() for every path, in as many tabs as there are processors (at least two); in a
    thread of its own, as the session's synchronous Playwright owns this one. Screenshots of `shoot` (default:
    every page)."""
    at_once = max(2, len(os.sched_getaffinity(0)))
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(
            asyncio.run, _visit_all(paths, shots, at_once, set(paths) if shoot is None else shoot)
        ).result()


def index_links(reports: Path) -> list[str]:
    """Every report the index links to, once (the front page links the claims report twice)."""
    return sorted(set(re.findall(r'href="([^"]+\.html)"', (reports / "index.html").read_text(encoding="utf-8"))))


def test_index_links_every_configured_report_and_they_resolve(reports):
    links = index_links(reports)
    expected = {f"{run.report}/{run.slug}.html" for run in plan.plan(ROOT / "reports.toml")}
    assert expected <= set(links)
    assert all((reports / link).is_file() for link in links)
    [result] = visit_all([reports / "index.html"], reports / "_screenshots")
    assert result["outside"] == []
    assert result["errors"] == []


def claims_runs() -> dict[str, str]:
    """Each page of reports.toml that runs the claims notebook, and the registry (data/claims/<name>) it checks."""
    return {
        f"{run.report}/{run.slug}": run.params.get("registry", "qingdao-2018")
        for run in plan.plan(ROOT / "reports.toml")
        if run.notebook.name == "claims.ipynb"
    }


def test_every_report_renders_offline(reports):
    problems = []
    pages = claims_runs()
    seen = set()
    links = index_links(reports)
    # a screenshot of each report's first run, the page the index leads with, to look at
    firsts = {run.path(".html") for run in site.first_runs(plan.plan(ROOT / "reports.toml")).values()}
    paths = [reports / link for link in links]
    for link, result in zip(links, visit_all(paths, reports / "_screenshots", firsts), strict=True):
        if result["outside"]:
            problems.append(f"{link}: requests left the machine: {result['outside'][:3]}")
        if result["errors"]:
            problems.append(f"{link}: console errors: {result['errors'][:3]}")
        if not result["images"] or not all(ok and w > 0 and h > 0 for ok, w, h in result["images"]):
            problems.append(f"{link}: a figure was not drawn: {result['images']}")
        missing = [href for href in result["files"] if not Path(unquote(urlparse(href).path)).is_file()]
        if missing:
            problems.append(f"{link}: links to files the build did not write: {missing[:3]}")
        page = link.removesuffix(".html")
        if page not in pages and not result["files"]:
            problems.append(f"{link}: no table or figure links to its data")
        if page in pages:
            seen.add(page)
            registry = len(raw_rows(f"claims/{pages[page]}/claims.csv"))
            if result["claims_rows"] != registry:
                problems.append(f"{link}: {result['claims_rows']} claim cards, registry {registry}")
    assert problems == []
    assert seen == set(pages)
    assert len(pages) == 5  # reports.toml: three runs of the 2018 articles, two of the Tianjin coverage


def test_build_exports_every_claim_as_csv_and_claimreview_json(reports):
    import csv
    import json

    scale = {r["rating"]: int(r["value"]) if r["value"] else None for r in raw_rows("ratings.csv")}
    for page, name in claims_runs().items():
        registry = [r["claim_id"] for r in raw_rows(f"claims/{name}/claims.csv")]
        with open(reports / f"{page}.claims.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert [r["claim_id"] for r in rows] == registry, page
        assert {"computed_value", "gap", "rating", "method", "sources"} <= set(rows[0]), page
        reviews = json.loads((reports / f"{page}.claims.json").read_text(encoding="utf-8"))
        assert [r["identifier"] for r in reviews] == registry, page
        # every review carries a rating of the published scale, with its value, and the rows' own rating
        assert [(r["reviewRating"]["alternateName"], r["reviewRating"].get("ratingValue")) for r in reviews] == [
            (row["rating"], scale[row["rating"]]) for row in rows
        ], page
        html = (reports / f"{page}.html").read_text(encoding="utf-8")
        assert html.count('<script type="application/ld+json">') == 1, page
        assert "<script>" not in html, page
