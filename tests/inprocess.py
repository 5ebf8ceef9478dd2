"""Run a notebook's code in this Python process, without a kernel: the parameters cell replaced by the given values,
every other code cell executed in order, each cell's last expression shown the way a report would show it.

For the tests that walk the parameter space and for the benchmark's plain-Python baseline; reports are always
built with kernels (sco_analysis/reporting/execute.py).
"""

from __future__ import annotations

import ast
import contextlib
import io
from pathlib import Path
from typing import Any

from sco_analysis.reporting.params import code_cells


class CellError(Exception):
    """A cell of the notebook raised: which cell, and the original exception (its __cause__)."""


def _shown(value: Any, render: bool) -> None:
    """What the report would do with a displayed value: a figure saved as PNG (if `render`), a table as HTML."""
    from matplotlib.figure import Figure

    if isinstance(value, Figure):
        if render:
            from sco_analysis.plots.style import png_bytes

            png_bytes(value)
    elif hasattr(value, "_repr_html_"):
        value._repr_html_()
    elif hasattr(value, "to_html"):
        value.to_html()


def run(notebook: Path, params: dict[str, Any], render: bool = False) -> dict[str, Any]:
    """Execute the notebook's code with `params` in place of its parameters cell; return the final namespace.

    Raises CellError naming the cell (1-based, code cells only) and chaining the cell's exception."""
    import IPython.display

    def shown(*values: Any, **_: Any) -> None:
        for value in values:
            _shown(value, render)

    namespace: dict[str, Any] = {"__name__": "__main__", "display": shown}
    original = IPython.display.display
    IPython.display.display = shown  # the cells import display from here; outside IPython it would only print
    try:
        for number, cell in enumerate(code_cells(notebook), 1):
            tree = ast.parse(cell.source)
            final = tree.body[-1] if tree.body else None
            last = final if isinstance(final, ast.Expr) else None
            if last is not None:
                tree.body.pop()  # evaluated apart, so its value is shown like a cell's result
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(tree, f"<cell {number}>", "exec"), namespace)
                    if cell.parameters:
                        namespace.update(params)
                    if last is not None:
                        value = eval(compile(ast.Expression(last.value), f"<cell {number}>", "eval"), namespace)
                        if value is not None:
                            _shown(value, render)
            except Exception as exc:
                raise CellError(f"{Path(notebook).name}, code cell {number}: {type(exc).__name__}: {exc}") from exc
    finally:
        IPython.display.display = original
    return namespace
