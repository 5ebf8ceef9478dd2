"""The words of the built reports: headings name only the run's own year, each explanation fits the number it
explains, and no Markdown is left unrendered."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


class Text(HTMLParser):
    """The visible text of a page, by element: headings apart, code, style and script left out."""

    SKIP = frozenset({"code", "pre", "style", "script", "textarea"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.headings: list[str] = []
        self.prose: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"br", "img", "meta", "link", "input", "hr", "col"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self.SKIP & set(self.stack):
            return
        if {"h1", "h2", "h3", "h4"} & set(self.stack):
            self.headings.append(data)
        self.prose.append(data)


def read(path: Path) -> Text:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def built(reports: Path) -> list[Path]:
    pages = sorted(p for p in reports.rglob("*.html") if "_failed" not in p.parts)
    assert len(pages) > 10, pages
    return pages


def test_trade_headings_name_no_year_but_the_runs_own(reports):
    pages = sorted((reports / "trade").glob("year=*.html"))
    assert len(pages) >= 20
    for page in pages:
        year = int(page.stem.split("=")[1])
        years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", " ".join(read(page).headings))}
        assert years <= {year, year - 1}, (page.name, years)


def test_trade_report_for_2001_has_no_2017_in_its_headings(reports):
    assert "2017" not in " ".join(read(reports / "trade" / "year=2001.html").headings)


# each explanation of the China-vs-mirror gap, with the condition under which it may be used: the IMF's CIF/FOB
# factor, 1.06 (Direction of Trade Statistics Yearbook 2017), so a margin of 6 %
MARGIN = 6.0
EXPORT_REASONS = {
    "although their imports include freight": lambda gap, less: less,
    "in line with the CIF/FOB margin": lambda gap, less: not less and gap <= MARGIN,
    "more than the CIF/FOB margin": lambda gap, less: not less and gap > MARGIN,
}
IMPORT_REASONS = {
    "against the CIF/FOB margin": lambda gap, less: not less,
    "as expected from the CIF/FOB margin": lambda gap, less: less and gap <= MARGIN,
    "more than the CIF/FOB margin": lambda gap, less: less and gap > MARGIN,
}


@pytest.mark.parametrize(
    ("what", "reasons"),
    [
        ("imports from China than China reports exports to them", EXPORT_REASONS),
        ("exports to China than China reports imports from them", IMPORT_REASONS),
    ],
)
def test_each_gap_explanation_in_every_trade_report_fits_the_gap_it_states(reports, what, reasons):
    checked = 0
    for page in sorted((reports / "trade").glob("*.html")):
        text = " ".join(" ".join(read(page).prose).split())
        for gap, side, reason in re.findall(rf"Partners report ([\d.]+) % (less|more) {what}, (.{{0,60}})", text):
            used = [r for r in reasons if reason.startswith(r)]
            assert len(used) == 1, (page.name, reason)
            assert reasons[used[0]](float(gap), side == "less"), (page.name, gap, side, used[0])
            checked += 1
    assert checked >= 20


def test_no_markdown_is_left_unrendered(reports):
    for page in built(reports):
        text = " ".join(read(page).prose)
        for mark in ("**", "__", "`"):
            assert mark not in text, (page.relative_to(reports).as_posix(), mark, text[text.find(mark) - 80 :][:160])


class Prose(Text):
    """The page's text outside its figures (a figure's text is laid out by matplotlib, not wrapped by the browser)."""

    SKIP = Text.SKIP | {"svg"}


def test_no_number_is_parted_from_its_unit_on_a_narrow_screen(reports):
    """'23.17 %' or 'US$ 60.0 m' must not break at its space on a phone: the space is a no-break one."""
    parted = re.compile(
        r"\d (%|years?\b|bn\b|trn\b|km²|million\b|billion\b|trillion\b|percentage point)|US\$ (\d|bn\b)"
    )
    for page in built(reports):
        parser = Prose()
        parser.feed(page.read_text(encoding="utf-8"))
        text = "\n".join(parser.prose)  # one text node per line: a cell's number is not a unit in the next cell
        found = parted.search(text)
        assert found is None, (page.relative_to(reports).as_posix(), text[found.start() - 60 : found.end() + 20])
