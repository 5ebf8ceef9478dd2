"""The analysis functions a registry row can name as its check: each takes typed arguments (dates, years, groups,
the data release) and returns what the data give, field by field, with the method and the files it read. They hold
no claimed value and no date of their own; the row gives both."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import data, events, groups, membership, partners, records, summits, trade, wording
from .. import growth as growth_analysis
from .. import weight as weight_analysis
from ..errors import ScoError
from . import readings
from .evaluation import SUMMIT_SOURCES, TIMELINE_SOURCES, Measured, reading_table


def _source(name: str) -> str:
    """The curated file a record table is read from."""
    return f"data/{records.FILES[name]}"


def status_count(statuses: str, on: str) -> Measured:
    """How many countries held one of the statuses (joined with '+') on a day, by the events table."""
    wanted = [s.strip() for s in statuses.split("+")]
    counts = membership.counts_as_of(on)
    unknown = [s for s in wanted if s not in counts.index]
    if unknown:
        raise ScoError(f"no status {unknown} on {on}; statuses then: {', '.join(counts.index)}.")
    named = " or ".join(f"'{s}'" for s in wanted)
    by_dating = [
        (
            "count",
            f"statuses dated by the {d}",
            int(membership.counts_as_of(on, d)[wanted].sum()),
            True,
            d == "decision",
        )
        for d in events.DATINGS
    ]
    return Measured(
        {"count": int(counts[wanted].sum())},
        f"countries with status {named} on {readings.at_summit(on)}, from the events table",
        TIMELINE_SOURCES,
        f"every status in force then: {int(counts.sum())}" if len(wanted) < len(counts) else "",
        readings=reading_table(by_dating),
    )


def founding() -> Measured:
    """The SCO's founding: its day, and its month with the host city of the summit held that day."""
    founded = events.founding_date()
    summit = summits.summit_on(founded)
    if summit is None:
        raise ScoError(f"no summit was in session on the founding day, {founded.date()}")
    return Measured(
        {
            "date": f"{founded.date()}",
            "month_place": f"{founded:%Y-%m} {summit['host_city']}",
            "year": int(founded.year),
        },
        {
            "date": "first date any country has status 'member'",
            "month_place": "first date any country has status 'member', and the summit held that day",
            "year": "the year of the first date any country has status 'member'",
        },
        dict.fromkeys(("date", "year"), TIMELINE_SOURCES) | {"month_place": f"{TIMELINE_SOURCES}; {SUMMIT_SOURCES}"},
    )


def years_since_founding(on: str) -> Measured:
    """Years (to 2 decimals) from the SCO's founding to a day."""
    years = (pd.Timestamp(on) - events.founding_date()).days / 365.2425
    return Measured(
        {"value": round(years, 2)}, f"years from the founding to {readings.at_summit(on)}", TIMELINE_SOURCES
    )


def summit(series: str, number: int) -> Measured:
    """A summit by its series (S5, HSC, HGC) and number: host city and country, days ('first/last'), city and days
    together, its year and the month it opened."""
    s = summits.summit(number, series)
    days = f"{s['start_date'].date()}/{s['end_date'].date()}"
    named = f"{s['series'].removeprefix('SCO ')} {s['number']}"
    values = {
        "host_city": str(s["host_city"]),
        "host_country": str(s["host_country"]),
        "days": days,
        "place_days": f"{s['host_city']} {days}",
        "year": int(s["start_date"].year),
        "month": f"{s['start_date']:%Y-%m}",
    }
    return Measured(
        values,
        {
            "host_city": f"host city of {named}",
            "host_country": f"host country of {named}",
            "days": f"dates of {named}",
            "place_days": f"host city and dates of {named}; the claimed day must fall within them",
            "year": f"the year {named} was held ({days})",
            "month": f"the month {named} opened ({days})",
        },
        SUMMIT_SOURCES,
        {"place_days": f"notes: {s['notes']}"},
    )


