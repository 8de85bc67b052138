"""The status of each kommun's work per step, from its step workbook and the report manifest.

One row per (kommun, step) with a :class:`~lagesbild_methods.verdicts.StepStatus`, a date where there is
one, counts (``antal`` of ``av``) and the source. The rules are written down here and in the report
(:data:`RULES`), so a coordinator can see why a cell says what it says:

=============  ======================================================================================
lägesbild      Klart when the manifest has a step-1 report for the kommun made on or before the follow-up
               date (date = when it was made) or the workbook's Problem sheet has problems from the
               lägesbild (date = latest ``Tillagd``); reports made and problems added after the
               follow-up date do not count; ``aktuell`` when the date lies within 12 months before it.
orsaksanalys   Klart when every prioritised problem (status "Prioriterat" or empty) has at least one cause on
               the Orsaker sheet; påbörjat when some have.
åtgärdsplan    Klart when every analysed problem has a measure linked to one of its causes; påbörjat
               when there is at least one measure.
genomförande   Klart when every measure that is not cancelled has started (status Pågår or Genomförd, or
               an activity carried out); påbörjat when some have (date = first start).
uppföljning    Klart when the manifest has a step-5 report or a medborgarlöfte has been reported back to
               the citizens; planerat when every measure has an indicator with baseline, target value and
               target date; påbörjat when some have.
medborgarlöfte Klart when a promise is signed and communicated (or reported back); påbörjat for a draft.
=============  ======================================================================================

A kommun without a workbook is "ej påbörjat" in every workbook step; a workbook that cannot be read is
"kan inte läsas" (never an error that stops the report).
"""
from __future__ import annotations

import pandas as pd

from ... import registry
from ...verdicts import StepStatus
from .loading import WorkbookProblem
from ...workbook.schema import split_refs

STEPS = ("lagesbild", "orsaksanalys", "atgardsplan", "genomforande", "uppfoljning", "medborgarlofte")
COLUMNS = ["kommunkod", "steg", "status", "datum", "antal", "av", "kalla", "aktuell", "exempeldata"]
STARTED_MEASURE = ("Pågår", "Genomförd")
DONE_ACTIVITY = ("Genomförd", "Delvis genomförd")


def _row(kod, steg, status, datum=None, antal=None, av=None, kalla=None, aktuell=None, exempeldata=None) -> dict:
    return dict(zip(COLUMNS, (kod, steg, status, datum, antal, av, kalla, aktuell, exempeldata)))


def _made(rep) -> pd.Timestamp:
    """When a manifest entry was made, as a naive local timestamp."""
    t = pd.Timestamp(rep["skapad"])
    return t.tz_convert("Europe/Stockholm").tz_localize(None) if t.tzinfo is not None else t


def _latest_report(manifest: pd.DataFrame | None, kod: str, steg: int, per_datum: pd.Timestamp | None = None):
    """The latest successful report of ``steg`` for ``kod`` made on or before ``per_datum`` (a follow-up
    as of a past day does not count reports made after it)."""
    if manifest is None or manifest.empty:
        return None
    m = manifest[(manifest["kommunkod"] == kod) & (manifest["steg"] == steg) & (manifest["status"] == "ok")]
    if per_datum is not None and len(m):
        made = m.apply(_made, axis=1)
        m = m[made < pd.Timestamp(per_datum).normalize() + pd.Timedelta(days=1)]
    return m.sort_values("skapad").iloc[-1] if len(m) else None


def _prioritised(book) -> pd.DataFrame:
    p = book.problem
    return p[p["status"].fillna("Prioriterat") == "Prioriterat"]


def _causes_by_problem(book) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for _, r in book.orsaker.iterrows():
        if isinstance(r["problem"], str):
            out.setdefault(r["problem"], set()).add(r["id"])
    return out


