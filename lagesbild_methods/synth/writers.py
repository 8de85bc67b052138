"""Writers of the practice-data files (exact formats), their README texts and :func:`generate_all`.

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
from .survey import *  # noqa: F401,F403

__all__ = [
    "_atomic_write",
    "_csv_text",
    "write_crime_stats",
    "write_population",
    "INCIDENT_FILE_COLUMNS",
    "incidents_file_frame",
    "write_incidents",
    "write_survey",
    "README_TEXT",
    "DATA_README_TEXT",
    "generate_all",
]

# ================================================================================================
# Writers (exact formats of the bundled-data spec)
# ================================================================================================
def _atomic_write(path: Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _csv_text(frame: pd.DataFrame, sep: str) -> str:
    buf = io.StringIO()
    frame.to_csv(buf, sep=sep, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def write_crime_stats(frame: pd.DataFrame, path: Path) -> Path:
    """``anmalda_brott.csv``: comma-separated UTF-8, header kommunkod,ar,brottstyp,antal,kalla."""
    return _atomic_write(path, _csv_text(frame[C.CRIME_COLUMNS], ","))


def write_population(frame: pd.DataFrame, path: Path) -> Path:
    """``folkmangd.csv``: comma-separated UTF-8, header kommunkod,ar,folkmangd,kalla."""
    return _atomic_write(path, _csv_text(frame[C.POPULATION_COLUMNS], ","))


INCIDENT_FILE_COLUMNS = [C.ID, C.TIDPUNKT, C.TIDPUNKT_TILL, C.KATEGORI, C.PLATS, C.OMRADE, C.X, C.Y,
                         C.ORGANISATION, C.ALLVARLIGHET, C.POLISANMALD, C.ATGARD, C.FRITEXT]


def incidents_file_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The incident frame as text columns in the file format (labels, local times, Ja/Nej, whole metres)."""
    out = pd.DataFrame({
        C.ID: frame[C.ID],
        C.TIDPUNKT: frame[C.TIDPUNKT].dt.strftime("%Y-%m-%d %H:%M"),
        C.TIDPUNKT_TILL: frame[C.TIDPUNKT_TILL].dt.strftime("%Y-%m-%d %H:%M").fillna(""),
        C.KATEGORI: frame[C.KATEGORI].map(C.INCIDENT_KATEGORIER),
        C.PLATS: frame[C.PLATS], C.OMRADE: frame[C.OMRADE],
        C.X: frame[C.X].round().astype("int64").astype(str), C.Y: frame[C.Y].round().astype("int64").astype(str),
        C.ORGANISATION: frame[C.ORGANISATION], C.ALLVARLIGHET: frame[C.ALLVARLIGHET].astype("int64").astype(str),
        C.POLISANMALD: np.where(frame[C.POLISANMALD].to_numpy(dtype=bool), "Ja", "Nej"),
        C.ATGARD: frame[C.ATGARD].fillna(""), C.FRITEXT: frame[C.FRITEXT],
    })
    return out[INCIDENT_FILE_COLUMNS]


def write_incidents(frame: pd.DataFrame, path: Path) -> Path:
    """``handelser_<kod>.csv``: semicolon-separated UTF-8, header
    id;tidpunkt;tidpunkt_till;kategori;plats;omrade;x;y;organisation;allvarlighet;polisanmald;atgard;fritext."""
    return _atomic_write(path, _csv_text(incidents_file_frame(frame), ";"))


def write_survey(frame: pd.DataFrame, path: Path) -> Path:
    """``trygghetsmatning_<kod>.csv``: semicolon-separated UTF-8, decimal comma in vikt, wide (one column
    per question code)."""
    out = frame.copy()
    out[C.VIKT] = out[C.VIKT].map(lambda w: f"{w:.4f}".replace(".", ","))
    return _atomic_write(path, _csv_text(out, ";"))


