"""Before/after evaluation of a measure, with or without a comparison area (step 5, yearly).

Two views of the same design, reported side by side:

* **Relative effect size** (Welsh & Farrington 2002; Farrington, Gill, Waples & Argomaniz 2007,
  J Exp Criminol 3:21): with a = treated area before, b = treated after, c = comparison before,
  d = comparison after, RES = (a d)/(b c); RES > 1 means a relative improvement in the treated
  area. Var(ln RES) = 1/a + 1/b + 1/c + 1/d under Poisson counts; Farrington et al. inflate it for
  overdispersion. Here the inflation is estimated from the period counts themselves: with NB2
  counts (Var = mu + alpha mu^2) a total over k periods has Var(ln total) = 1/total + alpha/k, so
  Var(ln RES) = sum 1/x + alpha sum 1/k; with a quasi-Poisson scale D it is D sum 1/x.
* **Count model with an interaction** (statsmodels GLM): log E[y] = b0 + b1 area + b2 after +
  b3 area x after [+ season], negative binomial by default (:mod:`.countmodels`). exp(b3) = 1/RES
  is the ratio of the rate ratios: the relative change in the treated area beyond the change in
  the comparison area. Seasonal terms are common to both areas.

Without a comparison area the model is log E[y] = b0 + b1 after [+ season] and exp(b1) the rate
ratio after/before; the method text says that such a change cannot be separated from trends,
regression to the mean or other events. Intervals use Student's t with the residual degrees of
freedom by default: with few periods the dispersion is poorly known, and normal intervals then
undercover (measured in ``benchmarks/sim_evaluation_coverage.py``).

``ratio < 1`` (``kvot``) is a reduction in the treated area; the verdict is a
:class:`Change` member (DECREASE only when the whole interval lies below 1).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .countmodels import FAMILY_NAMES, CountFit, fit_counts, quantile_and_p
from .its import _after, _conf, change_verdict, season_terms, time_axis

#: Rows of ``BeforeAfterResult.effekter`` (column ``metod_kod``).
MODELL = "modell"  # GLM interaction (or after/before ratio without comparison)
RES = "res"  # Farrington's relative effect size from the four totals

INSATS = "insats"  # role of the treated area in ``celler``
JAMFORELSE = "jamforelse"  # role of the comparison area


def relative_effect_size(a, b, c, d, *, dispersion: float = 1.0, nb_alpha: float = 0.0,
                         periods=(1, 1, 1, 1), exposures=(1.0, 1.0, 1.0, 1.0), confidence: float = 0.95,
                         interval: str = "normal", df: float = np.inf) -> dict:
    """Relative effect size RES = (a d)/(b c) with its interval (module docstring).

    Parameters
    ----------
    a, b, c, d : totals: treated before, treated after, comparison before, comparison after.
    dispersion : multiplicative variance factor D (quasi-Poisson; 1 = Poisson).
    nb_alpha, periods : NB2 alpha of the period counts and the number of periods behind each
        total (adds alpha * sum 1/k to the variance of ln RES).
    exposures : exposure behind each total (e.g. person-years or number of periods); RES is then
        a ratio of rates.
    interval, df : ``"normal"`` or ``"t"`` with ``df`` degrees of freedom.

    Returns
    -------
    dict with ``res``, ``res_nedre``, ``res_ovre`` (RES > 1 = relative improvement), ``kvot``,
    ``nedre``, ``ovre`` (= 1/RES: the treated area's change relative to the comparison area),
    ``forandring_pct`` (and ``_nedre_pct``, ``_ovre_pct``), ``p_varde``, ``se_log`` and ``verdikt``.
    """
    conf = _conf(confidence)
    x = np.array([a, b, c, d], dtype=float)
    e = np.array(exposures, dtype=float)
    k = np.array(periods, dtype=float)
    if (x < 0).any() or (e <= 0).any() or (k <= 0).any():
        raise ParameterError("Antalen måste vara icke-negativa och exponering och antal perioder större än 0.")
    out = {"res": np.nan, "res_nedre": np.nan, "res_ovre": np.nan, "kvot": np.nan, "nedre": np.nan, "ovre": np.nan,
           "p_varde": np.nan, "se_log": np.nan}
    if np.isnan(x).any() or (x == 0).any():
        out.update(_pct(out))
        out["verdikt"] = change_verdict(np.nan, np.nan)
        return out
    r = x / e
    log_ratio = np.log(r[1] / r[0]) - np.log(r[3] / r[2])  # ln(1/RES)
    var = float(dispersion) * float(np.sum(1 / x)) + float(nb_alpha) * float(np.sum(1 / k))
    se = np.sqrt(var)
    q, p = quantile_and_p(log_ratio, se, conf, interval, df)
    lo, hi = np.exp(log_ratio - q * se), np.exp(log_ratio + q * se)
    out.update(res=float(np.exp(-log_ratio)), res_nedre=float(1 / hi), res_ovre=float(1 / lo),
               kvot=float(np.exp(log_ratio)), nedre=float(lo), ovre=float(hi), p_varde=p, se_log=float(se))
    out.update(_pct(out))
    out["verdikt"] = change_verdict(lo, hi)
    return out


def _pct(o: dict) -> dict:
    return {"forandring_pct": (o["kvot"] - 1) * 100, "forandring_nedre_pct": (o["nedre"] - 1) * 100,
            "forandring_ovre_pct": (o["ovre"] - 1) * 100}


@dataclass
class BeforeAfterResult:
    """Result of :func:`before_after`.

    ``celler``: one row per area role (``insats``/``jamforelse``) and period (``fore``/``efter``)
    with ``omrade``, ``antal``, ``perioder``, ``exponering``, ``per_period`` (mean count per period,
    or rate per exposure unit). ``effekter``: one row per method (``metod_kod`` = modell, res) with
    ``kvot``, ``nedre``, ``ovre``, ``forandring_pct`` (+ limits), ``p_varde``, ``verdikt`` and,
    for RES, ``res``/``res_nedre``/``res_ovre``.
    """

    celler: pd.DataFrame
    effekter: pd.DataFrame
    fit: CountFit
    family: str
    dispersion: float
    with_comparison: bool
    treated: object
    comparison: object
    metod: str
    konfidens: float = 0.95

    def effect(self, kod: str = MODELL) -> pd.Series:
        return self.effekter.set_index("metod_kod").loc[kod]


def before_after(df: pd.DataFrame, start, *, time: str = "manad", count: str = "antal", area: str | None = None,
                 treated=None, comparison=None, exposure: str | None = None, freq: str | None = None,
                 seasonality: str | None = "auto", harmonics: int = 2, family: str = "negbin",
                 interval: str = "t", confidence: float = 0.95) -> BeforeAfterResult:
    """Before/after evaluation from period counts, with a comparison area when ``area`` is given.

    Parameters
    ----------
    df : one row per area and period: ``time``, ``count`` (and ``area``, ``exposure``).
    start : first period of the measure (units of ``time``: year, date, ``'YYYY-MM'``).
    area, treated, comparison : the area column, the treated area's value and the comparison
        area's value (default: the only other value).
    seasonality : ``"auto"`` (default: two Fourier pairs for monthly, weekly, quarterly or tertial
        periods, none for years or plain period numbers), ``"fourier"``, ``"dummies"`` or None.
        Season terms are common to both areas; they keep a seasonal pattern from being counted
        as random variation (which would cost power).
    family : ``"negbin"`` (default), ``"quasipoisson"`` or ``"poisson"``.
    interval : ``"t"`` (default) or ``"normal"``.
    """
    conf = _conf(confidence)
    need = [c for c in (time, count, area, exposure) if c is not None]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ParameterError(f"Kolumn(er) saknas i tabellen: {', '.join(missing)}.")
    d = df.reset_index(drop=True)
    if area is not None:
        values = list(pd.unique(d[area].dropna()))
        if treated is None or treated not in values:
            raise ParameterError(f"Ange insatsområdet (treated) bland områdena: {', '.join(map(str, values))}.")
        if comparison is None:
            others = [v for v in values if v != treated]
            if len(others) != 1:
                raise ParameterError("Ange jämförelseområdet (comparison); tabellen har "
                                     f"{len(values)} områden: {', '.join(map(str, values))}.")
            comparison = others[0]
        elif comparison not in values:
            raise ParameterError(f"Jämförelseområdet '{comparison}' finns inte i tabellen.")
        d = d[d[area].isin([treated, comparison])].reset_index(drop=True)
    y = pd.to_numeric(d[count], errors="coerce").to_numpy(dtype=float)
    if np.isnan(y).any() or (y < 0).any():
        raise ParameterError(f"Kolumnen '{count}' måste innehålla icke-negativa antal utan tomma värden.")
    ax = time_axis(d[time], freq=freq)
    post = _after(d[time], start, ax)
    e = np.ones(len(y))
    if exposure is not None:
        e = pd.to_numeric(d[exposure], errors="coerce").to_numpy(dtype=float)
        if np.isnan(e).any() or (e <= 0).any():
            raise ParameterError(f"Kolumnen '{exposure}' (exponering) måste vara större än 0 på varje rad.")
    is_t = (d[area] == treated).to_numpy() if area is not None else np.ones(len(y), bool)
    groups = [(INSATS, is_t)] + ([(JAMFORELSE, ~is_t)] if area is not None else [])
    rows = []
    for role, m in groups:
        for per, pm in (("fore", ~post), ("efter", post)):
            sel = m & pm
            if sel.sum() == 0:
                raise ParameterError(f"Det finns inga perioder {'före' if per == 'fore' else 'efter'} starten "
                                     f"för {'insatsområdet' if role == INSATS else 'jämförelseområdet'}.")
            rows.append({"roll": role, "omrade": treated if role == INSATS else comparison, "period": per,
                         "antal": float(y[sel].sum()), "perioder": int(sel.sum()), "exponering": float(e[sel].sum()),
                         "per_period": float(y[sel].sum() / e[sel].sum())})
    celler = pd.DataFrame(rows)
    cols, names = [np.ones(len(y)), post.astype(float)], ["const", "post"]
    if area is not None:
        cols += [is_t.astype(float), (is_t & post).astype(float)]
        names += ["area", "area_post"]
    sc, sn = season_terms(ax, seasonality, harmonics)
    X = np.column_stack(cols + sc)
    offset = np.log(e) if exposure is not None else None
    effect_term = "area_post" if area is not None else "post"
    zero = celler["antal"].eq(0).any()
    fit = fit_counts(y, X, names + sn, offset=offset, family=family)
    c = fit.combination({effect_term: 1.0}, confidence=conf, interval=interval)
    if zero:
        lo = hi = est = p = np.nan
    else:
        est, lo, hi, p = np.exp(c["est"]), np.exp(c["lo"]), np.exp(c["hi"]), c["p"]
    glm_row = {"metod_kod": MODELL, "kvot": est, "nedre": lo, "ovre": hi, "p_varde": p}
    glm_row.update(_pct(glm_row))
    glm_row["verdikt"] = change_verdict(lo, hi)
    effekter = [glm_row]
    if area is not None:
        cell = celler.set_index(["roll", "period"])
        keys = [(INSATS, "fore"), (INSATS, "efter"), (JAMFORELSE, "fore"), (JAMFORELSE, "efter")]
        res = relative_effect_size(*[cell.loc[k, "antal"] for k in keys],
                                   dispersion=fit.scale, nb_alpha=fit.alpha,
                                   periods=[cell.loc[k, "perioder"] for k in keys],
                                   exposures=[cell.loc[k, "exponering"] for k in keys],
                                   confidence=conf, interval=interval, df=fit.t_df)
        effekter.append({"metod_kod": RES, **res})
    eff = pd.DataFrame(effekter)
    celler = _cell_intervals(celler, fit, conf, interval)
    disp = fit.alpha if family == "negbin" else fit.scale
    metod = _method_text(area is not None, family, disp, seasonality if sc else None, interval, conf)
    return BeforeAfterResult(celler=celler, effekter=eff, fit=fit, family=family, dispersion=float(disp),
                             with_comparison=area is not None, treated=treated, comparison=comparison, metod=metod,
                             konfidens=conf)


def _cell_intervals(celler: pd.DataFrame, fit: CountFit, conf: float, interval: str) -> pd.DataFrame:
    """Interval of each cell's level (Var ln = scale/total + alpha/periods) and, for the treated
    area after the start, the level expected had it changed as the comparison area did."""
    q, _ = quantile_and_p(0.0, 1.0, conf, interval, fit.t_df)
    x = celler["antal"].to_numpy(dtype=float)
    with np.errstate(divide="ignore"):
        se = np.sqrt(fit.scale / x + fit.alpha / celler["perioder"].to_numpy(dtype=float))
    out = celler.copy()
    out["nedre"] = np.where(x > 0, out["per_period"] * np.exp(-q * se), 0.0)
    out["ovre"] = np.where(x > 0, out["per_period"] * np.exp(q * se), np.nan)
    out["utan_insats"] = np.nan
    if (out["roll"] == JAMFORELSE).any():
        lv = out.set_index(["roll", "period"])["per_period"]
        if lv[JAMFORELSE, "fore"] > 0:
            exp_after = lv[INSATS, "fore"] * lv[JAMFORELSE, "efter"] / lv[JAMFORELSE, "fore"]
            out.loc[(out["roll"] == INSATS) & (out["period"] == "efter"), "utan_insats"] = exp_after
    return out


def _method_text(with_comp: bool, family: str, disp: float, seasonality, interval: str, conf: float) -> str:
    from .. import fmt

    if with_comp:
        text = ("Före–efter-jämförelse med jämförelseområde: kvoten mellan förändringen i insatsområdet och "
                "förändringen i jämförelseområdet (relativ effektstorlek enligt Farrington och Welsh, och "
                f"en regressionsmodell med samspel mellan område och period), {FAMILY_NAMES[family]}")
    else:
        text = ("Före–efter-jämförelse utan jämförelseområde: förändringen kan inte skiljas från trender, "
                "slumpmässig återgång mot medelvärdet eller andra händelser under samma tid. "
                f"Modell: {FAMILY_NAMES[family]}")
    if family == "negbin":
        text += f", överspridning α = {fmt.num(disp, 3)} (Pearsons momentekvation)"
    elif family == "quasipoisson":
        text += f", spridningsfaktor {fmt.num(disp, 2)} (Pearson)"
    if seasonality:
        text += ", med säsong"
    return text + f"; {fmt.pct(conf, 0)} konfidensintervall ({'t-fördelning' if interval == 't' else 'normalfördelning'})."
