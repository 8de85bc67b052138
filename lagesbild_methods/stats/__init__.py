"""Honest statistics for small municipalities (issue 3): rates, shares, comparisons, funnels,
trends and suppression. Every function is pure: frame in, frame out. See docs/STATISTICS.md.

Typical notebook use::

    from lagesbild_methods import stats
    r = stats.crime_rates(brott, folkmangd, confidence=(0.95, 0.998))
    jmf = stats.compare_with_region(stats.join_population(brott, folkmangd), "0319", "03")
    tratt = stats.funnel(r[(r.ar == 2024) & (r.brottstyp == "bostadsinbrott")])

Extra variation between years (issue 10): estimate it once from all years and areas and pass it
to the tests, which then agree with each other::

    est = stats.estimate_extra_variation(joined)   # kommuner, county, country; all years
    change = stats.change_between_periods(own, 2024, 2025, method="cond-midp", extra_variation=est)
    jmf = stats.compare_with_region(joined_2025, "0331", "03", method="midp", extra_variation=est)
"""
from .change import REPORT_METHOD, change_between_periods, compare_two_rates
from .compare import (HOGRE_95, HOGRE_998, INGEN_SKILLNAD, LAGRE_95, LAGRE_998, compare_with_benchmark,
                      compare_with_region, region_contains, significance_labels)
from .dispersion import estimate_extra_variation
from .funnel import FunnelResult, funnel, funnel_axis, overdispersion_estimate, proportion_limits, rate_limits
from .proportions import kish_effective_n, proportions, survey_shares, survey_shares_many, wilson_limits
from .rates import (NAMNARE_AR, byar_limits, count_ci, crime_rates, exact_poisson_limits, join_population,
                    normalize_confidence, poisson_limits, pool_years, rates)
from .share_change import compare_two_shares
from .suppression import derived_hidden, suppress_long, suppress_publication, suppress_table, unstable_flag
from .trend import seasonality, trend

__all__ = [
    "HOGRE_95", "HOGRE_998", "INGEN_SKILLNAD", "LAGRE_95", "LAGRE_998", "NAMNARE_AR", "REPORT_METHOD", "FunnelResult",
    "estimate_extra_variation", "region_contains", "suppress_publication", "derived_hidden",
    "byar_limits", "change_between_periods", "compare_two_rates", "compare_two_shares", "compare_with_benchmark", "compare_with_region",
    "count_ci", "crime_rates", "exact_poisson_limits", "funnel", "funnel_axis", "join_population",
    "kish_effective_n", "normalize_confidence", "overdispersion_estimate", "poisson_limits", "pool_years",
    "proportion_limits", "proportions", "rate_limits", "rates", "seasonality", "significance_labels",
    "suppress_long", "suppress_table", "survey_shares", "survey_shares_many", "trend", "unstable_flag", "wilson_limits",
]
