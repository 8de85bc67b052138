"""The story of one practice workbook: rows for every sheet and the planted effects.

Called by :mod:`lagesbild_methods.synth_workbook`; deterministic given the random generator. See that
module for what the story contains.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from . import columns as C
from . import registry
from . import stats as St
from . import synth_workbook_texts as T
from .synth_workbook_roles import choose_roles, shows_change, unplanted_incidents
from .workbook import schema as S
from .workbook_problems import prioritised_problems

CREATED = date(2024, 1, 15)  # the workbook was started after the lägesbild for 2023
LAGESBILD_YEAR = 2023
FOLLOW_END = pd.Timestamp("2025-12-31")
REGISTER_START = pd.Timestamp("2023-01-01")
EFFECT_STARTS = ("2024-04-01", "2024-05-01", "2024-06-01", "2024-09-01")
RR_CANDIDATES = (0.7, 0.6, 0.5, 0.4)  # mildest first
Z_TARGET = 4.0  # |log RR| / SE in a Poisson before/after comparison (about 98 % power at 5 %, before trends)
TARGET_FACTOR = 0.7  # indicator target: 30 % below the baseline
N_INCIDENT = 3  # incident problems in a story
MAX_RETELLINGS = 4


@dataclass
class Story:
    rows: dict[str, list[dict]] = field(default_factory=lambda: {s.key: [] for s in S.SHEETS})
    planted: list[dict] = field(default_factory=list)

    def add(self, key: str, **values) -> str:
        sheet = S.SHEET_BY_KEY[key]
        ident = sheet.make_id(len(self.rows[key]) + 1)
        self.rows[key].append({"id": ident, **values})
        return ident


def expected_z(rate_per_year: float, start: pd.Timestamp, rr: float) -> float:
    """Approximate z of a Poisson before/after comparison of a rate ratio ``rr`` from ``start``."""
    pre = (start - REGISTER_START).days / 365.25 * rate_per_year
    post = (FOLLOW_END + pd.Timedelta(days=1) - start).days / 365.25 * rate_per_year
    return abs(math.log(rr)) / math.sqrt(1 / pre + 1 / (post * rr)) if pre > 0 and post > 0 else 0.0


def choose_ratio(rate_per_year: float, start: pd.Timestamp) -> float:
    """The mildest rate ratio among RR_CANDIDATES that the data can show (z >= Z_TARGET), else the strongest."""
    for rr in RR_CANDIDATES:
        if expected_z(rate_per_year, start, rr) >= Z_TARGET:
            return rr
    return RR_CANDIDATES[-1]


# Official names (the municipalities' own usage): some take the genitive, some do not.
_GENITIVE = {"0360", "0381", "0382"}  # Tierps, Enköpings, Östhammars kommun


def official_name(region) -> str:
    return f"{region.genitiv if region.kod in _GENITIVE else region.namn} kommun"


def _fill(text: str, ctx: dict) -> str:
    return text.format(**ctx)


def _fake_phone(rng) -> str:
    return f"070-174 06 {int(rng.integers(5, 100)):02d}"


def plan_story(kod: str, inputs: dict, rng: np.random.Generator) -> Story:
    """The story of one practice workbook. Every change a practice report finds should be one that was planted:
    an incident problem whose ordinary measure's indicator already changed by chance in the generated register
    (:func:`synth_workbook_roles.shows_change`) is left out of the story, the next most frequent category x area
    of 2023 takes its place, and the story is told again from the same random state."""
    unplanted = inputs.get("unplanted")
    unplanted = unplanted if unplanted is not None else unplanted_incidents(kod)
    skip: set[str] = set()
    for _ in range(MAX_RETELLINGS):
        story, changed = _plan_story(kod, inputs, copy.deepcopy(rng), unplanted, skip)
        if not changed:
            break
        skip |= changed
    return story


def _problems(kod: str, inputs: dict, before: pd.DataFrame, skip: set[str]) -> pd.DataFrame:
    crime = inputs["crime"]
    problems = prioritised_problems(crime[crime[C.AR] <= LAGESBILD_YEAR], inputs["population"], before, kod,
                                    n_incident=N_INCIDENT + len(skip))
    problems = problems[~problems["nyckel"].isin(skip)]
    incident = problems["nyckel"].str.startswith("handelser:")
    problems = pd.concat([problems[incident].head(N_INCIDENT), problems[~incident]], ignore_index=True)
    return problems.assign(prioritet=range(1, len(problems) + 1))


def _plan_story(kod: str, inputs: dict, rng: np.random.Generator, unplanted: pd.DataFrame,
                skip: set[str]) -> tuple[Story, set[str]]:
    region = registry.get(kod)
    inc = inputs["incidents"]
    before = inc[inc[C.TIDPUNKT].dt.year == LAGESBILD_YEAR]
    problems = _problems(kod, inputs, before, skip)
    story = Story()
    starts = list(rng.permutation(EFFECT_STARTS))
    gap_problem = rng.random() < 0.5  # lowest-priority problem left without a cause analysis
    gap_baseline = rng.random() < 0.4  # one ordinary indicator without a baseline
    # which incident problems carry the planted effect and null: see synth_workbook_roles
    candidates = [(i, *p["nyckel"].split(":")[1:]) for i, p in problems.iterrows()
                  if p["nyckel"].startswith("handelser:") and not (gap_problem and i == len(problems) - 1)]
    roles = choose_roles(candidates, starts, unplanted)
    followed = {}
    for _, cat_, area_ in candidates:
        followed.setdefault(area_, set()).add(cat_)
    changed: set[str] = set()  # problems whose ordinary measure's indicator changed by chance
    effect_problem = next((i for i, (k, _) in roles.items() if k == "effekt"), None)
    gap_problem_ind = next((i for i, *_ in reversed(candidates) if i not in roles and i > 0), None)
    promised: list[tuple[str, str]] = []  # (measure id, promise text)
    for i, p in problems.iterrows():
        pid = story.add("problem", problem=p["problem"], kategori=p["kategori"], omrade=p["omrade"],
                        prioritet=int(p["prioritet"]), status="Bevakas" if (gap_problem and i == len(problems) - 1)
                        else "Prioriterat", underlag=p["underlag"], motivering=p["motivering"], nyckel=p["nyckel"],
                        tillagd=CREATED)
        if gap_problem and i == len(problems) - 1:
            continue
        source, *rest = p["nyckel"].split(":")
        if source == "handelser":
            cat, area = rest
            here = before[(before[C.KATEGORI] == cat) & (before[C.OMRADE] == area)]
            place = here[C.PLATS].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[0]
            causes, measures = T.CAUSES.get(cat, T.GENERIC_CAUSES), list(T.MEASURES.get(cat, T.GENERIC_MEASURES))[:2]
            if i == 2:
                measures = measures[:1] + [T.TRYGGHETSVANDRING]
        else:
            cat, area, place = rest[0], region.namn, "centrum"
            causes, measures = T.CRIME_CAUSES, [T.CRIME_MEASURE] if i == 3 else []
        ctx = {"plats": place, "omrade": area, "ar": LAGESBILD_YEAR,
               "centrala": f"{region.namn} centrum" if area == "Centrum" else f"centrala {area}"}
        cause_ids = [story.add("orsaker", problem=pid, orsak=_fill(c.text, ctx), perspektiv=c.perspektiv,
                               fiskben=c.fiskben, handelsekedja=c.kedja, faktortyp=c.faktortyp, niva=c.niva,
                               underlag=c.underlag, kalla=_fill(c.kalla, ctx),
                               beskrivning=f"Diskuterat i arbetsgruppen. Kontakt: {T.FAKE_CONTACTS[j % 5]}, "
                                           f"{_fake_phone(rng)}.")
                     for j, c in enumerate(causes)]
        package = []  # measures started together with the planted one (same problem, same day)
        for j, m in enumerate(measures):
            planted_kind = roles[i][0] if j == 0 and i in roles else None
            if planted_kind or i == effect_problem:
                start = roles[i][1]  # the effect problem's measures start as one package
            else:
                start = pd.Timestamp(f"2024-{int(rng.integers(2, 11)):02d}-01")
            aid = _measure(story, m, cause_ids, start, ctx, rng, keep_going=bool(planted_kind))
            if j > 0 and i == effect_problem:
                package.append(aid)
            ind = _indicator(story, aid, m, source, cat, area, start, inputs, ctx,
                             drop_baseline=gap_baseline and i == gap_problem_ind and j == 0)
            _activities(story, aid, m, start, story.rows["atgarder"][-1].get("slut"), ctx, rng)
            counts_incidents = source == "handelser" and not (m is T.TRYGGHETSVANDRING and inputs.get("survey") is not None)
            if counts_incidents and i not in roles and i != effect_problem and shows_change(
                    unplanted, cat, area, followed.get(area, {cat}), start):
                changed.add(p["nyckel"])
            if planted_kind:
                story.planted.append(_planted(region, planted_kind, aid, ind, pid, cat, area, start, inc, before))
            if m.lofte and len(promised) < 3 and (planted_kind or m is T.TRYGGHETSVANDRING):
                promised.append((aid, _fill(m.lofte, ctx)))
        if package and story.planted and story.planted[-1]["problem_id"] == pid:
            story.planted[-1]["samtidiga_atgarder"] = ", ".join(package)
    _promise(story, region, promised, rng)
    return story, changed


def _measure(story: Story, m: T.Measure, cause_ids: list[str], start, ctx, rng, keep_going: bool = False) -> str:
    refs = ", ".join(cause_ids[min(k, len(cause_ids) - 1)] for k in m.orsaker)
    one_off = m.insats == "Engångsinsats"
    slut = start + pd.Timedelta(days=int(rng.integers(60, 121))) if one_off else None
    status = "Genomförd" if one_off else ("Försenad" if rng.random() < 0.1 and not keep_going else "Pågår")
    teknik = S.TEKNIKER[m.teknik - 1] if m.teknik else S.INGEN_TEKNIK
    return story.add("atgarder", orsak=refs, atgard=_fill(m.text, ctx), operativt_mal=_fill(m.mal, ctx), start=start,
                     slut=slut, vem=m.vem, kontaktperson=f"{T.FAKE_CONTACTS[int(rng.integers(0, 5))]}, {_fake_phone(rng)}",
                     uppfoljning=m.uppfoljning, teknik=teknik, atgardstyp=m.typ, evidens=S.LISTS["evidens"][m.evidens],
                     insatstyp=m.insats, status=status, kommentar="Intern anteckning: budget beslutad i styrgruppen.")


def _indicator(story: Story, aid: str, m: T.Measure, source: str, cat: str, area: str, start, inputs, ctx,
               drop_baseline: bool) -> str:
    if m is T.TRYGGHETSVANDRING and inputs.get("survey") is not None:
        sv = St.survey_shares(inputs["survey"], "trygghet_ute_kvall", ("Ganska otrygg", "Mycket otrygg"), weight=C.VIKT)
        first = sv.sort_values(C.AR).iloc[0]
        base = round(float(first[C.VARDE]) * 100, 1)
        return story.add("indikatorer", atgard=aid, indikator="Andel som känner sig otrygga ute sent en kväll",
                         kalla="Trygghetsmätning", enhet="Andel (%)", baslinje=base,
                         baslinje_period=str(int(first[C.AR])), malvarde=round(base - 5, 1), riktning="Minska",
                         maldatum=FOLLOW_END)
    if source == "handelser":
        inc = inputs["incidents"]
        t0 = start - pd.DateOffset(years=1)
        win = inc[(inc[C.KATEGORI] == cat) & (inc[C.OMRADE] == area) & (inc[C.TIDPUNKT].dt.tz_localize(None) >= t0)
                  & (inc[C.TIDPUNKT].dt.tz_localize(None) < start)]
        base = len(win)
        label = C.INCIDENT_KATEGORIER[cat]
        return story.add("indikatorer", atgard=aid, indikator=f"Händelser: {label.lower()} i {area}",
                         kalla="Händelserapporter (EST)", kategori=label, omrade=area, enhet="Antal per år",
                         baslinje=None if drop_baseline else float(base),
                         baslinje_period=f"{t0.date().isoformat()}–{(start - pd.Timedelta(days=1)).date().isoformat()}",
                         malvarde=float(round(base * TARGET_FACTOR)), riktning="Minska", maldatum=FOLLOW_END)
    crime = inputs["crime"]
    row = crime[(crime[C.KOMMUNKOD] == registry.get(ctx["omrade"]).kod) & (crime[C.AR] == LAGESBILD_YEAR)
                & (crime[C.BROTTSTYP] == cat)]
    base = float(row[C.ANTAL].iloc[0]) if len(row) else None
    return story.add("indikatorer", atgard=aid, indikator=f"Anmälda brott: {C.BROTTSTYPER[cat].lower()}",
                     kalla="Anmälda brott", kategori=C.BROTTSTYPER[cat], enhet="Antal per år", baslinje=base,
                     baslinje_period=str(LAGESBILD_YEAR), malvarde=round(base * 0.9) if base else None,
                     riktning="Minska", maldatum=FOLLOW_END)


def _activities(story: Story, aid: str, m: T.Measure, start, slut, ctx, rng) -> None:
    interval, hours, cost, texts, performer, one_off = T.ACTIVITY_TYPES[m.aktivitet]
    end = min(slut, FOLLOW_END) if slut is not None else FOLLOW_END
    day = start + pd.Timedelta(days=int(rng.integers(0, 7)))
    dates = []
    while day <= end:
        dates.append(day)
        day += pd.Timedelta(days=int(interval + rng.integers(-interval // 4, interval // 4 + 1)))
    if len(dates) > 60:
        dates = dates[:: math.ceil(len(dates) / 60)]
    for k, d in enumerate(dates):
        status = rng.choice(S.LISTS["aktivitetsstatus"][:2] + ("Inställd",), p=(0.86, 0.08, 0.06))
        text = _fill(texts[int(rng.integers(0, len(texts)))], ctx)
        c = one_off if (one_off and k == 0) else round(float(rng.uniform(*cost)) / 100) * 100
        if k == 0 and one_off:
            text = _fill("Installation och montering vid {plats}", ctx)
        if rng.random() < 0.25:
            text += f". Kontakt: {T.FAKE_CONTACTS[int(rng.integers(0, 5))]}, {_fake_phone(rng)}"
        story.add("aktiviteter", datum=d, atgard=aid, vad=text, utforare=performer,
                  timmar=0.0 if status == "Inställd" else round(float(rng.uniform(*hours)) * 2) / 2,
                  kostnad=0.0 if status == "Inställd" else float(c), status=str(status))
    if slut is None:  # ongoing: the next two are planned
        for d in (pd.Timestamp("2026-01-16"), pd.Timestamp("2026-02-13")):
            story.add("aktiviteter", datum=d, atgard=aid, vad=_fill(texts[0], ctx), utforare=performer,
                      status="Planerad")


def _planted(region, kind, aid, ind, pid, cat, area, start, inc, before) -> dict:
    rate = float(((before[C.KATEGORI] == cat) & (before[C.OMRADE] == area)).sum())
    rr = choose_ratio(rate, start) if kind == "effekt" else 1.0
    others = sorted(set(inc.loc[(inc[C.KATEGORI] == cat) & (inc[C.OMRADE] != area), C.OMRADE]))
    return {"kommunkod": region.kod, "kommun": region.namn, "typ": kind, "atgard_id": aid, "indikator_id": ind,
            "problem_id": pid, "kategori": cat, "kategori_namn": C.INCIDENT_KATEGORIER[cat], "omrade": area,
            "plats": "", "start": start.date().isoformat(), "slut": FOLLOW_END.date().isoformat(), "sann_kvot": rr,
            "handelser_per_ar_fore": int(rate),
            "forvantad_z": round(expected_z(rate, start, rr if rr != 1.0 else RR_CANDIDATES[0]), 2),
            "jamforelseomraden": "|".join(others), "samtidiga_atgarder": ""}


def _promise(story: Story, region, promised: list[tuple[str, str]], rng) -> None:
    if not promised:
        return
    parts = [t for _, t in promised]
    body = ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else parts[0]
    text = (f"Under 2024 och 2025 lovar {official_name(region)} och polisen i lokalpolisområde "
            f"{region.lokalpolisomrade} att {body}. Vi berättar hur det har gått på kommunens webbplats och vid "
            "ett öppet möte i början av 2026.")
    probs = sorted({r["problem"] for r in story.rows["orsaker"]
                    if any(r["id"] in a["orsak"].split(", ") for a in story.rows["atgarder"]
                           if a["id"] in {m for m, _ in promised})}, key=S.id_number)
    story.add("medborgarloften", lofte=text, period="2024–2025", problem=", ".join(probs),
              atgarder=", ".join(m for m, _ in promised), undertecknat=pd.Timestamp(f"2024-03-{int(rng.integers(4, 28)):02d}"),
              kommunicerat="Ja", aterkoppling="Kommunens webbplats och öppet möte, januari 2026",
              status="Undertecknat")
    if rng.random() < 0.35:
        story.add("medborgarloften", lofte=f"Under 2026 lovar {official_name(region)} och polisen att fortsätta "
                  "arbetet på de platser där invånarna känner sig mest otrygga.", period="2026",
                  problem=story.rows["problem"][0]["id"], kommunicerat="Nej", status="Utkast")
