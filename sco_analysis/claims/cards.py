"""The claims report as a fact-check reads: the ratings per article and what is wrong first, then one card per
quoted sentence with each of its claims as a line (rating badge, claimed against computed, the finding, the
fact-checker's note), and the rule, the readings, method and sources folded under <details>."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from .. import membership, vocabulary, wording
from ..render import render
from . import scale

LISTED = ("inaccurate", "misleading", "unsupported", "minor error")  # what a reader sees first, with the findings


def badge(rating: str) -> str:
    """The CSS class of a rating's badge: 'rating-mostly-accurate' (an evaluation that failed: 'rating-error')."""
    return "rating-" + rating.replace(" ", "-")


def tones() -> dict[str, str]:
    """How the pages colour each rating (the index's runner knows tones, not ratings)."""
    return dict(zip(scale.ratings()["rating"], scale.ratings()["tone"], strict=True))


def _value(value: object, unit: str) -> str:
    """A claimed or computed value with its unit, numbers to at most 2 decimals ('' stays '')."""
    text = str(value)
    if text == "":
        return ""
    if unit == "set":  # 'CHN;KAZ' -> 'China, Kazakhstan'
        return vocabulary.codes_to_names(text)
    try:
        number = float(text)
    except ValueError:
        return text
    if unit == "year":  # 2001, not 2,001
        return f"{number:.0f}"
    shown = f"{number:,.2f}".rstrip("0").rstrip(".") if not number.is_integer() else f"{number:,.0f}"
    bare = ("text", "standing", "date", "month", "set", "ordinal", "year", "count", "count (at least)")
    return shown if unit in bare else f"{shown} {unit}"


def _line(r: Mapping[Hashable, Any]) -> dict[str, Any]:
    """One claim as a card line: id, rating, badge class, what, claimed, computed, finding, note, and the details."""
    readings = (
        f"{r['readings_held']} of the {r['readings_allowed']} readings the sentence allows hold"
        + (f" (on {r['held_on']})" if r["held_on"] else "")
        + (f"; a reading it does not state that fits: {r['fits']}" if r["fits"] else "")
        if int(r["readings_allowed"]) > 1 or r["fits"]
        else ""
    )
    notes = [
        ("Why they differ", r["explanation"]),
        ("Rule", r["rule"]),
        ("On the reading the sentence states", r["verdict"] if r["verdict"] not in ("not checkable", "error") else ""),
        ("Readings", readings),
        ("Method", r["method"]),
        ("Sources", r["sources"]),
        ("Other readings", r["alternatives"]),
        ("Other releases of the data", r["other_vintages"] if r["vintage_sensitive"] else ""),
        ("What would settle it", r["settle_with"] if r["verdict"] == "not checkable" else ""),
        ("Error", r["error"]),
    ]
    return {
        "id": r["claim_id"],
        "verdict": r["rating"] + (" (depends on the data release)" if r["vintage_sensitive"] else ""),
        "badge": badge(r["rating"]),
        "what": r["quantity"],
        "claimed": _value(r["claimed_value"], r["unit"]),
        "computed": _value(r["computed_value"], r["unit"]),
        "finding": r["finding"],
        "explanation": r["explanation"],
        "note": r["note"],
        "notes": [(label, text) for label, text in notes if str(text).strip()],
    }


