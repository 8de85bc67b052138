"""One parameter spec per template: the single source of every template parameter.

A :class:`Spec` lists the template's :class:`Param` objects (name, default, allowed values, Swedish help,
which input kind a ``*_fil`` parameter expects). From it come

* the template's ``parameters`` cell (:meth:`Spec.parameters_cell`; ``tools/build_templates.py`` writes it and
  a test keeps the committed notebook equal to it),
* the README parameter table (:meth:`Spec.readme_table`; a test keeps the README equal to it),
* ``lagesbild mallar`` (:meth:`Spec.describe`),
* the validation in :func:`lagesbild_methods.steps.context.load` (notebook) and in the runner before any
  kernel starts (:meth:`Spec.validate`): wrong values are refused in Swedish with the allowed ones listed.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from ..errors import ParameterError

_TYPE_SV = {int: "heltal", float: "tal", str: "text", bool: "sant/falskt (True/False)"}


@dataclass(frozen=True)
class Param:
    """One template parameter.

    ``kind`` names the input contract a ``*_fil`` parameter is read as (``"brott"``, ``"handelser"`` ...,
    see :mod:`lagesbild_methods.sources`); ``bundled`` says that an empty value means the bundled
    övningsdata (otherwise an empty file parameter leaves that part of the report out). ``noun`` is the
    Swedish name of the file in messages ("Händelsefilen"). ``area`` marks the parameter that names the
    report's area (``"kommun"`` or ``"lan"``).
    """

    name: str
    default: Any
    help: str
    choices: tuple = ()
    kind: str | None = None
    bundled: bool = False
    noun: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    area: str | None = None

    @property
    def type(self) -> type:
        return type(self.default)

    @property
    def literal(self) -> str:
        """The default as Python source for the parameters cell ("Heby" with double quotes)."""
        if isinstance(self.default, str):
            return json.dumps(self.default, ensure_ascii=False)
        return repr(self.default)

    def allowed_summary(self) -> str:
        """What may be given, in Swedish (README column)."""
        if self.choices:
            return self.allowed_text()
        if self.area:
            return "kommunens namn eller kod" if self.area == "kommun" else "länets namn eller kod"
        if self.kind:
            return f"sökväg till fil ({self.kind}), mapp eller mönster som data/*.csv"
        if self.minimum is not None and self.maximum is not None:
            return f"{_TYPE_SV[self.type]}, {self.minimum}–{self.maximum}"
        return _TYPE_SV.get(self.type, "")

    def allowed_text(self) -> str:
        return ", ".join(f'"{c}"' if isinstance(c, str) else str(c) for c in self.choices)

    def check(self, value):
        """The value converted to the parameter's type, or a Swedish :class:`ParameterError`."""
        t = self.type
        if t is bool:
            if not isinstance(value, bool):
                raise ParameterError(f"Parametern {self.name} ska vara True eller False, fick {value!r}.")
        elif t is int:
            if isinstance(value, bool) or not _is_int(value):
                raise ParameterError(f"Parametern {self.name} ska vara ett heltal, t.ex. {self.literal}, "
                                     f"fick {value!r}.")
            value = int(value)
        elif t is float:
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise ParameterError(f"Parametern {self.name} ska vara ett tal, fick {value!r}.") from None
        elif t is str:
            if value is None:
                value = ""
            if not isinstance(value, str):
                if self.kind and hasattr(value, "__fspath__"):
                    value = str(value)
                else:
                    raise ParameterError(f"Parametern {self.name} ska vara text inom citattecken, t.ex. "
                                         f"{self.literal}, fick {value!r}.")
        if self.choices and value not in self.choices:
            raise ParameterError(f"Okänt värde för parametern {self.name}: {value!r}. Tillåtna värden: "
                                 f"{self.allowed_text()}.")
        if self.area:
            from .. import registry

            region = registry.get(value)  # Swedish error for an unknown name, with a suggestion
            if region.typ != self.area:
                what = "en kommun" if self.area == "kommun" else "ett län"
                example = "'Heby' eller '0331'" if self.area == "kommun" else "'Uppsala län' eller '03'"
                raise ParameterError(f"'{value}' är inte {what}. Ange {example}.")
        if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
            raise ParameterError(f"Parametern {self.name} ska ligga mellan {self.minimum} och {self.maximum}, "
                                 f"fick {value!r}.")
        return value


