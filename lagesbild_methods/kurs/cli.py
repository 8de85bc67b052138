"""``lagesbild kurs``: list the course exercises, or render them as HTML handouts.

    lagesbild kurs                           # övningarna, tider och hur man börjar
    lagesbild kurs --utdelning               # utdelningar (HTML) för alla övningar i rapporter/kurs/
    lagesbild kurs --utdelning --ovning 3    # bara övning 3
    lagesbild kurs --utdelning --losningar   # lösningarna i stället (efter kursen)

``cli.py`` calls :func:`register` with its subparsers (a one-line hook, like ``lagesbild arbetsbok``).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .. import paths


def register(subparsers) -> None:
    k = subparsers.add_parser(
        "kurs", help="kursens övningar: lista dem eller skapa utdelningar i HTML",
        description="Övningarna i grundkursen i praktiskt brottsförebyggande arbete (påhittad övningskommun). "
                    "Utan flaggor listas övningarna. Med --utdelning körs övningarna och skrivs som fristående "
                    "HTML-filer att dela ut eller skriva ut.")
    k.add_argument("--utdelning", action="store_true", help="kör övningarna och skriv en HTML-utdelning per övning")
    k.add_argument("--ovning", type=int, action="append", metavar="NR", help="bara övning NR (kan anges flera gånger)")
    k.add_argument("--losningar", action="store_true", help="lösningarna i stället för övningarna")
    k.add_argument("--ut", default=str(paths.REPORTS_DIR / "kurs"), help="mapp för utdelningarna (standard: rapporter/kurs/)")
    k.set_defaults(func=run)


def run(args) -> int:
    import nbformat

    from . import utdelning

    valda = utdelning.valj(args.ovning, losningar=args.losningar)
    if not args.utdelning:
        print("Övningar (påhittad övningskommun Kursköping). Börja med notebooks/00_kom_igang.ipynb i JupyterLab.")
        for p in valda:
            k = nbformat.read(p, as_version=4).metadata.get("kurs", {})
            print(f"  {p.name:34} {k.get('minuter', '?'):>3} min  {k.get('titel', '')}")
        print(f"Handledning: {utdelning.KURS_DIR / 'HANDLEDNING.md'}")
        return 0
    ut = Path(args.ut).resolve()
    print(f"Kör {len(valda)} notebook(s) och skriver utdelningar till {ut} …", file=sys.stderr)
    for f in utdelning.skriv_utdelningar(valda, ut):
        print(f"skrev {f}")
    return 0
