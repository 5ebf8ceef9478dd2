"""China's trade with SCO partners from IMF DOTS: as China reports it and as the partners report it (mirror).

China-reported: China's exports FOB to the partner, China's imports CIF from it.
Mirror: the partner's imports CIF from China (mirror of China's exports, so it includes freight and insurance) and the
partner's exports FOB to China (mirror of China's imports, so it excludes them). A partner that did not report a year
is missing, never zero. All values in US$ millions unless a name says bn.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from . import countries, data, membership, summits
from .errors import ValidationError

CHINA = "CHN"
SOURCES = ("china", "mirror")
# (source, flow) -> (DOTS file, the column naming the partner)
FLOW_FILES = {
    ("china", "exports"): ("china_exports", "partner_iso3"),
    ("china", "imports"): ("china_imports", "partner_iso3"),
    ("mirror", "exports"): ("imports_from_china", "reporter_iso3"),
    ("mirror", "imports"): ("exports_to_china", "reporter_iso3"),
}


@lru_cache(maxsize=1)
def flows() -> pd.DataFrame:
    """Every China-partner flow, tidy: partner (ISO3), year, source, flow, value_musd, estimated."""
    parts = []
    for (source, flow), (file, column) in FLOW_FILES.items():
        table = data.dots(file)
        parts.append(table.loc[table[column] != ""]
                     .assign(partner=table[column], source=source, flow=flow)
                     [["partner", "year", "source", "flow", "value_musd", "estimated"]])
    return (pd.concat(parts, ignore_index=True)
            .astype({"partner": "string", "source": "string", "flow": "string"})
            .sort_values(["source", "flow", "partner", "year"], kind="stable")
            .reset_index(drop=True))


@lru_cache(maxsize=1)
def years() -> list[int]:
    """Years in which China reports its trade with the World."""
    table = flows()
    return sorted(table.loc[(table["source"] == "china") & (table["partner"] == "WLD"), "year"].unique().tolist())


def growth_years() -> list[int]:
    """Years with China's trade data for the year and the year before (so growth can be computed)."""
    have = set(years())
    return [y for y in sorted(have) if y - 1 in have]


def check_year(year: int) -> int:
    """`year` if China's DOTS data cover it (with the year before, for growth), else a ValidationError."""
    valid = growth_years()
    if int(year) not in valid:
        raise ValidationError(f"no China trade data for {year} (and the year before, for growth); "
                              f"years with data: {valid[0]}-{valid[-1]} (IMF DOTS).")
    return int(year)


def default_group(year: int) -> list[str]:
    """Members other than China at the close of that year's Heads of State Council (e.g. 2017: the eight)."""
    try:
        council = summits.council_of_year(year)
    except ValidationError as exc:
        raise ValidationError(f"the default group (the members at that year's summit) needs a Heads of State Council "
                              f"in {year}: {exc} For {year} give the partners as ISO3 codes, e.g. group "
                              f"'RUS,KAZ,KGZ,TJK'.") from None
    return [c for c in membership.members_as_of(council["end_date"]) if c != CHINA]


def resolve_partners(group: str | Iterable[str] | None, year: int) -> list[str]:
    """Partner ISO3 codes: the default group, a status group as of that year's summit, or ISO3 codes (never China)."""
    if group is None or group == "members":
        codes = default_group(year)
    elif isinstance(group, str) and group in membership.GROUPS:  # a status group: as it stood after that year's council
        codes = [c for c in membership.resolve_group(group, summits.council_of_year(year)["end_date"]) if c != CHINA]
    else:  # ISO3 codes: the date does not matter
        codes = [c for c in membership.resolve_group(group, membership.valid_range()[1]) if c != CHINA]
    if not codes:
        raise ValidationError(f"the group {group!r} has no partner other than China in {year}; valid groups: "
                              f"{', '.join(membership.GROUPS)}, or ISO3 codes.")
    return codes


def check_group(group: str, year: int = 2017) -> str:
    """A group parameter is valid if it resolves to at least one partner other than China in that year."""
    resolve_partners(group, check_year(year))
    return group


def partner_table(year: int, group: str | Iterable[str] | None = None) -> pd.DataFrame:
    """One row per partner: exports, imports (US$ m) for `year` and the year before, by source; NaN = not reported."""
    year = check_year(year)
    return _partner_table(year, tuple(resolve_partners(group, year)))


