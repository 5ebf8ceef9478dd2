"""The install files agree: environment.yml lists the same packages as pyproject.toml; the lock pins them all."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_packages() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {_name(r) for r in reqs}


def test_environment_yml_lists_the_pyproject_packages():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip", "nodejs"}
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert conda | {_name(p) for p in pip_part if p != "-e ."} == pyproject_packages()
    assert "-e ." in pip_part
    assert "python>=3.11,<3.14" in env["dependencies"]


def test_lock_pins_every_dependency_exactly():
    pins: dict[str, set[str]] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            requirement = line.split(" ;")[0]
            name, version = requirement.split("==")
            pins.setdefault(name.lower().replace("_", "-"), set()).add(version)
    assert pyproject_packages() <= set(pins)
    assert pins["pandas"] == {"3.1.1"}  # stored outputs print string columns the pandas-3 way


def test_lock_gives_every_python_the_same_versions_of_what_shapes_the_outputs():
    """One version of each library that shapes numbers, figures or HTML, whatever the Python (no marker forks)."""
    forked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if " ; " in line and "python_full_version" in line:
            forked[line.split("==")[0].lower()] = line
    shaping = {
        "pandas",
        "numpy",
        "matplotlib",
        "pillow",
        "nbconvert",
        "papermill",
        "jinja2",
        "markupsafe",
        "nbformat",
        "ipykernel",
        "kiwisolver",
        "fonttools",
        "contourpy",
        "pyparsing",
        "mistune",
        "bleach",
        "pygments",
    }
    assert not shaping & set(forked), forked