def kommun_status(kod: str, book, manifest: pd.DataFrame | None, per_datum: pd.Timestamp) -> list[dict]:
    """The six steps of one kommun (``book`` is an Arbetsbok, a WorkbookProblem or None)."""
    rows = []
    # --- lägesbild: the manifest or the workbook's problems
    rep = _latest_report(manifest, kod, 1, per_datum)
    wb_date = None
    if book is not None and not isinstance(book, WorkbookProblem) and len(book.problem):
        dates = pd.to_datetime(book.problem["tillagd"].dropna())
        before = dates[dates < per_datum + pd.Timedelta(days=1)]  # problems added later did not exist yet
        wb_date = pd.Timestamp(before.max()) if len(before) else (None if len(dates) else pd.NaT)
    cands = []
    if rep is not None:
        cands.append((_made(rep), "manifest", bool(rep["exempeldata"])))
    if wb_date is not None:
        cands.append((wb_date, "arbetsbok", None))
    if cands:
        datum, kalla, ex = max(cands, key=lambda c: (pd.Timestamp.min if pd.isna(c[0]) else c[0]))
        aktuell = bool(not pd.isna(datum) and per_datum - pd.DateOffset(months=12) <= datum <= per_datum)
        rows.append(_row(kod, "lagesbild", StepStatus.DONE, None if pd.isna(datum) else datum, kalla=kalla,
                         aktuell=aktuell, exempeldata=ex))
    else:
        rows.append(_row(kod, "lagesbild", StepStatus.NOT_STARTED, aktuell=False))
    # --- the workbook steps
    if book is None or isinstance(book, WorkbookProblem):
        status = StepStatus.NOT_STARTED if book is None else StepStatus.UNREADABLE
        for steg in STEPS[1:]:
            rows.append(_row(kod, steg, status, kalla=None if book is None else "arbetsbok"))
        rep5 = _latest_report(manifest, kod, 5, per_datum)
        if rep5 is not None:
            rows[-2] = _row(kod, "uppfoljning", StepStatus.DONE, _made(rep5),
                            kalla="manifest", exempeldata=bool(rep5["exempeldata"]))
        return rows
    prio = _prioritised(book)
    causes = _causes_by_problem(book)
    analysed = [p for p in prio["id"] if causes.get(p)]
    n = len(prio)
    rows.append(_row(kod, "orsaksanalys", _level(len(analysed), n), antal=len(analysed), av=n, kalla="arbetsbok"))
    measures = book.atgarder
    measure_causes = {r["id"]: set(split_refs(r["orsak"])) for _, r in measures.iterrows()}
    planned = [p for p in analysed if any(causes[p] & mc for mc in measure_causes.values())]
    plan_status = _level(len(planned), len(analysed))
    if plan_status == StepStatus.NOT_STARTED and len(measures):
        plan_status = StepStatus.STARTED
    rows.append(_row(kod, "atgardsplan", plan_status, antal=len(planned), av=len(analysed), kalla="arbetsbok"))
    active = measures[measures["status"].fillna("") != "Avbruten"]
    acts = book.aktiviteter
    with_activity = set(acts.loc[acts["status"].isin(DONE_ACTIVITY), "atgard"].dropna())
    started = active[active["status"].isin(STARTED_MEASURE) | active["id"].isin(with_activity)]
    first = started["start"].dropna().min() if len(started) else None
    rows.append(_row(kod, "genomforande", _level(len(started), len(active)),
                     None if first is None or pd.isna(first) else pd.Timestamp(first), len(started), len(active),
                     "arbetsbok"))
    # --- follow-up: a step-5 report or feedback to citizens; else indicators with baseline and target
    promises = book.medborgarloften
    fed_back = promises[promises["status"] == "Återkopplat till medborgarna"]
    rep5 = _latest_report(manifest, kod, 5, per_datum)
    ind = book.indikatorer
    complete = ind[ind["baslinje"].notna() & ind["malvarde"].notna() & ind["maldatum"].notna()]
    followed = set(complete["atgard"].dropna()) & set(active["id"])
    if rep5 is not None:
        rows.append(_row(kod, "uppfoljning", StepStatus.DONE, _made(rep5),
                         kalla="manifest", exempeldata=bool(rep5["exempeldata"])))
    elif len(fed_back):
        rows.append(_row(kod, "uppfoljning", StepStatus.DONE, kalla="arbetsbok"))
    else:
        st = _level(len(followed), len(active))
        rows.append(_row(kod, "uppfoljning", StepStatus.PLANNED if st == StepStatus.DONE else st,
                         antal=len(followed), av=len(active), kalla="arbetsbok"))
    # --- medborgarlöfte
    signed = promises[promises["status"].isin(("Undertecknat", "Återkopplat till medborgarna"))
                      & ((promises["kommunicerat"] == "Ja") | (promises["status"] == "Återkopplat till medborgarna"))]
    if len(signed):
        d = signed["undertecknat"].dropna()
        rows.append(_row(kod, "medborgarlofte", StepStatus.DONE, pd.Timestamp(d.max()) if len(d) else None,
                         len(signed), len(promises), "arbetsbok"))
    else:
        rows.append(_row(kod, "medborgarlofte", StepStatus.STARTED if len(promises) else StepStatus.NOT_STARTED,
                         antal=0, av=len(promises), kalla="arbetsbok"))
    return rows


