"""Step 3, the plan itself: Brå's table (Orsak | Åtgärd | Operativa mål | När | Vem | Uppföljning), each
measure's cause and problem ids, the chain problem -> orsak -> åtgärd -> indikator, and the SMART check.

A broken link is shown where it is: a measure that cites a cause that does not exist, a measure that cites
no cause, a cause without a problem, a measure without an indicator. Nothing is left out of a table to
make it look complete.
"""
from __future__ import annotations

import pandas as pd

from ... import fmt
from ...text import plans as TP
from ...workbook import schema as WS
from .. import arbetsbok as W
from ..report import Section

GAP = "⚠ saknas"


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA or v is pd.NaT or (
        isinstance(v, str) and not v.strip())


def measure_links(ctx) -> pd.DataFrame:
    """Per measure: the causes it cites and whether they exist, and the problems those causes belong to.

    Columns ``id``, ``orsaker`` (list of cited ids), ``saknade_orsaker`` (cited but not on the sheet),
    ``problem`` (problem ids reached through existing causes), ``orsaker_utan_problem`` (existing causes
    whose problem is missing or does not exist).
    """
    def build():
        causes = W.sheet(ctx, "orsaker")
        problems = set(W.sheet(ctx, "problem")["id"].astype(str))
        problem_of = {str(c["id"]): (str(c["problem"]) if not _missing(c["problem"]) else None)
                      for _, c in causes.iterrows()}
        rows = []
        for _, m in W.sheet(ctx, "atgarder").iterrows():
            cited = WS.split_refs(m["orsak"]) if not _missing(m["orsak"]) else []
            missing = [c for c in cited if c not in problem_of]
            probs, orphan = [], []
            for c in cited:
                if c in problem_of:
                    p = problem_of[c]
                    if p in problems:
                        probs.append(p) if p not in probs else None
                    else:
                        orphan.append(c)
            rows.append({"id": str(m["id"]), "orsaker": cited, "saknade_orsaker": missing, "problem": probs,
                         "orsaker_utan_problem": orphan})
        return pd.DataFrame(rows, columns=["id", "orsaker", "saknade_orsaker", "problem", "orsaker_utan_problem"])
    return ctx.cached("steg3:lankar", build)


def cause_cell(r) -> str:
    """'O1, O2' -- or the gap: 'O1, O9 (⚠ finns inte)', '⚠ saknas'."""
    if not r["orsaker"]:
        return GAP
    return ", ".join(f"{c} (⚠ finns inte)" if c in r["saknade_orsaker"] else c for c in r["orsaker"])


def problem_cell(r) -> str:
    parts = list(r["problem"]) + [f"⚠ {c} saknar problem" for c in r["orsaker_utan_problem"]]
    return ", ".join(parts) if parts else GAP


def _date(v) -> str:
    return fmt.MISSING if _missing(v) else pd.Timestamp(v).date().isoformat()


def when_cell(m) -> str:
    start, end = _date(m.get("start")), _date(m.get("slut"))
    if start == fmt.MISSING and end == fmt.MISSING:
        return GAP
    if end == fmt.MISSING:
        return f"från {start}" + (" (ordinarie arbete)" if m.get("insatstyp") == "Ordinarie arbete" else "")
    return f"{start} – {end}"


def _text(v) -> str:
    return GAP if _missing(v) else str(v)


def atgardsplan(ctx) -> Section:
    """The plan in Brå's format, every measure with the cause and problem ids it rests on."""
    sec = ctx.section()
    measures = W.sheet(ctx, "atgarder")
    if W.view(ctx) is None or measures.empty:
        sec.md("Arbetsboken har inga åtgärder ännu. Skriv in dem på bladet Åtgärder: vilken orsak (id) åtgärden ska "
               "påverka, vad som ska göras, det operativa målet, när, vem som ansvarar och hur den följs upp.")
        sec.facts["atgarder"] = []
        return sec
    links = measure_links(ctx).set_index("id")
    rows = []
    for _, m in measures.iterrows():
        lk = links.loc[str(m["id"])]
        rows.append({"Id": m["id"], "Problem": problem_cell(lk), "Orsak": cause_cell(lk), "Åtgärd": _text(m["atgard"]),
                     "Operativa mål": _text(m["operativt_mal"]), "När": when_cell(m),
                     "Vem": _text(m["vem"]), "Uppföljning": _text(m["uppfoljning"])})
    sec.table(pd.DataFrame(rows), f"Åtgärdsplan för {ctx.namn} (Brås format)", keys=None)
    kind = pd.DataFrame({"Id": measures["id"], "Situationell teknik": measures["teknik"].fillna(GAP),
                         "Typ": measures["atgardstyp"].fillna(GAP), "Evidens": measures["evidens"].fillna(GAP),
                         "Engångsinsats eller ordinarie arbete": measures["insatstyp"].fillna(GAP),
                         "Status": measures["status"].fillna(GAP)})
    sec.table(kind, "Åtgärdernas teknik, evidens och status", keys=None)
    broken = [r["Id"] for r in rows if "⚠" in r["Orsak"] or "⚠" in r["Problem"]]
    if broken:
        sec.md(f"**Brutna länkar:** {fmt.join_sv(broken)} saknar en giltig orsak eller ett problem i arbetsboken "
               "(markerat med ⚠). En åtgärd som inte vilar på en orsak riskerar att bara bekämpa symptom.")
    else:
        sec.md("Varje åtgärd hänvisar till minst en orsak som finns, och varje sådan orsak hör till ett problem.")
    unknown = measures[measures["evidens"] == "Okänd effekt (ny eller oprövad)"]
    if len(unknown):
        sec.md(f"Åtgärderna {', '.join(unknown['id'].astype(str))} har okänd effekt; följ dem extra noga.")
    sec.note("Kolumnerna följer Brås mall för åtgärdsplaner. Teknik enligt Cornish och Clarkes 25 tekniker för "
             "situationell brottsprevention; sociala åtgärder har ingen situationell teknik. Kontaktpersoner och "
             "interna kommentarer finns i arbetsboken men visas aldrig i rapporten.")
    sec.facts.update(atgarder=[r["Id"] for r in rows], plan=pd.DataFrame(rows), brutna=broken)
    return sec


