"""The reader's vocabulary: one name per country, headers with units, values at the claim's precision, dates and
codes kept whole, runs labelled in words, and the citation's commit taken from git. Expected values come from the
raw CSVs read with the csv module, from git, or from the articles."""

from __future__ import annotations

import re
import subprocess

import pandas as pd
import pytest
from conftest import ROOT, raw_rows

from sco_analysis import runs, tables, vocabulary
from sco_analysis.claims import verdicts
from sco_analysis.reporting import unbroken


def test_one_name_per_country_whatever_table_it_comes_from():
    wb = {r["iso3"]: r["wb_name"] for r in raw_rows("country_codes.csv") if r["iso3"]}
    assert wb["RUS"] == "Russian Federation"  # the World Bank's name, which the trade tables used to show
    events = {
        (code, name)
        for r in raw_rows("sco-timeline/sco_membership_events.csv")
        for code, name in zip(r["iso3"].split(";"), r["country"].split(";"), strict=True)
    }
    assert ("RUS", "Russia") in events
    assert vocabulary.country("RUS") == "Russia"
    assert vocabulary.country("KGZ") == "Kyrgyzstan"  # World Bank: Kyrgyz Republic
    assert vocabulary.country("GBR") == wb["GBR"]  # no common name needed: the World Bank's
    assert not [name for name in vocabulary.country_names().values() if ", " in name]  # no inverted names


@pytest.mark.parametrize(
    ("column", "header"),
    [
        ("claim_id", "claim"),
        ("computed_value", "computed"),
        ("share_pct", "share of world, %"),
        ("host_city", "host city"),
        ("mirror_vs_china_pct", "mirror vs china, %"),
    ],
)
def test_headers_are_words_with_their_units(column, header):
    assert vocabulary.header(column) == header


@pytest.mark.parametrize(
    ("text", "unit", "like", "shown"),
    [
        ("16.98", "years", "17", "17\u00a0years"),  # A04: 'over the past 17 years', to the claim's precision
        ("41.9", "%", "43", "42\u00a0%"),
        ("218.44", "US$ bn", "217.6", "218.4\u00a0US$ bn"),
        ("2017", "year", "", "2017"),  # a year, never '2,017'
        ("CHN;KAZ;KGZ;RUS;TJK", "set", "", "China, Kazakhstan, Kyrgyzstan, Russia, Tajikistan"),
        ("Qingdao", "text", "", "Qingdao"),
    ],
)
def test_values_read_as_a_reader_writes_them(text, unit, like, shown):
    assert vocabulary.value(text, unit, like) == shown


def test_the_interviews_trade_claims_are_shown_with_units_and_signed_gaps():
    # B15: "217.6" US$ bn claimed (data/claims/qingdao-2018/claims.csv)
    claim = next(r for r in raw_rows("claims/qingdao-2018/claims.csv") if r["claim_id"] == "B15")
    assert (claim["claimed_value"], claim["unit"]) == ("217.6", "US$ bn")
    shown = tables.claim_values(verdicts.evaluate(topics=("trade",))).set_index("claim_id")
    assert shown.loc["B15", "claimed_value"] == "217.6\u00a0US$ bn"
    assert re.fullmatch(r"\+0\.\d\d\u00a0US\$ bn", shown.loc["B15", "gap"])
    assert shown.loc["B16", "gap"].endswith("\u00a0percentage points")  # a gap between two % is in points


def test_a_table_shows_names_yes_no_and_years_and_its_csv_keeps_the_codes():
    frame = pd.DataFrame(
        {
            "iso3": ["RUS", "KGZ"],
            "country": ["Russian Federation", "Kyrgyz Republic"],
            "year": [2017, 2017],
            "people": [144_496_740, 6_198_200],
            "member": [True, False],
        }
    )
    table = tables.frame(frame)
    assert table.text().splitlines() == [
        "country | year | people | member",
        "Russia | 2017 | 144,496,740 | yes",
        "Kyrgyzstan | 2017 | 6,198,200 | no",
    ]
    assert table.csv().splitlines()[:2] == [
        "iso3,country,year,people,member",
        "RUS,Russian Federation,2017,144496740,True",
    ]


def test_a_numbered_table_has_an_anchor_a_caption_and_hands_its_csv_to_the_build():
    from sco_analysis.reporting.publish import EXPORT_MIME

    tables.start("trade")
    try:
        tables.next_number("table")  # Table 1 is shown before it
        bundle = tables.frame(pd.DataFrame({"a": [1]}), caption="Shares")._repr_mimebundle_()
    finally:
        tables.start("")
    assert '<div class="table-box" id="table-2"' in bundle["text/html"]
    assert '<a class="anchor" href="#table-2">Table 2</a>. Shares</caption>' in bundle["text/html"]
    assert bundle["text/plain"].splitlines()[0] == "Table 2. Shares"
    assert bundle[EXPORT_MIME] == {"name": "trade.table-2", "files": {".csv": "a\n1\n"}}
    assert EXPORT_MIME not in tables.frame(pd.DataFrame({"a": [1]}))._repr_mimebundle_()  # nothing numbered


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<td>2018-06-09/2018-06-10</td>", '<td><span class="nobr">2018-06-09/2018-06-10</span></td>'),
        ("<p>on datahub-2026 data</p>", '<p>on <span class="nobr">datahub-2026</span> data</p>'),
        ("<p>the Secretary-General</p>", "<p>the Secretary-General</p>"),  # a compound word may break, as in print
        ('<a href="x-2018-06.csv">1981–1982</a>', '<a href="x-2018-06.csv"><span class="nobr">1981–1982</span></a>'),
        ('<script type="application/ld+json">{"d": "2018-06-09"}</script>', None),
        ("<title>as of 2018-06-09</title><svg><text>2018-06</text></svg>", None),  # no markup in title or svg text
        (
            "<svg><text>2018</text></svg><p>2018-06</p>",
            '<svg><text>2018</text></svg><p><span class="nobr">2018-06</span></p>',
        ),
    ],
)
def test_dates_and_codes_are_kept_on_one_line_in_text_only(html, kept):
    assert unbroken.keep_whole(html) == (html if kept is None else kept)


