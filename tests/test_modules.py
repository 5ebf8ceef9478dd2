"""One job per module: each states it in its first docstring line and stays short; data flows one way."""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

MODULES = sorted(p for p in (ROOT / "sco_analysis").rglob("*.py"))
# the layers of DESIGN.md, top to bottom: a module imports only from its own layer or the ones above it
LAYERS = [
    {"errors", "manifest", "render", "wording", "store"},
    {"countries"},
    {"data"},
    {"summits", "statuses", "officials", "records"},
    {"events"},
    {"membership"},
    {"groups"},
    {"partners"},
    {"trade", "intra", "weight"},
    {"growth", "mirror", "energy", "organisations"},
    {"quality", "plots", "tables"},
    {"claims"},
    {"notebook"},
    {"build"},
    {"cli"},
]


def layer(module: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if module.split(".")[0] in names)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_states_its_job_and_stays_short(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc, f"{path.name}: no docstring stating its job"
    assert doc.split("\n")[0].strip(), f"{path.name}: the docstring's first line is empty"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 260


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_imports_flow_one_way(path):
    rel = path.relative_to(ROOT / "sco_analysis").with_suffix("")
    own = ".".join(p for p in rel.parts if p != "__init__") or "__init__"
    if own == "__init__":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = rel.parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - (node.level - 1)])
            targets = (
                [".".join([*base, node.module])] if node.module else [".".join([*base, a.name]) for a in node.names]
            )
            for target in targets:
                assert layer(target) <= layer(own), f"{own} imports {target}, which is below it"
