"""The lagesbild command: Swedish help, Swedish errors, no traceback, exit codes."""
import subprocess
import sys
from pathlib import Path

import pytest

from lagesbild_methods import cli

LAGESBILD = Path(sys.executable).parent / "lagesbild"


def run(*args, timeout=120):
    return subprocess.run([str(LAGESBILD), *args], capture_output=True, text=True, timeout=timeout)


def test_help_is_swedish():
    out = run("--hjalp")
    assert out.returncode == 0
    assert out.stdout.startswith("användning: lagesbild") and "kör en mall" in out.stdout
    sub = run("kor", "--help")
    assert "användning: lagesbild kor" in sub.stdout and "användning: användning" not in sub.stdout


@pytest.mark.parametrize("args,fragment", [
    (["kor", "--kommun", "Gotham"], "Okänd kommun: 'Gotham'"),
    (["kor", "--mall", "steg1", "--kommun", "Heby", "-p", "ar_tll=2024"], "Menade du 'ar_till'?"),
    (["kor", "--mall", "finnsinte", "--kommun", "Heby"], "Hittar ingen mall"),
    (["kor", "--mall", "steg1"], "Ange --kommun"),
    (["kor", "--kommun", "Heby", "-p", "utan_likhetstecken"], "namn=värde"),
])
def test_user_errors_give_one_swedish_line_and_exit_1(args, fragment, capsys):
    code = cli.main(args)
    err = capsys.readouterr().err
    assert code == 1
    assert fragment in err and err.startswith("Fel: ")
    assert "Traceback" not in err


def test_unknown_subcommand_is_swedish_usage_error():
    out = run("gor-nat")
    assert out.returncode == 2
    assert "fel: " in out.stderr and "ogiltigt val" in out.stderr and "Traceback" not in out.stderr


def test_validera_reports_bad_file_without_traceback(tmp_path):
    f = tmp_path / "brott.csv"
    f.write_text("kommunkod,ar,brottstyp,antal,kalla\n0331,2024,stoldbrott,-3,Brå\n", encoding="utf-8")
    out = run("validera", str(f))
    assert out.returncode == 1
    assert "brott.csv" in out.stderr and "rad 2" in out.stderr and "antal" in out.stderr
    assert "Traceback" not in out.stderr


def test_mallar_lists_parameters():
    out = run("mallar")
    assert out.returncode == 0
    assert "steg1_lagesbild" in out.stdout and "kommun = \"Heby\"" in out.stdout
