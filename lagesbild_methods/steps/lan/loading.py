"""Loading a county report: the shared context (area = the county) plus the county's own inputs.

:func:`load` runs the shared loader (:func:`lagesbild_methods.steps.context.load`: crime statistics,
population, and every county file parameter the user gave) and then fills in what the county reports
need besides:

* ``enkat``: the trygghetsmätningar of every kommun of the county,
* ``arbetsbocker``: the step workbooks, one per kommun (``{kommunkod: Arbetsbok}``; a kommun without a
  workbook is missing, a workbook that cannot be read is a :class:`WorkbookProblem`),
* ``ungdomsenkat``, ``dialog``, ``samordnarenkat``, ``rapportmanifest``.

An empty parameter means the practice data only when the report runs on practice data (the crime
statistics are the bundled övningsdata); on real statistics it leaves that part out and the report says
so, so real and invented data never meet in one report. A workbook that cannot be read never stops the
report: the kommun shows the problem in the status matrix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ... import columns as C
from ... import inputs as _paths
from ... import paths, registry
from ...errors import LagesbildError, ParameterError
from .. import context as _context
from ..inputs import LEAVE_OUT, MISSING_NOTES, read_input

#: parameter -> (contract, note when the part is left out)
EXTRA: dict[str, tuple[str, str]] = {
    "enkat_fil": ("enkat", "Inga trygghetsmätningar angavs (parametern enkat_fil); avsnittet om trygghet saknas."),
    "ungdomsenkat_fil": ("ungdomsenkat", "Ingen skolenkät angavs (parametern ungdomsenkat_fil); avsnittet om alkohol, "
                         "narkotika, tobak och spel visar bara narkotikabrotten."),
    "dialog_fil": ("dialog", "Inga anteckningar från medborgardialoger angavs (parametern dialog_fil); avsnittet "
                   "saknas."),
    "samordnarenkat_fil": ("samordnarenkat", "Ingen export av enkäten till samordnare och kommunpoliser angavs "
                           "(parametern samordnarenkat_fil); avsnittet saknas."),
    "manifest_fil": ("rapportmanifest", "Inget rapportmanifest hittades; när lägesbilder togs fram bedöms bara ur "
                     "arbetsböckerna."),
}
PRACTICE_03 = ("ungdomsenkat_fil", "dialog_fil", "samordnarenkat_fil")
PRACTICE_ONLY_03 = " Övningsdata för den delen finns bara för Uppsala län."
NO_WORKBOOKS = ("Ingen mapp med arbetsböcker angavs (parametern arbetsbocker_fil); alla kommuner visas som ej "
                "påbörjade i arbetsböckernas steg.")
# An optional county input given as "ingen" (steps.inputs.LEAVE_OUT) is left out even on practice data.


@dataclass(frozen=True)
class WorkbookProblem:
    """A kommun's workbook that could not be read: the file and the Swedish message."""

    fil: str
    meddelande: str


_BOOKS: dict[tuple, object] = {}  # content-keyed per process: a worker reads a workbook once


def practice_default(param: str, ctx) -> Path | list[Path] | None:
    """The practice file(s) of a county parameter, or None when there are none for this county."""
    from ... import synth_lan

    if param == "enkat_fil":
        files = [p for p in (_paths.resolve("enkat_fil", "", k) for k in ctx.area.members) if Path(p).is_file()]
        return files or None
    if param == "manifest_fil":
        p = paths.REPORTS_DIR / "manifest.json"
        return p if p.is_file() else None
    kind = {"ungdomsenkat_fil": "ungdomsenkat", "dialog_fil": "dialog", "samordnarenkat_fil": "samordnarenkat"}[param]
    if ctx.kod != synth_lan.LAN:  # the county's own practice files exist for Uppsala län only
        return None
    p = synth_lan.default_path(kind)
    return p if p.is_file() else None


def county_population(pop: pd.DataFrame, lan: str, notes: list) -> pd.DataFrame:
    """The population file with the county added as the sum of its kommuner where it is missing (years in
    which every kommun of the county is there)."""
    members = registry.kommuner_i_lan(lan)
    have = set(pop.loc[pop[C.KOMMUNKOD] == lan, C.AR])
    k = pop[pop[C.KOMMUNKOD].isin(members) & ~pop[C.AR].isin(have)]
    g = k.groupby(C.AR).agg(n=(C.KOMMUNKOD, "nunique"), folkmangd=(C.FOLKMANGD, "sum")).reset_index()
    g = g[g["n"] == len(members)]
    if g.empty:
        return pop
    add = pd.DataFrame({C.KOMMUNKOD: lan, C.AR: g[C.AR], C.FOLKMANGD: g["folkmangd"],
                        C.KALLA: "Summa av länets kommuner"})
    notes.append(f"Folkmängden för {registry.get(lan).namn} har räknats som summan av kommunerna.")
    out = pd.concat([pop, add[pop.columns]], ignore_index=True)
    out.attrs = dict(pop.attrs)
    return out


def practice_run(ctx) -> bool:
    """True when the report runs on practice data: its crime statistics are the bundled övningsdata."""
    f = ctx.files.get("brott_fil")
    return f is not None and _paths.is_synthetic(Path(f))


def _left_out(spec, values: dict) -> set[str]:
    """County parameters given as "ingen" (leave this part out, even where practice data exist)."""
    names = set(EXTRA) | {"arbetsbocker_fil"}
    return {n for n, v in values.items() if n in names and n in spec.names and isinstance(v, str)
            and v.strip().lower() in LEAVE_OUT}


