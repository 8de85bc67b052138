"""Practice data for the course: the fictional municipality Kursköping in the fictional county Övningslänet.

Everything here is made up (*påhittad övningskommun*): names, places, people and numbers. Nothing
describes a real municipality, event or person. The data are generated in memory from a fixed seed,
so every participant, every solution and every test sees the same numbers; no file is read or written.

What the exercises need, and what is planted on purpose (the exercises' *answers* are never stored
here: the self-checks compute them with the library's own functions):

* :func:`brott`, :func:`folkmangd` -- reported crimes 2015-2025 and population 2014-2025 for the 20
  municipalities of Övningslänet (codes ``99xx``; the county is ``99``, the sum of its members). Levels
  are of the order of Brå's per-100 000 rates for Swedish municipalities. Kursköping's own series are
  written out by hand (:data:`KURSKOPING_SERIER`) so that each tells one story: a visible but
  uncertain rise, a clear rise driven by police activity, a noisy series whose trend disappears when
  extra variation is allowed for, small counts in sensitive crime types. Two members are planted for
  the funnel plot: a very small municipality with the highest rate and a mid-sized one far above the
  county.
* :func:`handelser` -- an EST-style incident register for Kursköping 2024-2025 (weekly rhythm, evenings
  and weekends, school terms, a few busy places, one security company that patrols the travel centre
  and reports much of what happens there). ``fritext`` holds invented names and phone numbers from the
  block PTS reserves for fiction (070-174 06 05--99); it must never reach a report.
* :func:`manadsserie` -- monthly counts of skadegörelse in two districts 2021-2025, one of which got a
  measure in March 2024, with a decline common to both.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import columns as C

SEED = 20201110  # the course days of the county programme: 10-11 November 2020
KOD, NAMN = "9901", "Kursköping"
LAN_KOD, LAN_NAMN = "99", "Övningslänet"
KALLA = "Övningsdata (påhittad övningskommun)"
TZ = "Europe/Stockholm"
CRIME_YEARS = tuple(range(2015, 2026))
POPULATION_YEARS = tuple(range(2014, 2026))
START_INSATS = "2024-03"  # the measure in Centrum (exercise 6)

#: The fictional members of Övningslänet: code -> (name, population 31 Dec 2025, yearly growth).
KOMMUNER: dict[str, tuple[str, int, float]] = {
    "9901": ("Kursköping", 14_420, 0.004), "9902": ("Lillvik", 2_610, -0.006),
    "9903": ("Storhamn", 48_300, 0.008), "9904": ("Älvsala", 161_500, 0.012),
    "9905": ("Granby", 9_820, 0.001), "9906": ("Bergsjöholm", 6_240, -0.004),
    "9907": ("Ekeskog", 22_150, 0.006), "9908": ("Norrmark", 4_120, -0.008),
    "9909": ("Västervåg", 31_400, 0.007), "9910": ("Tallmo", 7_530, -0.002),
    "9911": ("Hagaström", 12_060, 0.003), "9912": ("Björkhamra", 18_540, 0.005),
    "9913": ("Lindvalla", 3_330, -0.005), "9914": ("Sjöåker", 26_070, 0.006),
    "9915": ("Rödbyn", 5_410, -0.003), "9916": ("Stenåsa", 11_240, 0.002),
    "9917": ("Ängsjö", 8_690, 0.000), "9918": ("Kvarnby", 40_250, 0.009),
    "9919": ("Solbacken", 15_630, 0.004), "9920": ("Backe", 2_980, -0.007),
}

#: County level per crime type, reported crimes per 100 000 inhabitants and year (order of Brå's levels).
NIVAER: dict[str, float] = {
    "skadegorelse": 800, "narkotikabrott": 300, "valdsbrott_utomhus_vuxna": 250,
    "vald_i_nara_relation_kvinnor": 180, "vald_i_nara_relation_man": 45, "vald_mot_barn": 60,
    "personran_unga": 20, "stoldbrott": 2300, "bilbrott": 350, "bostadsinbrott": 150,
    "trafikbrott": 700, "sexualbrott": 80,
}
OVRIGA_PER_100K = 3200  # crimes outside the types above; 'totalt' = types + these

#: Kursköping's own series 2015-2025, written by hand (one story each; see the module docstring).
KURSKOPING_SERIER: dict[str, tuple[int, ...]] = {
    "skadegorelse": (121, 108, 117, 112, 126, 109, 118, 124, 113, 115, 140),
    "narkotikabrott": (37, 44, 35, 46, 40, 38, 43, 39, 45, 41, 78),
    "stoldbrott": (301, 262, 338, 279, 352, 296, 268, 371, 318, 382, 341),
    "bostadsinbrott": (31, 27, 33, 24, 22, 19, 21, 17, 15, 18, 14),
    "valdsbrott_utomhus_vuxna": (33, 38, 31, 36, 29, 41, 35, 37, 32, 39, 36),
    "vald_i_nara_relation_kvinnor": (24, 28, 23, 27, 30, 26, 29, 25, 31, 27, 28),
    "vald_i_nara_relation_man": (5, 7, 4, 6, 8, 6, 5, 9, 6, 3, 7),
    "vald_mot_barn": (9, 7, 11, 8, 10, 6, 9, 12, 8, 11, 2),
    "personran_unga": (3, 2, 4, 1, 3, 2, 5, 2, 3, 4, 2),
    "bilbrott": (58, 52, 47, 55, 49, 44, 50, 46, 42, 45, 41),
    "trafikbrott": (96, 104, 99, 91, 108, 102, 97, 110, 101, 105, 99),
    "sexualbrott": (10, 12, 9, 13, 11, 12, 8, 14, 10, 4, 12),
}
#: Planted 2025 counts for the funnel exercise (bostadsinbrott): the smallest member has the highest
#: rate by chance, a mid-sized member is far above the county.
FUNNEL_TYP, FUNNEL_AR = "bostadsinbrott", 2025
FUNNEL_PLANTERADE = {"9902": 9, "9903": 148}


def namn() -> dict[str, str]:
    """Code -> name for every member and the county (for tables and figure labels)."""
    return {**{k: v[0] for k, v in KOMMUNER.items()}, LAN_KOD: LAN_NAMN}


def kod_for(name: str) -> str | None:
    """The code of a member given its name (case and spaces ignored), or None."""
    key = str(name or "").strip().casefold()
    return next((k for k, v in namn().items() if v.casefold() == key), None)


@lru_cache(maxsize=1)
def _folkmangd() -> pd.DataFrame:
    rows = []
    for kod, (_, pop2025, growth) in KOMMUNER.items():
        for ar in POPULATION_YEARS:
            rows.append((kod, ar, int(round(pop2025 * (1 + growth) ** (ar - 2025)))))
    df = pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, C.FOLKMANGD])
    lan = df.groupby(C.AR, as_index=False)[C.FOLKMANGD].sum().assign(**{C.KOMMUNKOD: LAN_KOD})
    out = pd.concat([df, lan[df.columns]], ignore_index=True)
    out[C.KALLA] = KALLA
    return out


def folkmangd() -> pd.DataFrame:
    """Population 31 December 2014-2025 (``kommunkod, ar, folkmangd, kalla``) of the members and the county."""
    return _folkmangd().copy()


@lru_cache(maxsize=1)
def _brott() -> pd.DataFrame:
    rng = np.random.default_rng([SEED, 1])
    pop = _folkmangd().set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    rows = []
    for kod in KOMMUNER:
        level = {typ: v * np.exp(rng.normal(0, 0.12)) for typ, v in NIVAER.items()}
        slope = {typ: rng.normal(0, 0.01) for typ in NIVAER}
        for i, ar in enumerate(CRIME_YEARS):
            denom = pop[(kod, ar - 1)] / 100_000
            counts = {}
            for typ in NIVAER:
                if kod == KOD:
                    counts[typ] = KURSKOPING_SERIER[typ][i]
                    continue
                mu = level[typ] * denom * np.exp(slope[typ] * (ar - 2020))
                counts[typ] = int(rng.poisson(rng.gamma(1 / 0.004, mu * 0.004)))  # NB, alpha 0.004
                if typ == FUNNEL_TYP and ar == FUNNEL_AR and kod in FUNNEL_PLANTERADE:
                    counts[typ] = FUNNEL_PLANTERADE[kod]
            other = int(rng.poisson(OVRIGA_PER_100K * denom))
            counts = {"totalt": sum(counts.values()) + other, **counts}
            rows += [(kod, ar, typ, n) for typ, n in counts.items()]
    df = pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL])
    lan = df.groupby([C.AR, C.BROTTSTYP], as_index=False, sort=False)[C.ANTAL].sum().assign(**{C.KOMMUNKOD: LAN_KOD})
    out = pd.concat([df, lan[df.columns]], ignore_index=True)
    out[C.ANTAL] = out[C.ANTAL].astype("Int64")
    out[C.KALLA] = KALLA
    return out


def brott() -> pd.DataFrame:
    """Reported crimes 2015-2025 (``kommunkod, ar, brottstyp, antal, kalla``) of the members and the county."""
    return _brott().copy()


# ------------------------------------------------------------------------------------------------
# the incident register of Kursköping
# ------------------------------------------------------------------------------------------------
X0, Y0 = 585_000.0, 6_695_000.0  # the centre of the fictional town (SWEREF 99 TM, metres)

#: Named places: (place, area, east offset m, north offset m, patrolled by the security company).
PLATSER = [
    ("Resecentrum", "Centrum", 150, -250, True), ("Torget", "Centrum", 0, 0, False),
    ("Centrumskolan", "Centrum", -450, 300, False), ("Gallerian", "Centrum", 250, 120, True),
    ("Stadsparken", "Centrum", -300, -150, False), ("Parkeringshuset", "Centrum", 350, -60, True),
    ("Biblioteket", "Centrum", -120, 180, False), ("Krogen Kronan", "Centrum", 60, 90, False),
    ("Norrbyskolan", "Norrby", -200, 1900, False), ("Norrby centrum", "Norrby", 100, 2100, False),
    ("Gångtunneln i Norrby", "Norrby", 300, 1650, False), ("Idrottsplatsen", "Norrby", -700, 2300, False),
    ("Badplatsen", "Söderåsen", 900, -1900, False), ("Motionsspåret", "Söderåsen", 1400, -2300, False),
    ("Bruksskolan", "Bruket", 7200, 3100, False), ("Busshållplatsen i Bruket", "Bruket", 7000, 2900, False),
    ("Hembygdsgården", "Ekdalen", -6100, -4200, False),
]
_GATOR = ["Björkvägen", "Lönngatan", "Lärkstigen", "Granvägen", "Ekbacken", "Tallstigen", "Skolgatan", "Kyrkvägen",
          "Ängsvägen", "Hagagatan", "Sjövägen", "Bruksgatan", "Mossvägen", "Rönnvägen", "Vallgatan", "Smedjegatan",
          "Kvarngatan", "Åsvägen", "Bäckstigen", "Ringvägen", "Storgatan", "Järnvägsgatan", "Parkvägen", "Solvägen",
          "Linvägen", "Klövervägen", "Videvägen", "Aspvägen", "Hasselstigen", "Syrenvägen"]

# category: (events per year, {place: weight} (None = streets), weekday weights Mon..Sun, hours, months)
_EVE = [0.3] * 6 + [0.4] * 6 + [0.8] * 6 + [2.5, 3, 3, 3.2, 3, 2.5]
_NIGHT = [2.4, 2.2, 1.8, 1.2, 0.6, 0.3] + [0.2] * 12 + [0.5, 0.8, 1.2, 1.6, 2.2, 2.5]
_DAY = [0.2] * 7 + [1, 1.5, 2, 2, 2, 2, 2, 2, 1.5, 1.2] + [0.6] * 7
_LATE = [2.8, 2.2, 1.4, 0.5, 0.2, 0.1] + [0.1] * 12 + [0.6, 1.0, 1.6, 2.4, 3.2, 3.4]
_TERM = [1.1, 1.2, 1.2, 1.1, 1.1, 0.7, 0.4, 0.8, 1.2, 1.3, 1.2, 0.9]
_SUMMER = [0.5, 0.5, 0.7, 0.9, 1.2, 1.6, 1.8, 1.6, 1.1, 0.8, 0.6, 0.6]
_FLAT = [1.0] * 12
_WEEKEND = [0.7, 0.7, 0.8, 0.9, 1.8, 2.2, 1.0]
_KATEGORIER = {
    "skadegorelse": (120, {"Centrumskolan": 9, "Resecentrum": 5, "Stadsparken": 4, "Norrbyskolan": 4,
                           "Busshållplatsen i Bruket": 2, "Bruksskolan": 2, "Idrottsplatsen": 2, None: 6},
                     [0.9, 0.9, 1.0, 1.0, 1.5, 1.6, 0.9], _EVE, _TERM),
    "klotter": (50, {"Gångtunneln i Norrby": 5, "Resecentrum": 3, "Centrumskolan": 3, "Parkeringshuset": 2, None: 3},
                [0.8, 0.8, 0.9, 1.0, 1.4, 1.5, 1.0], _NIGHT, _FLAT),
    "storande_samling": (70, {"Resecentrum": 8, "Gallerian": 5, "Torget": 4, "Stadsparken": 3, "Badplatsen": 2,
                              "Norrby centrum": 1},
                         [0.4, 0.4, 0.5, 0.7, 2.6, 2.8, 0.8], _EVE, _SUMMER),
    "vald": (35, {"Torget": 6, "Krogen Kronan": 5, "Resecentrum": 4, "Norrby centrum": 1, None: 2},
             [0.4, 0.4, 0.5, 0.6, 2.2, 2.8, 1.0], _LATE, _FLAT),
    "inbrott_stold": (60, {"Gallerian": 4, "Parkeringshuset": 2, "Idrottsplatsen": 1, None: 12},
                      [1.1, 1.1, 1.1, 1.1, 1.0, 0.8, 0.8], _DAY, _FLAT),
    "buskorning": (40, {"Busshållplatsen i Bruket": 4, "Hembygdsgården": 3, "Idrottsplatsen": 2, "Motionsspåret": 2},
                   [0.8, 0.8, 0.9, 1.0, 1.4, 1.4, 1.0], _EVE, [0.1, 0.1, 0.5, 1.4, 2, 2, 1.8, 1.8, 1.2, 0.6, 0.2, 0.1]),
    "nedskrapning": (30, {"Stadsparken": 4, "Badplatsen": 3, "Torget": 2, "Resecentrum": 2},
                     _WEEKEND, _DAY, _SUMMER),
    "otrygg_plats": (15, {"Gångtunneln i Norrby": 4, "Parkeringshuset": 3, "Motionsspåret": 1}, [1] * 7, _EVE, _FLAT),
    "ovrigt": (20, {"Torget": 1, "Biblioteket": 1, "Norrby centrum": 1, None: 2}, [1] * 7, _DAY, _FLAT),
}
_TEXTER = {
    "skadegorelse": ["Krossad ruta vid {p}.", "Sönderslagen papperskorg vid {p}.", "Sparkad dörr vid {p}."],
    "klotter": ["Klotter på vägg vid {p}.", "Nytt klotter vid {p}, samma tag som förra veckan."],
    "storande_samling": ["Grupp om 10–15 ungdomar stör vid {p}.", "Högljudd samling vid {p}, flaskor på marken."],
    "vald": ["Slagsmål vid {p}.", "Person hotad vid {p}."],
    "inbrott_stold": ["Inbrott i förråd vid {p}.", "Cykelstöld vid {p}."],
    "buskorning": ["Mopeder kör fort vid {p}.", "A-traktorer kör i cirklar vid {p}."],
    "nedskrapning": ["Mycket skräp vid {p}."],
    "otrygg_plats": ["Trasig belysning vid {p}.", "Boende känner sig otrygga vid {p}."],
    "ovrigt": ["Lösspringande hund vid {p}.", "Övrigt ärende vid {p}."],
}
_FORNAMN = ["Anna", "Erik", "Maria", "Johan", "Sara", "Lars", "Fatima", "Ali", "Karin", "Mikael", "Elin", "Omar"]
_EFTERNAMN = ["Exempelsson", "Testberg", "Påhittsson", "Fiktivsdotter", "Provqvist", "Övningsson"]
_PERSONER = ["En pojke i 15-årsåldern i röd jacka sågs springa därifrån.", "Boende i nr 4 tror att grannens son var med.",
             "Samma äldre man som förra gången var på plats."]


def _organisation(rng, kategori: str, patrolled: bool) -> str:
    if patrolled and rng.random() < 0.75:
        return "Bevakningsbolaget"
    if kategori == "vald":
        return "Polisen"
    return str(rng.choice(["Kommunen", "Fastighetsbolaget", "Polisen", "Kommunen"]))


@lru_cache(maxsize=1)
def _handelser() -> pd.DataFrame:
    rng = np.random.default_rng([SEED, 2])
    days = pd.date_range("2024-01-01", "2025-12-31", freq="D")
    weekday, month = days.day_of_week.to_numpy(), days.month.to_numpy() - 1
    places = {p[0]: p for p in PLATSER}
    streets = {g: (g, "Centrum" if i < 12 else ("Norrby" if i < 22 else "Söderåsen"),
                   rng.normal(0, 700), rng.normal(400 if i < 22 else -900, 900), False) for i, g in enumerate(_GATOR)}
    rows = []
    for kat, (per_year, where, wd, hours, months) in _KATEGORIER.items():
        n = int(rng.poisson(per_year * 2))
        pday = np.asarray(wd)[weekday] * np.asarray(months)[month]
        d = rng.choice(len(days), size=n, p=pday / pday.sum())
        h = rng.choice(24, size=n, p=np.asarray(hours) / np.sum(hours))
        names = list(where)
        w = np.array([where[k] for k in names], dtype=float)
        pick = rng.choice(len(names), size=n, p=w / w.sum())
        for di, hi, pi in zip(d, h, pick):
            p = places[names[pi]] if names[pi] is not None else streets[_GATOR[int(rng.integers(len(_GATOR)))]]
            t = days[di] + pd.Timedelta(hours=int(hi), minutes=int(rng.integers(60)))
            text = str(rng.choice(_TEXTER[kat])).format(p=p[0])
            if rng.random() < 0.3:
                text += (f" Uppgiftslämnare: {rng.choice(_FORNAMN)} {rng.choice(_EFTERNAMN)}, "
                         f"tel 070-174 06 {int(rng.integers(5, 100)):02d}.")
            elif rng.random() < 0.1:
                text += " " + str(rng.choice(_PERSONER))
            rows.append({C.TIDPUNKT: t, C.KATEGORI: kat, C.PLATS: p[0], C.OMRADE: p[1],
                         C.X: round(X0 + p[2] + rng.normal(0, 25)), C.Y: round(Y0 + p[3] + rng.normal(0, 25)),
                         C.ORGANISATION: _organisation(rng, kat, p[4]), C.ALLVARLIGHET: int(rng.choice([1, 1, 2, 2, 3])),
                         C.POLISANMALD: bool(kat in ("vald", "inbrott_stold") or rng.random() < 0.2),
                         C.ATGARD: "", C.FRITEXT: text})
    df = pd.DataFrame(rows).sort_values(C.TIDPUNKT, kind="stable").reset_index(drop=True)
    df[C.TIDPUNKT] = df[C.TIDPUNKT].dt.tz_localize(TZ, ambiguous=False, nonexistent="shift_forward")
    df[C.TIDPUNKT_TILL] = pd.Series(pd.NaT, index=df.index, dtype=df[C.TIDPUNKT].dtype)
    df[C.ID] = [f"{KOD}-{i:05d}" for i in range(1, len(df) + 1)]
    df[C.KOMMUNKOD] = KOD
    df[C.X] = df[C.X].astype(float)
    df[C.Y] = df[C.Y].astype(float)
    return df[C.INCIDENT_COLUMNS]


def handelser() -> pd.DataFrame:
    """Kursköping's incident register 2024-2025 (the incidents contract of :mod:`lagesbild_methods.columns`)."""
    return _handelser().copy()


