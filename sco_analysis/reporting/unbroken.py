"""Dates, ranges, codes and amounts kept on one line: a browser may end a line after any hyphen, which on a phone
cuts '2018-|06-09' or 'wdi-|2026' in two, or at the space of '23.17 %' or 'US$ 60.0 m'. A token with a hyphen or
dash beside a digit is wrapped in <span class="nobr"> (white-space: nowrap in every stylesheet the reports use); the
space between a number and its unit (or 'US$' and its number) becomes a no-break space. Compound words
('Secretary-General') may still break after the hyphen, as in print. For HTML, Markdown and plain text, so that every
page the runner or a notebook writes keeps them whole; tables and data files keep plain spaces."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

WHOLE_TOKEN = re.compile(r"[^\s<>]*(?:\d[-\u2010\u2013]|[-\u2010\u2013]\d)[^\s<>]*")
_TAG = re.compile(r"(<[^>]*>)")
# what Markdown must keep as written: code spans, link targets and inline HTML or autolinks
_MARKDOWN_KEEP = re.compile(r"(`+[^`]*`+|\]\([^)]*\)|<[^>]*>)")
# in Markdown, brackets, parentheses and emphasis marks stay outside the wrapper, so that links and emphasis still parse
_MARKDOWN_TOKEN = re.compile(r"[^\s<>\[\]()*_`]*(?:\d[-\u2010\u2013]|[-\u2010\u2013]\d)[^\s<>\[\]()*_`]*")
_NOBR = re.compile(r"""^<[a-zA-Z][^>]*\bclass=["'](?:[^"']*\s)?nobr[\s"']""")
# a number and the unit after it ('23.17 %', '16.98 years', '217.6 US$ bn', '3.17 percentage points'), 'US$' and the
# number or scale after it: the units the reports write
_UNIT_SPACE = re.compile(
    r"(?<=\d) (?=%|‰|percentage points?\b|years?\b|km²|km\b|bn\b|trn\b|m\b|million\b|billion\b|trillion\b|US\$)"
    r"|(?<=US\$) (?=\d|bn\b|m\b|trn\b)"
)
# their text is not HTML text, is not ours to wrap, or is copied as written (code: nowrap in the stylesheets)
_RAW = ("script", "style", "svg", "title", "textarea", "code", "pre")


def _wrap(text: str, token: re.Pattern[str] = WHOLE_TOKEN) -> str:
    wrapped = token.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', text)
    return _UNIT_SPACE.sub("\u00a0", wrapped)


def keep_whole(html: str) -> str:
    """HTML with every date, range or code holding a hyphen beside a digit wrapped and every amount's unit held to
    its number, in text only (not in tags, attributes, or the text of script, style, svg, title, textarea, code or
    pre elements)."""
    parts, inside, kept = _TAG.split(html), 0, False
    for i, part in enumerate(parts):
        if part.startswith("<"):
            tag = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if tag and tag.group(1).lower() in _RAW and not part.endswith("/>"):
                inside += -1 if part.startswith("</") else 1
                inside = max(inside, 0)
            kept = _NOBR.search(part) is not None  # text already kept whole: wrapping twice would nest
        elif not inside and not kept and part:
            parts[i] = _wrap(part)
    return "".join(parts)


def keep_whole_markdown(text: str) -> str:
    """Markdown with the same tokens wrapped in inline HTML, code spans, link targets and inline HTML left as
    written."""
    parts = _MARKDOWN_KEEP.split(text)
    return "".join(part if i % 2 else _wrap(part, _MARKDOWN_TOKEN) for i, part in enumerate(parts))


def keep_whole_text(text: object) -> Markup:
    """Plain text as escaped HTML with the same tokens wrapped (the Jinja filter `keep_whole`)."""
    return Markup(_wrap(str(escape(text))))
