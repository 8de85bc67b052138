"""Practice step workbooks (övningsarbetsböcker) for the eight municipalities, from the practice data.

Each workbook tells one invented story that fits the bundled data: the lägesbild for 2023 (incidents and
crime statistics of 2023) gives the prioritised problems; causes rest on a mix of data, local knowledge,
research and assumption; measures start during 2024 with techniques, owners and evidence levels;
activities run through 2024-2025 with hours, costs and statuses; indicators carry baselines computed from
the incident register (the twelve months before each measure starts), targets and dates; a
medborgarlöfte sums it up in plain Swedish. A few gaps are left on purpose (a problem without a cause
analysis, an indicator without a baseline) so that reports show how gaps look.

For steps 4-5 (issue 13) one measure per municipality has a **planted effect** and one a **null effect**
(on problems chosen by :mod:`.synth_workbook_roles`); both are recorded in ``planterade_effekter.csv`` beside the workbooks (see the README there) so that the
incident generator can plant them. Everything is deterministic from the seed: the same seed and data give
byte-identical files (``lagesbild arbetsbok --ovningsdata`` or ``make arbetsbocker``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import paths, registry
from .synth_workbook_plan import CREATED, plan_story
from .synth.planted import PLANTED_FILE, apply_planted_effects, read_planted  # noqa: F401 (re-exported)
from .synth_workbook_roles import unplanted_incidents
from .workbook import schema as S
from .workbook import writer

DEFAULT_SEED = 20261125
OUT_DIR = paths.SYNTH_DIR / "arbetsbocker"
PLANTED_COLUMNS = ["kommunkod", "kommun", "typ", "atgard_id", "indikator_id", "problem_id", "kategori",
                   "kategori_namn", "omrade", "plats", "start", "slut", "sann_kvot", "handelser_per_ar_fore",
                   "forvantad_z", "jamforelseomraden", "samtidiga_atgarder"]


def workbook_path(kommunkod: str, out_dir: Path = OUT_DIR) -> Path:
    return writer.default_path(kommunkod, out_dir)


def load_inputs(kommunkod: str, shared: dict | None = None) -> dict:
    """The bundled practice data one workbook rests on (read through the sources layer). ``shared`` may
    hold the crime and population frames already read (they are the same for every municipality)."""
    from . import sources

    kod = registry.get(kommunkod).kod
    shared = shared or {}
    return {
        "incidents": sources.read_incident_register(paths.incidents_file(kod), kommunkod=kod),
        "crime": shared["crime"] if "crime" in shared else sources.read_crime_csv(),
        "population": shared["population"] if "population" in shared else sources.read_population_csv(),
        "survey": sources.read_survey(paths.survey_file(kod), kommunkod=kod) if paths.survey_file(kod).is_file()
        else None,
        "unplanted": unplanted_incidents(kod),  # the generated register before planting (choice of effect/null)
    }


def generate_one(kommunkod: str, out_dir: Path = OUT_DIR, seed: int = DEFAULT_SEED,
                 inputs: dict | None = None) -> tuple[Path, list[dict]]:
    """Write one practice workbook; return its path and its planted-effect records."""
    kod = registry.get(kommunkod).kod
    inputs = inputs or load_inputs(kod)
    story = plan_story(kod, inputs, np.random.default_rng([int(seed), 12, int(kod)]))
    wb = writer.build(kod, None, today=CREATED)
    for sheet in S.SHEETS:
        writer.put_rows(wb, sheet, story.rows[sheet.key])
    path = writer.save(wb, workbook_path(kod, out_dir))
    return path, story.planted


def generate_all(out_dir: Path = OUT_DIR, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """All eight practice workbooks, ``planterade_effekter.csv`` and ``README.md``; returns {name: path}."""
    from . import sources

    out_dir = Path(out_dir)
    written, planted = {}, []
    shared = {"crime": sources.read_crime_csv(), "population": sources.read_population_csv()}
    for kod in registry.kommuner_i_lan(registry.STANDARD_LAN):
        path, recs = generate_one(kod, out_dir, seed, load_inputs(kod, shared))
        written[path.stem] = path
        planted.extend(recs)
    written["planterade_effekter"] = write_planted(planted, out_dir / PLANTED_FILE)
    written["README"] = _write_text(out_dir / "README.md", README_TEXT)
    return written


def write_planted(records: list[dict], path: Path) -> Path:
    frame = pd.DataFrame(records, columns=PLANTED_COLUMNS)
    return _write_text(path, frame.to_csv(index=False, lineterminator="\n"))


def _write_text(path: Path, text: str) -> Path:
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


README_TEXT = """\
# Övningsarbetsböcker (syntetiska) – lagesbild

