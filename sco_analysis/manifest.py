"""The data manifest: which vendored files data/ holds, their sha256, and whether each one on disk is intact; the
files the project writes itself (curated tables, claim registries, the code table, the schemas) are not locked by a
hash but checked by their schema when read (schema.py), and keyed by their content.

Pure standard library (no pandas), so that the build can check and hash the data without paying for pandas.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import DataIntegrityError

REPO_ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("path", "bytes", "sha256", "source_repository", "commit", "licence")


@dataclass(frozen=True)
class Entry:
    """One manifest row: a file under data/ with its size, hash and provenance."""

    path: str
    bytes: int
    sha256: str
    source_repository: str
    commit: str
    licence: str


def data_dir() -> Path:
    """The data folder: $SCO_DATA_DIR if set (tests use a temporary copy), else the repository's data/."""
    return Path(os.environ.get("SCO_DATA_DIR", REPO_ROOT / "data")).resolve()


def display(path: Path) -> str:
    """A path as a user would type it after `git checkout --` (relative to the repository when possible)."""
    try:
        return path.relative_to(data_dir().parent).as_posix()
    except ValueError:
        return str(path)


@lru_cache(maxsize=4)
def entries(root: Path | None = None) -> dict[str, Entry]:
    """The manifest as {"data/...": Entry}, or a DataIntegrityError naming what is wrong with it and the fix."""
    path = (root or data_dir()) / "manifest.csv"
    fix = "restore it with `git checkout -- data/manifest.csv`"
    if not path.exists():
        raise DataIntegrityError(f"{display(path)} is missing; {fix}.")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise DataIntegrityError(
            f"{display(path)} is empty or lacks its header ({', '.join(COLUMNS)}); {fix}, or rebuild it with "
            "`python scripts/vendor_reference.py`."
        )
    try:
        return {row["path"]: Entry(**{**row, "bytes": int(row["bytes"])}) for row in rows}  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DataIntegrityError(f"{display(path)}: a row is malformed; {fix}.") from None


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


_VERIFIED: dict[tuple[str, int, int], str] = {}


def _hash_once(path: Path) -> str:
    """sha256 of a file, remembered per (path, size, mtime) so a process hashes each file once."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _VERIFIED:
        _VERIFIED[key] = sha256_of(path)
    return _VERIFIED[key]


NOT_DATA = {"manifest.csv", "SOURCE.md", "README.md"}  # files under data/ that are not read as data


def project_files() -> list[str]:
    """The files under data/ the project writes itself (relative to data/): every file the manifest does not list,
    but for the manifest and the prose (SOURCE.md, README.md)."""
    root = data_dir()
    listed = entries(root)
    return sorted(
        rel
        for path in root.rglob("*")
        if path.is_file()
        and path.name not in NOT_DATA
        and not path.name.startswith(".")
        and f"data/{(rel := path.relative_to(root).as_posix())}" not in listed
    )


def content_sha(relpath: str) -> str:
    """The sha256 a cache key uses for data/<relpath>: the manifest's for a vendored file (after checking it), the
    file's own for one the project writes."""
    path = verified_path(relpath)
    entry = entries(data_dir()).get(f"data/{relpath}")
    return entry.sha256 if entry is not None else _hash_once(path)


def verified_path(relpath: str) -> Path:
    """Path of data/<relpath> after checking that it exists and, for a vendored file, that its sha256 matches the
    manifest (a file the project writes is checked by its schema when read)."""
    root = data_dir()
    rel = f"data/{relpath}"
    path = root / relpath
    entry = entries(root).get(rel)
    if entry is None:
        if not path.is_file():
            raise DataIntegrityError(f"{rel} is missing; restore it with `git checkout -- {rel}`.")
        return path
    if not path.exists():
        raise DataIntegrityError(
            f"{display(path)} is missing (manifest sha256 {entry.sha256}); restore it with `git checkout -- {rel}`."
        )
    found = _hash_once(path)
    if found != entry.sha256:
        raise DataIntegrityError(
            f"{display(path)}: sha256 is {found} but data/manifest.csv says {entry.sha256}; "
            f"the file was changed or corrupted. Restore it with `git checkout -- {rel}`."
        )
    return path


def verify_all() -> int:
    """Check every file listed in the manifest (exists, sha256 matches); return how many were checked."""
    listed = entries(data_dir())
    for rel in listed:
        verified_path(rel.removeprefix("data/"))
    return len(listed)


def digest() -> str:
    """One hash of the manifest, of every file it lists and of every file the project writes, as found on disk (an
    edited file changes it)."""
    root = data_dir()
    h = hashlib.sha256((root / "manifest.csv").read_bytes())
    for rel in [*(r.removeprefix("data/") for r in entries(root)), *project_files()]:
        path = root / rel
        h.update(f"{rel}:{_hash_once(path) if path.exists() else 'missing'}".encode())
    return h.hexdigest()
