"""Input kinds of the county's reports, registered in the registry of input kinds (:mod:`.kinds`).

* ``ungdomsenkat``    -- school-survey microdata (ANDT), one row per pupil (:mod:`.ungdomsenkat`);
* ``samordnarenkat``  -- the form export of the survey to coordinators and kommunpoliser (:mod:`.samordnarenkat`);
* ``dialog``          -- notes from medborgardialoger and trygghetsvandringar (:mod:`.dialog`);
* ``rapportmanifest`` -- a report folder's ``manifest.json`` (:mod:`.rapportmanifest`).

Each registers its contract with the template parameter that expects it, so messages name the parameter.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import ascii_key
from .kinds import Kind, Sniff, register_contract, register_kind

TABLE = (".csv", ".txt", ".tsv", "", ".xlsx", ".xlsm")


def _detect_youth(s: Sniff) -> int:
    from .ungdomsenkat import UNG_FRAGOR

    h = set(s.header)
    if "arskurs" in h and h & set(UNG_FRAGOR):
        return 35
    return 20 if "arskurs" in h and h & {"skolkommun", "hemkommun"} else 0


def _read_youth(path: Path, opts: dict) -> pd.DataFrame:
    from .ungdomsenkat import read_youth_survey

    return read_youth_survey(path, **{k: opts[k] for k in ("blad",) if opts.get(k) is not None})


def _detect_coordinators(s: Sniff) -> int:
    from .samordnarenkat import _match

    hits = {_match(c) for c in s.header} - {None}
    return 35 if len(hits) >= 2 else (15 if hits else 0)


def _read_coordinators(path: Path, opts: dict) -> pd.DataFrame:
    from .samordnarenkat import read_coordinator_survey

    return read_coordinator_survey(path, **{k: opts[k] for k in ("blad",) if opts.get(k) is not None})


def _detect_dialog(s: Sniff) -> int:
    from .dialog import _FREE

    h = {ascii_key(c) for c in s.header}
    if "datum" not in h:
        return 0
    if "tema" in h and ({"vem", "plats"} & h):
        return 35
    return 20 if (h & set(_FREE)) and ({"vem", "plats", "typ"} & h) and "kategori" not in h else 0


def _read_dialog(path: Path, opts: dict) -> pd.DataFrame:
    from .dialog import read_dialogue_notes

    return read_dialogue_notes(path, **{k: opts[k] for k in ("kommunkod", "blad") if opts.get(k) is not None})


def _detect_manifest(s: Sniff) -> int:
    t = s.text
    return 35 if s.json_start == "{" and '"rapporter"' in t and ('"versioner"' in t or '"mall"' in t) else 0


def _read_manifest(path: Path, opts: dict) -> pd.DataFrame:
    from .rapportmanifest import read_manifest

    return read_manifest(path)


def register() -> None:
    register_contract("ungdomsenkat", "svar från en skolenkät om alkohol, narkotika, tobak och spel, en rad per elev",
                      ("ar", "respondent", "fraga"), param="ungdomsenkat_fil")
    register_contract("samordnarenkat", "svar från enkäten till kommunala samordnare och kommunpoliser "
                      "(export från ett formulärverktyg)", ("respondent", "fraga", "svar"), param="samordnarenkat_fil")
    register_contract("dialog", "anteckningar från medborgardialoger och trygghetsvandringar (datum, plats, tema, "
                      "vem som tog upp det)", ("notering", "tema"), param="dialog_fil")
    register_contract("rapportmanifest", "manifest.json från en mapp med rapporter", ("id",), param="manifest_fil")
    register_kind(Kind("ungdomsenkat", "skolenkät om ANDT (t.ex. Liv och hälsa ung), en rad per elev",
                       {"ungdomsenkat": _read_youth}, _detect_youth, TABLE,
                       anvisning="kolumnerna respondent, ar, skolkommun/hemkommun, arskurs, kon och en kolumn per "
                                 "fråga (alkohol_12man, narkotika_nagon_gang, rokning, snus, spel_pengar …)"),
                  replace=True)
    register_kind(Kind("samordnarenkat", "enkät till samordnare och kommunpoliser (formulärexport)",
                       {"samordnarenkat": _read_coordinators}, _detect_coordinators, TABLE,
                       anvisning="en rad per svar, frågorna som rubriker (export från Forms eller Excel)"), replace=True)
    register_kind(Kind("dialog", "anteckningar från medborgardialoger och trygghetsvandringar",
                       {"dialog": _read_dialog}, _detect_dialog, TABLE,
                       anvisning="kolumnerna datum, kommun, typ, plats, tema, vem och anteckning"), replace=True)
    register_kind(Kind("rapportmanifest", "rapportmappens manifest.json", {"rapportmanifest": _read_manifest},
                       _detect_manifest, (".json", ""), anvisning="skrivs av 'lagesbild kor' i rapportmappen"),
                  replace=True)


register()
