"""Hooks for the whole test run, the notebooks' nbval cells included (tests/conftest.py holds the tests' helpers).

`make test` runs the tests in pytest-xdist workers, one more than there are processors: the slow tests spend part of
their time waiting on kernels, builds, sleeping notebooks and a browser, and a third worker on two cores fills that
(the whole suite: 231 s with two workers, 216 s with three, one after the other on the same machine)."""

from __future__ import annotations

from typing import Any

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests that build through kernels or drive a browser start first, so that no long test is left for the
    end while the other worker idles."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: file order within each part


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker more than the processors this process may use (`-n N` still gives N)."""
    import os

    return len(os.sched_getaffinity(0)) + 1


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Each test is a unit of work on its own, but a notebook's nbval cells, which run in order in one kernel, are
    one unit. (xdist's `--dist loadgroup` would say this with marks, but it stopped grouping with pytest 9.2:
    pytest-dev/pytest-xdist#1386.)"""
    from xdist.scheduler import LoadScopeScheduling

    class NotebooksWhole(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".ipynb") else nodeid

    return NotebooksWhole(config, log)
