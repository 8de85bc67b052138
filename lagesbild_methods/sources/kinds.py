"""The registry of input kinds: how every file format is detected, read and validated, in one place.

Modelled on papermill's engine/translator registries: a :class:`KindRegistry` holds named
:class:`Kind` objects; each kind says how to recognise a file (``detect``, a score from a cheap
:class:`Sniff` of the file) and, per data contract it can deliver, how to read it into that validated
tidy frame (``produces``). Nothing else in the package dispatches on file formats: ``validera``,
``hamta``, the steps' loader and the course all call :func:`lagesbild_methods.sources.read`.

Adding a kind from another module (e.g. a step workbook reader)::

    from lagesbild_methods.sources import Kind, register_kind

    register_kind(Kind(
        name="steg-arbetsbok", label="arbetsbok för steg 2 (Excel)", suffixes=(".xlsx",),
        detect=lambda s: 20 if "Orsaker" in s.sheetnames else 0,
        produces={"orsaker": lambda path, opts: read_workbook(path)},
    ))

Third-party packages can do the same through the entry-point group ``lagesbild.input_kinds`` (each entry
point names a zero-argument callable that registers its kinds), as papermill does for engines.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import pandas as pd

from ..errors import InputDataError
from .common import check_file
from .sniff import Sniff

Reader = Callable[[Path, dict], pd.DataFrame]


# --------------------------------------------------------------------------------------------
# contracts: what a parameter expects
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Contract:
    """A tidy frame the package works with. ``keys`` identify a row (used to combine files)."""

    name: str
    beskrivning: str  # Swedish: what the user must give, e.g. "anmälda brott per kommun och år"
    keys: tuple[str, ...] = ()


CONTRACTS: dict[str, Contract] = {c.name: c for c in (
    Contract("brott", "anmälda brott per kommun och år", ("kommunkod", "ar", "brottstyp")),
    Contract("folkmangd", "folkmängd per kommun och år", ("kommunkod", "ar")),
    Contract("handelser", "händelser med tidpunkt och kategori (kommunens händelseregister eller Polisens "
                          "händelser)", ("id",)),
    Contract("enkat", "svar från en trygghetsmätning, en rad per svarande",
             ("kommunkod", "ar", "respondent", "fraga")),
    Contract("jamforelse", "jämförelsetal från Kolada (nyckeltal per kommun och år)",
             ("kpi", "kommunkod", "ar", "kon")),
    Contract("ntu", "andelar från Nationella trygghetsundersökningen (NTU)", ("indikator", "omrade", "grupp", "ar")),
    Contract("polisen", "Polisens publicerade händelser (polisen.se)", ("id",)),
    Contract("kategorimappning", "kategorimappning (lokal_kategori;kategori)", ("lokal_kategori",)),
    Contract("skadevikter", "skadevikter per händelsekategori (kategori;vikt)", ("kategori",)),
)}

#: template parameter -> the contract it expects (used when ``expect`` is not given)
PARAM_CONTRACT: dict[str, str] = {
    "brott_fil": "brott", "folkmangd_fil": "folkmangd", "handelser_fil": "handelser", "enkat_fil": "enkat",
    "kategori_fil": "kategorimappning", "skadevikt_fil": "skadevikter", "jamforelse_fil": "jamforelse",
    "kolada_fil": "jamforelse", "ntu_fil": "ntu", "polisen_fil": "polisen",
}


#: contract -> the kind read when no kind recognises a file given for that contract (its reader then names the
#: missing columns instead of a bare "unknown format")
FALLBACK: dict[str, str] = {"brott": "brott", "folkmangd": "folkmangd", "handelser": "handelser", "enkat": "enkat",
                            "kategorimappning": "kategorimappning", "skadevikter": "skadevikter"}


# --------------------------------------------------------------------------------------------
# kinds and the registry
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """One input format.

    ``detect(sniff)`` returns 0 when the file is not of this kind, else a score (higher = surer; a
    distinctive header or structure scores 20+, a weak guess under 10). ``produces`` maps a contract name
    to a reader ``(path, options) -> frame`` that validates and raises ``InputDataError`` in Swedish.
    ``family`` groups kinds a user may name together (``--typ scb`` = any SCB format).
    """

    name: str
    label: str  # Swedish, e.g. "Brås CSV ”Anmälda brott i kommunerna”"
    produces: Mapping[str, Reader]
    detect: Callable[[Sniff], int]
    suffixes: tuple[str, ...] = ()
    family: str | None = None
    anvisning: str = ""  # Swedish: where the file comes from / how it must look
    avvisning: str | None = None  # a kind recognised only to be refused with this Swedish explanation
    om_fel_kontrakt: str = ""  # Swedish sentence added when the file is given where another contract is expected

    def accepts_suffix(self, suffix: str) -> bool:
        return not self.suffixes or suffix in self.suffixes


class KindRegistry:
    """Holds the registered kinds (a singleton, :data:`KINDS`). The package ``__init__`` imports the builtin kinds
    (:mod:`.builtin_kinds`) and the step workbook kind; plug-ins load on first use."""

    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}
        self._loaded = False

    def register(self, kind: Kind, *, replace: bool = False) -> Kind:
        if kind.name in self._kinds and not replace and self._kinds[kind.name] is not kind:
            raise ValueError(f"input kind {kind.name!r} is already registered")
        if not kind.produces and not kind.avvisning:
            raise ValueError(f"kind {kind.name!r} produces nothing and is not a refusal")
        unknown = set(kind.produces) - set(CONTRACTS)
        if unknown:
            raise ValueError(f"kind {kind.name!r} produces unknown contracts {sorted(unknown)}; add them with "
                             "register_contract first")
        self._kinds[kind.name] = kind
        return kind

    def _ensure_loaded(self) -> None:
        """Load plug-in kinds once (the builtins register when the package is imported)."""
        if self._loaded:
            return
        self._loaded = True
        try:
            from importlib.metadata import entry_points
            for ep in entry_points(group="lagesbild.input_kinds"):
                ep.load()()
        except Exception:  # a broken plugin must not stop the package  # pragma: no cover
            pass

    def get(self, name: str) -> Kind:
        self._ensure_loaded()
        return self._kinds[name]

    def __contains__(self, name: str) -> bool:
        self._ensure_loaded()
        return name in self._kinds

    def all(self) -> list[Kind]:
        self._ensure_loaded()
        return list(self._kinds.values())

    def names(self) -> list[str]:
        return [k.name for k in self.all()]

    def families(self) -> dict[str, list[Kind]]:
        out: dict[str, list[Kind]] = {}
        for k in self.all():
            if k.family and k.family != k.name:
                out.setdefault(k.family, []).append(k)
        return out

    def choices(self) -> list[str]:
        """Names a user may give as ``--typ``/``typ=``: every kind and every family."""
        return sorted(set(self.names()) | set(self.families()))

    def for_contract(self, contract: str) -> list[Kind]:
        return [k for k in self.all() if contract in k.produces]

    def fallback(self, contract: str) -> Kind | None:
        """The kind whose reader explains best what is missing when nothing recognises a file."""
        name = FALLBACK.get(contract)
        return self._kinds.get(name) if name else None

    def refusals(self) -> list[Kind]:
        return [k for k in self.all() if k.avvisning]

    def named(self, name: str) -> list[Kind]:
        """The kinds a user means by ``name`` (a kind or a family); [] if unknown."""
        self._ensure_loaded()
        if name in self._kinds:
            return [self._kinds[name]]
        return self.families().get(name, [])

    def scores(self, sniff: Sniff, among: list[Kind] | None = None) -> list[tuple[int, Kind]]:
        """(score, kind) for every kind that recognises the file, best first."""
        out = []
        for k in among if among is not None else self.all():
            if not k.accepts_suffix(sniff.suffix):
                continue
            try:
                s = int(k.detect(sniff) or 0)
            except InputDataError:
                raise
            except Exception:  # a detector tripping over an odd file simply does not recognise it
                s = 0
            if s > 0:
                out.append((s, k))
        out.sort(key=lambda sk: -sk[0])
        return out


KINDS = KindRegistry()


def register_kind(kind: Kind, *, replace: bool = False) -> Kind:
    """Register an input kind (see the module docstring). Returns the kind (usable as a decorator helper)."""
    return KINDS.register(kind, replace=replace)


def register_contract(name: str, beskrivning: str, keys: tuple[str, ...] = (), *,
                      param: str | None = None) -> Contract:
    """Add a data contract (and optionally the template parameter that expects it)."""
    c = CONTRACTS.setdefault(name, Contract(name, beskrivning, tuple(keys)))
    if param:
        PARAM_CONTRACT.setdefault(param, name)
    return c


# --------------------------------------------------------------------------------------------
# where the user is: messages name the notebook parameter, the CLI flag or the Python argument
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Where:
    """Where a file was given: a template parameter (``param``), the command line (``cli``) or Python."""

    param: str | None = None
    cli: bool = False

    def file_ref(self, path: Path) -> str:
        return f"{path.name} (parametern {self.param})" if self.param else path.name

    def how_to_name_kind(self, choices: list[str]) -> str:
        if self.cli:
            return "Ange typen med --typ, en av: " + ", ".join(choices) + "."
        if self.param:
            return (f"Kontrollera att {self.param} pekar på rätt fil, eller spara om filen i ett av formaten "
                    "ovan (se docs/hamta_data.md).")
        return "Ange typen med typ=\"…\", en av: " + ", ".join(choices) + "."


def _error(path: Path, msg: str) -> InputDataError:
    return InputDataError(str(path), [], summary=msg)


def unknown_kind_error(path: Path, where: Where, candidates: list[Kind], contract: str | None) -> InputDataError:
    if contract:
        head = f"Filen {where.file_ref(path)} ser inte ut som {CONTRACTS[contract].beskrivning}."
        accepted = "; ".join(f"{k.label}" + (f" ({k.anvisning})" if k.anvisning else "") for k in candidates)
    else:
        head = f"Kunde inte avgöra vilken sorts fil {where.file_ref(path)} är."
        accepted = "; ".join(k.label for k in candidates)
    msg = head + (f" Godtagna format: {accepted}." if accepted else "") + " " + where.how_to_name_kind(
        sorted({k.family or k.name for k in candidates}) if candidates else KINDS.choices())
    return _error(path, msg)


def refusal_error(path: Path, where: Where, kind: Kind) -> InputDataError:
    return _error(path, f"Filen {where.file_ref(path)} är {kind.label}. {kind.avvisning}")


def wrong_contract_error(path: Path, where: Where, kind: Kind, contract: str) -> InputDataError:
    want = CONTRACTS[contract].beskrivning
    accepted = ", ".join(k.label for k in KINDS.for_contract(contract))
    target = f"parametern {where.param}" if where.param else "den här uppgiften"
    msg = (f"Filen {path.name} är {kind.label}, men {target} ska vara {want}. "
           + (kind.om_fel_kontrakt + " " if kind.om_fel_kontrakt else "") + f"Godtagna format: {accepted}.")
    return _error(path, msg)


def detect(path: str | Path, contract: str | None = None, *, typ: str | None = None,
           where: Where = Where()) -> Kind:
    """The kind of ``path`` (restricted to kinds delivering ``contract`` and/or named by ``typ``).

    Raises a Swedish :class:`InputDataError` when no kind recognises the file or when the file is of a
    kind that cannot deliver ``contract`` (naming what it is and what was expected).
    """
    among = [k for k in KINDS.all() if k.produces]
    if typ is not None:
        among = KINDS.named(typ)
        if not among:
            from ..errors import ParameterError
            flag = "--typ" if where.cli else "typ"
            raise ParameterError(f"Okänd filtyp '{typ}' ({flag}). Välj en av: " + ", ".join(KINDS.choices()) + ".")
        if len(among) == 1:
            kind = among[0]
            if contract and contract not in kind.produces:
                raise wrong_contract_error(Path(path), where, kind, contract)
            check_file(path)
            return kind
    sniff = Sniff(path)
    try:
        fitting = [k for k in among if contract is None or contract in k.produces]
        ranked = KINDS.scores(sniff, fitting)
        if ranked:
            return ranked[0][1]
        if contract is not None:  # is it a file of another kind?
            other = KINDS.scores(sniff, [k for k in among if k not in fitting])
            if other:
                raise wrong_contract_error(sniff.path, where, other[0][1], contract)
        refused = KINDS.scores(sniff, KINDS.refusals())
        if refused:
            raise refusal_error(sniff.path, where, refused[0][1])
        if sniff.json_start:
            sniff.check_json()  # a broken JSON file: say where it breaks
        fallback = KINDS.fallback(contract) if contract else None
        if fallback is not None and fallback.accepts_suffix(sniff.suffix) and sniff.tabular:
            return fallback  # its reader names the missing columns or the wrong separator
        raise unknown_kind_error(sniff.path, where, fitting, contract)
    finally:
        sniff.close()


def detect_kind(path: str | Path, expect: str | None = None, *, typ: str | None = None,
                param: str | None = None, cli: bool = False) -> str:
    """Name of the kind of ``path`` (e.g. ``"bra-kommun"``); see :func:`detect`."""
    contract = expect or (PARAM_CONTRACT.get(param) if param else None)
    return detect(path, contract, typ=typ, where=Where(param, cli)).name


DATA_SUFFIXES = (".csv", ".txt", ".tsv", ".json", ".xlsx", ".xlsm", ".xls")
