"""The verdicts as data: schema.org ClaimReview (JSON and embeddable JSON-LD) and the flat CSV table."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pandas as pd

from .. import schema
from . import scale
from .cards import sources
from .verdicts import COLUMNS

# a row of the registry as it was written (its schema), then what the evaluation found (verdicts.COLUMNS), then the
# finding and how the rating moves with the data release: one home for each list
CSV_COLUMNS = [
    *(c.name for c in schema.columns("claims")),
    *(c for c in COLUMNS if c != "claim_id"),
    "finding",
    "vintage",
    "vintage_sensitive",
    "other_vintages",
]
# fields a ClaimReview has no property for, kept under additionalProperty
EXTRA_FIELDS = {
    "claimedValue": "claimed_value",
    "unit": "unit",
    "computedValue": "computed_value",
    "gap": "gap",
    "verdictOnStatedReading": "verdict",
    "readingsHeld": "readings_held",
    "readingsAllowed": "readings_allowed",
    "rule": "rule",
    "method": "method",
    "sources": "sources",
    "vintage": "vintage",
    "vintageSensitive": "vintage_sensitive",
}


def downloads(page: str) -> list[tuple[str, str]]:
    """The data files the build writes beside a claims page (given as 'report/run.html'), as (link, label)."""
    stem = page.split("/")[-1].removesuffix(".html") or "claims"
    return [
        (f"{stem}.claims.csv", "every claim and its verdict, one row each (CSV)"),
        (f"{stem}.claims.json", "the verdicts as schema.org ClaimReview (JSON)"),
        (f"{stem}.quality.csv", "every data problem found on load (CSV)"),
    ]


def _value(field: str, value: Any) -> Any:
    """A plain JSON value: NaN gaps become null, numpy booleans plain booleans, gaps rounded to 4 decimals."""
    if field == "gap":
        return None if pd.isna(value) else round(float(value), 4)
    if field == "vintage_sensitive":
        return bool(value)
    if field in ("readings_held", "readings_allowed"):
        return int(value)
    return value


def claim_reviews(results: pd.DataFrame, articles: pd.DataFrame, page: str, base_url: str = "") -> list[dict[str, Any]]:
    """One schema.org ClaimReview per claim: the quote, the article (title, outlet, date, author, link), the verdict
    as a Rating, the rest as additionalProperty; `url` is the claim's anchor on `page`, absolute under `base_url`."""
    about = sources(articles)
    scored = scale.ratings().dropna(subset=["value"])
    values = {str(k): int(v) for k, v in zip(scored["rating"], scored["value"], strict=True)}
    reviews = []
    for r in results.to_dict("records"):
        article = about[r["article"]]
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": r["rating"]}
        if r["rating"] in values:
            rating.update(
                ratingValue=values[r["rating"]], bestRating=max(values.values()), worstRating=min(values.values())
            )
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "identifier": r["claim_id"],
                "url": f"{base_url}{page}#{r['claim_id']}",
                "claimReviewed": r["quote"],
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": article["claimant"]},
                    "appearance": {
                        "@type": "NewsArticle",
                        "name": article["title"],
                        "publisher": {"@type": "Organization", "name": article["outlet"]},
                        "datePublished": article["published"],
                        "identifier": r["article"],
                        **({"url": article["url"]} if article["url"] else {}),
                    },
                },
                "reviewRating": rating,
                "reviewBody": r["finding"],
                "author": {"@type": "Organization", "name": "sco-analysis"},
                "additionalProperty": [
                    {"@type": "PropertyValue", "name": name, "value": _value(column, r[column])}
                    for name, column in EXTRA_FIELDS.items()
                ],
            }
        )
    return reviews


def claimreview_json(reviews: list[dict[str, Any]]) -> str:
    """The ClaimReviews as a JSON document (reports/claims.json)."""
    return json.dumps(reviews, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def json_ld_payload(reviews: list[dict[str, Any]]) -> str:
    """The ClaimReviews as one line of JSON safe inside an HTML <script> element (no '<', '>' or '&' survive)."""
    payload = json.dumps(reviews, ensure_ascii=False, sort_keys=True)
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


FORMULA = re.compile(r"[=+\-@\t\r]")  # how a spreadsheet recognises a formula at the start of a cell
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def cell(value: object) -> object:
    """A value as a CSV cell a spreadsheet shows as written: text that would start a formula ('=HYPERLINK(...',
    '@SUM(...') gets a leading apostrophe, the OWASP advice; numbers and other text stay as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and FORMULA.match(value) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def table_csv(table: pd.DataFrame) -> str:
    """Any table as CSV text for a download: text cells made safe to open in a spreadsheet (see cell)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([cell(v) for v in row] for row in json.loads(table.to_json(orient="values")))
    return text.getvalue()


def claims_csv(results: pd.DataFrame) -> str:
    """The verdicts as CSV text (reports/claims.csv): one row per claim, gaps rounded to 4 decimals."""
    return table_csv(results[CSV_COLUMNS].assign(gap=results["gap"].round(4)))