def summit_speaker(series: str, number: int, claimed: str) -> Measured:
    """Who spoke for China at a summit, and the speech's official English title (with its Chinese title)."""
    s = summits.summit(number, series)
    row = summits.speaker(s["series"], int(s["number"]))
    title_note = (
        f"No speech of that English title is recorded; the article's words may render the Chinese title "
        f"《{row['title_zh']}》 differently."
        if row["title_zh"]
        else ""
    )
    return Measured(
        {"person": str(row["person"]), "title": str(row["title"])},
        {
            "person": f"who {row['what']}",
            "title": f"official English title of China's speech at {s['label']} ({s['host_city']}, "
            f"{s['start_date'].date()}), given by {row['person']}",
        },
        {
            "person": f"data/curated/summit_speakers.csv ({row['source_url']})",
            "title": f"data/curated/summit_speakers.csv ({row['title_source_url']}); {SUMMIT_SOURCES}",
        },
        {
            "person": str(row["verification"]),
            "title": f"Chinese title: 《{row['title_zh']}》 ({row['title_zh_source_url']})" if row["title_zh"] else "",
        },
        {
            "person": "" if row["person"] == claimed else same_year_speech(claimed, s, row),
            "title": "" if row["title"] == claimed else title_note,
        },
    )


def same_year_speech(claimed: str, summit: pd.Series, actual: pd.Series) -> str:
    """Where the named person spoke for China at another council the same year, if the tables record it."""
    spoke = summits.speakers().loc[lambda s: s["person"] == claimed]
    held = spoke.merge(summits.summits(), on=["series", "number"], how="inner", validate="one_to_one")
    same_year = held.loc[held["start_date"].dt.year == summit["start_date"].year]
    same_year = same_year.loc[same_year["label"] != summit["label"]]
    if same_year.empty:
        return ""
    other = same_year.iloc[0]
    return (
        f"{claimed} spoke for China at another council that year: {other['series']} {other['number']} in "
        f"{other['host_city']}, {other['start_date'].date()} to {other['end_date'].date()} ({other['role']}); "
        f"at {summit['label']} China's speaker was {actual['person']} ({actual['role']})."
    )


def first_council_after_accession(before: str) -> Measured:
    """The number of the first Heads of State Council opening after the last accession before a day."""
    joined, codes = events.last_accession(before=before)
    councils = summits.heads_of_state_councils()
    first = councils.loc[councils["start_date"] > joined].iloc[0]
    return Measured(
        {"value": int(first["number"])},
        f"first Heads of State Council opening after {names(codes)} joined "
        f"({joined.date()}): {first['host_city']} {first['start_date'].date()}",
        f"{TIMELINE_SOURCES}; {SUMMIT_SOURCES}",
    )


def names(codes: list[str] | tuple[str, ...]) -> str:
    """'India and Pakistan': country names of ISO3 codes, as the events table spells them."""
    return wording.and_join(events.table().drop_duplicates("iso3").set_index("iso3")["country"].reindex(codes))


def founding_states(stage: str) -> Measured:
    """The members at the Shanghai Five's first summit ('Shanghai Five') or on the SCO's founding day ('founding'),
    as ISO3 codes joined with ';'."""
    stages = {"Shanghai Five": membership.valid_range()[0], "founding": events.founding_date()}
    if stage not in stages:
        raise ScoError(f"no stage {stage!r}; stages: {', '.join(stages)}.")
    when = stages[stage]
    what = f"members on {when.date()} (Shanghai Five formed)" if stage != "founding" else "members on the founding day"
    return Measured({"value": ";".join(membership.members_as_of(when))}, what, TIMELINE_SOURCES)


def accession_year(countries: tuple[str, ...]) -> Measured:
    """The year the countries became members (one year, or an error naming the years)."""
    since = events.table().loc[lambda e: e["iso3"].isin(countries) & (e["status"] == "member"), "date"]
    years = sorted(set(since.dt.year))
    if len(years) != 1:
        raise ScoError(f"{names(countries)} joined in different years: {years}")
    return Measured(
        {"value": int(years[0])},
        f"year of the events giving {names(countries)} status 'member' ({since.min().date()})",
        TIMELINE_SOURCES,
    )


