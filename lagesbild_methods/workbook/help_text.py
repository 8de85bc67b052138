"""The Swedish help sheet (``Hjälp``) of the step workbook.

The first rows carry the metadata the reader looks for (``Kommun``, ``Kommunkod``, ``Schemaversion``);
then how the sheets hang together, how to fill them in, Brå's steps, the 25 situational techniques and a
table of every column with its help text.
"""
from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment, Font, PatternFill

from . import schema as S

TITLE_FONT = Font(bold=True, size=14)
HEAD_FONT = Font(bold=True, size=12, color="1F4E79")
TABLE_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")

KEDJA = [
    "Arbetsboken håller ihop kedjan från problem till resultat. Varje rad har ett id som andra blad och "
    "rapporterna hänvisar till:",
    "Problem (P1, P2 …) – de prioriterade problemen från lägesbilden (steg 1).",
    "Orsaker (O1 …) – orsaksanalysen (steg 2): varför finns problemet? Varje orsak hänvisar till ett problem.",
    "Åtgärder (Å1 …) – åtgärdsplanen (steg 3) i Brås format: Orsak | Åtgärd | Operativa mål | När | Vem | "
    "Uppföljning. Varje åtgärd hänvisar till de orsaker den ska påverka.",
    "Aktiviteter (A1 …) – genomförandet (steg 4): vad som gjordes, när, hur många timmar och vad det kostade.",
    "Indikatorer (I1 …) – uppföljningen (steg 5): vad som mäts för varje åtgärd, nollmätning (baslinje), "
    "målvärde och datum.",
    "Medborgarlöften (M1 …) – vad kommunen och polisen lovar invånarna, med hänvisning till problem och åtgärder.",
]
SA_FYLLER_DU_I = [
    "Lediga id står redan ifyllda i grått längst ned på varje blad: skriv på nästa lediga rad. Behöver du fler "
    "rader, skriv nästa nummer själv (t.ex. O21). Ändra aldrig ett id som något annat blad hänvisar till.",
    "Kolumner med en pil har en lista. Välj ett värde i listan; andra värden godtas inte.",
    "Hänvisningar skrivs med id: en åtgärd som ska påverka två orsaker får 'O1, O3' i kolumnen Orsak.",
    "Grå kolumner märkta (intern) är fri text. De visas aldrig i rapporter som delas. Skriv ändå aldrig "
    "personnummer, namn på privatpersoner eller andra personuppgifter i arbetsboken.",
    "Övriga textkolumner (t.ex. Problem, Orsak, Åtgärd, Löfte) kan visas i rapporter. Håll dem korta och sakliga.",
    "Säg ärligt vad varje orsak vilar på: Data, Lokal kunskap, Forskning eller Antagande. En orsak som ingen har "
    "undersökt är ett antagande – det är bättre att skriva det än att gissa tyst.",
    "Datum skrivs ÅÅÅÅ-MM-DD (t.ex. 2025-03-14). Tal får ha decimalkomma.",
    "När du kör 'lagesbild arbetsbok' igen läggs bara nya problem från lägesbilden till. Det du har skrivit "
    "ändras aldrig, och den förra versionen sparas som en kopia (.foregaende.xlsx).",
]
STEG = [
    "1 Kartläggning och lägesbild – vilka problem finns, var och när? (bladet Problem)",
    "2 Orsaksanalys – varför? Brottstriangeln (plats/situation, brottsutsatt, gärningsperson), fiskbensdiagram, "
    "händelsekedja, risk- och skyddsfaktorer (bladet Orsaker)",
    "3 Åtgärdsplan – åtgärder som påverkar orsakerna, SMARTa mål och medborgarlöften (bladen Åtgärder, "
    "Indikatorer, Medborgarlöften)",
    "4 Genomförande – gör det som planerades och dokumentera det (bladet Aktiviteter)",
    "5 Uppföljning och utvärdering – blev det som vi tänkt? (bladen Indikatorer och Aktiviteter)",
]


def write_help_sheet(ws, kommun: str, kommunkod: str, today: date) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 80
    ws.column_dimensions["D"].width = 34
    ws.cell(1, 1, f"Arbetsbok för det brottsförebyggande arbetet – {kommun}").font = TITLE_FONT
    meta = [("Kommun", kommun), ("Kommunkod", kommunkod), ("Skapad", today.isoformat()),
            ("Schemaversion", S.SCHEMA_VERSION)]
    for i, (label, value) in enumerate(meta, 3):
        ws.cell(i, 1, label).font = Font(bold=True)
        ws.cell(i, 2, value)
    row = len(meta) + 4
    row = _block(ws, row, "Så hänger bladen ihop", KEDJA)
    row = _block(ws, row, "Så fyller du i", SA_FYLLER_DU_I)
    row = _block(ws, row, "Brås steg och bladen", STEG)
    ws.cell(row, 1, "Situationella tekniker (Cornish och Clarke, 25 tekniker)").font = HEAD_FONT
    row += 1
    _table_head(ws, row, ("Grupp", "Nummer och teknik"))
    row += 1
    for tech in S.TEKNIKER[:-1]:
        ws.cell(row, 1, S.TEKNIK_GRUPP[tech])
        ws.cell(row, 2, tech)
        row += 1
    row += 1
    ws.cell(row, 1, "Kolumner").font = HEAD_FONT
    row += 1
    _table_head(ws, row, ("Blad", "Kolumn", "Förklaring", "Tillåtna värden"))
    row += 1
    for values in S.help_rows():
        for j, v in enumerate(values, 1):
            ws.cell(row, j, v).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1


def _block(ws, row: int, title: str, lines: list[str]) -> int:
    ws.cell(row, 1, title).font = HEAD_FONT
    row += 1
    for line in lines:
        c = ws.cell(row, 1, line)
        c.alignment = Alignment(wrap_text=False)
        row += 1
    return row + 1


def _table_head(ws, row: int, labels: tuple[str, ...]) -> None:
    for j, label in enumerate(labels, 1):
        c = ws.cell(row, j, label)
        c.font = Font(bold=True)
        c.fill = TABLE_FILL
