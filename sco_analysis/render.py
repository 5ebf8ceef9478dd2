"""The one way the package writes HTML: Jinja templates with autoescape on, and one rule for links (safe_url)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates" / "html"
LINK_SCHEMES = ("http://", "https://")


def safe_url(url: object) -> str:
    """`url` if it is safe as a link target: an http(s) URL, or a relative path with no scheme; else ''.

    Anything else (javascript:, data:, vbscript:, //host, /abs) renders as plain text, never as a link."""
    text = str(url).strip()
    if text.lower().startswith(LINK_SCHEMES):
        return text
    first = text.split("/", 1)[0]
    if not text or ":" in first or text.startswith(("/", "\\")) or any(ord(ch) < 32 for ch in text):
        return ""
    return text


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The package's Jinja environment: templates/html, autoescape for every template, the safe_url filter."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["safe_url"] = safe_url
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of templates/html with `context` (every value escaped unless marked safe there)."""
    return environment().get_template(template).render(**context)
