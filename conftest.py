"""Hooks for the whole test run, the notebooks' nbval cells included (tests/conftest.py holds the tests' helpers).

`make test` runs the tests in as many pytest-xdist workers as there are processors: most tests wait on kernels,
builds and a browser, so two workers on two cores take about half the time of one."""

from __future__ import annotations

from typing import Any

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests that build through kernels or drive a browser start first, so that no long test is left for the
    end while the other worker idles."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: file order within each part


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
