"""Build the course material from its one source: the solution notebooks in ``notebooks/losningar/``.

    .venv/bin/python tools/build_kurs.py           # write exercises, tidy solutions, write the guide
    .venv/bin/python tools/build_kurs.py --check   # exit 1 if anything would change (the tests run this)

A trainer edits a solution notebook in JupyterLab (narrative, code, the answer between ``### LÖSNING`` and
``### SLUT``, cells tagged ``losning`` for the worked answer and ``handledare`` for notes to the trainer) and
runs this tool. It writes:

* ``notebooks/NN_namn.ipynb`` -- the exercise: the solution with the answers removed
  (:func:`kurs_preprocessors.to_exercise`);
* ``notebooks/losningar/NN_namn.ipynb`` -- the solution itself, without outputs and with stable metadata;
* ``notebooks/HANDLEDNING.md`` -- the facilitator guide: the day plan, and per exercise its timing, the
  right answers (computed now by the package's own self-checks), discussion questions and common mistakes
  (the ``handledare`` cells).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import kurs_preprocessors as P  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = NOTEBOOKS / "losningar"
GUIDE = NOTEBOOKS / "HANDLEDNING.md"
#: A suggested plan for the two course days (the county programme's course ran over two days, 10-11 November).
DAGAR = [
    "**Förslag till två kursdagar.** Dag 1: `00_kom_igang` (15 min) och övningarna 1–3, som följer lägesbildens "
    "frågor (hur mycket, jämfört med vad, när och var). Dag 2: övning 4 (orsaksanalys), 5 (mål och åtgärdsplan), "
    "6 (uppföljning) och 7 (att dela resultat). Varje övning fungerar också ensam, till exempel på en nätverksträff.",
    "",
    "**Blandade grupper.** Kommunpoliser, samordnare och beslutsfattare kan arbeta i par. Den som inte vill räkna "
    "kan hoppa över räknefrågorna och läsa tabellerna: bedömningsfrågan sist i varje övning kräver ingen uträkning. "
    "Återkopplingen på ett fel svar förklarar tankefelet men avslöjar aldrig det rätta svaret, så det går bra att "
    "gissa och pröva igen.",
    "",
    "**Vanliga tekniska fel.** Text utan citattecken (`svar_3b = förmiddag`) ger felet *NameError*: skriv "
    "`svar_3b = \"förmiddag\"`. Decimalkomma i ett tal (`svar_1a = 123,4`) blir två tal i Python: skriv `123.4` eller "
    "`\"123,4\"` (kontrollen säger till). En cell som körs innan cellerna ovanför har körts ger *NameError*: välj "
    "*Run > Run All Above Selected Cell* i JupyterLab.",
]
_CHECK = re.compile(r"kurs\.kontrollera\(\s*[\"'](?P<key>\w+)[\"']")


def solution_paths() -> list[Path]:
    return sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))


def question_keys(nb) -> list[str]:
    """The question keys checked in a notebook, in order."""
    return [m.group("key") for c in nb.cells if c.cell_type == "code" for m in _CHECK.finditer(c.source)]


def _text(nb) -> str:
    return nbformat.writes(nb) + "\n" if not nbformat.writes(nb).endswith("\n") else nbformat.writes(nb)


def guide(solutions: list[tuple[Path, nbformat.NotebookNode]]) -> str:
    from lagesbild_methods.kurs import alla_fragor

    FRAGOR = alla_fragor()

    lines = ["# Handledning: övningarna i grundkursen i praktiskt brottsförebyggande arbete", "",
             "<!-- Skapad av tools/build_kurs.py från lösningarna i notebooks/losningar/. Ändra i lösningarna "
             "och kör verktyget igen; ändra inte här. -->", "",
             "Övningarna bygger på den **påhittade** övningskommunen Kursköping i det påhittade Övningslänet. "
             "Varje övning tar 20–40 minuter och slutar i en bedömning som en samordnare gör i arbetet. "
             "Deltagarna öppnar övningen i JupyterLab (`notebooks/`), kör cellerna och skriver sina svar i "
             "variablerna `svar_…`; kontrollfunktionen ger en kommentar som förklarar ett felaktigt svar utan "
             "att avslöja det rätta. Lösningarna finns i `notebooks/losningar/` och utdelningar i HTML skapas "
             "med `lagesbild kurs --utdelning`.", "",
             "## Upplägg", "", "| Övning | Brås steg | Minuter | Begrepp | Bedömningen på slutet |",
             "|---|---|---|---|---|"]
    total = 0
    for path, nb in solutions:
        k = nb.metadata.get("kurs", {})
        total += int(k.get("minuter", 0))
        lines.append(f"| {k.get('ovning')}. {k.get('titel')} | {k.get('steg', '')} | {k.get('minuter')} "
                     f"| {', '.join(k.get('begrepp', []))} | {k.get('bedomning', '')} |")
    lines += ["", f"Sammanlagt cirka {total} minuter övningstid, utöver genomgångar och pauser.", "", *DAGAR, ""]
    for path, nb in solutions:
        k = nb.metadata.get("kurs", {})
        lines += [f"## Övning {k.get('ovning')}: {k.get('titel')} ({k.get('minuter')} min)", "",
                  f"Deltagarnas fil: `notebooks/{path.name}` · lösning: `notebooks/losningar/{path.name}`", "",
                  "### Rätt svar (räknade av paketet när handledningen skapades)", "", "| Fråga | Rätt svar |",
                  "|---|---|"]
        for key in question_keys(nb):
            lines.append(f"| {key} | {FRAGOR[key].facit_text().replace('|', '/')} |")
        lines.append("")
        for c in nb.cells:
            if "handledare" in c.get("metadata", {}).get("tags", []):
                lines += [c.source.strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def build() -> dict[Path, str]:
    """Every file the course source determines, with its content."""
    out: dict[Path, str] = {}
    solutions = []
    for path in solution_paths():
        nb = nbformat.read(path, as_version=4)
        solutions.append((path, nb))
        out[path] = _text(P.to_solution(nb))
        out[NOTEBOOKS / path.name] = _text(P.to_exercise(nb))
    out[GUIDE] = guide(solutions)
    return out


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def check() -> list[str]:
    """Files that differ from what the source gives (empty when all is in step)."""
    problems = []
    for path, text in build().items():
        if not path.exists():
            problems.append(f"saknas: {_shown(path)}")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"inaktuell: {_shown(path)} (kör tools/build_kurs.py)")
    return problems


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = check()
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    for path, text in build().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"skrev {_shown(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
