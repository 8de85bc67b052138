"""CLI subcommands of the sources layer: ``lagesbild validera`` and ``lagesbild hamta``.

The lead's ``lagesbild_methods/cli.py`` calls :func:`register` with its argparse subparsers. Every
handler returns an int exit code and never lets a traceback out for user errors: a
:class:`LagesbildError` is printed (Swedish) to stderr and the handler returns 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .. import fmt
from ..errors import LagesbildError, ParameterError
from . import fetch, kinds, polisen, register as reg
from .reading import read

def detect_kind(path: Path) -> str:
    """Deprecated: use :func:`lagesbild_methods.sources.detect_kind`. Kept for callers that compare the old
    names ('scb' for either SCB format)."""
    name = kinds.detect_kind(path)
    return "scb" if name.startswith("scb-") else name


def _summary(df: pd.DataFrame) -> list[str]:
    lines = [f"{fmt.integer(len(df))} rader lästes in ({df.attrs.get('typ_namn', 'okänd typ')})."]
    if "kommunkod" in df and len(df):
        lines.append("Kommunkoder: " + ", ".join(sorted(map(str, df["kommunkod"].dropna().unique()))[:12]) + ".")
    if "ar" in df and len(df):
        lines.append(f"År: {int(df['ar'].min())}–{int(df['ar'].max())}.")
    if "tidpunkt" in df and len(df) and df["tidpunkt"].notna().any():
        lines.append(f"Period: {df['tidpunkt'].min():%Y-%m-%d} – {df['tidpunkt'].max():%Y-%m-%d}.")
    for note in df.attrs.get("anteckningar", []):
        lines.append(note)
    for warning in df.attrs.get("varningar", []):
        lines.append("VARNING: " + warning)
    if df.attrs.get("omappade_kategorier"):
        lines.append(reg.mapping_report(df))
    if df.attrs.get("ej_kodade"):
        lines.append(f"{len(df.attrs['ej_kodade'])} kommuner utanför Uppsala län lämnades utanför (ingen kommunkod "
                     "i paketet).")
    if df.attrs.get("okanda_typer"):
        lines.append("Okända händelsetyper (räknas som Övrigt): " + ", ".join(df.attrs["okanda_typer"]) + ".")
    return lines


def cmd_validera(args: argparse.Namespace) -> int:
    """Handler of ``lagesbild validera FIL [FIL …]``: print the report; 0 if valid, 1 otherwise.

    Several files (or a folder, or a glob) are checked as one series, as a template would combine them.
    """
    files = list(args.fil) if isinstance(args.fil, (list, tuple)) else [args.fil]
    opts = {"kategori_mappning": getattr(args, "mappning", None), "ar": getattr(args, "ar", None),
            "okand_kategori": "ovrigt" if getattr(args, "okand_som_ovrigt", False) else None}
    try:
        df = read(files if len(files) > 1 else files[0], getattr(args, "som", None), typ=args.typ, cli=True,
                  kommunkod=getattr(args, "kommun", None), **{k: v for k, v in opts.items() if v is not None})
    except LagesbildError as err:
        print(f"FEL: {err}", file=sys.stderr)
        return 1
    names = ", ".join(Path(p).name for p in df.attrs.get("filer", files))
    print(f"OK: {names} följer formatet.")
    for line in _summary(df):
        print("  " + line)
    return 0


def _years(text: str | None) -> list[int] | None:
    if not text:
        return None
    out: list[int] = []
    try:
        for part in text.split(","):
            if "-" in part:
                a, b = part.split("-")
                out.extend(range(int(a), int(b) + 1))
            else:
                out.append(int(part))
    except ValueError:
        raise ParameterError(f"Ogiltiga år: '{text}'. Skriv t.ex. 2024 eller 2015-2024 eller 2019,2021.") from None
    return out


def cmd_hamta(args: argparse.Namespace) -> int:
    """Handler of ``lagesbild hamta KÄLLA``: fetch (or take from the cache), save a file that the templates read
    unchanged, print a summary."""
    from .hamta import hamta
    try:
        years = None if (args.ar or "").strip().lower() in ("alla", "") else _years(args.ar)
        if args.kalla == "scb" and not args.ar:
            raise ParameterError("Ange vilka år som ska hämtas, t.ex. --ar 2015-2024, eller --ar alla.")
        f = fetch.Fetcher(Path(args.cache) if args.cache else None, offline=args.offline)
        res = hamta(args.kalla, kommuner=args.kommun or None, lan=args.lan, ar=years, datum=args.datum,
                    kpi=args.kpi, url=args.url, ut=args.ut, fetcher=f)
    except LagesbildError as err:
        print(f"FEL: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        import errno
        why = {errno.EACCES: "behörighet saknas", errno.ENOSPC: "disken är full", errno.EROFS: "skrivskyddad disk",
               errno.ENOENT: "mappen finns inte", errno.EISDIR: "det är en mapp"}.get(err.errno, "okänt fel i filsystemet")
        print(f"FEL: Kunde inte skriva filen ({why}): {err.filename}", file=sys.stderr)
        return 1
    for h in res.hits:
        src = "cache" if h.fran_cache else "nätet"
        print(f"Hämtat från {src}: {h.url}\n  hämtad {h.hamtad}, SHA-256 {h.sha256[:16]}…, sparad i {h.fil}")
    print(f"{fmt.integer(len(res.df))} rader." + (f" Sparat som {res.ut}; ange filen som {res.param} i mallen."
                                                  if res.ut else " Spara resultatet med --ut FIL.csv."))
    if args.kalla == "polisen":
        print(polisen.POLISEN_FORBEHALL)
    return 0


def register(subparsers) -> None:
    """Add the subcommands ``validera`` and ``hamta`` to an argparse ``subparsers`` object."""
    p = subparsers.add_parser(
        "validera", help="kontrollera att en datafil går att läsa in",
        description="Läser in en fil och visar alla problem på en gång (fil, rad, kolumn, vad som "
                    "hittades och vad som förväntades). Returnerar felkod 1 om filen inte går att läsa in.")
    p.add_argument("fil", nargs="+", help="sökväg till filen (CSV, Excel eller JSON); flera filer, en mapp eller ett "
                   "mönster som data/bra_*.csv kontrolleras som en serie")
    p.add_argument("--typ", choices=kinds.KINDS.choices(), help="filens typ (annars avgörs den från innehållet): "
                   + "; ".join(f"{k.name} = {k.label}" for k in kinds.KINDS.all()))
    p.add_argument("--som", choices=sorted(kinds.CONTRACTS), help="kontrollera filen som en viss sorts data, som "
                   "en mall gör: " + "; ".join(f"{c.name} = {c.beskrivning}" for c in kinds.CONTRACTS.values()))
    p.add_argument("--kommun", help="kommunkod eller namn om filen saknar kommunkolumn, t.ex. 0331 eller Heby")
    p.add_argument("--mappning", help="fil med kategorimappning (lokal_kategori;kategori) för händelseregister")
    p.add_argument("--okand-som-ovrigt", dest="okand_som_ovrigt", action="store_true",
                   help="räkna kategorier som saknas i mappningen som 'Övrigt' i stället för att stoppa")
    p.add_argument("--ar", type=int, help="år för Brås kommunfil om det inte står i filnamnet")
    p.set_defaults(func=cmd_validera)

    h = subparsers.add_parser(
        "hamta", help="hämta data från Polisen, SCB, Kolada eller Brå",
        description="Hämtar data över nätet, sparar svaret i cachen (med adress, tid och SHA-256) och skriver "
                    "en städad CSV-fil. Med --offline används bara cachen.")
    h.add_argument("kalla", choices=["polisen", "scb", "kolada", "bra"], help="datakälla")
    h.add_argument("--kommun", action="append", help="kommun (kod eller namn); kan anges flera gånger")
    h.add_argument("--lan", help="län (kod eller namn, t.ex. 03 eller Uppsala): länet och alla dess kommuner")
    h.add_argument("--ar", help="år, t.ex. 2024, 2015-2024 eller 2019,2021; för SCB även 'alla'")
    h.add_argument("--datum", help="Polisen: år, månad eller dag, t.ex. 2025, 2025-01 eller 2025-01-25")
    h.add_argument("--kpi", action="append", help="Kolada: nyckeltal, t.ex. N07540; kan anges flera gånger")
    h.add_argument("--url", help="Brå: nedladdningslänk till CSV-filen (ändras varje år)")
    h.add_argument("--ut", help="spara resultatet i denna fil (.csv; för Kolada och Polisen även .json), i ett "
                   "format som mallarna läser direkt")
    h.add_argument("--cache", help="mapp för cachen (standard: cache/ i projektet)")
    h.add_argument("--offline", action="store_true", help="använd bara cachen, inget nätverk")
    h.set_defaults(func=cmd_hamta)
