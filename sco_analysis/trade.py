"""China's trade with SCO partners from IMF DOTS: as China reports it and as the partners report it (mirror).

China-reported: China's exports FOB to the partner, China's imports CIF from it.
Mirror: the partner's imports CIF from China (mirror of China's exports, so it includes freight and insurance) and the
partner's exports FOB to China (mirror of China's imports, so it excludes them). A partner that did not report a year
is missing, never zero. All values in US$ millions unless a name says bn.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import countries, data, events, partners, summits
from .errors import ValidationError

CHINA = partners.CHINA
Group = partners.Group
SOURCES = ("china", "mirror")
FLOWS = ("exports", "imports")
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
        parts.append(
            table.loc[table[column] != ""].assign(partner=table[column], source=source, flow=flow)[
                ["partner", "year", "source", "flow", "value_musd", "estimated"]
            ]
        )
    return (
        pd.concat(parts, ignore_index=True)
        .astype({"partner": "string", "source": "string", "flow": "string"})
        .sort_values(["source", "flow", "partner", "year"], kind="stable")
        .reset_index(drop=True)
    )


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
        raise ValidationError(
            f"no China trade data for {year} (and the year before, for growth); "
            f"years with data: {valid[0]}-{valid[-1]} (IMF DOTS)."
        )
    return int(year)


def check_group(group: str, year: int, dating: str = events.DEFAULT_DATING) -> str:
    """A group parameter is valid if it resolves to at least one partner other than China in that year, and
    somebody (China or a partner) reported trade with one of them that year."""
    try:
        codes = partners.resolve_partners(group, check_year(year), dating)
    except ValidationError as exc:
        raise ValidationError(f"{exc}{_example(year)}") from None
    table = partner_table(year, group, dating)
    if table[[f"{s}_{f}" for s in SOURCES for f in FLOWS]].isna().all(axis=None):
        raise ValidationError(
            f"neither China nor {', '.join(codes)} reported their trade with each other in {year} (IMF DOTS): "
            "the report would be empty; choose other partners or another year."
        )
    return group


def _example(year: int) -> str:
    """A group of ISO3 codes that works for `year`: members at the latest council that traded with China then."""
    table = flows()
    reported = set(table.loc[table["year"] == year, "partner"])
    latest = pd.Timestamp(summits.heads_of_state_councils()["end_date"].max()).year
    codes = [c for c in partners.default_group(latest) if c in reported][:4]
    if not codes:
        return ""
    return f" E.g. group {','.join(codes)!r} (members of {latest} that traded with China in {year})."


def series_span(year: int) -> tuple[int, int]:
    """The years the 'over time' chart covers: from the SCO's founding (or the chosen year, if earlier) to the last
    year of the data."""
    return min(int(year), events.founding_date().year), years()[-1]


def partner_table(year: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """One row per partner: exports, imports (US$ m) for `year` and the year before, by source; NaN = not reported;
    how many of the year's cells are IMF estimates."""
    year = check_year(year)
    return _partner_table(year, tuple(partners.resolve_partners(group, year, dating)))


@lru_cache(maxsize=256)
def _partner_table(year: int, codes: tuple[str, ...]) -> pd.DataFrame:
    chosen = list(codes)
    names = countries.country_names()
    wide = (
        flows()
        .loc[lambda f: f["partner"].isin(chosen) & f["year"].isin([year - 1, year])]
        .assign(column=lambda f: f["source"] + "_" + f["flow"] + np.where(f["year"] == year, "", "_prev"))
        .pivot_table(index="partner", columns="column", values="value_musd", aggfunc="sum")
        .reindex(chosen)
    )
    columns = [f"{s}_{f}{p}" for s in SOURCES for f in FLOWS for p in ("", "_prev")]
    estimated = (
        flows()
        .loc[lambda f: f["partner"].isin(chosen) & (f["year"] == year) & f["estimated"]]
        .groupby("partner")
        .size()
        .reindex(chosen, fill_value=0)
    )
    return (
        wide.reindex(columns=columns)
        .assign(country=names.reindex(chosen).to_numpy(), estimated_cells=estimated.to_numpy())
        .rename_axis("iso3")
        .reset_index()[["iso3", "country", *columns, "estimated_cells"]]
    )


def _pct(now: float, before: float) -> float:
    return (now / before - 1) * 100 if before and not np.isnan(before) and not np.isnan(now) else np.nan


