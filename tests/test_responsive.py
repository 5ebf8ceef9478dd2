"""The built pages on a phone (390 px) and a desktop (1280 px) in a real browser: no word or number broken across
lines, nothing cut off (a box that scrolls sideways must be one a keyboard can reach), no figure text under 8 CSS px;
the index, the claims report and one report of each kind are shot at both widths for a person to look at
(reports/_screenshots/<page>-<width>px.png)."""

from __future__ import annotations

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
WIDTHS = {"phone": 390, "desktop": 1280}
SMALLEST_TEXT_PX = 8
# a raster figure's smallest text at full size: 7.5 pt at 100 dpi, the smallest size the house style draws (a PNG
# cannot be searched for its text, so its scale is what is measured)
RASTER_TEXT_PX = 7.5 * 100 / 72

# Runs in the page. Returns what a reader would meet: tokens (runs of non-space characters) whose glyphs sit on
# more than one line, elements whose content is cut off or sticks out of the screen, and figure text under the limit.
CHECK = """
([smallest, rasterText]) => {
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const found = {broken: [], clipped: [], small: [],
                 overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
  // 1. a token is broken when its characters lie on more than one line (lines stack vertically, or, in vertical
  //    writing, side by side)
  //    A line may end after the hyphen of a compound word ("Secretary-|General"), as in print, and between two
  //    Chinese characters, but not inside a number, a date, a code or anything in <code>.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement && !n.parentElement.closest('svg, script, style') && n.parentElement.checkVisibility()
      ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  const range = document.createRange();
  const line = (node, start, end, vertical) => {
    range.setStart(node, start);
    range.setEnd(node, end);
    return [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0).map(r => vertical ? r.left : r.top);
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const vertical = getComputedStyle(node.parentElement).writingMode.startsWith('vertical');
    const code = node.parentElement.closest('code, pre, kbd, samp');
    for (const m of node.textContent.matchAll(/\\S{2,}/g)) {
      const at = line(node, m.index, m.index + m[0].length, vertical);
      if (at.length < 2 || Math.max(...at) - Math.min(...at) <= 2) continue;
      const first = line(node, m.index, m.index + 1, vertical)[0];
      let i = 1;
      while (i < m[0].length && Math.abs(line(node, m.index + i, m.index + i + 1, vertical)[0] - first) <= 2) i++;
      const [before, after] = [m[0].slice(0, i), m[0].slice(i)];
      const compound = !code && /\\p{L}{2}[-\u2013]$/u.test(before) && /^\\p{L}/u.test(after);
      const chinese = /\\p{Script=Han}$/u.test(before) && /^\\p{Script=Han}/u.test(after);  // written without spaces
      if (!compound && !chinese) found.broken.push(`"${before}|${after}" in ${name(node.parentElement)}`);
    }
  }
  // 2. cut off: content beyond an element that hides it, or that scrolls but cannot be reached by keyboard (not
  //    focusable), or that sticks out of the screen outside any box that scrolls
  const width = document.documentElement.clientWidth;
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || !el.checkVisibility()) continue;
    const hidden = el.scrollWidth - el.clientWidth;
    if (hidden > 1 && style.overflowX !== 'visible' && el.clientWidth > 0) {
      if (style.overflowX === 'hidden' || style.overflowX === 'clip')
        found.clipped.push(`${name(el)} hides ${hidden} px of its content`);
      else if (el.tabIndex < 0)
        found.clipped.push(`${name(el)} scrolls ${hidden} px sideways but a keyboard cannot reach it`);
    }
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth)
      found.clipped.push(`${name(el)} ends in an ellipsis`);
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
      let scroller = el.parentElement;
      while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX))
        scroller = scroller.parentElement;
      if (!scroller) found.clipped.push(`${name(el)} reaches ${Math.round(box.right)} px, past the screen's ${width}`);
    }
  }
  // 3. figure text: every SVG text at its size on the screen; a raster figure by how far it is shrunk
  for (const t of document.querySelectorAll('svg text')) {
    const ctm = t.getScreenCTM();
    if (!ctm || !t.textContent.trim()) continue;
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
    if (px < smallest) found.small.push(`"${t.textContent.trim().slice(0, 40)}" at ${px.toFixed(1)} px`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.naturalWidth) continue;
    const scale = img.getBoundingClientRect().width / img.naturalWidth;
    if (rasterText * scale < smallest)
      found.small.push(`raster figure shown at ${Math.round(scale * 100)} % (${img.naturalWidth} px wide ` +
                       `shown ${Math.round(img.getBoundingClientRect().width)} px): its text is under ` +
                       `${(rasterText * scale).toFixed(1)} px`);
  }
  return found;
}
"""


def check(browser, path: Path, width: int, shot: Path | None = None) -> dict[str, list[str] | int]:
    """Open a page at `width` px, run CHECK, save a full-page screenshot to `shot` if given."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        record_and_block(page, ("file://", "data:"))
        page.goto(path.as_uri(), wait_until="load")
        found: dict[str, list[str] | int] = page.evaluate(CHECK, [SMALLEST_TEXT_PX, RASTER_TEXT_PX])
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    return found


def problems(found: dict[str, list[str] | int]) -> list[str]:
    """What a reader would meet, as lines (the first few of each kind)."""
    lines = []
    for kind, what in (("broken", "broken across lines"), ("clipped", "cut off"), ("small", "figure text too small")):
        items = found[kind]
        assert isinstance(items, list)
        lines += [f"{what}: {item}" for item in items[:8]]
        lines += [f"... and {len(items) - 8} more"] if len(items) > 8 else []
    if isinstance(found["overflow"], int) and found["overflow"] > 0:
        lines.append(f"the page is {found['overflow']} px wider than the screen")
    return lines


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGES)
def test_nothing_broken_cut_off_or_too_small(reports, browser, name, width):
    shot = reports / "_screenshots" / f"{name.replace('/', '__').removesuffix('.html')}-{width}px.png"
    found = check(browser, reports / name, width, shot)
    assert problems(found) == [], f"{name} at {width} px"


def test_the_check_finds_a_broken_number_a_cut_off_badge_and_a_shrunk_figure(browser, tmp_path):
    """The check itself, on a page made to fail each way (a test that never fails proves nothing)."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><body style="margin:0">'
        '<table style="width:40px;table-layout:fixed">'
        '<tr><td style="overflow-wrap:anywhere">3,190.30</td></tr></table>'
        '<div style="width:120px;overflow:hidden">'
        '<span style="white-space:nowrap">approximately consistent</span></div>'
        '<svg width="2000" height="40" viewBox="0 0 2000 40" style="width:200px;height:4px">'
        '<text x="0" y="30" font-size="30">tiny</text></svg>'
        "</body></html>",
        encoding="utf-8",
    )
    found = check(browser, page, 390)
    assert [b.replace("|", "") for b in found["broken"]] == ['"3,190.30" in td']  # broken somewhere inside
    assert [c.split(" hides")[0] for c in found["clipped"]] == ["div"]
    assert [s.split(" at ")[0] for s in found["small"]] == ['"tiny"']
    assert found["small"][0].startswith('"tiny" at 3.0 px')
