"""Each report run in words: its label on the index ('9 June 2018 — 18th Heads of State Council, Qingdao'), the
first paragraph of its page (its parameters as a reader says them), the command that builds it again, and how to
cite it (the data releases, the commit the build ran from and that commit's date)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import checkout, data, events, manifest, partners, summits, trade, vocabulary, weight, wording
from .render import render
from .vocabulary import date

DATING_WORDS = {
    "decision": "each status dated by the council's decision",
    "memorandum": "each dialogue partnership dated by the signing of its memorandum",
}
# the data each report reads, as its citation names them: (what, folder of data/ whose manifest rows name the source)
RELEASES = {
    "timeline": [("SCO events and summits tables, cited row by row", "sco-timeline")],
    "trade": [("IMF Direction of Trade Statistics, vintage about 2022", "imf-dots")],
    "weight": [("World Bank World Development Indicators", "wdi")],
    "claims": [("World Bank World Development Indicators", "wdi"), ("IMF Direction of Trade Statistics", "imf-dots")],
}


def _day(value: object) -> pd.Timestamp:
    return pd.Timestamp(str(value))


def occasion(as_of: object) -> str:
    """What the day was: 'the opening day of the 18th Heads of State Council, Qingdao', 'the last day the events
    were reviewed to', or ''."""
    day = _day(as_of)
    summit = vocabulary.summit_opening_on(day)
    if summit:
        return f"the opening day of the {summit}"
    if day == events.reviewed_through():
        return "the last day the event tables were reviewed to"
    return ""


def label(report: str, params: Mapping[str, Any]) -> str:
    """A run as the index lists it: '15 June 2001 — 1st Heads of State Council, Shanghai', '2017 — China and the
    other SCO members', 'World Bank WDI, 2026-07 release'."""
    dating = "" if params.get("dating", events.DEFAULT_DATING) == events.DEFAULT_DATING else ", dated by memorandum"
    if report == "timeline":
        day = _day(params["as_of"])
        summit = vocabulary.summit_opening_on(day)
        what = summit or ("the day the events were last reviewed" if day == events.reviewed_through() else "")
        return f"{date(day)}{' — ' + what if what else ''}{dating}"
    if report == "trade":
        year, how = int(params["year"]), str(params.get("dating", events.DEFAULT_DATING))
        return f"{year} — China and {partners.group_words(params.get('group'), year, how)}{dating}"
    if report == "weight":
        shares = data.VINTAGE_LABELS[data.vintage_for("population", params["vintage"])]
        growth = data.VINTAGE_LABELS[data.vintage_for("gdp_growth", params["vintage"])]
        releases = shares if shares == growth else f"shares from the {shares}, growth from the {growth}"
        return f"{params['year']}, groups as of {date(_day(params['as_of']))} — {releases}{dating}"
    if "registry" in params:  # the claims notebook, whichever report runs it (its registry is the report's title)
        return f"numbers from the {data.VINTAGE_LABELS[params['vintage']]}"
    return ", ".join(f"{k} = {v}" for k, v in sorted(params.items()))


def paragraph(report: str, params: Mapping[str, Any]) -> str:
    """The first paragraph of a report: what this run shows, its parameters in words (Markdown)."""
    dating = DATING_WORDS[str(params.get("dating", events.DEFAULT_DATING))]
    if report == "timeline":
        day = _day(params["as_of"])
        when = occasion(day)
        return (
            f"This report describes the SCO as it stood on **{date(day)}**{', ' + when if when else ''}, with {dating}."
        )
    if report == "trade":
        year, group = int(params["year"]), params.get("group", "members")
        codes = partners.resolve_partners(group, year, str(params.get("dating", events.DEFAULT_DATING)))
        council = summits.council_of_year(year) if _has_council(year) else None
        at = f" at the {vocabulary.summit_name(council)} ({date(council['start_date'])})" if council is not None else ""
        return (
            f"This report covers **{year}**: China's trade with "
            f"{partners.group_words(group, year, str(params.get('dating', events.DEFAULT_DATING)))}{at}, "
            f"{wording.counted('partner', len(codes))}: {vocabulary.countries_in_words(codes)}; {dating}."
        )
    if report == "weight":
        shares = data.VINTAGE_LABELS[data.vintage_for("population", params["vintage"])]
        growth = data.VINTAGE_LABELS[data.vintage_for("gdp_growth", params["vintage"])]
        when = occasion(params["as_of"])
        sources = (
            f"population, GDP and growth from the {shares}"
            if shares == growth
            else f"population and GDP from the {shares}, growth from the {growth}"
        )
        return (
            f"This report measures the SCO's weight in **{params['year']}**, with the groups as they stood on "
            f"**{date(_day(params['as_of']))}**{' (' + when + ')' if when else ''}: {sources}; {dating}."
        )
    return ""


