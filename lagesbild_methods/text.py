"""Swedish sentences generated from statistical results, never stronger than the statistics.

Each function takes one result row (a ``pandas.Series`` or dict) from ``lagesbild_methods.stats``
and returns one or two Swedish sentences with Swedish number format (``lagesbild_methods.fmt``).
Rules:

* a difference or change is called "statistiskt säkerställd" only when the result's verdict
  (:mod:`lagesbild_methods.verdicts`) says so (the verdict already requires both the test and
  the interval);
* otherwise the direction is stated as observed, followed by "men ... är inte statistiskt
  säkerställd" and the interval;
* rates resting on fewer than 20 events get a caution sentence.

The Swedish wording of every verdict lives here (``*_SV`` maps and :func:`verdict_label`); no other
module compares or builds these display strings.
"""
from __future__ import annotations

import importlib
import math

from . import columns as C
from . import fmt
from .stats import compare as _cmp
from .verdicts import Change, Comparison, Trend

# the package exports a function named ``trend``; fetch the module itself
_tr = importlib.import_module(".stats.trend", __package__)

#: Subject phrases (plural, lower case) for the crime categories.
BROTT_FRASER: dict[str, str] = {
    "totalt": "anmälda brott",
    "skadegorelse": "anmälda skadegörelsebrott",
    "narkotikabrott": "anmälda narkotikabrott",
    "valdsbrott_utomhus_vuxna": "anmälda våldsbrott utomhus mot vuxna",
    "vald_i_nara_relation_kvinnor": "anmälda brott om våld i nära relation mot kvinnor",
    "vald_i_nara_relation_man": "anmälda brott om våld i nära relation mot män",
    "vald_mot_barn": "anmälda brott om våld mot barn",
    "personran_unga": "anmälda personrån mot unga",
    "stoldbrott": "anmälda stöldbrott",
    "bilbrott": "anmälda bilbrott",
    "bostadsinbrott": "anmälda bostadsinbrott",
    "trafikbrott": "anmälda trafikbrott",
    "sexualbrott": "anmälda sexualbrott",
}

#: "100 000 invånare" with the Swedish thin-space thousands separator.
PER_100K = f"{fmt.integer(100_000)} invånare"

#: Swedish wording of each verdict (labels for tables and legends).
CHANGE_SV = {Change.INCREASE: "Säkerställd ökning", Change.DECREASE: "Säkerställd minskning",
             Change.NO_CHANGE: "Ingen säkerställd förändring", Change.NOT_ASSESSED: "Ej bedömd (värde saknas)"}
#: Short lower-case form for table cells ("+12 %, säkerställd ökning").
CHANGE_SHORT_SV = {Change.INCREASE: "säkerställd ökning", Change.DECREASE: "säkerställd minskning",
                   Change.NO_CHANGE: "ej säkerställd", Change.NOT_ASSESSED: "ej bedömd"}
TREND_SV = {Trend.INCREASING: "Säkerställt ökande trend", Trend.DECREASING: "Säkerställt minskande trend",
            Trend.NONE: "Ingen säkerställd trend", Trend.NOT_ASSESSED: "Ej bedömd (värde saknas)"}
COMPARISON_SV = {Comparison.HIGHER: "Säkerställt högre", Comparison.LOWER: "Säkerställt lägre",
                 Comparison.NO_DIFFERENCE: "Ingen säkerställd skillnad",
                 Comparison.NOT_ASSESSED: "Ej bedömd (värde saknas)"}
COMPARISON_SHORT_SV = {Comparison.HIGHER: "högre", Comparison.LOWER: "lägre",
                       Comparison.NO_DIFFERENCE: "ingen säker skillnad",
                       Comparison.NOT_ASSESSED: "Ej bedömd (värde saknas)"}


def _verdict(kind, value):
    """The member of ``kind`` for a verdict value (member or its code), or None when missing."""
    if value is None or _missing(value):
        return None
    try:
        return kind(str(value))
    except ValueError:
        return None


def level_number(level) -> str:
    """'99,8' or '95' for a significance level (0.998, 0.95); '95' when missing."""
    if level is None or _missing(level):
        return "95"
    pct = round(float(level) * 100, 1)
    return fmt.num(pct, 0 if pct == int(pct) else 1)


def level_text(level) -> str:
    """'99,8 %' or '95 %' for a significance level (plain space, as in the legends)."""
    return f"{level_number(level)} %"


def comparison_label(verdict, level=None) -> str:
    """'Säkerställt högre (99,8 %)', 'Ingen säkerställd skillnad', ... for a Comparison verdict."""
    v = _verdict(Comparison, verdict)
    if v is None:
        return fmt.MISSING
    text = COMPARISON_SV[v]
    if v.significant and level is not None and not _missing(level):
        text += f" ({level_text(level)})"
    return text


