"""Which countries a trade figure is about: a status group as it stood at a year's Heads of State Council, or the
ISO3 codes a user gives (never China), for one year or each year of a span, and in words."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import events, groups, membership, summits
from .errors import ValidationError

CHINA = "CHN"
Group = str | Iterable[str] | None


def council_date(year: int) -> pd.Timestamp:
    """The close of that year's Heads of State Council: the date a status group of that year is taken on."""
    return pd.Timestamp(summits.council_of_year(year)["end_date"])


def resolve_partners(group: str | Iterable[str] | None, year: int, dating: str = events.DEFAULT_DATING) -> list[str]:
    """Partner ISO3 codes (never China): a status group as it stood at the close of that year's Heads of State
    Council (default: the members), or ISO3 codes, which do not depend on the date."""
    group = "members" if group is None else group
    if groups.is_status_group(group):
        try:
            when = council_date(year)
        except ValidationError as exc:
            raise ValidationError(
                f"the group {group!r} is taken as it stood at that year's Heads of State Council: {exc} For {year} "
                "give the partners as ISO3 codes."
            ) from None
        codes = [c for c in groups.resolve(group, when, dating) if c != CHINA]
    else:
        codes = [c for c in groups.resolve(group, membership.data_end(), dating) if c != CHINA]
    if not codes:
        raise ValidationError(
            f"the group {group!r} has no partner other than China in {year}; valid groups: "
            f"{', '.join(groups.names())}, or ISO3 codes."
        )
    return codes


def default_group(year: int) -> list[str]:
    """Members other than China at the close of that year's Heads of State Council (e.g. 2017: the seven)."""
    return resolve_partners("members", year)


def partners_by_year(first: int, last: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """year, partner: the group's partners in each year (a status group as it stood at that year's council; a year
    without a council, or in which the group did not exist, has no rows)."""
    group = "members" if group is None else group
    years = range(first, last + 1)
    if not groups.is_status_group(group):
        codes = resolve_partners(group, last, dating)
        return pd.DataFrame([(y, c) for y in years for c in codes], columns=["year", "partner"])
    return status_partners_by_year(first, last, [str(group)], dating)[["year", "partner"]]


def status_partners_by_year(
    first: int, last: int, wanted: list[str], dating: str = events.DEFAULT_DATING
) -> pd.DataFrame:
    """year, partner, group: the partners in each of several status groups as they stood at each year's council,
    China left out, in one pass over the councils (a group that did not exist in a year has no rows for it)."""
    councils = summits.heads_of_state_councils().assign(year=lambda d: d["start_date"].dt.year)
    councils = councils.loc[councils["year"].between(first, last), ["year", "end_date"]]
    members = groups.members_on(councils["end_date"], wanted, dating)
    return (
        councils.merge(members, left_on="end_date", right_on="date", how="inner", validate="one_to_many")
        .loc[lambda d: d["iso3"] != CHINA, ["year", "iso3", "group"]]
        .rename(columns={"iso3": "partner"})
        .astype({"partner": "string"})
    )


def group_words(group: Group, year: int, dating: str = events.DEFAULT_DATING) -> str:
    """The partners in words: 'the other SCO members', 'the SCO observers', or 'RUS, KAZ'."""
    group = "members" if group is None else group
    if not groups.is_status_group(group):
        return ", ".join(resolve_partners(group, year, dating))
    if group == "members":
        return "the other SCO members"
    return "the SCO " + " and ".join(n.strip() for n in str(group).split("+")) + " (other than China)"


def describe(year: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> str:
    """'2017: China's trade with the other SCO members, 7 partners: IND, KAZ, KGZ, PAK, RUS, TJK, UZB.'"""
    partners = resolve_partners(group, year, dating)
    return (
        f"{year}: China's trade with {group_words(group, year, dating)}, {len(partners)} partner"
        f"{'' if len(partners) == 1 else 's'}: {', '.join(partners)}."
    )


def canonical(group: str) -> str:
    """A group written one way: status names in status order ('observers+members' -> 'members+observers'), ISO3 codes
    upper case, sorted and once ('rus, kaz,RUS' -> 'KAZ,RUS')."""
    if groups.is_status_group(group):
        names = groups.names()
        return "+".join(sorted({n.strip() for n in group.split("+")}, key=names.index))
    return ",".join(sorted({c.strip().upper() for c in str(group).split(",") if c.strip()}))
