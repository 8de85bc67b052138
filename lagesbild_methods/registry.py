"""The region registry: every kommun (290) and län (21) of Sweden, and the country.

The facts are data, read once from the bundled files in ``resources/registry/`` (a ground-layer
exception to "only sources/ reads files": these are the package's own reference tables, not user
input). Every fact carries its source (keys in ``kallor.csv``, text in :data:`SOURCES`):

* ``regioner.csv`` (written by ``tools/build_registry_data.py``): SCB codes and names, the county of
  each kommun, SKR kommungrupp 2017 where a sourced value exists (today the eight kommuner of Uppsala
  län), and a 2024 population for every kommun and län (SCB figures via dnouri/crimecity3k; the time
  within 2024 is not stated, so they are kept apart from the 31 December series);
* ``folkmangd_31dec.csv``: sourced population 31 December (Regionfakta, UNT, haboportalen, Kolada,
  SCB PxWeb) for Uppsala län, its kommuner and the country;
* ``uppsala_lan.csv``: lokalpolisområde (polisen.se medborgarlöften) and the central town of each
  kommun in Uppsala län with its position (Polisen's event API location.gps, or approximate).

Public API: :func:`get`, :data:`REGIONS` (all codes), :data:`KOMMUNER` / :data:`KOMMUNKODER` (all 290
kommuner of Sweden, SCB code order), :data:`LAN` (the 21 counties), :func:`kommuner_i_lan`,
:func:`code_for_name`, :func:`kommungrupp_code`, :func:`region_name`. :data:`STANDARD_LAN` is the
default county of templates and the runner (Uppsala län, "03").
"""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .columns import KOMMUNGRUPP_PREFIX, RIKET, UPPSALA_LAN
from .errors import ParameterError

_DATA = Path(__file__).resolve().parent / "resources" / "registry"

#: Default county of templates and the runner (parameter ``lan``).
STANDARD_LAN = UPPSALA_LAN