def comparison_short(verdict, level=None) -> str:
    """'högre', 'lägre (99,8 %)', 'ingen säker skillnad' for a table cell; '–' when missing."""
    v = _verdict(Comparison, verdict)
    if v is None:
        return fmt.MISSING
    text = COMPARISON_SHORT_SV[v]
    if v.significant and level is not None and not _missing(level) and float(level) > 0.95:
        text += f" ({level_text(level)})"
    return text


def change_label(verdict) -> str:
    v = _verdict(Change, verdict)
    return CHANGE_SV[v] if v is not None else fmt.MISSING


def change_short(verdict) -> str:
    v = _verdict(Change, verdict)
    return CHANGE_SHORT_SV[v] if v is not None else fmt.MISSING


def trend_label(verdict) -> str:
    v = _verdict(Trend, verdict)
    return TREND_SV[v] if v is not None else fmt.MISSING


_COUNT_WORDS = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]


def count_word(n: int) -> str:
    """A small count in words ('åtta'), larger ones as digits ('13'): Swedish style for running text."""
    n = int(n)
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else fmt.integer(n)


def members_phrase(n: int, noun: str = "kommuner", singular: str = "kommun") -> str:
    """'länets åtta kommuner' / 'länets enda kommun'."""
    return f"länets enda {singular}" if int(n) == 1 else f"länets {count_word(n)} {noun}"


SMALL_NUMBER_NOTE = "Antalen är små (färre än 20 brott), så siffrorna ska tolkas med försiktighet."


def _get(row, key, default=None):
    try:
        val = row[key]
    except (KeyError, IndexError, TypeError):
        return default
    return default if val is None else val


def _missing(x) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or x != x
    except (TypeError, ValueError):
        return False


def crime_phrase(brottstyp: str | None) -> str:
    """Plural subject phrase for a crime category code, e.g. 'anmälda bostadsinbrott'."""
    if brottstyp is None:
        return "anmälda brott"
    if brottstyp in BROTT_FRASER:
        return BROTT_FRASER[brottstyp]
    label = C.BROTTSTYPER.get(brottstyp, str(brottstyp))
    return f"anmälda brott ({label.lower()})"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def rate_number(x) -> str:
    """A rate per 100 000 in Swedish format: no decimals from 10, one decimal below."""
    if _missing(x):
        return fmt.MISSING
    return fmt.num(x, 0 if abs(float(x)) >= 10 else 1)


def _conf_text(conf) -> str:
    try:
        c = float(conf)
    except (TypeError, ValueError):
        c = 0.95
    pct = round(c * 100, 1)
    return fmt.pct(pct, 0 if pct == int(pct) else 1, is_fraction=False)


def p_text(p) -> str:
    """'p = 0,03' or 'p < 0,001'."""
    if _missing(p):
        return "p saknas"
    if p < 0.001:
        return "p < 0,001"
    return f"p = {fmt.num(p, 3 if p < 0.01 else 2)}"


def signed_pct(x, decimals: int = 0) -> str:
    """A signed percent change: '+21 %', '−4 %'."""
    if _missing(x):
        return fmt.MISSING
    if math.isinf(x):
        return "obegränsad"
    s = fmt.pct(x, decimals, is_fraction=False)
    return s if s.startswith(fmt.MINUS) or fmt.num(x, decimals) in ("0", "0,0") else "+" + s


def _limits(row):
    """(lower, upper) of a result row: single level or the 95 % pair of a two-level result."""
    for lo, hi in ((C.NEDRE, C.OVRE), (f"{C.NEDRE}_95", f"{C.OVRE}_95")):
        if _get(row, lo) is not None and _get(row, hi) is not None:
            return _get(row, lo), _get(row, hi), (0.95 if lo.endswith("_95") else _get(row, C.KONFIDENS, 0.95))
    return float("nan"), float("nan"), 0.95


def rate_sentence(row, *, place: str | None = None, year=None, brottstyp: str | None = None,
                  per: str = PER_100K) -> str:
    """'Anmälda bostadsinbrott i Heby 2024: 58 per 100 000 invånare (95 % konfidensintervall 44–75).'"""
    brottstyp = brottstyp or _get(row, C.BROTTSTYP)
    year = year if year is not None else _get(row, C.AR)
    subject = _cap(crime_phrase(brottstyp))
    where = f" i {place}" if place else ""
    when = f" {int(year)}" if year is not None and not _missing(year) else ""
    value = _get(row, C.VARDE, float("nan"))
    if _missing(value):
        return f"{subject}{where}{when}: uppgift saknas."
    lo, hi, conf = _limits(row)
    antal = _get(row, C.ANTAL)
    n_txt = f", {fmt.integer(antal)} brott" if antal is not None and not _missing(antal) else ""
    text = (f"{subject}{where}{when}: {rate_number(value)} per {per} ({_conf_text(conf)} konfidensintervall "
            f"{rate_number(lo)}{fmt.EN_DASH}{rate_number(hi)}{n_txt}).")
    if bool(_get(row, C.LITET_ANTAL, False)) is True:
        text += " " + SMALL_NUMBER_NOTE
    return text


