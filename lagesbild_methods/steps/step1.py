"""Step 1: kartläggning och lägesbild (mapping and situational picture).

Composes the sources, statistics, patterns and figures into the sections of the step-1
template. Each public function takes the :class:`Context` from :func:`load` and returns a
:class:`~lagesbild_methods.steps.report.Section`. Nothing here computes statistics itself or
reads files directly: it calls ``sources``, ``stats``, ``patterns``, ``figures`` and ``text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .. import columns as C
from .. import fmt, inputs, registry
from .. import stats as S
from .. import text as T
from ..errors import ParameterError
from ..figures import stats_figures as SF
from ..stats.compare import NIVA
from ..verdicts import Change, Comparison, Trend
from .report import Section

KADENSER = {"vecka": "week", "manad": "month", "tertial": "tertial", "ar": "year"}
KADENS_ORD = {"vecka": "veckan", "manad": "månaden", "tertial": "tertialet", "ar": "året"}
NAMNARE_VAL = {"foregaende": "foregaende", "samma": "samma"}


@dataclass
class Context:
    """Everything a step-1 report rests on: the municipality, validated data and choices."""

    region: registry.Region
    ar_fran: int
    ar_till: int
    kadens: str
    namnarear: str
    delbar: bool
    crime: pd.DataFrame
    population: pd.DataFrame
    incidents: pd.DataFrame | None
    survey: pd.DataFrame | None
    files: dict[str, Path]
    synthetic: bool
    handelser_till: pd.Timestamp | None = None  # last day the incident register is complete for
    skadevikter: pd.DataFrame | None = None  # the municipality's own harm weights (kategori, vikt)
    notes: list[str] = field(default_factory=list)
    cache: dict = field(default_factory=dict)

    @property
    def kod(self) -> str:
        return self.region.kod

    @property
    def namn(self) -> str:
        return self.region.namn

    @property
    def lan(self) -> str:
        """Code of the county the report compares with (the municipality's county)."""
        return self.region.lan

    @property
    def lan_namn(self) -> str:
        return registry.get(self.lan).namn

    @property
    def years(self) -> list[int]:
        return list(range(self.ar_fran, self.ar_till + 1))


# --------------------------------------------------------------------------- loading


def load(kommun: str, ar_fran: int, ar_till: int, *, brott_fil: str = "", folkmangd_fil: str = "",
         handelser_fil: str = "", enkat_fil: str = "", kategori_fil: str = "", kadens: str = "tertial",
         namnarear: str = "foregaende", delbar: bool = True, handelser_till: str = "",
         skadevikt_fil: str = "") -> Context:
    """Validate the parameters, read and validate every data file, and return the context.

    Empty file parameters mean the bundled övningsdata. An empty string for ``handelser_fil`` or
    ``enkat_fil`` that has no bundled file simply leaves that part out (the report says so).
    Raises :class:`ParameterError` / ``InputDataError`` with Swedish messages.
    """
    from ..sources import register, survey

    region = registry.get(kommun)
    if region.typ != "kommun":
        raise ParameterError(f"'{kommun}' är inte en kommun. Ange kommunens namn eller kod, t.ex. 'Heby' eller '0331'.")
    if kadens not in KADENSER:
        raise ParameterError(f"Okänd kadens '{kadens}'. Välj en av: {', '.join(KADENSER)}.")
    if namnarear not in NAMNARE_VAL:
        raise ParameterError(f"Okänt värde för namnarear: '{namnarear}'. Välj 'foregaende' eller 'samma'.")
    try:
        ar_fran, ar_till = int(ar_fran), int(ar_till)
    except (TypeError, ValueError):
        raise ParameterError("ar_fran och ar_till ska vara årtal, t.ex. 2015 och 2025.") from None
    if ar_fran > ar_till:
        raise ParameterError(f"ar_fran ({ar_fran}) är senare än ar_till ({ar_till}).")

    files = {
        "brott_fil": inputs.resolve("brott_fil", brott_fil, region.kod),
        "folkmangd_fil": inputs.resolve("folkmangd_fil", folkmangd_fil, region.kod),
        "handelser_fil": inputs.resolve("handelser_fil", handelser_fil, region.kod),
        "enkat_fil": inputs.resolve("enkat_fil", enkat_fil, region.kod),
    }
    notes: list[str] = []
    crime = _read_crime(files["brott_fil"], notes, region.lan)
    population = _read_population(files["folkmangd_fil"])
    available = sorted(crime.loc[crime[C.KOMMUNKOD] == region.kod, C.AR].unique())
    if not available:
        raise ParameterError(f"Brottsstatistiken i {files['brott_fil'].name} har inga rader för "
                             f"{region.namn} ({region.kod}).")
    if ar_till > available[-1] or ar_fran < available[0]:
        notes.append(f"Brottsstatistiken finns för {available[0]}–{available[-1]}; rapporten visar de år "
                     f"som finns inom {ar_fran}–{ar_till}.")
        ar_fran, ar_till = max(ar_fran, int(available[0])), min(ar_till, int(available[-1]))

    incidents = None
    if files["handelser_fil"].is_file():
        mapping = register.read_category_mapping(inputs.resolve("kategori_fil", kategori_fil, region.kod)) \
            if kategori_fil else None
        incidents = _read_incidents(files["handelser_fil"], region.kod, mapping, notes)
    elif handelser_fil:
        raise ParameterError(f"Händelsefilen finns inte: {files['handelser_fil']}")
    else:
        notes.append("Inga händelsedata (EST) angavs; avsnitten om när och var saknas.")
    survey_df = None
    if files["enkat_fil"].is_file():
        survey_df = survey.read_survey(files["enkat_fil"], kommunkod=region.kod)
    elif enkat_fil:
        raise ParameterError(f"Enkätfilen finns inte: {files['enkat_fil']}")
    else:
        notes.append("Ingen trygghetsmätning angavs; avsnittet om trygghet saknas.")
    coverage = _coverage_end(incidents, handelser_till, notes) if incidents is not None else None
    weights = None
    if skadevikt_fil:
        from ..sources import tidy

        wpath = inputs.resolve("skadevikt_fil", skadevikt_fil, region.kod)
        weights = tidy.read_harm_weights(wpath)
        files["skadevikt_fil"] = wpath
    used = {k: v for k, v in files.items() if v.is_file()}
    return Context(handelser_till=coverage, skadevikter=weights, region=region, ar_fran=ar_fran, ar_till=ar_till, kadens=kadens, namnarear=namnarear,
                   delbar=bool(delbar), crime=crime, population=population, incidents=incidents,
                   survey=survey_df, files=used, synthetic=any(inputs.is_synthetic(p) for p in used.values()),
                   notes=notes)


def _coverage_end(incidents: pd.DataFrame, handelser_till: str, notes: list[str]) -> pd.Timestamp | None:
    """The last day the incident register is complete for.

    Given explicitly (``handelser_till``, a date), or else the day of the last incident -- extended to
    the end of that month when the last incident falls in the month's last week (registers are usually
    exported per month). The choice is announced in the report.
    """
    if incidents.empty:
        return None
    if handelser_till:
        try:
            end = pd.Timestamp(str(handelser_till)).normalize()
        except ValueError:
            raise ParameterError(f"handelser_till ska vara ett datum som 2025-12-31, fick '{handelser_till}'.") from None
        notes.append(f"Händelsedata antas vara fullständiga till och med {fmt.date_sv(end)} (parametern handelser_till).")
        return end
    last = incidents[C.TIDPUNKT].max().tz_convert("Europe/Stockholm").tz_localize(None).normalize()
    month_end = last + pd.offsets.MonthEnd(0)
    end = month_end if (month_end - last).days < 7 else last
    notes.append(f"Händelsedata antas vara fullständiga till och med {fmt.date_sv(end)}; ange parametern "
                 "handelser_till om registret tar slut ett annat datum.")
    return end


def _read_crime(path: Path, notes: list[str], lan: str) -> pd.DataFrame:
    """Crime statistics from a tidy CSV, Brå's kommun CSV or Brå's indicator workbook."""
    from ..sources import bra, tidy
    from ..sources.cli import detect_kind

    kind = detect_kind(path)
    if kind == "brott":
        crime = tidy.read_crime_csv(path)
    elif kind == "bra-kommun":
        crime = bra.read_bra_kommun_csv(path)
        notes.append("Brås fil ”Anmälda brott i kommunerna” innehåller bara det totala antalet brott; "
                     "brottstyper saknas.")
    elif kind == "bra-indikatorer":
        crime = bra.read_bra_indikatorer(path)
    else:
        raise ParameterError(f"Filen {path.name} (brott_fil) innehåller inte anmälda brott per kommun. "
                             "Använd Brås CSV ”Anmälda brott i kommunerna”, Brås arbetsbok ”Indikatorer för "
                             "kommuners lägesbild” eller en tabell med kolumnerna kommunkod,ar,brottstyp,antal,kalla.")
    return _add_county_sum(crime, notes, lan)


def _add_county_sum(crime: pd.DataFrame, notes: list[str], lan: str) -> pd.DataFrame:
    """If the county rows are missing but all its municipalities are there, add their sum as the county."""
    if (crime[C.KOMMUNKOD] == lan).any():
        return crime
    members = registry.kommuner_i_lan(lan)
    k = crime[crime[C.KOMMUNKOD].isin(members)]
    complete = k.groupby([C.AR, C.BROTTSTYP])[C.KOMMUNKOD].nunique() == len(members)
    if not complete.any():
        return crime
    keys = complete[complete].index
    sums = (k.set_index([C.AR, C.BROTTSTYP]).loc[keys].groupby(level=[0, 1])[C.ANTAL]
            .sum(min_count=len(members)).reset_index())
    sums[C.KOMMUNKOD] = lan
    sums[C.KALLA] = f"Summa av {T.members_phrase(len(members))}"
    notes.append(f"{registry.get(lan).namn} har räknats som summan av {T.members_phrase(len(members))}.")
    return pd.concat([crime, sums[crime.columns]], ignore_index=True)


def _read_population(path: Path) -> pd.DataFrame:
    from ..sources import scb, tidy
    from ..sources.cli import detect_kind

    kind = detect_kind(path)
    if kind == "scb":
        return scb.read_scb_population(path)
    return tidy.read_population_csv(path)


def _read_incidents(path: Path, kod: str, mapping, notes: list[str]) -> pd.DataFrame:
    """The municipality's incident register, or Polisen's event feed (times only, no positions)."""
    from ..sources import polisen, register
    from ..sources.cli import detect_kind

    if detect_kind(path) == "polisen":
        events = polisen.read_polisen_events(path, kommuner=[kod])
        notes.append(polisen.polisen_forbehall(registry.get(kod).namn))
        return polisen.events_as_incidents(events)
    return register.read_incident_register(path, kommunkod=kod, kategori_mappning=mapping)


def _from_polisen(ctx: "Context") -> bool:
    return ctx.incidents is not None and ctx.incidents.attrs.get("kalla") == "polisen"


# --------------------------------------------------------------------------- cached computations


def _cached(ctx: Context, key: str, fn):
    if key not in ctx.cache:
        ctx.cache[key] = fn()
    return ctx.cache[key]


def _joined(ctx: Context) -> pd.DataFrame:
    def build():
        crime = ctx.crime[ctx.crime[C.AR].between(ctx.ar_fran - 1, ctx.ar_till)]
        return S.join_population(crime, ctx.population, denominator_year=ctx.namnarear)
    return _cached(ctx, "joined", build)


def _rates(ctx: Context) -> pd.DataFrame:
    return _cached(ctx, "rates", lambda: S.rates(_joined(ctx)))


def _names() -> dict[str, str]:
    out = {k: r.namn for k, r in registry.REGIONS.items()}
    for g in ("A2", "B3", "B4", "B5"):
        out[f"{C.KOMMUNGRUPP_PREFIX}{g}"] = f"Kommungrupp {g}"
    return out


def _label(code: str) -> str:
    return C.BROTTSTYPER.get(code, code)


def _suppressed(ctx: Context) -> pd.DataFrame:
    """Long frame of this kommun's counts with ``visning``/``dold`` (shareable reports)."""
    def build():
        own = ctx.crime[(ctx.crime[C.KOMMUNKOD] == ctx.kod) & ctx.crime[C.AR].between(ctx.ar_fran, ctx.ar_till)]
        own = own[own[C.BROTTSTYP] != "totalt"]
        if not ctx.delbar:
            out = own.copy()
            out["visning"] = out[C.ANTAL].map(fmt.integer)
            out["dold"] = False
            return out
        return S.suppress_long(own)
    return _cached(ctx, "suppressed", build)


def _shown(ctx: Context, brottstyp: str, ar: int) -> str | None:
    """The count as it may be shown: '<5' (primary), '..' (secondary suppression) or the number."""
    sup = _suppressed(ctx)
    hit = sup[(sup[C.BROTTSTYP] == brottstyp) & (sup[C.AR] == ar)]
    return str(hit["visning"].iloc[0]) if len(hit) else None


def _hidden(ctx: Context, brottstyp: str, ar: int) -> bool:
    sup = _suppressed(ctx)
    hit = sup[(sup[C.BROTTSTYP] == brottstyp) & (sup[C.AR] == ar)]
    return bool(hit["dold"].any()) if len(hit) else False


# --------------------------------------------------------------------------- sections


def oversikt(ctx: Context) -> Section:
    """Who and what the report is about: the municipality's facts and the data it rests on."""
    r = ctx.region
    sec = Section()
    latest_pop = ctx.population[(ctx.population[C.KOMMUNKOD] == r.kod)].sort_values(C.AR).tail(1)
    pop_text = (f"{fmt.integer(latest_pop[C.FOLKMANGD].iloc[0])} (31 december {int(latest_pop[C.AR].iloc[0])})"
                if len(latest_pop) else "–")
    facts = pd.DataFrame({
        "Uppgift": ["Kommun", "Kommunkod (SCB)", "Län", "Kommungrupp (SKR 2017)", "Lokalpolisområde",
                    "Centralort", "Folkmängd"],
        "Värde": [r.namn, r.kod, r.lan_namn, f"{r.kommungrupp} {r.kommungrupp_namn}", r.lokalpolisomrade,
                  r.centralort.name if r.centralort else "–", pop_text],
    })
    sec.table(facts, "Kommunen i korthet")
    period = f"{ctx.ar_fran}–{ctx.ar_till}"
    basis = ("**Underlaget är syntetiska övningsdata** som följer med paketet. De liknar verkliga data men "
             "beskriver inte verkliga händelser; använd rapporten för att öva och för att se hur en "
             "lägesbild kan se ut." if ctx.synthetic else
             "Underlaget är de datafiler som anges under *Källor och begränsningar*.")
    sec.md(f"Rapporten gäller **{r.namn} kommun**, statistikår {period}, och togs fram "
           f"{fmt.date_sv(date.today())}. {basis}")
    for n in ctx.notes:
        sec.note(n)
    sec.facts.update(kommun=r.namn, kod=r.kod, period=period, syntetisk=ctx.synthetic)
    return sec


def _latest_table(ctx: Context) -> pd.DataFrame:
    """Per category in the latest year: count, rate with CI, change from last year, vs county/country."""
    def build():
        j = _joined(ctx)
        y = ctx.ar_till
        own = S.rates(j[(j[C.KOMMUNKOD] == ctx.kod) & (j[C.AR] == y)])
        change = S.change_between_periods(j[j[C.KOMMUNKOD] == ctx.kod], y - 1, y)
        lan = S.compare_with_region(j[j[C.AR] == y], ctx.kod, ctx.lan)
        riket = S.compare_with_region(j[j[C.AR] == y], ctx.kod, C.RIKET)
        t = own.merge(change[[C.BROTTSTYP, "forandring", "forandring_pct", "p_varde"]], on=C.BROTTSTYP, how="left")
        t = t.merge(lan[[C.BROTTSTYP, "skillnad", NIVA, "jamforelsevarde"]].rename(
            columns={"skillnad": "mot_lan", NIVA: "mot_lan_niva", "jamforelsevarde": "lan_varde"}),
            on=C.BROTTSTYP, how="left")
        t = t.merge(riket[[C.BROTTSTYP, "skillnad", NIVA, "jamforelsevarde"]].rename(
            columns={"skillnad": "mot_riket", NIVA: "mot_riket_niva", "jamforelsevarde": "riket_varde"}),
            on=C.BROTTSTYP, how="left")
        t["dold"] = [_hidden(ctx, b, y) for b in t[C.BROTTSTYP]]
        t["visning"] = [_shown(ctx, b, y) for b in t[C.BROTTSTYP]]
        return t
    return _cached(ctx, "latest", build)


def vanligaste_problem(ctx: Context) -> Section:
    """Which problems are most common and which are rising: table for the latest year."""
    t = _latest_table(ctx)
    y = ctx.ar_till
    sec = Section()
    cats = t[t[C.BROTTSTYP] != "totalt"].sort_values(C.VARDE, ascending=False)
    total = t[t[C.BROTTSTYP] == "totalt"]
    rows = []
    for _, r in pd.concat([total, cats]).iterrows():
        hidden = bool(r["dold"])
        rows.append({
            "Brottstyp": _label(r[C.BROTTSTYP]),
            f"Antal {y}": (r["visning"] or "..") if hidden else fmt.integer(r[C.ANTAL]),
            "Per 100 000 inv.": "dolt" if hidden else T.rate_number(r[C.VARDE]),
            "95 % konfidensintervall": "–" if hidden else fmt.interval(r[C.NEDRE], r[C.OVRE], 0 if r[C.VARDE] >= 10 else 1),
            f"Förändring från {y - 1}": "–" if hidden else _short_change(r),
            "Jämfört med länet": "–" if hidden else T.comparison_short(r["mot_lan"], r["mot_lan_niva"]),
            "Jämfört med riket": "–" if hidden else T.comparison_short(r["mot_riket"], r["mot_riket_niva"]),
            "Obs": "få brott" if (bool(r[C.LITET_ANTAL]) and not hidden) else "",
        })
    sec.table(pd.DataFrame(rows), f"Anmälda brott i {ctx.namn} {y} per brottstyp")
    top = [c for c in cats[~cats["dold"]][C.BROTTSTYP].head(3)]
    if top:
        parts = [f"{_label(c).lower()} ({T.rate_number(cats.set_index(C.BROTTSTYP).loc[c, C.VARDE])} per "
                 f"{T.PER_100K})" for c in top]
        sec.md(f"De vanligaste anmälda brotten bland de redovisade brottstyperna i {ctx.namn} {y} var "
               + T.join_sv(parts) + ".")
    rising = cats[(cats["forandring"] == Change.INCREASE) & ~cats["dold"]]
    falling = cats[(cats["forandring"] == Change.DECREASE) & ~cats["dold"]]
    if len(rising):
        sec.md("Statistiskt säkerställd ökning från föregående år: "
               + T.join_sv([_label(c).lower() for c in rising[C.BROTTSTYP]]) + ".")
    else:
        sec.md(f"Ingen brottstyp ökade statistiskt säkerställt mellan {y - 1} och {y}; skillnader mellan två "
               "enskilda år i en liten kommun är ofta slumpmässiga.")
    if len(falling):
        sec.md("Statistiskt säkerställd minskning: " + T.join_sv([_label(c).lower() for c in falling[C.BROTTSTYP]]) + ".")
    sec.note(f"Per 100 000 invånare beräknas med folkmängden {_denominator_text(ctx)}. Konfidensintervallen "
             "bygger på Poissonfördelningen (exakt metod under 10 brott, Byars metod från 10). "
             "”Få brott” = färre än 20 brott: talet är osäkert. Jämförelser och förändringar kallas "
             "säkerställda först när de håller på 95 %-nivån."
             + (" Antal 1–4 i känsliga brottstyper (sexualbrott, våld i nära relation, våld mot barn) visas som "
                "”<5”; celler som visas som ”..” har dolts för att de små talen inte ska kunna räknas fram."
                if ctx.delbar else ""))
    sec.facts.update(vanligast=top, okar=list(rising[C.BROTTSTYP]), minskar=list(falling[C.BROTTSTYP]),
                     dolda=list(t.loc[t["dold"], C.BROTTSTYP]))
    return sec


def _denominator_text(ctx: Context) -> str:
    return ("vid slutet av året före (Brås praxis)" if ctx.namnarear == "foregaende"
            else "vid slutet av samma år")


def _short_change(r) -> str:
    label = r.get("forandring")
    if not isinstance(label, str) or pd.isna(r.get("forandring_pct")):
        return "–"
    return f"{T.signed_pct(r['forandring_pct'])}, {T.change_short(label)}"


def _headline_type(ctx: Context) -> str:
    """'totalt' when the data have it, else the category with most crimes in the latest year."""
    own = ctx.crime[(ctx.crime[C.KOMMUNKOD] == ctx.kod) & (ctx.crime[C.AR] == ctx.ar_till)]
    if (own[C.BROTTSTYP] == "totalt").any():
        return "totalt"
    return str(own.sort_values(C.ANTAL, ascending=False)[C.BROTTSTYP].iloc[0])


def jamforelse(ctx: Context, brottstyp: str | None = None) -> Section:
    """How the municipality compares with the county, the country, its kommungrupp and the other
    municipalities of the county (ranked dot plot with intervals and a funnel plot)."""
    brottstyp = brottstyp or _headline_type(ctx)
    sec = Section()
    y = ctx.ar_till
    j = _joined(ctx)
    jy = j[(j[C.AR] == y) & (j[C.BROTTSTYP] == brottstyp)]
    sentences = []
    for code in (ctx.lan, C.RIKET, registry.kommungrupp_code(ctx.kod)):
        if code and (jy[C.KOMMUNKOD] == code).any():
            cmp_ = S.compare_with_region(jy, ctx.kod, code, region_name=_region_phrase(code))
            if len(cmp_):
                sentences.append(T.comparison_sentence(cmp_.iloc[0], place=ctx.namn, brottstyp=brottstyp))
        elif code and code.startswith(C.KOMMUNGRUPP_PREFIX):
            sentences.append(f"Uppgifter för kommungrupp {ctx.region.kommungrupp} saknas i underlaget.")
    for s in sentences:
        sec.md(s)
    kommuner = S.rates(jy[jy[C.KOMMUNKOD].isin(registry.kommuner_i_lan(ctx.lan))])
    if len(kommuner) >= 3:
        lan_value = S.rates(jy[jy[C.KOMMUNKOD] == ctx.lan])
        bench = float(lan_value[C.VARDE].iloc[0]) if len(lan_value) else None
        names = _names()
        fig = SF.ranked_dot_plot(kommuner, names=names, benchmark=bench, benchmark_name=ctx.lan_namn,
                                 title=f"{_label(brottstyp)} per 100 000 invånare {y}, länets kommuner")
        _highlight_note(sec, ctx)
        sec.figure(fig)
        fun = S.funnel(kommuner, kind="rate")
        sec.figure(SF.funnel_plot(fun, names=names, title=f"Trattdiagram: {_label(brottstyp).lower()} {y}"))
        sec.md(T.funnel_sentence(fun, names=names, name_col=C.KOMMUNKOD))
        sec.facts["tratt"] = fun
    sec.note("Rangordna inte kommunerna efter ett enda tal: när intervallen överlappar är ordningen osäker. "
             "Trattdiagrammet visar vilka kommuner som ligger utanför det som slumpen kan förklara, med hänsyn "
             "till att små kommuner naturligt varierar mer.")
    sec.facts["jamforelser"] = sentences
    return sec


def _highlight_note(sec: Section, ctx: Context) -> None:
    sec.md(f"Diagrammet visar varje kommuns värde med 95 % konfidensintervall; {ctx.namn} finns bland "
           "kommunerna, den streckade linjen är länets värde.")


def _region_phrase(code: str) -> str:
    if code in registry.LAN:
        return registry.LAN[code].namn
    if code == C.RIKET:
        return "riket"
    if str(code).startswith(C.KOMMUNGRUPP_PREFIX):
        return f"kommungrupp {str(code)[len(C.KOMMUNGRUPP_PREFIX):]} i hela landet"
    return registry.region_name(code)


def utveckling(ctx: Context, antal_brottstyper: int = 3) -> Section:
    """Development over time: rate with interval against county and country, and the trend per category."""
    sec = Section()
    r = _rates(ctx)
    r = r[r[C.AR].between(ctx.ar_fran, ctx.ar_till)]
    names = _names()
    head = _headline_type(ctx)
    tot = r[r[C.BROTTSTYP] == head]
    sec.figure(SF.rate_over_time(tot, ctx.kod, names=names, comparisons=(ctx.lan, C.RIKET),
                                 title=f"{_label(head)} per 100 000 invånare i {ctx.namn}, {ctx.ar_fran}–{ctx.ar_till}",
                                 ylabel=f"{_label(head)} per 100 000 invånare"))
    j = _joined(ctx)
    j = j[(j[C.KOMMUNKOD] == ctx.kod) & j[C.AR].between(ctx.ar_fran, ctx.ar_till)]
    tr = S.trend(j)
    sup = _suppressed(ctx)
    hidden_types = set(sup.loc[sup["dold"], C.BROTTSTYP]) if ctx.delbar else set()
    rows = []
    tr = tr.assign(_ordning=(tr[C.BROTTSTYP] != "totalt"), _namn=tr[C.BROTTSTYP].map(_label))
    tr = tr.sort_values(["_ordning", "_namn"], key=lambda s: s.map(fmt.swedish_sort_key) if s.name == "_namn" else s)
    tr = tr.drop(columns=["_ordning", "_namn"])
    for _, row in tr.iterrows():
        b = row[C.BROTTSTYP]
        rows.append({
            "Brottstyp": _label(b),
            "Period": f"{int(row['ar_fran'])}–{int(row['ar_till'])}",
            "Årlig förändring": "–" if pd.isna(row["arlig_forandring_pct"]) else T.signed_pct(row["arlig_forandring_pct"], 1),
            "95 % konfidensintervall": "–" if pd.isna(row["nedre_pct"]) else
            f"{T.signed_pct(row['nedre_pct'], 1)} till {T.signed_pct(row['ovre_pct'], 1)}",
            "Bedömning": T.trend_label(row["trend"]),
            "Modell": row["modell"] or "–",
        })
    sec.table(pd.DataFrame(rows), f"Trend {ctx.ar_fran}–{ctx.ar_till} per brottstyp (förändring per år)")
    total_row = tr[tr[C.BROTTSTYP] == head]
    if len(total_row):
        sec.md(T.trend_sentence(total_row.iloc[0], place=ctx.namn))
    # the categories with the largest counts get their own chart, unless suppressed
    top = (j[(j[C.AR] == ctx.ar_till) & ~j[C.BROTTSTYP].isin(["totalt", head]) & ~j[C.BROTTSTYP].isin(hidden_types)]
           .sort_values(C.ANTAL, ascending=False)[C.BROTTSTYP].head(antal_brottstyper))
    for b in top:
        sec.figure(SF.rate_over_time(r[r[C.BROTTSTYP] == b], ctx.kod, names=names, comparisons=(ctx.lan, C.RIKET),
                                     title=f"{_label(b)} per 100 000 invånare i {ctx.namn}",
                                     ylabel=f"{_label(b)} per 100 000 invånare"))
        row = tr[tr[C.BROTTSTYP] == b]
        if len(row):
            sec.md(T.trend_sentence(row.iloc[0], place=ctx.namn))
    small = tr[(tr["antal"] < 20 * tr["antal_ar"])][C.BROTTSTYP].tolist()
    if small:
        pooled = S.pool_years(j[j[C.BROTTSTYP].isin(small)], years=3, rolling=False)
        sec.facts["sammanslaget"] = pooled
        sec.note("För brottstyper med få brott per år (" + T.join_sv([_label(b).lower() for b in small])
                 + ") är det säkrare att jämföra treårsperioder än enskilda år.")
    sec.note("Trenden skattas med en Poisson-regression (negativ binomial vid överspridning) med folkmängden "
             "som exponering; ”säkerställd” betyder att hela 95 %-intervallet ligger på samma sida om noll. "
             "Brås statistik på kommunnivå är mer jämförbar från 2015; ändrad lagstiftning, anmälningsbenägenhet "
             "och polisens egna insatser (t.ex. narkotika- och trafikbrott) påverkar siffrorna.")
    sec.facts["trend"] = tr
    return sec


def kallor_och_begransningar(ctx: Context) -> Section:
    """Sources and limitations, generated from what the report actually rests on (Brå's 'Stöd för kartläggning')."""
    sec = Section()
    rows = []
    describe = {
        "brott_fil": ("Anmälda brott per kommun och brottstyp", "Brå, anmälda brott (brottsplats = kommunen)"),
        "folkmangd_fil": ("Folkmängd 31 december", "SCB"),
        "handelser_fil": ("Händelserapporter (EST)", "Kommunens egna rapportörer"),
        "enkat_fil": ("Trygghetsmätning", "Kommunens enkät"),
        "skadevikt_fil": ("Skadevikter per händelsekategori", "Kommunens egen bedömning"),
    }
    for key, path in ctx.files.items():
        what, origin = describe.get(key, (key, ""))
        rows.append({"Underlag": what, "Fil": path.name,
                     "Källa": "Övningsdata (syntetiska)" if inputs.is_synthetic(path) else origin})
    sec.table(pd.DataFrame(rows), "Underlag som rapporten bygger på")
    lim = [
        "**Anmälda brott är inte all brottslighet.** Mörkertalet skiljer sig mellan brottstyper och över tid; "
        "skadegörelse och klotter anmäls sällan, medan narkotika- och trafikbrott till stor del speglar polisens "
        "egna insatser.",
        "**Statistiken räknar brott, inte personer eller händelser**: ett tillfälle kan ge flera anmälda brott, och "
        "en del anmälda händelser visar sig senare inte vara brott.",
        f"**Små tal.** {ctx.namn} har {_pop_words(ctx)} invånare; några brott hit eller dit ger stora procentuella "
        "förändringar. Därför visas konfidensintervall, tal under 20 brott markeras och förändringar kallas "
        "säkerställda bara när data stödjer det.",
        f"**Nämnaren.** Per 100 000 invånare räknas med folkmängden {_denominator_text(ctx)}.",
    ]
    if ctx.delbar:
        lim.append("**Rapporten är avsedd att delas.** Antal 1–4 i känsliga brottstyper visas som ”<5”, och "
                   "ytterligare celler döljs så att de dolda talen inte kan räknas fram ur summorna. "
                   "Fritext från händelserapporterna visas aldrig.")
    if ctx.incidents is not None:
        lim.append("**Händelserapporterna** beskriver det rapportörerna ser och rapporterar; fler rapportörer eller "
                   "ändrade rutiner kan se ut som fler händelser. Platser och tider är så exakta som rapportören angav.")
    if ctx.survey is not None:
        n = ctx.survey[C.RESPONDENT].nunique()
        lim.append(f"**Enkäten** bygger på {fmt.integer(n)} svar (alla år). Andelar visas med konfidensintervall "
                   "och antal svarande; vikterna justerar för att olika grupper svarat i olika grad, men bortfallet "
                   "kan ändå snedvrida resultaten.")
    if ctx.synthetic:
        lim.append("**Övningsdata.** Siffrorna i den här rapporten är syntetiska och får inte användas som fakta "
                   "om kommunen.")
    for line in lim:
        sec.md("- " + line)
    sec.facts["underlag"] = rows
    return sec


def _pop_words(ctx: Context) -> str:
    p = ctx.population[ctx.population[C.KOMMUNKOD] == ctx.kod].sort_values(C.AR)
    return f"omkring {fmt.integer(round(float(p[C.FOLKMANGD].iloc[-1]), -2))}" if len(p) else "få"


LAGKRAV = [
    ("kartlaggning", "Kartläggning av brottsligheten", "Anmälda brott per brottstyp, utveckling och jämförelser"),
    ("omfattning", "Brottslighetens omfattning", "Antal och brott per 100 000 invånare med osäkerhet"),
    ("konsekvenser", "Brottslighetens konsekvenser", "Trygghet och utsatthet (enkät), allvarlighet i händelserapporter"),
    ("annan_information", "Annan information av betydelse", "Händelserapporter: när och var; befolkning och kommungrupp"),
    ("analys", "Analys av kartläggningen", "Statistiska bedömningar i rapporten; orsaksanalysen görs i steg 2"),
]


def lagkrav(ctx: Context) -> Section:
    """Checklist against Lag (2023:196) §4: what this lägesbild contains and what remains to be done."""
    sec = Section()
    have = {
        "kartlaggning": True,
        "omfattning": True,
        "konsekvenser": ctx.survey is not None or ctx.incidents is not None,
        "annan_information": ctx.incidents is not None,
        "analys": True,
    }
    rows = []
    for key, krav, innehall in LAGKRAV:
        ok = have[key]
        rows.append({"Krav i 4 § lagen (2023:196)": krav, "I rapporten": innehall if ok else "Saknas i underlaget",
                     "Status": "Uppfyllt" if ok else "Komplettera"})
    sec.table(pd.DataFrame(rows), "Kontrollista: lagens krav på lägesbilden")
    sec.md("Lagen kräver också att kommunen utifrån lägesbilden **tar ställning till behovet av åtgärder och "
           "beslutar om en åtgärdsplan**. Nästa steg är orsaksanalysen (steg 2): varför finns de prioriterade "
           "problemen? Först därefter väljs åtgärder (steg 3).")
    sec.note("Analysen i rapporten är statistisk. Den behöver kompletteras med kunskap från medarbetar- och "
             "medborgardialoger, trygghetsvandringar och polisens lokala kännedom.")
    sec.facts["lagkrav"] = have
    return sec


# --------------------------------------------------------------------------- survey

SURVEY_MEASURES = [
    # (question, positive answers, Swedish description)
    ("trygghet_ute_kvall", ("Ganska otrygg", "Mycket otrygg"),
     "Andel som känner sig ganska eller mycket otrygga ute ensamma sent en kväll i sitt bostadsområde"),
    ("oro_brottsligheten", ("Ofta",), "Andel som ofta känt oro över brottsligheten i samhället"),
    ("oro_inbrott", ("Ofta",), "Andel som ofta oroar sig för inbrott i bostaden"),
    ("problem_klotter", ("Ganska stort problem", "Mycket stort problem"),
     "Andel som tycker att klotter och skadegörelse är ett ganska eller mycket stort problem i området"),
    ("problem_narkotika", ("Ganska stort problem", "Mycket stort problem"),
     "Andel som tycker att narkotikaförsäljning är ett ganska eller mycket stort problem i området"),
    ("problem_ungdomsgang", ("Ganska stort problem", "Mycket stort problem"),
     "Andel som tycker att störande ungdomsgäng är ett ganska eller mycket stort problem i området"),
    ("problem_buskorning", ("Ganska stort problem", "Mycket stort problem"),
     "Andel som tycker att buskörning är ett ganska eller mycket stort problem i området"),
    ("utsatt_stold", ("Ja",), "Andel som utsatts för stöld de senaste 12 månaderna"),
    ("utsatt_hot_vald", ("Ja",), "Andel som utsatts för hot eller våld de senaste 12 månaderna"),
]


def _survey_shares(ctx: Context, question: str, positive, by=(C.KOMMUNKOD, C.AR)) -> pd.DataFrame:
    def build():
        out = S.survey_shares(ctx.survey, question, list(positive), by=by, weight=C.VIKT)
        out["fraga"] = question
        return out
    return _cached(ctx, f"share:{question}:{','.join(by)}", build)


def trygghet(ctx: Context) -> Section:
    """Who is affected and how safe people feel: weighted survey shares with Wilson intervals and n,
    by sex and age for the key measure, and the change between the two latest survey rounds."""
    sec = Section()
    if ctx.survey is None or ctx.survey.empty:
        sec.md("Ingen trygghetsmätning finns i underlaget. Lägg till kommunens enkät (parametern `enkat_fil`) "
               "eller använd NTU:s resultat för lokalpolisområdet.")
        return sec
    years = sorted(ctx.survey[C.AR].unique())
    last = int(years[-1])
    prev = int(years[-2]) if len(years) > 1 else None
    n_last = ctx.survey.loc[ctx.survey[C.AR] == last, C.RESPONDENT].nunique()
    sec.md(f"Trygghetsmätningen {last} besvarades av {fmt.integer(n_last)} personer i {ctx.namn}"
           + (f"; jämförelsen görs med mätningen {prev}." if prev else ".")
           + " Andelarna är viktade så att svaren motsvarar befolkningens fördelning på kön och ålder.")
    rows, changes = [], []
    for q, positive, desc in SURVEY_MEASURES:
        if q not in set(ctx.survey["fraga"]):
            continue
        sh = _survey_shares(ctx, q, positive)
        cur = sh[sh[C.AR] == last]
        if cur.empty:
            continue
        r = cur.iloc[0]
        row = {"Mått": desc, f"Andel {last}": fmt.pct(r[C.VARDE]),
               "95 % konfidensintervall": fmt.interval(r[C.NEDRE], r[C.OVRE], 0, percent=True),
               "Antal svarande": fmt.integer(r["n_svarande"])}
        if prev is not None:
            ch = S.compare_two_shares(sh, prev, last)
            if len(ch):
                c = ch.iloc[0]
                row[f"Andel {prev}"] = fmt.pct(c["varde_1"])
                row["Förändring"] = T.change_short(c["forandring"])
                changes.append((q, desc, c))
        rows.append(row)
    table = pd.DataFrame(rows)
    sec.table(table, f"Trygghet, problem i området och utsatthet i {ctx.namn} ({last})")
    key = _survey_shares(ctx, "trygghet_ute_kvall", SURVEY_MEASURES[0][1])
    key_last = key[key[C.AR] == last]
    if len(key_last):
        sec.md(T.share_sentence(key_last.iloc[0], SURVEY_MEASURES[0][2]))
    for q, desc, c in changes:
        if c["forandring"] in (Change.INCREASE, Change.DECREASE):
            word = "ökade" if c["forandring"] == Change.INCREASE else "minskade"
            sec.md(f"{desc} {word} från {fmt.pct(c['varde_1'])} ({prev}) till {fmt.pct(c['varde_2'])} ({last}); "
                   f"förändringen är statistiskt säkerställd ({T.p_text(c['p_varde'])}).")
    # who: by sex and age group for the key measure
    for group, word in ((C.KON, "kön"), (C.ALDERSGRUPP, "åldersgrupp")):
        g = _survey_shares(ctx, "trygghet_ute_kvall", SURVEY_MEASURES[0][1], by=(C.KOMMUNKOD, C.AR, group))
        g = g[g[C.AR] == last].sort_values(group)
        if len(g) >= 2:
            g = g.assign(**{C.KOMMUNKOD: g[group]})
            fig = SF.ranked_dot_plot(g, label=C.KOMMUNKOD, names={v: v for v in g[group]}, percent=True,
                                     title=f"Otrygga ute sent en kväll efter {word}, {ctx.namn} {last}",
                                     xlabel="Andel ganska eller mycket otrygga")
            sec.figure(fig)
            parts = [f"{v}: {fmt.pct(x)} ({fmt.interval(lo, hi, 0, percent=True)}, n = {fmt.integer(n)})"
                     for v, x, lo, hi, n in zip(g[group], g[C.VARDE], g[C.NEDRE], g[C.OVRE], g["n_svarande"])]
            overlap = _intervals_overlap(g)
            sec.md(f"Efter {word}: " + "; ".join(parts) + "."
                   + (" Intervallen överlappar, så skillnaderna mellan grupperna är osäkra." if overlap else
                      " Skillnaden mellan den högsta och den lägsta gruppen är tydlig (intervallen överlappar inte)."))
    sec.note("Andelarna är viktade; konfidensintervallen är Wilsonintervall beräknade med det effektiva antalet "
             "svarande (Kish), som tar hänsyn till vikterna. ”Vet ej” och obesvarade frågor räknas inte. "
             "Grupper med färre än 30 svarande ger mycket osäkra andelar.")
    sec.facts["enkat_ar"] = years
    return sec


def _intervals_overlap(g: pd.DataFrame) -> bool:
    hi_group = g.loc[g[C.VARDE].idxmax()]
    lo_group = g.loc[g[C.VARDE].idxmin()]
    return bool(hi_group[C.NEDRE] <= lo_group[C.OVRE])


# --------------------------------------------------------------------------- when and where (incidents)

def _incidents_or_none(ctx: Context) -> pd.DataFrame | None:
    """The incident frame, or None when the report has no (or an empty) incident register."""
    if ctx.incidents is None or ctx.incidents.empty:
        return None
    return ctx.incidents


def _no_incidents(sec: Section) -> Section:
    sec.md("Det finns inga händelserapporter i underlaget. Med kommunens egna EST-rapporter (parametern "
           "`handelser_fil`) visar avsnittet när och var händelserna sker.")
    return sec


def nar(ctx: Context) -> Section:
    """When: hour x weekday, the annual wheel, special days, and the latest period against control limits."""
    from ..figures import pattern_figures as PF
    from ..patterns import control, timing
    from ..text import patterns as PT

    sec = Section()
    inc = _incidents_or_none(ctx)
    if inc is None:
        return _no_incidents(sec)
    start, end = inc[C.TIDPUNKT].min(), inc[C.TIDPUNKT].max()
    sec.md(f"Händelserapporterna omfattar {fmt.integer(len(inc))} händelser från {fmt.date_sv(start)} till "
           f"{fmt.date_sv(end)}.")
    hw = timing.aoristic_hour_weekday(inc) if inc[C.TIDPUNKT_TILL].notna().any() else timing.hour_weekday_counts(inc)
    sec.figure(PF.hour_weekday_heatmap(hw, title=f"Händelser per veckodag och timme, {ctx.namn}"))
    for test in (timing.weekday_block_test(inc), timing.hour_test(inc)):
        sec.md(PT.time_pattern_sentence(test))
    if inc[C.TIDPUNKT_TILL].notna().any():
        sec.note("Händelser med ett tidsintervall (t.ex. inbrott som upptäcks i efterhand) har fördelats jämnt "
                 "över intervallets timmar (aoristisk metod) i diagrammet.")
    wheel = timing.annual_wheel(inc)
    sec.figure(PF.annual_wheel_figure(wheel, title=f"Årshjul: händelser per månad, {ctx.namn}"))
    sec.md(PT.annual_wheel_sentence(wheel))
    sd = timing.special_day_effect(inc)
    sec.md(PT.special_days_sentence(sd))
    freq = KADENSER[ctx.kadens]
    periods = timing.period_counts(inc, freq, end=ctx.handelser_till)
    flags = control.control_flags(periods)
    sec.figure(PF.control_chart(flags, title=f"Händelser per {_period_noun(ctx.kadens)} med kontrollgränser"))
    sec.md(PT.control_sentence(flags, period_word=KADENS_ORD[ctx.kadens]))
    sec.note("Kontrollgränserna bygger på tidigare perioder (Poissonfördelning med hänsyn till överspridning) "
             "och är satta så att en stabil serie sällan larmar av en slump. En markerad period är en signal att "
             "titta närmare, inte ett bevis.")
    sec.facts.update(antal_handelser=len(inc))
    return sec


def _period_noun(kadens: str) -> str:
    return {"vecka": "vecka", "manad": "månad", "tertial": "tertial", "ar": "år"}[kadens]


def var(ctx: Context, radie_m: float = 4000) -> Section:
    """Where: top places, concentration, repeat places, maps, and Gi* hot spots in the central town."""
    from ..figures import maps
    from ..figures import pattern_figures as PF
    from ..patterns import concentration, grid, hotspot, repeats
    from ..text import patterns as PT

    sec = Section()
    inc = _incidents_or_none(ctx)
    if inc is None:
        return _no_incidents(sec)
    if _from_polisen(ctx) or inc[C.X].isna().all():
        sec.md("Händelserna saknar egna positioner, så avsnittet om platser kan inte tas fram. "
               + PT.polisen_positions_caveat() if _from_polisen(ctx) else
               "Händelserna saknar koordinater, så kartor och heta punkter kan inte tas fram.")
        return sec
    top = grid.place_counts(inc, top=10)
    sec.table(pd.DataFrame({"Plats": top[C.PLATS], "Antal händelser": top["antal"].map(fmt.integer),
                            "Andel": top["andel"].map(lambda v: fmt.pct(v, 1)),
                            "Andel, kumulativt": top["kumulativ_andel"].map(lambda v: fmt.pct(v, 1))}),
              f"De tio platser med flest händelser i {ctx.namn}")
    areas = grid.place_counts(inc, by=C.OMRADE)
    sec.table(pd.DataFrame({"Område": areas[C.OMRADE], "Antal händelser": areas["antal"].map(fmt.integer),
                            "Andel": areas["andel"].map(lambda v: fmt.pct(v, 1))}), "Händelser per område")
    summary = concentration.concentration_summary(concentration.counts_per_unit(inc, C.PLATS))
    sec.md(PT.concentration_sentence(summary))
    sec.figure(PF.lorenz_figure(concentration.lorenz_curve(concentration.counts_per_unit(inc, C.PLATS))))
    rp = repeats.repeat_places(inc)
    sec.md(PT.repeat_sentence(rp))
    towns = [(t.name, t.e, t.n) for t in [ctx.region.centralort] if t]
    sec.figure(maps.incident_map(inc, towns=towns, title=f"Händelser i {ctx.namn}"))
    town = ctx.region.centralort
    if town is not None:
        near = inc[(inc[C.X] - town.e).abs().le(radie_m) & (inc[C.Y] - town.n).abs().le(radie_m)]
        if len(near) >= 30:
            g = grid.grid_counts(near)
            hs = hotspot.hotspot_gistar(grid=g)
            sec.md(f"**Heta punkter i {town.name}** (händelser inom {fmt.num(radie_m / 1000, 0)} km från centrum): "
                   + PT.cell_size_sentence(g))
            sec.figure(maps.grid_map(hs, column="antal", towns=towns, title=f"Händelser per ruta, {town.name}",
                                     label="Antal händelser"))
            sec.md(PT.hotspot_sentence(hs))
    if ctx.skadevikter is not None:
        from ..figures import pattern_figures as PF2
        from ..patterns import harm

        ranking = harm.harm_ranking(inc, ctx.skadevikter, missing="zero")
        sec.md("**Viktat efter skada.** " + PT.harm_sentence(ranking) + " Vikterna är kommunens egna "
               "bedömningar (filen i parametern skadevikt_fil); kategorier som saknas i filen får vikten 0. "
               "Det finns inga officiella svenska skadevikter.")
        sec.figure(PF2.harm_ranking_figure(ranking))
    sec.note("Kartorna ritas utan bakgrundskarta och utan internet, från koordinaterna i händelserapporterna "
             "(SWEREF 99 TM). Heta punkter bedöms med Getis-Ord Gi* och en korrektion för att många rutor "
             "testas samtidigt (Benjamini–Hochberg), så att slumpmässiga samlingar inte ritas som heta punkter.")
    sec.facts.update(koncentration=summary)
    return sec


# --------------------------------------------------------------------------- summary


def sammanfattning(ctx: Context) -> Section:
    """The key findings in a few bullets, taken from the same computations as the sections."""
    sec = Section()
    bullets = []
    t = _latest_table(ctx)
    y = ctx.ar_till
    tot = t[t[C.BROTTSTYP] == "totalt"]
    if len(tot):
        r = tot.iloc[0]
        lan_text = {Comparison.HIGHER: "högre än", Comparison.LOWER: "lägre än"}.get(
            r["mot_lan"], "inte säkerställt skild från")
        bullets.append(f"{y} anmäldes {fmt.integer(r[C.ANTAL])} brott i {ctx.namn}, {T.rate_number(r[C.VARDE])} per "
                       f"{T.PER_100K} (95 % konfidensintervall {fmt.interval(r[C.NEDRE], r[C.OVRE])}) – "
                       f"{lan_text} nivån i {ctx.lan_namn}.")
    sec_problem = vanligaste_problem(ctx)
    top = sec_problem.facts.get("vanligast", [])
    if top:
        bullets.append("Vanligast bland de redovisade brottstyperna: " + T.join_sv([_label(c).lower() for c in top]) + ".")
    rising = sec_problem.facts.get("okar", [])
    bullets.append(("Statistiskt säkerställd ökning från förra året: " + T.join_sv([_label(c).lower() for c in rising]) + ".")
                   if rising else f"Ingen brottstyp ökade statistiskt säkerställt från {y - 1} till {y}.")
    j = _joined(ctx)
    tr = S.trend(j[(j[C.KOMMUNKOD] == ctx.kod) & j[C.AR].between(ctx.ar_fran, ctx.ar_till)])
    up = tr[tr["trend"] == Trend.INCREASING][C.BROTTSTYP].tolist()
    if up:
        bullets.append(f"{T.trend_label(Trend.INCREASING)} {ctx.ar_fran}–{ctx.ar_till}: "
                       + T.join_sv([_label(c).lower() for c in up]) + ".")
    if ctx.survey is not None:
        key = _survey_shares(ctx, "trygghet_ute_kvall", SURVEY_MEASURES[0][1])
        last = key[key[C.AR] == key[C.AR].max()]
        if len(last):
            r = last.iloc[0]
            bullets.append(f"{fmt.pct(r[C.VARDE])} ({fmt.interval(r[C.NEDRE], r[C.OVRE], 0, percent=True)}, "
                           f"n = {fmt.integer(r['n_svarande'])}) känner sig otrygga ute sent en kväll "
                           f"(trygghetsmätningen {int(r[C.AR])}).")
    if ctx.incidents is not None and not ctx.incidents.empty and not _from_polisen(ctx) \
            and ctx.incidents[C.PLATS].notna().any():
        from ..patterns import concentration, grid

        top_places = grid.place_counts(ctx.incidents, top=3)
        summary = concentration.concentration_summary(concentration.counts_per_unit(ctx.incidents, C.PLATS))
        bullets.append(f"Händelserapporterna pekar ut {T.join_sv(list(top_places[C.PLATS]))} som de platser med "
                       f"flest händelser; de 10 % mest drabbade platserna står för {fmt.pct(summary['topp10'])} "
                       "av händelserna." if "topp10" in summary else
                       f"Flest händelser: {T.join_sv(list(top_places[C.PLATS]))}.")
    for b in bullets:
        sec.md("- " + b)
    sec.facts["punkter"] = bullets
    return sec
