"""The synthetic EST-style incident register of the practice data.

Part of :mod:`lagesbild_methods.synth` (see its docstring for the calibration and sources)."""
from __future__ import annotations

import csv  # noqa: F401
import io  # noqa: F401
import os  # noqa: F401
import tempfile  # noqa: F401
from dataclasses import dataclass  # noqa: F401
from pathlib import Path  # noqa: F401

import numpy as np  # noqa: F401
import pandas as pd  # noqa: F401

from .. import columns as C  # noqa: F401
from .. import paths, registry  # noqa: F401
from .crime import *  # noqa: F401,F403
from .places import *  # noqa: F401,F403

__all__ = [
    "INCIDENT_SHARES",
    "_CATS",
    "_HOURS",
    "_HOUR_PROFILE",
    "_NIGHTLIFE",
    "_DOW",
    "_MONTH",
    "_CAT_MONTH",
    "_SPECIAL",
    "_AFFINITY",
    "ORGANISATIONS",
    "_ORG_PROBS",
    "_SEVERITY_PROBS",
    "_POLICE_P",
    "_ATGARD",
    "_FRITEXT",
    "_FAKE_FIRST",
    "_FAKE_LAST",
    "expected_incidents_per_year",
    "_day_table",
    "_choice_by_cdf",
    "generate_incidents",
    "_localize",
]

# ================================================================================================
# Incident register (EST style)
# ================================================================================================
INCIDENT_SHARES: dict[str, float] = {
    "skadegorelse": 0.14, "klotter": 0.16, "nedskrapning": 0.12, "otrygg_plats": 0.05,
    "storande_samling": 0.14, "narkotika": 0.05, "vald": 0.05, "inbrott_stold": 0.11,
    "buskorning": 0.08, "brand": 0.04, "incident_anstalld": 0.03, "ovrigt": 0.03,
}
_CATS = list(INCIDENT_SHARES)

# Hour-of-day profiles (relative weights for hours 0..23).
_HOURS = {
    "kvall": [3, 2, 1.2, .6, .3, .2, .3, .5, .7, .8, .9, 1, 1.1, 1.2, 1.5, 2, 2.6, 3.2, 4, 5, 6, 6.5, 6, 4.5],
    "helgnatt": [6, 5.5, 4, 2.5, 1, .4, .3, .3, .4, .6, .8, 1, 1.1, 1.2, 1.4, 1.8, 2.3, 3, 3.8, 4.8, 6, 7, 7.5, 7],
    "morgon": [.2, .1, .1, .1, .2, .6, 3, 6, 7, 6, 4.5, 3.5, 3, 2.6, 2.2, 2, 1.6, 1.2, .9, .7, .5, .4, .3, .2],
    "dag": [.1, .1, .1, .1, .1, .2, .5, 2, 4, 5, 5, 4.5, 4, 4.5, 4.5, 4, 3, 2, 1.2, .8, .5, .4, .2, .1],
    "natt": [4, 4, 3.5, 3, 2, 1, .8, 1.5, 2, 1.5, 1, 1, 1, 1, 1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 4.5],
    "brand": [2, 1.5, 1, .6, .4, .3, .3, .5, .8, 1, 1.2, 1.4, 1.5, 1.6, 1.8, 2.2, 2.8, 3.4, 4, 4.5, 4.8, 4.5, 3.8, 2.8],
    "fonster": [.5, .3, .2, .2, .2, .2, .3, .4, .6, .8, 1, 1, 1, 1.2, 1.5, 2.5, 4, 5, 5, 4.5, 3.5, 2.5, 1.5, .8],
}
_HOUR_PROFILE = {"skadegorelse": "kvall", "klotter": "morgon", "nedskrapning": "morgon", "otrygg_plats": "kvall",
                 "storande_samling": "kvall", "narkotika": "kvall", "vald": "kvall", "inbrott_stold": "natt",
                 "buskorning": "kvall", "brand": "brand", "incident_anstalld": "dag", "ovrigt": "dag"}
_NIGHTLIFE = {"storande_samling", "vald", "skadegorelse", "narkotika", "otrygg_plats"}

