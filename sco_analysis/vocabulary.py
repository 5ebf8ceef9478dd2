"""The reader's words for what the data hold as codes: one name per country, column headers with their units,
dates and ordinals in words, summits by name, and claimed or computed values as a reader writes them (names for ISO3
codes, the precision of the claim, years without separators)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from . import countries, events, summits, wording

# the common English name where the World Bank's is formal or inverted ("Russian Federation", "Iran, Islamic Rep.");
# the events table already uses these for the SCO's countries, so a country reads the same in every report
COMMON_NAMES = {
    "RUS": "Russia",
    "KGZ": "Kyrgyzstan",
    "IRN": "Iran",
    "EGY": "Egypt",
    "LAO": "Laos",
    "TUR": "Turkey",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "SYR": "Syria",
    "VEN": "Venezuela",
    "YEM": "Yemen",
    "COD": "DR Congo",
    "COG": "Congo",
    "GMB": "The Gambia",
    "BHS": "The Bahamas",
    "SVK": "Slovakia",
    "CZE": "Czechia",
    "FSM": "Micronesia",
    "KNA": "St Kitts and Nevis",
    "LCA": "St Lucia",
    "VCT": "St Vincent and the Grenadines",
    "HKG": "Hong Kong",
    "MAC": "Macao",
    "BRN": "Brunei",
    "CIV": "Côte d'Ivoire",
    "SOM": "Somalia",
}

# column names as a reader reads them, with the unit where the column has one
HEADERS = {
    "claim_id": "claim",
    "claimed_value": "claimed",
    "computed_value": "computed",
    "share_pct": "share of world, %",
    "missing_pct_of_group": "missing, % of the group",
    "ratio_to_world": "times the world",
    "host_city": "host city",
    "host_country": "host country",
    "start_date": "from",
    "end_date": "to",
    "term_start": "term from",
    "term_end": "term to",
    "other_spellings": "other spellings",
    "iso3": "country",
    "label": "summit",
    "number": "no.",
    "status_decision": "status, dated by decision",
    "status_memorandum": "status, dated by memorandum",
    "source_url": "source",
    "peer_set": "peers",
    "margin_pct": "lead, %",
    "margin_pp": "lead, percentage points",
}
# columns that hold years, written without a thousands separator
YEAR_COLUMNS = frozenset({"year", "years", "first_year", "last_year", "since_year", "window"})
CODE_LIST = re.compile(r"^[A-Z]{3}(?:[;,] ?[A-Z]{3})+$")
MONTHS = (
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> the one name a country has in every report: the events table's name for the SCO's countries, else
    the World Bank's, made common where it is formal (COMMON_NAMES)."""
    names = dict(countries.country_names().astype("string").items())
    table = events.table()
    names.update(dict(zip(table["iso3"].astype("string"), table["country"].astype("string"), strict=True)))
    names.update(COMMON_NAMES)
    return {str(k): str(v) for k, v in names.items()}


def country(code: str) -> str:
    """'RUS' -> 'Russia'; a code the table does not know stays as it is."""
    return country_names().get(str(code).strip(), str(code))


def countries_in_words(codes: Iterable[str]) -> str:
    """['IND', 'RUS'] -> 'India and Russia' (in the order given)."""
    return wording.and_join(country(c) for c in codes)


def codes_to_names(text: str) -> str:
    """'CHN;KAZ;KGZ' -> 'China, Kazakhstan, Kyrgyzstan'; any other text unchanged."""
    if not CODE_LIST.match(text.strip()):
        return text
    return ", ".join(country(c) for c in re.split(r"[;,] ?", text.strip()))


def header(column: str) -> str:
    """'share_pct' -> 'share of world, %', 'host_city' -> 'host city': a column as a reader reads it."""
    if column in HEADERS:
        return HEADERS[column]
    text = re.sub(r"_pct$", ", %", column)
    return text.replace("_", " ")


def is_year_column(column: str) -> bool:
    """Whether a column holds years (no thousands separator)."""
    return column in YEAR_COLUMNS or column.endswith("_year")


def date(when: str | pd.Timestamp) -> str:
    """'2018-06-09' -> '9 June 2018'."""
    day = pd.Timestamp(when)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


SERIES_NAMES = {"S5": "Shanghai Five summit", "HSC": "Heads of State Council", "HGC": "Heads of Government Council"}


def summit_name(summit: pd.Series) -> str:
    """'18th Heads of State Council, Qingdao'."""
    city = str(summit["host_city"]).replace(" (host)", "")
    return f"{ordinal(int(summit['number']))} {SERIES_NAMES[str(summit['series_code'])]}, {city}"


def summit_opening_on(when: str | pd.Timestamp) -> str:
    """The name of the Shanghai Five summit or Heads of State Council that opened on `when`, or ''."""
    day = pd.Timestamp(when)
    table = summits.summits()
    found = table.loc[(table["start_date"] == day) & (table["series_code"] != "HGC")]
    return summit_name(found.iloc[0]) if len(found) else ""


def _decimals(text: str) -> int:
    """How many decimals a number is written with: '4.84' -> 2, '17' -> 0."""
    return len(text.split(".")[1]) if "." in text else 0


def number(text: str) -> float | None:
    """A value as a number, or None when it is not one ('Qingdao', '2018-06-09')."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if pd.notna(value) else None


UNITLESS = ("count", "count (at least)", "ordinal", "ratio")


def value(text: object, unit: str = "", like: str = "") -> str:
    """A claimed or computed value as a reader writes it: ISO3 codes as names, a year without a separator, a number
    to the precision of the claim it is compared with (`like`), with its unit ('16.98', 'years', '17' -> '17
    years'; '41.9', '%', '43' -> '42 %')."""
    shown = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    amount = number(shown)
    if amount is None:
        return codes_to_names(shown)
    if unit == "year":
        return f"{amount:.0f}"
    decimals = _decimals(like if number(like) is not None else shown)
    figure = f"{amount:,.{decimals}f}"
    if unit in ("", *UNITLESS):
        return figure
    return f"{figure}\u00a0{unit}"  # a number and its unit stay on one line


def summit_title(summit: pd.Series) -> str:
    """'18th Heads of State Council' (the host city has a column of its own in a table)."""
    return f"{ordinal(int(summit['number']))} {SERIES_NAMES[str(summit['series_code'])]}"


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
CODE_IN_BRACKETS = re.compile(r"\(([A-Z]{3})\)")


def in_words(text: str) -> str:
    """A sentence with its ISO dates and bracketed country codes in words: 'On 2018-06-09 ... (TJK)' -> 'On 9 June
    2018 ... (Tajikistan)'."""
    text = ISO_DATE.sub(lambda m: date(m.group(0)), text)
    return CODE_IN_BRACKETS.sub(lambda m: f"({country(m.group(1))})", text)


def gap(amount: object, unit: str = "", like: str = "") -> str:
    """A gap between the data and a claim with its unit and sign, one decimal finer than the claim: '+0.84 US$ bn',
    '-0.8 percentage points'; '' when there is none."""
    if amount is None or (isinstance(amount, float) and pd.isna(amount)):
        return ""
    value = float(str(amount))
    decimals = min(_decimals(like) + 1, 2) if number(like) is not None else 2
    figure = f"{value:+,.{decimals}f}"
    if unit == "%":
        return f"{figure}\u00a0percentage points"
    return figure if unit in ("", *UNITLESS, "year") else f"{figure}\u00a0{unit}"