@pytest.mark.parametrize(
    ("markdown", "kept"),
    [
        ("*The News*, 2018-06; claims", '*The News*, <span class="nobr">2018-06;</span> claims'),
        ("run `sco-report run -p as_of 2018-06-09` now", None),  # code spans as written
        ("growth in **2013-2017**", 'growth in **<span class="nobr">2013-2017</span>**'),
        ("[2018-06](https://x.org/2018-06/a.htm)", '[<span class="nobr">2018-06</span>](https://x.org/2018-06/a.htm)'),
        (
            "the Secretary-General, <b>1981-1982</b>",
            'the Secretary-General, <b><span class="nobr">1981-1982</span></b>',
        ),
    ],
)
def test_markdown_keeps_dates_whole_outside_code_links_and_html(markdown, kept):
    assert unbroken.keep_whole_markdown(markdown) == (markdown if kept is None else kept)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("<p>23.17 %, 3.17 percentage points above</p>", "<p>23.17\u00a0%, 3.17\u00a0percentage points above</p>"),
        ("<td>US$ 60.0 m of 217.6 US$ bn</td>", "<td>US$\u00a060.0\u00a0m of 217.6\u00a0US$\u00a0bn</td>"),
        (
            "<li>16.98 years; 4 810 km²; 1.2 trillion</li>",
            "<li>16.98\u00a0years; 4 810\u00a0km²; 1.2\u00a0trillion</li>",
        ),
        ("<p>18 members, 2017 was</p>", None),  # words that start like a unit are not units
        ("<svg><text>40 %</text></svg>", None),  # the figure's own text, as laid out
        ("<pre>US$ 60 m</pre><code>2018-06</code>", None),  # what a reader copies stays as written
    ],
)
def test_a_number_and_its_unit_stay_on_one_line(text, kept):
    assert unbroken.keep_whole(text) == (text if kept is None else kept)
    assert unbroken.keep_whole_markdown("share: 40 %") == "share: 40\u00a0%"


def test_plain_text_is_escaped_before_dates_are_kept_whole():
    assert (
        unbroken.keep_whole_text("<b>wdi-2026</b> & co")
        == '<span class="nobr">&lt;b&gt;wdi-2026&lt;/b&gt;</span> &amp; co'
    )


def test_runs_are_labelled_by_their_summit_and_the_review_day():
    qingdao = next(r for r in raw_rows("sco-timeline/sco_summits.csv") if r["start_date"] == "2018-06-09")
    assert (qingdao["number"], qingdao["host_city"]) == ("18", "Qingdao")
    assert runs.label("timeline", {"as_of": "2018-06-09", "dating": "decision"}) == (
        "9 June 2018 — 18th Heads of State Council, Qingdao"
    )
    assert runs.label("timeline", {"as_of": "2001-06-15", "dating": "decision"}) == (
        "15 June 2001 — 1st Heads of State Council, Shanghai"
    )
    reviewed = raw_rows("curated/timeline_review.csv")[0]["reviewed_through"]
    assert runs.label("timeline", {"as_of": reviewed, "dating": "memorandum"}) == (
        f"{vocabulary.date(reviewed)} — the day the events were last reviewed, dated by memorandum"
    )
    assert runs.label("trade", {"year": 2009, "group": "members", "dating": "decision"}) == (
        "2009 — China and the other SCO members"
    )


def test_every_report_states_its_parameters_in_its_first_paragraph():
    assert runs.paragraph("timeline", {"as_of": "2016-01-01", "dating": "memorandum"}) == (
        "This report describes the SCO as it stood on **1 January 2016**, with each dialogue partnership dated by "
        "the signing of its memorandum."
    )
    trade = runs.paragraph("trade", {"year": 2017, "group": "members", "dating": "decision"})
    assert trade.startswith("This report covers **2017**: China's trade with the other SCO members")
    assert "India, Kazakhstan, Kyrgyzstan, Pakistan, Russia, Tajikistan and Uzbekistan" in trade
    weight = runs.paragraph("weight", {"year": 2017, "as_of": "2018-06-09", "vintage": "wb-2021", "dating": "decision"})
    assert "**2017**" in weight
    assert "growth from the World Bank, ~2021-01 release" in weight


def test_the_citation_names_the_commit_and_its_date_not_the_day_of_the_build():
    found = subprocess.run(
        ["git", "log", "-1", "--format=%H %cs"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    cited = runs.citation("trade", "China–SCO trade", {"year": 2017, "group": "members", "dating": "decision"})
    assert cited["commit"] == found[0][:12]
    assert cited["date"] == vocabulary.date(found[1])
    assert cited["command"] == "sco-report run notebooks/trade.ipynb -p dating decision -p group members -p year 2017"
    assert any("github.com/SamLeBlanc/Direction-of-Trade-Map @ a0b40af" in d for d in cited["data"])
