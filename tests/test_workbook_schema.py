"""The step-workbook schema: sheets, ids, lists and links are defined once and consistently."""
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.workbook import schema as S


def test_sheets_prefixes_and_ids():
    assert [s.name for s in S.SHEETS] == ["Problem", "Orsaker", "Åtgärder", "Aktiviteter", "Indikatorer",
                                         "Medborgarlöften"]
    assert [s.prefix for s in S.SHEETS] == ["P", "O", "Å", "A", "I", "M"]
    for s in S.SHEETS:
        assert s.columns[0].kind == "id" and s.columns[0].key == "id"
        assert len(set(s.keys)) == len(s.keys), s.name
        assert len({c.header for c in s.columns}) == len(s.columns), s.name
        assert all(len(c.help) > 10 for c in s.columns)


def test_braa_plan_columns_in_order():
    """Brå's åtgärdsplan: Orsak | Åtgärd | Operativa mål | När | Vem | Uppföljning, in that order."""
    headers = [c.header for c in S.ATGARDER.columns]
    order = [next(i for i, h in enumerate(headers) if h.startswith(w))
             for w in ("Orsak", "Åtgärd", "Operativa mål", "När", "Vem", "Uppföljning")]
    assert order == sorted(order)


def test_required_domain_lists():
    assert S.LISTS["perspektiv"] == ("Plats/situation", "Brottsutsatt", "Gärningsperson")
    assert S.LISTS["niva"][:5] == ("Individ", "Familj", "Kamrater", "Skola", "Närsamhälle")
    assert S.LISTS["underlag"] == ("Data", "Lokal kunskap", "Forskning", "Antagande")
    assert S.LISTS["insatstyp"] == ("Engångsinsats", "Ordinarie arbete")
    assert len(S.SITUATIONELLA_TEKNIKER) == 25 and len(S.TEKNIKER) == 26
    assert S.TEKNIKER[0].startswith("1 ") and S.TEKNIKER[24].startswith("25 ")
    groups = [g for g, _ in S.SITUATIONELLA_TEKNIKER]
    assert [groups.count(g) for g in dict.fromkeys(groups)] == [5, 5, 5, 5, 5]
    # every package category (crime types and incident categories) can be chosen
    assert set(C.INCIDENT_KATEGORIER.values()) <= set(S.KATEGORIER)
    assert {v for k, v in C.BROTTSTYPER.items() if k != "totalt"} <= set(S.KATEGORIER)


def test_every_list_and_link_resolves():
    for s in S.SHEETS:
        for c in s.columns:
            if c.kind == "list":
                assert c.options in S.LISTS and c.values
            if c.kind in ("ref", "refs"):
                assert c.ref in S.SHEET_BY_KEY
                # links only point to earlier sheets (the chain runs one way)
                assert [x.key for x in S.SHEETS].index(c.ref) < [x.key for x in S.SHEETS].index(s.key)


def test_private_columns_are_the_free_text_ones():
    private = {(s.key, c.key) for s in S.SHEETS for c in s.columns if not c.publishable}
    assert private == {("problem", "motivering"), ("orsaker", "beskrivning"), ("atgarder", "kontaktperson"),
                       ("atgarder", "kommentar"), ("aktiviteter", "vad")}


@pytest.mark.parametrize("raw,expected", [
    ("O3", "O3"), (" o 3 ", "O3"), ("å2", "Å2"), ("Å-2", "Å2"), ("A17", "A17"), ("i4", "I4"), ("M01", "M1"),
    ("X1", None), ("O", None), ("3", None), ("", None), (None, None), ("O3x", None),
])
def test_normalise_id(raw, expected):
    assert S.normalise_id(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("O1, O3", ["O1", "O3"]), ("O1;O3", ["O1", "O3"]), ("O1 O3", ["O1", "O3"]), ("o1 och o3", ["O1", "O3"]),
    ("O1,O3,", ["O1", "O3"]), ("Å1/Å2", ["Å1", "Å2"]), ("O1, Q9", ["O1", "Q9"]), (None, []),
])
def test_split_refs(raw, expected):
    assert S.split_refs(raw) == expected


def test_help_rows_cover_every_column():
    rows = S.help_rows()
    assert len(rows) == sum(len(s.columns) for s in S.SHEETS)
    assert all(r[2] and r[3] for r in rows)