def china_trade(year: int, group: str, source: str) -> Measured:
    """China's exports, imports and total trade with a group (US$ bn), and their growth over the year before (%),
    as China reports them or as the partners do (mirror), to 2 decimals."""
    figures = trade.china_trade(year, group, source)
    other = trade.china_trade(year, group, "mirror" if source == "china" else "china")
    others = partners.resolve_partners(group, year)
    fields = ["exports", "imports", "total", *(f"{f}_growth_pct" for f in ("exports", "imports", "total"))]
    side = "China-reported" if source == "china" else "mirror (partner-reported)"
    what = {f: f"growth {year} over {year - 1}, %" if f.endswith("_pct") else f"{year}, US$ bn" for f in fields}
    sides = {"china": "IMF DOTS, as China reports it", "mirror": "IMF DOTS, as the partners report it (mirror)"}
    by_side = {source: figures, "mirror" if source == "china" else "china": other}
    both = [(f, sides[k], round(float(v[f]), 2), k == source, k == source) for k, v in by_side.items() for f in fields]
    return Measured(
        {f: round(float(figures[f]), 2) for f in fields},
        {
            f: f"{side} {f.split('_')[0]} with {partners_words(group)} ({', '.join(others)}), {what[f]}; IMF DOTS"
            for f in fields
        },
        "data/imf-dots/china_exports_fob_by_partner.csv and china_imports_cif_by_partner.csv, "
        f"partner rows of the {len(others)} {'members' if group == 'members' else 'partners'}, {year - 1}-{year}",
        {
            f: f"{'the partners’ mirror' if source == 'china' else 'China-reported'} figure: {other[f]:.2f}"
            for f in fields
        },
        readings=reading_table(both),
    )


def partners_words(group: str) -> str:
    """'the other members' for the members, else the group as named."""
    return "the other members" if group == "members" else f"the {group}"


def world_share(indicator: str, group: str, year: int | None, on: str, vintage: str, also: str = "") -> Measured:
    """A status group's share (%) of the world's population, GDP, land area or exports in a year (None: the latest
    the release has), the group as it stood on a day, from one data release (to 2 decimals). `also` names other
    groups the sentence allows, joined with '+' ('the organization' may be its members or all its countries)."""
    used = data.vintage_for(indicator, vintage)
    asked, year = year, latest(indicator, year, used)
    total = weight_analysis.group_total(indicator, year, group, on, used)
    table = readings.share_sensitivity(indicator, group, 0.0, on, year)
    years = readings.share_years(year)
    group_words = table["group"] + " (" + table["countries"].astype("string") + " countries)"
    shown = pd.DataFrame(
        {
            "field": "value",
            "reading": group_words + ", " + table["year"].astype("string") + ", " + table["vintage"],
            "value": table["value"].round(2),
            # another group is a reading the sentence does not state, unless it is one the sentence also allows
            "admissible": table["stated"] | table["group"].isin(_labels(also, on)),
            "stated": table["stated"] & table["year"].eq(year) & table["vintage"].eq(used),
            "rank": table["year"].ne(year).astype("int64") + table["vintage"].ne(used).astype("int64"),
        }
    )
    return Measured(
        {"value": round(float(total["share_pct"]), 2)},
        f"{weight_analysis.group_label(group, pd.Timestamp(on))} on {on}: sum of {indicator} "
        f"{year}{LATEST if asked is None else ''} over the WLD row, vintage {used}",
        f"{data.VINTAGES[used][indicator]}: rows of the {int(total['countries'])} countries and WLD, {year}",
        f"other readings: {table['value'].min():.1f}-{table['value'].max():.1f} % over group x year "
        f"({years[0]}-{years[-1]}) x vintage",
        readings=shown,
        when=_when(year, asked, used),
    )


LATEST = " (the latest year the release has)"  # said wherever a claim's year is 'the latest'


def _labels(also: str, on: str) -> set[str]:
    """The labels of the groups named in `also` ('members+all'), as the readings table shows them."""
    labels = weight_analysis.available_groups(on)
    named = [g.strip() for g in also.split("+") if g.strip()]
    unknown = [g for g in named if g not in labels]
    if unknown:
        raise ScoError(f"also={'+'.join(unknown)}: no such group on {on}; groups: {', '.join(labels)}.")
    return {labels[g] for g in named}


def _when(year: int, asked: int | None, vintage: str) -> str:
    """The year of a figure whose claim leaves it to the data, for the finding ('' when the claim names it)."""
    return f"{year} (the latest year of the {data.VINTAGE_LABELS[vintage]})" if asked is None else ""


def latest(indicator: str, year: int | None, vintage: str) -> int:
    """The year asked for, or (None: 'latest') the last year the release has a World value of the indicator for."""
    return int(year) if year is not None else weight_analysis.data_years(indicator, vintage)[-1]


