"""Claim figures: what an article claims against what the data give."""

from __future__ import annotations

from matplotlib.figure import Figure

from .style import house_style


def claim_chart(claimed: float, computed: float, label: str, unit: str, verdict: str) -> Figure:
    """A small bar pair: what the article claims against what the data give."""
    colours = {"consistent": "#009E73", "approximately consistent": "#E69F00", "inconsistent": "#D55E00"}
    with house_style():
        fig = Figure(figsize=(6, 1.5))
        ax = fig.subplots()
        ax.barh(["data", "article"], [computed, claimed], color=[colours.get(verdict, "#999999"), "#bbbbbb"])
        for y, value in enumerate([computed, claimed]):
            ax.text(value, y, f" {value:,.2f}", va="center", fontsize=9)
        ax.set_xlim(0, max(claimed, computed) * 1.25)
        ax.set_xlabel(unit, fontsize=9)
        ax.set_title(f"{label}: {verdict}", fontsize=10, loc="left")
        ax.grid(axis="x", color="#eeeeee")
        ax.grid(axis="y", visible=False)
        fig.tight_layout()
    return fig
