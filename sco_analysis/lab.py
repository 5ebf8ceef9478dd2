"""JupyterLab without side effects on the repository: `make lab` copies the committed notebooks into lab/ (ignored by
git) the first time, trusts the copies, gives JupyterLab the reports' stylesheet as its custom.css (verdict badges
and fact-check cards look as in the reports), and opens JupyterLab there. Editing a parameter, Run All and
JupyterLab's autosave then change the copies only; notebooks/ stays as committed."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from .manifest import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"
LAB = REPO_ROOT / "lab"
STYLESHEET = Path(__file__).resolve().parent / "templates" / "sco" / "content.css"
STAMPS = ".committed.json"  # the sha256 of each committed notebook when it was copied


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def working_copies(folder: Path = LAB, committed: Path = NOTEBOOKS) -> list[str]:
    """Copy every committed notebook into `folder` unless a copy is already there (it holds your work), and say
    what was done: 'copied x.ipynb', or, for a kept copy whose committed notebook changed since, how to refresh it."""
    folder.mkdir(parents=True, exist_ok=True)
    stamps_file = folder / STAMPS
    try:
        stamps: dict[str, str] = json.loads(stamps_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamps = {}
    said = []
    for source in sorted(committed.glob("*.ipynb")):
        copy = folder / source.name
        if not copy.exists():
            shutil.copyfile(source, copy)
            stamps[source.name] = _sha256(source)
            said.append(f"copied notebooks/{source.name} to {copy}")
        elif stamps.get(source.name) != _sha256(source):
            said.append(
                f"kept your {copy} (notebooks/{source.name} changed since it was copied: delete the copy to start "
                "again from the committed notebook)"
            )
    stamps_file.write_text(json.dumps(stamps, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return said


def trust(notebooks: Sequence[Path]) -> None:
    """Sign the notebooks in this Jupyter's trust database (the copies of the project's own notebooks), so that
    JupyterLab shows their stored figures and styled HTML before they are run again."""
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()  # type: ignore[no-untyped-call]  # nbformat ships no annotations for these
    for path in notebooks:
        notary.sign(nbformat.read(path, as_version=4))  # type: ignore[no-untyped-call]


def stylesheet(config_dir: Path) -> Path:
    """Write the reports' stylesheet as JupyterLab's custom.css (loaded with --LabApp.custom_css=True)."""
    target = config_dir / "custom" / "custom.css"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(STYLESHEET.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def command(folder: Path, extra: Sequence[str] = ()) -> list[str]:
    """The JupyterLab command: the working copies' folder, the custom stylesheet on, as root where needed."""
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [sys.executable, "-m", "jupyterlab", str(folder), "--LabApp.custom_css=True", *root, *extra]


def prepare(folder: Path = LAB) -> list[str]:
    """Working copies, trusted, and the stylesheet in place; returns what was done, in lines."""
    from jupyter_core.paths import jupyter_config_dir

    said = working_copies(folder)
    trust(sorted(folder.glob("*.ipynb")))
    stylesheet(Path(jupyter_config_dir()))
    return said


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m sco_analysis.lab [--dir lab] [JupyterLab options]`: prepare, then run JupyterLab."""
    parser = argparse.ArgumentParser(prog="python -m sco_analysis.lab", description=__doc__)
    parser.add_argument("--dir", type=Path, default=LAB, help="folder of the working copies (default: lab/)")
    args, extra = parser.parse_known_args(argv)
    for line in prepare(args.dir):
        print(f"lab: {line}")
    print(f"lab: JupyterLab opens the working copies in {args.dir}; notebooks/ is not touched")
    sys.stdout.flush()
    os.execv(sys.executable, command(args.dir, extra))  # JupyterLab replaces this process


if __name__ == "__main__":
    raise SystemExit(main())
