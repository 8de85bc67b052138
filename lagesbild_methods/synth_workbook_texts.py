"""Invented texts for the practice workbooks (:mod:`lagesbild_methods.synth_workbook`).

Causes and measures per incident category, written the way a coordinator might write them after a
cause analysis; none describes a real municipality. ``{omrade}`` and ``{plats}`` are filled in with the
area and the place that have most incidents. Measures name the technique by its number among Cornish
and Clarke's 25 (0 = none: a social measure) and the evidence level by its index in the schema's list
(0 several evaluations, 1 some evaluation, 2 experience, 3 unknown).
"""
from __future__ import annotations

from typing import NamedTuple


class Cause(NamedTuple):
    text: str
    perspektiv: str
    fiskben: str
    kedja: str
    faktortyp: str
    niva: str
    underlag: str
    kalla: str


class Measure(NamedTuple):
    text: str
    mal: str
    teknik: int
    typ: str  # Situationell / Social / Båda
    evidens: int
    insats: str  # Engångsinsats / Ordinarie arbete
    vem: str
    uppfoljning: str
    orsaker: tuple[int, ...]  # indices of the causes it addresses
    aktivitet: str  # key of ACTIVITY_TYPES
    lofte: str  # the promise in plain Swedish (medborgarlöfte)


DATA = "Händelserapporter {ar}"
DIALOG = "Medarbetardialog {ar}"
VANDRING = "Trygghetsvandring {ar}"
ORSAKSANALYS = "Brå, Orsaksanalys i lokalt brottsförebyggande arbete (2018)"
SCP = "Cornish och Clarke, situationell prevention"
SOS = "Socialstyrelsen, risk- och skyddsfaktorer"