# Weekday factors Mon..Sun.
_DOW = {
    "kvall": [0.8, 0.8, 0.85, 0.9, 1.35, 1.6, 1.0],
    "morgon": [1.6, 1.1, 1.0, 1.0, 1.0, 0.6, 0.7],
    "dag": [1.2, 1.2, 1.2, 1.2, 1.1, 0.3, 0.2],
    "natt": [1.0, 0.9, 0.9, 0.9, 1.1, 1.2, 1.0],
    "brand": [0.9, 0.9, 0.9, 0.95, 1.1, 1.3, 1.0],
}
# Month factors Jan..Dec.
_MONTH = {
    "summer": [0.55, 0.55, 0.7, 0.9, 1.2, 1.45, 1.5, 1.45, 1.1, 0.9, 0.7, 0.65],  # disorder, litter, mopeds
    "flat": [1.0, 0.95, 1.0, 1.0, 1.0, 0.95, 0.8, 0.9, 1.05, 1.1, 1.1, 1.0],
    "dark": [1.35, 1.25, 1.0, 0.8, 0.6, 0.5, 0.55, 0.7, 0.9, 1.2, 1.4, 1.45],  # dark season
    "autumn": [0.9, 0.85, 0.95, 1.0, 1.05, 1.0, 0.85, 1.0, 1.15, 1.15, 1.05, 1.0],
    "brand": [0.9, 0.7, 0.8, 1.2, 1.3, 1.2, 1.0, 1.0, 0.8, 0.8, 0.8, 1.5],
}
_CAT_MONTH = {"skadegorelse": "autumn", "klotter": "autumn", "nedskrapning": "summer", "otrygg_plats": "dark",
              "storande_samling": "summer", "narkotika": "summer", "vald": "summer", "inbrott_stold": "dark",
              "buskorning": "summer", "brand": "brand", "incident_anstalld": "flat", "ovrigt": "flat"}