def change_sentence(row, *, brottstyp: str | None = None, place: str | None = None,
                    per: str = PER_100K) -> str:
    """Sentence for a :func:`~lagesbild_methods.stats.change_between_periods` row.

    'Anmälda bostadsinbrott ökade från 41 till 58 per 100 000 invånare mellan 2023 och 2024,
    men förändringen är inte statistiskt säkerställd (95 % konfidensintervall för förändringen:
    −12 till +95 %).'
    """
    brottstyp = brottstyp or _get(row, C.BROTTSTYP)
    subject = _cap(crime_phrase(brottstyp)) + (f" i {place}" if place else "")
    v1, v2 = _get(row, "varde_1", float("nan")), _get(row, "varde_2", float("nan"))
    p1, p2 = _get(row, "period_1", "första perioden"), _get(row, "period_2", "andra perioden")
    label = _verdict(Change, _get(row, _tr.FORANDRING)) or Change.NOT_ASSESSED
    if _missing(v1) or _missing(v2) or label == Change.NOT_ASSESSED:
        return f"{subject}: förändringen mellan {p1} och {p2} kan inte bedömas eftersom uppgifter saknas."
    conf = _conf_text(_get(row, C.KONFIDENS, 0.95))
    ci = (f"{conf} konfidensintervall för förändringen: {signed_pct(_get(row, 'forandring_nedre_pct'))} till "
          f"{signed_pct(_get(row, 'forandring_ovre_pct'))}")
    a, b = rate_number(v1), rate_number(v2)
    if a == b:
        verb = f"var oförändrade, {b} per {per},"
        core = f"{subject} {verb} mellan {p1} och {p2}"
    else:
        verb = "ökade" if v2 > v1 else "minskade"
        core = f"{subject} {verb} från {a} till {b} per {per} mellan {p1} och {p2}"
    if label == Change.INCREASE:
        text = f"{core}. Ökningen är statistiskt säkerställd ({ci}; {p_text(_get(row, 'p_varde'))})."
    elif label == Change.DECREASE:
        text = f"{core}. Minskningen är statistiskt säkerställd ({ci}; {p_text(_get(row, 'p_varde'))})."
    else:
        text = f"{core}, men förändringen är inte statistiskt säkerställd ({ci})."
    if bool(_get(row, C.LITET_ANTAL, False)) is True:
        text += " " + SMALL_NUMBER_NOTE
    return text


def comparison_sentence(row, *, place: str | None = None, brottstyp: str | None = None,
                        per: str = PER_100K, percent: bool = False) -> str:
    """Sentence for a :func:`~lagesbild_methods.stats.compare_with_benchmark` row.

    'I Heby var anmälda bostadsinbrott 58 per 100 000 invånare 2024, statistiskt säkerställt högre
    än i Uppsala län (41 per 100 000 invånare).' Set ``percent=True`` for shares.
    """
    brottstyp = brottstyp or _get(row, C.BROTTSTYP)
    value, bench = _get(row, C.VARDE, float("nan")), _get(row, _cmp.JAMFORELSEVARDE, float("nan"))
    name = _get(row, _cmp.JAMFORELSE, "jämförelseområdet")
    label = _verdict(Comparison, _get(row, _cmp.SKILLNAD)) or Comparison.NOT_ASSESSED
    level = level_number(_get(row, _cmp.NIVA))
    year = _get(row, C.AR)
    when = f" {int(year)}" if year is not None and not _missing(year) else ""
    where = f"I {place} var " if place else ""

    def show(x):
        return fmt.pct(x, 0) if percent else f"{rate_number(x)} per {per}"

    subj = crime_phrase(brottstyp) if where else _cap(crime_phrase(brottstyp))
    head = f"{where}{subj}{'' if where else ' var'} {show(value)}{when}"
    if _missing(value) or _missing(bench) or label == Comparison.NOT_ASSESSED:
        return f"{head}; jämförelsen med {name} kan inte göras eftersom uppgifter saknas."
    if label == Comparison.HIGHER:
        text = f"{head}, statistiskt säkerställt högre än i {name} ({show(bench)}; på {level} %-nivån)."
    elif label == Comparison.LOWER:
        text = f"{head}, statistiskt säkerställt lägre än i {name} ({show(bench)}; på {level} %-nivån)."
    else:
        text = (f"{head}. Skillnaden mot {name} ({show(bench)}) är inte statistiskt säkerställd; "
                "den kan bero på slumpen.")
    if bool(_get(row, C.LITET_ANTAL, False)) is True:
        text += " " + SMALL_NUMBER_NOTE
    return text


