"""The corpus of malformed and odd-but-valid files (tests/fixtures/sources/corpus.py): every bad file is refused
for the right reason, every valid one accepted, in a notebook (template parameter) and on the command line
alike, and no message carries a traceback, a Python exception name or English library text."""
import argparse
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from lagesbild_methods import sources
from lagesbild_methods.errors import LagesbildError
from lagesbild_methods.sources import cli, kinds

HERE = Path(__file__).parent / "fixtures" / "sources"
_spec = importlib.util.spec_from_file_location("sources_corpus", HERE / "corpus.py")
corpus = importlib.util.module_from_spec(_spec)
sys.modules["sources_corpus"] = corpus  # dataclasses look their module up
_spec.loader.exec_module(corpus)

ENGLISH = re.compile(r"Traceback|\b\w*(Error|Exception|Warning)\b|NoneType|NAType|Expecting|field larger|"
                     r"invalid literal|could not convert|not supported|has no attribute|object is not|"
                     r"unsupported|codec can't|\bline \d+ column\b|pandera|openpyxl|zipfile")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("korpus")
    return d, {c.name: c for c in corpus.build(d)}


CASES = corpus.build(Path(__import__("tempfile").mkdtemp()))


def test_corpus_is_large_and_covers_every_kind():
    assert len(CASES) >= 60
    assert sum(c.ok for c in CASES) >= 20 and sum(not c.ok for c in CASES) >= 40
    params = {c.param for c in CASES}
    for p in ("brott_fil", "folkmangd_fil", "handelser_fil", "enkat_fil", "jamforelse_fil", "ntu_fil",
              "skadevikt_fil", "kategori_fil"):
        assert p in params


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_each_file_in_a_template(built, name):
    d, cases = built
    c = cases[name]
    if c.ok:
        df = sources.read(d / name, param=c.param, kommunkod=c.kommun)
        assert len(df) > 0
        if c.needle:
            said = " ".join(df.attrs.get("varningar", []) + df.attrs.get("anteckningar", []))
            assert c.needle in said, said
    else:
        with pytest.raises(LagesbildError) as e:
            sources.read(d / name, param=c.param, kommunkod=c.kommun)
        msg = str(e.value)
        assert c.needle.lower() in msg.lower(), msg
        assert f"parametern {c.param}" in msg or c.param in msg, msg
        assert not ENGLISH.search(msg), msg


def _validera(argv):
    parser = argparse.ArgumentParser(prog="lagesbild")
    sub = parser.add_subparsers(dest="kommando")
    cli.register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_each_file_in_validera_gets_the_same_verdict(built, name, capsys):
    d, cases = built
    c = cases[name]
    argv = ["validera", str(d / name), "--som", kinds.PARAM_CONTRACT[c.param]] + (["--kommun", c.kommun]
                                                                                   if c.kommun else [])
    code = _validera(argv)
    out, err = capsys.readouterr()
    assert code == (0 if c.ok else 1), out + err
    if not c.ok:
        assert c.needle.lower() in err.lower() and not ENGLISH.search(err), err
        assert "--typ" in err or "parametern" not in err  # the CLI never names a notebook parameter