def kedjan(ctx) -> Section:
    """The chain problem -> orsak -> åtgärd -> indikator, one row per path, gaps marked."""
    sec = ctx.section()
    b = W.book(ctx)
    if W.view(ctx) is None:
        return sec.md("Ingen arbetsbok angavs, så kedjan från problem till indikator kan inte visas.")
    chain = b.kedja()
    names = dict(zip(W.sheet(ctx, "problem")["id"].astype(str), W.sheet(ctx, "problem")["problem"]))
    table = pd.DataFrame({
        "Problem": [f"{p} {names.get(str(p), '')}".strip() for p in chain["problem"]],
        "Orsak": chain["orsak"].fillna("⚠ ingen orsak"),
        "Åtgärd": [("⚠ ingen åtgärd" if pd.isna(a) else a) if pd.notna(o) else fmt.MISSING
                   for o, a in zip(chain["orsak"], chain["atgard"])],
        "Indikator": [("⚠ ingen indikator" if pd.isna(i) else i) if pd.notna(a) else fmt.MISSING
                      for a, i in zip(chain["atgard"], chain["indikator"])]})
    sec.table(table, "Kedjan problem → orsak → åtgärd → indikator", keys=None)
    complete = chain.dropna(subset=["orsak", "atgard", "indikator"])
    sec.md(f"{fmt.integer(len(complete))} av {fmt.integer(len(chain))} vägar genom kedjan är hela från problem till "
           "indikator. En väg som slutar med ⚠ är en länk som saknas: ett problem utan orsaksanalys, en orsak som ingen "
           "åtgärd riktas mot eller en åtgärd som inte går att följa upp.")
    sec.facts.update(vagar=len(chain), hela=len(complete))
    return sec


def smart_rows(ctx, assessment: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per measure and indicator (a measure without indicator gets one row): which of indicator,
    baseline, target, date and owner are there, plus the detectability of the goal when ``assessment``
    (step 3's indicator assessment, by indicator id) is given."""
    measures = W.sheet(ctx, "atgarder")
    ind = W.sheet(ctx, "indikatorer")
    rows = []
    for _, m in measures.iterrows():
        if m.get("status") == "Avbruten":
            continue
        mine = ind[ind["atgard"].astype(str) == str(m["id"])]
        for _, i in (mine.iterrows() if len(mine) else [(None, None)]):
            have = {"Indikator": i is not None and not _missing(i["indikator"]),
                    "Baslinje": i is not None and not _missing(i["baslinje"]),
                    "Målvärde": i is not None and not _missing(i["malvarde"]),
                    "Måldatum": i is not None and not _missing(i["maldatum"]),
                    "Ansvarig": not _missing(m.get("vem"))}
            row = {"atgard": str(m["id"]), "indikator": None if i is None else str(i["id"]), **have,
                   "smart": all(have.values())}
            if assessment is not None and i is not None and str(i["id"]) in assessment.index:
                row["bedomning"] = assessment.loc[str(i["id"]), "mal_mot_mde"]
            rows.append(row)
    return pd.DataFrame(rows, columns=["atgard", "indikator", *TP.SMART_COLUMNS, "smart", "bedomning"])


def smart(ctx) -> Section:
    """The SMART check of every goal: indicator, baseline, target, date and owner, and whether the follow-up
    can show the target at all (the minimum detectable effect)."""
    from .indicators import assessment

    sec = ctx.section()
    if W.view(ctx) is None:
        return sec.md("Ingen arbetsbok angavs, så målen kan inte prövas.")
    df = smart_rows(ctx, assessment(ctx).set_index("id"))
    if df.empty:
        return sec.md("Åtgärdsplanen har inga mål att pröva ännu.")
    show = pd.DataFrame({"Åtgärd": df["atgard"], "Indikator (id)": df["indikator"].fillna(GAP)})
    for c in TP.SMART_COLUMNS:
        show[c] = df[c].map(lambda ok: "✓" if ok else "saknas")
    show["Alla delar finns"] = df["smart"].map(lambda ok: "ja" if ok else "nej")
    show["Kan uppföljningen visa målet?"] = df["bedomning"].fillna(fmt.MISSING)
    sec.table(show, "SMART-kontroll av målen", keys=None)
    missing_counts = {c: int((~df[c]).sum()) for c in TP.SMART_COLUMNS}
    sec.md(TP.smart_sentence(int(df["smart"].sum()), len(df), missing_counts))
    sec.note("SMART: specifikt (en namngiven indikator), mätbart (baslinje och målvärde), accepterat och ansvar "
             "(en ansvarig verksamhet), realistiskt (går det att se en så stor förändring med så här många "
             "händelser?) och tidsatt (måldatum). Den sista kolumnen jämför målet med den minsta minskning som "
             "uppföljningen kan upptäcka; se avsnittet om upptäckbar effekt.")
    sec.facts["smart"] = df
    return sec
