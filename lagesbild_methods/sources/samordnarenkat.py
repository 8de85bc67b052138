"""The coordinators' survey: a form export (CSV or Excel) of answers from municipal coordinators and
kommunpoliser -> a long tidy frame with no personal data and no free text.

The county programme (the seed document) surveys the network every April: which needs there are, how
the lägesbild work is done and how municipalities and police follow their work up. Form tools (Microsoft
Forms, Google Forms, Netigate, Excel) export one row per answer with the question text as header. The
reader recognises the questions of :data:`FRAGOR` by their code or their text (the beginning is enough),
reads choices (several choices in one cell, whatever the separator), and

* drops columns with names or contact details (:func:`.teman.is_personal_column`) without reading them,
* codes free-text answers into themes (:data:`.teman.SAMORDNAR_TEMAN`) and drops the text,
* counts an answer that is not one of a question's options as "Annat svar" (its text is not kept),
* does not read columns it does not know (their headers are listed in ``attrs["ej_lasta_kolumner"]``).

Returns ``respondent, kommunkod, roll, fraga, svar`` (one row per answer; one per chosen option of a
multiple-choice question; one per theme of a free-text answer). ``attrs["fragor"]``: code -> question.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .common import Problems, ascii_key, read_table
from .teman import SAMORDNAR_TEMAN, code_themes, is_personal_column
from .ungdomsenkat import kommun_codes

ANNAT = "Annat svar"
ROLLER = ("Kommunal samordnare", "Kommunpolis", "Chef eller beslutsfattare", "Annan roll")
JANEJ = ("Ja", "Nej", "Vet ej")


@dataclass(frozen=True)
class Fraga:
    kod: str
    text: str  # the question as asked (Swedish)
    typ: str  # "val" (one choice), "flerval" (several), "fritext"
    alternativ: tuple[str, ...] = ()
    kort: str = ""  # short label for tables

    @property
    def etikett(self) -> str:
        return self.kort or self.text


FRAGOR: tuple[Fraga, ...] = (
    Fraga("lagesbild_finns", "Har kommunen en aktuell lägesbild över brott och trygghet?", "val", JANEJ,
          "Aktuell lägesbild finns"),
    Fraga("lagesbild_hur_ofta", "Hur ofta tas lägesbilden fram?", "val",
          ("Varje vecka", "Varje månad", "Varje kvartal eller tertial", "En gång per år", "Mer sällan", "Inte alls"),
          "Hur ofta lägesbilden tas fram"),
    Fraga("gemensam_lagesbild", "Tas lägesbilden fram tillsammans med polisen?", "val", ("Ja", "Delvis", "Nej"),
          "Lägesbilden tas fram med polisen"),
    Fraga("orsaksanalys", "Har ni påbörjat orsaksanalyser av de prioriterade problemen?", "val", JANEJ,
          "Orsaksanalyser påbörjade"),
    Fraga("uppfoljning_hur", "Hur följs det brottsförebyggande arbetet upp?", "flerval",
          ("Statistik över anmälda brott", "Händelserapporter (EST)", "Trygghetsmätning", "Medborgardialog",
           "Rapport till styrgrupp", "Ingen systematisk uppföljning"), "Hur arbetet följs upp"),
    Fraga("underlag", "Vilka underlag använder ni i lägesbilden?", "flerval",
          ("Brås statistik", "Kolada", "Polisens lägesbild", "NTU", "Polisens trygghetsmätning",
           "Egen trygghetsmätning", "Skolenkät", "Händelserapporter (EST)", "Socialtjänstens underlag",
           "Medborgardialoger"), "Underlag som används"),
    Fraga("behov", "Vilket stöd behöver ni från Länsstyrelsen?", "flerval",
          ("Utbildning i lägesbildsarbete", "Stöd i orsaksanalys", "Metoder för medborgardialog",
           "Stöd med medborgarlöften", "Stöd i uppföljning", "Metoder för mindre kommuner",
           "Erfarenhetsutbyte i nätverket"), "Stöd som behövs"),
    Fraga("deltagit_utbildning", "Har du deltagit i Länsstyrelsens grundkurs eller nätverksträffar?", "val",
          ("Ja", "Nej"), "Deltagit i grundkurs eller nätverksträff"),
    Fraga("behov_fritext", "Beskriv gärna era behov med egna ord.", "fritext", kort="Behov med egna ord"),
    Fraga("ovrigt_fritext", "Övriga synpunkter", "fritext", kort="Övriga synpunkter"),
)
FRAGA_BY_KOD = {f.kod: f for f in FRAGOR}
COLUMNS = ["respondent", "kommunkod", "roll", "fraga", "svar"]
_IGNORED = ("tidstampel", "timestamp", "starttid", "sluttid", "tid_for_slutforande", "id", "senast_andrad",
            "svarstid", "poang", "total_poang")


def _match(header: str) -> str | None:
    """The question code a column header stands for, or None."""
    key = ascii_key(header)
    if key in FRAGA_BY_KOD:
        return key
    for f in FRAGOR:
        q = ascii_key(f.text)
        n = min(len(q), len(key))
        if n >= 15 and q[:n] == key[:n]:
            return f.kod
    return None


def _role(v) -> str | None:
    if not isinstance(v, str) or not v.strip():
        return None
    t = v.lower()
    if "samordnare" in t or "strateg" in t or "trygghet" in t:
        return ROLLER[0]
    if "polis" in t:
        return ROLLER[1]
    if "chef" in t or "beslutsfatt" in t or "politiker" in t:
        return ROLLER[2]
    return ROLLER[3]


def _choices(cell, options: tuple[str, ...]) -> list[str]:
    """Options found in a cell of a multiple-choice answer (any separator); leftover text -> 'Annat svar'."""
    if not isinstance(cell, str) or not cell.strip():
        return []
    rest = cell
    found = []
    for o in sorted(options, key=len, reverse=True):
        if o.lower() in rest.lower():
            found.append(o)
            i = rest.lower().index(o.lower())
            rest = rest[:i] + " " + rest[i + len(o):]
    if any(ch.isalpha() for ch in rest):
        found.append(ANNAT)
    order = {o: i for i, o in enumerate(options + (ANNAT,))}
    return sorted(set(found), key=order.get)


def _choice(cell, options: tuple[str, ...]) -> str | None:
    if not isinstance(cell, str) or not cell.strip():
        return None
    canon = {" ".join(o.lower().split()): o for o in options}
    return canon.get(" ".join(cell.lower().split()), ANNAT)


def read_coordinator_survey(path: str | Path, *, blad: str | int | None = None) -> pd.DataFrame:
    """Read a form export of the coordinators' survey (see module docstring)."""
    p = Path(path)
    raw = read_table(p, sheet=blad)
    df = raw.frame()
    problems = Problems(p)
    header_row = (raw.line_numbers[0] - 1) if raw.line_numbers else 1
    columns: dict[str, str] = {}  # column -> question code
    kommun_col = role_col = None
    personal, unread = [], []
    for col in df.columns:
        key = ascii_key(col)
        if is_personal_column(key):
            personal.append(col)
        elif key in ("kommun", "kommunkod", "vilken_kommun_arbetar_du_i", "kommun_du_arbetar_i") and kommun_col is None:
            kommun_col = col
        elif key in ("roll", "vilken_ar_din_roll", "din_roll", "befattning") and role_col is None:
            role_col = col
        elif _match(col) and _match(col) not in columns.values():
            columns[col] = _match(col)
        elif key.endswith(("fritext", "kommentar", "kommentarer", "synpunkter")):
            columns[col] = "ovrigt_fritext" if "ovrigt_fritext" not in columns.values() else None
            if columns[col] is None:
                del columns[col]
                unread.append(col)
        elif key not in _IGNORED:
            unread.append(col)
    if not columns:
        problems.add("Filen har inga frågor som känns igen från enkäten till samordnare och kommunpoliser.",
                     header_row, None, None, "rubriker med frågorna, t.ex. '" + FRAGOR[0].text + "'")
        problems.raise_if_any()
    n = len(df)
    resp = pd.Series(range(1, n + 1), index=df.index).astype(str)
    kommun = kommun_codes(df[kommun_col]) if kommun_col else pd.Series(None, index=df.index, dtype="object")
    unknown_kommun = int((df[kommun_col].notna() & kommun.isna()).sum()) if kommun_col else 0
    roll = df[role_col].map(_role) if role_col else pd.Series(None, index=df.index, dtype="object")
    rows = []
    for col, code in columns.items():
        f = FRAGA_BY_KOD[code]
        for i, cell in df[col].items():
            if f.typ == "val":
                answers = [a for a in [_choice(cell, f.alternativ)] if a]
            elif f.typ == "flerval":
                answers = _choices(cell, f.alternativ)
            else:
                answers = code_themes(cell, SAMORDNAR_TEMAN)
            rows += [(resp[i], kommun[i], roll[i], code, a) for a in answers]
    out = pd.DataFrame(rows, columns=COLUMNS).astype({"respondent": "str", "fraga": "str", "svar": "str"})
    notes = list(raw.notes)
    if personal:
        notes.append(f"{len(personal)} kolumn{'er' if len(personal) != 1 else ''} med namn eller kontaktuppgifter "
                     "lästes inte in.")
    if unknown_kommun:
        notes.append(f"{unknown_kommun} svar har en kommun som inte känns igen; de räknas utan kommun.")
    out.attrs.update({"respondenter": n, "fil": str(p), "anteckningar": notes,
                      "fragor": {code: FRAGA_BY_KOD[code] for code in columns.values()},
                      "ej_lasta_kolumner": [str(c)[:80] for c in unread],
                      "personkolumner": len(personal)})
    return out
