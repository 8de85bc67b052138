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

Verdict labels are in :mod:`.verdicts`; shared helpers (p-values, signed percent, rates) in :mod:`.common`.
"""
from __future__ import annotations

import math

import importlib

from .. import columns as C
from .. import fmt, registry
from ..stats import compare as _cmp
from ..verdicts import Change, Comparison, Trend
from .common import PER_100K, cap, conf_text, get, join_sv, missing, p_text, rate_number, signed_pct
from .verdicts import as_verdict, level_number

# the package exports a function named ``trend``; fetch the module itself
_tr = importlib.import_module("lagesbild_methods.stats.trend")

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

SMALL_NUMBER_NOTE = "Antalen är små (färre än 20 brott), så siffrorna ska tolkas med försiktighet."


def crime_phrase(brottstyp: str | None) -> str:
    """Plural subject phrase for a crime category code, e.g. 'anmälda bostadsinbrott'."""
    if brottstyp is None:
        return "anmälda brott"
    if brottstyp in BROTT_FRASER:
        return BROTT_FRASER[brottstyp]
    label = C.BROTTSTYPER.get(brottstyp, str(brottstyp))
    return f"anmälda brott ({label.lower()})"


def _limits(row):
    """(lower, upper) of a result row: single level or the 95 % pair of a two-level result."""
    for lo, hi in ((C.NEDRE, C.OVRE), (f"{C.NEDRE}_95", f"{C.OVRE}_95")):
        if get(row, lo) is not None and get(row, hi) is not None:
            return get(row, lo), get(row, hi), (0.95 if lo.endswith("_95") else get(row, C.KONFIDENS, 0.95))
    return float("nan"), float("nan"), 0.95


def rate_sentence(row, *, place: str | None = None, year=None, brottstyp: str | None = None,
                  per: str = PER_100K) -> str:
    """'Anmälda bostadsinbrott i Heby 2024: 58 per 100 000 invånare (95 % konfidensintervall 44–75).'"""
    brottstyp = brottstyp or get(row, C.BROTTSTYP)
    year = year if year is not None else get(row, C.AR)
    subject = cap(crime_phrase(brottstyp))
    where = f" i {place}" if place else ""
    when = f" {int(year)}" if year is not None and not missing(year) else ""
    value = get(row, C.VARDE, float("nan"))
    if missing(value):
        return f"{subject}{where}{when}: uppgift saknas."
    lo, hi, conf = _limits(row)
    antal = get(row, C.ANTAL)
    n_txt = f", {fmt.integer(antal)} brott" if antal is not None and not missing(antal) else ""
    text = (f"{subject}{where}{when}: {rate_number(value)} per {per} ({conf_text(conf)} konfidensintervall "
            f"{rate_number(lo)}{fmt.EN_DASH}{rate_number(hi)}{n_txt}).")
    if bool(get(row, C.LITET_ANTAL, False)) is True:
        text += " " + SMALL_NUMBER_NOTE
    return text


def change_sentence(row, *, brottstyp: str | None = None, place: str | None = None,
                    per: str = PER_100K) -> str:
    """Sentence for a :func:`~lagesbild_methods.stats.change_between_periods` row.

    'Anmälda bostadsinbrott ökade från 41 till 58 per 100 000 invånare mellan 2023 och 2024,
    men förändringen är inte statistiskt säkerställd (95 % konfidensintervall för förändringen:
    −12 till +95 %).'
    """
    brottstyp = brottstyp or get(row, C.BROTTSTYP)
    subject = cap(crime_phrase(brottstyp)) + (f" i {place}" if place else "")
    v1, v2 = get(row, "varde_1", float("nan")), get(row, "varde_2", float("nan"))
    p1, p2 = get(row, "period_1", "första perioden"), get(row, "period_2", "andra perioden")
    label = as_verdict(Change, get(row, _tr.FORANDRING)) or Change.NOT_ASSESSED
    if missing(v1) or missing(v2) or label == Change.NOT_ASSESSED:
        return f"{subject}: förändringen mellan {p1} och {p2} kan inte bedömas eftersom uppgifter saknas."
    conf = conf_text(get(row, C.KONFIDENS, 0.95))
    lo, hi = get(row, 'forandring_nedre_pct'), get(row, 'forandring_ovre_pct')
    d = fmt.decimals_for_interval(lo, hi, 0)  # a significant interval never shows a limit of 0 %
    ci = f"{conf} konfidensintervall för förändringen: {signed_pct(lo, d)} till {signed_pct(hi, d)}"
    if v1 == 0 or (not missing(hi) and math.isinf(float(hi))):  # from nothing: a percentage says nothing
        ci = "från 0 brott – ingen procentuell förändring"
    a, b = rate_number(v1), rate_number(v2)
    if a == b:
        verb = f"var oförändrade, {b} per {per},"
        core = f"{subject} {verb} mellan {p1} och {p2}"
    else:
        verb = "ökade" if v2 > v1 else "minskade"
        core = f"{subject} {verb} från {a} till {b} per {per} mellan {p1} och {p2}"
    if label == Change.INCREASE:
        text = f"{core}. Ökningen är statistiskt säkerställd ({ci}; {p_text(get(row, 'p_varde'))})."
    elif label == Change.DECREASE:
        text = f"{core}. Minskningen är statistiskt säkerställd ({ci}; {p_text(get(row, 'p_varde'))})."
    else:
        text = f"{core}, men förändringen är inte statistiskt säkerställd ({ci})."
    if bool(get(row, C.LITET_ANTAL, False)) is True:
        text += " " + SMALL_NUMBER_NOTE
    return text


def comparison_sentence(row, *, place: str | None = None, brottstyp: str | None = None,
                        per: str = PER_100K, percent: bool = False) -> str:
    """Sentence for a :func:`~lagesbild_methods.stats.compare_with_benchmark` row.

    'I Heby var anmälda bostadsinbrott 58 per 100 000 invånare 2024, statistiskt säkerställt högre
    än i Uppsala län (41 per 100 000 invånare).' Set ``percent=True`` for shares.
    """
    brottstyp = brottstyp or get(row, C.BROTTSTYP)
    value, bench = get(row, C.VARDE, float("nan")), get(row, _cmp.JAMFORELSEVARDE, float("nan"))
    name = get(row, _cmp.JAMFORELSE, "jämförelseområdet")
    label = as_verdict(Comparison, get(row, _cmp.SKILLNAD)) or Comparison.NOT_ASSESSED
    level = level_number(get(row, _cmp.NIVA))
    year = get(row, C.AR)
    when = f" {int(year)}" if year is not None and not missing(year) else ""
    where = f"I {place} var " if place else ""

    def show(x):
        return fmt.pct(x, 0) if percent else f"{rate_number(x)} per {per}"

    subj = crime_phrase(brottstyp) if where else cap(crime_phrase(brottstyp))
    head = f"{where}{subj}{'' if where else ' var'} {show(value)}{when}"
    if missing(value) or missing(bench) or label == Comparison.NOT_ASSESSED:
        return f"{head}; jämförelsen med {name} kan inte göras eftersom uppgifter saknas."
    # the report states its level (95 %) once; only another level is named in the sentence
    at = "" if level == "95" else f"; på {level} %-nivån"
    if label == Comparison.HIGHER:
        text = f"{head}, statistiskt säkerställt högre än i {name} ({show(bench)}{at})."
    elif label == Comparison.LOWER:
        text = f"{head}, statistiskt säkerställt lägre än i {name} ({show(bench)}{at})."
    else:
        text = (f"{head}. Skillnaden mot {name} ({show(bench)}) är inte statistiskt säkerställd; "
                "den kan bero på slumpen.")
    if bool(get(row, C.LITET_ANTAL, False)) is True:
        text += " " + SMALL_NUMBER_NOTE
    return text


def trend_sentence(row, *, brottstyp: str | None = None, place: str | None = None) -> str:
    """Sentence for a :func:`~lagesbild_methods.stats.trend` row.

    'Mellan 2015 och 2024 ökade anmälda bostadsinbrott i Heby med i genomsnitt 4,4 % per år
    (95 % konfidensintervall +2,4 till +6,5 %). Trenden är statistiskt säkerställd.'
    """
    brottstyp = brottstyp or get(row, C.BROTTSTYP)
    subject = crime_phrase(brottstyp) + (f" i {place}" if place else "")
    a, b = get(row, "ar_fran"), get(row, "ar_till")
    label = as_verdict(Trend, get(row, "trend")) or Trend.NOT_ASSESSED
    change = get(row, "arlig_forandring_pct", float("nan"))
    if label == Trend.NOT_ASSESSED or missing(change):
        return f"Trenden för {subject} kan inte bedömas (för få år eller inga brott)."
    conf = conf_text(get(row, C.KONFIDENS, 0.95))
    d = fmt.decimals_for_interval(get(row, 'nedre_pct'), get(row, 'ovre_pct'), 1)
    ci = f"{conf} konfidensintervall {signed_pct(get(row, 'nedre_pct'), d)} till {signed_pct(get(row, 'ovre_pct'), d)}"
    if label == Trend.INCREASING:
        return (f"Mellan {a} och {b} ökade {subject} med i genomsnitt {fmt.pct(change, 1, is_fraction=False)} "
                f"per år ({ci}). Ökningen är statistiskt säkerställd.")
    if label == Trend.DECREASING:
        return (f"Mellan {a} och {b} minskade {subject} med i genomsnitt "
                f"{fmt.pct(abs(change), 1, is_fraction=False)} per år ({ci}). Minskningen är statistiskt säkerställd.")
    return (f"Mellan {a} och {b} förändrades {subject} med i genomsnitt {signed_pct(change, 1)} per år, "
            f"men trenden är inte statistiskt säkerställd ({ci}).")


def extra_variation_sentence(alpha, p, source, level: float = 0.95) -> str:
    """The report's one statement of its level and of the extra variation between years.

    ``alpha`` (NB2, the squared coefficient of variation of the true rate between years), ``p`` (test of
    "no extra variation") and ``source`` come from :func:`lagesbild_methods.stats.estimate_extra_variation`.
    """
    lev = conf_text(level)
    rule = (f"Förändringar, trender och jämförelser kallas statistiskt säkerställda först när skillnaden är "
            f"större än både slumpen och den vanliga variationen mellan åren, på {lev}-nivån.")
    if source == "assumed" or missing(alpha):
        return ("Hur mycket antalen brukar variera mellan åren går inte att skatta ur så få år; rapporten räknar "
                "med att de varierar ungefär 10 % mer än slumpen ensam förklarar. " + rule)
    if not missing(p) and p < 0.05 and alpha > 0:
        pct = max(1, round(100 * float(alpha) ** 0.5))
        return (f"Antalen anmälda brott varierar mer från år till år än slumpen ensam förklarar, ungefär {pct} % "
                "extra, till exempel när rutiner ändras eller enstaka händelser ger många anmälningar. " + rule)
    return ("Antalen anmälda brott varierar inte mer från år till år än slumpen förklarar. Förändringar, trender "
            f"och jämförelser kallas statistiskt säkerställda först när de håller på {lev}-nivån.")


def share_sentence(row, description: str) -> str:
    """'Andel som känner sig otrygga ute sent en kväll: 32 % (95 % konfidensintervall 27–38 %, n = 412).'"""
    value = get(row, C.VARDE, float("nan"))
    n = get(row, "n_svarande", get(row, C.NAMNARE))
    if missing(value):
        return f"{cap(description)}: uppgift saknas."
    lo, hi, conf = _limits(row)
    n_txt = f", n = {fmt.integer(n)}" if n is not None and not missing(n) else ""
    text = (f"{cap(description)}: {fmt.pct(value, 0)} ({conf_text(conf)} konfidensintervall "
            f"{fmt.interval(lo, hi, 0, percent=True)}{n_txt}).")
    if bool(get(row, C.LITET_ANTAL, False)) is True:
        text += " Svaren är få, så andelen är osäker."
    return text


def funnel_sentence(result, *, names: dict | None = None, name_col: str | None = None) -> str:
    """Summary of a :class:`~lagesbild_methods.stats.FunnelResult`: which areas lie above or below
    the limits, and the overdispersion choice."""
    pts = result.punkter
    col = name_col or result.label or C.KOMMUNKOD

    def join(items):
        return join_sv([names[i] if names and i in names else registry.name_or_code(i) for i in items])

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
    return cap(text)  # the method (result.metod) belongs in the report's appendix "Om metoderna"
