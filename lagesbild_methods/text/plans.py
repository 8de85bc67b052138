"""Swedish wording for steps 2 and 3: the prioritisation matrix, what causes rest on, the SMART check,
the minimum detectable effect and the draft medborgarlöfte.

Every sentence here is built from numbers and list values the steps computed; nothing is stronger than
the calculation (a minimum detectable effect is rounded *up*, never down).
"""
from __future__ import annotations

import numpy as np

from .. import fmt
from .common import cap, count_word, join_sv, missing

# ------------------------------------------------------------------------------------------ step 2
#: The criteria of the prioritisation matrix (Brå, "Prioritera mellan problemen"): key, column, rule.
CRITERIA: list[tuple[str, str, str]] = [
    ("vanligt", "Vanligt", "bland den vanligaste hälften av problemen från samma källa det senaste året"),
    ("okar", "Ökar", "statistiskt säkerställd ökning (händelser: senaste tolv månaderna mot de tolv före; "
                     "anmälda brott: trenden över perioden)"),
    ("skada", "Skada", "med kommunens skadevikter: bland den största hälften av skadevärdet; utan vikter: "
                       "andelen händelser med hög allvarlighet är säkerställt högre än i hela registret"),
    ("koncentrerat", "Koncentrerat", "minst hälften av händelserna (hela registret) sker på de 10 % mest drabbade "
                                     "platserna"),
    ("oro", "Oro", "minst var femte invånare ser problemet (hela 95 %-intervallet över 20 %)"),
    ("paverkbart", "Påverkbart", "minst en orsak i arbetsboken ligger i platsen eller situationen, där lokala "
                                 "åtgärder kan verka direkt"),
]
MARK, NOT_MET, NOT_ASSESSED = "●", "○", "–"

#: Short titles and axis labels for the survey measures of step 1 (figure titles in the deep dive).
SURVEY_SHORT = {
    "trygghet_ute_kvall": "Otrygga ute sent en kväll", "oro_brottsligheten": "Oroar sig ofta för brottsligheten",
    "oro_inbrott": "Oroar sig ofta för inbrott", "problem_klotter": "Ser klotter och skadegörelse som ett stort problem",
    "problem_narkotika": "Ser narkotikaförsäljning som ett stort problem",
    "problem_ungdomsgang": "Ser störande ungdomsgäng som ett stort problem",
    "problem_buskorning": "Ser buskörning som ett stort problem", "utsatt_stold": "Utsatta för stöld",
    "utsatt_hot_vald": "Utsatta för hot eller våld",
}
SURVEY_AXIS = {
    "trygghet_ute_kvall": "Andel ganska eller mycket otrygga", "oro_brottsligheten": "Andel som ofta oroar sig",
    "oro_inbrott": "Andel som ofta oroar sig", "problem_klotter": "Andel som ser ett ganska eller mycket stort problem",
    "problem_narkotika": "Andel som ser ett ganska eller mycket stort problem",
    "problem_ungdomsgang": "Andel som ser ett ganska eller mycket stort problem",
    "problem_buskorning": "Andel som ser ett ganska eller mycket stort problem",
    "utsatt_stold": "Andel utsatta senaste 12 månaderna", "utsatt_hot_vald": "Andel utsatta senaste 12 månaderna",
}

#: What a cause rests on (the workbook's list), plainly.
UNDERLAG_SV = {
    "Data": "data (statistik eller händelserapporter)",
    "Forskning": "forskning",
    "Lokal kunskap": "lokal kunskap (dialoger, trygghetsvandringar, medarbetares erfarenhet)",
    "Antagande": "antaganden som ännu inte är prövade",
}
EVIDENCE_KINDS = ("Data", "Forskning")
GUESS_KINDS = ("Lokal kunskap", "Antagande")