# Special days: (month, day or None for midsommarafton, category multipliers).
_SPECIAL = {
    "valborg": {"storande_samling": 10.0, "nedskrapning": 3.0, "vald": 4.0, "skadegorelse": 3.0, "brand": 4.0,
                "narkotika": 2.0, "ovrigt": 2.0},
    "forsta_maj": {"nedskrapning": 5.0, "skadegorelse": 1.5},
    "midsommar": {"storande_samling": 4.0, "vald": 3.0, "nedskrapning": 2.5, "buskorning": 2.0},
    "skolavslutning": {"storande_samling": 3.0, "vald": 1.8, "nedskrapning": 1.8},
    "nyarsafton": {"brand": 5.0, "skadegorelse": 3.0, "storande_samling": 2.0, "vald": 2.0},
    "nyarsdagen": {"nedskrapning": 3.0, "skadegorelse": 2.0},
}
# Place-type affinities (weight multipliers) per category; missing = 1, listed types only where they differ.
_AFFINITY: dict[str, dict[str, float]] = {
    "skadegorelse": {"skola": 2.0, "station": 1.5, "tunnel": 1.5, "natur": 0.3, "bad": 0.5},
    "klotter": {"tunnel": 4.0, "station": 2.0, "skola": 1.8, "park": 1.5, "natur": 0.2, "bad": 0.3},
    "nedskrapning": {"atervinning": 6.0, "park": 2.5, "bad": 3.0, "torg": 1.5, "natur": 1.5, "bostad": 0.6},
    "otrygg_plats": {"tunnel": 6.0, "park": 3.0, "station": 1.8, "skola": 0.4, "bostad": 0.8},
    "storande_samling": {"station": 3.0, "torg": 2.5, "fritidsgard": 2.5, "skola": 1.5, "handel": 1.5, "bad": 1.5},
    "narkotika": {"station": 2.5, "park": 2.5, "skola": 1.2, "torg": 1.2, "idrott": 0.5},
    "vald": {"station": 2.5, "torg": 2.5, "skola": 1.3, "bostad": 1.0, "natur": 0.2},
    "inbrott_stold": {"bostad": 4.0, "skola": 1.5, "handel": 1.5, "idrott": 1.2, "station": 0.8, "tunnel": 0.1},
    "buskorning": {"handel": 3.5, "torg": 2.0, "natur": 4.0, "idrott": 2.0, "skola": 1.2, "tunnel": 0.3},
    "brand": {"atervinning": 4.0, "skola": 1.5, "natur": 2.5, "park": 1.5, "bostad": 1.2},
    "incident_anstalld": {"skola": 5.0, "offentlig": 4.0, "fritidsgard": 3.0, "station": 1.5, "bostad": 0.2,
                          "natur": 0.05, "bad": 0.1},
    "ovrigt": {},
}
ORGANISATIONS = ("Kommunen", "Polisen", "Fastighetsbolaget", "Bevakningsbolag", "Räddningstjänsten")
_ORG_PROBS = {
    "skadegorelse": [.45, .15, .30, .10, 0], "klotter": [.60, .02, .33, .05, 0],
    "nedskrapning": [.80, 0, .17, .03, 0], "otrygg_plats": [.60, .15, .15, .10, 0],
    "storande_samling": [.30, .35, .10, .25, 0], "narkotika": [.20, .60, .10, .10, 0],
    "vald": [.15, .70, .05, .10, 0], "inbrott_stold": [.30, .35, .30, .05, 0],
    "buskorning": [.40, .45, .10, .05, 0], "brand": [.10, .10, .10, .05, .65],
    "incident_anstalld": [.85, .10, .03, .02, 0], "ovrigt": [.55, .15, .15, .10, .05],
}
_SEVERITY_PROBS = {  # P(1), P(2), P(3)
    "skadegorelse": [.45, .45, .10], "klotter": [.70, .27, .03], "nedskrapning": [.80, .18, .02],
    "otrygg_plats": [.50, .42, .08], "storande_samling": [.40, .45, .15], "narkotika": [.20, .55, .25],
    "vald": [.05, .45, .50], "inbrott_stold": [.20, .55, .25], "buskorning": [.45, .45, .10],
    "brand": [.25, .45, .30], "incident_anstalld": [.20, .55, .25], "ovrigt": [.70, .27, .03],
}
_POLICE_P = {"skadegorelse": .35, "klotter": .12, "nedskrapning": .01, "otrygg_plats": .03,
             "storande_samling": .15, "narkotika": .50, "vald": .65, "inbrott_stold": .80, "buskorning": .12,
             "brand": .30, "incident_anstalld": .35, "ovrigt": .05}
