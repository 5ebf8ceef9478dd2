"""What a report depends on, as hashes: notebook code, parameters, package source, data, library versions.

Unlike jupyter-cache (code cells only), the key also sees the imported package and every data file, so a change in
`sco_analysis/` or `data/` rebuilds the reports. Nothing here imports nbformat, papermill or nbconvert.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
KEY_LIBRARIES = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbclient", "ipykernel", "jupyter_client",
                 "pillow")


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def notebook_code(notebook: Path) -> str:
    """Hash of the notebook's code cells (markdown edits do change the report, so they count too)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return _digest(*(f"{c['cell_type']}:{''.join(c['source'])}" for c in nb["cells"]))


def parameters(params: dict[str, Any]) -> str:
    """Hash of the resolved parameter values."""
    return _digest(json.dumps(params, sort_keys=True, default=str))


@lru_cache(maxsize=1)
def package_source() -> str:
    """Hash of every source, style and template file of the package."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _digest(*(f"{p.relative_to(PACKAGE_DIR).as_posix()}:{hashlib.sha256(p.read_bytes()).hexdigest()}"
                     for p in files))


def data_files(data_dir: Path) -> str:
    """Hash of the manifest and of every file it lists (as found on disk: an edited file changes the key)."""
    manifest = data_dir / "manifest.csv"
    parts = [manifest.read_bytes()]
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        rel = line.split(",", 1)[0]
        path = data_dir.parent / rel
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else f"missing:{rel}")
    return _digest(*parts)


@lru_cache(maxsize=1)
def libraries() -> str:
    """Versions of the libraries that shape numbers, figures and HTML."""
    versions = []
    for name in KEY_LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==absent")
    return _digest(*versions)


def fingerprint(notebook: Path, params: dict[str, Any], data_hash: str, template: str) -> dict[str, str]:
    """One hash per input kind, so a rebuild can say which input changed (`data_hash` from data_files(), computed
    once per build)."""
    return {
        "notebook": notebook_code(notebook),
        "parameters": parameters(params),
        "package": package_source(),
        "data": data_hash,
        "libraries": libraries(),
        "template": template,
    }


def changed(old: dict[str, str] | None, new: dict[str, str]) -> list[str]:
    """Names of the inputs whose hash differs (all of them when there is no earlier build)."""
    if not old:
        return ["no earlier build"]
    return [f"{k} changed" for k in new if old.get(k) != new[k]]
