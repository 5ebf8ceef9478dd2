"""Chinese text in the reports (a speech title, '600多起', the Secretaries-General's names) renders as Chinese, not as
boxes: the pages name a CJK font in their font stack (make test installs Debian's fonts-noto-cjk with the browser),
and a screenshot of each Chinese character differs from the others and from a character no font has."""

from __future__ import annotations

import pytest
from browser import record_and_block

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CJK_FONT = "Noto Sans CJK SC"
NO_GLYPH = "\u0378"  # an unassigned code point: every font draws its 'missing' box for it


def glyphs(browser, path, shot=None) -> tuple[str, str, list[bytes], bytes]:
    """The page's font stack, the Chinese characters it shows (up to 6), a screenshot of each drawn in the page's
    own font at 48 px, and one of a character no font has."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        record_and_block(page, ("file://", "data:"))
        page.goto(path.as_uri(), wait_until="load")
        stack = page.evaluate("getComputedStyle(document.querySelector('.jp-RenderedHTMLCommon')).fontFamily")
        chars = page.evaluate(
            "[...new Set(document.body.innerText.match(/\\p{Script=Han}/gu) || [])].slice(0, 6).join('')"
        )
        probes = []
        for char in [*chars, NO_GLYPH]:
            probe = page.evaluate_handle(
                """c => { const s = document.createElement('span');
                          s.textContent = c; s.style.fontSize = '48px'; s.style.display = 'inline-block';
                          document.querySelector('.jp-RenderedHTMLCommon').prepend(s); return s; }""",
                char,
            )
            probes.append(probe.as_element().screenshot())
            probe.evaluate("s => s.remove()")
        if shot is not None:
            found = page.locator("p.explanation", has_text="《").first
            found.scroll_into_view_if_needed()
            found.screenshot(path=str(shot))
    finally:
        context.close()
    return stack, chars, probes[:-1], probes[-1]


def test_chinese_characters_render_as_themselves_in_the_claims_report(reports, browser):
    shots = reports / "_screenshots"
    shots.mkdir(exist_ok=True)
    stack, chars, drawn, missing = glyphs(browser, reports / "claims" / "default.html", shots / "cjk__claims.png")
    assert CJK_FONT in stack
    assert len(chars) >= 4, chars  # 600多起 and the speech's Chinese title are quoted on the page
    assert len(set(drawn)) == len(drawn), f"some of {chars} are drawn alike: boxes, no CJK font"
    assert missing not in drawn, f"{chars} are drawn as the box of a missing glyph"


def test_the_index_and_reports_name_the_cjk_font(reports, browser):
    for name in ("index.html", "timeline/as_of=2018-06-09.html"):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto((reports / name).as_uri(), wait_until="load")
            stack = page.evaluate("getComputedStyle(document.querySelector('p')).fontFamily")
        finally:
            context.close()
        assert CJK_FONT in stack, (name, stack)
