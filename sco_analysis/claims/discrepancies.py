"""Where the articles and the cited tables disagree on a name, a title, a speaker or a date, listed like the data
problems: the table, the entity, the year, and the effect on the verdict."""

from __future__ import annotations

import re

import pandas as pd

from .rules import place_and_days

COLUMNS = ["file", "problem", "entity", "years", "rows", "effect"]


def _table(sources: str) -> str:
    """The first data file a claim's sources name (data/...csv)."""
    found = re.search(r"data/[\w/.-]+\.csv", sources)
    return found[0] if found else sources


def _year(text: str) -> str:
    """The first year in a text, or ''."""
    found = re.search(r"\b(?:19|20)\d\d\b", text)
    return found[0] if found else ""


def _argument_values(arguments: str) -> str:
    """'HSC 14' for 'series=HSC; number=14': what a claim's check was asked about."""
    return " ".join(part.partition("=")[2].strip() for part in arguments.split(";") if "=" in part)


def partial_days(results: pd.DataFrame) -> pd.DataFrame:
    """Claims that give one day of a meeting the table records over several days (judged by 'within')."""
    within = results.loc[(results["judged_by"] == "within") & (results["computed_value"] != "")]
    span = within["computed_value"].map(place_and_days)
    day = within["claimed_value"].map(lambda v: place_and_days(v)[1])
    several = span.str[1] != span.str[2]
    rows = within.loc[several]
    return pd.DataFrame(
        {
            "file": rows["sources"].map(_table),
            "problem": "the article gives one day ("
            + day[several]
            + ") of a meeting the table records from "
            + span[several].str[1]
            + " to "
            + span[several].str[2],
            "entity": rows["arguments"].map(_argument_values),
            "years": day[several].str[:4],
            "rows": 1,
            "effect": "none: the day falls within the meeting (" + rows["claim_id"] + " " + rows["verdict"] + ")",
        },
        columns=COLUMNS,
    )


def misstatements(results: pd.DataFrame) -> pd.DataFrame:
    """Claims of a name, title, speaker or date that the cited table contradicts, with the likely cause if known."""
    wrong = results.loc[(results["judged_by"] == "equal") & (results["verdict"] == "inconsistent")]
    why = wrong["explanation"].where(wrong["explanation"] != "", "no cause shown by the tables")
    return pd.DataFrame(
        {
            "file": wrong["sources"].map(_table),
            "problem": "the article says "
            + wrong["claimed_value"].map(repr)
            + ", the table "
            + wrong["computed_value"].map(repr)
            + " ("
            + wrong["quantity"]
            + "). "
            + why,
            "entity": wrong["claimed_value"],
            "years": (wrong["quantity"] + " " + wrong["method"]).map(_year),
            "rows": 1,
            "effect": wrong["claim_id"] + " judged inconsistent",
        },
        columns=COLUMNS,
    )


def discrepancies(results: pd.DataFrame) -> pd.DataFrame:
    """Every disagreement between an article and a cited table, misstatements first."""
    return pd.concat([misstatements(results), partial_days(results)], ignore_index=True).astype({"rows": "int64"})