README_TEXT = """\
# Övningsdata (syntetiska) – lagesbild

**Allt i den här mappen är påhittat.** Filerna är *övningsdata*: syntetiska data som paketet
`lagesbild` skapar själv från ett fast slumpfrö, så att mallarna går att köra och öva på utan
nätverk och utan riktiga uppgifter. Inga siffror beskriver verkliga händelser, platser eller
personer. Rapporter som bygger på dessa data märks med "Exempeldata".

## Filer

| Fil | Innehåll |
|---|---|
| `anmalda_brott.csv` | Anmälda brott per år 2015–2025 och brottstyp för de åtta kommunerna, Uppsala län (`03`, = summan av kommunerna), riket (`00`) och SKR:s kommungrupper som nationella summor (`KG-A2`, `KG-B3`, `KG-B4`, `KG-B5`). Kommaseparerad. |
| `folkmangd.csv` | Folkmängd 31 december 2014–2025 för samma områden. Kommaseparerad. |
| `handelser/handelser_<kommunkod>.csv` | Händelserapportering i EST-stil 2023–2025, en fil per kommun. Semikolonseparerad. |
| `enkat/trygghetsmatning_<kommunkod>.csv` | Enkätsvar i stil med en lokal trygghetsmätning 2022 och 2025, en rad per svarande, vikt med decimalkomma. Semikolonseparerad. |
| `ungdomsenkat/skolenkat_uppsala_lan_2023.csv` | Skolenkät om alkohol, narkotika, tobak och spel i formen av länets *Liv och hälsa ung* (åk 7, åk 9, gy 2; skolkommun och hemkommun), en rad per elev. Semikolonseparerad. |
| `samordnarenkat/samordnarenkat_2025.csv` | Export från ett formulärverktyg av enkäten till kommunala samordnare och kommunpoliser (frågorna som rubriker, flera val i en cell, påhittade namn och e-postadresser som inte läses in). Semikolonseparerad. |
| `dialog/dialoganteckningar_uppsala_lan.csv` | Anteckningar från medborgardialoger och trygghetsvandringar 2024–2025: datum, kommun, plats med position, tema (ibland bara fri text), vem som tog upp det. Semikolonseparerad. |

Alla filer är UTF-8. Kolumnen `kalla` säger "Övningsdata (syntetiska)" för brottsstatistiken.

## Så kalibrerades data

* **Nivå för anmälda brott 2025** per kommun: Kolada N07540 "Anmälda brott totalt, antal/100 000 inv"
  (2025, preliminärt; via Cortxt-io/juvahem): Håbo 10 643,59; Älvkarleby 13 542,48; Knivsta 9 029,49;
  Heby 9 496,86; Tierp 10 566,79; Uppsala 11 137,50; Enköping 11 719,29; Östhammar 6 656,29 per 100 000.
  Förväntat antal = nivån × folkmängden 31 december föregående år / 100 000 (Brå:s nämnare).
* **Trend 2015–2025**: jämn log-linjär trend. Uppsala 2018 = 10 538 per 100 000 (UNT, Brå preliminär
  statistik) och Enköping 2018 = 5 260 anmälda brott (UNT, Brå preliminär statistik) bestämmer lutningen
  för de två kommunerna; övriga har små påhittade lutningar. Riket följer en utjämnad bana kring
  1,46–1,55 miljoner anmälda brott per år (ungefärlig form av Brå:s nationella totaler; UNT: "cirka 1,54
  miljoner" 2018).
* **Slump**: årstotaler är negativt binomialfördelade kring trenden; brottstyperna är en multinomial
  uppdelning av totalen. Andelarna är *ungefärliga* nationella andelar (t.ex. stöldbrott 34 % → 26 %,
  skadegörelse 11,5 % → 10,5 %, bostadsinbrott 1,5 % → 0,7 %), justerade lokalt så att skadegörelse 2022
  blir omkring 980 per 100 000 i Håbo och 650 i Uppsala (SVT 2023, Brå). Brottstyperna täcker inte alla
  brott, så `totalt` är alltid minst summan av typerna.
* **Folkmängd**: SCB-värden ur paketets register (via Regionfakta, UNT, Länsstyrelsen, Håbo kommun,
  Kolada N01951, SCB PxWeb) där de finns – `kalla` anger källan. Övriga år är linjärt interpolerade
  ("Interpolerad (övningsdata)"), så att länet blir summan av kommunerna. Kommungruppernas folkmängd är
  **antagen** (runda påhittade värden: A2 ca 2,25 milj., B3 2,6 milj., B4 1,15 milj., B5 0,95 milj. år 2025).
* **Händelser**: storleken ökar med folkmängden (några hundra per år i små kommuner, några tusen i
  Uppsala). Platserna ligger runt den verkliga centralorten (registrets koordinater i SWEREF 99 TM) och
  verkliga byar/stadsdelar på ungefärliga positioner; platsnamnen är påhittade men rimliga
  ("Resecentrum", "Torget", "Centrumskolan" …). Störningar sker oftare kvällar och helger, fler på
  sommaren och vid valborg, midsommar och nyår; skolor mest under terminerna. Några inbrott har ett
  tidsfönster (`tidpunkt_till`). Kolumnen `fritext` innehåller påhittade namn och telefonnummer ur det
  nummerblock som PTS reserverat för fiktion (070-174 06 05–99) – den får aldrig komma med i en rapport.
* **Trygghetsmätning**: cirka 300 svarande per kommun och år (ca 600 i Uppsala), åldrar 16–84. Nivåer
  som i NTU: omkring 15–25 % känner sig otrygga ute sent på kvällen, kvinnor ungefär 2–3 gånger så ofta
  som män (NTU 2013: kvinnor 25 %, män 7 %); utsatthet för hot eller våld omkring 7–10 % (NTU 2024: hot
  7,4 %). Vikterna efterstratifierar urvalet till en antagen ålders- och könsfördelning (designeffekt
  enligt Kish ca 1,05–1,4).

## Skapa om filerna

    lagesbild ovningsdata            # eller: make data

Samma slumpfrö (standard 20261125) ger byte-identiska filer. Koden finns i
`lagesbild_methods/synth/` (`generate_all`).

## Länets egna övningsdata (skolenkät, samordnarenkät, dialoger)

* **Skolenkäten**: årskullen per årskurs är 1,18 % av kommunens folkmängd (registret), svarsfrekvens 85 % (åk 7),
  80 % (åk 9) och 65 % (gy 2). Andelarna per årskurs (t.ex. druckit alkohol senaste året 10/38/66 %, använt
  narkotika någon gång 1/5/14 %) är rimliga nivåer för svenska skolenkäter men **påhittade**, med en slumpmässig
  kommuneffekt. Gymnasieelever i de mindre kommunerna går ofta i skola i Uppsala eller Enköping.
* **Samordnarenkäten**: en samordnare per kommun, kommunpoliser i de flesta, en chef; svaren är slumpade.
* **Dialogerna**: två till fyra tillfällen per kommun vid platser runt kommunens orter (ungefärliga positioner).

Skapas om med `python -m lagesbild_methods.synth_lan` (samma slumpfrö ger byte-identiska filer).
"""

