"""Compare two built reports folders file by file: which reports are byte-identical, which differ only in how HTML
entities are spelled, and which differ (with the first difference shown).

    python scripts/compare_reports.py OLD_REPORTS NEW_REPORTS

Used to check that a refactoring changes no report; the index (build times) and screenshots are left out.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

# the same character, escaped two ways (html.escape writes &#x27; and &quot;, markupsafe &#39; and &#34;)
ENTITIES = {"&#x27;": "&#39;", "&quot;": "&#34;"}
SKIP = re.compile(r"^(index\.html|_screenshots/|\.cache/|\.tmp/|_failed/|README\.md)")


def normalise(text: str) -> str:
    """Spell the entities one way."""
    for old, new in ENTITIES.items():
        text = text.replace(old, new)
    return text


def first_difference(a: str, b: str) -> str:
    """The first differing lines of two texts, with a little context."""
    diff = difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=1)
    return "\n".join(line[:300] for line in list(diff)[2:12])


def compare(old: Path, new: Path) -> dict[str, list[str]]:
    """Files grouped as identical, entities (equal once entities are spelled one way), differ, missing, added."""
    names = {p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()}
    names |= {p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file()}
    out: dict[str, list[str]] = {"identical": [], "entities": [], "differ": [], "missing": [], "added": []}
    for name in sorted(n for n in names if not SKIP.match(n) and not n.endswith(".ipynb")):
        a, b = old / name, new / name
        if not b.exists():
            out["missing"].append(name)
        elif not a.exists():
            out["added"].append(name)
        elif a.read_bytes() == b.read_bytes():
            out["identical"].append(name)
        elif normalise(a.read_text(encoding="utf-8")) == normalise(b.read_text(encoding="utf-8")):
            out["entities"].append(name)
        else:
            out["differ"].append(name)
    return out


def main() -> int:
    old, new = Path(sys.argv[1]), Path(sys.argv[2])
    result = compare(old, new)
    for kind, names in result.items():
        print(f"{kind}: {len(names)}")
    for name in result["differ"]:
        a, b = (old / name).read_text(encoding="utf-8"), (new / name).read_text(encoding="utf-8")
        print(f"\n--- {name}\n{first_difference(normalise(a), normalise(b))}")
    for kind in ("missing", "added"):
        for name in result[kind]:
            print(f"{kind}: {name}")
    return 1 if result["differ"] or result["missing"] else 0


if __name__ == "__main__":
    sys.exit(main())