@lru_cache(maxsize=256)
def _partner_table(year: int, partners: tuple[str, ...]) -> pd.DataFrame:
    partners = list(partners)
    names = countries.country_names()
    wide = (flows()
            .loc[lambda f: f["partner"].isin(partners) & f["year"].isin([year - 1, year])]
            .assign(column=lambda f: f["source"] + "_" + f["flow"] + np.where(f["year"] == year, "", "_prev"))
            .pivot_table(index="partner", columns="column", values="value_musd", aggfunc="sum")
            .reindex(partners))
    columns = [f"{s}_{f}{p}" for s in SOURCES for f in ("exports", "imports") for p in ("", "_prev")]
    estimated = (flows().loc[lambda f: f["partner"].isin(partners) & (f["year"] == year) & f["estimated"]]
                 .groupby("partner").size().reindex(partners, fill_value=0))
    return (wide.reindex(columns=columns)
            .assign(country=names.reindex(partners).to_numpy(), estimated_cells=estimated.to_numpy())
            .rename_axis("iso3").reset_index()
            [["iso3", "country", *columns, "estimated_cells"]])


def _growth(now: float, before: float) -> float:
    return (now / before - 1) * 100 if before and not np.isnan(before) and not np.isnan(now) else np.nan


def china_trade(year: int, group: str | Iterable[str] | None = None, source: str = "china") -> pd.Series:
    """Exports, imports and total (US$ bn) with year-on-year growth (%) for China and the group, from one source."""
    if source not in SOURCES:
        raise ValidationError(f"unknown source {source!r}; valid sources: {', '.join(SOURCES)}.")
    table = partner_table(year, group)
    out = {}
    for flow in ("exports", "imports"):
        now, before = table[f"{source}_{flow}"], table[f"{source}_{flow}_prev"]
        out[flow] = now.sum(min_count=1) / 1000
        out[f"{flow}_prev"] = before.sum(min_count=1) / 1000
        out[f"{flow}_missing"] = int(now.isna().sum())
    out["total"] = out["exports"] + out["imports"]
    out["total_prev"] = out["exports_prev"] + out["imports_prev"]
    for key in ("exports", "imports", "total"):
        out[f"{key}_growth_pct"] = _growth(out[key], out[f"{key}_prev"])
    return pd.Series(out, name=source)


def comparison(year: int, group: str | Iterable[str] | None = None) -> pd.DataFrame:
    """China-reported against mirror: exports, imports, total (US$ bn) and growth (%), with the gap in %."""
    china, mirror = china_trade(year, group, "china"), china_trade(year, group, "mirror")
    rows = ["exports", "imports", "total", "exports_growth_pct", "imports_growth_pct", "total_growth_pct"]
    frame = pd.DataFrame({"China-reported": china[rows], "mirror": mirror[rows]})
    frame["mirror vs China, %"] = np.where(frame.index.str.endswith("_pct"), np.nan,
                                           (frame["mirror"] / frame["China-reported"] - 1) * 100)
    frame.index = ["exports, US$ bn", "imports, US$ bn", "total, US$ bn", "exports growth, %", "imports growth, %",
                   "total growth, %"]
    return frame


def china_totals(year: int) -> pd.Series:
    """China's exports, imports and total trade with the World (US$ bn, China-reported)."""
    table = flows().loc[lambda f: (f["source"] == "china") & (f["partner"] == "WLD") & (f["year"] == check_year(year))]
    values = table.set_index("flow")["value_musd"] / 1000
    return pd.Series({"exports": values["exports"], "imports": values["imports"],
                      "total": values["exports"] + values["imports"]})


def share_of_china_trade(year: int, group: str | Iterable[str] | None = None) -> pd.Series:
    """The group's share (%) of China's exports, imports and total trade with the World (China-reported)."""
    return china_trade(year, group, "china")[["exports", "imports", "total"]] / china_totals(year) * 100


