"""The disk store of tables and results: a hit gives back what the code computes, without computing it again; a
damaged, altered or foreign entry is a miss, said once, never an error and never a number in a report; nothing in
the store runs code when it is read."""

from __future__ import annotations

import dataclasses
import pickle

import pandas as pd
from conftest import reset_caches

from sco_analysis import data, store, weight
from sco_analysis.claims import checks, registry, verdicts

TOPICS = ("timeline",)  # a few claims keep the test quick; the path is the same for all of them


def test_a_stored_evaluation_is_the_fresh_one_and_is_not_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_CACHE_DIR", str(tmp_path))
    fresh = verdicts.evaluate_once("wdi-2026", TOPICS)
    first = verdicts.evaluate("wdi-2026", TOPICS)
    assert len(list(tmp_path.glob("_kept-*.table"))) == 3  # the chosen vintage and the two others

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
    for entry in tmp_path.glob("_kept-*.table"):
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


def entry_of(folder, loader):
    (path,) = folder.glob(f"{loader}-*.table")
    return path


def members_share(year=2017):
    return float(weight.group_total("population", year, "members", "2018-06-09")["share_pct"])


def fresh_process_state():
    """As a new kernel starts: no table in memory, nothing said yet."""
    reset_caches()
    store._SAID.clear()


def test_an_altered_value_never_reaches_a_figure_and_is_named_once(tmp_path, monkeypatch, capsys):
    """China's 2017 population doubled in the cached table, the digest left as it was: the share is the one the
    data give, and stderr names the entry once."""
    monkeypatch.setenv("SCO_CACHE_DIR", str(tmp_path))
    fresh_process_state()
    expected = members_share()
    path = entry_of(tmp_path, "indicator_table")
    raw = path.read_bytes()
    header, payload = raw[: len(store.MAGIC) + 65], raw[len(store.MAGIC) + 65 :]
    table = store.decode(payload)
    china = (table["wb_code"] == "CHN") & (table["year"] == 2017)
    assert china.sum() == 1
    table.loc[china, "value"] *= 2
    path.write_bytes(header + store.encode(table))
    fresh_process_state()
    assert members_share() == expected
    assert members_share() == expected
    err = capsys.readouterr().err
    assert err.count(f"the cached table {path} does not match its digest") == 1
    assert "rebuilt from data/" in err


def test_random_bytes_are_a_miss_not_a_failure(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SCO_CACHE_DIR", str(tmp_path))
    fresh_process_state()
    expected = members_share()
    path = entry_of(tmp_path, "indicator_table")
    path.write_bytes(bytes(range(256)) * 40)
    fresh_process_state()
    assert members_share() == expected
    assert str(path) in capsys.readouterr().err
    assert store.MAGIC in path.read_bytes()  # rewritten whole


class Payload:
    def __reduce__(self):
        return (open, ("ran-on-load", "w"))


def test_a_pickle_with_a_valid_digest_runs_no_code(tmp_path, monkeypatch, capsys):
    """Even an entry whose digest was recomputed is read by a format that cannot run code: a pickle is refused."""
    monkeypatch.setenv("SCO_CACHE_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    fresh_process_state()
    expected = members_share()
    path = entry_of(tmp_path, "indicator_table")
    key = path.name.removeprefix("indicator_table-").removesuffix(store.SUFFIX)
    evil = pickle.dumps(Payload())
    path.write_bytes(store.MAGIC + store._digest(key, evil) + b"\n" + evil)
    fresh_process_state()
    assert members_share() == expected
    assert not (tmp_path / "ran-on-load").exists()
    assert "cannot be read" in capsys.readouterr().err


def test_every_stored_table_comes_back_exactly():
    from sco_analysis import events, quality, summits
    from sco_analysis.claims import verdicts as claim_verdicts

    for table in (
        data.indicator_table.__wrapped__("population", "wdi-2026"),
        data.dots.__wrapped__("china_exports"),
        summits.summits.__wrapped__(),
        events.table.__wrapped__(),
        quality.problems.__wrapped__(),
        claim_verdicts.evaluate_once("wdi-2026", TOPICS),
    ):
        pd.testing.assert_frame_equal(store.decode(store.encode(table)), table, check_exact=True)


def test_what_is_not_a_plain_table_is_not_stored():
    for result in (pd.DataFrame({"a": [1]}, index=["x"]), pd.DataFrame({"a": [object()]}), [1, 2], {"a": 1}):
        try:
            store.encode(result)
        except store.Unstorable:
            continue
        raise AssertionError(f"{result!r} was stored")
