"""A disk cache of the loaders' tidy tables, so a fresh kernel or script does not parse and reshape the same files
again: each table is kept under .build/tables/, keyed by the sha256 of the data files it is read from, the
package's own source and the versions of Python, pandas and numpy. A changed file, package or library is a miss;
the files are still verified against the manifest on every hit.

Nothing there is trusted more than data/: an entry is NumPy arrays in an .npz read with allow_pickle=False (a
format that cannot run code when it is loaded), under a sha256 digest of the key and the arrays. An entry that does
not match its digest, cannot be read or is not a table this code writes is a miss: the table is read from data/
again, and the entry named once on stderr.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import platform
import sys
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

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
SUFFIX = ".table"
MAGIC = b"sco-table 1\n"  # then the digest (64 hex digits) and a newline, then the .npz bytes
STRINGS = ("str", "string", "object")  # kept as a unicode array and a mask of the missing values
NULLABLE = {"Int64": np.int64, "Float64": np.float64, "boolean": np.bool_}  # values and a mask
PLAIN = ("int64", "float64", "bool")  # and datetime64[unit]: NumPy arrays as they are


def _prune(folder: Path) -> None:
    """Remove all but the KEEP most recently written tables."""
    tables = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [*tables[KEEP:], *folder.glob("*.pkl")]:  # and the pickles an earlier version kept
        old.unlink(missing_ok=True)


class Unstorable(TypeError):
    """A result this store does not keep (not a plain table of the dtypes below): it is computed every time."""


def encode(frame: object) -> bytes:
    """A table as the bytes of an .npz: each column's values and missing-value mask, and its name and dtype."""
    if not isinstance(frame, pd.DataFrame) or not frame.index.equals(pd.RangeIndex(len(frame))):
        raise Unstorable("only tables with a plain 0..n-1 index are stored")
    arrays: dict[str, np.ndarray] = {}
    columns = []
    for i, (name, column) in enumerate(frame.items()):
        dtype, mask = str(column.dtype), column.isna().to_numpy(dtype=bool)
        if not isinstance(name, str):
            raise Unstorable(f"column name {name!r} is not text")
        if dtype in STRINGS:
            present = column[~mask]
            if dtype == "object" and (mask.any() or not all(isinstance(v, str) for v in present)):
                raise Unstorable(f"column {name!r} holds more than text")
            values = np.array([str(v) if not m else "" for v, m in zip(column, mask, strict=True)], dtype=str)
        elif dtype in NULLABLE:
            values = column.to_numpy(dtype=NULLABLE[dtype], na_value=0)
        elif dtype in PLAIN or dtype.startswith("datetime64["):
            values = column.to_numpy()
        else:
            raise Unstorable(f"column {name!r} has dtype {dtype}")
        arrays[f"v{i}"], arrays[f"m{i}"] = values, mask
        columns.append({"name": name, "dtype": dtype})
    arrays["meta"] = np.array(json.dumps({"columns": columns, "rows": len(frame)}))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def decode(payload: bytes) -> pd.DataFrame:
    """The table encode() wrote (ValueError, KeyError or OSError if the bytes are not one)."""
    with np.load(io.BytesIO(payload), allow_pickle=False) as arrays:
        meta = json.loads(str(arrays["meta"]))
        out: dict[str, Any] = {}
        for i, column in enumerate(meta["columns"]):
            values, mask, dtype = arrays[f"v{i}"], arrays[f"m{i}"].astype(bool), column["dtype"]
            if len(values) != meta["rows"] or len(mask) != meta["rows"]:
                raise ValueError("a column of the wrong length")
            if dtype in STRINGS:
                series = pd.Series(values.astype(object), dtype=dtype)
                out[column["name"]] = series.mask(mask) if mask.any() else series
            elif dtype in NULLABLE:
                out[column["name"]] = pd.array(values, dtype=dtype).copy()
                out[column["name"]][mask] = pd.NA
            elif dtype in PLAIN or dtype.startswith("datetime64["):
                out[column["name"]] = pd.Series(values, dtype=dtype)
            else:
                raise ValueError(f"unknown dtype {dtype!r}")
    return pd.DataFrame(out, index=pd.RangeIndex(meta["rows"]))


def _digest(key: str, payload: bytes) -> bytes:
    return hashlib.sha256(key.encode() + b"\0" + payload).hexdigest().encode()


def _read(path: Path, key: str) -> pd.DataFrame | None:
    """A stored table, or None: no entry (a miss), or one that fails its digest or cannot be read (a miss, said)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, digest, payload = raw[: len(MAGIC)], raw[len(MAGIC) : len(MAGIC) + 64], raw[len(MAGIC) + 65 :]
    if head != MAGIC or digest != _digest(key, payload):
        _say(path, "does not match its digest (damaged or altered)")
        return None
    try:
        return decode(payload)
    except (ValueError, KeyError, OSError, TypeError) as exc:
        _say(path, f"cannot be read ({type(exc).__name__})")
        return None


_SAID: set[Path] = set()


def _say(path: Path, problem: str) -> None:
    """Name a bad entry once per process; it is read from data/ again and rewritten."""
    if path not in _SAID:
        _SAID.add(path)
        print(f"note: the cached table {path} {problem}; it is rebuilt from data/.", file=sys.stderr)


def _write(path: Path, key: str, table: object) -> None:
    """Keep a table (atomically: an interrupted write leaves no entry); a result it cannot keep is not kept."""
    try:
        payload = encode(table)
    except Unstorable:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(MAGIC + _digest(key, payload) + b"\n" + payload)
        os.replace(tmp, path)
        _prune(path.parent)
    except OSError:
        pass  # a read-only checkout still works, only slower


def every_file(*args: object) -> list[str]:
    """Every data file, vendored or written by the project (relative to data/): the inputs of a result drawn from all
    of the data."""
    return sorted([*(path.removeprefix("data/") for path in entries()), *project_files()])


def stored(files: Callable[..., Iterable[str]]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache a loader's table on disk; `files(*args)` names the data files (relative to data/) it reads."""

    def decorate(loader: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(loader)
        def load(*args: Any) -> T:
            inputs = list(files(*args))  # a changed or missing file stops in _key, naming the fix
            key = _key(loader.__qualname__, args, inputs)
            path = cache_dir() / f"{loader.__name__}-{key}{SUFFIX}"
            found = _read(path, key)
            if found is not None:
                return found  # type: ignore[return-value]  # only tables are written
            table = loader(*args)
            _write(path, key, table)
            return table

        return load

    return decorate
