"""Why China's trade figures and its partners' mirror figures differ: the gaps, and sentences that explain them
only as far as the numbers support (a CIF/FOB margin explains a gap of its size and sign, nothing more)."""

from __future__ import annotations

import math

from . import anomalies, countries, events, trade
from .trade import Group

# freight and insurance: the IMF converts imports CIF to exports FOB with a factor of 1.06 (Direction of Trade
# Statistics Yearbook 2017: "A CIF/FOB factor of 1.06 is currently used"), so a CIF value exceeds FOB by about 6 %
CIF_MARGIN_PCT = round((anomalies.CIF_FOB_FACTOR - 1) * 100, 1)
MARGIN_WORDS = f"the IMF's CIF/FOB factor is {anomalies.CIF_FOB_FACTOR}, about {CIF_MARGIN_PCT:g} %"


def _exports_reason(gap: float) -> str:
    """Partners' imports are CIF, China's exports FOB: the mirror should be higher by up to the margin."""
    if gap < 0:
        return (
            "although their imports include freight and insurance (CIF) and China's exports do not (FOB), which "
            "alone would make the mirror figure higher: goods routed via third countries, timing and under-recording "
            "outweigh the CIF margin."
        )
    if gap <= CIF_MARGIN_PCT:
        return (
            f"in line with the CIF/FOB margin ({MARGIN_WORDS}): their imports include freight and "
            "insurance, China's exports do not."
        )
    return (
        f"more than the CIF/FOB margin ({MARGIN_WORDS}) explains: goods counted by origin when "
        "they reach the partner through third countries, timing, or under-recording on China's side."
    )


def _imports_reason(gap: float) -> str:
    """Partners' exports are FOB, China's imports CIF: the mirror should be lower by up to the margin."""
    if gap > 0:
        return (
            "against the CIF/FOB margin, which would make them lower (China's imports include freight and "
            "insurance, the partners' exports do not): timing, or goods counted by origin."
        )
    if gap >= -CIF_MARGIN_PCT:
        return (
            f"as expected from the CIF/FOB margin ({MARGIN_WORDS}): China's imports include "
            "freight and insurance, the partners' exports do not."
        )
    return (
        f"more than the CIF/FOB margin ({MARGIN_WORDS}) explains: partners that did not report, "
        "goods counted by origin, or timing."
    )


def explain(year: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> str:
    """Why China's and the partners' figures differ for this year, in numbers: each gap with the reason its size
    and sign support, the IMF-estimated cells and the partners that did not report."""
    gaps = trade.comparison(year, group, dating)["mirror vs China, %"].astype("float64")
    # the reason is chosen on the gap as printed, so a "10.0 %" is never called more than a 10 % margin
    exports_gap, imports_gap = round(float(gaps["exports, US$ bn"]), 1), round(float(gaps["imports, US$ bn"]), 1)
    partners = trade.partner_table(year, group, dating)
    estimated = int(partners["estimated_cells"].sum())
    missing = partners.loc[partners["mirror_exports"].isna() | partners["mirror_imports"].isna(), "iso3"].tolist()
    parts = [
        f"Partners report {abs(exports_gap):.1f} % {'less' if exports_gap < 0 else 'more'} imports from China than "
        f"China reports exports to them, {_exports_reason(exports_gap)}"
        if not math.isnan(exports_gap)
        else f"China's exports and the partners' imports cannot be compared for {year}: one side reported none.",
        f"Partners report {abs(imports_gap):.1f} % {'less' if imports_gap < 0 else 'more'} exports to China than "
        f"China reports imports from them, {_imports_reason(imports_gap)}"
        if not math.isnan(imports_gap)
        else f"China's imports and the partners' exports cannot be compared for {year}: one side reported none.",
    ]
    if estimated:
        parts.append(f"{estimated} of the partners' cells for {year} are IMF estimates.")
    derived = anomalies.derived_mirrors().loc[lambda d: (d["year"] == year) & d["partner"].isin(partners["iso3"])]
    if not derived.empty:
        names = countries.country_names()
        side = {"imports": "exports to China", "exports": "imports from China"}
        who = ", ".join(
            f"{names.get(c, c)}'s {side[f]}" for c, f in zip(derived["partner"], derived["flow"], strict=True)
        )
        parts.append(
            f"Of these, {who} are China's own figures divided or multiplied by {anomalies.CIF_FOB_FACTOR} (IMF "
            "estimates): they cannot confirm China's, and their gap is the factor itself."
        )
    if missing:
        parts.append(f"Not reported on the partner side: {', '.join(missing)} (missing, not zero).")
    return " ".join(parts)
