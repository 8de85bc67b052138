"""Swedish wording for steps 4 and 5: the process traffic light and its reasons, effects with their
intervals, how strong the evidence is, the weekly picture and the citizen text.

Every sentence is built from values the steps computed; none is stronger than the statistics. An observed
change is never called the measure's effect without saying that other things can explain it.
"""
from __future__ import annotations

import math

from .. import fmt
from ..verdicts import Change, EffectEvidence, ProcessStatus, Target
from .common import cap, conf_text, count_word, join_sv, missing, signed_pct
from .verdicts import as_verdict

# ------------------------------------------------------------------------------------------ step 4
PROCESS_STATUS_SV = {ProcessStatus.GREEN: "Grön", ProcessStatus.YELLOW: "Gul", ProcessStatus.RED: "Röd",
                     ProcessStatus.NOT_STARTED: "Inte startad"}
#: Lower-case adjective, singular and plural ("en gul och sex gröna").
PROCESS_STATUS_WORDS = {ProcessStatus.GREEN: ("grön", "gröna"), ProcessStatus.YELLOW: ("gul", "gula"),
                        ProcessStatus.RED: ("röd", "röda"), ProcessStatus.NOT_STARTED: ("inte startad", "inte startade")}
#: What each colour means, for the legend under the status table.
PROCESS_STATUS_MEANING = {
    ProcessStatus.GREEN: "genomförs enligt plan",
    ProcessStatus.YELLOW: "avvikelser som behöver följas upp",
    ProcessStatus.RED: "avbruten, försenad eller inget gjort",
    ProcessStatus.NOT_STARTED: "startar efter uppföljningsdatumet",
}

#: Reason codes of steps.step4.process -> Swedish (short form for tables).
REASON_SV = {
    "avbruten": "åtgärden är avbruten",
    "forsenad": "åtgärden står som försenad i arbetsboken",
    "inget_gjort": "inga aktiviteter genomförda trots att åtgärden har startat",
    "manga_installda": "minst hälften av aktiviteterna ställdes in",
    "tyst": "ingen aktivitet på över fyra månader",
    "installda": "minst var fjärde aktivitet ställdes in",
    "delvis": "minst var fjärde aktivitet genomfördes bara delvis",
    "planerad_passerad": "planerade aktiviteter vars datum har passerat",
    "slut_passerat": "slutdatumet har passerat men åtgärden står som pågående",
    "utanfor_perioden": "aktiviteter utanför den planerade perioden",
    "saknar_timmar": "genomförda aktiviteter utan timmar",
    "status_planerad_men_gjort": "status planerad fast aktiviteter är genomförda",
    "genomford_med_planerade": "status genomförd fast aktiviteter återstår",
    "ingen_start": "startdatum saknas",
    "ej_startad": "startar senare",
    "enligt_plan": "enligt plan",
}


def process_label(status) -> str:
    v = as_verdict(ProcessStatus, status)
    return PROCESS_STATUS_SV[v] if v is not None else fmt.MISSING


def plural(n: int, singular: str, plural_form: str, *, neuter: bool = False) -> str:
    """'en avvikelse', 'ett mål', 'tre avvikelser' (count in words up to twelve)."""
    n = int(n)
    if n == 1:
        return f"{'ett' if neuter else 'en'} {singular}"
    return f"{count_word(n)} {plural_form}"


def reasons_text(codes) -> str:
    """'ingen aktivitet på över fyra månader; startdatum saknas' (first letter upper case)."""
    return cap("; ".join(REASON_SV.get(c, c) for c in codes)) if codes else fmt.MISSING


def kronor(x) -> str:
    """'12 500 kr' (Swedish thousands separator), '–' when missing."""
    return fmt.MISSING if missing(x) else f"{fmt.integer(round(float(x)))} kr"


def hours(x) -> str:
    return fmt.MISSING if missing(x) else f"{fmt.num(x, 1 if float(x) % 1 else 0)} tim"