def trend_sentence(row, *, brottstyp: str | None = None, place: str | None = None) -> str:
    """Sentence for a :func:`~lagesbild_methods.stats.trend` row.

    'Mellan 2015 och 2024 ökade anmälda bostadsinbrott i Heby med i genomsnitt 4,4 % per år
    (95 % konfidensintervall +2,4 till +6,5 %). Trenden är statistiskt säkerställd.'
    """
    brottstyp = brottstyp or _get(row, C.BROTTSTYP)
    subject = crime_phrase(brottstyp) + (f" i {place}" if place else "")
    a, b = _get(row, "ar_fran"), _get(row, "ar_till")
    label = _verdict(Trend, _get(row, "trend")) or Trend.NOT_ASSESSED
    change = _get(row, "arlig_forandring_pct", float("nan"))
    if label == Trend.NOT_ASSESSED or _missing(change):
        return f"Trenden för {subject} kan inte bedömas (för få år eller inga brott)."
    conf = _conf_text(_get(row, C.KONFIDENS, 0.95))
    ci = (f"{conf} konfidensintervall {signed_pct(_get(row, 'nedre_pct'), 1)} till "
          f"{signed_pct(_get(row, 'ovre_pct'), 1)}")
    if label == Trend.INCREASING:
        return (f"Mellan {a} och {b} ökade {subject} med i genomsnitt {fmt.pct(change, 1, is_fraction=False)} "
                f"per år ({ci}). Ökningen är statistiskt säkerställd.")
    if label == Trend.DECREASING:
        return (f"Mellan {a} och {b} minskade {subject} med i genomsnitt "
                f"{fmt.pct(abs(change), 1, is_fraction=False)} per år ({ci}). Minskningen är statistiskt säkerställd.")
    return (f"Mellan {a} och {b} förändrades {subject} med i genomsnitt {signed_pct(change, 1)} per år, "
            f"men trenden är inte statistiskt säkerställd ({ci}).")


def share_sentence(row, description: str) -> str:
    """'Andel som känner sig otrygga ute sent en kväll: 32 % (95 % konfidensintervall 27–38 %, n = 412).'"""
    value = _get(row, C.VARDE, float("nan"))
    n = _get(row, "n_svarande", _get(row, C.NAMNARE))
    if _missing(value):
        return f"{_cap(description)}: uppgift saknas."
    lo, hi, conf = _limits(row)
    n_txt = f", n = {fmt.integer(n)}" if n is not None and not _missing(n) else ""
    text = (f"{_cap(description)}: {fmt.pct(value, 0)} ({_conf_text(conf)} konfidensintervall "
            f"{fmt.interval(lo, hi, 0, percent=True)}{n_txt}).")
    if bool(_get(row, C.LITET_ANTAL, False)) is True:
        text += " Svaren är få, så andelen är osäker."
    return text


def funnel_sentence(result, *, names: dict | None = None, name_col: str | None = None) -> str:
    """Summary of a :class:`~lagesbild_methods.stats.FunnelResult`: which areas lie above or below
    the limits, and the overdispersion choice."""
    pts = result.punkter
    col = name_col or result.label or C.KOMMUNKOD

    def nm(v):
        if names and v in names:
            return names[v]
        try:
            from . import registry

            return registry.get(str(v)).namn
        except Exception:  # noqa: BLE001 - unknown code: show as is
            return str(v)

    def join(items):
        items = [nm(i) for i in items]
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]

    high = pts.loc[pts[_cmp.SKILLNAD] == Comparison.HIGHER, col].tolist() if col in pts else []
    low = pts.loc[pts[_cmp.SKILLNAD] == Comparison.LOWER, col].tolist() if col in pts else []
    parts = []
    if high:
        parts.append(f"{join(high)} ligger över kontrollgränsen (statistiskt säkerställt högre än gruppens värde)")
    if low:
        parts.append(f"{join(low)} ligger under kontrollgränsen (statistiskt säkerställt lägre)")
    if not parts:
        text = "Inget område skiljer sig statistiskt säkerställt från gruppens värde; skillnaderna kan bero på slumpen."
    else:
        text = "; ".join(parts) + ". Övriga områden skiljer sig inte säkerställt från gruppens värde."
    return _cap(text) + " " + result.metod