def _level(done: int, total: int) -> StepStatus:
    if total == 0 or done == 0:
        return StepStatus.NOT_STARTED
    return StepStatus.DONE if done >= total else StepStatus.STARTED


def matrix(kommuner, books: dict, manifest: pd.DataFrame | None, per_datum) -> pd.DataFrame:
    """Long status frame for ``kommuner`` (codes) from their workbooks and the manifest."""
    per = pd.Timestamp(per_datum).normalize()
    rows = []
    for k in kommuner:
        rows += kommun_status(k, books.get(k), manifest, per)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["namn"] = out["kommunkod"].map(lambda k: registry.get(k).namn)
    return out


def counts(m: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per step: number of kommuner per status, plus 'aktuell' lägesbilder."""
    out = {s: {st.value: int(((m["steg"] == s) & (m["status"] == st)).sum()) for st in StepStatus} for s in STEPS}
    out["lagesbild"]["aktuell"] = int(((m["steg"] == "lagesbild") & (m["aktuell"] == True)).sum())  # noqa: E712
    return out


def evidence(kod: str, book, manifest: pd.DataFrame | None, rows: pd.DataFrame,
             per_datum=None) -> dict[str, bool | None]:
    """For one kommun: evidence code (:data:`.bra_steg.EVIDENCE`) -> shown in the workbook/reports (True),
    not shown (False) or cannot be judged (None: the workbook could not be read)."""
    st = {r["steg"]: StepStatus(str(r["status"])) for _, r in rows[rows["kommunkod"] == kod].iterrows()}
    out: dict[str, bool | None] = {
        "lagesbild": st.get("lagesbild") == StepStatus.DONE,
        "steg5_rapport": _latest_report(manifest, kod, 5, per_datum) is not None,
    }
    codes = ("prioritering", "orsaksanalys", "smart", "atgardsplan", "plan_finns", "medborgarlofte",
             "uppfoljning_planerad", "dokumenterat", "aterkopplat")
    if isinstance(book, WorkbookProblem):
        return out | {c: None for c in codes}
    if book is None:
        return out | {c: False for c in codes}
    measures = book.atgarder
    active = measures[measures["status"].fillna("") != "Avbruten"]
    ind = book.indikatorer
    smart = ind[ind["baslinje"].notna() & ind["malvarde"].notna() & ind["maldatum"].notna() & ind["riktning"].notna()]
    started = active[active["status"].isin(STARTED_MEASURE)]
    acts = book.aktiviteter
    documented = set(acts.loc[acts["status"].isin(DONE_ACTIVITY), "atgard"].dropna())
    return out | {
        "prioritering": bool(book.problem["prioritet"].notna().any()),
        "orsaksanalys": st.get("orsaksanalys") == StepStatus.DONE,
        "smart": bool(len(active)) and set(active["id"]) <= set(smart["atgard"].dropna()),
        "atgardsplan": st.get("atgardsplan") == StepStatus.DONE,
        "plan_finns": bool(len(measures)),
        "medborgarlofte": st.get("medborgarlofte") == StepStatus.DONE,
        "uppfoljning_planerad": st.get("uppfoljning") in (StepStatus.PLANNED, StepStatus.DONE),
        "dokumenterat": bool(len(started)) and set(started["id"]) <= documented,
        "aterkopplat": bool((book.medborgarloften["status"] == "Återkopplat till medborgarna").any()),
    }
