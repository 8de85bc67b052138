"""Course self-checks give the right Swedish feedback without revealing the answer."""
import pytest

from lagesbild_methods import kurs
from lagesbild_methods.sources.tidy import read_crime_csv, read_population_csv


@pytest.fixture(scope="module")
def data():
    return read_crime_csv(), read_population_csv()


def _count_and_pop(data, kod, ar, typ, pop_year):
    brott, pop = data
    n = int(brott[(brott.kommunkod == kod) & (brott.ar == ar) & (brott.brottstyp == typ)].antal.iloc[0])
    p = int(pop[(pop.kommunkod == kod) & (pop.ar == pop_year)].folkmangd.iloc[0])
    return n, p


def test_correct_rate_is_accepted(data):
    n, p = _count_and_pop(data, "0331", 2025, "bostadsinbrott", 2024)
    msg = kurs.kontrollera_takt(n / p * 100_000, *data, "0331", 2025, "bostadsinbrott")
    assert msg.startswith("Rätt!")


def test_same_year_denominator_gets_a_hint(data):
    n, p = _count_and_pop(data, "0331", 2025, "bostadsinbrott", 2025)
    msg = kurs.kontrollera_takt(n / p * 100_000, *data, "0331", 2025, "bostadsinbrott")
    assert msg.startswith("Nästan") and "året före" in msg


def test_wrong_rate_does_not_reveal_answer(data):
    n, p = _count_and_pop(data, "0331", 2025, "bostadsinbrott", 2024)
    msg = kurs.kontrollera_takt(1.0, *data, "0331", 2025, "bostadsinbrott")
    assert msg.startswith("Inte riktigt") and str(round(n / p * 100_000)) not in msg
    assert kurs.kontrollera_takt(None, *data, "0331", 2025, "bostadsinbrott").startswith("Du har inte")


def test_judgement_of_change(data):
    from lagesbild_methods import stats

    brott, pop = data
    j = stats.join_population(brott[brott.kommunkod == "0331"], pop)
    label = stats.change_between_periods(j, 2024, 2025).set_index("brottstyp").loc["narkotikabrott", "forandring"]
    right = {"increase": "ökning", "decrease": "minskning"}.get(label, "osäkert")
    wrong = "ökning" if right != "ökning" else "osäkert"
    assert kurs.kontrollera_bedomning(right, *data, "0331", 2025, "narkotikabrott").startswith("Rätt!")
    assert kurs.kontrollera_bedomning(wrong, *data, "0331", 2025, "narkotikabrott").startswith("Inte riktigt")
    assert "Svara med" in kurs.kontrollera_bedomning("kanske", *data, "0331", 2025, "narkotikabrott")


def test_rate_typed_as_people_type_it(data):
    n, p = _count_and_pop(data, "0331", 2025, "bostadsinbrott", 2024)
    right = n / p * 100_000
    assert kurs.kontrollera_takt(f"{right:.1f}".replace(".", ","), *data, "0331", 2025, "bostadsinbrott").startswith("Rätt!")
    per_1000 = kurs.kontrollera_takt(right / 100, *data, "0331", 2025, "bostadsinbrott")
    assert per_1000.startswith("Nästan") and "100 000" in per_1000
    tuple_msg = kurs.kontrollera_takt((49, 0), *data, "0331", 2025, "bostadsinbrott")  # 49,0 without quotes
    assert tuple_msg.startswith("Svaret går inte att läsa") and "punkt" in tuple_msg
    assert kurs.kontrollera_takt("många", *data, "0331", 2025, "bostadsinbrott").startswith("Svaret går inte att läsa")


def test_unanswered_judgement_is_kind(data):
    for empty in (None, "", "  "):
        assert kurs.kontrollera_bedomning(empty, *data, "0331", 2025, "narkotikabrott").startswith("Du har inte fyllt i")
