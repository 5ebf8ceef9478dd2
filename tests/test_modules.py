"""One job per module: each states it in its first docstring line; data flows one way, through the layers of
DESIGN.md; the report runner (reporting/) imports nothing of the project; no module imports itself back through
others (no cycle, function-local imports included)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "sco_analysis"
MODULES = sorted(PACKAGE.rglob("*.py"))
RUNNER = "reporting"
# the layers of DESIGN.md, top to bottom: a module imports only from its own layer or the ones above it; the runner
# is a library at the top that knows nothing below it, and the project's glue to it sits at the bottom
LAYERS = [
    {RUNNER},
    {"errors", "manifest", "schema", "render", "wording", "store"},
    {"checkout"},
    {"countries"},
    {"data"},
    {"summits", "statuses", "officials", "records"},
    {"events"},
    {"vocabulary"},
    {"membership"},
    {"groups"},
    {"partners"},
    {"trade", "intra", "weight"},
    {"growth", "mirror", "energy", "organisations", "anomalies"},
    {"quality", "plots", "tables", "runs"},
    {"claims"},
    {"notebook"},
    {"parameters"},
    {"project"},
    {"cli", "lab"},
]


def name_of(path: Path) -> str:
    """'claims.registry', 'reporting.plan', 'data': a module's dotted name inside the package."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__") or "__init__"


NAMES = {name_of(p) for p in MODULES}


def layer(module: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if module.split(".")[0] in names)


@cache
def imports(path: Path) -> frozenset[str]:
    """The package's modules `path` imports, anywhere in the file (inside functions too), as dotted names."""
    package = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - (node.level - 1)])
            stem = [*base, *(node.module.split(".") if node.module else [])]
            found |= {".".join(stem)} if node.module else set()  # `from . import x` imports x, not the package
            found |= {".".join([*stem, a.name]) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sco_analysis"):
            stem = node.module.split(".")[1:]  # type: ignore[union-attr]
            found |= {".".join(stem)} | {".".join([*stem, a.name]) for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {".".join(a.name.split(".")[1:]) for a in node.names if a.name.startswith("sco_analysis.")}
    return frozenset(name for name in found if name in NAMES and name != name_of(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_states_its_job(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc, f"{path.name}: no docstring stating its job"
    assert doc.split("\n")[0].strip(), f"{path.name}: the docstring's first line is empty"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_imports_flow_one_way(path):
    own = name_of(path)
    if own == "__init__":
        return
    for target in imports(path):
        assert layer(target) <= layer(own), f"{own} imports {target}, which is below it"
        if own.startswith(f"{RUNNER}."):
            assert target.startswith(f"{RUNNER}."), f"the runner's {own} imports the project's {target}"


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk, each as the modules on it (empty: the graph has none)."""
    found, state = [], dict.fromkeys(graph, 0)  # 0 unseen, 1 on the path, 2 done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt])
            elif state.get(nxt) == 0:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if state[node] == 0:
            walk(node, [node])
    return found


def test_no_module_imports_itself_back():
    graph = {name_of(p): imports(p) for p in MODULES}
    assert cycles(graph) == []


def test_the_cycle_check_finds_a_cycle_through_a_function_local_import():
    assert cycles({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"})}) == [["a", "b", "c", "a"]]
    assert cycles({"a": frozenset({"b"}), "b": frozenset()}) == []
    tree = ast.parse("def f():\n    from .registry import x\n")
    assert any(isinstance(n, ast.ImportFrom) and n.module == "registry" for n in ast.walk(tree))


# the directory patterns of GitHub's stock Python .gitignore (github/gitignore, Python.gitignore)
STOCK_PYTHON_GITIGNORE = ["build/", "develop-eggs/", "dist/", "downloads/", "eggs/", ".eggs/", "lib/", "lib64/"]
STOCK_PYTHON_GITIGNORE += ["parts/", "sdist/", "var/", "wheels/", "env/", "venv/", "ENV/", "target/", "instance/"]


def test_a_stock_python_gitignore_ignores_no_module_of_the_package(tmp_path):
    """A fork with GitHub's Python .gitignore must still track every module (a folder named build/ would vanish)."""
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("\n".join(STOCK_PYTHON_GITIGNORE) + "\n")
    paths = [p.relative_to(ROOT).as_posix() for p in MODULES]
    assert any(p.startswith("sco_analysis/reporting/") for p in paths)
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths], cwd=tmp_path, capture_output=True, text=True
    ).stdout.split()
    assert ignored == []
    caught = subprocess.run(
        ["git", "check-ignore", "--no-index", "sco_analysis/build/plan.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert caught.stdout.strip() == "sco_analysis/build/plan.py"  # the check can fail: the old name was ignored