CAUSES: dict[str, list[Cause]] = {
    "klotter": [
        Cause("Klotter som får sitta kvar lockar till mer klotter", "Plats/situation", "Skydd av objekt",
              "5 Efteråt", "Situationell orsak", "Ej tillämpligt", "Data", DATA),
        Cause("Släta, mörka väggar vid {plats} syns inte från gatan", "Plats/situation", "Fysisk miljö",
              "4 Själva händelsen", "Situationell orsak", "Ej tillämpligt", "Lokal kunskap", VANDRING),
        Cause("En liten grupp unga taggar för att synas bland kamraterna", "Gärningsperson", "Sociala förhållanden",
              "1 Bakgrund och behov", "Riskfaktor", "Kamrater", "Antagande", "Styrgruppens bedömning"),
    ],
    "skadegorelse": [
        Cause("Få vuxna i rörelse vid {plats} på kvällar och helger", "Plats/situation", "Tillsyn och kontroll",
              "4 Själva händelsen", "Situationell orsak", "Ej tillämpligt", "Data", DATA),
        Cause("Lätt att komma åt glas och belysning som går sönder", "Brottsutsatt", "Skydd av objekt",
              "4 Själva händelsen", "Situationell orsak", "Ej tillämpligt", "Lokal kunskap", DIALOG),
        Cause("Unga som saknar meningsfull fritid på kvällarna", "Gärningsperson", "Sociala förhållanden",
              "1 Bakgrund och behov", "Riskfaktor", "Närsamhälle", "Forskning", SOS),
    ],
    "storande_samling": [
        Cause("{plats} är en naturlig samlingsplats med tak och värme men ingen ansvarig", "Plats/situation",
              "Tillsyn och kontroll", "3 Till platsen", "Situationell orsak", "Ej tillämpligt", "Data", DATA),
        Cause("Alkohol följer med till samlingarna på helgkvällar", "Gärningsperson", "Alkohol och droger",
              "2 Förberedelse", "Riskfaktor", "Individ", "Lokal kunskap", DIALOG),
        Cause("Fritidsgården stänger innan samlingarna börjar", "Plats/situation", "Tider och aktiviteter",
              "1 Bakgrund och behov", "Situationell orsak", "Ej tillämpligt", "Data", "Fritidsgårdens öppettider"),
        Cause("Svag vuxennärvaro och få positiva förebilder", "Gärningsperson", "Sociala förhållanden",
              "1 Bakgrund och behov", "Riskfaktor", "Familj", "Antagande", "Styrgruppens bedömning"),
    ],
    "nedskrapning": [
        Cause("För få och för små papperskorgar vid {plats}", "Plats/situation", "Fysisk miljö", "5 Efteråt",
              "Situationell orsak", "Ej tillämpligt", "Lokal kunskap", VANDRING),
        Cause("Tömning sker inte på helger när flest är ute", "Plats/situation", "Organisation och samverkan",
              "5 Efteråt", "Situationell orsak", "Ej tillämpligt", "Data", DATA),
    ],
    "buskorning": [
        Cause("Öppna ytor vid {plats} inbjuder till körning i hög fart", "Plats/situation", "Fysisk miljö",
              "4 Själva händelsen", "Situationell orsak", "Ej tillämpligt", "Data", DATA),
        Cause("Trimmade mopeder och A-traktorer sprids i kamratgrupper", "Gärningsperson", "Sociala förhållanden",
              "2 Förberedelse", "Riskfaktor", "Kamrater", "Lokal kunskap", DIALOG),
        Cause("Föräldrar vet inte hur fordonen används", "Gärningsperson", "Sociala förhållanden",
              "1 Bakgrund och behov", "Riskfaktor", "Familj", "Antagande", "Styrgruppens bedömning"),
    ],
    "inbrott_stold": [
        Cause("Förråd och källare med enkla lås", "Brottsutsatt", "Skydd av objekt", "4 Själva händelsen",
              "Situationell orsak", "Ej tillämpligt", "Data", DATA),
        Cause("Grannar känner inte varandra och reagerar inte", "Brottsutsatt", "Tillsyn och kontroll",
              "4 Själva händelsen", "Skyddsfaktor", "Närsamhälle", "Forskning", SCP),
    ],
    "narkotika": [
        Cause("{plats} ger skydd mot insyn för överlämningar", "Plats/situation", "Fysisk miljö",
              "4 Själva händelsen", "Situationell orsak", "Ej tillämpligt", "Lokal kunskap", DIALOG),
        Cause("Unga tidigt i kontakt med narkotika via äldre kamrater", "Gärningsperson", "Alkohol och droger",
              "1 Bakgrund och behov", "Riskfaktor", "Kamrater", "Forskning", SOS),
    ],
}
GENERIC_CAUSES: list[Cause] = [
    Cause("Platsen saknar någon som tar ansvar för den", "Plats/situation", "Tillsyn och kontroll",
          "4 Själva händelsen", "Situationell orsak", "Ej tillämpligt", "Lokal kunskap", DIALOG),
    Cause("Problemet anmäls sällan, så bilden är ofullständig", "Brottsutsatt", "Organisation och samverkan",
          "5 Efteråt", "Situationell orsak", "Ej tillämpligt", "Antagande", "Styrgruppens bedömning"),
]
CRIME_CAUSES: list[Cause] = [
    Cause("Brotten samlas till några få platser och tider", "Plats/situation", "Tider och aktiviteter",
          "4 Själva händelsen", "Situationell orsak", "Ej tillämpligt", "Data", "Anmälda brott {ar}"),
    Cause("Skolfrånvaro och svag skolanknytning hos en mindre grupp unga", "Gärningsperson", "Sociala förhållanden",
          "1 Bakgrund och behov", "Riskfaktor", "Skola", "Forskning", SOS),
]

