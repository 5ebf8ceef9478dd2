"""The one rule for links in generated HTML, shared by the index and the project's own templates: an http(s) URL or
a relative path with no scheme is a link; anything else (javascript:, data:, //host, /abs) is shown as text."""

from __future__ import annotations

LINK_SCHEMES = ("http://", "https://")


def safe_url(url: object) -> str:
    """`url` if it is safe as a link target: an http(s) URL, or a relative path with no scheme; else ''."""
    text = str(url).strip()
    if text.lower().startswith(LINK_SCHEMES):
        return text
    first = text.split("/", 1)[0]
    if not text or ":" in first or text.startswith(("/", "\\")) or any(ord(ch) < 32 for ch in text):
        return ""
    return text
