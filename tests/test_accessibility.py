"""Accessibility of the built pages in a real browser: axe-core (shipped inside axe-playwright-python, never
downloaded) finds no serious or critical violation on the index and on one report of each kind; the pages have a
language, headings in order and table headers; the claims report and the index fit a 1280 px screen and a 390 px
phone without anything cut off (full-page screenshots of both widths are saved for a person to look at)."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from browser import record_and_block

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [
    "index.html",
    "claims/default.html",
    "timeline/as_of=2018-06-09.html",
    "trade/year=2017.html",
    "weight/default.html",
]
WIDTHS = {"desktop": 1280, "phone": 390}


def open_page(browser, path: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    record_and_block(page, ("file://", "data:"))
    page.goto(path.as_uri(), wait_until="load")
    return context, page


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_axe_violation(reports, browser, name):
    from axe_playwright_python.sync_playwright import Axe

    context, page = open_page(browser, reports / name, 1280)
    try:
        results = Axe().run(page)
    finally:
        context.close()
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], bad


@pytest.mark.parametrize("name", PAGES)
def test_language_headings_in_order_and_table_headers(reports, browser, name):
    context, page = open_page(browser, reports / name, 1280)
    try:
        lang = page.eval_on_selector("html", "e => e.getAttribute('lang')")
        levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))")
        headless = page.eval_on_selector_all("table", "ts => ts.filter(t => !t.querySelector('th')).length")
        alts = page.eval_on_selector_all("img", "is => is.map(i => i.getAttribute('alt') || '')")
    finally:
        context.close()
    assert lang == "en"
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels  # no level skipped going down
    assert headless == 0
    assert all(len(alt) > 30 and "no description" not in alt for alt in alts), alts
    # each text alternative ends with the chart's finding: an empty title once left them ending '. .'
    assert not [alt for alt in alts if re.search(r"(^|\s)\.$|\.\s*\.$", alt)], alts


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", ["index.html", "claims/default.html"])
def test_pages_fit_the_screen_and_are_saved_for_a_look(reports, browser, name, width):
    shots = reports / "_screenshots"
    shots.mkdir(exist_ok=True)
    context, page = open_page(browser, reports / name, width)
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if name.startswith("claims"):
            summary = page.eval_on_selector(".factcheck-summary", "s => s.scrollWidth - s.clientWidth")
            assert width < 1280 or summary <= 0, summary  # the summary reads without sideways scrolling
        page.screenshot(path=str(shots / f"{name.replace('/', '__')[:-5]}-{width}px.png"), full_page=True)
    finally:
        context.close()
    assert overflow <= 0, f"{name} at {width} px is {overflow} px wider than the screen"
