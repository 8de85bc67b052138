"""Practice data (övningsdata) for the county's reports: a school survey on ANDT, the coordinators'
survey and notes from medborgardialoger and trygghetsvandringar, for the kommuner of Uppsala län.

Everything here is **synthetic** and deterministic (same seed -> byte-identical files)::

    python -m lagesbild_methods.synth_lan            # writes data/ovningsdata/{ungdomsenkat,samordnarenkat,dialog}

* ``ungdomsenkat/skolenkat_uppsala_lan_2023.csv``: one row per pupil in the shape of the county's youth
  survey *Liv och hälsa ung* (åk 7, åk 9, gy 2; skolkommun and hemkommun). Cohort per grade is 1.18 % of
  the kommun's population (registry, SCB), response rates 85/80/65 %; shares by grade are plausible
  levels for Swedish school surveys (ours, not measured) with a random kommun effect. Gymnasium pupils
  of the smaller kommuner often go to school in Uppsala or Enköping, so skolkommun and hemkommun differ.
* ``samordnarenkat/samordnarenkat_2025.csv``: a form export (question texts as headers, several choices
  in one cell separated by ';', a column with fictional names and e-mail addresses that the reader drops).
* ``dialog/dialoganteckningar_uppsala_lan.csv``: notes from dialogues and walks in 2024-2025 at places
  around the towns of each kommun (positions from :func:`lagesbild_methods.sources.geo.towns`), half with a
  theme, half only with free text for the reader to code.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import columns as C
from . import paths, registry

DEFAULT_SEED = 20261125
LAN = C.UPPSALA_LAN
OUT = {"ungdomsenkat": "ungdomsenkat/skolenkat_uppsala_lan_2023.csv",
       "samordnarenkat": "samordnarenkat/samordnarenkat_2025.csv",
       "dialog": "dialog/dialoganteckningar_uppsala_lan.csv"}
LABEL = "Övningsdata (syntetiska)"

# share answering yes (or daily/sometimes) by grade: åk 7, åk 9, gy 2
BASE = {"alkohol_12man": (0.10, 0.38, 0.66), "narkotika_nagon_gang": (0.012, 0.05, 0.14),
        "rokning": (0.03, 0.10, 0.17), "snus": (0.02, 0.09, 0.17), "e_cigarett": (0.05, 0.17, 0.22),
        "spel_pengar": (0.14, 0.20, 0.28)}
BERUSAD_GIVEN_ALKOHOL = (0.15, 0.30, 0.40)
NARKOTIKA_30D_GIVEN_EVER = 0.35
GRADES = ("åk 7", "åk 9", "gy 2")
RESPONSE = (0.85, 0.80, 0.65)
COHORT_SHARE = 0.0118


def default_path(kind: str) -> Path:
    """The bundled practice file of a county input kind ('ungdomsenkat', 'samordnarenkat', 'dialog')."""
    return paths.SYNTH_DIR / OUT[kind]


def _rng(seed: int, stream: int, kod: str = "0") -> np.random.Generator:
    return np.random.default_rng([seed, stream, int(kod)])


def _logit(p):
    return np.log(p / (1 - p))


def _expit(x):
    return 1 / (1 + np.exp(-x))


# ------------------------------------------------------------------------------------------ youth survey
def youth_survey(seed: int = DEFAULT_SEED, year: int = 2023) -> pd.DataFrame:
    """One row per pupil for every kommun of Uppsala län (wide, as delivered)."""
    rows = []
    for kod in registry.kommuner_i_lan(LAN):
        rng = _rng(seed, 21, kod)
        effect = {q: rng.normal(0, 0.25) for q in BASE}
        pop = registry.get(kod).storlek
        for g, grade in enumerate(GRADES):
            n = rng.binomial(int(round(pop * COHORT_SHARE)), RESPONSE[g])
            kon = rng.choice(["Flicka", "Pojke", "Vill inte svara"], size=n, p=[0.49, 0.49, 0.02])
            school = np.full(n, kod, dtype=object)
            if grade == "gy 2" and kod not in ("0380", "0381"):
                u = rng.random(n)
                school[u < 0.45] = "0380"
                school[(u >= 0.45) & (u < 0.55)] = "0381"
            cols = {}
            for q, base in BASE.items():
                p = _expit(_logit(base[g]) + effect[q] + np.where(kon == "Pojke", 0.1, -0.1))
                yes = rng.random(n) < p
                if q in ("rokning", "snus", "e_cigarett"):
                    daily = rng.random(n) < 0.35
                    cols[q] = np.where(yes, np.where(daily, "Dagligen", "Ibland"), "Nej")
                else:
                    cols[q] = np.where(yes, "Ja", "Nej")
            drunk = (cols["alkohol_12man"] == "Ja") & (rng.random(n) < BERUSAD_GIVEN_ALKOHOL[g])
            cols["berusad_30d"] = np.where(drunk, "Ja", "Nej")
            recent = (cols["narkotika_nagon_gang"] == "Ja") & (rng.random(n) < NARKOTIKA_30D_GIVEN_EVER)
            cols["narkotika_30d"] = np.where(recent, "Ja", "Nej")
            for q in cols:  # some skip a question or do not want to answer
                u = rng.random(n)
                cols[q] = np.where(u < 0.02, "", np.where(u < 0.03, "Vill inte svara", cols[q]))
            for i in range(n):
                rows.append({"respondent": f"{kod}-{year % 100}-{grade[-1]}{len(rows) + 1:05d}", "ar": year,
                             "skolkommun": school[i], "hemkommun": kod, "arskurs": grade, "kon": kon[i],
                             **{q: cols[q][i] for q in ("alkohol_12man", "berusad_30d", "narkotika_nagon_gang",
                                                        "narkotika_30d", "rokning", "snus", "e_cigarett",
                                                        "spel_pengar")}})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------ coordinators
_FREE_NEEDS = (
    "Vi behöver hjälp att ta fram statistik på områdesnivå och att tolka små tal.",
    "Svårt att hinna med orsaksanalyser när tjänsten är på halvtid.",
    "Stöd i hur vi följer upp medborgarlöftet och mäter effekt.",
    "Mer erfarenhetsutbyte i nätverket och goda exempel från andra små kommuner.",
    "Samverkan med polisen fungerar bra men vi saknar en gemensam lägesbild.",
    "Utbildning i medborgardialog och trygghetsvandringar.",
    "Vi har för få brott för att se trender; hur gör mindre kommuner?",
    "",
)


def coordinator_survey(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """A form export with one row per respondent: a coordinator per kommun and the kommunpoliser."""
    from .sources.samordnarenkat import FRAGA_BY_KOD

    rng = _rng(seed, 22)
    q = FRAGA_BY_KOD
    rows = []
    kommuner = registry.kommuner_i_lan(LAN)
    people = [(k, "Kommunal samordnare") for k in kommuner] + \
             [(k, "Kommunpolis") for k in kommuner if rng.random() < 0.8] + [(kommuner[-1], "Chef")]
    for i, (kod, roll) in enumerate(people, start=1):
        row = {"Tidstämpel": f"2025-04-{3 + i % 20:02d} {9 + i % 7:02d}:{(7 * i) % 60:02d}:00",
               "E-postadress": f"person{i}@example.com", "Namn": f"Påhittad Person {i}",
               "Kommun": registry.get(kod).namn, "Roll": roll}
        for code, f in q.items():
            if f.typ == "val":
                p = {"lagesbild_finns": [0.75, 0.2, 0.05], "lagesbild_hur_ofta": [0.05, 0.1, 0.35, 0.35, 0.1, 0.05],
                     "gemensam_lagesbild": [0.5, 0.35, 0.15], "orsaksanalys": [0.5, 0.4, 0.1],
                     "deltagit_utbildning": [0.7, 0.3]}[code]
                row[f.text] = f.alternativ[rng.choice(len(f.alternativ), p=p)]
            elif f.typ == "flerval":
                chosen = [o for o in f.alternativ if rng.random() < 0.4]
                row[f.text] = ";".join(chosen) + (";" if chosen else "")
            else:
                row[f.text] = _FREE_NEEDS[rng.integers(len(_FREE_NEEDS))] if code == "behov_fritext" else ""
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------ dialogue notes
_NOTES = {
    "Belysning och fysisk miljö": ("Mörkt på gångvägen, flera lampor är trasiga.", "Buskagen skymmer insynen."),
    "Ungdomar som samlas och stör": ("Ungdomar samlas på kvällarna och det blir stök.",),
    "Narkotika": ("Oro för langning av narkotika bakom skolan.",),
    "Trafik och buskörning": ("Mopeder och A-traktorer buskör på gång- och cykelvägen.",),
    "Skadegörelse och klotter": ("Mycket klotter och krossade rutor i busskuren.",),
    "Inbrott och stöld": ("Flera cykelstölder vid stationen.",),
    "Nedskräpning": ("Nedskräpning och krossat glas i parken.",),
    "Närvaro av polis och vuxna": ("Önskar fler vuxna ute på kvällar och helger, gärna nattvandrare.",),
    "Otrygghet i allmänhet": ("Många känner sig otrygga och undviker platsen sent på kvällen.",),
}
_PLACES = ("Resecentrum", "Centrum", "Gångtunneln vid stationen", "Parken", "Skolgården", "Idrottsplatsen")
_WHO = ("Boende", "Unga", "Äldre", "Föräldrar", "Näringsidkare", "Fastighetsägare", "Kommunens personal")


def dialogue_notes(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Notes from 2-4 dialogues or walks per kommun in 2024-2025 (one row per point raised)."""
    from .sources.geo import towns

    rows = []
    themes = list(_NOTES)
    for kod in registry.kommuner_i_lan(LAN):
        rng = _rng(seed, 23, kod)
        tw = towns(kod)
        for e in range(int(rng.integers(2, 5))):
            kind = "Trygghetsvandring" if e % 2 else "Medborgardialog"
            day = pd.Timestamp("2024-03-01") + pd.Timedelta(days=int(rng.integers(0, 600)))
            town = tw[int(rng.integers(len(tw)))] if tw else None
            for _ in range(int(rng.integers(3, 8))):
                theme = themes[int(rng.choice(len(themes), p=np.array([3, 3, 1, 2, 2, 1, 1, 2, 2]) / 17))]
                place = _PLACES[int(rng.integers(len(_PLACES)))]
                given = rng.random() < 0.5
                rows.append({
                    "Datum": day.strftime("%Y-%m-%d"), "Kommun": registry.get(kod).namn, "Typ": kind,
                    "Plats": f"{place} i {town.namn}" if town else place, "Område": town.namn if town else "",
                    "x": int(round(town.e + rng.normal(0, 350))) if town else "",
                    "y": int(round(town.n + rng.normal(0, 350))) if town else "",
                    "Tema": theme if given else "", "Vem": _WHO[int(rng.integers(len(_WHO)))],
                    "Anteckning": _NOTES[theme][int(rng.integers(len(_NOTES[theme])))],
                    "Antecknat av": "Trygghetssamordnaren" if e % 2 else "Kommunpolisen"})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------ writing
def _write(path: Path, frame: pd.DataFrame) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = frame.to_csv(sep=";", index=False, lineterminator="\n")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return path


def generate_all(out_dir: Path = paths.SYNTH_DIR, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write the three practice files under ``out_dir``; returns {kind: path}."""
    out_dir = Path(out_dir)
    return {"ungdomsenkat": _write(out_dir / OUT["ungdomsenkat"], youth_survey(seed)),
            "samordnarenkat": _write(out_dir / OUT["samordnarenkat"], coordinator_survey(seed)),
            "dialog": _write(out_dir / OUT["dialog"], dialogue_notes(seed))}


if __name__ == "__main__":  # pragma: no cover
    for k, p in generate_all().items():
        print(f"{k}: {p}")
