"""The shared context of a report: an area (kommun, län or riket), a period, validated parameters, the
data read by the one input loader, notes for the reader, one cache and the suppression policy.

Every step loads its context the same way::

    ctx = load(SPEC, kommun="Heby", ar_fran=2015, ar_till=2025)   # or lan="03" for a county template

:func:`load` validates the parameters with the template's :class:`~lagesbild_methods.steps.spec.Spec` (the
same check the runner makes before a kernel starts), resolves the area, reads every ``*_fil`` parameter
through :func:`lagesbild_methods.steps.inputs.load_inputs` and clamps the period to the years the crime
statistics cover. Sections get a :class:`~lagesbild_methods.steps.report.Section` from :meth:`Context.section`,
which carries the suppression policy to the place where the section leaves the library.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import columns as C
from .. import inputs as _paths
from .. import registry
from ..errors import ParameterError
from .disclosure import Disclosure
from .report import Section
from .spec import Spec


@dataclass(frozen=True)
class Area:
    """What a report is about: one kommun, one län or the whole country."""

    region: registry.Region

    @classmethod
    def of(cls, name_or_code, allowed: tuple[str, ...] = ("kommun", "lan", "riket")) -> "Area":
        region = registry.get(name_or_code)
        if region.typ not in allowed:
            what = {"kommun": "en kommun", "lan": "ett län", "riket": "riket"}
            example = {"kommun": "'Heby' eller '0331'", "lan": "'Uppsala län' eller '03'", "riket": "'riket'"}
            raise ParameterError(f"'{name_or_code}' är inte {' eller '.join(what[a] for a in allowed)}. Ange "
                                 + " eller ".join(example[a] for a in allowed) + ".")
        return cls(region)

    @property
    def kod(self) -> str:
        return self.region.kod

    @property
    def namn(self) -> str:
        return self.region.namn

    @property
    def typ(self) -> str:
        return self.region.typ

    @property
    def lan(self) -> str | None:
        """The county the area lies in (a county is its own); None for the country."""
        return self.region.lan

    @property
    def members(self) -> tuple[str, ...]:
        """The kommuner the area consists of."""
        if self.typ == "kommun":
            return (self.kod,)
        if self.typ == "lan":
            return registry.kommuner_i_lan(self.kod)
        return registry.KOMMUNKODER

    @property
    def benchmarks(self) -> tuple[str, ...]:
        """Codes the area is compared with: its county and the country (kommun), the country (län)."""
        if self.typ == "kommun":
            return (self.region.lan, C.RIKET)
        return (C.RIKET,) if self.typ == "lan" else ()


@dataclass(frozen=True)
class Period:
    """Statistics years ``ar_fran``-``ar_till`` (inclusive)."""

    ar_fran: int
    ar_till: int

    @classmethod
    def of(cls, ar_fran, ar_till) -> "Period":
        try:
            a, b = int(ar_fran), int(ar_till)
        except (TypeError, ValueError):
            raise ParameterError("ar_fran och ar_till ska vara årtal, t.ex. 2015 och 2025.") from None
        if a > b:
            raise ParameterError(f"ar_fran ({a}) är senare än ar_till ({b}).")
        return cls(a, b)

    @property
    def years(self) -> list[int]:
        return list(range(self.ar_fran, self.ar_till + 1))

    @property
    def text(self) -> str:
        return f"{self.ar_fran}–{self.ar_till}"

    def within(self, available: list[int], what: str, notes: list[str]) -> "Period":
        """The part of the period the data cover; a note tells the reader when it had to shrink."""
        lo, hi = int(min(available)), int(max(available))
        if self.ar_till > hi or self.ar_fran < lo:
            notes.append(f"{what} finns för {lo}–{hi}; rapporten visar de år som finns inom {self.text}.")
            return Period(max(self.ar_fran, lo), min(self.ar_till, hi))
        return self


@dataclass
class Context:
    """Everything a report rests on. Data are keyed by input contract ('brott', 'folkmangd', 'handelser',
    'enkat', 'skadevikter'); parameters by name. Computations shared by sections go through :meth:`cached`."""

    spec: Spec
    area: Area
    period: Period
    params: dict
    data: dict[str, pd.DataFrame | None]
    files: dict[str, Path]
    notes: list[str] = field(default_factory=list)
    handelser_till: pd.Timestamp | None = None  # last day the incident register is complete for
    cache: dict = field(default_factory=dict)

    # ----------------------------------------------------------------- the area and the period
    @property
    def region(self) -> registry.Region:
        return self.area.region

    @property
    def kod(self) -> str:
        return self.area.kod

    @property
    def namn(self) -> str:
        return self.area.namn

    @property
    def lan(self) -> str | None:
        return self.area.lan

    @property
    def lan_namn(self) -> str | None:
        return registry.get(self.lan).namn if self.lan else None

    @property
    def ar_fran(self) -> int:
        return self.period.ar_fran

    @property
    def ar_till(self) -> int:
        return self.period.ar_till

    @property
    def years(self) -> list[int]:
        return self.period.years

    # ----------------------------------------------------------------- parameters and data
    @property
    def delbar(self) -> bool:
        return bool(self.params.get("delbar", True))

    def __getattr__(self, name):
        # template parameters read as attributes (ctx.kadens, ctx.namnarear)
        params = self.__dict__.get("params") or {}
        if name in params:
            return params[name]
        raise AttributeError(name)

    @property
    def crime(self) -> pd.DataFrame | None:
        return self.data.get("brott")

    @property
    def population(self) -> pd.DataFrame | None:
        return self.data.get("folkmangd")

    @property
    def incidents(self) -> pd.DataFrame | None:
        return self.data.get("handelser")

    @incidents.setter
    def incidents(self, value) -> None:
        self.data["handelser"] = value
        self.cache.clear()

    @property
    def survey(self) -> pd.DataFrame | None:
        return self.data.get("enkat")

    @survey.setter
    def survey(self, value) -> None:
        self.data["enkat"] = value
        self.cache.clear()

    @property
    def skadevikter(self) -> pd.DataFrame | None:
        return self.data.get("skadevikter")

    @property
    def synthetic(self) -> bool:
        """True when any input is the bundled övningsdata."""
        return any(_paths.is_synthetic(p) for p in self.files.values())

    # ----------------------------------------------------------------- cache and policy
    def cached(self, key: str, fn):
        """The value of ``fn()`` computed once per context (sections and summary share it)."""
        if key not in self.cache:
            self.cache[key] = fn()
        return self.cache[key]

    @property
    def disclosure(self) -> Disclosure:
        """The suppression policy for the area's own crime counts in the period."""
        def build():
            c = self.crime
            own = c[(c[C.KOMMUNKOD] == self.kod) & c[C.AR].between(self.ar_fran, self.ar_till)] if c is not None \
                else pd.DataFrame(columns=[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL])
            return Disclosure.for_counts(own, self.delbar)
        return self.cached("disclosure", build)

    def section(self) -> Section:
        """A new section that carries this report's suppression policy."""
        return Section(policy=self.disclosure)


