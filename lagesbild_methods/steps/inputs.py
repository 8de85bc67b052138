"""The one input loader of the steps layer: every ``*_fil`` parameter of a template is read here.

:func:`load_inputs` goes through the template's spec: an empty value means the bundled övningsdata
(``Param.bundled``) or "leave this part out"; a given file must exist; every file is read with
:func:`lagesbild_methods.sources.read` as the input kind the spec names (``Param.kind``), so detection,
validation and Swedish messages naming the notebook parameter are the sources layer's. The notes a reader
attaches (e.g. "Brå's file has only the total") are collected for the report. Two steps-level additions:
the county is added as the sum of its kommuner when a file lacks it, and the last complete day of an
incident register is settled (parameter ``handelser_till``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import columns as C
from .. import fmt, registry
from .. import inputs as _paths
from ..errors import ParameterError
from .spec import Spec

#: Values of an optional ``*_fil`` parameter that leave the part out (no survey, no incidents).
LEAVE_OUT = _paths.LEAVE_OUT
#: What the report says when an optional input is left out (contract -> note).
MISSING_NOTES = {
    "handelser": "Inga händelsedata (EST) angavs; avsnitten om när och var saknas.",
    "enkat": "Ingen trygghetsmätning angavs; avsnittet om trygghet saknas.",
    "arbetsbok": "Ingen arbetsbok angavs; skapa en med kommandot lagesbild arbetsbok och ange den i parametern "
                 "arbetsbok_fil.",
}


@dataclass
class Inputs:
    data: dict[str, pd.DataFrame | None] = field(default_factory=dict)  # contract -> frame (None = left out)
    files: dict[str, Path] = field(default_factory=dict)  # parameter -> file read
    notes: list[tuple[str, str]] = field(default_factory=list)  # (parameter, note) in reading order
    coverage: pd.Timestamp | None = None


#: Inputs that are the same file for every report of a batch (county and national tables, population):
#: parsed once per worker process, keyed by file content (:mod:`lagesbild_methods.cache`).
SHARED_KINDS = frozenset({"brott", "folkmangd"})


def _read_source(path, **kwargs) -> pd.DataFrame:
    from .. import sources

    return sources.read(path, **kwargs)


def read_input(path: Path, kind: str, param: str, **options) -> pd.DataFrame:
    """Read one input file (or list/folder/glob) as contract ``kind``; messages name ``param``.

    The single place the steps layer reads data (through the sources layer's registry of input kinds).
    A shared input (:data:`SHARED_KINDS`, a single file) comes from the per-process content-keyed cache:
    each caller gets its own copy, so no report can change what the next one reads.
    """
    if kind in SHARED_KINDS and isinstance(path, Path) and path.is_file():
        from .. import cache

        return cache.read_cached(path, _read_source, kind=kind, expect=kind, param=param, **options)
    return _read_source(path, expect=kind, param=param, **options)


def load_inputs(spec: Spec, params: dict, area, notes: list[str] | None = None) -> Inputs:
    """Resolve and read every file parameter of ``spec`` for ``area``; return data, files and notes."""
    out = Inputs()
    kod = area.kod if area.typ == "kommun" else None
    options: dict[str, dict] = {}
    # a category mapping is an option of the incident reader: read it first
    for p in sorted((p for p in spec.params if p.kind), key=lambda p: p.kind != "kategorimappning"):
        value = params.get(p.name, "")
        if isinstance(value, str) and value.strip().lower() in LEAVE_OUT and p.kind in MISSING_NOTES:
            out.data[p.kind] = None  # "ingen": leave this part out even where övningsdata exist
            out.notes.append((p.name, MISSING_NOTES[p.kind]))
            continue
        if value in ("", None) and not p.bundled:
            if p.kind in MISSING_NOTES:
                out.data[p.kind] = None
                out.notes.append((p.name, MISSING_NOTES[p.kind]))
            continue
        path = _paths.resolve(p.name, value, area.kod)
        if not _exists(path):
            if value in ("", None):  # bundled file absent (no övningsdata for this area)
                out.data[p.kind] = None
                if p.kind in MISSING_NOTES:
                    out.notes.append((p.name, MISSING_NOTES[p.kind]))
                continue
            raise ParameterError(f"{p.noun or 'Filen'} finns inte: {path}")
        if p.kind == "arbetsbok":  # steps 2-5 need every sheet, findings and links, not the registry's chain
            from ..sources.workbook import read_workbook

            out.data[p.kind] = read_workbook(path)
            out.files[p.name] = path
            continue
        opts = dict(options.get(p.kind, {}))
        if p.kind in ("handelser", "enkat"):  # the area's own rows
            opts["kommunkod"] = kod
        df = read_input(path if path.exists() else str(path), p.kind, p.name, **opts)
        out.files[p.name] = path
        for text in list(df.attrs.get("anteckningar", [])) + list(df.attrs.get("varningar", [])):
            out.notes.append((p.name, text))
        if p.kind == "kategorimappning":  # the mapping is an option of the incident reader
            options.setdefault("handelser", {})["kategori_mappning"] = dict(zip(df["lokal_kategori"], df[C.KATEGORI]))
            continue
        if p.kind == "brott":
            df = add_county_sum(df, area.lan or area.kod, out.notes, p.name)
        out.data[p.kind] = df
    incidents = out.data.get("handelser")
    if incidents is not None:
        out.coverage = coverage_end(incidents, params.get("handelser_till", ""), out.notes)
    if notes is not None:
        notes.extend(n for _p, n in out.notes)
    return out


def _exists(path: Path) -> bool:
    text = str(path)
    return path.exists() or any(ch in text for ch in "*?[")


def add_county_sum(crime: pd.DataFrame, lan: str | None, notes: list, param: str = "brott_fil") -> pd.DataFrame:
    """If the county rows are missing but all its kommuner are there, add their sum as the county."""
    if lan is None or lan not in registry.LAN or (crime[C.KOMMUNKOD] == lan).any():
        return crime
    members = registry.kommuner_i_lan(lan)
    k = crime[crime[C.KOMMUNKOD].isin(members)]
    complete = k.groupby([C.AR, C.BROTTSTYP])[C.KOMMUNKOD].nunique() == len(members)
    if not complete.any():
        return crime
    keys = complete[complete].index
    sums = (k.set_index([C.AR, C.BROTTSTYP]).loc[keys].groupby(level=[0, 1])[C.ANTAL]
            .sum(min_count=len(members)).reset_index())
    sums[C.KOMMUNKOD] = lan
    from .. import text as T  # imported here: the runner plans batches with this module, without statistics

    sums[C.KALLA] = f"Summa av {T.members_phrase(len(members))}"
    notes.append((param, f"{registry.get(lan).namn} har räknats som summan av {T.members_phrase(len(members))}."))
    out = pd.concat([crime, sums[crime.columns]], ignore_index=True)
    out.attrs = dict(crime.attrs)
    return out


def coverage_end(incidents: pd.DataFrame, handelser_till: str, notes: list) -> pd.Timestamp | None:
    """The last day the incident register is complete for.

    Given explicitly (``handelser_till``, a date), or else the day of the last incident -- extended to
    the end of that month when the last incident falls in the month's last week (registers are usually
    exported per month). The choice is announced in the report.
    """
    if incidents.empty or incidents[C.TIDPUNKT].isna().all():
        return None
    if handelser_till:
        try:
            end = pd.Timestamp(str(handelser_till)).normalize()
        except ValueError:
            raise ParameterError(f"handelser_till ska vara ett datum som 2025-12-31, fick '{handelser_till}'.") from None
        notes.append(("handelser_till", f"Händelsedata antas vara fullständiga till och med {fmt.date_sv(end)} "
                                        "(parametern handelser_till)."))
        return end
    last = incidents[C.TIDPUNKT].max().tz_convert("Europe/Stockholm").tz_localize(None).normalize()
    month_end = last + pd.offsets.MonthEnd(0)
    end = month_end if (month_end - last).days < 7 else last
    notes.append(("handelser_till", f"Händelsedata antas vara fullständiga till och med {fmt.date_sv(end)}; ange "
                                    "parametern handelser_till om registret tar slut ett annat datum."))
    return end
