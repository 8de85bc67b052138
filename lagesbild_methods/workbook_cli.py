"""``lagesbild arbetsbok``: create or update a municipality's step workbook, check one, or regenerate the
practice workbooks. ``cli.py`` calls :func:`register` with its subparsers (a one-line hook).

:func:`write` is the file-level create-or-merge: a new file is built and saved; an existing one is opened
through the sources layer, merged in memory (:func:`workbook.writer.merge`, which never changes a filled
cell) and saved only when something was added, after keeping the previous file as
``<namn>.foregaende.xlsx``. A workbook with pictures or charts (which openpyxl cannot keep) is never
changed in place: the merged copy is saved as ``<namn>.uppdaterad.xlsx`` beside it.

    lagesbild arbetsbok --kommun Heby                 # arbetsbok_0331_heby.xlsx (skapas eller uppdateras)
    lagesbild arbetsbok --kommun Heby --ut mapp/      # i en annan mapp (eller ett filnamn .xlsx)
    lagesbild arbetsbok --kontrollera arbetsbok.xlsx  # läs tillbaka och visa fel och luckor
    lagesbild arbetsbok --ovningsdata                 # skapa om övningsarbetsböckerna (alla kommuner)
"""
from __future__ import annotations

import re
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from . import registry
from .errors import LagesbildError, ParameterError
from .workbook import schema as S
from .workbook import writer


def write(path: Path | str, kommun: str, problems: pd.DataFrame, *, today: date | None = None) -> writer.Result:
    """Create the workbook, or merge the new problems into an existing one (never overwriting)."""
    from .sources.workbook import has_drawings, open_for_update

    path = Path(path)
    today = today or date.today()
    if not path.exists():
        res = writer.Result(path, created=True, changed=True)
        writer.save(writer.build(kommun, problems, today=today, result=res), path)
        return res
    wb = open_for_update(path)
    res = writer.merge(wb, problems, _kommun_of(path, kommun), today=today)
    res.path = path
    if not res.changed:
        return res
    if has_drawings(path):
        res.path = path.with_name(path.stem + ".uppdaterad.xlsx")
        res.notes.append(f"Arbetsboken har bilder eller diagram som inte kan bevaras; den uppdaterade versionen "
                         f"sparades som {res.path.name} och originalet lämnades orört.")
    else:
        res.backup = path.with_name(path.stem + ".foregaende.xlsx")
        shutil.copy2(path, res.backup)
    wb.properties.modified = datetime.now().replace(microsecond=0)
    writer.save(wb, res.path)
    return res


def _kommun_of(path: Path, kommun: str | None) -> str | None:
    if kommun:
        return kommun
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", path.stem)
    return m.group(1) if m and m.group(1) in registry.KOMMUNER else None


def register(subparsers) -> None:
    a = subparsers.add_parser(
        "arbetsbok", help="skapa eller uppdatera kommunens arbetsbok för steg 2–5 (Excel)",
        description="Skapar arbetsboken (Excel) för orsaksanalys, åtgärdsplan, genomförande och uppföljning, "
                    "förifylld med de prioriterade problemen från lägesbilden. Körs den igen läggs bara nya "
                    "problem till; det som redan står i arbetsboken ändras aldrig.")
    a.add_argument("--kommun", metavar="KOMMUN", help="kommunens namn eller kod, t.ex. Heby eller 0331")
    a.add_argument("--ut", metavar="FIL_ELLER_MAPP",
                   help="arbetsbokens filnamn (.xlsx) eller mapp (standard: arbetsbok_<kod>_<kommun>.xlsx här)")
    a.add_argument("--brott-fil", help="brottsstatistik (standard: övningsdata)")
    a.add_argument("--folkmangd-fil", help="folkmängd (standard: övningsdata)")
    a.add_argument("--handelser-fil", help="händelserapporter (standard: övningsdata för kommunen)")
    a.add_argument("--kontrollera", metavar="FIL", help="läs en ifylld arbetsbok och visa fel och luckor i kedjan")
    a.add_argument("--ovningsdata", action="store_true",
                   help="skapa om övningsarbetsböckerna för alla åtta kommuner (data/ovningsdata/arbetsbocker)")
    a.set_defaults(func=run)