def date_text(d) -> str:
    return fmt.MISSING if d is None or missing(d) else fmt.date_sv(d)


def reference_date_note(date, how: str) -> str:
    """Where the follow-up date comes from."""
    where = {"parameter": "parametern datum", "handelser": "händelserapporternas sista kompletta dag",
             "aktivitet": "den senaste aktiviteten som är registrerad i arbetsboken",
             "idag": "dagens datum"}.get(how, how)
    return f"Uppföljningen gäller läget den {fmt.date_sv(date)} ({where}; ändra med parametern datum)."


def process_summary(totals: dict, kommun: str) -> str:
    """One paragraph: measures by colour, activities done, hours and costs."""
    if not totals["atgarder"]:
        return f"Arbetsboken för {kommun} har inga åtgärder ännu."
    colours = [f"{count_word(n)} {PROCESS_STATUS_WORDS[s][0 if n == 1 else 1]}" for s, n in totals["farger"].items()]
    return (f"{cap(count_word(totals['atgarder']))} åtgärder följs upp: {join_sv(colours)}. "
            f"{cap(count_word(totals['genomforda']))} aktiviteter är genomförda"
            + (f", {count_word(totals['delvis'])} delvis" if totals["delvis"] else "")
            + (f" och {count_word(totals['installda'])} inställda" if totals["installda"] else "")
            + f", med sammanlagt {hours(totals['timmar'])} arbetstid och {kronor(totals['kostnad'])} i "
              "kostnader utöver arbetstiden."
            + (f" {cap(count_word(totals['planerade']))} aktiviteter är planerade." if totals["planerade"] else ""))


# ------------------------------------------------------------------------------------------ effects
EVIDENCE_SV = {
    EffectEvidence.BOTH: "Tecken på effekt i båda analyserna",
    EffectEvidence.COMPARISON: "Tecken på effekt i jämförelsen",
    EffectEvidence.SERIES_ONLY: "Svagt tecken (bara före–efter)",
    EffectEvidence.NONE_DETECTED: "Ingen påvisbar effekt",
    EffectEvidence.OPPOSITE: "Förändring åt fel håll",
    EffectEvidence.NOT_ASSESSED: "Kan inte bedömas",
}
#: The plain explanation of each level of evidence (shown in the chain).
EVIDENCE_EXPLAINED = {
    EffectEvidence.BOTH: ("indikatorn förändrades åt rätt håll mer än jämförelsen, och tidsserien visar samma sak. "
                          "Det stöder att åtgärden bidrog, men bevisar det inte: något annat som hände samtidigt "
                          "på samma plats kan förklara förändringen."),
    EffectEvidence.COMPARISON: ("indikatorn förändrades åt rätt håll mer än jämförelsen, men tidsserien kan inte "
                                "skilja förändringen från slumpen. Ett tecken, inte ett bevis."),
    EffectEvidence.SERIES_ONLY: ("indikatorn ändrades efter starten, men utan jämförelse går det inte att skilja "
                                 "förändringen från trender, slumpmässig återgång eller annat som hände samtidigt."),
    EffectEvidence.NONE_DETECTED: ("ingen förändring som går att skilja från slumpen. Det betyder inte att åtgärden "
                                   "saknar effekt: en mindre effekt kan finnas men inte synas med så här få händelser."),
    EffectEvidence.OPPOSITE: ("indikatorn förändrades åt fel håll jämfört med jämförelsen. Det bevisar inte att "
                              "åtgärden gjorde skada, men den behöver ses över."),
    EffectEvidence.NOT_ASSESSED: "effekten kan inte bedömas med de data som finns.",
}


def evidence_label(level) -> str:
    v = as_verdict(EffectEvidence, level)
    return EVIDENCE_SV[v] if v is not None else fmt.MISSING


def evidence_sentence(level) -> str:
    v = as_verdict(EffectEvidence, level) or EffectEvidence.NOT_ASSESSED
    return f"{EVIDENCE_SV[v]}: {EVIDENCE_EXPLAINED[v]}"


