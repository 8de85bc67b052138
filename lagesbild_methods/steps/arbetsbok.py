"""The step workbook in a report (steps 2-5): the shareable view, and the workbook's problems and
indicators mapped onto the data.

Reports never read the workbook's frames directly: :func:`view` is the workbook package's shareable view
(:func:`lagesbild_methods.workbook.privacy.shareable_view`: no free text, publishable text scrubbed of
personnummer, phone numbers and e-mail addresses), so a free-text cell cannot reach a report.

A problem or an indicator names what it counts in words the coordinator chose from the workbook's lists
(a crime type, an incident category, a survey measure) and a place. :func:`problem_scope` and
:func:`indicator_scope` turn that into a :class:`Scope` -- which source, which codes, which area -- and
:func:`scope_incidents`, :func:`monthly_counts`, :func:`yearly_crimes` and :func:`survey_measure` give the
data it stands for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .. import columns as C
from .. import fmt
from ..errors import ParameterError
from ..workbook import privacy
from .step1.survey import SURVEY_MEASURES

#: Workbook list values (Swedish labels) -> (source, code).
LABEL_CODES: dict[str, tuple[str, str]] = {
    **{label: ("brott", code) for code, label in C.BROTTSTYPER.items() if code != "totalt"},
    **{label: ("handelser", code) for code, label in C.INCIDENT_KATEGORIER.items()},
}

#: Incident categories that show a crime type in the municipality's own register (an approximation,
#: said in the report): used for the deep dive of a problem taken from the crime statistics.
RELATED_INCIDENTS: dict[str, tuple[str, ...]] = {
    "skadegorelse": ("skadegorelse", "klotter"),
    "bostadsinbrott": ("inbrott_stold",),
    "stoldbrott": ("inbrott_stold",),
    "narkotikabrott": ("narkotika",),
    "valdsbrott_utomhus_vuxna": ("vald",),
    "personran_unga": ("vald",),
}

#: The survey measure (step 1's SURVEY_MEASURES) that speaks to a category: public concern about it,
#: or exposure to it.
SURVEY_FOR: dict[str, str] = {
    "klotter": "problem_klotter", "skadegorelse": "problem_klotter", "nedskrapning": "problem_klotter",
    "narkotika": "problem_narkotika", "narkotikabrott": "problem_narkotika",
    "storande_samling": "problem_ungdomsgang",
    "buskorning": "problem_buskorning", "trafikbrott": "problem_buskorning",
    "inbrott_stold": "oro_inbrott", "bostadsinbrott": "oro_inbrott",
    "stoldbrott": "utsatt_stold", "bilbrott": "utsatt_stold",
    "vald": "utsatt_hot_vald", "valdsbrott_utomhus_vuxna": "utsatt_hot_vald", "personran_unga": "utsatt_hot_vald",
    "otrygg_plats": "trygghet_ute_kvall", "Otrygghet": "trygghet_ute_kvall",
}
#: Words in an indicator's name -> survey question (for survey indicators without a category).
_SURVEY_WORDS = [("otrygg", "trygghet_ute_kvall"), ("oro", "oro_brottsligheten"), ("inbrott", "oro_inbrott"),
                 ("klotter", "problem_klotter"), ("skadegörelse", "problem_klotter"),
                 ("narkotika", "problem_narkotika"), ("gäng", "problem_ungdomsgang"),
                 ("buskörning", "problem_buskorning"), ("stöld", "utsatt_stold"), ("våld", "utsatt_hot_vald")]
_KALLA = {"Händelserapporter (EST)": "handelser", "Anmälda brott": "brott", "Trygghetsmätning": "enkat"}
MEASURES = {q: (q, positive, desc) for q, positive, desc in SURVEY_MEASURES}


@dataclass(frozen=True)
class Scope:
    """What a workbook row counts: ``kalla`` ('handelser', 'brott', 'enkat' or None when the data cannot
    show it), ``koder`` (incident categories, one crime type, or one survey question), ``omrade`` (an
    area of the incident register or survey, None = the whole municipality), ``narliggande`` (True
    when the incident categories only approximate a crime type) and ``plats`` (a place the workbook names
    that is not an area of the data)."""

    kalla: str | None
    koder: tuple[str, ...] = ()
    omrade: str | None = None
    narliggande: bool = False
    #: the place the workbook names when it is not an area of the data (then the whole municipality is
    #: counted -- or, for an indicator, nothing: see :func:`area_gap`); None when it is, or when none is named
    plats: str | None = None
    plats_provad: bool = False  # True when the data have areas to look the place up in

    @property
    def kod(self) -> str | None:
        return self.koder[0] if self.koder else None


# ------------------------------------------------------------------------------------------ the workbook
def book(ctx):
    """The read workbook (:class:`~lagesbild_methods.sources.workbook.Arbetsbok`) or None."""
    return ctx.data.get("arbetsbok")


def view(ctx) -> dict | None:
    """The shareable view of the workbook (the only view a report uses), checked against the report's kommun."""
    def build():
        b = book(ctx)
        if b is None:
            return None
        if b.kommunkod and b.kommunkod != ctx.kod:
            from .. import registry

            other = registry.region_name(b.kommunkod)
            raise ParameterError(f"Arbetsboken {ctx.files['arbetsbok_fil'].name} gäller {other} ({b.kommunkod}), "
                                 f"men rapporten gäller {ctx.namn} ({ctx.kod}). Ange kommunens egen arbetsbok i "
                                 "parametern arbetsbok_fil.")
        return privacy.shareable_view(b)
    return ctx.cached("arbetsbok:vy", build)