def _is_int(value) -> bool:
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, str) and value.strip().lstrip("-").isdigit()


@dataclass(frozen=True)
class Spec:
    """The parameters, metadata and section order of one template."""

    mall: str  # template file stem, e.g. "steg1_lagesbild"
    titel: str
    steg: int
    niva: str  # "kommun" (one report per municipality) or "lan" (one county report)
    params: tuple[Param, ...]
    sections: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        names = [p.name for p in self.params]
        assert len(set(names)) == len(names), f"duplicate parameter in {self.mall}"
        for p in self.params:  # papermill reads the help from the comment and cannot parse '=' or a newline in it
            assert "=" not in p.help and "\n" not in p.help, f"{self.mall}.{p.name}: help text may not contain '='"
        assert self.niva in ("kommun", "lan")

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]

    @property
    def area_param(self) -> Param:
        return next(p for p in self.params if p.area)

    def __getitem__(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    @property
    def metadata(self) -> dict:
        """The ``lagesbild`` notebook metadata of the template."""
        return {"titel": self.titel, "steg": self.steg, "niva": self.niva}

    def validate(self, given: dict, *, fill: bool = True) -> dict:
        """Check every given value (names, types, allowed values); all problems in one Swedish message.

        Returns the converted values, with defaults for the missing ones when ``fill``.
        """
        problems, out, unknown = [], {}, False
        for name, value in given.items():
            if name not in self.names:
                close = difflib.get_close_matches(name, self.names, n=1)
                problems.append(f"Okänd parameter '{name}' för mallen {self.mall}."
                                + (f" Menade du '{close[0]}'?" if close else ""))
                unknown = True
                continue
            try:
                out[name] = self[name].check(value)
            except ParameterError as exc:
                problems.append(str(exc))
        if problems:
            text = problems[0] if len(problems) == 1 else "Fel i parametrarna: " + " ".join(problems)
            raise ParameterError(text + (f" Mallens parametrar: {', '.join(self.names)}." if unknown else ""))
        if fill:
            out = {**{p.name: p.default for p in self.params if p.name not in out}, **out}
            out = {name: out[name] for name in self.names}
        return out

    # ----------------------------------------------------------------- what the spec generates
    def parameters_cell(self) -> str:
        """Source of the template's cell tagged ``parameters``: one line per parameter with its help."""
        width = max(len(f"{p.name} = {p.literal}") for p in self.params)
        return "\n".join(f"{p.name} = {p.literal}".ljust(width) + f"  # {p.help}" for p in self.params)

    def readme_table(self) -> str:
        """The Markdown table of the template's parameters for the README."""
        rows = ["| Parameter | Standard | Tillåtna värden | Beskrivning |", "|---|---|---|---|"]
        for p in self.params:
            allowed = p.allowed_summary()
            rows.append(f"| `{p.name}` | `{p.literal}` | {allowed} | {p.help} |")
        return "\n".join(rows)

    def describe(self) -> str:
        """Text for ``lagesbild mallar``: name = default, type or allowed values, help."""
        lines = [f"{self.mall}  ({self.titel}; nivå: {self.niva})"]
        for p in self.params:
            allowed = f" [{p.allowed_text()}]" if p.choices else ""
            kind = f" [fil: {p.kind}]" if p.kind else ""
            lines.append(f"    {p.name} = {p.literal}{allowed}{kind}  # {p.help}")
        return "\n".join(lines)

