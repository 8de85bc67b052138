"""The synthetic safety survey (trygghetsmätning) of the practice data.

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
from .incidents import *  # noqa: F401,F403

__all__ = [
    "AGE_GROUPS",
    "AGE_SHARES",
    "FEMALE_SHARE",
    "RESPONSE_PROPENSITY",
    "_KOMMUN_UNSAFE",
    "_AREA_UNSAFE",
    "_RURALITY",
    "TRYGGHET_SVAR",
    "ORO_SVAR",
    "PROBLEM_SVAR",
    "UTSATT_SVAR",
    "survey_size",
    "_ordinal",
    "generate_survey",
    "kish_deff",
]

# ================================================================================================
# Survey (trygghetsmätning), wide: one row per respondent
# ================================================================================================
AGE_GROUPS = ("16-29", "30-49", "50-64", "65-84")
# Assumed population distribution 16-84 (age group share; share of women in it). Approximate values of
# the order of SCB's age structure; Uppsala kommun is younger (students). Documented as assumed.
AGE_SHARES = {"default": (0.20, 0.31, 0.24, 0.25), "0380": (0.28, 0.33, 0.20, 0.19)}
FEMALE_SHARE = (0.48, 0.49, 0.50, 0.53)
# Relative response propensity (men, women) per age group: the young, especially young men, answer least.
RESPONSE_PROPENSITY = ((0.35, 0.55), (0.65, 0.85), (0.95, 1.10), (1.25, 1.30))
# Kommun effect on the latent unsafety (Uppsala higher, NTU 2017+2018 25 %; Östhammar lowest,
# Elefalk's trygghetsindex; others around the middle). Invented but directional.
_KOMMUN_UNSAFE = {"0380": 0.35, "0381": 0.15, "0319": 0.15, "0305": 0.05, "0360": 0.0, "0331": -0.05,
                  "0330": -0.15, "0382": -0.35}
_AREA_UNSAFE = {"Gottsunda": 0.55, "Stenhagen": 0.3, "Gränby": 0.2, "Centrum": 0.1, "Landsbygd": -0.3}
_RURALITY = {"0331": 0.4, "0360": 0.4, "0382": 0.3, "0319": 0.3, "0381": 0.1, "0305": 0.0, "0330": -0.1,
             "0380": -0.3}

TRYGGHET_SVAR = ("Mycket trygg", "Ganska trygg", "Ganska otrygg", "Mycket otrygg", "Går aldrig ut")
ORO_SVAR = ("Ofta", "Ibland", "Sällan", "Aldrig")
PROBLEM_SVAR = ("Inget problem", "Ganska litet problem", "Ganska stort problem", "Mycket stort problem", "Vet ej")
UTSATT_SVAR = ("Ja", "Nej")


def survey_size(kommunkod: str) -> int:
    """Respondents per survey year: about 300 in small kommuner, about 600 in Uppsala."""
    reg = registry.get(kommunkod)
    size = PROFILES[reg.kod].size if reg.kod in PROFILES else reg.population(2025)
    return int(round(280 + 0.0013 * size))


def _ordinal(rng, eta: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    """Ordered-logit draw: category index of eta + logistic noise between the cut points."""
    z = eta + rng.logistic(0.0, 1.0, len(eta))
    return np.searchsorted(np.asarray(cuts), z)


def generate_survey(kommunkod: str, rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic trygghetsmätning microdata (wide: one row per respondent) for 2022 and 2025.

    Method: respondents are drawn by age/sex cell with probability proportional to the assumed population
    share x a response propensity (:data:`RESPONSE_PROPENSITY`), so young men are under-represented;
    ``vikt`` is the post-stratification weight (population share / sample share of the cell, mean 1),
    which gives a Kish design effect of about 1.05-1.4. Answers are ordered-logit draws from a latent
    unsafety that depends on sex (women ~2-3 times men feeling unsafe), age, area, kommun and a shared
    respondent factor; victimisation is logistic by age and sex (hot/våld ~7-10 % overall). About 1-5 %
    item non-response (empty), "Vet ej" for the problem questions. Columns: respondent, kommunkod, ar, kon,
    aldersgrupp, omrade, vikt, then one column per ``columns.SURVEY_QUESTIONS`` code.
    """
    reg = registry.get(kommunkod)
    n = survey_size(reg.kod)
    ages = np.array(AGE_SHARES.get(reg.kod, AGE_SHARES["default"]))
    fem = np.array(FEMALE_SHARE)
    pop_share = np.column_stack([ages * (1 - fem), ages * fem]).ravel()  # cell order (age, sex)
    prop = np.array(RESPONSE_PROPENSITY).ravel()
    prof = PROFILES.get(reg.kod)
    areas = list(prof.areas) if prof else AREAS[reg.kod]
    area_names = np.array([a.name for a in areas])
    area_w = np.array([a.weight for a in areas])
    frames = []
    for year in SURVEY_YEARS:
        cells = rng.choice(8, size=n, p=pop_share * prop / (pop_share * prop).sum())
        counts = np.bincount(cells, minlength=8)
        wcell = np.where(counts > 0, pop_share / np.maximum(counts, 1) * n, 0.0)
        age_i, female = cells // 2, cells % 2
        area = area_names[rng.choice(len(areas), size=n, p=area_w / area_w.sum())]
        f = rng.normal(0, 1, n)  # respondent's general worry
        a_eff = pd.Series(area).map(_AREA_UNSAFE).fillna(0.0).to_numpy()
        k_eff = (prof.unsafe if prof else _KOMMUN_UNSAFE[reg.kod]) + (-0.1 if year == 2025 else 0.0)
        age_eff = np.array([0.1, -0.2, -0.1, 0.35])[age_i]
        eta = 1.5 * female + age_eff + a_eff + k_eff + 0.8 * f
        tr = _ordinal(rng, eta, (0.0, 2.3, 4.0))  # 0 mycket trygg .. 3 mycket otrygg
        never = rng.random(n) < np.where(age_i == 3, 0.05 + 0.04 * female, 0.015)
        tr = np.where(never, 4, tr)
        out = {
            C.RESPONDENT: [f"{reg.kod}-{year}-{i:04d}" for i in range(1, n + 1)],
            C.KOMMUNKOD: reg.kod, C.AR: year,
            C.KON: np.where(female == 1, "Kvinna", "Man"), C.ALDERSGRUPP: np.array(AGE_GROUPS)[age_i],
            C.OMRADE: area, C.VIKT: np.round(wcell[cells], 4),
            "trygghet_ute_kvall": np.array(TRYGGHET_SVAR)[tr],
        }
        # worry: index 0 Ofta .. 3 Aldrig (higher latent -> more often)
        oro1 = 3 - _ordinal(rng, 0.6 * female + 0.9 * f + 0.5 * a_eff + k_eff, (-1.3, 0.4, 2.0))
        oro2 = 3 - _ordinal(rng, 0.3 * female + 0.7 * f + 0.2 * (age_i >= 2) + k_eff * 0.5, (-0.6, 1.2, 2.9))
        out["oro_brottsligheten"] = np.array(ORO_SVAR)[oro1]
        out["oro_inbrott"] = np.array(ORO_SVAR)[oro2]
        rural = (prof.rurality if prof else _RURALITY[reg.kod]) + np.where(area == "Landsbygd", 0.4, 0.0)
        problem_specs = {  # question: (latent, P(vet ej))
            "problem_klotter": (0.2 * f + a_eff + 0.1 * (reg.kod == "0305") - 0.3 * rural, 0.05),
            "problem_narkotika": (0.3 * f + 1.2 * a_eff - 0.3 * rural - 0.3, 0.25),
            "problem_ungdomsgang": (0.3 * f + a_eff + 0.1 * (age_i == 3), 0.10),
            "problem_buskorning": (0.25 * f + 0.3 * a_eff + 0.9 * rural + 0.4, 0.06),
        }
        for q, (lat, p_vetej) in problem_specs.items():
            ans = _ordinal(rng, lat, (0.0, 2.0, 3.6))
            ans = np.where(rng.random(n) < p_vetej, 4, ans)
            out[q] = np.array(PROBLEM_SVAR)[ans]
        young = age_i == 0
        p_stold = 1 / (1 + np.exp(-(-2.2 + 0.4 * young - 0.3 * (age_i == 3) + 0.2 * a_eff)))
        p_vald = 1 / (1 + np.exp(-(-2.5 + 0.9 * young - 0.9 * (age_i == 3) + 0.15 * (1 - female) + 0.4 * a_eff)))
        out["utsatt_stold"] = np.where(rng.random(n) < p_stold, "Ja", "Nej")
        out["utsatt_hot_vald"] = np.where(rng.random(n) < p_vald, "Ja", "Nej")
        frame = pd.DataFrame(out)
        for q in C.SURVEY_QUESTIONS:  # item non-response
            miss = rng.random(n) < (0.02 if q.startswith("utsatt") else 0.015)
            frame.loc[miss, q] = ""
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out[C.AR] = out[C.AR].astype("int64")
    return out[[C.RESPONDENT, C.KOMMUNKOD, C.AR, C.KON, C.ALDERSGRUPP, C.OMRADE, C.VIKT]
               + list(C.SURVEY_QUESTIONS)]


def kish_deff(weights: np.ndarray) -> float:
    """Kish design effect of unequal weighting: n * sum(w^2) / sum(w)^2 (Kish 1965)."""
    w = np.asarray(weights, dtype=float)
    return float(len(w) * (w**2).sum() / w.sum() ** 2)
