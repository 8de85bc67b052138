"""Combine the frames of several files of one contract into one series.

Rows are identified by the contract's keys (:data:`kinds.CONTRACTS`). A key that occurs in two files with
the same values counts once (a note says which files overlapped and where); the same key with different
values is a contradiction and refuses the whole set, naming both files and both values. Gaps in a yearly
series (e.g. 2019, 2020, 2022 but no 2021) become a warning on the frame.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import columns as C
from .. import fmt
from ..errors import InputDataError, Problem
from .kinds import CONTRACTS, Kind, Where

_FILE = "_fil"
MAX_LISTED = 20


def _region(kod) -> str:
    from .. import registry
    try:
        return f"{registry.get(str(kod)).namn} ({kod})"
    except Exception:
        return str(kod)


def _describe_key(keys: tuple[str, ...], values: tuple) -> str:
    parts = []
    for k, v in zip(keys, values):
        if k == C.KOMMUNKOD:
            parts.append(_region(v))
        elif k == C.AR:
            parts.append(str(int(v)))
        elif k == C.ID:
            parts.append(f"händelse {v}")
        else:
            parts.append(str(v))
    return " ".join(parts)


def _show(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
        return "tomt"
    if isinstance(v, (int, np.integer)):
        return fmt.integer(int(v))
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return fmt.integer(int(v))
    return str(v)


def _same(a: pd.Series, b: pd.Series) -> bool:
    for x, y in zip(a, b):
        xn, yn = pd.isna(x), pd.isna(y)
        if xn and yn:
            continue
        if xn != yn or x != y:
            return False
    return True


def combine(parts: list[tuple[Path, Kind, pd.DataFrame]], contract: str, where: Where) -> pd.DataFrame:
    """One frame from the frames of several files (see the module docstring)."""
    keys = CONTRACTS[contract].keys
    frames = []
    for i, (p, kind, df) in enumerate(parts):
        d = df.copy()
        if contract == "handelser" and df.attrs.get("id_genererade"):
            d[C.ID] = f"{p.stem}:" + d[C.ID].astype("str")
        d[_FILE] = p.name
        frames.append(d)
    cols = list(dict.fromkeys(c for f in frames for c in f.columns))
    allrows = pd.concat([f.reindex(columns=cols) for f in frames], ignore_index=True)
    for c in cols:  # keep the dtypes the readers gave (concat of Int64 with missing columns -> object)
        dtypes = {str(f[c].dtype) for f in frames if c in f}
        if len(dtypes) == 1:
            try:
                allrows[c] = allrows[c].astype(next(iter(dtypes)))
            except (TypeError, ValueError):
                pass
    notes: list[str] = []
    problems: list[Problem] = []
    if keys and all(k in allrows for k in keys):
        compare = [c for c in cols if c not in keys and c not in (C.KALLA, _FILE)]
        dup = allrows.duplicated(list(keys), keep=False)
        drop: list[int] = []
        overlaps: dict[tuple[str, str], list] = {}
        if dup.any():
            for key, grp in allrows[dup].groupby(list(keys), sort=True, dropna=False):
                key = key if isinstance(key, tuple) else (key,)
                first = grp.iloc[0]
                for j in range(1, len(grp)):
                    other = grp.iloc[j]
                    if first[_FILE] == other[_FILE]:
                        continue  # duplicates inside one file are the reader's business
                    if _same(first[compare], other[compare]):
                        drop.append(grp.index[j])
                        overlaps.setdefault((first[_FILE], other[_FILE]), []).append(key)
                    elif len(problems) < MAX_LISTED:
                        diff = [c for c in compare if not _same(pd.Series([first[c]]), pd.Series([other[c]]))]
                        what = "; ".join(f"{c} {_show(first[c])} i {first[_FILE]} men {_show(other[c])} i "
                                         f"{other[_FILE]}" for c in diff[:3])
                        problems.append(Problem(f"Motstridiga uppgifter för {_describe_key(keys, key)}: {what}.",
                                                None, None, diff[0] if diff else None, None,
                                                "samma värde i båda filerna, eller ta bort den ena filen (t.ex. en "
                                                "preliminär och en slutlig version av samma år)"))
        if problems:
            names = ", ".join(sorted({p.name for p, _, _ in parts}))
            ref = f" (parametern {where.param})" if where.param else ""
            raise InputDataError(None, problems, summary=(
                f"Filerna {names}{ref} går inte att slå ihop: {len(problems)} uppgift"
                f"{'er' if len(problems) != 1 else ''} motsäger varandra. Inget har lästs in."))
        for (a, b), ks in overlaps.items():
            if C.AR in keys:
                yrs = [k[keys.index(C.AR)] for k in ks]
                notes.append(f"{a} och {b} överlappar för år {fmt.year_ranges(yrs)} med samma värden; de räknas en gång.")
            else:
                notes.append(f"{fmt.integer(len(ks))} rader finns i både {a} och {b} med samma värden; de räknas en "
                             "gång.")
        allrows = allrows.drop(index=drop)
    out = allrows.drop(columns=[_FILE]).reset_index(drop=True)
    attrs: dict = {"anteckningar": [], "varningar": []}
    for _, kind, df in parts:
        for k, v in df.attrs.items():
            if isinstance(v, list):
                attrs.setdefault(k, [])
                attrs[k].extend(x for x in v if x not in attrs[k])
            elif isinstance(v, dict):
                attrs.setdefault(k, {})
                for kk, vv in v.items():
                    attrs[k][kk] = attrs[k].get(kk, 0) + vv if isinstance(vv, (int, float)) else vv
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and k not in attrs:
                attrs[k] = sum(d.attrs.get(k, 0) or 0 for _, _, d in parts)
            else:
                attrs.setdefault(k, v)
    kinds = list(dict.fromkeys(kind.name for _, kind, _ in parts))
    attrs["typ"] = kinds[0] if len(kinds) == 1 else "blandad"
    attrs["typ_namn"] = "; ".join(dict.fromkeys(kind.label for _, kind, _ in parts))
    attrs["filer"] = [str(p) for p, _, _ in parts]
    attrs["anteckningar"] = attrs["anteckningar"] + notes
    out.attrs = attrs
    return out
