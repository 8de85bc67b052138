"""Template discovery and parameter validation before a kernel starts."""
from pathlib import Path

import pytest

from lagesbild_methods.errors import ParameterError
from lagesbild_methods.runner import templates

FIXTURE = Path(__file__).parent / "fixtures" / "templates" / "testmall.ipynb"


def test_load_template_reads_parameters_and_metadata():
    t = templates.load_template(FIXTURE)
    assert set(t.parameters) == {"kommun", "brott_fil", "fel", "ar_till"}
    assert t.parameters["ar_till"]["type"] == "int"
    assert t.titel == "Testmall" and t.niva == "kommun"


def test_misspelt_parameter_is_refused_with_suggestion():
    t = templates.load_template(FIXTURE)
    with pytest.raises(ParameterError) as err:
        templates.validate_parameters(t, {"ar_tll": 2024})
    msg = str(err.value)
    assert "Okänd parameter 'ar_tll'" in msg and "Menade du 'ar_till'?" in msg


def test_wrong_type_is_refused_in_swedish():
    t = templates.load_template(FIXTURE)
    with pytest.raises(ParameterError, match="ska vara av typen heltal"):
        templates.validate_parameters(t, {"ar_till": "tjugohundra"})
    with pytest.raises(ParameterError, match="heltal"):
        templates.validate_parameters(t, {"ar_till": True})


def test_valid_parameters_pass_through():
    t = templates.load_template(FIXTURE)
    assert templates.validate_parameters(t, {"ar_till": 2024, "fel": True}) == {"ar_till": 2024, "fel": True}


@pytest.mark.parametrize("text,value", [("2024", 2024), ("1.5", 1.5), ("True", True), ("nej", False),
                                        ("[2023, 2024]", [2023, 2024]), ("Heby", "Heby"), ("0331", "0331")])
def test_parse_cli_value(text, value):
    assert templates.parse_cli_value(text) == value


def test_find_unknown_template_lists_available():
    with pytest.raises(ParameterError, match="Hittar ingen mall"):
        templates.find("finnsinte", folder=FIXTURE.parent)


def test_every_shipped_template_has_parameters_cell_and_no_outputs():
    import nbformat

    from lagesbild_methods import paths

    tpls = list(paths.TEMPLATES_DIR.glob("*.ipynb"))
    assert tpls, "no templates found"
    for p in tpls:
        nb = nbformat.read(p, as_version=4)
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), p.name
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{p.name} has outputs"
        assert nb.metadata.get("lagesbild", {}).get("titel"), f"{p.name} lacks metadata.lagesbild.titel"


def test_every_template_parameter_has_a_swedish_help_text():
    """papermill drops the comment (our help text) of a parameter line it cannot parse, e.g. when the
    comment contains '='. `lagesbild mallar` shows these texts to coordinators."""
    from lagesbild_methods import paths

    for p in paths.TEMPLATES_DIR.glob("*.ipynb"):
        t = templates.load_template(p)
        missing = [n for n, spec in t.parameters.items() if not spec["help"]]
        assert not missing, f"{p.name}: no help text for {missing}"