@lru_cache(maxsize=1)
def _manadsserie() -> pd.DataFrame:
    rng = np.random.default_rng([SEED, 3])
    months = pd.period_range("2021-01", "2025-12", freq="M")
    t = np.arange(len(months)) / 12
    season = 1 + 0.25 * np.cos(2 * np.pi * (months.month.to_numpy() - 10) / 12)
    after = months >= pd.Period(START_INSATS, "M")
    rows = []
    for omrade, base, effect in (("Centrum", 13.0, 0.62), ("Norrby", 9.0, 1.0)):
        mu = base * season * np.exp(-0.07 * t) * np.where(after, effect, 1.0)
        y = rng.poisson(rng.gamma(1 / 0.02, mu * 0.02))  # NB, alpha 0.02
        rows += [(omrade, str(m), int(v)) for m, v in zip(months, y)]
    return pd.DataFrame(rows, columns=[C.OMRADE, "manad", C.ANTAL])


def manadsserie(omrade: str | None = None) -> pd.DataFrame:
    """Monthly skadegörelse in Centrum (measure from March 2024) and Norrby 2021-2025: ``omrade, manad, antal``."""
    df = _manadsserie()
    return (df if omrade is None else df[df[C.OMRADE] == omrade].reset_index(drop=True)).copy()