def mark(value) -> str:
    """A matrix cell: ● met, ○ not met, – not assessed."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return NOT_ASSESSED
    return MARK if bool(value) else NOT_MET


def criteria_count_text(met: int, assessed: int) -> str:
    return f"{met} av {assessed}" if assessed else NOT_ASSESSED


def matrix_sentence(rows: list[tuple[str, str, int, int]]) -> str:
    """rows: (id, name, met, assessed) in the workbook's priority order."""
    if not rows:
        return "Arbetsboken har inga problem att jämföra."
    best = max(r[2] for r in rows)
    top = [f"{r[0]} {r[1]}" for r in rows if r[2] == best]
    first = rows[0]
    text = (f"Flest kriterier ({best}) uppfyller {join_sv(top)}." if best else
            "Inget av problemen uppfyller något av kriterierna med säkerhet.")
    if best and first[2] < best:
        text += (f" Styrgruppens högst prioriterade problem, {first[0]} {first[1]}, uppfyller {first[2]}: "
                 "pröva om prioriteringen bygger på något som matrisen inte fångar (till exempel signalvärde "
                 "eller att många drabbas).")
    return text + (" Matrisen är ett underlag för styrgruppens beslut, inte ett beslut: kriterierna väger inte "
                   "lika tungt i alla kommuner.")


def evidence_sentence(counts: dict[str, int], problem: str) -> str:
    """How many causes rest on evidence and how many on local knowledge or assumptions, plainly."""
    total = sum(counts.values())
    if total == 0:
        return (f"Arbetsboken har ännu inga orsaker till {problem}. Orsaksanalysen behöver göras innan åtgärder "
                "väljs.")
    parts = [f"{count_word(n)} på {UNDERLAG_SV[k]}" for k in ("Data", "Forskning", "Lokal kunskap", "Antagande")
             if (n := counts.get(k, 0))]
    unknown = total - sum(counts.get(k, 0) for k in UNDERLAG_SV)
    if unknown:
        parts.append(f"{count_word(unknown)} utan angivet underlag")
    ev = sum(counts.get(k, 0) for k in EVIDENCE_KINDS)
    guess = counts.get("Antagande", 0) + unknown
    text = f"Av {count_word(total)} orsaker till {problem} vilar {join_sv(parts)}."
    if ev == total:
        text += " Alla orsaker har stöd i data eller forskning."
    elif ev == 0:
        text += (" **Ingen orsak har ännu stöd i data eller forskning**: orsaksbilden bygger på erfarenhet och "
                 "antaganden och behöver prövas, till exempel med händelserapporter, en trygghetsvandring eller "
                 "en medborgardialog, innan stora åtgärder väljs.")
    else:
        text += (f" {cap(count_word(ev))} av {count_word(total)} har stöd i data eller forskning; resten bygger på "
                 "erfarenhet eller antaganden och är mindre säkra.")
    if guess:
        text += (f" {cap(count_word(guess))} är en gissning tills den prövats." if guess == 1 else
                 f" {cap(count_word(guess))} är gissningar tills de prövats.")
    return text


# ------------------------------------------------------------------------------------------ step 3
_YEAR_WORDS = {1: "ett år", 2: "två år", 3: "tre år", 4: "fyra år", 5: "fem år", 6: "sex år", 7: "sju år",
               8: "åtta år", 9: "nio år", 10: "tio år"}


def years_text(years: float) -> str:
    """'två år', '1,5 år', '16 månader'."""
    y = float(years)
    if y.is_integer():
        return _YEAR_WORDS.get(int(y), f"{fmt.num(y, 0)} år")
    months = y * 12
    if abs(months - round(months)) < 1e-6 and months < 36:
        return f"{int(round(months))} månader"
    return f"{fmt.num(y, 1)} år"


def _events_text(events_per_year: float) -> str:
    ev = float(events_per_year)
    if ev >= 10:
        return fmt.num(round(ev, 1 - int(np.floor(np.log10(ev)))), 0)
    return fmt.num(ev, 0 if ev >= 1 else 1)


