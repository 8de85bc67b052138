"""Course self-checks: answers computed by the library, Swedish feedback that names the misconception,
and no answer anywhere a participant can see it before answering (messages, exercise notebooks)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import fmt, kurs, registry
from lagesbild_methods.kurs import data as D
from lagesbild_methods.kurs.fragor import FEL, NASTAN, OGILTIGT, RATT, TOMT, Mangd, Namn, Tal, Val

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
FRAGOR = kurs.alla_fragor()
KEYS = sorted(FRAGOR)


def _exercise_for(key: str) -> Path:
    return next(NOTEBOOKS.glob(f"{int(key[0]):02d}_*.ipynb"))


def _solution_for(key: str) -> Path:
    return next((NOTEBOOKS / "losningar").glob(f"{int(key[0]):02d}_*.ipynb"))


def _answers_to_try(f) -> list:
    """A battery of answers: empty, garbage, the right one, every recognised misconception, wrong ones."""
    out: list = [None, "", "   ", "hej hopp", [], 12345.6]
    right = f.facit()
    if isinstance(f, Tal):
        out += [right, -right, right * 2, right / 2, right + 5, right / 100, str(right).replace(".", ",")]
        out += [fn() for fn, *_ in f.missar]
    elif isinstance(f, Val):
        out += list(f.alternativ) + [k.upper() + ")" for k in f.alternativ]
    elif isinstance(f, Namn):
        out += list(f.tillatna()) + [fn() for fn, _ in f.missar]
    elif isinstance(f, Mangd):
        allowed = list(f.tillatna())
        out += [[a] for a in allowed] + [allowed, sorted(right), sorted(right)[:1], ["PX"]]
    return out


def _all_messages() -> list[tuple[str, str, str]]:
    """(question, status, text) for every static message and every message the battery produces."""
    msgs = [(k, "katalog", m) for k, f in FRAGOR.items() for m in f.meddelanden()]
    for k, f in FRAGOR.items():
        for a in _answers_to_try(f):
            r = kurs.kontrollera(k, a)
            msgs.append((k, r.status, r.text))
    return msgs


@pytest.fixture(scope="module")
def messages():
    return _all_messages()


def _number_tokens(f: Tal) -> set[str]:
    x = f.facit()
    toks = set()
    for d in (1, 2):
        s = f"{x:.{d}f}"
        toks |= {s, s.replace(".", ","), fmt.num(x, d)}
    if f.procent:
        toks |= {f"{fmt.num(x, 0)} %", f"{fmt.num(x, 0)}%", f"{round(x)} %", f"{round(x)}%", fmt.pct(x, 0, is_fraction=False)}
    if abs(x) >= 100:
        toks |= {fmt.num(x, 0), str(int(x)), str(round(x))}
    if float(x).is_integer():
        toks.add(str(int(x)))
    return toks


def _contains(text: str, token: str) -> bool:
    return re.search(rf"(?<![\d,.]){re.escape(token)}(?![\d])", text) is not None


def _word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I) is not None


# -------------------------------------------------------------------------------------------- answers
def test_every_question_has_an_answer_computed_now():
    assert len(FRAGOR) >= 30
    for k, f in FRAGOR.items():
        right = f.facit()
        assert right not in (None, "", frozenset()), k
        if isinstance(f, Val):
            assert right in f.alternativ, k
        if isinstance(f, Namn):
            assert right in {n.casefold() for n in f.tillatna()}, k
        assert kurs.kontrollera(k, f.berakna() if not isinstance(f, Mangd) else sorted(f.facit())).status == RATT, k


def _clear_caches():
    import importlib

    for name in ("data", *kurs.OVNINGAR):
        mod = importlib.import_module(f"lagesbild_methods.kurs.{name}")
        for obj in vars(mod).values():
            if callable(getattr(obj, "cache_clear", None)):
                obj.cache_clear()


def test_answers_follow_the_library(monkeypatch):
    """The self-check decides from the library's computation at check time, not from a stored value: change
    the data and the right answer moves with it."""
    assert FRAGOR["1b"].facit() == "osäkert"
    series = dict(D.KURSKOPING_SERIER)
    series["skadegorelse"] = (*series["skadegorelse"][:-1], 200)  # a rise no chance explains
    monkeypatch.setattr(D, "KURSKOPING_SERIER", series)
    _clear_caches()
    try:
        assert FRAGOR["1b"].facit() == "ökning"
        assert kurs.kontrollera("1b", "osäkert").status == FEL
        assert FRAGOR["1f"].facit() == "a"
    finally:
        monkeypatch.undo()
        _clear_caches()
    assert FRAGOR["1b"].facit() == "osäkert"


# -------------------------------------------------------------------------------------------- feedback
def test_unanswered_is_kind_and_never_an_error():
    for k in KEYS:
        for empty in (None, "", float("nan"), []):
            r = kurs.kontrollera(k, empty)
            assert r.status == TOMT and f"svar_{k}" in r.text and str(r).startswith("Inget svar än."), k


def test_every_wrong_answer_gets_swedish_feedback(messages):
    wrong = [(k, s, t) for k, s, t in messages if s in (FEL, NASTAN)]
    assert {k for k, _, _ in wrong} == set(KEYS)  # every question can be answered wrong, and says why
    for k, _, t in wrong:
        assert len(t) > 25 and not t.startswith("Rätt"), (k, t)
        assert re.search(r"[åäö]|\b(och|att|inte|det)\b", t), (k, t)  # Swedish
        for english in ("Error", "Traceback", "None", "True", "False", "NaN"):
            assert english not in t, (k, t)


@pytest.mark.parametrize("key, answer, words", [
    ("1a", lambda: 140 / 14_420 * 100_000, ["folkmängden samma år"]),
    ("1a", lambda: 140 / 14_363 * 1_000, ["per 1 000"]),
    ("1b", lambda: "ökning", ["säkerställd", "slumpen"]),
    ("1e", lambda: "ja", ["extra variation", "överspridning"]),
    ("2a", lambda: "Älvsala", ["i antal", "per 100 000"]),
    ("2b", lambda: "Lillvik", ["tratten", "få invånare"]),
    ("3c", lambda: 10, ["andelen platser"]),
    ("3c", lambda: 41.2, ["avrundat", "uppåt"]),
    ("5b", lambda: FRAGOR["5b"].missar[0][0](), ["bara räknar med slump", "α"]),
    ("6a", lambda: FRAGOR["6a"].missar[1][0](), ["summorna", "medel per månad"]),
    ("6b", lambda: FRAGOR["6a"].facit(), ["Norrby", "kvoterna"]),
    ("7a", lambda: FRAGOR["7a"].missar[0][0](), ["kolumnens summa"]),
    ("7c", lambda: "ja", ["Namn", "beskrivningar"]),
    ("4a", lambda: ["P1", "P4", "P9"], ["antagande"]),
])
def test_a_wrong_answer_names_the_misconception(key, answer, words):
    r = kurs.kontrollera(key, answer())
    assert r.status in (FEL, NASTAN), r
    for w in words:
        assert w in r.text, (key, w, r.text)


#: Words that name each exercise's concepts (its ``begrepp`` in the notebook metadata, as a participant reads
#: them in the feedback).
BEGREPP = {
    "1": ["100 000", "folkmängd", "intervall", "slump", "säkerställd", "extra variation", "anmäl", "bevis"],
    "2": ["per 100 000", "per invånare", "tratt", "99,8", "95 %", "gräns", "slump", "topplista"],
    "3": ["värmekart", "platser", "andel", "rapport", "risk", "kväll", "dagtid"],
    "4": ["data", "händelserapport", "lokal kunskap", "forskning", "antagande", "triangel", "intervall", "andel"],
    "5": ["SMART", "slump", "extra variation", "jämförelseområde", "upptäck", "uppfölj", "mål", "mät"],
    "6": ["medel", "jämför", "kvot", "intervall", "slump", "före–efter", "metod", "effekt", "insats"],
    "7": ["summ", "dold", "undertryck", "tvätt", "peka ut", "pekas ut", "sekretess"],
}


def test_every_wrong_answer_names_a_concept(messages):
    """Each hint a wrong answer can get names the concept behind it (except the pure format hints:
    percent typed as a share or with a minus sign, and too few weekdays)."""
    from lagesbild_methods.kurs.fragor import PROCENT_TEXT
    from lagesbild_methods.kurs.ovning6 import TECKEN_TEXT

    formats = {PROCENT_TEXT, TECKEN_TEXT, FRAGOR["3a"].saknas}
    for k, s, t in messages:
        if s in (FEL, NASTAN) and t not in formats:
            assert any(w.casefold() in t.casefold() for w in BEGREPP[k[0]]), (k, t)


def test_answers_are_read_as_people_type_them():
    right = FRAGOR["1a"].facit()
    assert kurs.kontrollera("1a", fmt.num(right, 1)).status == RATT  # "974,7" with a decimal comma
    assert kurs.kontrollera("3c", f"{fmt.num(FRAGOR['3c'].facit(), 0)} %").status == RATT
    assert kurs.kontrollera("3c", FRAGOR["3c"].facit() / 100).status == NASTAN  # a share, not percent
    assert kurs.kontrollera("1d", " B) ").status == RATT
    assert kurs.kontrollera("3a", ["Lördag", "fredag"]).status == RATT
    assert kurs.kontrollera("2b", "  storhamn ").status == RATT
    assert kurs.kontrollera("1a", "ett tal").status == OGILTIGT
    assert "punkt" in kurs.kontrollera("1a", (974, 7)).text  # 974,7 typed without quotes is a tuple in Python
    assert kurs.kontrollera("1d", "d").status == OGILTIGT


def test_unknown_question_is_a_swedish_error():
    from lagesbild_methods.errors import ParameterError

    with pytest.raises(ParameterError, match="Det finns ingen fråga"):
        kurs.kontrollera("9z", 1)


# -------------------------------------------------------------------------------------------- no leaks
def test_no_number_answer_in_any_message_or_exercise(messages):
    exercises = {p: nbformat.read(p, as_version=4) for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))}
    # the cells' text, and the file as saved (notebook and cell metadata, ids)
    sources = {p: "\n".join(c.source for c in nb.cells) for p, nb in exercises.items()}
    texts = {p: sources[p] + "\n" + p.read_text(encoding="utf-8") for p in exercises}
    # a single-digit answer is looked for in the cells outside the numbered headings ("## 3. Din bedömning")
    unheaded = {p: "\n".join(line for line in t.splitlines() if not line.lstrip().startswith("#"))
                for p, t in sources.items()}
    checked = 0
    for k, f in FRAGOR.items():
        if not isinstance(f, Tal):
            continue
        for tok in _number_tokens(f):
            own_only = len(tok) < 2  # a single digit: only this question's messages and notebook
            for mk, _, text in messages:
                if own_only and mk != k:
                    continue
                assert not _contains(text, tok), f"svaret på {k} ({tok}) syns i ett meddelande till {mk}: {text}"
            for p, text in (unheaded if own_only else texts).items():
                if own_only and p != _exercise_for(k):
                    continue
                assert not _contains(text, tok), f"svaret på {k} ({tok}) syns i {p.name}"
            checked += 1
    assert checked >= 20


def test_no_choice_or_name_answer_in_its_messages(messages):
    for k, f in FRAGOR.items():
        own = [(s, t) for mk, s, t in messages if mk == k]
        if isinstance(f, Val):
            right = f.facit()
            option = f.alternativ[right]
            for s, t in own:
                assert option not in t and not re.search(rf"(alternativ|svar(et)?( är)?)\s+[”\"']?{right}\b", t, re.I), (k, t)
                assert f"”{right}”" not in t or s == OGILTIGT, (k, t)
        elif isinstance(f, (Namn, Mangd)):
            answers = [f.facit()] if isinstance(f, Namn) else sorted(f.facit())
            for s, t in own:
                if s == OGILTIGT:  # lists every allowed answer (or none), never one alone
                    continue
                for a in answers:
                    assert not _word(t, a), (k, a, t)


def test_name_answers_do_not_appear_in_the_exercise():
    for k, f in FRAGOR.items():
        if isinstance(f, Namn) and not f.ordlista:
            path = _exercise_for(k)
            text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells) + path.read_text(encoding="utf-8")
            assert not _word(text, f.facit()), (k, f.facit())


def test_exercise_metadata_holds_no_answer():
    """What a participant's JupyterLab saves besides the cells: notebook and cell metadata carry the course
    block and tags only, never a variable, an answer or a solution marker."""
    for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(p, as_version=4)
        assert set(nb.metadata) <= {"kernelspec", "language_info", "kurs", "lagesbild"}, p.name
        meta = repr(dict(nb.metadata)) + "".join(repr(dict(c.metadata)) for c in nb.cells)
        for word in ("svar_", "facit", "LÖSNING", "losning", "handledare", "rätt svar"):
            assert word not in meta, (p.name, word)
        for k in FRAGOR:
            if _exercise_for(k) == p and isinstance(FRAGOR[k], Val):
                assert f"'{FRAGOR[k].facit()}'" not in meta, (p.name, k)


def test_no_answer_in_reprs():
    """A participant who types ``kurs.alla_fragor()`` or a question object sees its key and variable only:
    a generated repr would list the feedback per wrong option, which gives the answer away by elimination."""
    for k, f in FRAGOR.items():
        shown = repr(f) + str(f) + repr(FRAGOR) + repr(kurs.kontrollera(k, None))
        assert f"svar_{k}" in repr(f), (k, repr(f))
        for m in f.meddelanden():
            assert m not in repr(f) and m not in repr(FRAGOR), (k, m)
        assert "om_fel" not in shown and "om_med" not in shown and "berakna" not in shown, k
        if isinstance(f, Tal):
            assert not any(_contains(repr(f), t) for t in _number_tokens(f) if len(t) > 1), k


def test_a_failing_check_shows_no_traceback_and_no_answer(monkeypatch):
    """If the check itself fails (a cell above not run, a changed frame), the participant gets one Swedish
    sentence: no traceback, whose code lines (and, with %xmode Verbose, local variables such as the right
    answer) would be shown."""
    right = FRAGOR["1a"].facit()
    tokens = _number_tokens(FRAGOR["1a"])

    def broken():
        raise ZeroDivisionError(f"facit {right}")

    monkeypatch.setattr(FRAGOR["1a"], "berakna", broken)
    r = kurs.kontrollera("1a", 123.4)
    assert r.status == OGILTIGT and str(r).startswith("Svaret går inte att läsa.") and "Kör alla celler" in r.text
    assert "ZeroDivision" not in str(r) and not any(_contains(str(r), t) for t in tokens)
    monkeypatch.setattr(FRAGOR["2d"], "berakna", lambda: {}["b"])
    assert kurs.kontrollera("2d", "a").status == OGILTIGT


def test_invalid_answer_lists_all_options_or_none():
    for k, f in FRAGOR.items():
        r = kurs.kontrollera(k, "xyzzy")
        assert r.status in (OGILTIGT, FEL, NASTAN), k
        if r.status == OGILTIGT and isinstance(f, Val):
            assert all(f"”{o}”" in r.text for o in f.alternativ), (k, r.text)


def test_exercise_answer_cells_hold_no_answer():
    for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for c in nbformat.read(p, as_version=4).cells:
            if c.cell_type != "code":
                continue
            for node in ast.parse(c.source).body:
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.startswith("svar_")
                                                        for t in node.targets):
                    assert isinstance(node.value, ast.Constant) and node.value.value is None, (p.name, c.source)


def test_choice_options_match_the_notebook_text():
    """The options the check knows are the options the participant reads (one source of wording each)."""
    for k, f in FRAGOR.items():
        if not isinstance(f, Val):
            continue
        md = " ".join(" ".join(c.source.split()) for c in nbformat.read(_solution_for(k), as_version=4).cells
                      if c.cell_type == "markdown")
        for key, text in f.alternativ.items():
            assert " ".join(text.split()) in md, (k, key)


def test_kom_igang_api_still_works():
    b = D.brott()
    assert callable(kurs.kontrollera_takt) and callable(kurs.kontrollera_bedomning)
    from lagesbild_methods.kurs import kom_igang

    assert kom_igang.kontrollera_takt.__module__.endswith("kom_igang")
    assert len(b) > 0


# -------------------------------------------------------------------------------------------- practice data
def test_training_municipality_is_fictional_and_marked():
    codes = set(D.KOMMUNER) | {D.LAN_KOD}
    assert not codes & set(registry.KOMMUNKODER)
    real_names = {registry.get(k).namn.casefold() for k in registry.KOMMUNKODER}
    assert not {v[0].casefold() for v in D.KOMMUNER.values()} & real_names
    for frame in (D.brott(), D.folkmangd()):
        assert set(frame[C.KALLA]) == {D.KALLA} and "påhittad" in D.KALLA
    assert set(D.brott()[C.KOMMUNKOD]) == codes
    # the county is the sum of its members
    b = D.brott()
    lan = b[b[C.KOMMUNKOD] == D.LAN_KOD].set_index([C.AR, C.BROTTSTYP])[C.ANTAL]
    members = b[b[C.KOMMUNKOD] != D.LAN_KOD].groupby([C.AR, C.BROTTSTYP])[C.ANTAL].sum()
    assert (lan.sort_index() == members.sort_index()).all()
    # free text carries only fiction-block phone numbers (PTS: 070-174 06 05 -- 99)
    phones = D.handelser()[C.FRITEXT].str.findall(r"070-174 06 (\d\d)").explode().dropna().astype(int)
    assert len(phones) > 50 and phones.between(5, 99).all()


def test_practice_data_are_deterministic():
    before = (D.brott(), D.handelser(), D.manadsserie())
    for fn in (D._brott, D._folkmangd, D._handelser, D._manadsserie):
        fn.cache_clear()
    after = (D.brott(), D.handelser(), D.manadsserie())
    for a, b in zip(before, after):
        assert a.equals(b)
    h = after[1]
    assert h[C.TIDPUNKT].dt.tz is not None and h[C.TIDPUNKT].is_monotonic_increasing
    assert list(h.columns) == C.INCIDENT_COLUMNS