def release_panel(indicator: str, year: int, used: str, parts: Mapping[str, str], on: str) -> pd.DataFrame:
    """The totals of some groups (label -> status group or ISO3 code) in `year` and the years either side that a
    release holds, in every release of the indicator: one row per label x year x vintage, with `rank` (how far the
    reading is from the stated year and release). The years and releases a sentence that states neither allows."""
    members = pd.DataFrame(
        [
            (y, label, c)
            for label, group in parts.items()
            for c in groups.resolve(group, on)
            for y in readings.share_years(year)
        ],
        columns=["year", "group", "iso3"],
    )
    panel = pd.concat(
        [
            weight_analysis.totals(
                indicator, members.loc[members["year"].isin(weight_analysis.data_years(indicator, v))], v
            )
            for v in readings.SHARE_VINTAGES
            if indicator in data.VINTAGES[v]
        ],
        ignore_index=True,
    )
    return (
        panel.pivot_table(index=["year", "vintage"], columns="group", values="total", sort=False)
        .reset_index()
        .assign(
            reading=lambda d: d["year"].astype("string") + ", " + d["vintage"],
            stated=lambda d: d["year"].eq(year) & d["vintage"].eq(used),
            rank=lambda d: (d["year"] - year).abs() + d["vintage"].ne(used).astype("int64"),
        )
    )


