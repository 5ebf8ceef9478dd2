"""Where Jupyter, IPython and matplotlib keep their config and caches during a build: the project's .build/, not the
user's home."""

from __future__ import annotations

import os
from pathlib import Path

from .project import current

DIRECTORIES = {
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
}


def build_dir() -> Path:
    """The project's .build/ folder: caches, plans and Jupyter's runtime files."""
    return current().root / ".build"


def isolate() -> None:
    """Point each config and cache directory at .build/ unless the user set it, and create it."""
    for var, sub in DIRECTORIES.items():
        os.environ.setdefault(var, str(build_dir() / sub))
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silences a debugger warning in kernel output
