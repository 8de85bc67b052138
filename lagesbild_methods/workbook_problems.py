"""The frame of prioritised problems that pre-fills the workbook's Problem sheet.

Step 1 (the steps layer) will hand this frame over; until then :func:`prioritised_problems` builds it from
the same data step 1 reads (files are read by ``workbook_cli.problems_from_files``): the incident register (the most frequent category x area in the last twelve
months, with the place that has most of them) and the crime statistics (the crime types whose rate stands
out most against the county). Sensitive crime types (sexual crimes, violence in close relationships,
violence against children) are never proposed automatically. The result is a *proposal*: the steering
group decides, and the coordinator can change every cell in the workbook.

Contract (:data:`schema.PROBLEM_FRAME_COLUMNS`): ``nyckel`` (stable key, so a re-run does not add the same
problem twice), ``problem``, ``kategori`` (a value of the workbook's category list), ``omrade``,
``prioritet``, ``underlag`` (which data point at it, publishable), ``motivering`` (internal).
"""
from __future__ import annotations


import pandas as pd

from . import columns as C
from . import fmt, registry
from . import stats as St
from . import text as T
from .workbook.schema import PROBLEM_FRAME_COLUMNS

MIN_CRIMES = 20  # a crime type needs this many crimes in the year to be proposed (stable rate)


def incident_problems(incidents: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` most frequent (category, area) pairs in the last 12 months of the register."""
    if incidents is None or incidents.empty:
        return pd.DataFrame(columns=PROBLEM_FRAME_COLUMNS)
    end = incidents[C.TIDPUNKT].max()
    if end.month == 12 and end.day >= 24:  # the register covers the calendar year: use it
        start, period = end.replace(month=1, day=1, hour=0, minute=0, second=0), str(end.year)
    else:
        start = (end - pd.Timedelta(days=364)).normalize()
        period = f"{fmt.date_sv(start, 'short')}–{fmt.date_sv(end, 'short')}"
    last = incidents[incidents[C.TIDPUNKT] >= start]
    counts = (last.groupby([C.KATEGORI, C.OMRADE]).size().rename("antal").reset_index()
              .sort_values(["antal", C.KATEGORI, C.OMRADE], ascending=[False, True, True]).head(n))
    rows = []
    for _, r in counts.iterrows():
        here = last[(last[C.KATEGORI] == r[C.KATEGORI]) & (last[C.OMRADE] == r[C.OMRADE])]
        top = here[C.PLATS].value_counts().sort_index().sort_values(ascending=False, kind="stable")
        label = C.INCIDENT_KATEGORIER.get(r[C.KATEGORI], r[C.KATEGORI])
        rows.append({
            "nyckel": f"handelser:{r[C.KATEGORI]}:{r[C.OMRADE]}",
            "problem": f"{label} i {r[C.OMRADE]}",
            "kategori": label,
            "omrade": f"{r[C.OMRADE]}, mest vid {top.index[0]}",
            "underlag": (f"Händelserapporter {period}: {fmt.integer(r['antal'])} händelser, varav "
                         f"{fmt.integer(top.iloc[0])} vid {top.index[0]}."),
            "motivering": "Föreslaget utifrån händelserapporterna (vanligast senaste året). Bekräfta i styrgruppen.",
        })
    return pd.DataFrame(rows, columns=[c for c in PROBLEM_FRAME_COLUMNS if c != "prioritet"])


def crime_problems(crime: pd.DataFrame, population: pd.DataFrame, kommunkod: str, n: int = 2,
                   year: int | None = None, notes: list[str] | None = None) -> pd.DataFrame:
    """The ``n`` crime types whose rate is highest relative to the municipality's county (at least
    MIN_CRIMES crimes); empty when the data have no rows for the municipality or its county, or no
    population for them in the year (said in ``notes``)."""
    region = registry.get(kommunkod)
    kod, lan = region.kod, region.lan or C.UPPSALA_LAN
    own = crime[crime[C.KOMMUNKOD] == kod]
    if own.empty or not (crime[C.KOMMUNKOD] == lan).any():
        return pd.DataFrame(columns=PROBLEM_FRAME_COLUMNS)
    year = int(year or own[C.AR].max())
    # the report's comparison (issue 10): the kommun against the rest of the county, with the extra
    # variation between years estimated from every year of the county's kommuner
    county = crime[crime[C.KOMMUNKOD].isin({kod, lan, *registry.kommuner_i_lan(lan)})]
    all_years = St.join_population(county, population)
    est = St.estimate_extra_variation(all_years[all_years[C.FOLKMANGD].notna()])
    joined = all_years[(all_years[C.AR] == year) & all_years[C.FOLKMANGD].notna()]
    if not {kod, lan} <= set(joined[C.KOMMUNKOD]):
        if notes is not None:
            notes.append(f"Folkmängdsfilen saknar folkmängd för {region.namn} eller länet för {year}, så "
                         "brottstyperna kan inte jämföras med länet.")
        return pd.DataFrame(columns=PROBLEM_FRAME_COLUMNS)
    cmp = St.compare_with_region(joined, kod, lan, method="midp", extra_variation=est)
    cmp = cmp[~cmp[C.BROTTSTYP].isin(("totalt",) + C.KANSLIGA_BROTTSTYPER) & (cmp[C.ANTAL] >= MIN_CRIMES)]
    cmp = cmp.assign(kvot=cmp[C.VARDE] / cmp["jamforelsevarde"]).sort_values(["kvot", C.BROTTSTYP],
                                                                             ascending=[False, True]).head(n)
    name = region.namn
    rows = []
    for _, r in cmp.iterrows():
        label = C.BROTTSTYPER[r[C.BROTTSTYP]]
        verdict = T.comparison_label(r["skillnad"]).lower()
        rows.append({
            "nyckel": f"brott:{r[C.BROTTSTYP]}",
            "problem": f"{label} i {name}",
            "kategori": label,
            "omrade": "Hela kommunen",
            "underlag": (f"Anmälda brott {year}: {fmt.integer(r[C.ANTAL])} ({fmt.num(r[C.VARDE])} per 100 000 "
                         f"invånare; länet {fmt.num(r['jamforelsevarde'])}; {verdict})."),
            "motivering": "Föreslaget utifrån brottsstatistiken (högst jämfört med länet). Bekräfta i styrgruppen.",
        })
    return pd.DataFrame(rows, columns=[c for c in PROBLEM_FRAME_COLUMNS if c != "prioritet"])


def prioritised_problems(crime: pd.DataFrame | None, population: pd.DataFrame | None,
                         incidents: pd.DataFrame | None, kommunkod: str, *, n_incident: int = 3,
                         n_crime: int = 2, notes: list[str] | None = None) -> pd.DataFrame:
    """Proposed prioritised problems (incident-based first, then crime types), numbered 1, 2, ..."""
    parts = [incident_problems(incidents, n_incident)]
    if crime is not None and population is not None:
        parts.append(crime_problems(crime, population, kommunkod, n_crime, notes=notes))
    parts = [p for p in parts if not p.empty]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=PROBLEM_FRAME_COLUMNS)
    out["prioritet"] = range(1, len(out) + 1)
    return out[PROBLEM_FRAME_COLUMNS]