def load(spec, **values):
    """The county report's context (see the module docstring)."""
    left_out = _left_out(spec, values)
    ctx = _context.load(spec, **{n: ("" if n in left_out else v) for n, v in values.items()})
    for n in left_out:
        ctx.params[n] = values[n]
    if ctx.population is not None:
        ctx.data["folkmangd"] = county_population(ctx.population, ctx.kod, ctx.notes)
    practice = practice_run(ctx)
    ctx.notes[:] = [n for n in ctx.notes if n != MISSING_NOTES.get("enkat")]
    for p in spec.params:
        if p.name not in EXTRA or ctx.data.get(EXTRA[p.name][0]) is not None:
            continue
        contract, missing = EXTRA[p.name]
        if p.name in left_out:
            ctx.data[contract] = None
            ctx.notes.append(missing)
            continue
        default = practice_default(p.name, ctx) if (practice or p.name == "manifest_fil") else None
        if default is None:
            ctx.data[contract] = None
            ctx.notes.append(missing + (PRACTICE_ONLY_03 if practice and p.name in PRACTICE_03 else ""))
            continue
        df = read_input(default, contract, p.name)
        ctx.data[contract] = df
        ctx.files[p.name] = default[0].parent if isinstance(default, list) else default
        ctx.notes += [n for n in df.attrs.get("anteckningar", []) + df.attrs.get("varningar", []) if n]
    if "kommunerna" in spec.sections:
        _check_coverage(ctx)
    if "arbetsbocker_fil" in spec.names:
        if "arbetsbocker_fil" in left_out:
            ctx.notes.append(NO_WORKBOOKS)
            ctx.data["arbetsbocker"] = {}
        else:
            ctx.data["arbetsbocker"] = workbooks(ctx, practice)
    return ctx


def _check_coverage(ctx) -> None:
    """The regional lägesbild compares kommuner: refuse (in Swedish) when the statistics cover none of them
    in the latest year, or when no kommun has the population to divide its counts by."""
    from . import indicators as I

    if ctx.crime is None or ctx.population is None:
        return
    y = ctx.ar_till
    crime_file = Path(ctx.files.get("brott_fil", "brottsfilen")).name
    ks = I.kommuner(ctx)
    if not ks:
        raise ParameterError(f"Brottsstatistiken i {crime_file} har inga rader för kommunerna i {ctx.namn} år {y}. "
                             "Den regionala lägesbilden jämför länets kommuner: ange en fil med en rad per kommun, år "
                             f"och brottstyp (t.ex. Brås statistik för kommunerna), eller ett tidigare år i ar_till.")
    lacking = I.without_population(ctx)
    if len(lacking) == len(ks):
        pop_file = Path(ctx.files.get("folkmangd_fil", "folkmängdsfilen")).name
        py = I.denominator_year(ctx)
        raise ParameterError(f"Folkmängdsfilen {pop_file} saknar folkmängden 31 december {py} för länets kommuner, så "
                             f"antal brott per 100 000 invånare {y} kan inte beräknas. Förväntat: en rad per kommun med "
                             f"kolumnerna kommunkod, ar ({py}) och folkmangd – t.ex. SCB:s tabell Folkmängd efter region "
                             "och år. Ange en fil som täcker året, eller ett annat år i ar_till.")


def load_from(spec, namespace: dict):
    return load(spec, **{name: namespace[name] for name in spec.names if name in namespace})


def _kod_from_name(path: Path) -> str | None:
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", path.stem)
    return m.group(1) if m else None


def _read_book(path: Path):
    from ...sources.workbook import read_workbook

    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _BOOKS:
        if len(_BOOKS) > 64:
            _BOOKS.clear()
        _BOOKS[key] = read_workbook(path)
    return _BOOKS[key]


def workbooks(ctx, practice: bool) -> dict:
    """The county's workbooks by kommun code (see the module docstring)."""
    value = ctx.params.get("arbetsbocker_fil", "")
    if value:
        root = Path(str(value)).expanduser()
        root = (root if root.is_absolute() else Path.cwd() / root).resolve()
        if root.is_dir():
            files = sorted(root.glob("*.xlsx"))
        elif any(ch in str(value) for ch in "*?["):
            files = sorted(Path(p) for p in __import__("glob").glob(str(root)))
        elif root.is_file():
            files = [root]
        else:
            raise ParameterError(f"Mappen med arbetsböcker finns inte: {root} (parametern arbetsbocker_fil).")
    elif practice:
        root = paths.SYNTH_DIR / "arbetsbocker"
        files = sorted(root.glob("arbetsbok_*.xlsx"))
    else:
        ctx.notes.append(NO_WORKBOOKS)
        return {}
    members = set(ctx.area.members)
    out: dict = {}
    others = 0
    for f in files:
        if f.name.startswith(("~$", ".")):
            continue
        guess = _kod_from_name(f)
        try:
            book = _read_book(f)
        except LagesbildError as err:
            if guess in members:
                out.setdefault(guess, WorkbookProblem(f.name, str(err).split("\n", 1)[0]))
                ctx.notes.append(f"Arbetsboken {f.name} kunde inte läsas; {registry.get(guess).namn} visas med "
                                 "felet i statusmatrisen.")
            continue
        kod = book.kommunkod or guess
        if kod not in members:
            others += 1
            continue
        if kod in out:
            ctx.notes.append(f"Två arbetsböcker för {registry.get(kod).namn}; {f.name} lästes inte.")
            continue
        out[kod] = book
    if others:
        ctx.notes.append(f"{others} arbetsbok/arbetsböcker gäller kommuner utanför {ctx.namn} och lästes inte.")
    if out or value:
        ctx.files["arbetsbocker_fil"] = root
    else:
        ctx.notes.append(f"Det finns inga övningsarbetsböcker för kommunerna i {ctx.namn}; alla visas som ej "
                         "påbörjade i arbetsbokens steg.")
    return out