_ATGARD = {
    "skadegorelse": ["Skadan åtgärdad", "Reparation beställd", "Ökad tillsyn kvällstid"],
    "klotter": ["Klotter sanerat", "Sanering beställd", "Sanerat inom 24 timmar"],
    "nedskrapning": ["Städning utförd", "Extra tömning av papperskorgar", "Fler papperskorgar beställda"],
    "otrygg_plats": ["Belysning felanmäld", "Buskage beskuret", "Trygghetsvandring planerad"],
    "storande_samling": ["Fältgruppen informerad", "Ökad vuxennärvaro", "Polisen patrullerade platsen"],
    "narkotika": ["Information till polisen", "Fältgruppen informerad", "Ökad kontroll av platsen"],
    "vald": ["Polisanmälan upprättad", "Stödsamtal erbjudet", "Information till skolan"],
    "inbrott_stold": ["Polisanmälan upprättad", "Lås bytt", "Larm installerat"],
    "buskorning": ["Polisen informerad", "Hastighetsdämpande åtgärd föreslagen", "Samtal med vårdnadshavare"],
    "brand": ["Räddningstjänsten släckte", "Container flyttad", "Brandskyddskontroll"],
    "incident_anstalld": ["Arbetsmiljöanmälan gjord", "Samtal med chef", "Rutin för ensamarbete ses över"],
    "ovrigt": ["Noterat", "Vidarebefordrat", "Uppföljning nästa vecka"],
}
_FRITEXT = {
    "skadegorelse": ["Krossad ruta", "Sönderslagen bänk", "Vandalisering av busskur"],
    "klotter": ["Nytt klotter på vägg", "Taggar på el-skåp", "Klotter på lekutrustning"],
    "nedskrapning": ["Mycket skräp och glas", "Fulla papperskorgar och skräp", "Dumpade sopsäckar"],
    "otrygg_plats": ["Trasig belysning, mörkt", "Boende upplever platsen som otrygg", "Igenvuxen gångväg"],
    "storande_samling": ["Grupp ungdomar, hög musik", "Stökigt gäng, skrik och bråk", "Samling med alkohol"],
    "narkotika": ["Misstänkt langning", "Cannabislukt och överlämningar", "Sprutor hittade"],
    "vald": ["Slagsmål mellan två personer", "Hot mot förbipasserande", "Person misshandlad"],
    "inbrott_stold": ["Inbrott i förråd", "Cykelstöld", "Inbrott, dörr uppbruten"],
    "buskorning": ["Mopeder i hög fart", "A-traktorer kör runt", "Buskörning på gångväg"],
    "brand": ["Brand i papperskorg", "Anlagd brand i container", "Gräsbrand"],
    "incident_anstalld": ["Personal hotad", "Personal utsatt för glåpord", "Väktare knuffad"],
    "ovrigt": ["Övergivet fordon", "Lösspringande hund", "Oklar händelse"],
}
# Obviously fictitious contact details (to prove that free text never reaches a report). Phone numbers
# are in the range 070-174 06 05 - 070-174 06 99 that PTS reserves for use in fiction.
_FAKE_FIRST = ["Anna", "Erik", "Maria", "Johan", "Sara", "Lars", "Fatima", "Ali", "Karin", "Mikael", "Elin",
               "Ahmed", "Lina", "Oskar"]
_FAKE_LAST = ["Exempelsson", "Testberg", "Påhittsson", "Fiktivsdotter", "Provqvist", "Övningsson"]


def expected_incidents_per_year(kommunkod: str) -> float:
    """Expected register size per year: 0.23 x population^0.75 (sub-linear; ~220 for Älvkarleby,
    ~2 600 for Uppsala). An invented scale: a few hundred for small kommuner, a few thousand for Uppsala."""
    reg = registry.get(kommunkod)
    size = PROFILES[reg.kod].size if reg.kod in PROFILES else reg.population(2025)
    return 0.23 * float(size) ** 0.75


def _day_table() -> pd.DataFrame:
    days = pd.date_range(f"{INCIDENT_YEARS[0]}-01-01", f"{INCIDENT_YEARS[-1]}-12-31", freq="D")
    t = pd.DataFrame({"datum": days})
    t["ar"] = days.year
    t["manad"] = days.month
    t["veckodag"] = days.day_of_week
    t["special"] = ""
    md = days.strftime("%m-%d")
    t.loc[md == "04-30", "special"] = "valborg"
    t.loc[md == "05-01", "special"] = "forsta_maj"
    t.loc[md == "12-31", "special"] = "nyarsafton"
    t.loc[md == "01-01", "special"] = "nyarsdagen"
    midsommar = (days.month == 6) & (days.day >= 19) & (days.day <= 25) & (days.day_of_week == 4)
    t.loc[midsommar, "special"] = "midsommar"
    # last school day: the Friday one week before midsommarafton (approximate)
    t.loc[pd.Series(midsommar).shift(-7, fill_value=False).to_numpy(), "special"] = "skolavslutning"
    # school term (approximate Uppsala län): no summer holiday, Christmas, sportlov (v. 9),
    # påsklov (v. 14 or 15, here 14), höstlov (v. 44), and no weekends
    week = days.isocalendar().week.to_numpy()
    doy = days.day_of_year
    skolavslut_doy = pd.Series(doy[t["special"].to_numpy() == "skolavslutning"],
                               index=t.loc[t["special"] == "skolavslutning", "ar"]).to_dict()
    summer = (doy > t["ar"].map(skolavslut_doy).to_numpy()) & ((days.month < 8) | ((days.month == 8) & (days.day < 19)))
    christmas = ((days.month == 12) & (days.day >= 21)) | ((days.month == 1) & (days.day <= 7))
    t["termin"] = ~(summer | christmas | np.isin(week, [9, 14, 44]) | (days.day_of_week >= 5))
    return t


