"""The one way the package writes HTML: Jinja templates with autoescape on, and one rule for links (safe_url)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from .reporting.links import safe_url
from .reporting.unbroken import keep_whole

TEMPLATES = Path(__file__).resolve().parent / "templates" / "html"


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
    """Render one template of templates/html with `context` (every value escaped unless marked safe there), its
    dates, ranges and codes kept on one line (reporting.unbroken)."""
    return keep_whole(environment().get_template(template).render(**context))