def _readings(panel: pd.DataFrame, values: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Readings of every field from a release panel: all allowed (the sentence states no year or release)."""
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "field": field,
                    "reading": panel["reading"],
                    "value": value,
                    "admissible": True,
                    "stated": panel["stated"],
                    "rank": panel["rank"],
                }
            )
            for field, value in values.items()
        ],
        ignore_index=True,
    )


def group_total(indicator: str, group: str, year: int | None, on: str, vintage: str) -> Measured:
    """A status group's (or ISO3 codes') total population or GDP in a year, in billions (3 decimals) and
    trillions (2 decimals); the same total in the years either side and in the other release are readings."""
    used = data.vintage_for(indicator, vintage)
    asked, year = year, latest(indicator, year, used)
    total = weight_analysis.group_total(indicator, year, group, on, used)
    n = int(total["countries"])
    who = f"the {n} {group}'" if groups.is_status_group(group) else group
    panel = release_panel(indicator, year, used, {"group": group}, on)
    return Measured(
        {"billions": round(float(total["total"]) / 1e9, 3), "trillions": round(float(total["total"]) / 1e12, 2)},
        f"sum of {who} {indicator} {year}{LATEST if asked is None else ''}, vintage {used}",
        f"{data.VINTAGES[used][indicator]}: rows of {who.removesuffix(chr(39))}, {year}",
        readings=_readings(
            panel, {"billions": (panel["group"] / 1e9).round(3), "trillions": (panel["group"] / 1e12).round(2)}
        ),
        when=_when(year, asked, used),
    )


def average_growth(group: str, last: int, on: str, vintage: str) -> Measured:
    """A group's simple mean of real GDP growth in a year ('up to the end of' it) and its ratio to the world's
    growth (to 3 decimals)."""
    used = data.vintage_for("gdp_growth", vintage)
    result = growth_analysis.average_growth(group, [last], on, used)
    n = int(result["countries"])
    out = {
        "simple_mean": round(float(result["simple_mean"]), 3),
        "simple_ratio": round(float(result["simple_ratio"]), 3),
    }
    ratio = " over the world growth"
    spread = {
        field: readings.growth_sensitivity(0.0, last, on)[column]
        for field, column in (("simple_mean", "value"), ("simple_ratio", "ratio_to_world"))
    }
    table = readings.growth_sensitivity(0.0, last, on)
    stated = (
        table["group"].eq(f"members at {readings.at_summit(on)}")
        & table["span"].eq(f"{last} only")
        & table["vintage"].eq(used)
        & table["mean"].eq("simple")
    )
    words = table["group"] + ", " + table["span"] + ", " + table["vintage"] + ", " + table["mean"] + " mean"
    shown = pd.concat(
        [
            pd.DataFrame(
                {"field": f, "reading": words, "value": table[c].round(3), "admissible": True, "stated": stated}
            )
            for f, c in (("simple_mean", "value"), ("simple_ratio", "ratio_to_world"))
        ],
        ignore_index=True,
    )
    return Measured(
        out,
        {
            f: f"simple mean of the {n} {group}' GDP growth in {last} (the last year 'up to the end of {last}')"
            f"{ratio if f == 'simple_ratio' else ''}, vintage {used}"
            for f in out
        },
        f"{data.VINTAGES[used]['gdp_growth']}: rows of the {n} {group} and WLD, {last}",
        {
            f: f"other readings (group x span x vintage x mean): {spread[f].min():.2f}-{spread[f].max():.2f}"
            for f in out
        },
        readings=shown if group == "members" else None,
    )


def attendance() -> Measured:
    """The international organisations named as attending the Qingdao summit, and how many sent their head."""
    orgs = records.qingdao_attendance()
    heads = orgs.loc[orgs["head_of_organisation"] == "yes"]
    others = orgs.loc[orgs["head_of_organisation"] != "yes"]
    deputies = "; ".join(f"{r.organisation}: {r.office} {r.represented_by}" for r in others.itertuples())
    own = orgs.loc[orgs["organisation"].str.startswith("SCO "), "organisation"]
    counted = {"organisations": len(orgs), "heads": len(heads)}
    words = {"organisations": "organisations represented", "heads": "organisations represented by their head"}
    shown = [(f, words[g], counted[g], f == g, f == g) for f in counted for g in counted]
    return Measured(
        counted,
        {
            "organisations": "international organisations named as attending in the Qingdao Declaration",
            "heads": "international organisations at the Qingdao summit represented by their own head",
        },
        f"{_source('qingdao_attendance')} ({orgs['source_url'].iloc[0]})",
        f"sent their head: {len(heads)} of {len(orgs)}; the others sent senior officials ({deputies}); "
        f"{len(own)} of the {len(orgs)} are the SCO's own bodies ({wording.and_join(own)})",
        readings=reading_table(shown),
    )


def statement(about: str) -> Measured:
    """What a cited statement says (the one whose subject contains the words given), a number where it is one."""
    said = records.statement(about)
    text = str(said["value"])
    value: int | float | str = text
    if text.lstrip("-").isdigit():
        value = int(text)
    elif text.replace(".", "", 1).lstrip("-").isdigit():
        value = float(text)
    when = f", {said['date']}" if said["date"] else ""
    return Measured(
        {"value": value},
        f"{said['subject']}: as {said['speaker']} ({said['office']}) stated it, {said['venue']}{when}",
        f"{_source('statements')}: {records.citation(said)}",
        str(said["verification"]),
        attribution=f"{said['speaker']}, {said['office']}",
    )


def office(person: str) -> Measured:
    """The office a person held on the record's date: 'office, organisation'."""
    held = records.office_of(person)
    return Measured(
        {"value": f"{held['office']}, {held['organisation']}"},
        f"the office {held['person']} held on {held['held_on']}",
        f"{_source('offices')}: {records.citation(held)}",
        str(held["verification"]),
    )


def dated_event(like: str) -> Measured:
    """The first day (YYYY-MM-DD) and the month (YYYY-MM) of the dated event whose name contains the words given."""
    event = records.dated_event_like(like)
    start, end = event["start_date"], event["end_date"]
    return Measured(
        {"day": f"{start.date()}", "month": f"{start:%Y-%m}"},
        f"dates of the {event['event']}: {start.date()} to {end.date()}, {event['place']}",
        f"{_source('dated_events')}: {records.citation(event)}",
    )


def spirit(language: str, as_said: str = "") -> Measured:
    """The Shanghai Spirit's wording in a language, its Chinese characters (counted by code) and its elements."""
    said = records.spirit(language)
    text = str(said["wording"])
    elements = records.spirit_elements(text)
    return Measured(
        {"wording": text, "characters": records.han_characters(text), "elements": len(elements)},
        {
            "wording": "the SCO Secretariat's English wording of the Shanghai Spirit",
            "characters": f"Chinese characters in the wording {text} (counted by code; the 、 separators are not "
            "characters)",
            "elements": f"elements of the official wording: {'; '.join(elements)}",
        },
        f"{_source('shanghai_spirit')}: {records.citation(said)}",
        {"elements": f"the article's elements: {'; '.join(records.spirit_elements(as_said))}" if as_said else ""},
    )