def _choice_by_cdf(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Vectorised categorical draw: ``rows[i]`` selects the probability row used for draw i."""
    cdf = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(rows))
    return np.minimum((cdf[rows] < u[:, None]).sum(axis=1), probs.shape[1] - 1)


def generate_incidents(kommunkod: str, rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic EST-style incident register 2023-2025 for one kommun (``columns.INCIDENT_COLUMNS``).

    Method: daily counts per category are Poisson with intensity = yearly size
    (:func:`expected_incidents_per_year`, with a small kommun-specific trend) x category share x month
    factor x weekday factor x special-day factor (Valborg, 1 maj, midsommarafton, skolavslutning, nyår).
    Hours come from category profiles (evening and weekend-night profiles for disorder); places from
    :func:`places` with category/place-type affinities (school places mostly on term days); coordinates
    are the place centre plus normal jitter, rounded to whole metres. A share of break-ins has a
    from-to window (``tidpunkt_till``). Times falling in the DST gap/overlap hour are moved one hour on, so
    every local time is unambiguous. ``tidpunkt`` is tz-aware Europe/Stockholm; ``kategori`` is the package
    code (the file writer writes the Swedish label); ``fritext`` is synthetic and may contain fake names
    and phone numbers.
    """
    reg = registry.get(kommunkod)
    days = _day_table()
    n_year = expected_incidents_per_year(reg.kod)
    trend = rng.normal(0.0, 0.06)  # log change per year
    year_size = n_year * np.exp(trend * (days["ar"].to_numpy() - 2024))
    lam = np.empty((len(days), len(_CATS)))
    for j, c in enumerate(_CATS):
        m = np.array(_MONTH[_CAT_MONTH[c]])[days["manad"].to_numpy() - 1]
        d = np.array(_DOW[_HOUR_PROFILE[c]])[days["veckodag"].to_numpy()]
        s = days["special"].map(lambda k, c=c: _SPECIAL.get(k, {}).get(c, 1.0)).to_numpy(dtype=float)
        raw = m * d * s
        # normalise within each year so the category's yearly expectation is share x yearly size
        norm = pd.Series(raw).groupby(days["ar"].to_numpy()).transform("mean").to_numpy() * 365.25
        lam[:, j] = INCIDENT_SHARES[c] * year_size * raw / norm
    counts = rng.poisson(lam)
    day_idx, cat_idx = np.nonzero(counts)
    reps = counts[day_idx, cat_idx]
    day_idx = np.repeat(day_idx, reps)
    cat_idx = np.repeat(cat_idx, reps)
    n = len(day_idx)
    cats = np.array(_CATS)[cat_idx]
    dow = days["veckodag"].to_numpy()[day_idx]

    # --- hour of day ---
    prof_names = list(_HOURS)
    hour_probs = np.array([_HOURS[p] for p in prof_names], dtype=float)
    prof = np.array([prof_names.index(_HOUR_PROFILE[c]) for c in _CATS])[cat_idx]
    weekend_night = np.isin(cats, list(_NIGHTLIFE)) & np.isin(dow, [4, 5])
    prof = np.where(weekend_night, prof_names.index("helgnatt"), prof)
    window = (cats == "inbrott_stold") & (rng.random(n) < 0.45)
    prof = np.where(window, prof_names.index("fonster"), prof)
    hour = _choice_by_cdf(rng, hour_probs, prof)
    minute = rng.integers(0, 60, n)
    start = (days["datum"].to_numpy()[day_idx] + hour.astype("timedelta64[h]")
             + minute.astype("timedelta64[m]"))
    # window length: overnight (8-16 h) or, from a Friday, over the weekend (55-65 h)
    dur_h = np.where(dow == 4, rng.uniform(55, 65, n), rng.uniform(8, 16, n))
    till = start + (np.round(dur_h * 12) * 5).astype("timedelta64[m]")

    # --- place ---
    pl = places(reg.kod)
    term = days["termin"].to_numpy()[day_idx]
    typ = pl["typ"].to_numpy()
    aff = np.array([[_AFFINITY[c].get(t, 1.0) for t in typ] for c in _CATS])
    base = aff * pl["vikt"].to_numpy()[None, :]
    off_term = base * np.where(typ == "skola", 0.3, 1.0)[None, :]
    probs = np.vstack([off_term, base])  # rows: category (off term), category (term)
    place_idx = _choice_by_cdf(rng, probs, cat_idx + len(_CATS) * term.astype(int))
    e = pl["e"].to_numpy()[place_idx] + rng.normal(0, 1, n) * pl["spridning"].to_numpy()[place_idx]
    nn = pl["n"].to_numpy()[place_idx] + rng.normal(0, 1, n) * pl["spridning"].to_numpy()[place_idx]

    # --- reporter, severity, police report, action, free text ---
    org = _choice_by_cdf(rng, np.array([_ORG_PROBS[c] for c in _CATS], dtype=float), cat_idx)
    sev = _choice_by_cdf(rng, np.array([_SEVERITY_PROBS[c] for c in _CATS], dtype=float), cat_idx) + 1
    p_pol = np.clip(np.array([_POLICE_P[c] for c in _CATS])[cat_idx] * np.array([0.6, 1.0, 1.5])[sev - 1], 0, 0.97)
    pol = rng.random(n) < p_pol
    atg_pick = rng.integers(0, 3, n)
    atg = np.array([_ATGARD[c] for c in _CATS])[cat_idx, atg_pick]
    atg = np.where(rng.random(n) < 0.35, "", atg)
    txt = np.array([_FRITEXT[c] for c in _CATS])[cat_idx, rng.integers(0, 3, n)]
    contact = rng.random(n) < 0.4
    first = np.array(_FAKE_FIRST)[rng.integers(0, len(_FAKE_FIRST), n)]
    last = np.array(_FAKE_LAST)[rng.integers(0, len(_FAKE_LAST), n)]
    tel = rng.integers(5, 100, n)

    frame = pd.DataFrame({
        C.TIDPUNKT: start, C.TIDPUNKT_TILL: np.where(window, till, np.datetime64("NaT")),
        C.KATEGORI: cats, C.KOMMUNKOD: reg.kod, C.PLATS: pl[C.PLATS].to_numpy()[place_idx],
        C.OMRADE: pl[C.OMRADE].to_numpy()[place_idx], C.X: np.round(e), C.Y: np.round(nn),
        C.ORGANISATION: np.array(ORGANISATIONS)[org], C.ALLVARLIGHET: sev.astype("int64"),
        C.POLISANMALD: pol, C.ATGARD: atg,
    })
    contact_txt = (" Uppgiftslämnare: " + pd.Series(first) + " " + pd.Series(last) + ", tel 070-174 06 "
                   + pd.Series(tel).astype(str).str.zfill(2) + ".")
    frame[C.FRITEXT] = (pd.Series(txt) + " vid " + frame[C.PLATS] + "."
                        + contact_txt.where(pd.Series(contact), "")).to_numpy()
    frame[C.TIDPUNKT_TILL] = pd.to_datetime(frame[C.TIDPUNKT_TILL])
    for col in (C.TIDPUNKT, C.TIDPUNKT_TILL):
        frame[col] = _localize(frame[col])
    frame = frame.sort_values([C.TIDPUNKT, C.KATEGORI, C.PLATS], kind="stable").reset_index(drop=True)
    frame.insert(0, C.ID, [f"{reg.kod}-{i:05d}" for i in range(1, len(frame) + 1)])
    return frame[C.INCIDENT_COLUMNS]


def _localize(s: pd.Series) -> pd.Series:
    """Localise naive Swedish local times; times in the DST gap or overlap hour are moved one hour on."""
    loc = s.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT")
    bad = loc.isna() & s.notna()
    if bad.any():
        s = s.where(~bad, s + pd.Timedelta(hours=1))
        loc = s.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT")
    return loc