def from_zero(unit: str = "händelser") -> str:
    """What a report says instead of a percent change from nothing ('+∞ %'): 'från 0 händelser – ingen
    procentuell förändring'."""
    return f"från 0 {unit} – ingen procentuell förändring"


def _from_zero(*values) -> bool:
    """A ratio (or an interval limit) that is infinite: the baseline had no events."""
    return any(not missing(v) and math.isinf(float(v)) for v in values)


def ratio_pct(ratio, unit: str = "händelser") -> str:
    """A rate ratio as a signed percent change: 0.42 -> '−58 %' (from 0: :func:`from_zero`)."""
    if missing(ratio):
        return fmt.MISSING
    return from_zero(unit) if _from_zero(ratio) else signed_pct((float(ratio) - 1) * 100)


def ratio_interval(lo, hi) -> str:
    """'−72 % till −38 %' for ratios 0.28-0.62 (an open upper limit -- a baseline of 0 -- as 'och uppåt')."""
    if missing(lo) or missing(hi):
        return fmt.MISSING
    if _from_zero(hi):
        return f"{ratio_pct(lo)} och uppåt" if not _from_zero(lo) else fmt.MISSING
    return f"{ratio_pct(lo)} till {ratio_pct(hi)}"


def _special_cell(ratio, hi, unit: str) -> str | None:
    """The cell for a missing ratio or a change from 0 (:func:`from_zero`), else None."""
    if missing(ratio):
        return fmt.MISSING
    if _from_zero(ratio, hi):
        return cap(from_zero(unit))
    return None


def change_cell(ratio, lo, hi, unit: str = "händelser") -> str:
    """Short cell: '−58 % (−72 % till −38 %)', or :func:`from_zero` when the baseline had no events."""
    return _special_cell(ratio, hi, unit) or f"{ratio_pct(ratio)} ({ratio_interval(lo, hi)})"


def ratio_cell(ratio, lo, hi, unit: str = "händelser") -> str:
    """Table cell: '0,42 (0,28–0,62)' (from 0: :func:`from_zero`, never '∞')."""
    return _special_cell(ratio, hi, unit) or f"{fmt.num(ratio, 2)} ({fmt.num(lo, 2)}–{fmt.num(hi, 2)})"


def effect_sentence(what: str, ratio, lo, hi, verdict, comparison: str | None, conf=0.95) -> str:
    """'Klotter i området Heby minskade med 58 % mer än jämförelsen (övriga händelser i området) (95 %
    konfidensintervall −72 % till −38 %): en säkerställd minskning.' Never stronger than the interval."""
    if missing(ratio):
        return f"Förändringen för {what} kunde inte beräknas."
    v = as_verdict(Change, verdict) or Change.NOT_ASSESSED
    if _from_zero(ratio, hi):
        return (f"{cap(what)} hade inga händelser före starten, så förändringen kan inte anges i procent "
                f"({from_zero()}).")
    pct = abs((float(ratio) - 1) * 100)
    way = "minskade" if ratio < 1 else "ökade"
    rel = f" jämfört med {comparison}" if comparison else ""
    head = (f"{cap(what)} {way} med {fmt.pct(pct, 0, is_fraction=False)}{rel}" if round(pct) >= 1
            else f"{cap(what)} var i stort sett oförändrat{rel}")
    ci = f" ({conf_text(conf)} konfidensintervall {ratio_interval(lo, hi)})"
    tail = {Change.DECREASE: ": en säkerställd minskning.", Change.INCREASE: ": en säkerställd ökning.",
            Change.NO_CHANGE: ": förändringen kan inte skiljas från slumpen.",
            Change.NOT_ASSESSED: "."}[v]
    return head + ci + tail


def truth_sentence(ratio_true, lo, hi) -> str:
    """Practice data only: whether the planted effect lies inside the interval."""
    inside = lo <= ratio_true <= hi
    return (f"I övningsdata är den sanna (planterade) kvoten {fmt.num(ratio_true, 2)}; den ligger "
            f"{'inom' if inside else 'utanför'} intervallet.")


