"""Brå's five steps of the samverkansprocess and each step's "klart när" checklist, as data, with what a
kommun's workbook and reports can show about each item.

Source (facts carried over): Brå, Polisen och SKR, *Samverkan i lokalt brottsförebyggande arbete* (2020),
web version bra.se/forebygga-brott/samverkan.html and the step pages initiera-samverkan (updated
2020-03-23), egna-forberedelser, gemensamma-forberedelser, genomforande and uppfoljning. The wording of
the checklist items follows Brå's; the mapping to evidence is ours.

``bevis`` names the evidence in :mod:`.status` that shows the item (None: the workbook cannot show it; the
report says "kan inte bedömas ur arbetsboken" rather than guessing).
"""
from __future__ import annotations

from dataclasses import dataclass

KALLA = ("Brå, Polisen och SKR: Samverkan i lokalt brottsförebyggande arbete (2020), bra.se/forebygga-brott/"
         "samverkan.html med undersidor för steg 1–5.")


@dataclass(frozen=True)
class Punkt:
    steg: int
    text: str
    bevis: str | None = None  # evidence code, see EVIDENCE


@dataclass(frozen=True)
class Steg:
    nr: int
    namn: str
    mal: str


STEG: tuple[Steg, ...] = (
    Steg(1, "Initiera samverkan", "Besluta om samverkan och säkerställa organisatorisk kapacitet."),
    Steg(2, "Egna förberedelser", "Kommun och polis tar var för sig fram egna översiktliga lägesbilder, breddade "
         "med medarbetar- och medborgardialoger."),
    Steg(3, "Gemensamma förberedelser", "En samverkansöverenskommelse som bygger på en gemensam lägesbild och "
         "orsaksanalyser."),
    Steg(4, "Genomförande", "Samverkansöverenskommelsen kompletteras med åtgärdsplaner och medborgarlöften."),
    Steg(5, "Uppföljning och återkoppling", "Granska och återkoppla hur arbetet genomförts och om åtgärderna kan ha "
         "påverkat problemen; återkoppla till medborgarna."),
)

PUNKTER: tuple[Punkt, ...] = (
    Punkt(1, "Polisledningen och kommunstyrelsen har fattat ett gemensamt beslut om att inleda samverkan"),
    Punkt(1, "Organisationernas förutsättningar för samverkan – ansvarsområden, roller och uppdrag – har "
             "uppmärksammats"),
    Punkt(1, "Polis och kommun har skapat en gemensam samverkansorganisation och utsett ansvariga för arbetet"),
    Punkt(1, "Kommunikationsansvarig är utsedd och kommunikationsplan är påbörjad"),
    Punkt(2, "En egen översiktlig lägesbild är framtagen", "lagesbild"),
    Punkt(2, "Medarbetardialoger är genomförda"),
    Punkt(2, "Respektive ledning har tagit del av underlaget"),
    Punkt(3, "Två lägesbilder har förts ihop till en gemensam"),
    Punkt(3, "Prioritering mellan problemen har gjorts", "prioritering"),
    Punkt(3, "Kunskapen om problemen har fördjupats med medborgardialoger"),
    Punkt(3, "Orsaksanalyser för varje prioriterat problem har färdigställts", "orsaksanalys"),
    Punkt(3, "Samverkansöverenskommelsen har undertecknats av chefen för lokalpolisområdet och kommunstyrelsens "
             "ordförande"),
    Punkt(4, "Mål för arbetet har formulerats (SMART)", "smart"),
    Punkt(4, "Medarbetardialoger är genomförda"),
    Punkt(4, "Brottsförebyggande åtgärder som påverkar orsakerna till problemen har valts", "atgardsplan"),
    Punkt(4, "Åtgärdsplaner är upprättade och antagna av styrgruppen", "plan_finns"),
    Punkt(4, "Medborgarlöften har tagits fram, undertecknats och kommunicerats inom polisen och kommunen och till "
             "medborgarna", "medborgarlofte"),
    Punkt(4, "Uppföljning är planerad", "uppfoljning_planerad"),
    Punkt(4, "Planerade åtgärder har genomförts och dokumenterats", "dokumenterat"),
    Punkt(5, "Arbetets påverkan på problemen har undersökts", "steg5_rapport"),
    Punkt(5, "Hur parterna uppfyllt sina åtaganden har bedömts"),
    Punkt(5, "Arbetsprocessen har granskats"),
    Punkt(5, "Uppföljningen har återkopplats till styrgruppen"),
    Punkt(5, "Arbetet med medborgarlöftet har återkopplats till medborgarna", "aterkopplat"),
)

#: How each evidence code is judged (shown in the report beside the result).
EVIDENCE: dict[str, str] = {
    "lagesbild": "en lägesbild i rapportmappen eller prioriterade problem i arbetsboken",
    "prioritering": "problem med prioritet på bladet Problem",
    "orsaksanalys": "minst en orsak för varje prioriterat problem",
    "smart": "varje åtgärd har en indikator med baslinje, målvärde, riktning och måldatum",
    "atgardsplan": "varje analyserat problem har en åtgärd kopplad till sina orsaker",
    "plan_finns": "åtgärder på bladet Åtgärder (att styrgruppen antagit planen syns inte i arbetsboken)",
    "medborgarlofte": "ett medborgarlöfte som är undertecknat och kommunicerat",
    "uppfoljning_planerad": "indikatorer med baslinje, målvärde och måldatum",
    "dokumenterat": "varje startad åtgärd har minst en genomförd aktivitet",
    "steg5_rapport": "en uppföljningsrapport (steg 5) i rapportmappen",
    "aterkopplat": "ett medborgarlöfte med status återkopplat till medborgarna",
}