def mde_percent(mde: float) -> int | None:
    """The reduction a sentence may claim: rounded *up* to whole 5 %; None when not detectable."""
    if missing(mde) or not np.isfinite(mde) or mde >= 0.95:
        return None
    return int(np.ceil(round(mde * 100, 6) / 5) * 5)


def mde_sentence(events_per_year: float, mde: float, years_after: float, *, with_comparison: bool = False,
                 noun: str = "händelser") -> str:
    """One Swedish sentence: "Med cirka 150 händelser per år kan en minskning på 30 % upptäckas efter två år."

    The reduction is rounded *up* to whole 5 % (never promises more than the calculation), the count to two
    significant digits. Inputs are :func:`lagesbild_methods.stats.power.minimum_detectable_effect` and the
    design's events per year.
    """
    ev_txt = _events_text(events_per_year)
    years = years_text(years_after)
    where = " i insatsområdet jämfört med jämförelseområdet" if with_comparison else ""
    pct = mde_percent(mde)
    if pct is None:
        return f"Med cirka {ev_txt} {noun} per år går det inte att upptäcka en rimlig minskning{where} efter {years}."
    return (f"Med cirka {ev_txt} {noun} per år kan en minskning på {fmt.pct(pct, 0, is_fraction=False)} "
            f"upptäckas{where} efter {years}.")


def plan_sentence(plan: dict, noun: str = "händelser") -> str:
    """The sentence for a :func:`lagesbild_methods.stats.power.plan_from_series` result."""
    return mde_sentence(plan["events_per_year"], plan["mde"], plan["years_after"],
                        with_comparison=plan.get("with_comparison", False), noun=noun)


def share_mde_sentence(share: float, n: float, result: dict, years_after: float) -> str:
    """'Med cirka 600 svarande per mätning kan andelen behöva sjunka från 22 % till 16 % för att ...'."""
    lo = share - result["minskning"]
    return (f"Med cirka {fmt.integer(round(n, -1) if n >= 100 else n)} svarande per mätning (effektivt antal) "
            f"behöver andelen sjunka från {fmt.pct(share, 0)} till högst {fmt.pct(np.floor(lo * 100) / 100, 0)} "
            f"(minst {fmt.num(np.ceil(result['minskning'] * 100), 0)} procentenheter) för att en mätning efter "
            f"{years_text(years_after)} ska kunna visa minskningen.")


def target_vs_mde(target_reduction: float | None, mde: float | None) -> str:
    """Whether the follow-up can show the goal: the target's reduction against the MDE."""
    if target_reduction is None or missing(target_reduction):
        return "Målvärdet saknas, så det går inte att säga om uppföljningen kan visa det."
    if target_reduction <= 0:
        return "Målet är ingen minskning; uppföljningen kan bara visa om nivån håller sig."
    pct = mde_percent(mde) if mde is not None else None
    goal = fmt.pct(target_reduction, 0)
    if pct is None:
        return (f"Målet (−{goal}) går inte att skilja från slumpen med så här få händelser: följ även upp "
                "genomförandet och överväg en längre uppföljning eller en bredare indikator.")
    if target_reduction * 100 + 1e-9 >= pct:
        return f"Målet (−{goal}) är minst lika stort som den minskning som kan upptäckas ({pct} %)."
    return (f"Målet (−{goal}) är mindre än den minskning som kan upptäckas ({pct} %): även om målet nås kan "
            "uppföljningen sannolikt inte skilja det från slumpen.")


SMART_COLUMNS = ["Indikator", "Baslinje", "Målvärde", "Måldatum", "Ansvarig"]