MEASURES: dict[str, list[Measure]] = {
    "klotter": [
        Measure("Klotter vid {plats} och i {centrala} saneras inom ett dygn",
                "Klotter i {centrala} saneras inom 24 timmar i minst 9 fall av 10", 15, "Situationell", 2,
                "Ordinarie arbete", "Kommunen – gata och park", "Tertialvis i EST-mötet", (0, 1), "sanering",
                "sanera klotter i {centrala} inom ett dygn"),
        Measure("Belysning och klotterskydd på väggarna vid {plats}", "Belysningen vid {plats} är utbytt och "
                "väggarna behandlade före vintern", 7, "Situationell", 1, "Engångsinsats", "Fastighetsbolaget",
                "Trygghetsvandring efter åtgärden", (1,), "belysning", "förbättra belysningen vid {plats}"),
    ],
    "skadegorelse": [
        Measure("Kvällsvandringar med vuxna vid {plats} fredagar och lördagar", "Vuxna är på plats vid {plats} "
                "minst 40 kvällar per år", 6, "Båda", 1, "Ordinarie arbete", "Kommunen – fältgruppen",
                "Tertialvis i EST-mötet", (0,), "narvaro", "vara på plats vid {plats} fredags- och lördagskvällar"),
        Measure("Stöttåligt glas och skyddad belysning i busskurer och entréer", "Allt utsatt glas vid {plats} är "
                "utbytt", 1, "Situationell", 1, "Engångsinsats", "Kommunen – gata och park",
                "Uppföljning av reparationskostnader", (1,), "belysning", "byta ut glas som ofta krossas"),
        Measure("Öppen idrottshall fredagskvällar", "Hallen är öppen minst 30 fredagar per år", 0, "Social", 2,
                "Ordinarie arbete", "Kommunen – fritid", "Antal besökare per kväll", (2,), "oppet",
                "hålla idrottshallen öppen på fredagskvällar"),
    ],
    "storande_samling": [
        Measure("Polis och fältgrupp är synliga vid {plats} fredags- och lördagskvällar",
                "Gemensam närvaro vid {plats} minst 40 kvällar per år", 6, "Situationell", 1, "Ordinarie arbete",
                "Polisen och kommunen – fältgruppen", "Tertialvis i EST-mötet", (0, 1), "narvaro",
                "vara synliga vid {plats} fredags- och lördagskvällar"),
        Measure("Fritidsgården har öppet till kl. 23 på helger", "Fritidsgården är öppen till kl. 23 alla "
                "helger under terminerna", 0, "Social", 2, "Ordinarie arbete", "Kommunen – fritid",
                "Besöksstatistik per tertial", (2, 3), "oppet", "ha fritidsgården öppen längre på helgerna"),
    ],
    "nedskrapning": [
        Measure("Fler och större papperskorgar och tömning även på helger vid {plats}",
                "Inga överfulla papperskorgar vid {plats} på måndagsmorgnar", 24, "Situationell", 2,
                "Ordinarie arbete", "Kommunen – gata och park", "Kontroll på måndagar, tertialvis rapport",
                (0, 1), "sanering", "tömma papperskorgarna vid {plats} även på helger"),
    ],
    "buskorning": [
        Measure("Farthinder och bommar vid {plats}", "Farthinder och bommar är på plats före sommaren", 2,
                "Situationell", 1, "Engångsinsats", "Kommunen – gata och park", "Trafikmätning före och efter",
                (0,), "belysning", "sätta upp farthinder vid {plats}"),
        Measure("Kontroller av mopeder och samtal med vårdnadshavare", "Minst 8 kontrolltillfällen per år",
                5, "Båda", 2, "Ordinarie arbete", "Polisen", "Antal kontroller och samtal per tertial", (1, 2),
                "kontroll", "kontrollera mopeder och prata med föräldrar"),
    ],
    "inbrott_stold": [
        Measure("Grannsamverkan och råd om lås i utsatta bostadsområden", "Grannsamverkan startad i två "
                "bostadsområden", 6, "Båda", 0, "Ordinarie arbete", "Polisen och fastighetsbolaget",
                "Antal anslutna hushåll", (0, 1), "information", "starta grannsamverkan i utsatta bostadsområden"),
    ],
    "narkotika": [
        Measure("Beskärning av buskage och bättre insyn vid {plats}", "Buskagen vid {plats} är beskurna och "
                "ytan upplyst", 7, "Situationell", 1, "Engångsinsats", "Kommunen – gata och park",
                "Trygghetsvandring efter åtgärden", (0,), "belysning", "öka insynen vid {plats}"),
        Measure("Samverkan skola–socialtjänst–polis–fritid (SSPF) för unga i riskzonen",
                "Alla unga som kommer till SSPF:s kännedom får en plan inom en månad", 0, "Social", 1,
                "Ordinarie arbete", "Kommunen – socialtjänsten", "Antal ärenden per tertial", (1,), "mote",
                "fånga upp unga som riskerar att dras in i narkotika"),
    ],
}
GENERIC_MEASURES: list[Measure] = [
    Measure("Platsansvarig utses och gemensamma trygghetsvandringar vid {plats}", "Två trygghetsvandringar per år",
            9, "Situationell", 2, "Ordinarie arbete", "Kommunen och polisen", "Protokoll från vandringarna", (0,),
            "vandring", "gå trygghetsvandringar vid {plats} två gånger om året"),
]
CRIME_MEASURE = Measure("Gemensam lägesbild med polisen varje kvartal med fokus på {omrade}",
                        "Fyra gemensamma lägesbilder per år", 0, "Båda", 2, "Ordinarie arbete",
                        "Kommunen och polisen", "Kvartalsvis i styrgruppen", (0, 1), "mote",
                        "ta fram en gemensam lägesbild med polisen varje kvartal")
