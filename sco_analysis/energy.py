"""Energy: which country uses and produces the most energy, from WDI (total use and estimated production) and,
as a cross-check, OWID 2022 (primary consumption, fossil production), with the leader's margin over the next.

OWID names countries by name and mixes in aggregates: names map to ISO3 through the code table plus a few stated
aliases, and every other name must be a listed aggregate or a listed entity outside the code table, or loading
fails (nothing is dropped because it merely failed to map).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import countries, data, membership, wording
from .errors import DataIntegrityError, ValidationError
from .manifest import verified_path
from .store import every_file, stored

APPROXIMATION = (
    "Production is estimated as energy use x (1 - net energy imports / 100). WDI energy use is production + imports "
    "- exports +/- stock changes - international bunkers, so the estimate is production net of stock changes and "
    "bunkers, not the IEA's production series."
)
# a leader is "largest" only when it exceeds the runner-up by more than this (the reports' level margin)
LEAD_THRESHOLD_PCT = wording.LEVEL_MARGIN * 100
KTOE_TO_TWH = 11.63e-3  # 1 toe = 11.63 MWh (IEA): puts WDI next to OWID's TWh

MEASURES = {  # (measure, source) -> (indicator in the tidy frames, unit, what it is)
    ("consumption", "WDI"): ("energy_use_ktoe", "ktoe", "energy use (IEA balances, physical content)"),
    ("production", "WDI"): ("energy_production_ktoe", "ktoe", "production ~ use x (1 - net imports / 100)"),
    ("consumption", "OWID"): ("primary_consumption_twh", "TWh", "primary consumption (BP/EIA, substitution)"),
    ("production", "OWID"): ("fossil_production_twh", "TWh", "fossil production: coal + gas + oil (BP/Shift)"),
}
OWID_FILES = {
    "consumption": "owid-energy-2022/primary_energy_consumption_bp_eia_2022.csv",
    "production": "owid-energy-2022/fossil_fuel_production_bp_shift_2022.csv",
}
FOSSIL_COLUMNS = ["Coal production (TWh)", "Gas production (TWh)", "Oil production (TWh)"]


def _listed(text: str) -> list[str]:
    """'A; B; C' -> ['A', 'B', 'C'] (long name lists stay a few lines long)."""
    return [item.strip() for item in text.split(";")]


# OWID spellings that differ from the World Bank's names in data/country_codes.csv
OWID_ALIASES = {
    name: iso3
    for name, _, iso3 in (
        pair.partition("=")
        for pair in _listed(
            "Bahamas=BHS; Brunei=BRN; Cape Verde=CPV; Congo=COG; Democratic Republic of Congo=COD; Egypt=EGY; "
            "Faeroe Islands=FRO; Gambia=GMB; Hong Kong=HKG; Iran=IRN; Kyrgyzstan=KGZ; Laos=LAO; Macao=MAC; "
            "Micronesia (country)=FSM; North Korea=PRK; Palestine=PSE; Puerto Rico=PRI; Russia=RUS; "
            "Saint Kitts and Nevis=KNA; Saint Lucia=LCA; Saint Vincent and the Grenadines=VCT; Slovakia=SVK; "
            "Somalia=SOM; South Korea=KOR; Syria=SYR; Timor=TLS; Turkey=TUR; United States Virgin Islands=VIR; "
            "Venezuela=VEN; Vietnam=VNM; Yemen=YEM"
        )
    )
}
# the rule for aggregates: OWID's regions and country groups, by name (the composite "Russian Federation & USSR"
# is one: it would otherwise compete with Russia until 2016)
OWID_AGGREGATES = frozenset(
    _listed(
        "World; Africa; Asia Pacific; Asia and Oceania; CIS; Central and South America; Eastern Africa; Eurasia; "
        "Europe; European Union; European Union (27); Middle Africa; Middle East; Non-OECD; OECD; OPEC; "
        "Persian Gulf; Western Africa; U.S. Territories; U.S. Pacific Islands; Hawaiian Trade Zone; "
        "Russian Federation & USSR"
    )
)
# places with no country row in the code table (former states, territories, Taiwan) and "Inde" (coal only,
# 1900-1979, beside India's own rows): never ranked
OWID_OUTSIDE_CODES = frozenset(
    _listed(
        "USSR; Czechoslovakia; East Germany; West Germany; Yugoslavia; Serbia and Montenegro; Netherlands Antilles; "
        "Antarctica; Cook Islands; Falkland Islands; French Guiana; Guadeloupe; Martinique; Montserrat; Niue; "
        "Reunion; Saint Helena; Saint Pierre and Miquelon; Taiwan; Wake Island; Western Sahara; Inde"
    )
)
RANKING_COLUMNS = _listed(
    "measure; source; what; year; leader; leader_name; runner_up; runner_up_name; unit; leader_value; "
    "runner_up_value; leader_twh; runner_up_twh; margin_pct; verdict; leader_in_sco"
)


def wdi_energy(vintage: str = data.DEFAULT_VINTAGE) -> pd.DataFrame:
    """Total energy use and estimated production (ktoe) per country and year: iso3, year, indicator, value."""
    return _wdi_energy(vintage).copy()


@lru_cache(maxsize=4)
def _wdi_energy(vintage: str) -> pd.DataFrame:
    """wdi_energy(), cached."""
    key = ["iso3", "year"]

    def series(name: str, column: str) -> pd.DataFrame:
        table = data.indicator(name, data.vintage_for(name, vintage))
        return table[[*key, "value"]].rename(columns={"value": column})

    wide = (
        series("energy_use_per_person", "kgoe")
        .merge(series("population", "population"), on=key, how="inner", validate="one_to_one")
        .merge(series("net_energy_imports", "net_imports_pct"), on=key, how="left", validate="one_to_one")
    )
    # kg of oil equivalent per person x persons = kgoe; / 1e6 = ktoe
    use = wide["kgoe"] * wide["population"] / 1e6
    wide = wide.assign(energy_use_ktoe=use, energy_production_ktoe=use * (1 - wide["net_imports_pct"] / 100))
    return _tidy(wide, ["energy_use_ktoe", "energy_production_ktoe"])


def _tidy(wide: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Wide (iso3, year, one column per indicator) -> long iso3, year, indicator, value; missing values dropped."""
    return (
        wide.melt(id_vars=["iso3", "year"], value_vars=columns, var_name="indicator", value_name="value")
        .dropna(subset=["value"])
        .astype({"iso3": "string", "year": "int64", "indicator": "string", "value": "float64"})
        .sort_values(["indicator", "iso3", "year"], kind="stable")
        .reset_index(drop=True)
    )


