"""The shareable view: free text never reaches it; publishable text is scrubbed of personal data."""
import openpyxl
import pytest

from lagesbild_methods.sources.workbook import read_workbook
from lagesbild_methods.workbook import privacy
from lagesbild_methods.workbook import schema as S
from workbook_testdata import CANARY, CANARY_MAIL, CANARY_PHONE, CANARY_PNR, filled_workbook


def _all_text(view) -> str:
    return "\n".join(df.to_csv(index=False) for df in view.values())


def test_canary_in_free_text_never_reaches_the_shareable_view(tmp_path):
    path = filled_workbook(tmp_path / "arbetsbok_0331_heby.xlsx")
    wb = openpyxl.load_workbook(path)
    for s in S.SHEETS:  # the canary in every private column of the first data row
        for j, c in enumerate(s.columns, 1):
            if not c.publishable:
                wb[s.name].cell(2, j, CANARY)
    # ... and typed by mistake into publishable short-text cells
    wb["Åtgärder"]["C2"] = f"Sanering, ring {CANARY_PHONE}"
    wb["Orsaker"]["J2"] = f"Uppgift från {CANARY_MAIL} ({CANARY_PNR})"
    wb["Medborgarlöften"]["B2"] = f"Vi sanerar klotter inom ett dygn. Frågor: {CANARY_PNR.replace('-', '')}"
    wb["Aktiviteter"]["G3"] = CANARY_PNR  # a personnummer in a number cell: a finding with the value
    wb.save(path)
    book = read_workbook(path)
    assert (book.aktiviteter["vad"] == CANARY).any()  # the private text is read (for the coordinator)
    assert book.fynd["varde"].astype(str).str.contains("1212").any()
    view = privacy.shareable_view(book)
    text = _all_text(view)
    for secret in (CANARY_PNR, CANARY_PNR.replace("-", ""), "121212-1212", "Kanarie", CANARY_MAIL,
                   CANARY_PHONE, "174 06 42"):
        assert secret not in text, secret
    assert "Sanering, ring [telefonnummer borttaget]" in text
    assert "Vi sanerar klotter inom ett dygn. Frågor: [personnummer borttaget]" in text
    assert view["atgarder"].loc[0, "teknik"] == S.TEKNIKER[14] and view["aktiviteter"]["timmar"].sum() == 17.5


def test_private_columns_never_in_the_view(tmp_path):
    book = read_workbook(filled_workbook(tmp_path / "arbetsbok_0331_heby.xlsx"))
    view = privacy.shareable_view(book)
    for s in S.SHEETS:
        private = {c.key for c in s.columns if not c.publishable}
        assert not (private & set(view[s.key].columns))
        assert "id" in view[s.key].columns and "rad" not in view[s.key].columns
    assert "varde" not in view["fynd"].columns
    summary = view["sammanfattning"].set_index(["vad", "varde"])["antal"]
    assert summary[("Antal rader", "Orsaker")] == 3 and summary[("Orsaker som vilar på", "Antagande")] == 1
    assert summary[("Summa", "Kostnad (kr)")] == 4100


@pytest.mark.parametrize("text,expected", [
    ("pnr 19121212-1212", "pnr [personnummer borttaget]"),
    ("121212-1212 och 121212+1212", "[personnummer borttaget] och [personnummer borttaget]"),
    ("191212121212", "[personnummer borttaget]"),
    ("samordningsnr 121272-1212", "samordningsnr [personnummer borttaget]"),
    ("tel 070-174 06 42", "tel [telefonnummer borttaget]"),
    ("+46 70 123 45 67", "[telefonnummer borttaget]"),
    ("ring 018-12 34 56!", "ring [telefonnummer borttaget]!"),
    ("a.b@kommun.se", "[e-post borttagen]"),
    ("Start 2024-09-01, 2024–2025, 1 500 kr, 0,5 h, P1, Å2, 12 kvällar", None),
])
def test_scrub(text, expected):
    assert privacy.scrub(text, None) == (expected or text)


def test_scrub_cuts_long_text_after_scrubbing():
    text = "x" * 150 + " 19121212-1212"
    out = privacy.scrub(text, 160)
    assert len(out) <= 160 and "1212" not in out and out.endswith("…")
