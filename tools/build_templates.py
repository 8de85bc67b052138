"""Build the notebook templates from this script (keeps narrative and calls reviewable as text).

    .venv/bin/python tools/build_templates.py

Writes templates/*.ipynb without outputs, each with a cell tagged ``parameters``.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
          "language_info": {"name": "python"}}


def md(text: str, tags=None):
    cell = new_markdown_cell(text.strip("\n"))
    if tags:  # "instruktion": guidance for the notebook user, never shown in a report
        cell.metadata["tags"] = list(tags)
    return cell


def code(text: str, tags=None):
    cell = new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write(name: str, cells: list, meta: dict, folder: str = "templates") -> None:
    nb = new_notebook(cells=cells, metadata={**KERNEL, "lagesbild": meta})
    for i, c in enumerate(nb.cells):
        c["id"] = f"{name[:12]}-{i:02d}"
    nbformat.validate(nb)
    nbformat.write(nb, ROOT / folder / f"{name}.ipynb")


STEG1 = [
    md("""
# Lokal lägesbild – kartläggning (steg 1)

Den här rapporten är **steg 1 i det kunskapsbaserade brottsförebyggande arbetet**: en kartläggning och
lägesbild över brott och trygghet i kommunen. Den svarar på Brås frågor – *vilka problem är vanligast,
var och när sker de, vilka drabbas, hur stor är risken, hur har utvecklingen sett ut och hur står sig
kommunen jämfört med länet, riket och liknande kommuner* – och uppfyller lagens krav på en lägesbild
(lag 2023:196, 4 §). Varje lägesbild ska följas av en **orsaksanalys** innan åtgärder väljs.
"""),
    md("""
**Så använder du mallen:** ändra värdena i cellen nedan (kommun, år och eventuellt egna datafiler) och
kör alla celler. Tomma filvärden betyder att de medföljande övningsdata används.
""", tags=["instruktion"]),
    code('''
kommun = "Heby"  # kommunens namn eller SCB-kod, t.ex. "Heby" eller "0331"
ar_fran = 2015  # första statistikår
ar_till = 2025  # senaste statistikår
kadens = "tertial"  # period för händelser: "vecka", "manad", "tertial" eller "ar"
namnarear = "foregaende"  # folkmängd för per 100 000: "foregaende" (Brås praxis) eller "samma"
delbar = True  # True om rapporten ska delas (små tal i känsliga brottstyper döljs)
brott_fil = ""  # anmälda brott; tom sträng betyder övningsdata
folkmangd_fil = ""  # folkmängd 31 december; tom sträng betyder övningsdata
handelser_fil = ""  # kommunens händelserapporter (EST); tom sträng betyder övningsdata
enkat_fil = ""  # trygghetsmätning med en rad per svarande; tom sträng betyder övningsdata
kategori_fil = ""  # egen översättning av händelsekategorier (valfri)
handelser_till = ""  # sista dag som händelserapporterna är kompletta, t.ex. "2025-12-31" (valfri)
skadevikt_fil = ""  # kommunens egna skadevikter per händelsekategori, kolumnerna kategori;vikt (valfri)
''', tags=["parameters"]),
    code('''
from lagesbild_methods.steps import step1
from lagesbild_methods.steps.report import visa

lb = step1.load(kommun, ar_fran, ar_till, brott_fil=brott_fil, folkmangd_fil=folkmangd_fil,
                handelser_fil=handelser_fil, enkat_fil=enkat_fil, kategori_fil=kategori_fil,
                kadens=kadens, namnarear=namnarear, delbar=delbar, handelser_till=handelser_till,
                skadevikt_fil=skadevikt_fil)
visa(step1.oversikt(lb))
'''),
    md("## Sammanfattning"),
    code("visa(step1.sammanfattning(lb))"),
    md("""
## Vilka problem är vanligast – och vilka ökar?

Tabellen visar de anmälda brotten det senaste året per brottstyp: antal, antal per 100 000 invånare med
konfidensintervall, förändringen från året innan och hur nivån förhåller sig till länet och riket. Ett
konfidensintervall visar inom vilka gränser det verkliga värdet sannolikt ligger; ju färre brott, desto
bredare intervall.
"""),
    code("visa(step1.vanligaste_problem(lb))"),
    md("""
## Jämförelse med länet, riket och liknande kommuner

Brå rekommenderar att kommunen jämförs med **liknande kommuner (SKR:s kommungrupp)** och med
**referensvärden** för länet och riket. Punktdiagrammet visar länets kommuner med osäkerhet, och
trattdiagrammet visar vilka kommuner som avviker mer än slumpen kan förklara.
"""),
    code("visa(step1.jamforelse(lb))"),
    md("""
## Utveckling över tid

Hur har brottsligheten utvecklats? Diagrammen visar kommunens nivå med konfidensintervall jämfört med
länet och riket. Tabellen visar trenden per brottstyp – den genomsnittliga förändringen per år – och om
den är statistiskt säkerställd.
"""),
    code("visa(step1.utveckling(lb))"),
    md("""
## När händer det?

