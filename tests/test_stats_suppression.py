"""Tests for lagesbild_methods.stats.suppression: '<5', secondary suppression, recoverability."""
import importlib

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError

S = importlib.import_module("lagesbild_methods.stats.suppression")


def _recoverable(values: np.ndarray, mask: np.ndarray) -> list:
    """Independent check by linear algebra: with all row and column sums known, a hidden cell is
    determined iff its unit vector lies in the row space of the constraint matrix restricted to
    the hidden cells."""
    cells = list(zip(*np.nonzero(mask)))
    if not cells:
        return []
    nr, nc = mask.shape
    A = []
    for i in range(nr):
        A.append([1.0 if c[0] == i else 0.0 for c in cells])
    for j in range(nc):
        A.append([1.0 if c[1] == j else 0.0 for c in cells])
    A = np.array(A)
    rank = np.linalg.matrix_rank(A)
    out = []
    for k, cell in enumerate(cells):
        e = np.zeros(len(cells))
        e[k] = 1
        if np.linalg.matrix_rank(np.vstack([A, e])) == rank:
            out.append(cell)
    return out


def _table():
    return pd.DataFrame(
        {2022: [3, 10, 40, 2], 2023: [12, 8, 50, 0], 2024: [7, 2, 30, 15]},
        index=["sexualbrott", "vald_mot_barn", "stoldbrott", "vald_i_nara_relation_man"])


def test_primary_cells_shown_as_below_five_and_zero_kept():
    disp, mask = S.suppress_table(_table())
    assert disp.loc["sexualbrott", 2022] == "<5"
    assert disp.loc["vald_mot_barn", 2024] == "<5"
    assert disp.loc["vald_i_nara_relation_man", 2022] == "<5"
    assert disp.loc["vald_i_nara_relation_man", 2023] == 0
    assert disp.loc["stoldbrott", 2023] == 50  # non-sensitive row untouched
    assert mask.shape == _table().shape and mask.dtypes.eq(bool).all()


def test_secondary_suppression_makes_hidden_cells_unrecoverable():
    t = _table()
    disp, mask = S.suppress_table(t)
    assert not _recoverable(t.to_numpy(float), mask.to_numpy())
    # without secondary suppression the primary cells would be recoverable
    primary = disp.isin(["<5"]).to_numpy()
    assert _recoverable(t.to_numpy(float), primary)
    assert (disp == "..").to_numpy().sum() >= 1


def test_single_small_cell_in_big_table_gets_partners():
    t = pd.DataFrame(np.arange(20, 36).reshape(4, 4), index=list("abcd"), columns=list("wxyz"))
    t.iloc[1, 2] = 3
    disp, mask = S.suppress_table(t, sensitive=None)
    assert mask.to_numpy().sum() == 4  # a 2x2 rectangle is the minimum
    assert not _recoverable(t.to_numpy(float), mask.to_numpy())


def test_random_tables_never_recoverable():
    rng = np.random.default_rng(11)
    for _ in range(40):
        t = pd.DataFrame(rng.integers(0, 12, size=(4, 5)))
        disp, mask = S.suppress_table(t, sensitive=None)
        assert not _recoverable(t.to_numpy(float), mask.to_numpy())
        m = mask.to_numpy()
        v = t.to_numpy()
        assert ((v >= 1) & (v <= 4) <= m).all()  # every primary cell hidden


def test_labels_and_total_rows_columns():
    t = _table().rename(index=C.BROTTSTYPER)
    t.loc["Totalt"] = t.sum()
    t["Totalt"] = t.sum(axis=1)
    disp, mask = S.suppress_table(t)
    assert disp.loc["Sexualbrott", 2022] == "<5"
    assert not mask.loc["Totalt"].any() and not mask["Totalt"].any()
    inner = t.drop(index="Totalt", columns="Totalt")
    assert not _recoverable(inner.to_numpy(float), mask.drop(index="Totalt", columns="Totalt").to_numpy())


def test_too_small_table_raises():
    with pytest.raises(ParameterError, match="för liten"):
        S.suppress_table(pd.DataFrame({2024: [3, 40]}, index=["sexualbrott", "stoldbrott"]))


def test_columns_axis_and_long_frame():
    t = _table().T
    disp, mask = S.suppress_table(t, axis="columns")
    assert disp.loc[2022, "sexualbrott"] == "<5"
    long = _table().stack().rename(C.ANTAL).rename_axis([C.BROTTSTYP, C.AR]).reset_index()
    long[C.KOMMUNKOD] = "0319"
    out = S.suppress_long(long)
    row = out[(out[C.BROTTSTYP] == "sexualbrott") & (out[C.AR] == 2022)].iloc[0]
    assert row["visning"] == "<5" and row["dold"]
    assert out.loc[out[C.BROTTSTYP] == "stoldbrott", "visning"].tolist() == ["40", "50", "30"]


def test_unstable_flag():
    assert S.unstable_flag([0, 19, 20, np.nan]).tolist() == [True, True, False, False]
