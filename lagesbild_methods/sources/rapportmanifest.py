"""The report folder's ``manifest.json`` as data: which report was made for which municipality, when,
with what status and on which data (practice data or real).

The runner writes the manifest (``lagesbild kor``); the county's process follow-up reads it to tell
when a municipality's lägesbild (step 1) or follow-up (step 5) was last produced. Older manifests have
one date for the whole run (``skapad`` at the top), newer ones a date per report; both are read.

Returns ``id, mall, steg, kommunkod, kommun, status, skapad, exempeldata`` (one row per report).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .common import fail, load_json

COLUMNS = ["id", "mall", "steg", "kommunkod", "kommun", "status", "skapad", "exempeldata"]
_EXPECTED = "manifest.json från en mapp med rapporter (skapad av 'lagesbild kor')"


def manifest_path(path: str | Path) -> Path:
    """``path`` itself, or ``manifest.json`` inside it when it is a folder."""
    p = Path(path)
    return p / "manifest.json" if p.is_dir() else p


def _when(value) -> pd.Timestamp:
    t = pd.to_datetime(value, errors="coerce", utc=True) if value else pd.NaT
    return t.tz_convert("Europe/Stockholm") if not pd.isna(t) else pd.NaT


def read_manifest(path: str | Path) -> pd.DataFrame:
    """Read a runner manifest (a file or the report folder); Swedish error for anything else."""
    p = manifest_path(path)
    data, _ = load_json(p, _EXPECTED)
    if not isinstance(data, dict) or not isinstance(data.get("rapporter"), list):
        fail(p, "Filen är inte ett rapportmanifest: listan 'rapporter' saknas.", expected=_EXPECTED)
    run_date = data.get("skapad")
    rows = []
    for i, r in enumerate(data["rapporter"], start=1):
        if not isinstance(r, dict) or not r.get("mall") or not r.get("kommunkod"):
            fail(p, f"Rapport nummer {i} i manifestet saknar mall eller kommunkod.", expected=_EXPECTED)
        m = re.match(r"steg(\d)", str(r["mall"]))
        rows.append((str(r.get("id") or ""), str(r["mall"]), int(m.group(1)) if m else None, str(r["kommunkod"]),
                     str(r.get("kommun") or ""), str(r.get("status") or ""), _when(r.get("skapad") or run_date),
                     bool(r.get("exempeldata", False))))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["steg"] = out["steg"].astype("Int64")
    out["skapad"] = pd.to_datetime(out["skapad"], utc=True).dt.tz_convert("Europe/Stockholm")
    out.attrs.update({"fil": str(p), "anteckningar": []})
    return out