CAUSATION_CAVEAT = ("En förändring som syns i data är inte ett bevis för att åtgärden orsakade den. Jämförelsen tar "
                    "bort det som påverkar både insatsen och jämförelsen lika (säsong, allmänna trender, ändrade "
                    "rutiner för rapportering), men inte sådant som bara hände på insatsens plats.")


# ------------------------------------------------------------------------------------------ tertial
def target_sentence(name: str, value_text: str, target_text: str, status) -> str:
    v = as_verdict(Target, status) or Target.NOT_ASSESSED
    if v is Target.NOT_ASSESSED:
        return f"{cap(name)}: målet kan inte bedömas ännu."
    word = {Target.REACHED: "är nått", Target.NOT_REACHED: "är inte nått",
            Target.UNCERTAIN: "kan vara nått, men intervallet rymmer både att det är nått och att det inte är det"}[v]
    return f"{cap(name)}: {value_text} mot målet {target_text} – målet {word}."


# ------------------------------------------------------------------------------------------ the weekly picture
def expected_sentence(what: str, period: str, observed, expected, lo, hi, verdict) -> str:
    """'Vecka 2025-v52: 14 händelser mot väntat 9,3 (samma tid tidigare år); fler än väntat.'"""
    if missing(expected):
        return f"{cap(what)} {period}: {fmt.integer(observed)}. För få tidigare år att jämföra med."
    v = as_verdict(Change, verdict) or Change.NOT_ASSESSED
    judged = {Change.INCREASE: "säkerställt fler än väntat", Change.DECREASE: "säkerställt färre än väntat",
              Change.NO_CHANGE: "inom det väntade", Change.NOT_ASSESSED: "inte bedömt"}[v]
    return (f"{cap(what)} {period}: {fmt.integer(observed)} mot väntat {fmt.num(expected, 1)} (samma tid på året "
            f"tidigare år; kvoten {fmt.num(observed / expected, 2) if expected else fmt.MISSING}, intervall "
            f"{fmt.num(lo, 2)}–{fmt.num(hi, 2)}) – {judged}.")


#: The last period against the same time of year (stats.followup.expected_vs_observed), for a table cell.
EXPECTED_SV = {Change.INCREASE: "fler än väntat", Change.DECREASE: "färre än väntat", Change.NO_CHANGE: "som väntat",
               Change.NOT_ASSESSED: "inte bedömd"}


def expected_label(verdict) -> str:
    v = as_verdict(Change, verdict)
    return EXPECTED_SV[v] if v is not None else fmt.MISSING


# ------------------------------------------------------------------------------------------ citizen text
def citizen_text(kommun: str, promise: str | None, done: list[str], results: list[str], year) -> str:
    """A short text for residents: what was promised, what was done, what happened (plain Swedish)."""
    parts = []
    if promise:
        parts.append(f"**Vad vi lovade.** {promise.strip()}")
    else:
        parts.append(f"**Vad vi lovade.** {kommun} och polisen har inte skrivit något medborgarlöfte för perioden.")
    parts.append("**Vad vi gjorde.** " + (" ".join(done) if done else "Inga aktiviteter är registrerade ännu."))
    parts.append("**Vad som hände.** " + (" ".join(results) if results else
                                          "Det går ännu inte att säga hur det gick."))
    parts.append("Att något förändrades betyder inte säkert att det berodde på det vi gjorde; vi fortsätter att "
                 f"följa utvecklingen och berättar igen efter {year + 1 if isinstance(year, int) else 'nästa år'}.")
    return "\n\n".join(parts)


# ------------------------------------------------------------------------------------------ indicators
def signed_pp(diff) -> str:
    """A difference of shares (0-1) in percentage points: '−3,1 procentenheter'."""
    if missing(diff):
        return fmt.MISSING
    x = float(diff) * 100
    s = fmt.num(abs(x), 1)
    return f"{'+' if x > 0 else fmt.MINUS if x < 0 else ''}{s} procentenheter"


