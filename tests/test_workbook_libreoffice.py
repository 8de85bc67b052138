"""A workbook opened and saved by LibreOffice reads back the same, and the merge still works on it.

Skipped cleanly when LibreOffice is not installed (Debian: ``apt-get install libreoffice-calc-nogui``).
"""
import shutil
import subprocess
from datetime import date

import openpyxl
import pandas as pd
import pytest

from lagesbild_methods.sources.workbook import read_workbook
from lagesbild_methods.workbook import schema as S
from lagesbild_methods import workbook_cli
from workbook_testdata import filled_workbook, problem_frame

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice saknas (apt-get install libreoffice-calc-nogui)")


def _roundtrip(src, out_dir, profile):
    out_dir.mkdir()
    res = subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                          "--convert-to", "xlsx", "--outdir", str(out_dir), str(src)],
                         capture_output=True, text=True, timeout=180)
    out = out_dir / src.name
    if res.returncode != 0 or not out.exists():
        pytest.skip(f"LibreOffice kunde inte konvertera: {res.stderr[-300:]}")
    return out


def test_libreoffice_roundtrip_reads_back_and_merges(tmp_path):
    src = filled_workbook(tmp_path / "arbetsbok_0331_heby.xlsx")
    out = _roundtrip(src, tmp_path / "lo", tmp_path / "profil")
    assert out.read_bytes() != src.read_bytes()  # really rewritten by LibreOffice
    a, b = read_workbook(src), read_workbook(out)
    assert b.kommunkod == "0331" and b.fel.empty
    for key in S.SHEET_BY_KEY:
        pd.testing.assert_frame_equal(a.blad[key], b.blad[key], check_dtype=False, obj=key)
    pd.testing.assert_frame_equal(a.fynd, b.fynd, check_dtype=False)
    # the drop-down lists survive LibreOffice
    ws = openpyxl.load_workbook(out)["Orsaker"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and all(dv.showErrorMessage for dv in lists)
    # re-running arbetsbok on the LibreOffice file adds the new problem and keeps the rest
    res = workbook_cli.write(out, "Heby", problem_frame(3), today=date(2025, 6, 1))
    assert res.added == ["P3"]
    c = read_workbook(out)
    pd.testing.assert_frame_equal(c.orsaker, b.orsaker)
    assert c.problem["id"].tolist() == ["P1", "P2", "P3"]
