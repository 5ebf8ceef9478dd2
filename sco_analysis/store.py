"""A disk cache of the loaders' tidy tables, so a fresh kernel or script does not parse and reshape the same files
again: each table is pickled under .build/tables/, keyed by the sha256 of the data files it is read from, the
package's own source and the versions of Python, pandas and numpy. A changed file, package or library is a miss;
the files are still verified against the manifest on every hit."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import platform
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from .manifest import REPO_ROOT, content_sha, entries, project_files

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """Where tables are kept: $SCO_CACHE_DIR, else .build/tables in the repository."""
    return Path(os.environ.get("SCO_CACHE_DIR", REPO_ROOT / ".build" / "tables"))


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the package's Python source and of the library versions that shape a pickled table."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    h.update(platform.python_version().encode())
    for name in ("pandas", "numpy"):
        h.update(f"{name}=={metadata.version(name)}".encode())
    return h.hexdigest()


def _key(name: str, args: tuple[Any, ...], files: Iterable[str]) -> str:
    """The table's key: the loader, its arguments, the sha256 of each file it reads (checked against the manifest
    for a vendored file), code and versions."""
    h = hashlib.sha256(repr((name, args)).encode())
    for rel in files:
        h.update(f"{rel}:{content_sha(rel)}".encode())
    h.update(code_version().encode())
    return h.hexdigest()[:32]


KEEP = 200  # tables kept on disk; the oldest go first (each change of code or data makes new ones)


def _prune(folder: Path) -> None:
    """Remove all but the KEEP most recently written tables."""
    tables = sorted(folder.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in tables[KEEP:]:
        old.unlink(missing_ok=True)


def every_file(*args: object) -> list[str]:
    """Every data file, vendored or written by the project (relative to data/): the inputs of a result drawn from all
    of the data."""
    return sorted([*(path.removeprefix("data/") for path in entries()), *project_files()])


def stored(files: Callable[..., Iterable[str]]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache a loader's result on disk; `files(*args)` names the data files (relative to data/) it reads."""

    def decorate(loader: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(loader)
        def load(*args: Any) -> T:
            inputs = list(files(*args))  # a changed or missing file stops in _key, naming the fix
            path = cache_dir() / f"{loader.__name__}-{_key(loader.__qualname__, args, inputs)}.pkl"
            try:
                with open(path, "rb") as fh:
                    table: T = pickle.load(fh)
                return table
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
                pass  # a miss, or a table an interrupted write left half written: read the files
            table = loader(*args)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                with open(tmp, "wb") as fh:
                    pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
                _prune(cache_dir())
            except OSError:
                pass  # a read-only checkout still works, only slower
            return table

        return load

    return decorate
