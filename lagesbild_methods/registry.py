"""The municipality registry: the eight kommuner of Uppsala län, the county and the country.

Every fact carries its source. Facts were carried over (not copied as files) from the
project's reference notes (domain.md §8, sources.md §1, §3.4, §6):

* codes and names: SCB PxWeb BefolkningNy metadata ("Län och kommuner i kodnummerordning");
* SKR kommungrupp (2017 division): SKR kommungruppsindelning 2017 (via Axelsson2000/data);
* lokalpolisområde: polisen.se medborgarlöfte pages (Uppsala län);
* centralort coordinates: polisen.se/api/events location.gps points for six towns, approximate
  town-centre points (±1 km) for Bålsta and Skutskär; SWEREF 99 TM computed with pyproj-equivalent
  Gauss-Krüger formulas (Lantmäteriet);
* population 31 December: SCB via Regionfakta (2017, 2018), UNT 2022-02-22 citing SCB (2021),
  haboportalen (Håbo 2023), Kolada N01951 (2025), SCB PxWeb fixture (riket 2015-2017).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .columns import RIKET, UPPSALA_LAN, KOMMUNGRUPP_PREFIX
from .errors import ParameterError

SOURCES: dict[str, str] = {
    "SCB_KODER": "SCB, Län och kommuner i kodnummerordning / PxWeb BefolkningNy metadata",
    "SKR2017": "SKR, Kommungruppsindelning 2017",
    "POLISEN_ML": "Polisen, medborgarlöften Uppsala län (polisen.se)",
    "POLISEN_GPS": "Polisen, händelse-API (location.gps för kommunen)",
    "UNGEFAR": "Ungefärlig position för tätortens centrum (±1 km)",
    "RF": "SCB via Regionfakta, folkmängd 31 december",
    "UNT21": "UNT 2022-02-22 (SCB), folkmängd 31 december 2021",
    "HP23": "Håbo kommun/haboportalen (SCB), folkmängd 31 december 2023",
    "KOLADA25": "Kolada N01951 (SCB), invånare 31 december 2025",
    "PX": "SCB PxWeb BefolkningNy (summa av officiellt API-svar)",
    "SCB24": "SCB, Folkmängd i riket, län och kommuner 31 december 2024",
    "LST21": "Länsstyrelsen Uppsala län 2022-02-22 (SCB), folkmängd 31 december 2021",
}


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
    kommungrupp: str | None = None  # SKR 2017 code, e.g. "B4"
    kommungrupp_namn: str | None = None
    lokalpolisomrade: str | None = None
    centralort: Town | None = None
    folkmangd: dict[int, tuple[int, str]] = field(default_factory=dict)  # year -> (value, source key)

    @property
    def genitiv(self) -> str:
        """Swedish genitive of the name: 'Heby' -> 'Hebys', 'Håbo' -> 'Håbos', 'Riket' -> 'rikets'."""
        base = self.namn if self.typ != "riket" else "riket"
        return base if base.endswith(("s", "x", "z")) else base + "s"

    def population(self, year: int) -> int | None:
        """Known population 31 December ``year`` (None if no sourced figure exists)."""
        hit = self.folkmangd.get(year)
        return hit[0] if hit else None


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


def _pop(**years) -> dict[int, tuple[int, str]]:
    return {int(k[1:]): v for k, v in years.items()}


_REGIONS: tuple[Region, ...] = (
    Region(RIKET, "Riket", "riket",
           folkmangd=_pop(y2015=(9851017, "PX"), y2016=(9995153, "PX"), y2017=(10120242, "PX"),
                          y2018=(10230185, "RF"), y2023=(10551707, "HP23"), y2024=(10587710, "SCB24"))),
    Region(UPPSALA_LAN, "Uppsala län", "lan",
           centralort=Town("Uppsala", 59.858564, 17.638927, 647795.2, 6638604.1, "POLISEN_GPS"),
           folkmangd=_pop(y2017=(368971, "RF"), y2018=(376354, "RF"), y2021=(395026, "LST21"),
                          y2023=(404589, "HP23"))),
    Region("0305", "Håbo", "kommun", "A2", KOMMUNGRUPPER_2017["A2"], "Enköping/Håbo",
           Town("Bålsta", 59.567, 17.533, 643104.3, 6605918.7, "UNGEFAR"),
           _pop(y2017=(21083, "RF"), y2018=(21564, "RF"), y2021=(22344, "UNT21"),
                y2023=(22974, "HP23"), y2025=(23252, "KOLADA25"))),
    Region("0319", "Älvkarleby", "kommun", "B4", KOMMUNGRUPPER_2017["B4"], "Norduppland",
           Town("Skutskär", 60.633, 17.417, 632210.6, 6724341.2, "UNGEFAR"),
           _pop(y2017=(9402, "RF"), y2018=(9392, "RF"), y2021=(9627, "UNT21"), y2025=(9573, "KOLADA25"))),
    Region("0330", "Knivsta", "kommun", "B4", KOMMUNGRUPPER_2017["B4"], "Uppsala/Knivsta",
           Town("Knivsta", 59.72612, 17.792036, 656988.1, 6624214.8, "POLISEN_GPS"),
           _pop(y2017=(18064, "RF"), y2018=(18720, "RF"), y2021=(19818, "UNT21"), y2025=(21733, "KOLADA25"))),
    Region("0331", "Heby", "kommun", "B4", KOMMUNGRUPPER_2017["B4"], "Norduppland",
           Town("Heby", 59.939637, 16.858759, 603857.0, 6646147.0, "POLISEN_GPS"),
           _pop(y2017=(13854, "RF"), y2018=(13910, "RF"), y2021=(14303, "UNT21"), y2025=(14275, "KOLADA25"))),
    Region("0360", "Tierp", "kommun", "B4", KOMMUNGRUPPER_2017["B4"], "Norduppland",
           Town("Tierp", 60.347587, 17.520509, 639087.9, 6692781.5, "POLISEN_GPS"),
           _pop(y2017=(20930, "RF"), y2018=(21127, "RF"), y2021=(21485, "UNT21"), y2025=(21028, "KOLADA25"))),
    Region("0380", "Uppsala", "kommun", "B3", KOMMUNGRUPPER_2017["B3"], "Uppsala/Knivsta",
           Town("Uppsala", 59.858564, 17.638927, 647795.2, 6638604.1, "POLISEN_GPS"),
           _pop(y2017=(219914, "RF"), y2018=(225164, "RF"), y2021=(237596, "UNT21"), y2025=(249726, "KOLADA25"))),
    Region("0381", "Enköping", "kommun", "B5", KOMMUNGRUPPER_2017["B5"], "Enköping/Håbo",
           Town("Enköping", 59.635691, 17.077823, 617155.4, 6612673.3, "POLISEN_GPS"),
           _pop(y2017=(43797, "RF"), y2018=(44429, "RF"), y2021=(47489, "UNT21"), y2025=(48804, "KOLADA25"))),
    Region("0382", "Östhammar", "kommun", "B5", KOMMUNGRUPPER_2017["B5"], "Norduppland",
           Town("Östhammar", 60.259302, 18.365341, 686185.7, 6685039.4, "POLISEN_GPS"),
           _pop(y2017=(21927, "RF"), y2018=(22048, "RF"), y2021=(22364, "UNT21"), y2025=(22181, "KOLADA25"))),
)

REGIONS: dict[str, Region] = {r.kod: r for r in _REGIONS}
KOMMUNER: dict[str, Region] = {r.kod: r for r in _REGIONS if r.typ == "kommun"}
KOMMUNKODER: tuple[str, ...] = tuple(KOMMUNER)  # SCB code order

# Polisen event feed: fixed point per area (location.gps), not the incident position.
POLISEN_GPS: dict[str, tuple[float, float]] = {
    "Uppsala": (59.858564, 17.638927), "Enköping": (59.635691, 17.077823), "Heby": (59.939637, 16.858759),
    "Håbo": (59.627071, 17.452298), "Knivsta": (59.72612, 17.792036), "Tierp": (60.347587, 17.520509),
    "Älvkarleby": (60.568607, 17.448913), "Östhammar": (60.259302, 18.365341),
    "Uppsala län": (60.009226, 17.271459),
}


def _normalise_name(name: str) -> str:
    n = " ".join(str(name).replace("\u2013", "-").split()).strip().lower()
    for suffix in (" kommun", " kommuns"):
        if n.endswith(suffix):
            n = n[: -len(suffix)]
    return n


_BY_NAME: dict[str, str] = {}
for _r in _REGIONS:
    _BY_NAME[_normalise_name(_r.namn)] = _r.kod
    _BY_NAME[_normalise_name(_r.genitiv)] = _r.kod
_BY_NAME.update({"uppsala län": UPPSALA_LAN, "uppsala läns": UPPSALA_LAN, "uppsala": "0380", "hela landet": RIKET, "hela riket": RIKET,
                 "riket": RIKET, "sverige": RIKET, "sverige totalt": RIKET, "region uppsala": UPPSALA_LAN})


def code_for_name(name: str) -> str | None:
    """Return the SCB code for a municipality name in any of the forms seen in Brå/Kolada/Polisen files.

    Accepts 'Heby', 'Heby kommun', 'Hebys kommun', 'HEBY', 'Uppsala län'. Returns None if unknown.
    """
    n = _normalise_name(name)
    if n in _BY_NAME:
        return _BY_NAME[n]
    if n.endswith("s") and n[:-1] in _BY_NAME:  # genitive
        return _BY_NAME[n[:-1]]
    return None


def get(kod_or_name: str) -> Region:
    """Look up a region by SCB code or name; raise a Swedish error if unknown."""
    key = str(kod_or_name).strip()
    if key in REGIONS:
        return REGIONS[key]
    if key.isdigit() and len(key) == 3:
        key = "0" + key  # '380' typed for '0380'
        if key in REGIONS:
            return REGIONS[key]
    kod = code_for_name(key)
    if kod:
        return REGIONS[kod]
    known = ", ".join(f"{r.namn} ({r.kod})" for r in KOMMUNER.values())
    raise ParameterError(f"Okänd kommun: '{kod_or_name}'. Kända kommuner: {known}.")


def kommungrupp_code(kod: str) -> str | None:
    """The aggregate code ('KG-B4') of the SKR kommungrupp a municipality belongs to."""
    r = get(kod)
    return f"{KOMMUNGRUPP_PREFIX}{r.kommungrupp}" if r.kommungrupp else None


def region_name(kod: str) -> str:
    """Display name for any code, including kommungrupp aggregates ('KG-B4')."""
    if str(kod).startswith(KOMMUNGRUPP_PREFIX):
        g = str(kod)[len(KOMMUNGRUPP_PREFIX):]
        return f"Kommungrupp {g} ({KOMMUNGRUPPER_2017.get(g, 'okänd')})"
    return get(kod).namn
