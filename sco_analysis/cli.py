"""`sco-report`: the report runner's command line for this project (build, run, list, refresh, clean)."""

from __future__ import annotations

import sys

from .reporting import cli

DESCRIPTION = (
    "Build the SCO reports: every configured report, or one notebook with any parameters; list, refresh, clean."
)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `sco-report` console script."""
    return cli.main(argv, "sco_analysis.project:PROJECT", "sco-report", DESCRIPTION, version())


def version() -> str:
    """The installed package's version (pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("sco-analysis")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


if __name__ == "__main__":
    sys.exit(main())