def _has_council(year: int) -> bool:
    councils = summits.heads_of_state_councils()
    return bool((councils["start_date"].dt.year == year).any())


def command(report: str, params: Mapping[str, Any]) -> str:
    """The command that builds this run: 'sco-report run notebooks/timeline.ipynb -p as_of 2018-06-09'."""
    given = " ".join(f"-p {k} {_shell_word(v)}" for k, v in sorted(params.items()))
    return f"sco-report run notebooks/{report}.ipynb {given}".strip()


def _shell_word(value: object) -> str:
    text = str(value)
    if text and all(c.isalnum() or c in "-_.,+=/:" for c in text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


class Rebuild:
    """What a static page says instead of 'change the parameters cell': the command that builds this run and one
    for another, each word of a command kept whole (a line may break between words, never inside one)."""

    def __init__(self, report: str, params: Mapping[str, Any], example: Mapping[str, Any]) -> None:
        self.this, self.other = command(report, params), command(report, example)

    def _repr_html_(self) -> str:
        return render("rebuild.html.j2", this=self.this.split(), other=self.other.split())

    def __repr__(self) -> str:
        return (
            f"From a terminal, {self.this} builds this report. Another run, e.g. {self.other}, writes a page of its "
            "own beside it and adds it to the index (every parameter and its valid values: the README)."
        )


def example(report: str) -> dict[str, Any]:
    """Another run of a report worth trying, taken from the data (so no notebook writes a date or a year): the
    latest Heads of State Council dated by memorandum; the observers in the last year of the trade data; the last
    year of the other release."""
    if report == "timeline":
        return {"as_of": f"{summits.heads_of_state_councils()['start_date'].max().date()}", "dating": "memorandum"}
    if report == "trade":
        return {"year": trade.years()[-1], "group": "observers"}
    if report == "weight":
        return {"year": weight.data_years("population", "datahub-2026")[-1], "vintage": "datahub-2026"}
    return {}


def rebuild(report: str, params: Mapping[str, Any], example: Mapping[str, Any]) -> Rebuild:
    """The commands that build this run and another (see Rebuild)."""
    return Rebuild(report, params, example)


def releases(report: str) -> list[str]:
    """The data a report cites: 'IMF Direction of Trade Statistics (...), github.com/SamLeBlanc/... @ a0b40af'."""
    rows = manifest.entries()
    found = []
    for what, folder in RELEASES.get(report, []):
        sources = sorted(
            {(e.source_repository, e.commit[:7]) for path, e in rows.items() if path.startswith(f"data/{folder}/")}
        )
        where = "; ".join(
            f"{repo.removeprefix('https://')} @ {sha}" for repo, sha in sources if repo.startswith("http")
        )
        found.append(f"{what} ({where})" if where else what)
    return found


def citation(report: str, title: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """How to cite a run: the report and the run in words, the data it read, the commit and its date, the command.

    The date is the commit's, not the day of the build: the same code and data give the same page, byte for byte."""
    sha, day, changed = checkout.commit()
    extra = [f"vintage: {data.VINTAGE_LABELS[str(params['vintage'])]}"] if "vintage" in params else []
    return {
        "title": title,
        "run": label(report, params),
        "data": [*releases(report), *extra, f"data manifest sha256 {manifest.digest()[:12]}"],
        "commit": sha,
        "date": date(day) if day else "",
        "changed": changed,
        "command": command(report, params),
    }