TRYGGHETSVANDRING = Measure("Trygghetsvandringar med boende i {omrade}", "Minst två trygghetsvandringar per år",
                            7, "Båda", 2, "Ordinarie arbete", "Kommunen och polisen",
                            "Trygghetsmätningen och protokoll från vandringarna", (0,), "vandring",
                            "bjuda in till trygghetsvandringar i {omrade}")

# key: (interval in days, hours per time (lo, hi), cost per time (lo, hi), texts, performer, one-off cost)
ACTIVITY_TYPES: dict[str, tuple] = {
    "sanering": (10, (1.5, 5.0), (800, 4500), ["Sanering av klotter vid {plats}",
                 "Tömning och städning vid {plats}", "Sanering efter felanmälan"], "Kommunen – gata och park", 0),
    "belysning": (45, (4.0, 12.0), (0, 2000), ["Besiktning av belysningen vid {plats}",
                  "Uppföljande kontroll vid {plats}"], "Kommunen – gata och park", 85000),
    "narvaro": (7, (6.0, 16.0), (0, 600), ["Kvällsvandring vid {plats}", "Gemensam närvaro polis och fältgrupp",
                "Närvaro vid {plats} fredagskväll"], "Kommunen – fältgruppen", 0),
    "oppet": (7, (8.0, 14.0), (500, 2500), ["Öppen verksamhet fredagskväll", "Helgöppet med aktiviteter"],
              "Kommunen – fritid", 0),
    "kontroll": (40, (6.0, 12.0), (0, 1000), ["Mopedkontroll vid {plats}", "Samtal med vårdnadshavare"],
                 "Polisen", 0),
    "information": (60, (3.0, 8.0), (500, 6000), ["Informationsmöte om lås och grannsamverkan",
                    "Utskick till hushållen"], "Polisen", 0),
    "mote": (90, (6.0, 12.0), (0, 500), ["Gemensam lägesbild med polisen", "Möte i samverkansgruppen"],
             "Kommunen och polisen", 0),
    "vandring": (180, (12.0, 24.0), (0, 1500), ["Trygghetsvandring i {omrade}"], "Kommunen och polisen", 0),
}
FAKE_CONTACTS = ["Karin Exempelsson", "Johan Testberg", "Sara Påhittsson", "Ali Övningsson", "Lina Provqvist"]