def _read(name: str) -> list[dict[str, str]]:
    with (_DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


SOURCES: dict[str, str] = {r["nyckel"]: r["kalla"] for r in _read("kallor.csv")}


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    e: float  # SWEREF 99 TM easting
    n: float  # SWEREF 99 TM northing
    source: str


@dataclass(frozen=True)
class Region:
    kod: str
    namn: str
    typ: str  # "kommun", "lan", "riket"
    kommungrupp: str | None = None  # SKR 2017 code, e.g. "B4" (None where no sourced value exists)
    kommungrupp_namn: str | None = None
    lokalpolisomrade: str | None = None
    centralort: Town | None = None
    folkmangd: dict[int, tuple[int, str]] = field(default_factory=dict)  # year -> (31 Dec value, source key)
    lan: str | None = None  # county code: the kommun's county, the county itself; None for the country
    folkmangd_2024: tuple[int, str] | None = None  # (value, source key): population during 2024, all regions

    @property
    def genitiv(self) -> str:
        """Swedish genitive of the name: 'Heby' -> 'Hebys', 'Håbo' -> 'Håbos', 'Riket' -> 'rikets'."""
        base = self.namn if self.typ != "riket" else "riket"
        return base if base.endswith(("s", "x", "z")) else base + "s"

    @property
    def lan_namn(self) -> str | None:
        """Name of the county the region lies in ('Uppsala län'); None for the country."""
        return REGIONS[self.lan].namn if self.lan else None

    def population(self, year: int) -> int | None:
        """Known population 31 December ``year`` (None if no sourced figure exists)."""
        hit = self.folkmangd.get(year)
        return hit[0] if hit else None

    @property
    def storlek(self) -> int | None:
        """A sourced population for ordering and sizing: the latest 31 December figure, else 2024's."""
        if self.folkmangd:
            return self.folkmangd[max(self.folkmangd)][0]
        return self.folkmangd_2024[0] if self.folkmangd_2024 else None


KOMMUNGRUPPER_2017: dict[str, str] = {
    "A1": "Storstäder",
    "A2": "Pendlingskommun nära storstad",
    "B3": "Större stad",
    "B4": "Pendlingskommun nära större stad",
    "B5": "Lågpendlingskommun nära större stad",
    "B6": "Mindre stad/tätort",
    "C7": "Pendlingskommun nära mindre stad/tätort",
    "C8": "Landsbygdskommun",
    "C9": "Landsbygdskommun med besöksnäring",
}


def _load() -> tuple[Region, ...]:
    pop: dict[str, dict[int, tuple[int, str]]] = {}
    for r in _read("folkmangd_31dec.csv"):
        pop.setdefault(r["kod"], {})[int(r["ar"])] = (int(r["folkmangd"]), r["kalla"])
    extras = {r["kod"]: r for r in _read("uppsala_lan.csv")}
    out = []
    for r in _read("regioner.csv"):
        kod, kg, x = r["kod"], r["kommungrupp_2017"] or None, extras.get(r["kod"])
        town = (Town(x["centralort"], float(x["lat"]), float(x["lon"]), float(x["e"]), float(x["n"]), x["kalla_ort"])
                if x and x["centralort"] else None)
        out.append(Region(
            kod, r["namn"], r["typ"], kg, KOMMUNGRUPPER_2017[kg] if kg else None,
            (x["lokalpolisomrade"] or None) if x else None, town, pop.get(kod, {}), r["lan"] or None,
            (int(r["folkmangd_2024"]), r["kalla_folkmangd_2024"]) if r["folkmangd_2024"] else None))
    return tuple(out)


_REGIONS: tuple[Region, ...] = _load()

REGIONS: dict[str, Region] = {r.kod: r for r in _REGIONS}
#: All 290 kommuner of Sweden (SCB code order).
KOMMUNER: dict[str, Region] = {r.kod: r for r in _REGIONS if r.typ == "kommun"}
KOMMUNKODER: tuple[str, ...] = tuple(KOMMUNER)
#: The 21 counties (län).
LAN: dict[str, Region] = {r.kod: r for r in _REGIONS if r.typ == "lan"}

# Polisen event feed: fixed point per area (location.gps), not the incident position.
POLISEN_GPS: dict[str, tuple[float, float]] = {
    "Uppsala": (59.858564, 17.638927), "Enköping": (59.635691, 17.077823), "Heby": (59.939637, 16.858759),
    "Håbo": (59.627071, 17.452298), "Knivsta": (59.72612, 17.792036), "Tierp": (60.347587, 17.520509),
    "Älvkarleby": (60.568607, 17.448913), "Östhammar": (60.259302, 18.365341),
    "Uppsala län": (60.009226, 17.271459),
}


def normalise_name(name: str) -> str:
    """Lower case, single spaces, dashes as '-', without ' kommun'/' kommuns'/' stad' (for name matching)."""
    n = " ".join(str(name).replace("\u2013", "-").replace("\u2014", "-").split()).strip().lower()
    for suffix in (" kommun", " kommuns", " stad"):
        if n.endswith(suffix):
            n = n[: -len(suffix)]
    return n


_BY_NAME: dict[str, str] = {}
for _r in _REGIONS:
    _BY_NAME.setdefault(normalise_name(_r.namn), _r.kod)
for _r in _REGIONS:
    _BY_NAME.setdefault(normalise_name(_r.genitiv), _r.kod)
    if _r.typ == "lan":
        _BY_NAME.setdefault(normalise_name(_r.namn) + "s", _r.kod)  # 'uppsala läns'
        _BY_NAME.setdefault("region " + normalise_name(_r.namn).removesuffix(" län").removesuffix("s"), _r.kod)
_BY_NAME.update({"uppsala": "0380", "hela landet": RIKET, "hela riket": RIKET, "riket": RIKET, "sverige": RIKET,
                 "sverige totalt": RIKET})


def code_for_name(name: str) -> str | None:
    """Return the SCB code for a region name in any of the forms seen in Brå/Kolada/Polisen files.

    Accepts 'Heby', 'Heby kommun', 'Hebys kommun', 'HEBY', 'Uppsala län', 'Uppsala läns'. A bare
    name is the kommun ('Uppsala' -> '0380'). Returns None if unknown.
    """
    n = normalise_name(name)
    if n in _BY_NAME:
        return _BY_NAME[n]
    if n.endswith("s") and n[:-1] in _BY_NAME:  # genitive
        return _BY_NAME[n[:-1]]
    return None


def _suggest(key: str) -> str:
    names = [r.namn for r in _REGIONS]
    close = difflib.get_close_matches(str(key).strip(), names, n=3, cutoff=0.75)
    return (" Menade du " + " eller ".join(f"'{c}'" for c in close) + "?") if close else ""


def get(kod_or_name: str) -> Region:
    """Look up a region by SCB code or name; raise a Swedish error if unknown."""
    key = str(kod_or_name).strip()
    if key in REGIONS:
        return REGIONS[key]
    if key.isdigit() and len(key) == 3:
        key = "0" + key  # '380' typed for '0380'
        if key in REGIONS:
            return REGIONS[key]
    if key.isdigit() and len(key) == 1:
        key = "0" + key  # '3' typed for the county '03'
        if key in LAN:
            return REGIONS[key]
    kod = code_for_name(key)
    if kod:
        return REGIONS[kod]
    raise ParameterError(f"Okänd kommun: '{kod_or_name}'. Ange kommunens namn eller SCB:s kommunkod (t.ex. 'Heby' "
                         f"eller '0331'); ett län anges som 'Uppsala län' eller '03'.{_suggest(kod_or_name)}")


def _lan_aliases(r: Region) -> set[str]:
    full = normalise_name(r.namn)  # 'stockholms län'
    short = full.removesuffix(" län")  # 'stockholms'
    bare = short.removesuffix("s") if short.endswith("s") and not short.endswith("ss") else short
    return {full, full + "s", short, bare, bare + " län", "region " + bare, r.kod, r.kod.lstrip("0")}


_LAN_BY_NAME: dict[str, str] = {a: r.kod for r in _REGIONS if r.typ == "lan" for a in _lan_aliases(r)}


def get_lan(kod_or_name: str) -> Region:
    """Look up a county by code ('03', '3') or name ('Uppsala län', 'Uppsala', 'Stockholms län')."""
    kod = _LAN_BY_NAME.get(normalise_name(kod_or_name))
    if kod is None:
        known = ", ".join(f"{r.namn} ({r.kod})" for r in LAN.values())
        raise ParameterError(f"Okänt län: '{kod_or_name}'. Sveriges län: {known}.")
    return LAN[kod]


def kommuner_i_lan(lan: str = STANDARD_LAN) -> tuple[str, ...]:
    """Codes of the kommuner in a county (code or name), in SCB order: ``kommuner_i_lan("03")``."""
    kod = get_lan(lan).kod
    return tuple(k for k, r in KOMMUNER.items() if r.lan == kod)


def kommungrupp_code(kod: str) -> str | None:
    """The aggregate code ('KG-B4') of the SKR kommungrupp a municipality belongs to (None if unknown)."""
    r = get(kod)
    return f"{KOMMUNGRUPP_PREFIX}{r.kommungrupp}" if r.kommungrupp else None


def name_or_code(kod) -> str:
    """Display name of a code ('0331' -> 'Heby', 'KG-B4' -> 'Kommungrupp B4 (...)'); unknown codes as they are."""
    try:
        return region_name(str(kod))
    except ParameterError:
        return str(kod)


def region_name(kod: str) -> str:
    """Display name for any code, including kommungrupp aggregates ('KG-B4')."""
    if str(kod).startswith(KOMMUNGRUPP_PREFIX):
        g = str(kod)[len(KOMMUNGRUPP_PREFIX):]
        return f"Kommungrupp {g} ({KOMMUNGRUPPER_2017.get(g, 'okänd')})"
    return get(kod).namn