@lru_cache(maxsize=2)
def owid_raw(measure: str) -> pd.DataFrame:
    """An OWID 2022 file as read: entity names in `Country`, one row per entity and year."""
    if measure not in OWID_FILES:
        raise ValidationError(f"unknown OWID measure {measure!r}; valid measures: {', '.join(OWID_FILES)}.")
    return pd.read_csv(verified_path(OWID_FILES[measure]), dtype={"Country": "string", "Year": "int64"})


def classify(names: pd.Series) -> pd.DataFrame:
    """OWID entity names -> name, iso3 ('' unless a country), kind (country | aggregate | outside codes); a name
    that is none of these is an error, so a new spelling cannot drop a country silently."""
    by_name = {str(name): str(iso3) for iso3, name in countries.country_names().items()}
    lookup = {**by_name, **OWID_ALIASES}
    table = pd.DataFrame({"name": pd.Series(names, dtype="string").drop_duplicates().sort_values()})
    iso3 = table["name"].map(lookup).astype("string")
    kind = (
        pd.Series("country", index=table.index, dtype="string")
        .where(iso3.notna())
        .mask(table["name"].isin(OWID_OUTSIDE_CODES), "outside codes")
        .mask(table["name"].isin(OWID_AGGREGATES), "aggregate")
    )
    unknown = table.loc[kind.isna(), "name"].tolist()
    if unknown:
        raise DataIntegrityError(
            f"OWID names neither a country of data/country_codes.csv, an alias, a listed aggregate nor a listed "
            f"outside entity: {unknown}; add each to OWID_ALIASES, OWID_AGGREGATES or OWID_OUTSIDE_CODES."
        )
    table = table.assign(iso3=iso3.where(kind == "country", "").fillna(""), kind=kind)
    doubled = table.loc[(table["kind"] == "country") & table["iso3"].duplicated(keep=False)]
    if not doubled.empty:
        raise DataIntegrityError(f"two OWID names map to one ISO3: {doubled[['name', 'iso3']].values.tolist()}.")
    return table.reset_index(drop=True)


def owid_entities() -> pd.DataFrame:
    """Every entity of both OWID files, classified: name, iso3, kind."""
    return classify(pd.concat([owid_raw(m)["Country"] for m in OWID_FILES], ignore_index=True))


