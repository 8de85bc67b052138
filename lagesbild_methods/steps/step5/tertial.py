"""Step 5, the tertial follow-up: each indicator against its baseline and target with intervals, the
activities done in the tertial, the chain and the workbook's gaps."""
from __future__ import annotations

import pandas as pd

from ... import fmt
from ...text import followup as TF
from ...text.common import cap
from ...text.verdicts import change_short, target_label
from .. import arbetsbok as W
from ..report import Section
from ..step3.plan import GAP
from ..step4.process import measure_process
from ..step4.sections import luckor as _luckor
from . import _load
from .indicators import disclosure_key, follow_up
from .periods import tertial as period
from .spec import TERTIAL as SPEC

MAX_FIGURES = 6


def load(kommun: str, **params):
    """Validate the parameters and read the data and the workbook (Swedish errors)."""
    return _load.load(SPEC, period, kommun=kommun, **params)


def load_from(namespace: dict):
    """The context from the template's parameter variables (``tertial.load_from(globals())``)."""
    return _load.load_from(SPEC, period, namespace)


def _no_data(ctx, sec: Section) -> Section | None:
    if W.view(ctx) is None:
        return sec.md("Ingen arbetsbok angavs, så indikatorerna kan inte följas upp. Ange den i parametern "
                      "`arbetsbok_fil`.")
    return None


def no_register_note(ctx) -> str:
    """What a tertial or year report without the incident register can and cannot show ('' with a register)."""
    from ._load import POLISEN_NOTE

    if W.register_window(ctx) is not None:
        return ""
    if POLISEN_NOTE in ctx.notes:
        return POLISEN_NOTE + (" Rapporten visar det som finns: aktiviteterna i arbetsboken, indikatorer från "
                               "brottsstatistiken och trygghetsmätningen, och kedjan.")
    return ("Inga händelserapporter angavs (parametern handelser_fil), så indikatorer som räknar händelser kan inte "
            "följas upp och ingen effekt kan utvärderas. Rapporten visar det som finns: aktiviteterna i arbetsboken, "
            "indikatorer från brottsstatistiken och trygghetsmätningen, och kedjan.")


def oversikt(ctx) -> Section:
    sec = ctx.section()
    if _no_data(ctx, sec) is not None:
        return sec
    p = period(ctx)
    sec.md(f"**{ctx.namn}, tertial {p.label}** ({fmt.date_sv(p.start)}–{fmt.date_sv(p.end)}). Tertialuppföljningen "
           "visar varje indikator i åtgärdsplanen mot sin baslinje och sitt mål, vad som gjordes under tertialet och "
           "hela kedjan från problem till resultat. Arbetsboken: "
           f"**{ctx.files['arbetsbok_fil'].name}**.")
    sec.md(no_register_note(ctx))
    if W.register_window(ctx) is None and not str(ctx.params.get("tertial", "") or "").strip():
        sec.md(f"Tertialet {p.label} är det som rymmer den senaste aktiviteten i arbetsboken; välj ett annat med "
               "parametern `tertial`.")
    sec.facts.update(period=p.label, fran=p.start, till=p.end)
    return sec


def indicator_table(fu: pd.DataFrame) -> pd.DataFrame:
    """Display rows for :func:`indicators.follow_up`'s output."""
    rows = []
    for _, r in fu.iterrows():
        ok = pd.notna(r.get("varde"))
        scale = float(r["skala"]) if ok and pd.notna(r.get("skala")) else 1.0
        unit = r.get("enhet")
        def shown(prefix: str) -> str:
            v, lo, hi = r[f"{prefix}varde"], r[f"{prefix}nedre"], r[f"{prefix}ovre"]
            return f"{TF.indicator_value(v, scale, unit)} ({TF.indicator_interval(lo, hi, scale, v)})" if ok \
                else fmt.MISSING

        rows.append({
            "Indikator": f"{r['id']} {r['indikator']}", "Åtgärd": r["atgard"],
            "Baslinje (95 % intervall)": shown("baslinje_"), "Nu (95 % intervall)": shown(""),
            "Förändring": change_short(r["forandring"]) if ok else fmt.MISSING,
            "Mål": TF.indicator_value(r["malvarde"], 1, unit) if pd.notna(r["malvarde"]) else GAP,
            "Mot målet": target_label(r["mal_status"]) if ok else cap(str(r.get("skal") or "kan inte bedömas")),
        })
    return pd.DataFrame(rows)


