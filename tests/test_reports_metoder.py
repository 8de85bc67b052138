"""Plain Swedish first, method second: the appendix names every method; the checker finds jargon."""
from lagesbild_methods.steps import metoder as M


def test_every_jargon_term_is_explained_in_the_appendix():
    text = M.om_metoderna().text
    assert M.jargon_in(text) == list(M.JARGON)


def test_checker_finds_jargon_and_passes_plain_text():
    assert M.jargon_in("Överspridningsfaktor φ = 61,28 (p < 0,001); τ = 1 481,4") == ["τ (tau)", "φ (fi)"]
    assert M.jargon_in("Exakt metod under 10 brott, Byars metod från 10.") == ["Byars metod"]
    assert M.jargon_in("Trenden skattas med en Poisson-GLM.") == ["Poisson-GLM"]
    assert M.jargon_in("Heta punkter (Gi*) efter Benjamini–Hochberg") == ["Getis-Ord Gi*", "Benjamini–Hochberg"]
    plain = ("Anmälda brott ökade från 1 200 till 1 378. Ökningen är säkerställd: den är för stor för att "
             "slumpen ska förklara den. Flest händelser sker fredag och lördag kväll.")
    assert M.jargon_in(plain) == []


def test_glossary_has_the_three_terms_that_remain():
    text = M.ordlista().text
    for term in ("Konfidensintervall", "Säkerställd", "Per 100 000 invånare"):
        assert f"**{term}**" in text
    assert M.jargon_in(text) == []