@lru_cache(maxsize=1)
def _owid_energy() -> pd.DataFrame:
    """owid_energy(), cached."""
    entities = owid_entities().loc[lambda d: d["kind"] == "country", ["name", "iso3"]]
    consumption = owid_raw("consumption").rename(columns={"Primary energy consumption (TWh)": "consumption"})
    production = owid_raw("production")
    # a fuel left blank is one the country does not produce (the Shift data); a row with all three blank stays missing
    production = production.assign(fossil=production[FOSSIL_COLUMNS].sum(axis=1, min_count=1))
    wide = (
        consumption[["Country", "Year", "consumption"]]
        .merge(production[["Country", "Year", "fossil"]], on=["Country", "Year"], how="outer", validate="one_to_one")
        .merge(entities, left_on="Country", right_on="name", how="inner", validate="many_to_one")
        .rename(columns={"Year": "year", "consumption": "primary_consumption_twh", "fossil": "fossil_production_twh"})
    )
    return _tidy(wide, ["primary_consumption_twh", "fossil_production_twh"])


def owid_energy() -> pd.DataFrame:
    """OWID primary consumption and fossil production (TWh), countries only: iso3, year, indicator, value."""
    return _owid_energy().copy()


def leaders(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """For each group of `keys`: leader, runner_up, their values, margin_pct (leader over runner-up), verdict."""
    ordered = frame.sort_values([*keys, "value"], ascending=[*(True for _ in keys), False], kind="stable")
    place = ordered.groupby(keys, sort=False).cumcount()
    top = ordered.loc[place == 0, [*keys, "iso3", "value"]].rename(columns={"iso3": "leader", "value": "leader_value"})
    second = ordered.loc[place == 1, [*keys, "iso3", "value"]]
    out = top.merge(
        second.rename(columns={"iso3": "runner_up", "value": "runner_up_value"}),
        on=keys,
        how="left",
        validate="one_to_one",
    )
    margin = (out["leader_value"] / out["runner_up_value"] - 1) * 100
    level = "level with " + out["runner_up"].fillna("")
    return out.assign(margin_pct=margin, verdict=level.where(margin <= LEAD_THRESHOLD_PCT, "largest")).reset_index(
        drop=True
    )


def measures() -> pd.DataFrame:
    """The four series: measure, source, indicator, unit, what."""
    rows = [(m, s, ind, unit, what) for (m, s), (ind, unit, what) in MEASURES.items()]
    return pd.DataFrame(rows, columns=["measure", "source", "indicator", "unit", "what"]).astype("string")


@lru_cache(maxsize=4)
@stored(every_file)
def _energy_table(vintage: str) -> pd.DataFrame:
    """Both sources in one frame: measure, source, iso3, year, value, unit, value_twh (cached)."""
    both = pd.concat([_wdi_energy(vintage), _owid_energy()], ignore_index=True)
    merged = both.merge(measures().drop(columns="what"), on="indicator", how="inner", validate="many_to_one")
    factor = merged["unit"].map({"ktoe": KTOE_TO_TWH, "TWh": 1.0}).astype("float64")
    return merged.assign(value_twh=merged["value"] * factor)[
        ["measure", "source", "iso3", "year", "value", "unit", "value_twh"]
    ]


def check_year(year: int, vintage: str = data.DEFAULT_VINTAGE) -> int:
    """`year` if every measure of both sources has values for it, else an error naming the common range."""
    table = _energy_table(vintage)
    spans = table.groupby(["measure", "source"])["year"].agg(["min", "max"])
    first, last = int(spans["min"].max()), int(spans["max"].min())
    if not first <= int(year) <= last:
        raise ValidationError(f"no energy data for {year} in every source; years with data in all: {first}-{last}.")
    return int(year)


def rankings(year: int, vintage: str, as_of: str) -> pd.DataFrame:
    """The leader of each measure in each source for a year, side by side: measure, source, what, leader and
    runner-up (ISO3 and name), values in the source's unit and in TWh, margin_pct, verdict, leader_in_sco."""
    table = _energy_table(vintage).loc[lambda d: d["year"] == check_year(year, vintage)]
    key = ["measure", "source"]
    twh = {
        role: table[[*key, "iso3", "value_twh"]].rename(columns={"iso3": role, "value_twh": f"{role}_twh"})
        for role in ("leader", "runner_up")
    }
    names = countries.country_names()
    return (
        leaders(table, key)
        .merge(measures()[[*key, "unit", "what"]], on=key, how="left", validate="one_to_one")
        .merge(twh["leader"], on=[*key, "leader"], how="left", validate="one_to_one")
        .merge(twh["runner_up"], on=[*key, "runner_up"], how="left", validate="one_to_one")
        .assign(
            year=int(year),
            leader_name=lambda d: d["leader"].map(names),
            runner_up_name=lambda d: d["runner_up"].map(names),
            leader_in_sco=lambda d: d["leader"].isin(membership.members_as_of(as_of)),
        )
        .sort_values(key, ascending=[True, False], kind="stable")[RANKING_COLUMNS]
        .reset_index(drop=True)
    )
