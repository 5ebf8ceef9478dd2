"""What a report depends on, as hashes: the notebook, its parameters and title, the project's code and page
templates, its inputs and the libraries that shape numbers, figures and HTML.

Unlike jupyter-cache (code cells only), the key also sees the imported code, the inputs and the page template's
content, so a change in any of them rebuilds the reports. Nothing here imports pandas, nbformat, papermill or
nbconvert.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import params
from .project import current


def digest(*parts: bytes | str) -> str:
    """One sha256 over several parts (each ended by a NUL, so ('ab', 'c') and ('a', 'bc') differ)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def notebook_cells(notebook: Path) -> str:
    """Hash of the notebook's cells, code and markdown (a markdown edit changes the report too)."""
    nb = params.read_notebook(notebook)
    return digest(*(f"{c['cell_type']}:{''.join(c['source'])}" for c in nb["cells"]))


def tree(folder: Path, exclude: Path | None = None) -> str:
    """Hash of every file under a folder (names and contents), optionally leaving one subfolder out."""
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and (exclude is None or exclude not in p.parents)
    )
    return digest(*(f"{p.relative_to(folder).as_posix()}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files))


@lru_cache(maxsize=1)
def package_source() -> str:
    """Hash of the project's code (its page templates are keyed apart, so a template edit says so)."""
    project = current()
    return tree(project.package, exclude=project.page_templates)


@lru_cache(maxsize=1)
def templates() -> str:
    """Hash of the content of every page template."""
    return tree(current().page_templates)


@lru_cache(maxsize=1)
def libraries() -> str:
    """Versions of the libraries that shape numbers, figures and HTML."""
    versions = []
    for name in current().key_libraries:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==absent")
    return digest(*versions)


def fingerprint(notebook: Path, resolved: dict[str, Any], title: str, inputs: str, cited: str) -> dict[str, str]:
    """One hash per input kind, so a rebuild can say which input changed (`inputs` from the project's check of its
    inputs and `cited`, the code version its pages cite, both computed once per build)."""
    return {
        "notebook": notebook_cells(notebook),
        "parameters": digest(json.dumps(resolved, sort_keys=True, default=str)),
        "title": digest(title),
        "package": package_source(),
        "data": inputs,
        "libraries": libraries(),
        "template": templates(),
        "commit": digest(cited),
    }


def changed(old: dict[str, str] | None, new: dict[str, str]) -> list[str]:
    """Names of the inputs whose hash differs (all of them when there is no earlier build)."""
    if not old:
        return ["no earlier build"]
    return [f"{k} changed" for k in new if old.get(k) != new[k]]
