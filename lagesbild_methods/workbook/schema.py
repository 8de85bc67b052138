"""Schema of the step workbook: sheets, columns, Swedish headers and help, drop-down lists, ids, links.

This module is pure data (ground layer): the writer (:mod:`.writer`), the reader
(:mod:`lagesbild_methods.sources.workbook`), the shareable view (:mod:`.privacy`) and the steps
2-5 all read the same definitions, so a column is named, explained and validated in one place.

Ids: every row has an id made of the sheet's prefix and a number (``P1``, ``O3``, ``Å2``, ``A17``,
``I4``, ``M1``). Later sheets cite earlier ones by id; reports cite the ids too.

Column kinds:

``id``       the row's own id (prefix + number)
``text``     short text that may be shown in a shareable report (scrubbed; ``publishable=True``)
``private``  free text that never reaches a shareable report (descriptions, what was done, names)
``list``     one value from a drop-down list (:data:`LISTS`); off-list values are refused in Excel
``int``      whole number; ``number`` decimal number >= 0; ``date`` a date
``ref``      one id of another sheet; ``refs`` one or more ids separated by comma
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import columns as C

SCHEMA_VERSION = 1
MAX_ROWS = 1000  # drop-down lists and validations cover rows 2..MAX_ROWS
SHORT_TEXT_MAX = 160  # publishable text is cut to this length in the shareable view

# ------------------------------------------------------------------------------------------ lists
SITUATIONELLA_TEKNIKER: tuple[tuple[str, str], ...] = (
    # (group, technique) -- Cornish & Clarke (2003), 25 techniques of situational crime prevention;
    # Swedish wording ours (domain.md §6).
    ("Öka ansträngningen", "Försvåra åtkomst till målet (målhärdning)"),
    ("Öka ansträngningen", "Kontrollera tillträde till platser"),
    ("Öka ansträngningen", "Kontrollera utgångar"),
    ("Öka ansträngningen", "Led bort gärningspersoner"),
    ("Öka ansträngningen", "Kontrollera verktyg och vapen"),
    ("Öka risken", "Utöka tillsynen (fler vuxna och kapabla väktare)"),
    ("Öka risken", "Underlätta naturlig övervakning"),
    ("Öka risken", "Minska anonymiteten"),
    ("Öka risken", "Använd platsansvariga"),
    ("Öka risken", "Förstärk formell övervakning"),
    ("Minska vinsten", "Göm målen"),
    ("Minska vinsten", "Ta bort målen"),
    ("Minska vinsten", "Märk egendom"),
    ("Minska vinsten", "Stör marknaderna"),
    ("Minska vinsten", "Neka vinsten"),
    ("Minska provokationerna", "Minska frustration och stress"),
    ("Minska provokationerna", "Undvik konflikter"),
    ("Minska provokationerna", "Minska känslomässig upphetsning"),
    ("Minska provokationerna", "Neutralisera grupptryck"),
    ("Minska provokationerna", "Motverka efterapning"),
    ("Ta bort ursäkterna", "Sätt upp regler"),
    ("Ta bort ursäkterna", "Sätt upp tydliga instruktioner"),
    ("Ta bort ursäkterna", "Väck samvetet"),
    ("Ta bort ursäkterna", "Underlätta att följa reglerna"),
    ("Ta bort ursäkterna", "Kontrollera alkohol och droger"),
)
INGEN_TEKNIK = "Ingen situationell teknik (social åtgärd)"
TEKNIKER: tuple[str, ...] = tuple(f"{i} {t}" for i, (_, t) in enumerate(SITUATIONELLA_TEKNIKER, 1)) + (INGEN_TEKNIK,)
TEKNIK_GRUPP: dict[str, str] = {f"{i} {t}": g for i, (g, t) in enumerate(SITUATIONELLA_TEKNIKER, 1)}

KATEGORIER: tuple[str, ...] = tuple(dict.fromkeys(
    [v for k, v in C.BROTTSTYPER.items() if k != "totalt"] + list(C.INCIDENT_KATEGORIER.values())
    + ["Otrygghet", "Annat"]))

LISTS: dict[str, tuple[str, ...]] = {
    "kategori": KATEGORIER,
    "problemstatus": ("Prioriterat", "Bevakas", "Avslutat"),
    "perspektiv": ("Plats/situation", "Brottsutsatt", "Gärningsperson"),
    "fiskben": ("Fysisk miljö", "Tider och aktiviteter", "Tillsyn och kontroll", "Skydd av objekt",
                "Sociala förhållanden", "Alkohol och droger", "Organisation och samverkan", "Annat"),
    "handelsekedja": ("1 Bakgrund och behov", "2 Förberedelse", "3 Till platsen", "4 Själva händelsen",
                      "5 Efteråt"),
    "faktortyp": ("Riskfaktor", "Skyddsfaktor", "Situationell orsak"),
    "niva": ("Individ", "Familj", "Kamrater", "Skola", "Närsamhälle", "Ej tillämpligt"),
    "underlag": ("Data", "Lokal kunskap", "Forskning", "Antagande"),
    "teknik": TEKNIKER,
    "atgardstyp": ("Situationell", "Social", "Båda"),
    "evidens": ("Effekt visad i flera utvärderingar", "Effekt visad i någon utvärdering",
                "Beprövad erfarenhet", "Okänd effekt (ny eller oprövad)"),
    "insatstyp": ("Engångsinsats", "Ordinarie arbete"),
    "atgardsstatus": ("Planerad", "Pågår", "Genomförd", "Försenad", "Avbruten"),
    "aktivitetsstatus": ("Genomförd", "Delvis genomförd", "Planerad", "Inställd"),
    "indikatorkalla": ("Anmälda brott", "Händelserapporter (EST)", "Trygghetsmätning", "Skolenkät",
                       "Egen dokumentation", "Annan källa"),
    "enhet": ("Antal per år", "Antal per tertial", "Antal per månad", "Antal per vecka", "Andel (%)",
              "Per 100 000 invånare", "Antal under perioden"),
    "riktning": ("Minska", "Öka", "Behålla"),
    "janej": ("Ja", "Nej"),
    "loftesstatus": ("Utkast", "Undertecknat", "Återkopplat till medborgarna"),
}


# ------------------------------------------------------------------------------------------ specs
@dataclass(frozen=True)
class Column:
    key: str  # ASCII snake_case name in the tidy frame
    header: str  # Swedish header in the workbook
    help: str  # Swedish help (header comment, input prompt, help sheet)
    kind: str  # id | text | private | list | int | number | date | ref | refs
    options: str | None = None  # list name (kind list)
    ref: str | None = None  # sheet key (kind ref/refs)
    required: bool = False
    width: int = 18
    example: str = ""

    @property
    def publishable(self) -> bool:
        """May the column reach a shareable report? Free text (``private``) never does."""
        return self.kind != "private"

    @property
    def values(self) -> tuple[str, ...]:
        return LISTS[self.options] if self.options else ()


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str  # sheet name in the workbook (Swedish)
    prefix: str  # id prefix
    title: str  # one-line description (help sheet)
    columns: tuple[Column, ...]
    spare_rows: int = 20  # empty rows with ready ids below the data

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def make_id(self, number: int) -> str:
        return f"{self.prefix}{number}"


def _id(prefix: str, what: str) -> Column:
    return Column("id", "Id", f"Radens id, t.ex. {prefix}1. Andra blad och rapporter hänvisar till {what} med id:t. "
                  f"Lediga id står redan ifyllda; skriv annars nästa lediga nummer ({prefix} + nummer). "
                  "Ändra inte ett id som någon redan hänvisar till.", "id", required=True, width=7,
                  example=f"{prefix}1")


PROBLEM = Sheet("problem", "Problem", "P", "De prioriterade problemen från lägesbilden (steg 1).", (
    _id("P", "problemet"),
    Column("problem", "Problem", "Kort namn på problemet, t.ex. 'Klotter vid stationen'. Visas i rapporter.",
           "text", required=True, width=36, example="Klotter i centrala Heby"),
    Column("kategori", "Kategori", "Brottstyp eller händelsekategori som problemet gäller.", "list",
           options="kategori", width=26),
    Column("omrade", "Plats eller område", "Var problemet finns (område eller plats). Visas i rapporter; "
           "skriv inga adresser till privatpersoner.", "text", width=24, example="Heby, Stationen"),
    Column("prioritet", "Prioritet", "1 = högst prioriterat.", "int", width=10, example="1"),
    Column("status", "Status", "Prioriterat, bevakas eller avslutat.", "list", options="problemstatus", width=14),
    Column("underlag", "Underlag från steg 1", "Vilka data i lägesbilden som pekar ut problemet. Visas i rapporter.",
           "text", width=36),
    Column("motivering", "Motivering (intern)", "Varför problemet prioriterades, fritt formulerat. Visas aldrig i "
           "delbara rapporter.", "private", width=40),
    Column("nyckel", "Nyckel från steg 1", "Fylls i av programmet så att samma problem inte läggs till två gånger. "
           "Ändra inte.", "text", width=22),
    Column("tillagd", "Tillagd", "Datum då problemet lades till.", "date", width=12),
), spare_rows=10)

ORSAKER = Sheet("orsaker", "Orsaker", "O", "Orsaksanalys (steg 2): orsaker till varje problem.", (
    _id("O", "orsaken"),
    Column("problem", "Problem", "Id för problemet som orsaken hör till (välj i listan), t.ex. P1.", "ref",
           ref="problem", required=True, width=10, example="P1"),
    Column("orsak", "Orsak", "Kort beskrivning av orsaken, t.ex. 'Mörk gångtunnel utan insyn'. Visas i rapporter "
           "(fiskbensdiagram).", "text", required=True, width=40),
    Column("perspektiv", "Perspektiv", "Brottstriangelns perspektiv: plats/situation, brottsutsatt eller "
           "gärningsperson. Det är också fiskbenets tre huvudben.", "list", options="perspektiv", width=18),
    Column("fiskben", "Fiskbenskategori", "Vilket ben i fiskbensdiagrammet orsaken hör till.", "list",
           options="fiskben", width=24),
    Column("handelsekedja", "Steg i händelsekedjan", "Var i händelsekedjan orsaken verkar: från bakgrund och "
           "behov till efter händelsen. Bryt kedjan så tidigt som möjligt.", "list", options="handelsekedja", width=22),
    Column("faktortyp", "Risk eller skydd", "Riskfaktor, skyddsfaktor eller en orsak i situationen.", "list",
           options="faktortyp", width=18),
    Column("niva", "Nivå", "Nivå för risk- och skyddsfaktorer: individ, familj, kamrater, skola, närsamhälle.",
           "list", options="niva", width=14),
    Column("underlag", "Orsaken vilar på", "Data, lokal kunskap, forskning eller antagande. Säg ärligt om "
           "orsaken är en gissning: då kallas den antagande.", "list", options="underlag", required=True, width=16),
    Column("kalla", "Källa", "Kort källhänvisning, t.ex. 'Händelserapporter 2024' eller 'Brå 2018'. Visas i "
           "rapporter.", "text", width=28),
    Column("beskrivning", "Beskrivning (intern)", "Fri text om orsaken. Visas aldrig i delbara rapporter.",
           "private", width=40),
))

ATGARDER = Sheet("atgarder", "Åtgärder", "Å", "Åtgärdsplan (steg 3) i Brås format: Orsak | Åtgärd | "
                 "Operativa mål | När | Vem | Uppföljning.", (
    _id("Å", "åtgärden"),
    Column("orsak", "Orsak", "Id för den eller de orsaker som åtgärden ska påverka, t.ex. 'O1' eller 'O1, O3'.",
           "refs", ref="orsaker", required=True, width=12, example="O1, O3"),
    Column("atgard", "Åtgärd", "Vad som ska göras, kort. Visas i rapporter.", "text", required=True, width=40),
    Column("operativt_mal", "Operativa mål", "Vad åtgärden ska leda till, mätbart (SMART): indikatorn, "
           "målvärdet och datumet står på bladet Indikatorer.", "text", width=36),
    Column("start", "När – start", "Datum då åtgärden startar (ÅÅÅÅ-MM-DD).", "date", width=12),
    Column("slut", "När – slut", "Datum då åtgärden slutar; tomt om den är en del av ordinarie arbete.", "date",
           width=12),
    Column("vem", "Vem (ansvarig verksamhet)", "Ansvarig verksamhet eller organisation, t.ex. 'Kommunen – "
           "fritid' eller 'Polisen'. Visas i rapporter.", "text", width=26),
    Column("kontaktperson", "Vem (kontaktperson, intern)", "Namn och kontaktuppgifter till den ansvariga. "
           "Visas aldrig i delbara rapporter.", "private", width=26),
    Column("uppfoljning", "Uppföljning", "Hur och när åtgärden följs upp, t.ex. 'Tertialvis i EST-mötet'.",
           "text", width=30),
    Column("teknik", "Situationell teknik", "Vilken av Cornish och Clarkes 25 tekniker åtgärden använder "
           "(eller 'Ingen' för en social åtgärd).", "list", options="teknik", width=34),
    Column("atgardstyp", "Typ av åtgärd", "Situationell, social eller båda.", "list", options="atgardstyp", width=14),
    Column("evidens", "Evidens", "Hur väl det är känt att åtgärden fungerar.", "list", options="evidens", width=28),
    Column("insatstyp", "Engångsinsats eller ordinarie arbete", "Är åtgärden en engångsinsats eller en del av "
           "ordinarie arbete?", "list", options="insatstyp", width=18),
    Column("status", "Status", "Planerad, pågår, genomförd, försenad eller avbruten.", "list",
           options="atgardsstatus", width=12),
    Column("kommentar", "Kommentar (intern)", "Fri text. Visas aldrig i delbara rapporter.", "private", width=30),
))

AKTIVITETER = Sheet("aktiviteter", "Aktiviteter", "A", "Genomförande (steg 4): vad som gjordes, när, "
                    "timmar och kostnad.", (
    _id("A", "aktiviteten"),
    Column("datum", "Datum", "Datum då aktiviteten gjordes (eller planeras).", "date", required=True, width=12),
    Column("atgard", "Åtgärd", "Id för åtgärden som aktiviteten hör till (välj i listan), t.ex. Å1.", "ref",
           ref="atgarder", required=True, width=10, example="Å1"),
    Column("vad", "Vad gjordes (intern)", "Vad som gjordes. Fri text; visas aldrig i delbara rapporter. Skriv "
           "inga namn på privatpersoner.", "private", width=40),
    Column("utforare", "Utförare (verksamhet)", "Vilken verksamhet som gjorde det. Visas i rapporter.", "text",
           width=22),
    Column("timmar", "Timmar", "Arbetade timmar (alla deltagare tillsammans).", "number", width=9),
    Column("kostnad", "Kostnad (kr)", "Kostnad i kronor utöver arbetstiden.", "number", width=12),
    Column("status", "Status", "Genomförd, delvis genomförd, planerad eller inställd.", "list",
           options="aktivitetsstatus", width=16),
))

INDIKATORER = Sheet("indikatorer", "Indikatorer", "I", "Indikatorer (steg 3 och 5): vad som mäts, nollmätning "
                    "(baslinje), målvärde och datum.", (
    _id("I", "indikatorn"),
    Column("atgard", "Åtgärd", "Id för åtgärden som indikatorn följer upp (välj i listan).", "ref",
           ref="atgarder", required=True, width=10, example="Å1"),
    Column("indikator", "Indikator", "Vad som mäts, t.ex. 'Klotteranmälningar vid stationen'. Visas i rapporter.",
           "text", required=True, width=36),
    Column("kalla", "Källa", "Var siffrorna kommer ifrån.", "list", options="indikatorkalla", width=22),
    Column("kategori", "Kategori", "Brottstyp eller händelsekategori som räknas (om källan är statistik eller "
           "händelserapporter).", "list", options="kategori", width=24),
    Column("omrade", "Plats eller område", "Var det räknas; tomt = hela kommunen.", "text", width=20),
    Column("enhet", "Enhet", "Hur indikatorn räknas.", "list", options="enhet", width=18),
    Column("baslinje", "Baslinje", "Nollmätningen: värdet före åtgärden.", "number", width=10),
    Column("baslinje_period", "Baslinjens period", "Vilken period baslinjen gäller, t.ex. '2023-09-01–2024-08-31'.",
           "text", width=24),
    Column("malvarde", "Målvärde", "Värdet som ska nås.", "number", width=10),
    Column("riktning", "Riktning", "Ska indikatorn minska, öka eller behållas?", "list", options="riktning", width=10),
    Column("maldatum", "Måldatum", "När målvärdet ska vara nått.", "date", width=12),
))

MEDBORGARLOFTEN = Sheet("medborgarloften", "Medborgarlöften", "M", "Medborgarlöften: vad kommun och polis "
                        "lovar invånarna, och återkopplingen.", (
    _id("M", "löftet"),
    Column("lofte", "Löfte", "Löftet i klarspråk, så som det kommuniceras till invånarna.", "text", required=True,
           width=60),
    Column("period", "Period", "Löftets giltighet, t.ex. '2025' eller '2024–2025'.", "text", width=12),
    Column("problem", "Problem", "Id för problemen löftet gäller, t.ex. 'P1, P2'.", "refs", ref="problem", width=12),
    Column("atgarder", "Åtgärder", "Id för åtgärderna som uppfyller löftet, t.ex. 'Å1, Å3'.", "refs",
           ref="atgarder", width=12),
    Column("undertecknat", "Undertecknat", "Datum då löftet undertecknades.", "date", width=12),
    Column("kommunicerat", "Kommunicerat till invånarna", "Ja eller nej.", "list", options="janej", width=14),
    Column("aterkoppling", "Återkoppling", "Hur och när resultatet återkopplas till invånarna. Visas i rapporter.",
           "text", width=36),
    Column("status", "Status", "Utkast, undertecknat eller återkopplat.", "list", options="loftesstatus", width=22),
))

SHEETS: tuple[Sheet, ...] = (PROBLEM, ORSAKER, ATGARDER, AKTIVITETER, INDIKATORER, MEDBORGARLOFTEN)
SHEET_BY_KEY: dict[str, Sheet] = {s.key: s for s in SHEETS}
SHEET_BY_PREFIX: dict[str, Sheet] = {s.prefix: s for s in SHEETS}
HELP_SHEET = "Hjälp"
LIST_SHEET = "Listor"  # hidden sheet holding the drop-down lists

# The frame of prioritised problems that step 1 hands to the writer.
PROBLEM_FRAME_COLUMNS = ["nyckel", "problem", "kategori", "omrade", "prioritet", "underlag", "motivering"]

# ------------------------------------------------------------------------------------------ ids
_ID_RE = re.compile(r"^\s*([PpOoÅåAaIiMm])\s*[-.]?\s*(\d{1,5})\s*$")


def normalise_id(value) -> str | None:
    """'o3', ' O 3', 'Å-2', 'å2' -> 'O3', 'Å2'; None when it is not an id."""
    if value is None:
        return None
    m = _ID_RE.match(str(value))
    if not m:
        return None
    return f"{m.group(1).upper()}{int(m.group(2))}"


def id_number(value: str) -> int | None:
    n = normalise_id(value)
    return int(n[1:]) if n else None


def split_refs(value) -> list[str]:
    """'O1, O3' / 'O1;O3' / 'O1 O3' / 'O1 och O3' -> ['O1', 'O3'] (unparseable parts kept as written)."""
    if value is None:
        return []
    parts = re.split(r"\s*(?:[,;/+&\n]|\boch\b)\s*|\s+(?=[PpOoÅåAaIiMm]\s*\d)", str(value).strip())
    return [normalise_id(p) or p.strip() for p in parts if p and p.strip()]


def help_rows() -> list[tuple[str, str, str, str]]:
    """(sheet, header, help, allowed values) for every column: the help sheet's table."""
    rows = []
    for s in SHEETS:
        for c in s.columns:
            allowed = {"list": "Välj i listan", "int": "Heltal", "number": "Tal (decimalkomma går bra)",
                       "date": "Datum ÅÅÅÅ-MM-DD", "ref": f"Ett id från bladet {SHEET_BY_KEY[c.ref].name}" if c.ref else "",
                       "refs": f"Ett eller flera id från bladet {SHEET_BY_KEY[c.ref].name}" if c.ref else "",
                       "id": f"{s.prefix} + nummer", "text": "Kort text (visas i rapporter)",
                       "private": "Fri text (visas aldrig i delbara rapporter)"}[c.kind]
            rows.append((s.name, c.header, c.help, allowed))
    return rows
