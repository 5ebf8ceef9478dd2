"""Statuses as data, any date up to today, the 2025 reform, both ways of dating a status, the Secretaries-General
and the Heads of Government Council: expected values counted by hand from the cited CSV rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import ALL_2018, raw_rows

from sco_analysis import events, groups, membership, officials, statuses, summits
from sco_analysis.errors import ValidationError


def hand_statuses(date: str, dating: str = "decision") -> dict[str, str]:
    """Each country's status on `date`, from the raw CSV rows: the vendored events with the curated corrections and
    additions applied in file order, each grant dated as asked; the last change on or before the date wins."""

    def explode(row):
        return [
            dict(row, iso3=c, country=n) for c, n in zip(row["iso3"].split(";"), row["country"].split(";"), strict=True)
        ]

    rows = [r for raw in raw_rows("sco-timeline/sco_membership_events.csv") for r in explode(raw)]
    amendments = [r for raw in raw_rows("curated/membership_events_amendments.csv") for r in explode(raw)]
    fixes = {(r["date"], r["iso3"]): r for r in amendments if r["action"] == "correct"}
    rows = [r for r in rows if (r["date"], r["iso3"]) not in fixes] + list(fixes.values())
    rows += [r for r in amendments if r["action"] == "add"]
    # the day a grant counts from by memorandum: the signing, else the last day it can have been signed, else never
    memoranda = {
        (r["iso3"], r["decision_date"]): r["memorandum_date"] or r["not_after"] or "never"
        for r in raw_rows("curated/status_memoranda.csv")
    }
    never = {i: d for (i, d), when in memoranda.items() if when == "never"}
    for r in rows:
        signed = memoranda.get((r["iso3"], r["date"])) if r["status_to"] == "dialogue partner" else None
        r["when"] = signed if dating == "memorandum" and signed else r["date"]
        if dating == "memorandum" and r["iso3"] in never and r["date"] >= never[r["iso3"]]:
            r["when"] = "never"  # no signing found: the status and what followed from it never began
    ordered = sorted(enumerate(rows), key=lambda ir: (ir[1]["when"], ir[0]))
    status = {}
    for _, r in ordered:
        if r["when"] != "never" and r["when"] <= date:
            status[r["iso3"]] = r["status_to"].removesuffix(" (acceding)")
    return status


def counts(status: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for s in status.values():
        found[s] = found.get(s, 0) + 1
    return found


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2001-06-15", {"member": 6}),  # founding: the Shanghai Five and Uzbekistan
        ("2018-06-09", {"member": 8, "observer": 4, "dialogue partner": 6}),  # the Qingdao summit, as the articles say
        ("2024-07-04", {"member": 10, "observer": 2, "dialogue partner": 14}),  # TASS 2025-09-04 lists the 14
        ("2025-09-02", {"member": 10, "SCO partner": 17}),  # the day after Tianjin: 17 partners (TASS, Interfax)
        (dt.date.today().isoformat(), {"member": 10, "SCO partner": 17}),
    ],
)
def test_counts_on_key_dates(date, expected):
    by_hand = counts(hand_statuses(date))
    assert by_hand == expected
    got = {s: n for s, n in membership.counts_as_of(date).items() if n}
    assert got == expected


def test_after_the_reform_only_members_and_partners_remain():
    on = membership.status_as_of("2025-09-02")
    assert set(on["status"]) == {"member", "SCO partner"}
    before = membership.status_as_of("2025-08-31")
    assert set(before["status"]) == {"member", "observer", "dialogue partner"}
    assert statuses.in_force(pd.Timestamp("2025-09-02")) == ["member", "SCO partner"]


def test_statuses_and_their_order_come_from_one_table():
    rows = sorted(raw_rows("curated/statuses.csv"), key=lambda r: int(r["rank"]))
    assert statuses.names() == [r["status"] for r in rows]
    assert statuses.colours() == {r["status"]: r["colour"] for r in rows}


@pytest.mark.parametrize("date", ["2016-01-01", "2022-01-01", "2010-01-01", "2025-09-02"])
def test_both_dating_conventions_on_a_date_where_they_differ(date):
    decision, memorandum = hand_statuses(date, "decision"), hand_statuses(date, "memorandum")
    assert counts(decision) != counts(memorandum)
    for dating, expected in (("decision", decision), ("memorandum", memorandum)):
        got = membership.status_as_of(date, dating).set_index("iso3")["status"].to_dict()
        assert got == expected
    differ = membership.dating_differences(date)
    assert set(differ["iso3"]) == {c for c in decision if decision.get(c) != memorandum.get(c)}
    assert "give different counts" in membership.dating_summary(date)


def test_an_unknown_dating_names_both_conventions():
    with pytest.raises(ValidationError, match=r"unknown dating 'signature'; .* \(valid: decision, memorandum\)"):
        membership.status_as_of("2018-06-09", "signature")


def test_an_old_group_name_after_the_reform_says_what_replaced_it():
    with pytest.raises(
        ValidationError,
        match=r"there are no observers on 2025-10-01: on 2025-09-01 the status "
        r"'observer' was merged into 'SCO partner'; use group 'partners'",
    ):
        groups.resolve("observers", "2025-10-01")
    with pytest.raises(
        ValidationError,
        match=r"there are no partners on 2018-06-09: the status 'SCO partner' "
        r"exists from 2025-09-01",
    ):
        groups.resolve("partners", "2018-06-09")
    assert len(groups.resolve("partners", "2025-10-01")) == 17
    assert len(groups.resolve("members+observers", "2018-06-09")) == 12


def test_accession_procedures_are_recorded_for_every_state_that_went_through_one():
    acceding = events.table().loc[lambda e: e["acceding"]]
    first = acceding.groupby("iso3")["date"].min()
    assert first.to_dict() == {
        "BLR": pd.Timestamp("2022-09-16"),
        "IND": pd.Timestamp("2015-07-10"),
        "IRN": pd.Timestamp("2021-09-17"),
        "PAK": pd.Timestamp("2015-07-10"),
    }
    joined = events.table().loc[lambda e: (e["status"] == "member") & (e["date"] > events.founding_date()), "iso3"]
    assert set(joined) == set(first.index)  # every state that joined after the founding went through one


def test_a_date_after_the_review_says_later_events_are_not_in_the_data():
    reviewed = raw_rows("curated/timeline_review.csv")[0]["reviewed_through"]
    assert membership.beyond_review(reviewed) == ""
    later = (pd.Timestamp(reviewed) + pd.Timedelta(days=1)).date().isoformat()
    assert membership.beyond_review(later).startswith(f"Events after {reviewed} are not in the data")


@pytest.mark.parametrize(
    ("date", "name"),
    [("2004-06-17", "Zhang Deguang"), ("2018-05-24", "Rashid Alimov"), ("2025-01-01", "Nurlan Yermekbayev")],
)
def test_secretary_general_on_a_date(date, name):
    row = next(r for r in raw_rows("curated/secretaries_general.csv") if r["term_start"] <= date <= r["term_end"])
    assert row["name"] == name
    assert officials.secretary_general_on(date)["name"] == name
    assert name in officials.office_sentence(date)


def test_no_secretary_general_before_the_secretariat_opened():
    assert officials.secretary_general_on("2003-01-01") is None
    assert "had no Secretary-General yet" in officials.office_sentence("2003-01-01")


def test_heads_of_government_council_is_a_series_of_its_own():
    rows = raw_rows("curated/heads_of_government.csv")
    table = summits.summits().loc[lambda s: s["series_code"] == "HGC"]
    assert table["number"].tolist() == [int(r["number"]) for r in rows]
    astana = summits.summit(13, "HGC")
    assert (astana["host_city"], str(astana["start_date"].date())) == ("Astana", "2014-12-14")
    assert summits.speaker("SCO Heads of Government Council", 13)["person"] == "Li Keqiang"


def test_all_joined_with_another_group_is_still_every_status():
    # found by the property test: 'members+all' fell through to a lookup of 'all' as a status
    on = "2018-06-09"
    assert groups.resolve("members+all", on) == groups.resolve("all", on) == sorted(ALL_2018)


def test_change_years_of_a_joined_group_are_those_of_its_parts():
    # 2009: Sri Lanka and Belarus became dialogue partners, a change to neither members nor observers
    everything = groups.change_years(2001, 2024)
    joined = groups.change_years(2001, 2024, "members+observers")
    parts = set(groups.change_years(2001, 2024, "members")) | set(groups.change_years(2001, 2024, "observers"))
    assert joined == sorted(parts)
    assert 2009 in everything
    assert 2009 not in joined
    assert groups.change_years(2001, 2024, "members+all") == groups.change_years(2001, 2024, "all")
