"""The period each step-5 report follows up: the week(s) of the veckobild, the tertial, the year.

Defaults come from the incident register: the last complete week or tertial, and for the year report the
year ``ar_till`` cut at the register's last complete day. A given period outside the register is refused in
Swedish with the periods that exist.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ... import fmt
from ...errors import ParameterError
from .. import arbetsbok as W


@dataclass(frozen=True)
class FollowUpPeriod:
    label: str  # '2025-v52', '2025-v51–v52', '2025 T3', '2025'
    start: pd.Timestamp
    end: pd.Timestamp
    word: str  # 'veckan', 'de två veckorna', 'tertialet', 'året'


def _register_end(ctx) -> pd.Timestamp:
    window = W.register_window(ctx)
    if window is None:
        raise ParameterError("Uppföljningen behöver kommunens händelserapporter (parametern handelser_fil).")
    return window[1]


def weekly_counts(ctx, incidents=None, n_weeks: int = 1) -> pd.DataFrame:
    """Counts per week (``n_weeks`` = 1) or per block of ``n_weeks`` consecutive weeks ending with the last
    week of the register, in :func:`~lagesbild_methods.patterns.timing.period_counts`' format."""
    from ...patterns import timing

    window = W.register_window(ctx)
    inc = ctx.incidents if incidents is None else incidents
    wk = timing.period_counts(inc, "week", start=window[0], end=window[1])
    if n_weeks == 1:
        return wk
    block = (len(wk) - 1 - pd.RangeIndex(len(wk))) // n_weeks
    g = wk.groupby(block.to_numpy(), sort=False)
    out = pd.DataFrame({
        "period": g["period"].agg(lambda s: s.iloc[0] + "–" + s.iloc[-1].split("-")[-1]),
        "start": g["start"].min(), "slut": g["slut"].max(), "dagar": g["dagar"].sum(),
        "ofullstandig": g["ofullstandig"].any() | (g.size() < n_weeks), "antal": g["antal"].sum()})
    out = out.sort_values("start").reset_index(drop=True)
    out.attrs["frekvens"] = "week"
    return out


def week(ctx) -> FollowUpPeriod:
    """The week(s) of the veckobild: parameter ``vecka`` (the last week of the period) or the last complete one."""
    def build():
        n = int(ctx.params.get("veckor", 1))
        wk = weekly_counts(ctx, n_weeks=1)
        complete = wk[~wk["ofullstandig"]]
        if complete.empty:
            raise ParameterError("Händelserapporterna har ingen hel vecka.")
        given = str(ctx.params.get("vecka", "") or "").strip().lower().replace(" ", "")
        if given:
            hit = complete[complete["period"] == given]
            if hit.empty:
                raise ParameterError(f"Veckan '{ctx.params['vecka']}' finns inte bland de hela veckorna i "
                                     f"händelserapporterna ({complete['period'].iloc[0]} till "
                                     f"{complete['period'].iloc[-1]}). Skriv t.ex. \"{complete['period'].iloc[-1]}\".")
            last = hit.index[0]
        else:
            last = complete.index[-1]
        first = max(0, last - n + 1)
        start, end = wk.loc[first, "start"], wk.loc[last, "slut"]
        label = wk.loc[last, "period"] if n == 1 else f"{wk.loc[first, 'period']}–{wk.loc[last, 'period'].split('-')[-1]}"
        return FollowUpPeriod(label, start, end, "veckan" if n == 1 else "de två veckorna")
    return ctx.cached("steg5:vecka", build)


def tertial(ctx) -> FollowUpPeriod:
    """The tertial of the follow-up: parameter ``tertial`` ('2025 T3') or the last complete one."""
    from ...patterns import timing

    def build():
        window = W.register_window(ctx)
        if window is None:
            return _tertial_without_register(ctx)
        t = timing.period_counts(ctx.incidents, "tertial", start=window[0], end=window[1])
        complete = t[~t["ofullstandig"]]
        if complete.empty:
            raise ParameterError("Händelserapporterna har inget helt tertial.")
        given = " ".join(str(ctx.params.get("tertial", "") or "").upper().split())
        if given:
            hit = complete[complete["period"].str.upper() == given]
            if hit.empty:
                raise ParameterError(f"Tertialet '{ctx.params['tertial']}' finns inte bland de hela tertialen i "
                                     f"händelserapporterna ({', '.join(complete['period'])}). Skriv t.ex. "
                                     f"\"{complete['period'].iloc[-1]}\".")
            row = hit.iloc[0]
        else:
            row = complete.iloc[-1]
        return FollowUpPeriod(row["period"], row["start"], row["slut"], "tertialet")
    return ctx.cached("steg5:tertial", build)


def year(ctx) -> FollowUpPeriod:
    """The year ``ar_till``, cut at the register's last complete day."""
    def build():
        if W.register_window(ctx) is None:  # without incidents the year is the calendar year ar_till
            y = int(ctx.params.get("ar_till") or pd.Timestamp.today().year - 1)
            return FollowUpPeriod(str(y), pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31"), "året")
        end = _register_end(ctx)
        y = int(ctx.params.get("ar_till", end.year))
        start = pd.Timestamp(f"{y}-01-01")
        if start > end:
            raise ParameterError(f"Händelserapporterna slutar {end.date().isoformat()}, före året {y} "
                                 "(parametern ar_till).")
        last = min(pd.Timestamp(f"{y}-12-31"), end)
        word = "året" if last.month == 12 and last.day == 31 else f"året till och med {fmt.date_sv(last)}"
        return FollowUpPeriod(str(y), start, last, word)
    return ctx.cached("steg5:ar", build)


TERTIAL_MONTHS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}


def tertial_period(year: int, t: int) -> FollowUpPeriod:
    first, last = TERTIAL_MONTHS[t]
    start = pd.Timestamp(year=year, month=first, day=1)
    return FollowUpPeriod(f"{year} T{t}", start, start + pd.offsets.MonthEnd(last - first + 1), "tertialet")


def _tertial_without_register(ctx) -> FollowUpPeriod:
    """Without incidents: the tertial given (\"2025 T3\"), else the one holding the workbook's latest activity
    (the follow-up date of step 4), else today's."""
    given = " ".join(str(ctx.params.get("tertial", "") or "").upper().split())
    if given:
        m = re.fullmatch(r"(\d{4}) ?T([123])", given)
        if not m:
            raise ParameterError(f"Tertialet '{ctx.params['tertial']}' går inte att läsa. Skriv år och tertial, "
                                 "t.ex. \"2025 T3\" (T1 = januari–april, T2 = maj–augusti, T3 = september–december).")
        return tertial_period(int(m.group(1)), int(m.group(2)))
    from ..step4.process import reference_date

    ref = reference_date(ctx)[0] if W.view(ctx) is not None else pd.Timestamp.today().normalize()
    return tertial_period(ref.year, (ref.month - 1) // 4 + 1)
