"""Swedish wording of the county reports: the status of the kommuner's process, the delrapport and
slutrapport text ready to paste, survey answers and ANDT measures."""
from __future__ import annotations

import pandas as pd

from .. import fmt
from ..verdicts import Comparison, StepStatus
from .common import missing
from .verdicts import COMPARISON_SV

#: Step of the process follow-up -> column heading.
STEG_SV = {"lagesbild": "Lägesbild", "orsaksanalys": "Orsaksanalys", "atgardsplan": "Åtgärdsplan",
           "genomforande": "Åtgärder startade", "uppfoljning": "Uppföljning", "medborgarlofte": "Medborgarlöfte"}
STATUS_SV = {StepStatus.NOT_STARTED: "Ej påbörjat", StepStatus.STARTED: "Påbörjat", StepStatus.PLANNED: "Planerat",
             StepStatus.DONE: "Klart", StepStatus.UNREADABLE: "Kan inte läsas"}
#: Legend of the status matrix, by level 0-4.
STATUS_LEVELS_SV = ["Ej påbörjat", "Påbörjat (lägesbild: äldre än ett år)", "Planerat", "Klart",
                    "Arbetsboken kan inte läsas"]
KALLA_SV = {"manifest": "rapportmappen", "arbetsbok": "arbetsboken"}
#: Legend of the kommun x indicator overview (verdict code -> label).
OVERVIEW_LEGEND = {"higher": f"{COMPARISON_SV[Comparison.HIGHER]} än länets värde",
                   "lower": f"{COMPARISON_SV[Comparison.LOWER]} än länets värde",
                   "no_difference": COMPARISON_SV[Comparison.NO_DIFFERENCE], "hidden": "Visas inte (små tal)"}
#: Column of the lokalpolisområde table.
HIGHER_THAN_COUNTY = f"{COMPARISON_SV[Comparison.HIGHER]} än länet"


def is_false(v) -> bool:
    """True for a stored False (not for a missing value)."""
    return v is not None and not missing(v) and not bool(v)


def status_label(status) -> str:
    try:
        return STATUS_SV[StepStatus(str(status))]
    except ValueError:
        return fmt.MISSING


def _date(d) -> str:
    return "" if d is None or missing(d) or pd.isna(d) else fmt.date_sv(pd.Timestamp(d).date())


def status_cell(row, *, newline: str = " ") -> str:
    """'Klart 15 januari 2024', 'Påbörjat (2 av 3)', 'Ej påbörjat' for one cell of the matrix."""
    word = status_label(row["status"])
    parts = [word]
    if not missing(row.get("av")) and row.get("av") and StepStatus(str(row["status"])) != StepStatus.DONE:
        parts.append(f"({fmt.integer(row['antal'])} av {fmt.integer(row['av'])})")
    d = _date(row.get("datum"))
    if d and StepStatus(str(row["status"])) == StepStatus.DONE:
        parts.append(d)
    if row.get("steg") == "lagesbild" and StepStatus(str(row["status"])) == StepStatus.DONE:
        if row.get("exempeldata") is not None and not missing(row.get("exempeldata")) and bool(row["exempeldata"]):
            parts.append("(övningsdata)")
        if is_false(row.get("aktuell")):
            parts.append("(äldre än ett år)")
    return newline.join([parts[0], " ".join(parts[1:])]) if len(parts) > 1 else word


def years(first: int, last: int) -> str:
    """'2015–2025', or '2024' for a single year."""
    return str(last) if first == last else f"{first}–{last}"


def of_text(n: int, total: int, what: str) -> str:
    """'5 av 8 kommuner har …' with the count in words for small numbers at the start of a sentence."""
    return f"{fmt.integer(n)} av {fmt.integer(total)} kommuner {what}"


def report_text(ind: dict, *, lan_namn: str, per_datum, survey: dict | None = None, synthetic: bool = False) -> str:
    """The paragraph the county pastes into its delrapport or slutrapport (indicators and process results).

    ``ind``: counts from the status matrix (``total``, ``aktuell``, ``lagesbild``, ``orsak``, ``orsak_alla``,
    ``plan``, ``genomfor``, ``uppfoljning``, ``lofte``); ``survey``: the coordinators' survey (``n``,
    ``kommuner``, ``deltagit``, ``nedre``, ``ovre``) or None.
    """
    n = ind["total"]
    when = fmt.date_sv(pd.Timestamp(per_datum).date())
    parts = [f"Lägesbildsarbetet i {lan_namn} den {when}: {of_text(ind['aktuell'], n, 'har en lägesbild som är högst ett år gammal')}"
             + (f" ({fmt.integer(ind['lagesbild'])} har någon gång tagit fram en)" if ind["lagesbild"] != ind["aktuell"] else "")
             + ".",
             f"{of_text(ind['orsak'], n, 'har påbörjat orsaksanalyser')}, och {fmt.integer(ind['orsak_alla'])} har "
             "gjort det för alla sina prioriterade problem.",
             f"{of_text(ind['plan'], n, 'har en åtgärdsplan')}; i {fmt.integer(ind['genomfor'])} har åtgärder startat "
             f"och i {fmt.integer(ind['uppfoljning'])} är uppföljningen planerad eller gjord.",
             f"{of_text(ind['lofte'], n, 'har ett undertecknat och kommunicerat medborgarlöfte')}."]
    goal = ("Slutrapportens mål – att lägesbildsarbetet finns och följs regelbundet i alla länets kommuner och att "
            "alla kommuner har börjat göra orsaksanalyser – är "
            + ("uppnått." if ind["aktuell"] == n and ind["orsak"] == n else "ännu inte uppnått."))
    parts.append(goal)
    if survey:
        parts.append(f"I enkäten till kommunala samordnare och kommunpoliser svarade {fmt.integer(survey['n'])} personer "
                     f"från {fmt.integer(survey['kommuner'])} kommuner; {fmt.pct(survey['deltagit'])} "
                     f"(95 % konfidensintervall {fmt.interval(survey['nedre'], survey['ovre'], 0, percent=True)}) "
                     "har deltagit i Länsstyrelsens grundkurs eller nätverksträffar.")
    parts.append("Uppgifterna bygger på kommunernas arbetsböcker och rapportmappens förteckning; alla kommuner ingår, "
                 "så antalen har ingen urvalsosäkerhet.")
    if synthetic:
        parts.append("OBS: texten bygger på övningsdata och beskriver inte verkliga förhållanden.")
    return " ".join(parts)


#: Role in the coordinators' survey -> (singular, plural) in running text.
ROLL_SV = {"Kommunal samordnare": ("kommunal samordnare", "kommunala samordnare"),
           "Kommunpolis": ("kommunpolis", "kommunpoliser"),
           "Chef eller beslutsfattare": ("chef eller beslutsfattare", "chefer eller beslutsfattare"),
           "Annan roll": ("person med annan roll", "personer med annan roll"),
           "Roll saknas": ("person utan angiven roll", "personer utan angiven roll")}


def role_count(role: str, n: int) -> str:
    """'8 kommunala samordnare', '1 kommunpolis'."""
    one, many = ROLL_SV.get(role, (role.lower(), role.lower()))
    return f"{fmt.integer(n)} {one if n == 1 else many}"


def share_row_text(share: float, lo: float, hi: float, n: int) -> str:
    """'42 % (31–54 %, n = 64)'."""
    return f"{fmt.pct(share)} ({fmt.interval(lo, hi, 0, percent=True)}, n = {fmt.integer(n)})"