def china_trade(
    year: int, group: Group = None, source: str = "china", dating: str = events.DEFAULT_DATING
) -> pd.Series:
    """Exports, imports and total (US$ bn) for China and the group from one source, with year-on-year growth (%)
    over the partners reported in both years (`*_left_out` names those that were not, so growth compares like
    with like)."""
    if source not in SOURCES:
        raise ValidationError(f"unknown source {source!r}; valid sources: {', '.join(SOURCES)}.")
    table = partner_table(year, group, dating)
    out: dict[str, float | int | str] = {}
    matched_now = matched_prev = 0.0
    for flow in FLOWS:
        now, before = table[f"{source}_{flow}"], table[f"{source}_{flow}_prev"]
        both = now.notna() & before.notna()
        out[flow] = now.sum(min_count=1) / 1000
        out[f"{flow}_prev"] = before.sum(min_count=1) / 1000
        out[f"{flow}_missing"] = int(now.isna().sum())
        out[f"{flow}_left_out"] = ", ".join(table.loc[~both & (now.notna() | before.notna()), "iso3"])
        out[f"{flow}_growth_pct"] = _pct(now[both].sum(), before[both].sum()) if both.any() else np.nan
        matched_now, matched_prev = matched_now + now[both].sum(), matched_prev + before[both].sum()
    out["total"] = float(out["exports"]) + float(out["imports"])
    out["total_prev"] = float(out["exports_prev"]) + float(out["imports_prev"])
    out["total_growth_pct"] = _pct(matched_now, matched_prev) if matched_prev else np.nan
    out["total_left_out"] = ", ".join(sorted({c for f in FLOWS for c in str(out[f"{f}_left_out"]).split(", ") if c}))
    return pd.Series(out, name=source)


ROWS = {
    "exports": "exports, US$ bn",
    "imports": "imports, US$ bn",
    "total": "total, US$ bn",
    "exports_growth_pct": "exports growth, %",
    "imports_growth_pct": "imports growth, %",
    "total_growth_pct": "total growth, %",
}


def comparison(year: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """China-reported against mirror: exports, imports, total (US$ bn) and growth (%), with the gap in %."""
    china, mirror = china_trade(year, group, "china", dating), china_trade(year, group, "mirror", dating)
    frame = pd.DataFrame({"China-reported": china[list(ROWS)], "mirror": mirror[list(ROWS)]}).astype("float64")
    frame["mirror vs China, %"] = np.where(
        frame.index.str.endswith("_pct"), np.nan, (frame["mirror"] / frame["China-reported"] - 1) * 100
    )
    return frame.rename(index=ROWS)


def china_totals(year: int) -> pd.Series:
    """China's exports, imports and total trade with the World (US$ bn, China-reported)."""
    table = flows().loc[lambda f: (f["source"] == "china") & (f["partner"] == "WLD") & (f["year"] == check_year(year))]
    values = table.set_index("flow")["value_musd"] / 1000
    return pd.Series(
        {"exports": values["exports"], "imports": values["imports"], "total": values["exports"] + values["imports"]}
    )


def share_of_china_trade(year: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> pd.Series:
    """The group's share (%) of China's exports, imports and total trade with the World (China-reported)."""
    china = china_trade(year, group, "china", dating)[["exports", "imports", "total"]].astype("float64")
    return china / china_totals(year) * 100


def series(first: int, last: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """Exports and imports (US$ bn) by year and source, each year's own partners (a gap where the group did not
    exist or nobody reported): year, source, exports, imports, partners."""
    each_year = partners.partners_by_year(first, last, group, dating)
    grid = pd.MultiIndex.from_product([range(first, last + 1), SOURCES], names=["year", "source"])
    values = (
        flows()
        .merge(each_year, on=["year", "partner"], how="inner", validate="many_to_one")
        .pivot_table(index=["year", "source"], columns="flow", values="value_musd", aggfunc="sum")
        .reindex(index=grid, columns=list(FLOWS))
        / 1000
    )
    counts = each_year.groupby("year").size()
    return (
        values.reset_index()
        .rename_axis(columns=None)
        .assign(partners=lambda d: d["year"].map(counts).fillna(0).astype("int64"))
        .astype({"year": "int64", "source": "string"})
    )


def partner_summary(year: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> pd.DataFrame:
    """The partner table for reading: US$ bn per source and flow for the year, and per partner how many of the
    year's four cells are IMF estimates and how many nobody reported."""
    table = partner_table(year, group, dating)
    columns = {f"{s}_{f}": f"{'China' if s == 'china' else 'mirror'} {f}, US$ bn" for s in SOURCES for f in FLOWS}
    return table[["iso3", "country"]].assign(
        **{label: table[column] / 1000 for column, label in columns.items()},
        estimated=table["estimated_cells"],
        missing=table[list(columns)].isna().sum(axis=1),
    )


def growth_note(year: int, group: Group = None, dating: str = events.DEFAULT_DATING) -> str:
    """One sentence: which partners each growth figure leaves out because they were reported in only one year."""
    names = countries.country_names()
    label = {"china": "China-reported", "mirror": "mirror"}
    gaps = [
        f"{label[s]} {f}: {', '.join(str(names.get(c, c)) for c in codes.split(', '))}"
        for s in SOURCES
        for f, codes in china_trade(year, group, s, dating)[[f"{f}_left_out" for f in FLOWS]]
        .rename(lambda k: k.removesuffix("_left_out"))
        .items()
        if codes
    ]
    if not gaps:
        return f"Each growth figure compares the same partners in {year - 1} and {year}."
    return (
        f"Growth compares only the partners reported in both {year - 1} and {year}; left out, as reported in one "
        f"year only: {'; '.join(gaps)}."
    )
