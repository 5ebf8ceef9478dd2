"""Membership and summits: the facts the articles rely on come out of the events and summits tables."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import raw_rows
from sco_analysis import membership, summits
from sco_analysis.errors import SchemaError, ValidationError


def test_qingdao_counts_8_4_6():
    counts = membership.counts_as_of("2018-06-09")
    assert counts.to_dict() == {"member": 8, "observer": 4, "dialogue partner": 6}


def test_founding_day_six_members():
    assert membership.members_as_of("2001-06-15") == ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert membership.members_as_of("2001-06-14") == ["CHN", "KAZ", "KGZ", "RUS", "TJK"]  # still the Shanghai Five


@pytest.mark.parametrize("iso3, since", [("IND", "2017-06-09"), ("PAK", "2017-06-09"), ("IRN", "2023-07-04"),
                                         ("BLR", "2024-07-04")])
def test_accession_dates(iso3, since):
    day = pd.Timestamp(since)
    assert iso3 not in membership.members_as_of(day - pd.Timedelta(days=1))
    assert iso3 in membership.members_as_of(day)
    row = membership.status_as_of(day).set_index("iso3").loc[iso3]
    assert row["status"] == "member" and row["since"] == day


def test_acceding_observer_is_an_observer_flagged():
    row = membership.status_as_of("2016-07-01").set_index("iso3").loc["IND"]
    assert row["status"] == "observer" and bool(row["acceding"])
    assert row["since"] == pd.Timestamp("2005-07-05")  # observer since Astana 2005, accession does not reset it


def test_ten_members_after_astana_2024():
    assert len(membership.members_as_of("2024-07-04")) == 10


def test_status_as_of_columns_and_statuses():
    table = membership.status_as_of("2018-06-09")
    assert list(table.columns) == ["iso3", "country", "status", "since", "acceding"]
    assert set(table["status"]) <= {"member", "observer", "dialogue partner"}
    assert not table["iso3"].duplicated().any()


def test_every_source_row_is_kept_with_its_citation():
    source_rows = raw_rows("sco-timeline/sco_membership_events.csv")
    expected = sum(len(r["iso3"].split(";")) for r in source_rows)
    events = membership.events()
    assert (events["origin"] != "added").sum() == expected
    assert events["source_url"].str.startswith("http").all()
    assert events["verification"].str.len().gt(0).all()


@pytest.mark.parametrize("number, start, end, city", [(18, "2018-06-09", "2018-06-10", "Qingdao"),
                                                      (14, "2014-09-11", "2014-09-12", "Dushanbe")])
def test_summit_lookup_by_number_and_date(number, start, end, city):
    s = summits.summit(number)
    assert (s["start_date"], s["end_date"], s["host_city"]) == (pd.Timestamp(start), pd.Timestamp(end), city)
    assert summits.summit_on(end)["number"] == number


def test_summit_numbering():
    table = summits.summits()
    assert table.loc[table["series_code"] == "S5", "number"].tolist() == [1, 2, 3, 4, 5]
    assert table.loc[table["series_code"] == "HSC", "number"].tolist() == list(range(1, 26))
    assert summits.council_of_year(2017)["host_city"] == "Astana"


@pytest.mark.parametrize("bad, message", [
    ("1990-01-01", r"1990-01-01 is before 1996-04-26: there was no Shanghai Five yet; give a date YYYY-MM-DD from "
                   r"1996-04-26 .* to 2025-09-01"),
    ("yesterday", r"'yesterday' is not a date; give a date YYYY-MM-DD from 1996-04-26"),
    ("2031-01-01", r"2031-01-01 is after the last event in the data; give a date .* to 2025-09-01"),
])
def test_bad_dates_say_the_valid_range(bad, message):
    with pytest.raises(ValidationError, match=message):
        membership.status_as_of(bad)


def test_bad_summit_number_lists_valid_numbers():
    with pytest.raises(ValidationError, match=r"no HSC summit number 40; valid numbers: 1-25"):
        summits.summit(40)


def test_group_names_and_codes():
    assert membership.resolve_group("members", "2018-06-09") == membership.members_as_of("2018-06-09")
    assert len(membership.resolve_group("all", "2018-06-09")) == 18
    assert membership.resolve_group("rus, chn", "2018-06-09") == ["CHN", "RUS"]
    with pytest.raises(ValidationError, match=r"unknown group or ISO3 code \['XYZ'\]; valid groups: members, "):
        membership.resolve_group(["XYZ"], "2018-06-09")
    with pytest.raises(ValidationError, match=r"unknown group or ISO3 code \['MEMBER'\].*Did you mean 'members'\?"):
        membership.resolve_group("member", "2018-06-09")
    with pytest.raises(ValidationError, match=r"the group is empty"):
        membership.resolve_group([], "2018-06-09")


def test_schema_check_catches_a_status_change_from_the_wrong_status():
    events = membership.events().copy()
    events.loc[(events["iso3"] == "IND") & (events["status_to"] == "member"), "status_from"] = "dialogue partner"
    with pytest.raises(SchemaError, match=r"IND on 2017-06-09 changes from 'dialogue partner' but its status was "
                                          r"'observer'"):
        membership.validate_events(events)


def test_schema_check_catches_unknown_codes_and_statuses():
    events = membership.events().copy()
    bad_code = events.assign(iso3=events["iso3"].replace({"NPL": "NEP"}))
    with pytest.raises(SchemaError, match=r"ISO3 codes not in data/country_codes.csv: \['NEP'\]"):
        membership.validate_events(bad_code)
    bad_status = events.assign(status_to=events["status_to"].replace({"observer": "guest"}))
    with pytest.raises(SchemaError, match=r"unknown status_to \['guest'\]"):
        membership.validate_events(bad_status)


def test_dialogue_partners_added_2022_to_2025():
    before = membership.status_as_of("2022-09-13").set_index("iso3")
    assert not {"EGY", "QAT", "SAU"} & set(before.index)
    after = membership.status_as_of("2025-09-01").set_index("iso3")
    added = ["ARE", "BHR", "EGY", "KWT", "LAO", "MDV", "MMR", "QAT", "SAU"]
    assert (after.loc[added, "status"] == "dialogue partner").all()
    # before the Tianjin summit: 14 dialogue partners (TASS, 2025-09-04, lists them)
    assert membership.counts_as_of("2024-07-04")["dialogue partner"] == 14


def test_added_rows_are_cited_and_unconfirmed_days_stay_marked():
    events = membership.events()
    added = events.loc[events["origin"] == "added"]
    assert len(added) == 9 and added["source_url"].str.startswith("http").all()
    assert added.loc[added["iso3"] == "BHR", "verification"].str.contains("unverified").all()


def test_summit_amendments_replace_unverified_details():
    table = summits.summits().set_index("label")
    assert table.loc["S5 5", "verified"] and table.loc["HSC 21", "verified"]
    assert table.loc["HSC 21", "end_date"] == pd.Timestamp("2021-09-17")
    source = {(r["series"], r["number"]): r for r in raw_rows("sco-timeline/sco_summits.csv")}
    assert "unverified" in source[("Shanghai Five", "5")]["verification"]  # the vendored file is untouched