def indikatorer(ctx, p=None) -> Section:
    """Each indicator against its baseline and target, with intervals (tertial, or the period ``p``)."""
    from ...figures import evaluation_figures as EF

    sec = ctx.section()
    if _no_data(ctx, sec) is not None:
        return sec
    p = p or period(ctx)
    fu = follow_up(ctx, p.start, p.end)
    if fu.empty:
        return sec.md("Arbetsboken har inga indikatorer ännu (bladet Indikatorer).")
    keys = [disclosure_key(ctx, r) for _, r in fu.iterrows()]
    sec.table(indicator_table(fu), f"Indikatorerna {p.label} mot baslinje och mål", keys=keys,
              keep=("Indikator", "Åtgärd", "Mål"))
    ok = fu[fu["varde"].notna()] if "varde" in fu.columns else fu.iloc[0:0]
    reached = int((ok["mal_status"] == "reached").sum()) if len(ok) else 0
    sec.md(f"{fmt.integer(len(ok))} av {fmt.integer(len(fu))} indikatorer kunde följas upp med data; målet är säkert "
           f"nått för {fmt.integer(reached)}. Ett mål räknas som nått först när hela "
           "intervallet ligger på rätt sida om målvärdet; med få händelser rymmer intervallet ofta både att målet "
           "är nått och att det inte är det.")
    for _, r in ok.head(MAX_FIGURES).iterrows():
        row = r.copy()
        scale = float(r["skala"])
        for c in ("varde", "nedre", "ovre", "baslinje_varde", "baslinje_nedre", "baslinje_ovre"):
            row[c] = r[c] * scale
        row["mal"] = r["malvarde"]
        row["typ"] = "antal"
        row["indikator"] = f"{r['id']} {r['indikator']}"
        sec.figure(EF.indicator_figure(row, unit=r["enhet"] or "", percent=False), about=disclosure_key(ctx, r))
    sec.note("Baslinjen räknas om ur data för den period arbetsboken anger (annars de tolv månaderna före "
             "åtgärdens start), eftersom jämförelsen behöver antalen. Intervallen tar hänsyn till att händelser "
             "varierar mer än slumpen ensam ger. Årsstatistiken jämför senaste året med baslinjeåret; "
             "trygghetsmätningen den senaste mätningen med mätningen före start. Se Om metoderna.")
    sec.facts["indikatorer"] = fu
    return sec


def aktiviteter(ctx, p=None) -> Section:
    """Activities done in the period per measure, with the measure's traffic light."""
    sec = ctx.section()
    if _no_data(ctx, sec) is not None:
        return sec
    p = p or period(ctx)
    proc = measure_process(ctx, p.start, p.end, ref=p.end)
    if proc.empty:
        return sec.md("Arbetsboken har inga åtgärder ännu.")
    sec.table(pd.DataFrame({
        "Åtgärd": proc["id"], "Vad": proc["atgard"].fillna(GAP),
        "Genomförda": proc["genomforda"].map(fmt.integer), "Delvis": proc["delvis"].map(fmt.integer),
        "Inställda": proc["installda"].map(fmt.integer), "Timmar": proc["timmar"].map(TF.hours),
        "Kostnad": proc["kostnad"].map(TF.kronor), "Status": proc["status"].map(TF.process_label),
        "Skäl": proc["skal"].map(TF.reasons_text)}), f"Aktiviteter {p.label}", keys=None)
    n = int(proc["genomforda"].sum() + proc["delvis"].sum())
    done = (f"Under {p.word} genomfördes {fmt.integer(n)} aktiviteter (helt eller delvis) med sammanlagt "
            f"{TF.hours(proc['timmar'].sum())} och {TF.kronor(proc['kostnad'].sum())} i kostnader. ") if n else (
        f"Arbetsboken har inga genomförda aktiviteter under {p.word} (bladet Aktiviteter). Fyll i vad som gjordes, "
        "annars går det inte att skilja en åtgärd som inte genomfördes från en som inte följdes upp. ")
    sec.md(done + "Statusen (grön, gul, röd) bedömer hela genomförandet fram till periodens slut; se steg 4 för "
           "reglerna.")
    sec.facts["aktiviteter"] = proc
    return sec


def kedjan(ctx, p=None) -> Section:
    from .chain import kedjan as chain_section

    sec = ctx.section()
    if _no_data(ctx, sec) is not None:
        return sec
    p = p or period(ctx)
    return chain_section(ctx, p.start, p.end)


METHOD_TEXT = (
    ("Indikatorer som räknar händelser",
     "Antalet i baslinjeperioden och i uppföljningsperioden räknas om till indikatorns enhet (t.ex. antal per år). "
     "Intervallen är exakta Poissonintervall beräknade på effektiva antal (antal delat med spridningsfaktorn), så "
     "att extra variation (överspridning) vidgar dem; spridningsfaktorn skattas ur månadsantalen före åtgärdens "
     "start (Pearson, negativ binomial med säsong). Förändringen mot baslinjen prövas med ett scoretest för "
     "kvoten mellan två Poissonintensiteter."),
    ("Indikatorer från trygghetsmätningen",
     "Viktade andelar med Wilsonintervall beräknade med det effektiva antalet svarande (Kish); skillnaden mellan "
     "mätningarna prövas med ett scoretest (Miettinen–Nurminen)."),
    ("Mål",
     "Målvärdet behandlas som fast. Målet räknas som nått när hela 95 %-intervallet ligger på rätt sida om det, "
     "som inte nått när hela intervallet ligger på fel sida, och annars som osäkert."),
)


def metod(ctx) -> Section:
    """The appendix: the methods behind the indicators, named (the running text stays plain)."""
    sec = ctx.section()
    for head, text in METHOD_TEXT:
        sec.md(f"**{head}.** {text}")
    return sec


def luckor(ctx) -> Section:
    return _luckor(ctx, sheets=("Problem", "Orsaker", "Åtgärder", "Aktiviteter", "Indikatorer", "Medborgarlöften"))
