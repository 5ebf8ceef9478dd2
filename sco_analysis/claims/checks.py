"""The table of checks a registry row can name: each with its typed arguments and the fields a claim may read. The
first part are analysis functions many claims share (metrics.py); the rest need code of their own (the waters a
group borders, a rank among events, names confused, superlatives against peers). A new claim of a known kind is a
row of the registry; a new kind of claim is a function here."""

from __future__ import annotations

from . import comparison_checks, metrics, record_checks
from .evaluation import Check

ON = {"on": "date"}
RELEASE = {"year": "year", "on": "date", "vintage": "vintage"}
TRADE_FIELDS = ("exports", "imports", "total", "exports_growth_pct", "imports_growth_pct", "total_growth_pct")

CHECKS: dict[str, Check] = {
    check.name: check
    for check in [
        Check("status_count", metrics.status_count, {"statuses": "text", **ON}, ("count",)),
        Check("founding", metrics.founding, {}, ("date", "month_place", "year")),
        Check("years_since_founding", metrics.years_since_founding, ON),
        Check(
            "summit",
            metrics.summit,
            {"series": "text", "number": "int"},
            ("host_city", "host_country", "days", "place_days", "year", "month"),
        ),
        Check(
            "summit_speaker",
            metrics.summit_speaker,
            {"series": "text", "number": "int"},
            ("person", "title"),
            told_claim=True,
        ),
        Check("first_council_after_accession", metrics.first_council_after_accession, {"before": "date"}),
        Check("founding_states", metrics.founding_states, {"stage": "text"}),
        Check("accession_year", metrics.accession_year, {"countries": "codes"}),
        Check("china_trade", metrics.china_trade, {"year": "year", "group": "text", "source": "text"}, TRADE_FIELDS),
        Check(
            "world_share",
            metrics.world_share,
            {"indicator": "text", "group": "text", **RELEASE, "also": "text"},
            optional=frozenset({"also"}),
        ),
        Check(
            "group_total",
            metrics.group_total,
            {"indicator": "text", "group": "text", **RELEASE},
            ("billions", "trillions"),
        ),
        Check(
            "average_growth",
            metrics.average_growth,
            {"group": "text", "last": "int", "on": "date", "vintage": "vintage"},
            ("simple_mean", "simple_ratio"),
        ),
        Check("attendance", metrics.attendance, {}, ("organisations", "heads")),
        Check("statement", metrics.statement, {"about": "text"}),
        Check("office", metrics.office, {"person": "text"}),
        Check("dated_event", metrics.dated_event, {"like": "text"}, ("day", "month")),
        Check(
            "spirit",
            metrics.spirit,
            {"language": "text", "as_said": "text"},
            ("wording", "characters", "elements"),
            optional=frozenset({"as_said"}),
        ),
        Check("statuses_in_force", metrics.statuses_in_force, ON),
        Check("status_of", metrics.status_of, {"country": "text", **ON}),
        Check("holders", metrics.holders, {"statuses": "text", **ON}),
        Check("summits_hosted", metrics.summits_hosted, {"country": "text", "series": "text", "until": "date"}),
        Check(
            "share_of_trade",
            metrics.share_of_trade,
            {"country": "text", "year": "year", "amount": "number", "vintage": "vintage"},
        ),
        Check(
            "country_share",
            metrics.country_share,
            {"country": "text", "indicator": "text", "group": "text", **RELEASE},
        ),
        Check("home_event_rank", record_checks.home_event_rank, {"event": "text"}),
        Check("territory_extent", record_checks.territory_extent, ON, told_claim=True),
        Check("after_soviet_dissolution", record_checks.after_soviet_dissolution, {}),
        Check("secretary_general", record_checks.secretary_general, {"at": "text"}, told_claim=True),
        Check("energy_leader", comparison_checks.energy_leader, {"measure": "text", **RELEASE}),
        Check("organisation_standing", comparison_checks.organisation_standing, {"part": "text", **RELEASE}),
        Check("most_dynamic", comparison_checks.most_dynamic, {"last": "year", "on": "date", "vintage": "vintage"}),
    ]
}
# the checks whose claims have other readings, and how they are read (readings.py)
WITH_READINGS = ("world_share", "average_growth")