def statuses_in_force(on: str) -> Measured:
    """The statuses in force on a day, in rank order, joined with '; ' ('member; SCO partner' after the 2025
    reform)."""
    held = membership.counts_as_of(on)
    return Measured(
        {"value": "; ".join(str(s) for s in held.index)},
        f"the statuses in force on {on} (data/curated/statuses.csv: since and until of each)",
        "data/curated/statuses.csv; " + TIMELINE_SOURCES,
        ", ".join(f"{s}: {int(n)}" for s, n in held.items()),
    )


def status_of(country: str, on: str) -> Measured:
    """The status a country (ISO3) held on a day ('none' if it held none)."""
    table = membership.status_as_of(on).set_index("iso3")
    found = str(table.loc[country, "status"]) if country in table.index else "none"
    since = f", since {pd.Timestamp(str(table.loc[country, 'since'])).date()}" if country in table.index else ""
    return Measured({"value": found}, f"the status of {country} on {on}{since}", TIMELINE_SOURCES)


def holders(statuses: str, on: str) -> Measured:
    """The countries (ISO3, joined with ';') that held one of the statuses (joined with '+') on a day."""
    wanted = [s.strip() for s in statuses.split("+")]
    table = membership.status_as_of(on)
    codes = sorted(table.loc[table["status"].isin(wanted), "iso3"])
    return Measured(
        {"value": ";".join(codes)},
        f"countries with status {' or '.join(repr(s) for s in wanted)} on {on}: {names(codes)}",
        TIMELINE_SOURCES,
    )


def summits_hosted(country: str, series: str, until: str) -> Measured:
    """How many summits of a series a country (ISO3) had hosted by a day, that day's included."""
    table = summits.summits_until(until).loc[lambda t: (t["series_code"] == series) & (t["host_iso3"] == country)]
    held = ", ".join(f"{r.host_city} {r.start_date:%Y}" for r in table.itertuples())
    return Measured(
        {"value": len(table)},
        f"{series} summits hosted by {country} up to {until}: {held}",
        SUMMIT_SOURCES,
    )


def share_of_trade(country: str, year: int, amount: float, vintage: str) -> Measured:
    """The share (%) an amount of trade (US$ bn) makes of a country's merchandise trade (exports plus imports,
    WDI) in a year: what a stated amount and a stated share imply about each other."""
    used = data.DEFAULT_VINTAGE if "merch_exports" not in data.VINTAGES[vintage] else vintage
    values = [data.indicator(i, used).set_index(["iso3", "year"])["value"] for i in ("merch_exports", "merch_imports")]
    total = float(sum(float(v.loc[(country, year)]) for v in values))
    return Measured(
        {"value": round(amount * 1e9 / total * 100, 2)},
        f"US$ {amount:g} bn over {country}'s merchandise exports plus imports in {year}, US$ {total / 1e9:,.1f} bn "
        f"(WDI, vintage {used})",
        f"{data.VINTAGES[used]['merch_exports']}, {data.VINTAGES[used]['merch_imports']}: {country}, {year}",
    )


def country_share(country: str, indicator: str, group: str, year: int | None, on: str, vintage: str) -> Measured:
    """The share (%) one country (ISO3) has of a group's total population or GDP in a year (None: the latest)."""
    used = data.vintage_for(indicator, vintage)
    asked, year = year, latest(indicator, year, used)
    whole = weight_analysis.group_total(indicator, year, group, on, used)
    part = weight_analysis.group_total(indicator, year, country, on, used)
    panel = release_panel(indicator, year, used, {"part": country, "whole": group}, on)
    return Measured(
        {"value": round(float(part["total"]) / float(whole["total"]) * 100, 2)},
        f"the {indicator} of {wording.and_join(groups.resolve(country, on))} in {year}"
        f"{LATEST if asked is None else ''} over the sum of the "
        f"{int(whole['countries'])} {group} on {on}, vintage {used}",
        f"{data.VINTAGES[used][indicator]}: rows of the {int(whole['countries'])} {group}, {year}",
        readings=_readings(panel, {"value": (panel["part"] / panel["whole"] * 100).round(2)}),
        when=_when(year, asked, used),
    )
