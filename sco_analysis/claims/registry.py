"""Claim registries: a CSV of claims (what was said, and how it is checked) with the articles they quote in an
articles.csv beside it, each article carrying the day and the year its figures refer to. A registry is loaded,
checked against its schema (data/schema.csv) and against the table of checks, and every error names the file, the
line, the claim and the column. The project's own registries live in data/claims/<name>/; a user's may be anywhere.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import data, manifest
from ..errors import SchemaError, did_you_mean
from .checks import CHECKS
from .evaluation import Context, parse_arguments

REGISTRIES = "claims"  # the folder of data/ that holds the project's registries, one folder each
DEFAULT = "qingdao-2018"
CLAIMS, ARTICLES, LEFT_OUT = "claims.csv", "articles.csv", "left_out.csv"
VERDICTS = ["consistent", "approximately consistent", "inconsistent", "not checkable"]
NUMERIC_RULES = ("figure", "almost", "about", "exceeds", "below")


@dataclass(frozen=True)
class Registry:
    """A loaded, checked registry."""

    name: str  # as given: a registry of data/claims/, or a path
    claims: pd.DataFrame
    articles: pd.DataFrame
    digest: str  # of both files' bytes, so a cache sees an edit
    left_out: pd.DataFrame  # sentences of the articles not registered, and why (left_out.csv, if the registry has one)


def names() -> list[str]:
    """The project's registries (the folders of data/claims/)."""
    root = manifest.data_dir() / REGISTRIES
    return sorted(p.name for p in root.iterdir() if (p / CLAIMS).is_file())


def locate(spec: str) -> tuple[Path, Path]:
    """The claims and articles files of a registry: a name of data/claims/, a folder holding claims.csv and
    articles.csv, or a claims CSV with articles.csv beside it; a SchemaError says which exist."""
    given = Path(spec).expanduser()
    candidates = [manifest.data_dir() / REGISTRIES / spec, given, manifest.REPO_ROOT / given]
    for path in candidates:
        folder, claims = (path, path / CLAIMS) if path.is_dir() else (path.parent, path)
        if claims.is_file():
            articles = folder / ARTICLES
            if not articles.is_file():
                raise SchemaError(f"{claims}: no {ARTICLES} beside it; the articles a registry quotes go there.")
            return claims.resolve(), articles.resolve()
    raise SchemaError(
        f"no claims registry {spec!r}: give one of {', '.join(names())} (data/{REGISTRIES}/), or the path of a CSV "
        f"of claims (with {ARTICLES} beside it) or of a folder holding both."
    )


def load(spec: str = DEFAULT) -> Registry:
    """A registry by name or path, checked (read again only when one of its files changes)."""
    claims, articles = locate(spec)
    stamps = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in (claims, articles))
    return _load(spec, claims, articles, stamps)


@lru_cache(maxsize=8)
def _load(spec: str, claims_path: Path, articles_path: Path, stamps: tuple[tuple[int, int], ...]) -> Registry:
    """load() for one version of the files."""
    articles = data.read_table(articles_path, "articles")
    claims = data.read_table(claims_path, "claims")
    where = _shown(claims_path)
    known = set(articles["article"])
    for line, record in enumerate(claims.to_dict("records"), 2):
        row = {str(k): str(v) for k, v in record.items()}
        _check_row(row, f"{where}, line {line} ({row['claim_id']})", known, articles)
    digest = hashlib.sha256(claims_path.read_bytes() + b"\0" + articles_path.read_bytes()).hexdigest()
    left = claims_path.with_name(LEFT_OUT)
    left_out = (
        data.read_table(left, "left_out") if left.is_file() else pd.DataFrame(columns=["article", "quote", "why"])
    )
    return Registry(spec, claims, articles, digest, left_out)


def _shown(path: Path) -> str:
    """A path as a user would type it: relative to the repository when inside it."""
    try:
        return path.relative_to(manifest.REPO_ROOT).as_posix()
    except ValueError:
        return os.fspath(path)


def _check_row(row: dict[str, str], where: str, known: set[str], articles: pd.DataFrame) -> None:
    """What the schema cannot say about one claim: its article, its check, arguments and field, its rule."""
    if row["article"] not in known:
        raise SchemaError(
            f"{where}: no article {row['article']!r} in {ARTICLES}; articles: {', '.join(sorted(known))}."
            + did_you_mean(row["article"], sorted(known))
        )
    text = str(articles.set_index("article").loc[row["article"], "text"])
    if text and row["quote"] not in manifest.verified_path(text).read_text(encoding="utf-8"):
        raise SchemaError(f"{where}: the quote is not in data/{text} word for word; copy it from there.")
    if not row["check"]:
        if not row["settle_with"]:
            raise SchemaError(f"{where}: a claim with no check must say what would settle it (settle_with).")
        return
    check = CHECKS.get(row["check"])
    if check is None:
        raise SchemaError(
            f"{where}: no check {row['check']!r}; checks: {', '.join(CHECKS)}."
            + did_you_mean(row["check"], list(CHECKS))
        )
    parse_arguments(row["arguments"], check, where)
    if len(check.fields) > 1 and row["field"] not in check.fields:
        raise SchemaError(f"{where}: check {check.name!r} gives {', '.join(check.fields)}; name one as the field.")
    if len(check.fields) == 1 and row["field"] not in ("", check.fields[0]):
        raise SchemaError(f"{where}: check {check.name!r} gives only {check.fields[0]!r}; leave the field empty.")
    if not row["judged_by"]:
        raise SchemaError(f"{where}: a checked claim needs a rule (judged_by).")
    if row["judged_by"] in NUMERIC_RULES:
        try:
            float(row["claimed_value"])
        except ValueError:
            raise SchemaError(f"{where}: rule {row['judged_by']!r} needs a number as claimed_value.") from None
    if row["weight"] == "detail" and not row["note"]:
        raise SchemaError(f"{where}: a claim weighed as a detail needs a note saying which claim checks the point.")


def field_of(row: pd.Series) -> str:
    """The field of its check's result a checked claim reads."""
    return str(row["field"]) or CHECKS[str(row["check"])].fields[0]


def context(registry: Registry, row: pd.Series, vintage: str) -> Context:
    """What a claim's figures refer to: its article's day and year, and the data release of the report."""
    article = registry.articles.set_index("article").loc[row["article"]]
    return Context(str(article["reference_date"]), int(article["claim_year"]), vintage)


def claim(registry: Registry, claim_id: str) -> pd.Series:
    """One registry row by its id."""
    found = registry.claims.loc[lambda r: r["claim_id"] == claim_id]
    if found.empty:
        raise SchemaError(f"registry {registry.name}: no claim {claim_id!r}.")
    return found.iloc[0]
