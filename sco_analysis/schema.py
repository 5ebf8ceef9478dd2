"""The schemas of the tables this project writes itself (data/schema.csv: one row per column, with its type, whether
it is required, whether it is part of the table's key, and its allowed values), and the one validator that checks a
table against its schema. An error names the file, the row as a spreadsheet numbers it, the column, the value and
the rule. Pure standard library, so the build can check every table before any kernel starts.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import SchemaError, did_you_mean
from .manifest import data_dir, display, project_files

SCHEMA_FILE = "schema.csv"
SCHEMA_COLUMNS = ["table", "column", "type", "required", "key", "allowed", "description"]


def _date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None


def _month(text: str) -> bool:
    return re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text) is not None


def _matches(pattern: str) -> Callable[[str], bool]:
    return lambda text: re.fullmatch(pattern, text) is not None


# type -> (test of a non-empty value, what a valid value looks like)
TYPES: dict[str, tuple[Callable[[str], bool], str]] = {
    "string": (lambda text: True, "text"),
    "integer": (_matches(r"-?\d+"), "a whole number"),
    "number": (_matches(r"-?\d+(\.\d+)?"), "a number such as 4.84"),
    "date": (_date, "a date YYYY-MM-DD"),
    "month": (_month, "a month YYYY-MM"),
    "date-or-month": (lambda text: _date(text) or _month(text), "a date YYYY-MM-DD or a month YYYY-MM"),
    "year": (_matches(r"\d{4}"), "a year YYYY"),
    "url": (_matches(r"https?://\S+"), "an http(s) URL"),
    "iso3": (_matches(r"[A-Z]{3}"), "an ISO3 code such as RUS"),
    "iso3-list": (_matches(r"[A-Z]{3}(;[A-Z]{3})*"), "ISO3 codes separated by ';'"),
    "yes-no": (_matches(r"yes|no"), "yes or no"),
    "colour": (_matches(r"#[0-9A-Fa-f]{6}"), "a colour #RRGGBB"),
}


@dataclass(frozen=True)
class Column:
    """One column of a table's schema."""

    name: str
    type: str
    required: bool
    key: bool
    allowed: tuple[str, ...]
    description: str


@lru_cache(maxsize=1)
def schemas() -> dict[str, tuple[Column, ...]]:
    """Every table's columns, in order, from data/schema.csv (itself checked: known types, yes/no flags)."""
    path = data_dir() / SCHEMA_FILE
    where = display(path)
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise SchemaError(f"{where} is missing; restore it with `git checkout -- data/{SCHEMA_FILE}`.") from None
    if not rows or list(rows[0]) != SCHEMA_COLUMNS:
        raise SchemaError(f"{where}: the columns must be {', '.join(SCHEMA_COLUMNS)}.")
    if any(None in row for row in rows):
        line = next(i for i, row in enumerate(rows, 2) if None in row)
        raise SchemaError(f"{where}, line {line}: more values than columns (a comma in an unquoted value?).")
    tables: dict[str, list[Column]] = {}
    for line, row in enumerate(rows, 2):
        if row["type"] not in TYPES or row["required"] not in ("yes", "no") or row["key"] not in ("yes", "no"):
            raise SchemaError(
                f"{where}, line {line}: type {row['type']!r} must be one of {', '.join(TYPES)}, and required and "
                "key yes or no."
            )
        allowed = tuple(a.strip() for a in row["allowed"].split("|") if a.strip())
        required, key = row["required"] == "yes", row["key"] == "yes"
        column = Column(row["column"], row["type"], required, key, allowed, row["description"])
        tables.setdefault(row["table"], []).append(column)
    return {name: tuple(columns) for name, columns in tables.items()}


def columns(table: str) -> tuple[Column, ...]:
    """The columns of one table's schema, or a SchemaError naming the tables there are."""
    found = schemas().get(table)
    if found is None:
        raise SchemaError(f"data/{SCHEMA_FILE} has no table {table!r}; tables: {', '.join(sorted(schemas()))}.")
    return found


def check_rows(rows: list[dict[str, str]], header: list[str], table: str, where: str) -> list[dict[str, str]]:
    """The rows if they keep `table`'s schema (columns, types, required values, allowed values, unique keys), an
    optional column the file leaves out read as empty; else a SchemaError naming `where`, the row (line 2 is the
    first row under the header), the column and the rule."""
    schema = columns(table)
    names = [c.name for c in schema]
    # an optional column may be left out (a user's registry need not carry side_by_side); it reads as empty
    missing = [c.name for c in schema if c.required and c.name not in header]
    unknown = [h for h in header if h not in names]
    if missing or unknown:
        parts = [f"missing columns {missing}" if missing else "", f"unknown columns {unknown}" if unknown else ""]
        hint = did_you_mean(unknown[0], names) if unknown else ""
        raise SchemaError(f"{where}: {'; '.join(p for p in parts if p)}; the columns are {', '.join(names)}.{hint}")
    for row in rows:
        for column in schema:
            row.setdefault(column.name, "")
    for line, row in enumerate(rows, 2):
        for column in schema:
            value = row[column.name] or ""
            if not value:
                if column.required:
                    raise SchemaError(f"{where}, line {line}, column {column.name!r}: empty, but required.")
                continue
            test, looks = TYPES[column.type]
            if not test(value):
                raise SchemaError(f"{where}, line {line}, column {column.name!r}: {value!r} is not {looks}.")
            if column.allowed and value not in column.allowed:
                raise SchemaError(
                    f"{where}, line {line}, column {column.name!r}: {value!r} is not allowed; use one of "
                    f"{', '.join(column.allowed)}.{did_you_mean(value, column.allowed)}"
                )
    key = [c.name for c in schema if c.key]
    seen: dict[tuple[str, ...], int] = {}
    for line, row in enumerate(rows, 2):
        values = tuple(row[k] for k in key)
        if key and values in seen:
            raise SchemaError(
                f"{where}, line {line}: {', '.join(key)} = {', '.join(values)} repeats line {seen[values]}; each "
                "row needs its own."
            )
        seen[values] = line
    return rows


def read_checked(path: Path, table: str) -> list[dict[str, str]]:
    """A project table read with the csv module and checked against its schema (see check_rows)."""
    where = display(path)
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = list(reader.fieldnames or [])
    except FileNotFoundError:
        raise SchemaError(f"{where} is missing; restore it with `git checkout -- {where}`.") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise SchemaError(f"{where}: not a UTF-8 CSV file ({exc}).") from None
    if any(None in row for row in rows):
        line = next(i for i, row in enumerate(rows, 2) if None in row)
        raise SchemaError(f"{where}, line {line}: more values than columns (a comma in an unquoted value?).")
    return check_rows(rows, header, table, where)


REGISTRY_FOLDER = "claims/"  # data/claims/<registry>/claims.csv and articles.csv: tables of kind claims and articles


def table_of(relpath: str) -> str | None:
    """The schema a project file of data/ follows ('curated/statuses', 'claims', ...), or None (a text, the schemas)."""
    if not relpath.endswith(".csv") or relpath == SCHEMA_FILE:
        return None
    if relpath.startswith(REGISTRY_FOLDER):
        return relpath.rsplit("/", 1)[-1].removesuffix(".csv")
    return relpath.removesuffix(".csv")


def check_all() -> int:
    """Check every table the project writes against its schema (before a build starts); return how many."""
    checked = 0
    for rel in project_files():
        table = table_of(rel)
        if table is not None:
            read_checked(data_dir() / rel, table)
            checked += 1
    return checked
