"""File names and atomic writes."""
import os

import pytest

from lagesbild_methods.runner.safe import atomic_write_bytes, atomic_write_text, slug


@pytest.mark.parametrize("name,expected", [
    ("Älvkarleby", "alvkarleby"),
    ("Östhammar", "osthammar"),
    ("Håbo", "habo"),
    ("Uppsala län", "uppsala-lan"),
    ("../../etc/passwd", "etc-passwd"),
    ("  ", "namnlos"),
    ("a/b\\c:d*e?f", "a-b-c-d-e-f"),
    ("Malung–Sälen", "malung-salen"),
])
def test_slug_is_safe_ascii(name, expected):
    assert slug(name) == expected


def test_slug_never_contains_separators_or_dots():
    for name in ["..", ".", "/", "x/../y", "ÅÄÖ åäö", "\x00evil"]:
        s = slug(name)
        assert "/" not in s and ".." not in s and "\\" not in s and "\x00" not in s
        assert s and s == s.strip("-")


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "sub" / "rapport.html"
    atomic_write_text(target, "första")
    atomic_write_text(target, "andra versionen")
    assert target.read_text(encoding="utf-8") == "andra versionen"
    assert [p.name for p in target.parent.iterdir()] == ["rapport.html"]  # no temp file left


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "rapport.html"
    atomic_write_text(target, "gammal")

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, b"ny men avbruten")
    assert target.read_text(encoding="utf-8") == "gammal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html"]


def test_atomic_write_is_readable_by_others(tmp_path):
    target = tmp_path / "r.html"
    atomic_write_text(target, "x")
    assert target.stat().st_mode & 0o044  # group/other may read (subject to umask)