def series(first: int, last: int, group: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Exports and imports (US$ bn) by year and source; with the default group, each year's own members."""
    rows = []
    for year in range(first, last + 1):  # a handful of years: each year has its own member list
        for source in SOURCES:
            trade = china_trade(year, group, source)
            rows.append({"year": year, "source": source, "exports": trade["exports"], "imports": trade["imports"],
                         "partners": len(resolve_partners(group, year))})
    return pd.DataFrame(rows).astype({"year": "int64", "source": "string", "partners": "int64"})


def intra_matrix(year: int, members: Iterable[str] | None = None) -> pd.DataFrame:
    """Exports among SCO states (US$ m), reporter x partner, as reported; NaN where the reporter did not report."""
    codes = list(members) if members is not None else membership.members_as_of(summits.council_of_year(year)["end_date"])
    table = data.dots("intra_exports")
    return (table.loc[(table["year"] == int(year)) & table["reporter_iso3"].isin(codes) & table["partner_iso3"].isin(codes)]
            .pivot_table(index="reporter_iso3", columns="partner_iso3", values="value_musd", aggfunc="sum")
            .reindex(index=codes, columns=codes)
            .rename_axis(index="exporter", columns="importer"))


def intra_matrix_filled(year: int, members: Iterable[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The export matrix with gaps filled from the partner's mirror imports (CIF), and a mask of filled cells."""
    reported = intra_matrix(year, members)
    codes = list(reported.index)
    imports = data.dots("intra_imports")
    mirror = (imports.loc[(imports["year"] == int(year)) & imports["reporter_iso3"].isin(codes)
                          & imports["partner_iso3"].isin(codes)]
              # the importer's imports from the exporter stand in for the exporter's missing exports
              .pivot_table(index="partner_iso3", columns="reporter_iso3", values="value_musd", aggfunc="sum")
              .reindex(index=codes, columns=codes))
    filled = reported.isna() & mirror.notna()
    return reported.fillna(mirror).rename_axis(index="exporter", columns="importer"), filled


def reporting_gaps(first: int = 2001, last: int = 2020) -> pd.DataFrame:
    """Years in which a member (other than China) did not report its trade with China (mirror side)."""
    codes = [c for c in membership.members_as_of(membership.valid_range()[1]) if c != CHINA]
    reported = flows().loc[lambda f: (f["source"] == "mirror") & f["partner"].isin(codes)
                           & f["year"].between(first, last)]
    rows = []
    for flow in ("exports", "imports"):
        have = set(zip(reported.loc[reported["flow"] == flow, "partner"], reported.loc[reported["flow"] == flow, "year"]))
        for code in codes:
            gaps = [y for y in range(first, last + 1) if (code, y) not in have]
            if gaps:
                rows.append({"partner": code, "mirror flow": flow, "years not reported": ", ".join(map(str, gaps))})
    return pd.DataFrame(rows, columns=["partner", "mirror flow", "years not reported"])


def explain(year: int, group: str | Iterable[str] | None = None) -> str:
    """Why China's and the partners' figures differ for this year, in numbers."""
    table = comparison(year, group)
    exports_gap = table.loc["exports, US$ bn", "mirror vs China, %"]
    imports_gap = table.loc["imports, US$ bn", "mirror vs China, %"]
    partners = partner_table(year, group)
    estimated = int(partners["estimated_cells"].sum())
    missing = partners.loc[partners["mirror_exports"].isna() | partners["mirror_imports"].isna(), "iso3"].tolist()
    # partners' imports are CIF (China's exports FOB): a CIF margin alone would make the mirror a few % higher
    if exports_gap < 0:
        exports_text = ("although their imports include freight and insurance (CIF) and China's exports do not "
                        "(FOB): goods routed via third countries, timing and under-recording outweigh the CIF margin.")
    else:
        exports_text = "in line with their imports including freight and insurance (CIF) and China's exports not (FOB)."
    # partners' exports are FOB (China's imports CIF): a mirror a few % lower is the expected CIF/FOB margin
    imports_text = ("as expected from the CIF/FOB margin (typically 5-10 %) where the gap is of that size."
                    if imports_gap < 0 else "against the CIF/FOB margin: timing, or goods counted by origin.")
    parts = [
        f"Partners report {abs(exports_gap):.1f} % {'less' if exports_gap < 0 else 'more'} imports from China than "
        f"China reports exports to them, {exports_text}",
        f"Partners report {abs(imports_gap):.1f} % {'less' if imports_gap < 0 else 'more'} exports to China than "
        f"China reports imports from them, {imports_text}",
    ]
    if estimated:
        parts.append(f"{estimated} of the partners' cells for {year} are IMF estimates.")
    if missing:
        parts.append(f"Not reported on the partner side: {', '.join(missing)} (missing, not zero).")
    return " ".join(parts)
