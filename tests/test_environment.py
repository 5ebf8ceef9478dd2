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
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert conda == pyproject_packages()
    assert "-e ." in pip_part
    assert "python=3.11" in env["dependencies"]


def test_lock_pins_every_dependency_exactly():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    assert pyproject_packages() <= set(pins)
    assert pins["pandas"].startswith("3.")  # stored outputs print string columns the pandas-3 way
