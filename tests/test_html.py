"""One HTML path: markup and script URLs fed into every field that becomes text or a link come out inert.

These tests fail if autoescaping is switched off or safe_url lets a scheme through."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import ROOT, one_report

from sco_analysis import render, tables
from sco_analysis.claims import cards, export, registry, verdicts
from sco_analysis.reporting import cache, execute, plan, site

EVIL = "<script>alert(1)</script>"
BAD_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "vbscript:x",
    "//evil.example/x",
    "/etc/passwd",
    "java\nscript:alert(1)",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_safe_url_refuses_every_scheme_but_http(url):
    assert render.safe_url(url) == ""


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "http://x.org", "timeline/as_of=2018-06-09.html"])
def test_safe_url_keeps_web_and_relative_links(url):
    assert render.safe_url(url) == url


def inert(page: str) -> None:
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page.lower()
    assert "href='javascript" not in page.lower()
    assert 'href="data:' not in page
    assert 'href="//' not in page


def test_cited_table_escapes_cells_and_links_only_safe_urls():
    frame = pd.DataFrame({"label": [EVIL] * len(BAD_URLS), EVIL: ["x"] * len(BAD_URLS), "source_url": BAD_URLS})
    page = tables.cited_table(frame)
    inert(page)
    assert "<a " not in page
    good = tables.cited_table(pd.DataFrame({"label": ["a"], "source_url": ["https://example.org/a?b=1&c=2"]}))
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">source</a>' in good


def test_claim_cards_summary_and_json_ld_escape_every_field():
    results = verdicts.evaluate(topics=("timeline",)).head(2).copy()
    for column in [
        "claim_id",
        "quote",
        "quantity",
        "claimed_value",
        "unit",
        "computed_value",
        "method",
        "sources",
        "alternatives",
        "explanation",
        "finding",
        "settle_with",
    ]:
        results[column] = EVIL
    articles = registry.load().articles.assign(title=EVIL, outlet=EVIL, author=EVIL, claimant=EVIL, url=BAD_URLS[0])
    inert(cards.cards_html(results, articles))
    assert 'href="javascript' not in cards.cards_html(results, articles)
    inert(cards.summary_html(results.assign(verdict="inconsistent"), articles))
    reviews = export.claim_reviews(results.assign(verdict="consistent"), articles, "claims/default.html")
    block = tables.json_ld(export.json_ld_payload(reviews))
    assert block.count("<") == 2  # only the opening and closing tags of the JSON-LD block
    assert json.loads(block.split(">", 1)[1].rsplit("<", 1)[0])[0]["claimReviewed"] == EVIL


def test_index_escapes_every_field_and_links_only_safe_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path))
    for report, slug in [("x", "evil"), ("javascript:alert(1)", "y")]:
        (tmp_path / report).mkdir()
        (tmp_path / report / f"{slug}.html").write_text("<html></html>")
        (tmp_path / ".cache" / report).mkdir(parents=True)
        record = {
            "report": report,
            "slug": slug,
            "title": EVIL,
            "resolved": {"group": EVIL},
            "built_at": EVIL,
            "seconds": 1.0,
            "fingerprint": {"notebook": EVIL},
        }
        (tmp_path / ".cache" / report / f"{slug}.json").write_text(json.dumps(record))
    notebook = tmp_path / "n.ipynb"
    notebook.write_bytes((ROOT / "notebooks" / "timeline.ipynb").read_bytes())
    config = tmp_path / "reports.toml"
    config.write_text(f'[x]\nnotebook = "{notebook}"\ntitle = "{EVIL}"\ndescription = "{EVIL}"\n')
    (tmp_path / ".cache" / "x" / "evil.failed.json").write_text(
        json.dumps({"report": "x", "slug": "evil", "error": EVIL})
    )
    page = site.write_index(config).read_text()
    assert "stale" in page
    inert(page)
    assert 'href="x/evil.html"' in page
    assert 'href="javascript:alert(1)/y.html"' not in page


def test_report_header_escapes_parameters():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("text"))
    nb.metadata["papermill"] = {"parameters": {"group": EVIL}}
    page = execute.to_html(nb, f"title {EVIL}")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_index_shows_the_headline_a_reports_first_run_published(tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path / "reports"))
    config = one_report(tmp_path, "facts", "x = 1")
    run = plan.plan(config)[0]
    run.path(".html").parent.mkdir(parents=True)
    run.path(".html").write_text("<html></html>", encoding="utf-8")
    cache.save_record(run, {}, 1.0)
    headline = {
        "heading": f"What was found {EVIL}",
        "summary": "Of the 3 claims,",
        "counts": [{"label": "right", "count": 2, "tone": "good"}, {"label": EVIL, "count": 1, "tone": EVIL}],
        "lists": [
            {"title": "Wrong (1)", "tone": "bad", "items": [{"anchor": "X2", "label": "X2", "text": f"wrong {EVIL}"}]}
        ],
        "link": "The full check",
    }
    run.path(".headline.json").write_text(json.dumps(headline), encoding="utf-8")
    page = site.write_index(config).read_text(encoding="utf-8")
    inert(page)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Of the 3 claims, 2 right and 1 &lt;script&gt;alert(1)&lt;/script&gt; ." in text
    assert 'href="facts/default.html#X2"' in page
    assert 'class="badge tone-neutral"' in page  # an unknown tone is shown as neutral, not as given
    assert page.index("What was found") < page.index('id="facts"')  # headlines first, then the runs


def test_a_malformed_headline_is_left_out_and_the_index_still_lists_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_REPORTS_DIR", str(tmp_path / "reports"))
    config = one_report(tmp_path, "facts", "x = 1")
    run = plan.plan(config)[0]
    run.path(".html").parent.mkdir(parents=True)
    run.path(".html").write_text("<html></html>", encoding="utf-8")
    cache.save_record(run, {}, 1.0)
    run.path(".headline.json").write_text('{"counts": [1, 2]}', encoding="utf-8")
    page = site.write_index(config).read_text(encoding="utf-8")
    assert 'href="facts/default.html"' in page
    assert "headline" not in page


def test_stored_notebook_outputs_name_no_memory_address():
    """A repr such as '<Styler at 0x7f...>' changes on every run: stored notebooks and reports would never compare."""
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        texts = [
            "".join(output.get("data", {}).get("text/plain", ""))
            for cell in json.loads(notebook.read_text())["cells"]
            for output in cell.get("outputs", [])
        ]
        assert not [t for t in texts if re.search(r" at 0x[0-9a-f]+>", t)], notebook.name


def test_a_highlighted_table_reads_as_its_rows_in_plain_text_and_marks_the_closest_row_in_html():
    table = pd.DataFrame({"group": ["members", "all"], "value": [41.874, 45.66], "closest": [True, False]})
    shown = tables.highlight_closest(table)
    assert repr(shown).splitlines() == ["group | value | closest", "members | 41.87 | yes", "all | 45.66 | no"]
    body = shown._repr_html_().split("<tbody>")[1]
    assert re.findall(r"<tr( class=\"closest\")?>", body) == [' class="closest"', ""]  # the first row only
    assert '<td class="num">41.87</td>' in body