def indicator_value(value, scale: float = 1.0, unit: str | None = None) -> str:
    """An indicator value in its unit: '36 per år', '22,2 %'."""
    if missing(value):
        return fmt.MISSING
    v = float(value) * scale
    if scale == 100 or unit == "Andel (%)":
        return fmt.pct(v, 1, is_fraction=False)
    per = {"Antal per år": " per år", "Antal per tertial": " per tertial", "Antal per månad": " per månad",
           "Antal per vecka": " per vecka"}.get(unit or "", "")
    return fmt.num(v, 0 if abs(v) >= 10 else 1) + per


def indicator_interval(lo, hi, scale: float = 1.0, value=None) -> str:
    """'1,0–17,0' -- with as many decimals as :func:`indicator_value` gives ``value`` (or the upper limit)."""
    if missing(lo) or missing(hi):
        return fmt.MISSING
    ref = abs(float(value)) if value is not None and not missing(value) else max(abs(lo), abs(hi))
    d = 1 if scale == 100 or ref * scale < 10 else 0
    return f"{fmt.num(lo * scale, d)}–{fmt.num(hi * scale, d)}"


def baseline_change_sentence(r) -> str:
    """What happened to an indicator without a comparison: baseline against now, plainly hedged."""
    scale = float(r.get("skala", 1.0) or 1.0)
    unit = r.get("enhet")
    y0 = r["baslinje_fran"].year if not missing(r.get("baslinje_fran")) else None
    y1 = r["fran"].year if not missing(r.get("fran")) else None
    head = (f"{cap(str(r.get('raknar') or r.get('indikator')))}: {indicator_value(r['baslinje_varde'], scale, unit)}"
            f"{f' ({y0})' if y0 else ''} och {indicator_value(r['varde'], scale, unit)}{f' ({y1})' if y1 else ''}")
    v = as_verdict(Change, r.get("forandring")) or Change.NOT_ASSESSED
    judged = {Change.DECREASE: "en säkerställd minskning", Change.INCREASE: "en säkerställd ökning",
              Change.NO_CHANGE: "ingen säkerställd förändring", Change.NOT_ASSESSED: "inte bedömd"}[v]
    return (head + f": {judged}. Utan jämförelse kan en förändring inte skiljas från trender eller annat som hände "
            "samtidigt.")


def lower_first(text: str) -> str:
    """'Klotter saneras' -> 'klotter saneras' (kept when the second letter is upper case, as in 'EST')."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def citizen_result(name: str, result: dict) -> str:
    """One plain sentence for residents about an indicator, never stronger than the evidence."""
    level = as_verdict(EffectEvidence, result.get("evidens")) or EffectEvidence.NOT_ASSESSED
    e = result.get("utvardering")
    name = cap(name.strip().rstrip("."))
    if level in (EffectEvidence.BOTH, EffectEvidence.COMPARISON) and e is not None:
        k = float(e.model["kvot"])
        if math.isinf(k):
            return f"{name}: {from_zero()}."
        way = "färre" if k < 1 else "fler"
        return (f"{name}: ungefär {fmt.pct(abs(1 - k), 0)} {way} än om utvecklingen hade följt jämförelsen. "
                "Det tyder på att arbetet gav resultat, men andra saker kan också ha bidragit.")
    if level is EffectEvidence.SERIES_ONLY:
        return f"{name}: förändrades efter att arbetet började, men vi kan inte säga att det berodde på arbetet."
    if level is EffectEvidence.NONE_DETECTED:
        return f"{name}: ingen förändring som säkert går att skilja från den vanliga variationen."
    if level is EffectEvidence.OPPOSITE:
        return f"{name}: utvecklingen gick åt fel håll; vi ser över arbetet."
    return f"{name}: går ännu inte att bedöma."