def sheet(ctx, key: str) -> pd.DataFrame:
    """One sheet of the shareable view (an empty frame without a workbook)."""
    v = view(ctx)
    if v is None:
        from ..workbook import schema as S

        return pd.DataFrame(columns=privacy.shareable_columns(S.SHEET_BY_KEY[key]))
    return v[key]


def findings(ctx, sheets: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The workbook's findings (broken links, gaps, cells not understood) as shareable rows."""
    v = view(ctx)
    if v is None:
        return pd.DataFrame(columns=["blad", "rad", "kolumn", "id", "typ", "allvarlighet", "meddelande"])
    f = v["fynd"]
    return f if sheets is None else f[f["blad"].isin(sheets)]


# ------------------------------------------------------------------------------------------ scopes
def area_in(text, areas) -> str | None:
    """The area of ``areas`` a workbook place names ('Heby, mest vid Stationen' -> 'Heby'), or None."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return None
    head = re.split(r"[,;(]", str(text))[0].strip().casefold()
    for a in areas:
        if isinstance(a, str) and a.casefold() == head:
            return a
    return None


def _areas(ctx, kalla: str) -> list:
    frame = ctx.incidents if kalla == "handelser" and incident_gap(ctx) is None else \
        ctx.survey if kalla == "enkat" else None
    if frame is None or C.OMRADE not in frame.columns:
        return []
    return list(frame[C.OMRADE].dropna().unique())


def _place(ctx, text, kalla: str) -> tuple[str | None, str | None, bool]:
    """(area of the data, place not found there, whether the data have areas to look in) for a workbook
    place. 'Hela kommunen', the municipality's name (when it is not itself an area) and an empty cell mean
    the whole municipality."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return None, None, False
    areas = _areas(ctx, kalla)
    hit = area_in(text, areas)
    if hit is not None:
        return hit, None, True
    head = re.split(r"[,;(]", str(text))[0].strip()
    whole = {"hela kommunen", "kommunen", "hela", f"{ctx.namn} kommun".casefold()}
    if areas:  # the municipality's name, when it is not an area of the data, is the whole municipality
        whole.add(ctx.namn.casefold())
    return None, (None if not head or head.casefold() in whole else head), bool(areas)


def problem_scope(ctx, row) -> Scope:
    """The data a workbook problem stands for: its category in the register (in its area), or its crime type."""
    kalla, code = LABEL_CODES.get(row.get("kategori"), (None, None))
    if kalla == "handelser":
        return Scope("handelser", (code,), *_place_args(ctx, row.get("omrade"), "handelser"))
    if kalla == "brott":
        return Scope("brott", (code,))
    return Scope(None)


def _place_args(ctx, text, kalla: str) -> tuple:
    omrade, plats, checked = _place(ctx, text, kalla)
    return omrade, False, plats, checked


def area_gap(ctx, scope: Scope) -> str | None:
    """Why an indicator cannot be counted in the place it names (None when it can): a place that is not an
    area of the data would silently become the whole municipality."""
    if scope.plats is None or not scope.plats_provad or scope.kalla not in ("handelser", "enkat"):
        return None  # no place named, or no data to count in (that gap is reported instead)
    areas = sorted(str(a) for a in _areas(ctx, scope.kalla))
    src = "händelserapporterna" if scope.kalla == "handelser" else "trygghetsmätningen"
    return (f"platsen ”{scope.plats}” är inget område i {src} (där finns {fmt.join_sv(areas)}); skriv ett av "
            "dem i arbetsboken, eller lämna platsen tom för hela kommunen")


#: Short reasons (table cells) why the report has no incident register to count in.
NO_INCIDENTS = "inga händelserapporter"
POLISEN_NOT_COUNTED = "Polisens händelser är ett urval och räknas inte"


def incident_gap(ctx) -> str | None:
    """Why incidents cannot be counted (None when they can): no register, or Polisen's public feed -- an
    editorial sample of a few per cent of the events, placed at one point per municipality -- which shows
    examples but can never be a baseline, a count in the matrix or the basis of a follow-up."""
    if ctx.incidents is None:
        return NO_INCIDENTS
    from .common import from_polisen

    return POLISEN_NOT_COUNTED if from_polisen(ctx) else None


def incident_gap_sentence(ctx) -> str:
    """The same in a sentence (ending with a full stop)."""
    if incident_gap(ctx) == POLISEN_NOT_COUNTED:
        return ("händelserna kommer från Polisens webbplats, som bara visar ett litet, redaktionellt urval "
                "(uppskattningsvis under 5 % av de anmälda brotten) utan plats inom kommunen. De kan inte räknas "
                "som ett händelseregister; använd kommunens egna händelserapporter (EST).")
    return "det finns inga händelserapporter i underlaget."


def incident_scope_for(ctx, scope: Scope) -> Scope | None:
    """The incidents to look at for a problem: its own category, or the categories near its crime type."""
    if scope.kalla == "handelser":
        return scope
    if scope.kalla == "brott" and scope.kod in RELATED_INCIDENTS:
        return Scope("handelser", RELATED_INCIDENTS[scope.kod], None, narliggande=True)
    return None


def indicator_scope(ctx, row) -> Scope:
    """The data an indicator counts: the source it names, its category and its area."""
    kalla = _KALLA.get(row.get("kalla"))
    label = row.get("kategori")
    src, code = LABEL_CODES.get(label, (None, None))
    if kalla == "enkat":
        name = str(row.get("indikator") or "").casefold()
        q = next((q for word, q in _SURVEY_WORDS if word in name), None) or SURVEY_FOR.get(code or label)
        return Scope("enkat", (q,), *_place_args(ctx, row.get("omrade"), "enkat")) if q else Scope(None)
    if kalla == "handelser" and src == "handelser":
        return Scope("handelser", (code,), *_place_args(ctx, row.get("omrade"), "handelser"))
    if kalla == "brott" and src == "brott":
        return Scope("brott", (code,))
    return Scope(None)


def scope_text(scope: Scope) -> str:
    """Swedish: 'händelser i kategorin klotter i området Heby'."""
    if scope.kalla == "handelser":
        cats = [C.INCIDENT_KATEGORIER.get(c, c).lower() for c in scope.koder]
        what = f"händelser i kategori{'n' if len(cats) == 1 else 'erna'} " + " och ".join(cats)
        return what + _where(scope, " i hela kommunen")
    if scope.kalla == "brott":
        return f"anmälda brott: {C.BROTTSTYPER.get(scope.kod, scope.kod).lower()}"
    if scope.kalla == "enkat":
        desc = MEASURES[scope.kod][2] if scope.kod in MEASURES else scope.kod
        return desc[:1].lower() + desc[1:] + _where(scope, "")
    return "inget som finns i underlaget"


def _where(scope: Scope, whole: str) -> str:
    if scope.omrade:
        return f" i området {scope.omrade}"
    if scope.plats and scope.plats_provad:  # named in the workbook, but not an area of the data
        return f" i hela kommunen (platsen ”{scope.plats}” finns inte som område i underlaget)"
    if scope.plats:  # no data to look the place up in
        return f" i {scope.plats}"
    return whole


# ------------------------------------------------------------------------------------------ data
def scope_incidents(ctx, scope: Scope) -> pd.DataFrame | None:
    """The incidents a scope stands for (None without an incident register that can be counted)."""
    inc = ctx.incidents
    if incident_gap(ctx) is not None or scope.kalla != "handelser":
        return None
    m = inc[C.KATEGORI].isin(scope.koder)
    if scope.omrade:
        m &= inc[C.OMRADE] == scope.omrade
    return inc[m]


def register_window(ctx) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last complete day of the incident register (local dates), or None."""
    inc = ctx.incidents
    if incident_gap(ctx) is not None or inc.empty:
        return None
    first = inc[C.TIDPUNKT].min().tz_convert("Europe/Stockholm").tz_localize(None).normalize()
    last = ctx.handelser_till or inc[C.TIDPUNKT].max().tz_convert("Europe/Stockholm").tz_localize(None).normalize()
    return first, pd.Timestamp(last)


def count_between(ctx, scope: Scope, start, end) -> int:
    """Incidents of ``scope`` on the local days ``start`` to ``end`` (inclusive)."""
    sub = scope_incidents(ctx, scope)
    if sub is None or sub.empty:
        return 0
    day = sub[C.TIDPUNKT].dt.tz_convert("Europe/Stockholm").dt.tz_localize(None).dt.normalize()
    return int(((day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))).sum())


def monthly_counts(ctx, scope: Scope, end=None) -> pd.DataFrame:
    """Complete months of the register up to ``end`` (a date; default the register's end): columns
    ``manad`` (pandas Period) and ``antal`` (zero for months without incidents)."""
    from ..patterns import timing

    window = register_window(ctx)
    if window is None:
        return pd.DataFrame({"manad": pd.PeriodIndex([], freq="M"), "antal": pd.Series(dtype="int64")})
    first, last = window
    stop = min(pd.Timestamp(end), last) if end is not None else last
    sub = scope_incidents(ctx, scope)
    months = pd.period_range(first.to_period("M"), stop.to_period("M"), freq="M")
    if sub is None or sub.empty:
        counts = pd.Series(0, index=months)
    else:
        pc = timing.period_counts(sub, "month", start=first, end=stop)
        counts = pd.Series(pc["antal"].to_numpy(), index=pd.PeriodIndex(pc["period"], freq="M"))
        counts = counts.reindex(months, fill_value=0)
    complete = [(m.start_time >= first) and (m.end_time.normalize() <= stop) for m in months]
    out = pd.DataFrame({"manad": months, "antal": counts.to_numpy().astype("int64")})
    return out[complete].reset_index(drop=True)


def yearly_crimes(ctx, code: str, years=None) -> pd.DataFrame:
    """The area's own count of crime type ``code`` per year (``ar``, ``antal``), within ``years``."""
    c = ctx.crime
    own = c[(c[C.KOMMUNKOD] == ctx.kod) & (c[C.BROTTSTYP] == code)].dropna(subset=[C.ANTAL])
    if years is not None:
        own = own[own[C.AR].isin(list(years))]
    return own[[C.AR, C.ANTAL]].sort_values(C.AR).astype({C.ANTAL: "int64"}).reset_index(drop=True)


def survey_measure(ctx, scope: Scope, by_area: bool = True) -> pd.DataFrame | None:
    """Weighted share for a survey scope per year (area rows when the scope has an area and ``by_area``)."""
    from .common import survey_shares

    if ctx.survey is None or ctx.survey.empty or scope.kalla != "enkat" or scope.kod not in MEASURES:
        return None
    q, positive, _desc = MEASURES[scope.kod]
    if q not in set(ctx.survey[C.FRAGA]):
        return None
    if scope.omrade and by_area:
        sh = survey_shares(ctx, q, positive, by=(C.KOMMUNKOD, C.AR, C.OMRADE))
        return sh[sh[C.OMRADE] == scope.omrade].reset_index(drop=True)
    return survey_shares(ctx, q, positive).reset_index(drop=True)


def parse_period(text) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """A baseline period as the workbook states it: '2023', '2023-09-01–2024-08-31' -> (first, last day)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    t = str(text).strip()
    if re.fullmatch(r"\d{4}", t):
        return pd.Timestamp(f"{t}-01-01"), pd.Timestamp(f"{t}-12-31")
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*[–—-]+\s*(\d{4}-\d{2}-\d{2})", t)
    if m:
        try:
            a, b = pd.Timestamp(m.group(1)), pd.Timestamp(m.group(2))
        except ValueError:
            return None
        return (a, b) if a <= b else None
    return None
