"""One evaluator per kind of claim: what the data say, computed only through the analysis modules.

An evaluator takes the claim's registry row (its `subject` names the summit, countries or year it is about) and the
data vintage, and returns an Evaluation; the verdict is decided elsewhere, by the claim's own rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .. import data, membership, summits, trade, weight
from ..errors import ScoError
from . import readings
from .registry import claim_year, reference_council, reference_date


@dataclass(frozen=True)
class Evaluation:
    """What the data say about one claim."""

    computed: float | int | str
    method: str
    sources: str
    alternatives: str = ""


Evaluator = Callable[[pd.Series, str], Evaluation]
TIMELINE_SOURCES = "data/sco-timeline/sco_membership_events.csv + data/curated/membership_events_amendments.csv"
SUMMIT_SOURCES = "data/sco-timeline/sco_summits.csv (+ data/curated/summits_amendments.csv)"


def _summit(claim: pd.Series) -> pd.Series:
    """The summit a claim's subject names, e.g. "HSC 18"."""
    series, number = str(claim["subject"]).split()
    return summits.summit(int(number), series)


def _at_reference() -> str:
    """'2018-06-09 (Qingdao summit)': the date the articles' counts refer to, with the summit held then."""
    return f"{reference_date()} ({reference_council()['host_city']} summit)"


def _names(codes: list[str]) -> str:
    """'India and Pakistan': country names of ISO3 codes, as the events table spells them."""
    names = membership.events().drop_duplicates("iso3").set_index("iso3")["country"].reindex(codes).tolist()
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _count(status: str) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        n = int(membership.counts_as_of(reference_date())[status])
        return Evaluation(n, f"countries with status '{status}' on {_at_reference()}, from the events table",
                          TIMELINE_SOURCES)
    return evaluate


def leaders_at_reference(claim: pd.Series, vintage: str) -> Evaluation:
    counts = membership.counts_as_of(reference_date())
    return Evaluation(int(counts["member"] + counts["observer"]),
                      f"members + observers on {reference_date()}: the states whose leaders sit at a Heads of State "
                      "Council", TIMELINE_SOURCES, f"with dialogue partners: {int(counts.sum())}")


def founding_month_place(claim: pd.Series, vintage: str) -> Evaluation:
    founded = membership.founding_date()
    return Evaluation(f"{founded:%Y-%m} {summits.summit_on(founded)['host_city']}",
                      "first date any country has status 'member', and the summit held that day",
                      TIMELINE_SOURCES + "; " + SUMMIT_SOURCES)


def founding_date(claim: pd.Series, vintage: str) -> Evaluation:
    return Evaluation(f"{membership.founding_date().date()}", "first date any country has status 'member'",
                      TIMELINE_SOURCES)


def years_since_founding(claim: pd.Series, vintage: str) -> Evaluation:
    years = (pd.Timestamp(reference_date()) - membership.founding_date()).days / 365.2425
    return Evaluation(round(years, 2), f"years from the founding to the {reference_council()['host_city']} summit "
                      f"({reference_date()})", TIMELINE_SOURCES)


def summit_place(claim: pd.Series, vintage: str) -> Evaluation:
    s = _summit(claim)
    return Evaluation(str(s["host_city"]), f"host city of Heads of State Council {s['number']}", SUMMIT_SOURCES)


def summit_dates(claim: pd.Series, vintage: str) -> Evaluation:
    s = _summit(claim)
    return Evaluation(f"{s['start_date'].date()}/{s['end_date'].date()}",
                      f"dates of Heads of State Council {s['number']}", SUMMIT_SOURCES)


def summit_place_date(claim: pd.Series, vintage: str) -> Evaluation:
    s = _summit(claim)
    return Evaluation(f"{s['host_city']} {s['start_date'].date()}/{s['end_date'].date()}",
                      f"host city and dates of Heads of State Council {s['number']}; the claimed day must fall "
                      "within them", SUMMIT_SOURCES, f"notes: {s['notes']}")


def summit_speaker(claim: pd.Series, vintage: str) -> Evaluation:
    s = _summit(claim)
    row = summits.speaker(s["series"], int(s["number"]))
    return Evaluation(str(row["person"]), f"who {row['what']}",
                      f"data/curated/summit_speakers.csv ({row['source_url']})", str(row["verification"]))


def first_summit_after_expansion(claim: pd.Series, vintage: str) -> Evaluation:
    joined, codes = membership.last_accession(before=reference_date())
    councils = summits.heads_of_state_councils()
    first = councils.loc[councils["start_date"] > joined].iloc[0]
    return Evaluation(int(first["number"]), f"first Heads of State Council opening after {_names(codes)} joined "
                      f"({joined.date()}): {first['host_city']} {first['start_date'].date()}",
                      TIMELINE_SOURCES + "; " + SUMMIT_SOURCES)


def shanghai_five(claim: pd.Series, vintage: str) -> Evaluation:
    formed = membership.valid_range()[0]
    return Evaluation(";".join(membership.members_as_of(formed)), f"members on {formed.date()} (Shanghai Five formed)",
                      TIMELINE_SOURCES)


