"""Which evaluator settles which kind of claim: the registry's `evaluator` column names one of these."""

from __future__ import annotations

from . import comparison_checks, number_checks, record_checks, timeline_checks
from .evaluation import Evaluator

EVALUATORS: dict[str, Evaluator] = {
    "qingdao_leaders": timeline_checks.leaders_at_reference,
    "founding_month_place": timeline_checks.founding_month_place,
    "founding_date": timeline_checks.founding_date,
    "years_since_founding": timeline_checks.years_since_founding,
    "members_count": timeline_checks.count("member"),
    "observers_count": timeline_checks.count("observer"),
    "partners_count": timeline_checks.count("dialogue partner"),
    "summit_place": timeline_checks.summit_place,
    "summit_dates": timeline_checks.summit_dates,
    "summit_place_date": timeline_checks.summit_place_date,
    "summit_speaker": timeline_checks.summit_speaker,
    "first_summit_after_expansion": timeline_checks.first_summit_after_expansion,
    "shanghai_five": timeline_checks.shanghai_five,
    "founding_members": timeline_checks.founding_members,
    "accession_year": timeline_checks.accession_year,
    "trade_total_2017": number_checks.trade_flow("total", False),
    "trade_total_growth_2017": number_checks.trade_flow("total", True),
    "trade_exports_2017": number_checks.trade_flow("exports", False),
    "trade_exports_growth_2017": number_checks.trade_flow("exports", True),
    "trade_imports_2017": number_checks.trade_flow("imports", False),
    "trade_imports_growth_2017": number_checks.trade_flow("imports", True),
    "gdp_share_all": number_checks.share("gdp", "all"),
    "population_share_all": number_checks.share("population", "all"),
    "population_share_members": number_checks.share("population", "members"),
    "population_members_over_3bn": number_checks.population_members,
    "members_growth_to": number_checks.growth_mean(False),
    "members_growth_ratio_to": number_checks.growth_mean(True),
    "qingdao_organisations": record_checks.qingdao_organisations,
    "terrorism_prevented": record_checks.terrorism_prevented,
    "home_event_rank": record_checks.home_event_rank,
    "event_date": record_checks.event_date,
    "after_soviet_dissolution": record_checks.after_soviet_dissolution,
    "territory_extent": record_checks.territory_extent,
    "spirit_characters": record_checks.spirit_characters,
    "spirit_wording": record_checks.spirit_wording,
    "spirit_element_count": record_checks.spirit_element_count,
    "office_holder": record_checks.office_holder,
    "statement_value": record_checks.statement_value,
    "legal_status": record_checks.legal_status,
    "secretary_general": record_checks.secretary_general,
    "speech_title": record_checks.speech_title,
    "energy_producer": comparison_checks.energy_leader("production"),
    "energy_consumer": comparison_checks.energy_leader("consumption"),
    "largest_by_area": comparison_checks.organisation_part("land_area"),
    "largest_by_population": comparison_checks.organisation_part("population"),
    "most_dynamic": comparison_checks.most_dynamic,
}

# the evaluators that read World Bank data, so whose value can change with the vintage (a test checks that every
# other evaluator gives the same value in every vintage)
USES_VINTAGE = frozenset(
    {
        "gdp_share_all",
        "population_share_all",
        "population_share_members",
        "population_members_over_3bn",
        "members_growth_to",
        "members_growth_ratio_to",
        "energy_producer",
        "energy_consumer",
        "largest_by_area",
        "largest_by_population",
        "most_dynamic",
    }
)