Kommunens egna händelserapporter (EST) visar vid vilka tider, veckodagar och månader problemen
uppstår. Mönster som återkommer år efter år hör hemma i kommunens **årshjul** för planering.
"""),
    code("visa(step1.nar(lb))"),
    md("""
## Var händer det?

Vilka platser och områden har flest händelser, hur koncentrerade är de och återkommer de på samma
platser? Brottslighet är ofta koncentrerad till ett fåtal platser – där gör förebyggande insatser störst nytta.
"""),
    code("visa(step1.var(lb))"),
    md("""
## Vilka drabbas – och hur trygga känner sig invånarna?

Trygghetsmätningen visar hur många som känner sig otrygga, oroar sig för brott, upplever problem i sitt
område och har utsatts för brott – och hur det skiljer sig mellan kvinnor och män och mellan åldrar.
"""),
    code("visa(step1.trygghet(lb))"),
    md("""
## Källor och begränsningar

Vilka källor användes, och vad kan de inte säga? (Brås stöd för kartläggning.)
"""),
    code("visa(step1.kallor_och_begransningar(lb))"),
    md("""
## Lagens krav och nästa steg
"""),
    code("visa(step1.lagkrav(lb))"),
]


KOM_IGANG = [
    md("""
# Kom igång med lagesbild

Den här notebooken visar på tio minuter hur paketet fungerar. Du behöver inte kunna programmera: kör
cellerna en i taget (Skift + Enter) och läs texten mellan dem. Alla siffror är **övningsdata**
(syntetiska) som liknar verkliga data för kommunerna i Uppsala län.

**Brås fem steg:** 1 kartläggning och lägesbild → 2 orsaksanalys → 3 åtgärdsplan → 4 genomförande →
5 uppföljning och utvärdering. Mallarna i mappen `templates/` följer stegen.
"""),
    md("## 1. Läs in data"),
    code('''
from lagesbild_methods import kurs, stats
from lagesbild_methods.sources.tidy import read_crime_csv, read_population_csv

brott = read_crime_csv()  # anmälda brott per kommun, år och brottstyp
folkmangd = read_population_csv()  # folkmängd 31 december
brott[(brott.kommunkod == "0331") & (brott.ar == 2025)]
'''),
    md("""
## 2. Antal per 100 000 invånare – med osäkerhet

Ett antal säger lite utan folkmängden. Brå räknar **antal brott per 100 000 invånare** med folkmängden
den 31 december året före. Eftersom antalet brott varierar av en slump visar vi alltid ett
**konfidensintervall**: inom de gränserna ligger det verkliga värdet med 95 % säkerhet.
"""),
    code('''
heby = stats.crime_rates(brott[brott.kommunkod == "0331"], folkmangd)
heby[heby.ar == 2025][["brottstyp", "antal", "folkmangd", "varde", "nedre", "ovre", "metod", "litet_antal"]]
'''),
    md("""
### Övning 1
Räkna själv ut antalet anmälda **bostadsinbrott per 100 000 invånare i Heby 2025**. Hämta antalet ur
tabellen ovan och folkmängden 31 december 2024 ur `folkmangd`. Skriv ditt svar i `mitt_svar` och kör cellen.
"""),
    code('''
mitt_svar = None  # skriv ditt svar här, t.ex. 123.4
print(kurs.kontrollera_takt(mitt_svar, brott, folkmangd, "0331", 2025, "bostadsinbrott"))
'''),
    md("""
## 3. Har det ökat?

En ökning från 12 till 19 brott ser ut som +58 %, men i en liten kommun kan det vara slumpen.
`change_between_periods` gör ett statistiskt test och säger om förändringen är **säkerställd**.
"""),
    code('''
j = stats.join_population(brott[brott.kommunkod == "0331"], folkmangd)
stats.change_between_periods(j, 2024, 2025)[["brottstyp", "antal_1", "antal_2", "forandring_pct",
                                             "forandring_nedre_pct", "forandring_ovre_pct", "forandring"]]
'''),
    md("""
### Övning 2
Har **narkotikabrotten** i Heby ökat från 2024 till 2025? Svara med ”ökning”, ”minskning” eller ”osäkert”.
"""),
    code('''
min_bedomning = ""  # "ökning", "minskning" eller "osäkert"
print(kurs.kontrollera_bedomning(min_bedomning, brott, folkmangd, "0331", 2025, "narkotikabrott"))
'''),
    md("""
## 4. Hela lägesbilden

Mallen `templates/steg1_lagesbild.ipynb` sätter ihop allt: vanligaste problem, jämförelser, utveckling,
när och var, trygghet, källor och lagens krav. Öppna den, ändra `kommun` i första cellen och kör alla
celler – eller kör den för alla kommuner på en gång med kommandot `make reports`.
"""),
]


def main() -> None:
    write("steg1_lagesbild", STEG1, {"titel": "Lokal lägesbild – kartläggning (steg 1)", "steg": 1,
                                     "niva": "kommun"})
    write("00_kom_igang", KOM_IGANG, {"titel": "Kom igång med lagesbild"}, folder="notebooks")


if __name__ == "__main__":
    main()
