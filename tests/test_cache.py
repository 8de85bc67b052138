"""The content-keyed cache of shared inputs (lagesbild_methods.cache): one parse per content, and no
way for one municipality's data to reach another report through it."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from lagesbild_methods import cache
from lagesbild_methods.sources import tidy

CRIME = ("kommunkod,ar,brottstyp,antal,kalla\n"
         "0331,2024,totalt,1300,test\n0331,2025,totalt,1356,test\n"
         "0380,2024,totalt,27000,test\n0380,2025,totalt,27800,test\n")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _counting_reader():
    calls = []

    def read(path, kommunkod=None):
        calls.append(str(path))
        df = pd.read_csv(path, dtype={"kommunkod": str})
        df.attrs["kalla"] = str(path)
        return df[df["kommunkod"] == kommunkod].reset_index(drop=True) if kommunkod else df

    return read, calls


def test_same_content_is_parsed_once(tmp_path):
    read, calls = _counting_reader()
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(CRIME, encoding="utf-8")
    b.write_text(CRIME, encoding="utf-8")
    first = cache.read_cached(a, read, kind="brott")
    second = cache.read_cached(a, read, kind="brott")
    third = cache.read_cached(b, read, kind="brott")  # same bytes under another name
    assert len(calls) == 1 and cache.stats == {"hits": 2, "misses": 1}
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first, third)


def test_changed_content_with_same_size_and_time_is_read_again(tmp_path):
    """A file replaced in place, same size and modification time: a path/size/mtime key would serve the
    old municipality's figures; the content key does not."""
    read, calls = _counting_reader()
    p = tmp_path / "brott.csv"
    p.write_text(CRIME, encoding="utf-8")
    st = p.stat()
    before = cache.read_cached(p, read, kind="brott")
    p.write_text(CRIME.replace("1356", "9999"), encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert p.stat().st_size == st.st_size and p.stat().st_mtime_ns == st.st_mtime_ns
    after = cache.read_cached(p, read, kind="brott")
    assert len(calls) == 2
    assert 1356 in before["antal"].tolist() and 9999 in after["antal"].tolist()
    assert 1356 not in after["antal"].tolist()


def test_a_report_changing_its_frame_cannot_change_the_next_report(tmp_path):
    read, _calls = _counting_reader()
    p = tmp_path / "brott.csv"
    p.write_text(CRIME, encoding="utf-8")
    cache.read_cached(p, read, kind="brott")  # the worker's first report fills the cache
    heby = cache.read_cached(p, read, kind="brott")
    heby.loc[:, "antal"] = 0  # one report scribbles on its copy (values and attrs)
    heby.attrs["kalla"] = "Heby's own note"
    heby.iloc[2, 0] = "0331"
    uppsala = cache.read_cached(p, read, kind="brott")
    assert uppsala["antal"].tolist() == [1300, 1356, 27000, 27800]
    assert uppsala["kommunkod"].tolist() == ["0331", "0331", "0380", "0380"]
    assert uppsala.attrs["kalla"] == str(p)


def test_options_that_select_rows_are_part_of_the_key(tmp_path):
    """The same file read for two municipalities gives each only its own rows."""
    read, calls = _counting_reader()
    p = tmp_path / "brott.csv"
    p.write_text(CRIME, encoding="utf-8")
    heby = cache.read_cached(p, read, kind="brott", kommunkod="0331")
    uppsala = cache.read_cached(p, read, kind="brott", kommunkod="0380")
    assert set(heby["kommunkod"]) == {"0331"} and set(uppsala["kommunkod"]) == {"0380"}
    assert len(calls) == 2
    again = cache.read_cached(p, read, kind="brott", kommunkod="0331")
    assert set(again["kommunkod"]) == {"0331"} and len(calls) == 2


def test_errors_are_not_cached(tmp_path):
    from lagesbild_methods.errors import InputDataError

    p = tmp_path / "brott.csv"
    p.write_text(CRIME.replace("1356", "tusen"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputDataError, match="rad 3"):
            cache.read_cached(p, tidy.read_crime_csv, kind="brott")
    assert cache.stats["hits"] == 0


def test_memory_bound_drops_least_recently_used(tmp_path, monkeypatch):
    read, calls = _counting_reader()
    files = []
    for i in range(3):
        p = tmp_path / f"f{i}.csv"
        p.write_text(CRIME + f"0305,2025,totalt,{i},test\n", encoding="utf-8")
        files.append(p)
    one = cache._size(cache.read_cached(files[0], read))
    monkeypatch.setattr(cache, "MAX_BYTES", int(one * 2.5))
    cache.read_cached(files[1], read)
    cache.read_cached(files[0], read)  # touch: f0 is now the most recent
    cache.read_cached(files[2], read)  # evicts f1
    n = len(calls)
    cache.read_cached(files[0], read)
    assert len(calls) == n
    cache.read_cached(files[1], read)
    assert len(calls) == n + 1


def test_reports_in_one_worker_share_the_county_file_but_not_their_data():
    """Two step-1 reports in one process (as in a warm worker): the county and population tables are
    parsed once, and nothing one report does to its data reaches the other's."""
    from lagesbild_methods import columns as C
    from lagesbild_methods.steps import step1

    step1.load("0360", 2015, 2025)  # the worker's first report (Tierp) fills the cache
    misses = cache.stats["misses"]
    heby = step1.load("0331", 2015, 2025)
    heby.crime.loc[:, C.ANTAL] = 0  # a report scribbling on its own frame
    heby.population.loc[:, C.FOLKMANGD] = 1
    uppsala = step1.load("0380", 2015, 2025)
    assert cache.stats["misses"] == misses and cache.stats["hits"] >= 4  # shared tables from the cache
    assert (uppsala.crime[C.ANTAL] > 0).any() and (uppsala.population[C.FOLKMANGD] > 1).all()
    assert set(uppsala.incidents[C.KOMMUNKOD]) == {"0380"} and set(uppsala.survey[C.KOMMUNKOD]) == {"0380"}
    assert set(heby.incidents[C.KOMMUNKOD]) == {"0331"}
    assert uppsala.files["handelser_fil"] != heby.files["handelser_fil"]


# ------------------------------------------------------------------ memoized county-wide computations
def _counting_fn():
    calls = []

    @cache.memoized("test")
    def total(frame: pd.DataFrame, factor: int = 1) -> pd.DataFrame:
        calls.append(len(frame))
        out = frame.groupby("kommunkod", as_index=False)["antal"].sum()
        out["antal"] *= factor
        return out

    return total, calls


def _frame(antal):
    return pd.DataFrame({"kommunkod": ["0331", "0331", "0380"], "antal": antal})


def test_memo_computes_once_for_the_same_content_and_again_for_other_content():
    total, calls = _counting_fn()
    a = total(_frame([1, 2, 3]))
    b = total(_frame([1, 2, 3]))  # another frame object with the same numbers
    assert len(calls) == 1 and a["antal"].tolist() == b["antal"].tolist() == [3, 3]
    c = total(_frame([1, 2, 4]))  # one count differs: computed again, never the cached answer
    assert len(calls) == 2 and c["antal"].tolist() == [3, 4]
    d = total(_frame([1, 2, 3]), factor=2)  # other options: another key
    assert len(calls) == 3 and d["antal"].tolist() == [6, 6]
    # same values, other labels or dtype or attrs: another key
    total(_frame([1, 2, 3]).set_axis([5, 6, 7]))
    total(_frame([1.0, 2.0, 3.0]))
    f = _frame([1, 2, 3])
    f.attrs["kalla"] = "annan"
    total(f)
    assert len(calls) == 6


def test_memo_hands_out_copies():
    total, _calls = _counting_fn()
    first = total(_frame([1, 2, 3]))  # the worker's first report computes
    first.loc[:, "antal"] = -1  # and scribbles on its result
    second = total(_frame([1, 2, 3]))  # the next report gets the memo
    second.loc[:, "antal"] = -2  # and scribbles on it too
    third = total(_frame([1, 2, 3]))
    assert second is not third and third["antal"].tolist() == [3, 3]


def test_memo_does_not_cache_errors_or_unkeyable_arguments():
    calls = []

    @cache.memoized("test")
    def fails(frame, how=None):
        calls.append(1)
        if how is None:
            raise ValueError("nej")
        return how(frame)

    for _ in range(2):
        with pytest.raises(ValueError):
            fails(_frame([1, 2, 3]))
    fails(_frame([1, 2, 3]), how=len)
    fails(_frame([1, 2, 3]), how=len)  # a callable cannot be keyed by content: computed each time
    assert len(calls) == 4 and cache.stats["hits"] == 0


def test_county_suppression_is_decided_once_and_equals_a_fresh_decision():
    """Two shareable reports of one county share one suppression decision, and it is the decision the
    uncached function makes."""
    from lagesbild_methods import stats as S
    from lagesbild_methods.steps import step1

    heby = step1.load("0331", 2015, 2025)
    d_heby = heby.disclosure
    misses = cache.stats["misses"]
    tierp = step1.load("0360", 2015, 2025)
    d_tierp = tierp.disclosure
    assert cache.stats["misses"] == misses  # Tierp's decision came from the memo
    pd.testing.assert_frame_equal(d_heby.publication, d_tierp.publication)
    c = tierp.crime
    members = {"03", *__import__("lagesbild_methods").registry.kommuner_i_lan("03")}
    cells = c[c["kommunkod"].isin(members) & c["ar"].between(2014, 2025)]
    fresh = S.suppress_publication.uncached(cells[["kommunkod", "ar", "brottstyp", "antal"]].reset_index(drop=True))
    assert fresh["dold"].sum() > 0
    assert fresh["dold"].tolist() == d_tierp.publication["dold"].tolist()
    assert fresh["visning"].tolist() == d_tierp.publication["visning"].tolist()


def test_workers_of_a_batch_share_results_through_the_batch_folder(tmp_path, monkeypatch):
    """What one worker computed, another worker of the same batch reads (simulated by forgetting the
    in-memory entries); without the batch folder, or with a damaged file, it is computed again."""
    total, calls = _counting_fn()
    monkeypatch.setenv(cache.SHARED_ENV, str(tmp_path))
    first = total(_frame([1, 2, 3]))
    assert len(calls) == 1 and len(list(tmp_path.glob("test-*.pkl"))) == 1
    cache.clear()  # "another worker": nothing in memory
    second = total(_frame([1, 2, 3]))
    assert len(calls) == 1 and cache.stats["shared"] == 1
    pd.testing.assert_frame_equal(first, second)
    other = total(_frame([9, 2, 3]))  # other content: computed, not read
    assert len(calls) == 2 and other["antal"].tolist() == [11, 3]
    for f in tmp_path.glob("test-*.pkl"):
        f.write_bytes(b"not a pickle")
    cache.clear()
    assert total(_frame([1, 2, 3]))["antal"].tolist() == [3, 3] and len(calls) == 3
    monkeypatch.delenv(cache.SHARED_ENV)
    cache.clear()
    total(_frame([1, 2, 3]))
    assert len(calls) == 4
