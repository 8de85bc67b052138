"""The planted effects of the practice data: read ``planterade_effekter.csv`` and plant them in a municipality's
incidents. The practice workbooks (:mod:`lagesbild_methods.synth_workbook`) write the file; the incident
generator (:func:`.writers.generate_all`) plants what it records. Kept in the synth package so that the
generator does not import the workbook story (which reads the generated register before planting).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths, registry

PLANTED_FILE = "planterade_effekter.csv"
PLANTED_DIR = paths.SYNTH_DIR / "arbetsbocker"


def read_planted(path: Path | None = None) -> pd.DataFrame:
    """The planted effects as a frame (``start``/``slut`` as dates) -- for the incident generator and tests."""
    df = pd.read_csv(path or PLANTED_DIR / PLANTED_FILE, dtype={"kommunkod": str, "plats": str})
    for c in ("start", "slut"):
        df[c] = pd.to_datetime(df[c])
    return df


def apply_planted_effects(incidents: pd.DataFrame, kommunkod: str, rng: np.random.Generator,
                          planted: pd.DataFrame | None = None) -> pd.DataFrame:
    """Plant the recorded effects in one municipality's incident frame (for the incident generator).

    Every incident of a planted row's ``kategori`` and ``omrade`` (and ``plats`` when given) whose local
    date lies in ``start..slut`` is kept with probability ``sann_kvot``; nothing else changes and row order
    is kept. One uniform draw per incident from ``rng`` (a stream of its own), so the pre-period and the
    other categories stay identical. ``incidents`` uses the incident contract (``kategori`` as code).
    """
    planted = read_planted() if planted is None else planted
    rows = planted[(planted["kommunkod"].astype(str) == registry.get(kommunkod).kod) & (planted["sann_kvot"] < 1)]
    u = rng.random(len(incidents))
    day = incidents["tidpunkt"].dt.tz_localize(None).dt.normalize() if incidents["tidpunkt"].dt.tz is not None \
        else incidents["tidpunkt"].dt.normalize()
    keep = np.ones(len(incidents), dtype=bool)
    for _, r in rows.iterrows():
        hit = ((incidents["kategori"] == r["kategori"]) & (incidents["omrade"] == r["omrade"])
               & (day >= r["start"]) & (day <= r["slut"])).to_numpy()
        if isinstance(r.get("plats"), str) and r["plats"]:
            hit &= (incidents["plats"] == r["plats"]).to_numpy()
        keep &= ~(hit & (u >= float(r["sann_kvot"])))
    return incidents[keep].reset_index(drop=True)
