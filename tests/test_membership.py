"""Membership and summits: the facts the articles rely on come out of the events and summits tables."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from conftest import raw_rows

from sco_analysis import events, groups, membership, summits
from sco_analysis.errors import SchemaError, ValidationError


def test_qingdao_counts_8_4_6():
    counts = membership.counts_as_of("2018-06-09")
    assert counts.to_dict() == {"member": 8, "observer": 4, "dialogue partner": 6}


def test_founding_day_six_members():
    assert membership.members_as_of("2001-06-15") == ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert membership.members_as_of("2001-06-14") == ["CHN", "KAZ", "KGZ", "RUS", "TJK"]  # still the Shanghai Five


@pytest.mark.parametrize(
    ("iso3", "since"), [("IND", "2017-06-09"), ("PAK", "2017-06-09"), ("IRN", "2023-07-04"), ("BLR", "2024-07-04")]
)
def test_accession_dates(iso3, since):
    day = pd.Timestamp(since)
    assert iso3 not in membership.members_as_of(day - pd.Timedelta(days=1))
    assert iso3 in membership.members_as_of(day)
    row = membership.status_as_of(day).set_index("iso3").loc[iso3]
    assert row["status"] == "member"
    assert row["since"] == day


def test_acceding_observer_is_an_observer_flagged():
    row = membership.status_as_of("2016-07-01").set_index("iso3").loc["IND"]
    assert row["status"] == "observer"
    assert bool(row["acceding"])
    assert row["since"] == pd.Timestamp("2005-07-05")  # observer since Astana 2005, accession does not reset it


def test_ten_members_after_astana_2024():
    assert len(membership.members_as_of("2024-07-04")) == 10


def test_status_as_of_columns_and_statuses():
    table = membership.status_as_of("2018-06-09")
    assert list(table.columns) == ["iso3", "country", "status", "since", "acceding"]
    assert set(table["status"]) <= {r["status"] for r in raw_rows("curated/statuses.csv")}
    assert not table["iso3"].duplicated().any()


def test_every_source_row_is_kept_with_its_citation():
    source_rows = raw_rows("sco-timeline/sco_membership_events.csv")
    expected = sum(len(r["iso3"].split(";")) for r in source_rows)
    changes = events.table()
    assert (changes["origin"] != "added").sum() == expected
    assert changes["source_url"].str.startswith("http").all()
    assert changes["verification"].str.len().gt(0).all()


@pytest.mark.parametrize(
    ("number", "start", "end", "city"),
    [(18, "2018-06-09", "2018-06-10", "Qingdao"), (14, "2014-09-11", "2014-09-12", "Dushanbe")],
)
def test_summit_lookup_by_number_and_date(number, start, end, city):
    s = summits.summit(number)
    assert (s["start_date"], s["end_date"], s["host_city"]) == (pd.Timestamp(start), pd.Timestamp(end), city)
    assert summits.summit_on(end)["number"] == number


def test_summit_numbering():
    table = summits.summits()
    assert table.loc[table["series_code"] == "S5", "number"].tolist() == [1, 2, 3, 4, 5]
    assert table.loc[table["series_code"] == "HSC", "number"].tolist() == list(range(1, 26))
    assert summits.council_of_year(2017)["host_city"] == "Astana"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            "1990-01-01",
            r"1990-01-01 is before 1996-04-26: there was no Shanghai Five yet; give a date YYYY-MM-DD from "
            r"1996-04-26 .* to today, TODAY",
        ),
        ("yesterday", r"'yesterday' is not a date YYYY-MM-DD; give a date YYYY-MM-DD from 1996-04-26"),
        ("-2017", r"'-2017' is not a date YYYY-MM-DD; give a date"),
        ("2018-06-09T00:00:00Z", r"'2018-06-09T00:00:00Z' is not a date YYYY-MM-DD; give a date"),
        (pd.Timestamp("2018-06-09", tz="UTC"), r"has a time zone; give a date YYYY-MM-DD"),
        ("2099-01-01", r"2099-01-01 is in the future; give a date YYYY-MM-DD from 1996-04-26 .* to today, TODAY"),
    ],
)
def test_bad_dates_say_the_valid_range(bad, message):
    """TODAY: the day the check ran (read before and after it, so that a run across midnight still matches)."""
    before = dt.date.today().isoformat()
    with pytest.raises(ValidationError) as raised:
        membership.status_as_of(bad)
    after = dt.date.today().isoformat()
    assert re.search(message.replace("TODAY", f"({before}|{after})"), str(raised.value)), str(raised.value)


def test_a_date_in_the_future_names_today_as_the_limit():
    today = dt.date.today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError) as raised:
        membership.status_as_of(tomorrow)
    # the limit is the day the check ran (a run that has just passed midnight names the new day)
    limit = rf"{tomorrow} is in the future; .* to today, ({today}|{dt.date.today()})\."
    assert re.search(limit, str(raised.value)), str(raised.value)
    assert len(membership.status_as_of(today.isoformat())) > 0  # today itself is valid


def test_bad_summit_number_lists_valid_numbers():
    with pytest.raises(ValidationError, match=r"no HSC summit number 40; valid numbers: 1-25"):
        summits.summit(40)


def test_group_names_and_codes():
    assert groups.resolve("members", "2018-06-09") == membership.members_as_of("2018-06-09")
    assert len(groups.resolve("all", "2018-06-09")) == 18
    assert groups.resolve("rus, chn", "2018-06-09") == ["CHN", "RUS"]
    with pytest.raises(ValidationError, match=r"unknown group or ISO3 code \['XYZ'\]; valid groups: members, "):
        groups.resolve(["XYZ"], "2018-06-09")
    with pytest.raises(ValidationError, match=r"unknown group or ISO3 code \['MEMBER'\].*Did you mean 'members'\?"):
        groups.resolve("member", "2018-06-09")
    with pytest.raises(ValidationError, match=r"the group is empty"):
        groups.resolve([], "2018-06-09")


def test_schema_check_catches_a_status_change_from_the_wrong_status():
    changes = events.table().copy()
    changes.loc[(changes["iso3"] == "IND") & (changes["status_to"] == "member"), "status_from"] = "dialogue partner"
    with pytest.raises(
        SchemaError,
        match=r"IND on 2017-06-09 changes from 'dialogue partner' but its status was "
        r"'observer'",
    ):
        events.validate(changes)


def test_schema_check_catches_unknown_codes_and_statuses():
    changes = events.table().copy()
    bad_code = changes.assign(iso3=changes["iso3"].replace({"NPL": "NEP"}))
    with pytest.raises(SchemaError, match=r"ISO3 codes not in data/country_codes.csv: \['NEP'\]"):
        events.validate(bad_code)
    bad_status = changes.assign(status_to=changes["status_to"].replace({"observer": "guest"}))
    with pytest.raises(SchemaError, match=r"unknown status_to \['guest'\]"):
        events.validate(bad_status)


def test_dialogue_partners_added_2021_to_2025_by_decision_and_by_memorandum():
    memoranda = {r["iso3"]: r for r in raw_rows("curated/status_memoranda.csv")}
    # Egypt and Qatar: decided at Dushanbe (2021-09-17), memoranda signed in Tashkent (2022-09-14)
    assert memoranda["EGY"]["decision_date"] == "2021-09-17"
    assert memoranda["EGY"]["memorandum_date"] == "2022-09-14"
    by_decision = membership.status_as_of("2022-01-01", "decision").set_index("iso3")
    by_memorandum = membership.status_as_of("2022-01-01", "memorandum").set_index("iso3")
    assert {"EGY", "QAT"} <= set(by_decision.index)
    assert not {"EGY", "QAT"} & set(by_memorandum.index)
    # Saudi Arabia's memorandum day is not known: by memorandum it counts from the last day it can have been signed
    assert memoranda["SAU"]["memorandum_date"] == ""
    assert "SAU" not in by_memorandum.index
    later = membership.status_as_of(memoranda["SAU"]["not_after"], "memorandum").set_index("iso3")
    assert later.loc["SAU", "status"] == "dialogue partner"
    after = membership.status_as_of("2025-08-31").set_index("iso3")
    added = ["ARE", "BHR", "EGY", "KWT", "MDV", "MMR", "QAT", "SAU"]
    assert (after.loc[added, "status"] == "dialogue partner").all()
    # before the Tianjin summit: 14 dialogue partners (TASS, 2025-09-04, lists them)
    assert membership.counts_as_of("2024-07-04")["dialogue partner"] == 14


def test_added_rows_are_cited_and_unconfirmed_days_stay_marked():
    changes = events.table()
    added = changes.loc[changes["origin"] == "added"]
    rows = raw_rows("curated/membership_events_amendments.csv")
    assert len(added) == sum(len(r["iso3"].split(";")) for r in rows if r["action"] == "add")
    assert added["source_url"].str.startswith("http").all()
    afghanistan = added.loc[(added["iso3"] == "AFG") & (added["status"] == "SCO partner"), "verification"]
    assert afghanistan.str.contains("no source names it an SCO partner").all()


def test_summit_amendments_replace_unverified_details():
    table = summits.summits().set_index("label")
    assert table.loc["S5 5", "verified"]
    assert table.loc["HSC 21", "verified"]
    assert table.loc["HSC 21", "end_date"] == pd.Timestamp("2021-09-17")
    source = {(r["series"], r["number"]): r for r in raw_rows("sco-timeline/sco_summits.csv")}
    assert "unverified" in source[("Shanghai Five", "5")]["verification"]  # the vendored file is untouched


@pytest.mark.parametrize(
    ("day", "not_yet"),
    [("2010-01-01", {"BLR", "LKA"}), ("2022-01-01", {"EGY", "QAT", "SAU"}), ("2025-09-02", {"LAO"})],
)
def test_counting_by_memorandum_uses_what_is_known_of_the_signing_day(day, not_yet):
    """A status counts by memorandum from its signing: the day where it is stated, the last day it can have been
    signed where only bounds are known, and never where no signing was found (status_memoranda.csv, read by hand)."""
    from conftest import raw_rows

    def counted_from(row: dict[str, str]) -> str | None:
        return row["memorandum_date"] or row["not_after"] or None

    decided = membership.status_as_of(day, "decision")
    status = "SCO partner" if day >= "2025-09-01" else "dialogue partner"
    partners = set(decided.loc[decided["status"] == status, "iso3"])
    missing = {
        r["iso3"]
        for r in raw_rows("curated/status_memoranda.csv")
        if r["decision_date"] <= day and r["iso3"] in partners and (counted_from(r) is None or counted_from(r) > day)
    }
    assert missing == not_yet
    by_memorandum = membership.counts_as_of(day, "memorandum")
    assert by_memorandum[status] == membership.counts_as_of(day, "decision")[status] - len(missing)
    summary = membership.dating_summary(day)
    assert "gives the same counts" not in summary
    if day == "2022-01-01":  # Saudi Arabia rests on its bounds, which the page states
        assert "Saudi Arabia rests on a bound: its memorandum was signed between 2022-09-13 and 2023-03-29" in summary
    if day == "2025-09-02":
        assert "Lao PDR is not counted: no signing was found" in summary