def smart_sentence(n_ok: int, n_total: int, missing_counts: dict[str, int]) -> str:
    if n_total == 0:
        return "Åtgärdsplanen har ännu inga mål att pröva."
    parts = "indikator, baslinje, målvärde, måldatum och ansvarig"
    if n_total == 1:
        text = f"Målet har {parts}." if n_ok else f"Målet har inte alla delar ({parts})."
        gaps = [k.lower() for k, v in missing_counts.items() if v]
        return text + (f" {cap(join_sv(gaps))} saknas." if gaps else "")
    text = f"{cap(_goals(n_ok))} av {count_word(n_total)} mål har {parts}."
    gaps = [f"{k.lower()} saknas för {_goals(v)}" for k, v in missing_counts.items() if v]
    if gaps:
        text += " " + cap(join_sv(gaps)) + "."
    return text


def _goals(n: int) -> str:
    """A count of 'mål' (neuter) in words: 'ett', 'två', ..."""
    return "ett" if int(n) == 1 else count_word(n)


def baseline_note(workbook_value, computed, lo, hi, unit_pct: bool = False) -> str:
    """Short verdict on a workbook baseline against the value computed from the data and its interval."""
    if missing(computed):
        return "kan inte beräknas"
    if missing(workbook_value):
        return "saknas i arbetsboken"
    if lo - 1e-9 <= workbook_value <= hi + 1e-9:
        return "stämmer med data"
    return "skiljer sig från data – kontrollera"


# ------------------------------------------------------------------------------------------ medborgarlöfte
def lower_first(text: str) -> str:
    """'Klotter i Heby' -> 'klotter i Heby' (place names keep their capital)."""
    return text[:1].lower() + text[1:]


def promise_draft(kommun: str, polisomrade: str | None, period: str, problems: list[str], promises: list[str],
                  follow_up: list[str], feedback: str) -> str:
    """A draft medborgarlöfte in plain Swedish (Markdown): what we will do, how we check it, how people hear."""
    who = f"{kommun} kommun och polisen i lokalpolisområde {polisomrade}" if polisomrade else f"{kommun} kommun och polisen"
    lines = [f"**Medborgarlöfte {period} – {kommun}**", "",
             f"Vår lägesbild visar att {join_sv([lower_first(p) for p in problems])} är problem som behöver lösas. "
             f"Därför lovar {who} att detta gäller under {period}:", ""]
    lines += [f"- {cap(p.rstrip('.'))}." for p in promises]
    lines += ["", "Så här vet vi om löftet hålls: vi följer " + join_sv([lower_first(f) for f in follow_up]) + ".",
              "", f"Så här får ni veta hur det gick: {lower_first(feedback.rstrip('.'))}."]
    return "\n".join(lines)


def detectable_summary(n_yes: int, n_assessed: int) -> str:
    """How many goals the follow-up can show at all, and what to do when it cannot."""
    if n_assessed == 0:
        return ""
    if n_assessed == 1:
        if n_yes:
            return "Det bedömda målet är minst lika stort som det uppföljningen kan upptäcka."
        text, which = "Det bedömda målet är inte så stort att uppföljningen kan upptäcka det.", "det"
    elif n_yes == n_assessed:
        who = "Båda bedömda målen" if n_assessed == 2 else f"Alla {count_word(n_assessed)} bedömda mål"
        return f"{who} är minst lika stora som det uppföljningen kan upptäcka."
    else:
        text = (f"Inget av de {count_word(n_assessed)} bedömda målen är så stort att uppföljningen kan upptäcka det."
                if n_yes == 0 else
                f"Ett av {count_word(n_assessed)} bedömda mål är så stort att uppföljningen kan upptäcka det."
                if n_yes == 1 else
                f"{cap(count_word(n_yes))} av {count_word(n_assessed)} bedömda mål är så stora att uppföljningen kan "
                "upptäcka dem.")
        which = "dem" if n_yes == 0 else "det återstående" if n_assessed - n_yes == 1 else "de övriga"
    return text + (f" För {which}: förläng uppföljningen, välj en bredare indikator (fler kategorier eller hela "
                   "kommunen), lägg till ett jämförelseområde – och följ alltid upp genomförandet (steg 4), som går "
                   "att mäta även när effekten inte går att skilja från slumpen.")