def load(spec: Spec, **values) -> Context:
    """Validate ``values`` against ``spec``, read every input, and return the report's context.

    Raises :class:`ParameterError` / ``InputDataError`` with Swedish messages.
    """
    from .inputs import load_inputs

    params = spec.validate(values)
    area_param = spec.area_param
    area = Area.of(params[area_param.name], allowed=(area_param.area,))
    params[area_param.name] = area.kod
    period = Period.of(params.get("ar_fran", 0), params.get("ar_till", 0)) if "ar_fran" in params else None
    inputs = load_inputs(spec, params, area)
    # notes in reading order; the crime statistics (which settle the period) come first
    notes = [n for p, n in inputs.notes if p == "brott_fil"]
    crime = inputs.data.get("brott")
    if period is not None and crime is not None:
        available = sorted(crime.loc[crime[C.KOMMUNKOD] == area.kod, C.AR].unique())
        if not available:
            raise ParameterError(f"Brottsstatistiken i {inputs.files['brott_fil'].name} har inga rader för "
                                 f"{area.namn} ({area.kod}).")
        period = period.within(available, "Brottsstatistiken", notes)
    notes += [n for p, n in inputs.notes if p != "brott_fil"]
    return Context(spec=spec, area=area, period=period, params=params, data=inputs.data, files=inputs.files,
                   notes=notes, handelser_till=inputs.coverage)

def load_from(spec: Spec, namespace: dict) -> Context:
    """:func:`load` with the template's parameter variables taken from ``namespace`` (``globals()``)."""
    return load(spec, **{name: namespace[name] for name in spec.names if name in namespace})