def run(args) -> int:
    if args.kontrollera:
        return check(Path(args.kontrollera))
    if args.ovningsdata:
        from . import synth_workbook

        folder = Path(args.ut) if args.ut else None
        written = synth_workbook.generate_all(folder) if folder else synth_workbook.generate_all()
        print(f"Skrev {len(written)} filer (övningsarbetsböcker, syntetiska) till "
              f"{Path(next(iter(written.values()))).parent}.")
        return 0
    if not args.kommun:
        raise ParameterError("Ange --kommun NAMN (t.ex. --kommun Heby), --kontrollera FIL eller --ovningsdata.")
    region = registry.get(args.kommun)
    if region.typ != "kommun":
        raise ParameterError(f"'{args.kommun}' är inte en kommun.")
    target = Path(args.ut) if args.ut else Path(".")
    if target.suffix.lower() != ".xlsx":
        target = writer.default_path(region.kod, target)
    notes: list[str] = []
    frame = problems_from_files(region.kod, brott_fil=args.brott_fil, folkmangd_fil=args.folkmangd_fil,
                                         handelser_fil=args.handelser_fil, notes=notes)
    res = write(target, region.kod, frame)
    for note in notes:
        print(note)
    if frame.empty:
        print(f"Inga problem kunde föreslås: data saknas för {region.namn}. Fyll i bladet Problem själv.")
    if res.created:
        print(f"Skapade {res.path} med {len(res.added)} prioriterade problem"
              + (f" ({', '.join(res.added)})." if res.added else "."))
    elif res.changed:
        print(f"Uppdaterade {res.path}: {len(res.added)} nya problem"
              + (f" ({', '.join(res.added)})" if res.added else "") + ". Inget du skrivit har ändrats."
              + (f" Förra versionen sparades som {res.backup.name}." if res.backup else ""))
    else:
        print(f"{res.path} är redan aktuell: inga nya problem från lägesbilden. Filen har inte ändrats.")
    for note in res.notes:
        print(note)
    return 0


def check(path: Path) -> int:
    from .sources.workbook import read_workbook

    try:
        book = read_workbook(path)
    except LagesbildError:
        raise
    except Exception as exc:  # an odd file must not show a traceback to a coordinator
        raise LagesbildError(f"Arbetsboken {path.name} kunde inte läsas. Öppna den i Excel eller LibreOffice, "
                             "spara den som .xlsx och försök igen.") from exc
    counts = ", ".join(f"{S.SHEET_BY_KEY[k].name} {len(book.blad[k])}" for k in book.blad)
    print(f"{path.name}: {counts}.")
    if book.fynd.empty:
        print("Inga fel och inga luckor i kedjan.")
        return 0
    for _, f in book.fynd.iterrows():
        parts = [f"blad {f['blad']}"]
        if pd.notna(f["rad"]):
            parts.append(f"rad {int(f['rad'])}")
        if pd.notna(f["kolumn"]) and f["kolumn"]:
            parts.append(f"kolumn '{f['kolumn']}'")
        where = ", ".join(parts)
        print(f"{f['allvarlighet'].upper()}: {where}: {f['meddelande']}", file=sys.stdout)
    n_fel = int((book.fynd["allvarlighet"] == "fel").sum())
    print(f"{n_fel} fel och {len(book.fynd) - n_fel} varningar eller luckor.")
    return 1 if n_fel else 0


def problems_from_files(kommun: str, *, brott_fil: str | Path | None = None, folkmangd_fil: str | Path | None = None,
                        handelser_fil: str | Path | None = None, notes: list[str] | None = None) -> pd.DataFrame:
    """:func:`~lagesbild_methods.workbook_problems.prioritised_problems` on files (default: practice data).

    A given file is read as the templates read it (:func:`lagesbild_methods.steps.inputs.read_input`: any
    format the sources layer knows -- Brå's and SCB's exports, PxWeb, the municipality's EST register); the
    value "ingen" leaves a part out. Polisen's public feed is read but proposes nothing: it is an editorial
    sample, not a register to rank problems by. Why a part proposes nothing is added to ``notes`` (Swedish).
    """
    from . import columns as C
    from . import paths
    from .steps.inputs import LEAVE_OUT, add_county_sum, read_input
    from .workbook_problems import prioritised_problems

    region = registry.get(kommun)
    kod = region.kod
    notes = [] if notes is None else notes

    def given(value, param: str, kind: str, default: Path, **options) -> pd.DataFrame | None:
        if isinstance(value, str) and value.strip().lower() in LEAVE_OUT:
            return None
        if value in (None, ""):
            return read_input(default, kind, param, **options) if default.is_file() else None
        path = Path(str(value)).expanduser()
        if not path.exists():
            raise ParameterError(f"Filen finns inte: {path}")
        return read_input(path.resolve(), kind, param, **options)

    crime = given(brott_fil, "brott_fil", "brott", paths.CRIME_FILE)
    pop = given(folkmangd_fil, "folkmangd_fil", "folkmangd", paths.POPULATION_FILE)
    incidents = given(handelser_fil, "handelser_fil", "handelser", paths.incidents_file(kod), kommunkod=kod)
    if crime is not None:
        crime = add_county_sum(crime, region.lan, [], "brott_fil")
        own = crime[crime[C.KOMMUNKOD] == kod]
        if own.empty:
            notes.append(f"Brottsfilen har inga rader för {region.namn}.")
        elif set(own[C.BROTTSTYP]) <= {"totalt"}:
            notes.append("Brottsfilen har bara det totala antalet anmälda brott, inga brottstyper att föreslå.")
    if incidents is not None and incidents.attrs.get("kalla") == "polisen":
        notes.append("Polisens händelser från polisen.se är ett litet urval utan plats inom kommunen; de föreslår "
                     "inga problem. Använd kommunens egna händelserapporter (EST).")
        incidents = None
    return prioritised_problems(crime, pop, incidents, kod, notes=notes)
