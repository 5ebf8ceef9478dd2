"""Status groups by name: 'members', 'observers', 'dialogue partners', 'partners', their '+' combinations and
'all', resolved to countries on a date (or the ISO3 codes a user gives), with clear messages where a group does
not exist on that date (observers after the 2025 reform, partners before it)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TypeGuard

import pandas as pd

from . import countries, events, statuses
from .errors import ValidationError, did_you_mean
from .membership import When, status_as_of, statuses_on, valid_date

ALL = "all"  # every status in force on the date


def names() -> list[str]:
    """The group names a user can give: one per status ('members', 'partners', ...), and 'all'."""
    return [g for g, s in statuses.groups().items() if s != statuses.PREDECESSOR] + [ALL]


def statuses_of(group: str, when: pd.Timestamp) -> list[str]:
    """The statuses a group name ('members', 'observers+members', 'all') stands for on a date, or why none."""
    wanted = _wanted(group, pd.Timestamp(when))
    if isinstance(wanted, str):
        raise ValidationError(wanted)
    return list(wanted)


def why_absent(group: str, when: pd.Timestamp) -> str | None:
    """Why a group name stands for no status on a date (observers after the 2025 reform), or None if it exists."""
    wanted = _wanted(group, pd.Timestamp(when))
    return wanted if isinstance(wanted, str) else None


@lru_cache(maxsize=1024)
def _wanted(group: str, when: pd.Timestamp) -> tuple[str, ...] | str:
    """The statuses a group name stands for on a date, or the sentence saying why it stands for none."""
    in_force = statuses.in_force(when)
    if ALL in (name.strip() for name in group.split("+")):  # 'all' joined with anything is still everything
        return tuple(in_force)
    wanted = []
    table = statuses.table().set_index("status")
    for name in group.split("+"):
        status = statuses.groups()[name.strip()]
        if status == "member" and statuses.PREDECESSOR in in_force:  # before the founding: the Shanghai Five
            status = statuses.PREDECESSOR
        if status not in in_force:
            row = table.loc[status]
            if pd.notna(row["until"]) and when >= row["until"]:
                successor = table.loc[row["replaced_by"], "group"]
                return (
                    f"there are no {name.strip()} on {when.date()}: on {row['until'].date()} the status "
                    f"'{status}' was merged into '{row['replaced_by']}'; use group '{successor}' (or '{ALL}')."
                )
            return (
                f"there are no {name.strip()} on {when.date()}: the status '{status}' exists from "
                f"{row['since'].date()}; before that use {', '.join(repr(g) for g in names() if g != name)}."
            )
        wanted.append(status)
    return tuple(wanted)


def is_status_group(group: object) -> TypeGuard[str]:
    """True for a status group name ('members', 'members+observers', 'all'), False for ISO3 codes."""
    return isinstance(group, str) and all(n.strip() in names() for n in group.split("+"))


def resolve(group: str | Iterable[str], as_of: When, dating: str = events.DEFAULT_DATING) -> list[str]:
    """ISO3 codes of a group: status group names ('members', 'members+observers', 'all') as of a date, or ISO3 codes."""
    if is_status_group(group):
        when = valid_date(as_of)
        status = status_as_of(when, dating)
        codes = sorted(status.loc[status["status"].isin(statuses_of(group, when)), "iso3"])
        if not codes:
            raise ValidationError(
                f"group {group!r} is empty on {when.date()}; valid groups: {', '.join(names())} (join them "
                "with '+'), or a list of ISO3 codes."
            )
        return codes
    raw = [c.strip() for c in (group.split(",") if isinstance(group, str) else group)]
    codes = [c for c in (r.upper() for r in raw) if c]
    if not codes:
        raise ValidationError(f"the group is empty; valid groups: {', '.join(names())}, or a list of ISO3 codes.")
    known = countries.iso3_codes()
    unknown = [c for c in codes if c not in known]
    if unknown:
        first = raw[[r.upper() for r in raw].index(unknown[0])]
        hint = did_you_mean(first.upper(), known) if len(first) == 3 else did_you_mean(first.lower(), names())
        raise ValidationError(
            f"unknown group or ISO3 code {unknown}; valid groups: {', '.join(names())}, "
            f"or ISO3 codes from data/country_codes.csv.{hint}"
        )
    return sorted(dict.fromkeys(codes))


def members_on(dates: Iterable[When], wanted: Iterable[str], dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """Who was in each status group on each date, in one pass: date, group, iso3 (a group that does not exist on a
    date, such as observers after the 2025 reform, has no rows for it)."""
    on = statuses_on(dates, dating)
    pairs = []
    for when in on["date"].unique():  # a few dozen (date, group) pairs: which statuses each group means then
        for group in wanted:
            held = _wanted(group, pd.Timestamp(when))
            pairs += [] if isinstance(held, str) else [(when, group, s) for s in held]
    mapping = pd.DataFrame(pairs, columns=["date", "group", "status"]).astype({"date": on["date"].dtype})
    return on.merge(mapping, on=["date", "status"], how="inner", validate="many_to_many")[["date", "group", "iso3"]]


def change_years(first: int, last: int, group: str | None = None, dating: str = events.DEFAULT_DATING) -> list[int]:
    """Years (first < year <= last) in which a status changed: of any country, or, for a status group, one that
    changes who is in the group."""
    table = events.table(dating)
    if group is not None and is_status_group(group):
        changed = table["status_from"].str.removesuffix(statuses.ACCEDING) != table["status"]
        parts = [g.strip() for g in group.split("+")]
        held = statuses.names() if ALL in parts else [statuses.groups()[g] for g in parts]
        touched = table["status"].isin(held) | table["status_from"].str.removesuffix(statuses.ACCEDING).isin(held)
        table = table.loc[changed & touched]
    years = table["date"].dt.year
    return sorted({int(y) for y in years if first < y <= last})