def founding_members(claim: pd.Series, vintage: str) -> Evaluation:
    return Evaluation(";".join(membership.members_as_of(membership.founding_date())), "members on the founding day",
                      TIMELINE_SOURCES)


def accession_year(claim: pd.Series, vintage: str) -> Evaluation:
    codes = str(claim["subject"]).split(";")
    since = membership.events().loc[lambda e: e["iso3"].isin(codes) & (e["status"] == "member"), "date"]
    years = sorted(set(since.dt.year))
    if len(years) != 1:
        raise ScoError(f"{_names(codes)} joined in different years: {years}")
    return Evaluation(years[0], f"year of the events giving {_names(codes)} status 'member' ({since.min().date()})",
                      TIMELINE_SOURCES)


def _trade(key: str, growth: bool) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        year = claim_year()
        china = trade.china_trade(year, None, "china")
        mirror = trade.china_trade(year, None, "mirror")
        field = f"{key}_growth_pct" if growth else key
        partners = trade.default_group(year)
        what = f"growth {year} over {year - 1}, %" if growth else f"{year}, US$ bn"
        return Evaluation(round(float(china[field]), 2),
                          f"China-reported {key} with the other members ({', '.join(partners)}), {what}; IMF DOTS",
                          "data/imf-dots/china_exports_fob_by_partner.csv and china_imports_cif_by_partner.csv, "
                          f"partner rows of the {len(partners)} members, {year - 1}-{year}",
                          f"partners' mirror figures: {mirror[field]:.2f}")
    return evaluate


def _share(indicator: str, group: str) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        year, used = claim_year(), data.vintage_for(indicator, vintage)
        total = weight.group_total(indicator, year, group, reference_date(), used)
        table = readings.share_sensitivity(indicator, group, 0.0, reference_date())
        years = readings.share_years()
        spread = (f"{table['value'].min():.1f}-{table['value'].max():.1f} % over group x year "
                  f"({years[0]}-{years[-1]}) x vintage")
        return Evaluation(round(float(total["share_pct"]), 2),
                          f"{weight.GROUP_LABELS[group]} on {reference_date()}: sum of {indicator} {year} over the "
                          f"WLD row, vintage {used}",
                          f"{data.VINTAGES[used][indicator]}: rows of the {int(total['countries'])} countries and WLD, "
                          f"{year}", f"other readings: {spread}")
    return evaluate


def population_members(claim: pd.Series, vintage: str) -> Evaluation:
    year, used = claim_year(), data.vintage_for("population", vintage)
    total = weight.group_total("population", year, "members", reference_date(), used)
    n = int(total["countries"])
    return Evaluation(round(float(total["total"]) / 1e9, 3), f"sum of the {n} members' population {year}, bn, "
                      f"vintage {used}", f"{data.VINTAGES[used]['population']}: rows of the {n} members, {year}")


def _growth(ratio: bool) -> Evaluator:
    def evaluate(claim: pd.Series, vintage: str) -> Evaluation:
        last, used = int(claim["subject"]), data.vintage_for("gdp_growth", vintage)
        result = weight.average_growth("members", [last], reference_date(), used)
        value = result["simple_ratio"] if ratio else result["simple_mean"]
        table = readings.growth_sensitivity(float(claim["claimed_value"]) if not ratio else 0.0, last)
        column = "ratio_to_world" if ratio else "value"
        return Evaluation(round(float(value), 3),
                          f"simple mean of the {int(result['countries'])} members' GDP growth in {last} (the last "
                          f"year 'up to the end of {last}'){' over the world growth' if ratio else ''}, vintage {used}",
                          f"{data.VINTAGES[used]['gdp_growth']}: rows of the {int(result['countries'])} members and "
                          f"WLD, {last}",
                          f"other readings (group x span x vintage x mean): {table[column].min():.2f}-"
                          f"{table[column].max():.2f}")
    return evaluate


EVALUATORS: dict[str, Evaluator] = {
    "qingdao_leaders": leaders_at_reference, "founding_month_place": founding_month_place,
    "founding_date": founding_date, "years_since_founding": years_since_founding, "members_count": _count("member"),
    "observers_count": _count("observer"), "partners_count": _count("dialogue partner"),
    "summit_place": summit_place, "summit_dates": summit_dates, "summit_place_date": summit_place_date,
    "summit_speaker": summit_speaker, "first_summit_after_expansion": first_summit_after_expansion,
    "shanghai_five": shanghai_five, "founding_members": founding_members, "accession_year": accession_year,
    "trade_total_2017": _trade("total", False), "trade_total_growth_2017": _trade("total", True),
    "trade_exports_2017": _trade("exports", False), "trade_exports_growth_2017": _trade("exports", True),
    "trade_imports_2017": _trade("imports", False), "trade_imports_growth_2017": _trade("imports", True),
    "gdp_share_all": _share("gdp", "all"), "population_share_all": _share("population", "all"),
    "population_share_members": _share("population", "members"),
    "population_members_over_3bn": population_members,
    "members_growth_to": _growth(False), "members_growth_ratio_to": _growth(True),
}
