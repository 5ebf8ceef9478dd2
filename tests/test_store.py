"""The disk store of tables and results: a hit gives back what the code computes, without computing it again, and a
damaged entry is a miss, never an error."""

from __future__ import annotations

import dataclasses

import pandas as pd

from sco_analysis import store
from sco_analysis.claims import checks, registry, verdicts

TOPICS = ("timeline",)  # a few claims keep the test quick; the path is the same for all of them


def test_a_stored_evaluation_is_the_fresh_one_and_is_not_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_CACHE_DIR", str(tmp_path))
    fresh = verdicts.evaluate_once("wdi-2026", TOPICS)
    first = verdicts.evaluate("wdi-2026", TOPICS)
    assert len(list(tmp_path.glob("_kept-*.pkl"))) == 3  # the chosen vintage and the two others

    def broken(**arguments):
        raise AssertionError("the stored result should have been read back")

    claims = registry.load().claims
    for name in set(claims.loc[claims["topic"].isin(TOPICS) & (claims["check"] != ""), "check"]):
        monkeypatch.setitem(checks.CHECKS, name, dataclasses.replace(checks.CHECKS[name], run=broken))
    again = verdicts.evaluate("wdi-2026", TOPICS)
    pd.testing.assert_frame_equal(again, first)
    assert "error" not in set(again["verdict"])
    pd.testing.assert_frame_equal(first[fresh.columns].reset_index(drop=True), fresh, check_dtype=False)


def test_a_damaged_entry_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_CACHE_DIR", str(tmp_path))
    first = verdicts.evaluate("wdi-2026", TOPICS)
    for entry in tmp_path.glob("_kept-*.pkl"):
        entry.write_bytes(entry.read_bytes()[:20])  # as an interrupted write would leave it
    pd.testing.assert_frame_equal(verdicts.evaluate("wdi-2026", TOPICS), first)


def test_the_key_names_the_data_files_and_the_code():
    one = store._key("loader", ("wdi-2026",), ["claims/qingdao-2018/claims.csv"])
    assert one != store._key("loader", ("wb-2021",), ["claims/qingdao-2018/claims.csv"])
    assert one != store._key("loader", ("wdi-2026",), ["claims/qingdao-2018/articles.csv"])
    assert len(store.code_version()) == 64


def test_an_edited_project_table_changes_the_key(data_copy):
    """Files the project writes are not in the manifest: the key hashes their content, so an edit is a miss."""
    before = store._key("loader", (), ["curated/statements.csv"])
    path = data_copy / "curated" / "statements.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("4.84", "4.85"), encoding="utf-8")
    assert store._key("loader", (), ["curated/statements.csv"]) != before