**Allt i den här mappen är påhittat.** En arbetsbok per kommun i Uppsala län, i samma format som
`lagesbild arbetsbok --kommun NAMN` skapar, ifylld som om kommunen hade arbetat igenom stegen 2023–2025:

* **Problem** från lägesbilden 2023 (händelserapporterna och brottsstatistiken i övningsdata för 2023);
* **Orsaker** som vilar på en blandning av data, lokal kunskap, forskning och antaganden;
* **Åtgärder** som startar 2024, med situationell teknik, ansvarig verksamhet och evidensnivå;
* **Aktiviteter** 2024–2025 med timmar, kostnader och status;
* **Indikatorer** med baslinje (räknad ur händelserapporterna för de tolv månaderna före åtgärdens start),
  målvärde och måldatum;
* ett **medborgarlöfte** i klarspråk.

Några luckor finns med avsikt (ett problem utan orsaksanalys, en indikator utan baslinje) så att
rapporterna visar hur en lucka ser ut. Namn och telefonnummer i de interna kolumnerna är påhittade
(telefonnummer ur PTS nummerserie för fiktion, 070-174 06 xx); de får aldrig synas i en rapport.

## Planterade effekter (`planterade_effekter.csv`)

För varje kommun har en åtgärd en **planterad effekt** (`typ = effekt`) och en åtgärd **ingen effekt**
(`typ = nolleffekt`, `sann_kvot = 1`). Vilka problem som får dem avgörs med samma regel i alla kommuner: ett
problem vars händelser redan före planteringen hade ökat eller minskat av en slump vid åtgärdens start
(räknat som i årsuppföljningen) får ingen av dem, och ett sådant problem tas inte med i berättelsen alls (nästa
vanligaste kategori och område 2023 tar dess plats), så att rapporterna bara hittar effekter som planterats
(`lagesbild_methods/synth_workbook_roles.py`). Kolumner: `kommunkod`, `kommun`, `typ`, `atgard_id` och
`indikator_id` (id i arbetsboken), `problem_id`, `kategori` (paketets händelsekod) och `kategori_namn`,
`omrade` (området i händelserapporterna), `plats` (tom = alla platser i området), `start` och `slut`
(effekten gäller händelser med `start <= tidpunkt <= slut`, datum inklusive), `sann_kvot` (den sanna
kvoten mellan intensiteten med och utan åtgärden: 0,6 = 40 % färre händelser), `handelser_per_ar_fore`
(antal händelser 2023 i kategori och område), `forvantad_z` (ungefärligt z-värde för en jämförelse före/efter
med Poissonfördelning; kvoten är den mildaste av 0,7/0,6/0,5/0,4 som ger minst 4; för nolleffekten det
z-värde en minskning med 30 % skulle ha gett), `jamforelseomraden`
(andra områden i kommunen med samma kategori, `|`-separerade) och `samtidiga_atgarder` (åtgärder för samma
problem som startade samma dag; effekten gäller då hela paketet, och deras indikatorer visar samma förändring).

Effekterna planteras i händelserapporterna av `synth_workbook.apply_planted_effects` (varje händelse i
kategori och område med datum från `start` till `slut` behålls med sannolikheten `sann_kvot`).

## Skapa om filerna

    lagesbild arbetsbok --ovningsdata      # eller: make arbetsbocker

Samma slumpfrö (standard 20261125) och samma övningsdata ger byte-identiska filer. Koden finns i
`lagesbild_methods/synth_workbook.py`.
"""