DATA_README_TEXT = """\
# data/

**Svenska.** Här ligger de data som följer med paketet. `ovningsdata/` innehåller *syntetiska*
övningsdata (påhittade, men kalibrerade på verkliga befolkningstal och rimliga nivåer) för Uppsala läns
åtta kommuner: anmälda brott, folkmängd, händelserapportering i EST-stil och en trygghetsmätning. De
skapas om med `lagesbild ovningsdata`. Riktiga data läses in med paketets läsare; se
`ovningsdata/README.md`.

**English.** Data shipped with the package. `ovningsdata/` holds *synthetic* practice data (invented,
calibrated on real population sizes and realistic rate levels) for the eight municipalities of Uppsala
county: reported crimes, population, an EST-style incident register and a safety survey. Regenerate them
with `lagesbild ovningsdata`; details (in Swedish) in `ovningsdata/README.md`.
"""


def generate_all(out_dir: Path = paths.SYNTH_DIR, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Generate and write every bundled synthetic file; return {name: path}.

    Writes ``anmalda_brott.csv``, ``folkmangd.csv``, ``handelser/handelser_<kod>.csv`` and
    ``enkat/trygghetsmatning_<kod>.csv`` for all eight kommuner, and ``README.md`` in ``out_dir``;
    when ``out_dir`` is the default folder also ``data/README.md``. Same seed -> byte-identical files.
    """
    out_dir = Path(out_dir)
    written: dict[str, Path] = {}
    pop = generate_population()
    written["folkmangd"] = write_population(pop, out_dir / paths.POPULATION_FILE.name)
    crime = generate_crime_stats(rng_for(seed, "crime"), pop)
    written["anmalda_brott"] = write_crime_stats(crime, out_dir / paths.CRIME_FILE.name)
    from .planted import apply_planted_effects, read_planted

    planted = read_planted()  # the effects the practice workbooks record (data/ovningsdata/arbetsbocker)
    for kod in UPPSALA_KOMMUNER:
        inc = generate_incidents(kod, rng_for(seed, "incidents", kod))
        inc = apply_planted_effects(inc, kod, np.random.default_rng([seed, 13, int(kod)]), planted)
        written[f"handelser_{kod}"] = write_incidents(
            inc, out_dir / paths.INCIDENTS_DIR.name / paths.incidents_file(kod).name)
        sv = generate_survey(kod, rng_for(seed, "survey", kod))
        written[f"trygghetsmatning_{kod}"] = write_survey(
            sv, out_dir / paths.SURVEY_DIR.name / paths.survey_file(kod).name)
    written["README"] = _atomic_write(out_dir / "README.md", README_TEXT)
    if out_dir.resolve() == paths.SYNTH_DIR.resolve():
        written["data_README"] = _atomic_write(paths.DATA_DIR / "README.md", DATA_README_TEXT)
    return written
