"""Links between the workbook's sheets and the gaps in the chain problem -> orsak -> åtgärd -> aktivitet
-> indikator. Pure functions on the tidy frames (no files): the reader calls them, steps 2-5 and the
county's process follow-up read their results.

A broken link (an id cited that does not exist, a measure citing no cause) and a gap (a problem with no
cause, an indicator without a baseline) are *findings*: reported, never fatal.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from .schema import SHEET_BY_KEY, SHEETS, split_refs

FINDING_COLUMNS = ["blad", "rad", "kolumn", "id", "typ", "allvarlighet", "meddelande", "varde"]
LINK_COLUMNS = ["fran_blad", "fran_id", "kolumn", "till_blad", "till_id", "finns"]

# typ: "cell" (value not understood), "id" (missing/duplicate/wrong id), "lank" (broken link),
#      "lucka" (gap in the chain), "blad" (sheet or column missing), "formel" (formula without value)
FEL, VARNING = "fel", "varning"


@dataclass(frozen=True)
class Finding:
    blad: str
    rad: int | None
    kolumn: str | None
    id: str | None
    typ: str
    allvarlighet: str
    meddelande: str
    varde: str | None = None  # the value found (never shown in a shareable report)


def findings_frame(items: list[Finding]) -> pd.DataFrame:
    df = pd.DataFrame([asdict(f) for f in items], columns=FINDING_COLUMNS)
    df["rad"] = df["rad"].astype("Int64")
    return df


def _name(key: str) -> str:
    return SHEET_BY_KEY[key].name


_NOUN = {"problem": "Problemet", "orsaker": "Orsaken", "atgarder": "Åtgärden", "aktiviteter": "Aktiviteten",
         "indikatorer": "Indikatorn", "medborgarloften": "Medborgarlöftet"}


def links_and_findings(frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[Finding]]:
    """All links between sheets (long form) and the broken links and chain gaps as findings.

    ``frames`` maps sheet keys to the reader's tidy frames (columns = schema keys + ``rad``).
    """
    ids = {k: set(frames[k]["id"].dropna()) if k in frames else set() for k in SHEET_BY_KEY}
    rows, out = [], []
    for sheet in SHEETS:
        df = frames.get(sheet.key)
        if df is None or df.empty:
            continue
        for col in sheet.columns:
            if col.kind not in ("ref", "refs"):
                continue
            target = col.ref
            for _, r in df.iterrows():
                cited = split_refs(r[col.key]) if pd.notna(r[col.key]) else []
                if not cited and col.required:
                    what = {"problem": "något problem", "orsaker": "någon orsak",
                            "atgarder": "någon åtgärd"}[target]
                    out.append(Finding(sheet.name, int(r["rad"]), col.header, r["id"], "lank", VARNING,
                                       f"{_NOUN[sheet.key]} {r['id']} hänvisar inte till {what}."))
                for ref in cited:
                    exists = ref in ids[target]
                    rows.append((sheet.key, r["id"], col.key, target, ref, exists))
                    if not exists:
                        out.append(Finding(sheet.name, int(r["rad"]), col.header, r["id"], "lank", FEL,
                                           f"{_NOUN[sheet.key]} {r['id']} hänvisar till {ref}, som inte finns på "
                                           f"bladet {_name(target)}.", str(ref)))
    links = pd.DataFrame(rows, columns=LINK_COLUMNS)
    out.extend(_gaps(frames, links))
    return links, out


def _cited(links: pd.DataFrame, target: str) -> set:
    ok = links[(links["till_blad"] == target) & links["finns"]]
    return set(ok["till_id"])


def _gaps(frames: dict[str, pd.DataFrame], links: pd.DataFrame) -> list[Finding]:
    """Gaps in the chain: links that should exist but do not (never fatal)."""
    out: list[Finding] = []

    def each(key):
        df = frames.get(key)
        return [] if df is None else list(df.iterrows())

    def gap(key, r, text, col=None):
        out.append(Finding(_name(key), int(r["rad"]), col, r["id"], "lucka", VARNING, text))

    with_cause = set(links.loc[(links["fran_blad"] == "orsaker") & links["finns"], "till_id"])
    for _, r in each("problem"):
        if r.get("status") in ("Avslutat",):
            continue
        if r["id"] not in with_cause:
            gap("problem", r, f"Problemet {r['id']} har ingen orsak på bladet Orsaker (orsaksanalys saknas).")
    causes_with_measure = _cited(links[links["fran_blad"] == "atgarder"], "orsaker")
    for _, r in each("orsaker"):
        if r["id"] not in causes_with_measure:
            gap("orsaker", r, f"Ingen åtgärd hänvisar till orsaken {r['id']}.")
    ind_links = links[links["fran_blad"] == "indikatorer"]
    act_links = links[links["fran_blad"] == "aktiviteter"]
    measured, done = _cited(ind_links, "atgarder"), _cited(act_links, "atgarder")
    for _, r in each("atgarder"):
        if r.get("status") == "Avbruten":
            continue
        if r["id"] not in measured:
            gap("atgarder", r, f"Åtgärden {r['id']} har ingen indikator på bladet Indikatorer (går inte att följa upp).")
        if r.get("status") in ("Pågår", "Genomförd", "Försenad") and r["id"] not in done:
            gap("atgarder", r, f"Åtgärden {r['id']} har status {str(r['status']).lower()} men inga aktiviteter.")
    ind = SHEET_BY_KEY["indikatorer"]
    for _, r in each("indikatorer"):
        if pd.isna(r.get("baslinje")):
            gap("indikatorer", r, f"Indikatorn {r['id']} saknar baslinje (nollmätning).", ind.column("baslinje").header)
        if pd.isna(r.get("malvarde")):
            gap("indikatorer", r, f"Indikatorn {r['id']} saknar målvärde.", ind.column("malvarde").header)
        if pd.isna(r.get("maldatum")):
            gap("indikatorer", r, f"Indikatorn {r['id']} saknar måldatum.", ind.column("maldatum").header)
    for _, r in each("medborgarloften"):
        if pd.isna(r.get("atgarder")) or not split_refs(r.get("atgarder")):
            gap("medborgarloften", r, f"Medborgarlöftet {r['id']} hänvisar inte till någon åtgärd.")
    return out


def chain(frames: dict[str, pd.DataFrame], links: pd.DataFrame) -> pd.DataFrame:
    """The chain as one long table: problem, orsak, åtgärd, indikator ids (one row per path; gaps as NA).

    Used by reports that show "which measure addressed which cause of which problem".
    """
    def pairs(src, tgt):
        lk = links[(links["fran_blad"] == src) & (links["till_blad"] == tgt) & links["finns"]]
        return lk[["fran_id", "till_id"]]

    prob = frames.get("problem", pd.DataFrame(columns=["id"]))[["id"]].rename(columns={"id": "problem"})
    o = pairs("orsaker", "problem").rename(columns={"fran_id": "orsak", "till_id": "problem"})
    a = pairs("atgarder", "orsaker").rename(columns={"fran_id": "atgard", "till_id": "orsak"})
    i = pairs("indikatorer", "atgarder").rename(columns={"fran_id": "indikator", "till_id": "atgard"})
    out = prob.merge(o, on="problem", how="left").merge(a, on="orsak", how="left").merge(i, on="atgard", how="left")
    return out.reset_index(drop=True)