def sources(articles: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Each article as a card names it: title (its headline, or where the stored copy has none, the outlet and the
    day: the registry's note on the missing headline is no name), outlet, author, date and link, by its id."""
    return {
        str(a["article"]): {
            "title": str(a["title"]) if not str(a["title"]).startswith("(") else f"{a['outlet']}, {a['published']}",
            "outlet": str(a["outlet"]),
            "author": str(a["author"]),
            "claimant": str(a["claimant"]),
            "published": str(a["published"]),
            "url": str(a["url"]),
        }
        for a in articles.to_dict("records")
    }


def title(articles: pd.DataFrame) -> str:
    """What a fact-check of these articles is called where it is cited: 'Fact-check of 7 articles on the SCO,
    2025-08-29 to 2025-09-01'."""
    first, last = str(articles["published"].min()), str(articles["published"].max())
    when = first if first == last else f"{first} to {last}"
    return f"Fact-check of {wording.counted('article', len(articles))} on the SCO, {when}"


def introduction(results: pd.DataFrame, articles: pd.DataFrame, release: str) -> str:
    """The report's first paragraph: which articles, who made the claims, how many claims, the data release, and
    the rating counts."""
    counts = results["rating"].value_counts()
    quoted = wording.and_join(
        f"*{a['title']}* ({a['outlet']}, {a['published']}; claims by {a['claimant']})"
        if not a["title"].startswith(a["outlet"])
        else f"{a['title']} (claims by {a['claimant']})"
        for a in sources(articles).values()
    )
    tally = ", ".join(f"{int(counts.get(v, 0))} {v}" for v in scale.names() if counts.get(v, 0))
    return (
        f"{wording.counted('article', len(articles))}: {quoted}. Each factual statement is in the registry, quoted "
        f"verbatim; every checkable one is evaluated by code from the vendored data or a cited record, judged by the "
        f"rule for its kind on every reading the sentence allows, and rated. {len(results)} claims, numbers from the "
        f"{release}: {tally}."
    )


def summary_html(results: pd.DataFrame, articles: pd.DataFrame) -> str:
    """Verdict counts per article, then the inconsistent claims (and the nearly right ones) with their findings."""
    table = results
    about = sources(articles)
    titles = {k: v["title"] for k, v in about.items()}
    per_article = [
        {
            "title": titles[str(file)],
            "publisher": about[str(file)]["outlet"],
            "counts": [(v, badge(v), int((group["rating"] == v).sum())) for v in scale.names()],
            "total": len(group),
        }
        for file, group in table.groupby("article", sort=False)
    ]
    rows = table.assign(source=table["article"].map(titles))
    lists = [(v, badge(v), rows.loc[rows["rating"] == v].to_dict("records")) for v in LISTED]
    scale_rows = scale.ratings().assign(badge=lambda d: d["rating"].map(badge)).to_dict("records")
    return render("claims_summary.html.j2", articles=per_article, verdicts=scale.names(), lists=lists, scale=scale_rows)


def headline(results: pd.DataFrame, articles: pd.DataFrame) -> dict[str, Any]:
    """What the index says of this fact-check: its title, the rating counts (the ratings given), and the claims
    rated below accurate but for 'mostly accurate', with their findings, each linking to its card."""
    counts = results["rating"].value_counts()
    lists = [(v, results.loc[results["rating"] == v]) for v in LISTED]
    tone = tones()
    return {
        "heading": f"{title(articles)}: what it found",
        "summary": f"Of the {len(results)} factual claims the {results['article'].nunique()} articles make,",
        "counts": [{"label": v, "count": int(counts[v]), "tone": tone[v]} for v in scale.names() if counts.get(v, 0)],
        "lists": [
            {
                "title": f"{v[:1].upper()}{v[1:]} ({len(rows)})",
                "tone": tone[v],
                "items": [{"anchor": r.claim_id, "label": r.claim_id, "text": r.finding} for r in rows.itertuples()],
            }
            for v, rows in lists
        ],
        "link": "The full fact-check: every claim with its quote, rating, rule, readings, method and sources",
    }


def cards_html(results: pd.DataFrame, articles: pd.DataFrame) -> str:
    """One card per quoted sentence, in the order of the articles, each claim of the sentence as a line."""
    table = results
    about = sources(articles)
    cards = [
        {
            "id": f"quote-{rows['claim_id'].iloc[0]}",
            "article": about[str(article)]["title"],
            "source": about[str(article)],
            "quote": quote,
            "lines": [_line(r) for r in rows.to_dict("records")],
        }
        for (article, quote), rows in table.groupby(["article", "quote"], sort=False)
    ]
    return render("claims_cards.html.j2", cards=cards)


def side_by_side(results: pd.DataFrame, differing: bool = True) -> pd.DataFrame:
    """The claims whose quantity another article also gives (the same `side_by_side` label, at least two
    articles), in registry order within each label; with `differing`, only the quantities the articles give as
    different figures or that rate differently (else only those all give alike)."""
    labelled = results.loc[results["side_by_side"] != ""]
    by_label = labelled.groupby("side_by_side", sort=False)
    shared = by_label["article"].transform("nunique") >= 2
    # 2001 and 2001-06-15 are one fact at two precisions: figures differ only where the unit is the same
    figures = labelled.groupby(["side_by_side", "unit"], sort=False)["claimed_value"].transform("nunique") > 1
    differ = figures.groupby(labelled["side_by_side"]).transform("any") | (by_label["rating"].transform("nunique") > 1)
    return labelled.loc[shared & (differ if differing else ~differ)]


def side_by_side_html(results: pd.DataFrame, articles: pd.DataFrame) -> str:
    """One table per quantity several articles give: claim, article (outlet, date, link), what it says, claimed,
    data and rating; '' when no two articles share one."""
    about = sources(articles)
    groups = [
        {
            "caption": f"{str(label)[:1].upper()}{str(label)[1:]}: {wording.counted('claim', len(rows))} in "
            f"{wording.counted('article', rows['article'].nunique())}",
            "rows": [
                {
                    "id": r["claim_id"],
                    "outlet": about[str(r["article"])]["outlet"],
                    "published": about[str(r["article"])]["published"],
                    "url": about[str(r["article"])]["url"],
                    "what": r["quantity"],
                    "claimed": _value(r["claimed_value"], r["unit"]),
                    "computed": _value(r["computed_value"], r["unit"]),
                    "rating": r["rating"],
                    "badge": badge(str(r["rating"])),
                }
                for r in rows.to_dict("records")
            ],
        }
        for label, rows in side_by_side(results).groupby("side_by_side", sort=False)
    ]
    alike = side_by_side(results, differing=False).groupby("side_by_side", sort=False)
    agree = wording.and_join(f"{label} ({', '.join(rows['claim_id'])})" for label, rows in alike)
    return render("claims_side_by_side.html.j2", groups=groups, agree=agree) if groups or agree else ""


def _section_of(problems: pd.DataFrame) -> pd.Series:
    """Where each problem is listed: 'changes' (it changes a figure), 'own' (an IMF estimate or gap of a country
    that has held an SCO status), 'other', or 'unlisted' (IMF estimates of other reporters, which no figure uses)."""
    changes = ~problems["effect"].str.startswith("none")
    sco_entity = problems["entity"].str.split().str[0].isin(set(membership.status_spans()["iso3"]))
    estimate = problems["problem"].str.startswith("IMF estimates")
    own = ~changes & sco_entity & (estimate | problems["problem"].str.startswith("did not report"))
    section = pd.Series("other", index=problems.index, dtype="string")
    return section.mask(estimate, "unlisted").mask(own, "own").mask(changes, "changes")  # the first that applies


def quality_sections(problems: pd.DataFrame, disagreements: pd.DataFrame) -> list[tuple[str, pd.DataFrame, bool]]:
    """The data-quality findings in the order a reader needs them: what changes a figure, where the articles and
    the cited tables disagree, the estimates and gaps of the SCO's own countries, and the rest handled on load (the
    estimates of other reporters, which no figure uses, only in the full list); each with whether it is shown open."""
    section = _section_of(problems)
    sections = [  # (title, rows, shown open): what changes a figure is open, what changes none is folded
        ("Problems that change a figure in these reports", problems.loc[section == "changes"], True),
        ("Where the articles and the cited tables disagree", disagreements, True),
        (
            "IMF estimates and gaps of countries that have held an SCO status (no figure shown changes)",
            problems.loc[section == "own"],
            False,
        ),
        ("Other problems, handled on load (no figure shown changes)", problems.loc[section == "other"], False),
    ]
    return [(title, frame.reset_index(drop=True), shown) for title, frame, shown in sections if not frame.empty]


def unlisted(problems: pd.DataFrame) -> int:
    """How many problems quality_sections leaves to the full list (IMF estimates no figure uses)."""
    return int((_section_of(problems) == "unlisted").sum())
