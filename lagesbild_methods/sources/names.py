"""Names and codes as written in the agencies' files: column keys, municipality and county names -> SCB codes.

The registry (:mod:`lagesbild_methods.registry`) is asked first. Municipalities it does not hold are looked up in
the bundled boundary file (all 290 municipalities with SCB codes and names, :mod:`.geo`), and counties in
:data:`LAN` (SCB, "Län och kommuner i kodnummerordning"), so that a file covering the whole country (Brå's
kommun CSV, SCB tables, Kolada) is coded completely.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from .. import registry

#: SCB county codes and names (SCB, Län och kommuner i kodnummerordning).
LAN: dict[str, str] = {
    "01": "Stockholms län", "03": "Uppsala län", "04": "Södermanlands län", "05": "Östergötlands län",
    "06": "Jönköpings län", "07": "Kronobergs län", "08": "Kalmar län", "09": "Gotlands län", "10": "Blekinge län",
    "12": "Skåne län", "13": "Hallands län", "14": "Västra Götalands län", "17": "Värmlands län", "18": "Örebro län",
    "19": "Västmanlands län", "20": "Dalarnas län", "21": "Gävleborgs län", "22": "Västernorrlands län",
    "23": "Jämtlands län", "24": "Västerbottens län", "25": "Norrbottens län",
}


def ascii_key(text: str) -> str:
    """Column-name key: lower case, å/ä->a, ö->o, spaces/hyphens -> '_' ('Åtgärd' -> 'atgard')."""
    t = unicodedata.normalize("NFKD", str(text).replace("\ufeff", "")).encode("ascii", "ignore").decode()
    t = re.sub(r"[^a-z0-9]+", "_", t.strip().lower())
    return t.strip("_")


def rename_columns(df: pd.DataFrame, aliases: dict[str, str]) -> pd.DataFrame:
    """Rename columns by their :func:`ascii_key` through ``aliases`` (unknown keys kept as key)."""
    return df.rename(columns={c: aliases.get(ascii_key(c), ascii_key(c)) for c in df.columns})


def _norm(name: str) -> str:
    n = " ".join(str(name).replace("\u2013", "-").replace("\u2014", "-").split()).strip().lower()
    for suffix in (" kommun", " stad", " kommuns"):
        if n.endswith(suffix):
            n = n[: -len(suffix)]
    return n


@lru_cache(maxsize=1)
def all_kommuner() -> dict[str, str]:
    """Every municipality code -> name: the registry's, completed from the bundled boundaries (290)."""
    out = {k: r.namn for k, r in registry.KOMMUNER.items()}
    try:
        from .geo import municipality_names
        for k, n in municipality_names().items():
            out.setdefault(k, n)
    except Exception:  # the boundary file is package data; without it the registry alone is used
        pass
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    out = {_norm(n): k for k, n in all_kommuner().items()}
    for k, n in LAN.items():
        out[_norm(n)] = k
        out[_norm(n[:-4])] = out.get(_norm(n[:-4]), k)  # 'Gotlands' alone -> county unless a kommun has it
    return out


def kommuner_in_lan(lan: str) -> list[str]:
    """Municipality codes of county ``lan`` ('03' -> ['0305', …, '0382']) in code order."""
    return sorted(k for k in all_kommuner() if k[:2] == str(lan))


def known_codes() -> set[str]:
    """Every code the package accepts for a region: kommuner, län, riket."""
    return set(all_kommuner()) | set(LAN) | set(registry.REGIONS)


def region_name(kod: str) -> str:
    kod = str(kod)
    if kod in registry.REGIONS:
        return registry.REGIONS[kod].namn
    return all_kommuner().get(kod) or LAN.get(kod) or kod


def region_code(name) -> str | None:
    """SCB code for a region name as written in Brå/Polisen/Kolada/SCB files, or None.

    'Uppsala län' -> '03' (county names explicitly: the registry strips ' län'), 'Hebys kommun' -> '0331',
    'Malung–Sälens kommun' -> '2023', 'Region Uppsala' -> '03', 'Hela landet' -> '00'.
    """
    if not isinstance(name, str) or not name.strip():
        return None
    n = " ".join(name.split()).lower()
    if n.startswith("region "):
        n = n[len("region "):] + " län"
    if n.endswith((" län", " läns", " lan")):
        base = n.rsplit(" ", 1)[0]
        for k, lan in LAN.items():
            full = lan.lower()[:-4]
            if base in (full, full.rstrip("s")) or base.rstrip("s") == full.rstrip("s"):
                return k
        return None
    kod = registry.code_for_name(name)
    if kod:
        return kod
    key = _norm(name)
    by = _by_name()
    return by.get(key) or (by.get(key[:-1]) if key.endswith("s") else None)
