"""Names and codes as written in the agencies' files: column keys, municipality and county names -> SCB codes.

All regions come from the registry (:mod:`lagesbild_methods.registry`: 290 kommuner, 21 län, riket); this module
adds the spellings seen in files (Brå's 'Hebys kommun', 'Malung–Sälens kommun', SCB's 'Uppsala län', Kolada's
'Region Uppsala') and the helpers the readers share.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .. import registry

#: SCB county codes and names (from the registry: SCB, Län och kommuner i kodnummerordning).
LAN: dict[str, str] = {k: r.namn for k, r in registry.LAN.items()}


def ascii_key(text: str) -> str:
    """Column-name key: lower case, å/ä->a, ö->o, spaces/hyphens -> '_' ('Åtgärd' -> 'atgard')."""
    t = unicodedata.normalize("NFKD", str(text).replace("\ufeff", "")).encode("ascii", "ignore").decode()
    t = re.sub(r"[^a-z0-9]+", "_", t.strip().lower())
    return t.strip("_")


def rename_columns(df: pd.DataFrame, aliases: dict[str, str]) -> pd.DataFrame:
    """Rename columns by their :func:`ascii_key` through ``aliases`` (unknown keys kept as key)."""
    return df.rename(columns={c: aliases.get(ascii_key(c), ascii_key(c)) for c in df.columns})


def all_kommuner() -> dict[str, str]:
    """Every municipality code -> name (the registry's 290)."""
    return {k: r.namn for k, r in registry.KOMMUNER.items()}


def kommuner_in_lan(lan: str) -> list[str]:
    """Municipality codes of county ``lan`` ('03' -> ['0305', …, '0382']) in code order."""
    return list(registry.kommuner_i_lan(lan))


def known_codes() -> set[str]:
    """Every code the package accepts for a region: kommuner, län, riket."""
    return set(registry.REGIONS)


def region_name(kod: str) -> str:
    try:
        return registry.region_name(str(kod))
    except Exception:  # an unknown code is shown as it is
        return str(kod)


def region_code(name) -> str | None:
    """SCB code for a region name as written in Brå/Polisen/Kolada/SCB files, or None.

    'Uppsala län' -> '03', 'Region Uppsala' -> '03', 'Hebys kommun' -> '0331', 'Malung–Sälens kommun' -> '2023',
    'Hela landet' -> '00'. A bare name is the kommun ('Uppsala' -> '0380').
    """
    if not isinstance(name, str) or not name.strip():
        return None
    n = " ".join(name.replace("\u2013", "-").replace("\u2014", "-").split()).lower()
    if n.endswith((" län", " läns", " lan")) or n.startswith("region "):
        try:
            return registry.get_lan(n.removesuffix(" lan") + (" län" if n.endswith(" lan") else "")).kod
        except Exception:
            return None
    for suffix in (" stad",):
        n = n.removesuffix(suffix)
    return registry.code_for_name(n)
