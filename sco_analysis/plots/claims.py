"""Claim figures: every numeric claim of the articles against what the data give, in one chart."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .style import VERDICT_COLOURS, attach_data, describe, house_style, source_line

CLIP_PCT = 50.0  # differences beyond this are drawn at the edge, with their value written out


def claims_chart(claims: pd.DataFrame) -> Figure:
    """One row per numeric claim: how far the data lie from the claimed value, in % of the claim, coloured by
    verdict, with the two values written beside it. `claims` has claim_id, quantity, claimed, computed, unit,
    verdict."""
    table = claims.iloc[::-1].reset_index(drop=True)  # the first claim on top
    diff = (table["computed"] - table["claimed"]) / table["claimed"].abs() * 100
    shown = diff.clip(-CLIP_PCT, CLIP_PCT)
    within = int((table["verdict"] == "consistent").sum())
    with house_style():
        fig = Figure(figsize=(11, 0.36 * len(table) + 1.6), layout="constrained")
        ax = fig.subplots()
        ax.axvline(0, color="#555555", linewidth=1)
        ax.hlines(range(len(table)), 0, shown, color="#cccccc", linewidth=1.5, zorder=1)
        ax.scatter(
            shown,
            range(len(table)),
            s=46,
            zorder=2,
            color=[VERDICT_COLOURS.get(v, "#999999") for v in table["verdict"]],
        )
        for y, (d, c) in enumerate(zip(diff, shown, strict=True)):
            if abs(d) > CLIP_PCT:
                ax.annotate(
                    f"{d:+.0f} %",
                    (c, y),
                    xytext=(6 if d > 0 else -6, 0),
                    textcoords="offset points",
                    ha="left" if d > 0 else "right",
                    va="center",
                    fontsize=8,
                )
        labels = [
            f"{i}  {q[:58] + '…' if len(q) > 59 else q}"
            for i, q in zip(table["claim_id"], table["quantity"], strict=True)
        ]
        ax.set_yticks(range(len(table)), labels, fontsize=8.5)
        ax.set_ylim(-0.7, len(table) - 0.3)
        ax.set_xlim(-CLIP_PCT * 1.25, CLIP_PCT * 1.25)
        values = [
            f"{a:,.4g} → {b:,.4g} {u}"
            for a, b, u in zip(table["claimed"], table["computed"], table["unit"], strict=True)
        ]
        right = ax.secondary_yaxis("right")
        right.set_yticks(range(len(table)), values, fontsize=8)
        right.tick_params(length=0)
        ax.set_xlabel("data against the claim, % of the claimed value (0 = the claim exactly)")
        ax.grid(axis="y", visible=False)
        shown_verdicts = [v for v in VERDICT_COLOURS if v in set(table["verdict"])]
        ax.legend(
            handles=[Patch(color=VERDICT_COLOURS[v], label=v) for v in shown_verdicts],
            loc="lower left",
            fontsize=8,
            title="verdict",
            title_fontsize=8,
        )
        ax.set_title(
            f"{within} of {len(table)} numeric claims agree with the data on the reading the sentence states "
            f"(claimed → computed on the right)",
            loc="left",
            fontsize=11,
        )
        source_line(
            fig, "Source: the claims registry against the vendored data; colour = verdict on the stated reading"
        )
    far = table.iloc[int(diff.abs().to_numpy().argmax())]
    attach_data(fig, claims.assign(data_against_claim_pct=diff.iloc[::-1].to_numpy()))
    return describe(
        fig,
        f"Dot chart of the {len(table)} numeric claims, each placed by how far the data lie from the claimed value. "
        f"{within} of {len(table)} agree on the reading the sentence states; the farthest is {far['claim_id']} "
        f"({far['quantity']}), {diff.abs().max():.0f} % from the claim.",
    )
