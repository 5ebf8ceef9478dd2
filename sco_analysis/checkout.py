"""The git checkout the code runs from: the commit every report cites, that commit's date, and whether the package,
the notebooks or the data differ from it.

Pure standard library (no pandas): the build keys every report on it before any kernel starts, so that a page never
cites a commit other than the one it was built from (a commit of the same code changes only the citation, and
rebuilds every page)."""

from __future__ import annotations

import subprocess
from functools import lru_cache

from . import manifest


@lru_cache(maxsize=1)
def commit() -> tuple[str, str, bool]:
    """(12-digit hash, its commit date YYYY-MM-DD, whether the package, the notebooks or the data differ from it);
    ('', '', False) outside a git checkout."""
    root = str(manifest.REPO_ROOT)

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, timeout=30, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    try:
        found = git("log", "-1", "--format=%H %cs")
        changed = git("status", "--porcelain", "--untracked-files=no", "--", "sco_analysis", "notebooks", "data")
    except (OSError, subprocess.SubprocessError):
        return "", "", False
    if not found:
        return "", "", False
    full, day = found.split()
    return full[:12], day, bool(changed)


def version() -> str:
    """The commit as one string for a report's key: '116d6cec6f5b 2026-12-04 clean' (or 'changed')."""
    sha, day, changed = commit()
    return f"{sha or 'no-git'} {day} {'changed' if changed else 'clean'}"
