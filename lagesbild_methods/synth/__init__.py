"""Generator of the bundled synthetic practice data (övningsdata) for the eight kommuner of Uppsala län.

Everything written here is **synthetic** ("Övningsdata (syntetiska)"): it is calibrated on real
population sizes and realistic rate levels so that the templates run and look plausible, but no
figure describes a real event, place or person. The generator is deterministic: the same seed gives
byte-identical files (``lagesbild ovningsdata`` regenerates ``data/ovningsdata/``).

Data sets and their calibration (facts carried over from the project's reference notes, domain.md
§3, §4, §8, §9, with their sources):

* **Anmälda brott** 2015-2025 per kommun, Uppsala län (= sum of the eight), Riket and the national SKR
  kommungrupp aggregates KG-A2, KG-B3, KG-B4, KG-B5. The 2025 level per kommun is Kolada N07540
  "Anmälda brott totalt, antal/100 000 inv" (2025, preliminary; via Cortxt-io/juvahem), applied to the
  population 31 December of the previous year (Brå's denominator convention, domain.md §9). Two 2018
  anchors fix the slope of the trend: Uppsala 10 538 per 100 000 (UNT, Brå preliminary) and Enköping
  5 260 crimes (UNT, Brå preliminary). Riket follows a smoothed path of about 1.46-1.55 million reported
  crimes a year (approximate shape of Brå's national totals). Counts are negative-binomial around a
  smooth log-linear trend; the categories of :data:`columns.BROTTSTYPER` are a multinomial split of the
  total with *approximate* national shares (:data:`NATIONAL_SHARES`) and a few local factors
  (Håbo skadegörelse 980 per 100 000 in 2022, Uppsala 649, SVT 2023 citing Brå). The categories do not
  cover all crime, so ``totalt`` is always >= their sum.
* **Folkmängd** 2014-2025 (31 December): the sourced values of :mod:`registry` where they exist, linear
  interpolation/extrapolation elsewhere (constrained so that the county equals the sum of its kommuner
  where the county figure is sourced); kommungrupp populations are *assumed* (synthetic) round values.
* **Händelser** (EST-style incident register) 2023-2025 per kommun: places around the real central town
  (registry centralort, SWEREF 99 TM) and real villages/districts at approximate positions (general
  knowledge, ±1-2 km); weekly, daily and seasonal rhythm, Valborg/midsommar/nyår peaks, school places
  mostly during term; a few hot and repeat places; break-ins partly with a from-to window.
* **Trygghetsmätning** (survey microdata) 2022 and 2025: a few hundred respondents per kommun and year,
  NTU-like levels (about 15-25 % otrygga ute sent på kvällen, women about 2-3 times men; utsatt för hot
  eller våld about 7-10 %), post-stratification weights to an assumed age/sex distribution.

The generator is the documented exception to "only sources/ reads or writes files": it writes its own
output files (atomically, temp file + ``os.replace``).

The code is split by data set: :mod:`.crime` (constants, calibration, population, reported
crimes), :mod:`.places`, :mod:`.incidents`, :mod:`.survey` and :mod:`.writers` (files, ``generate_all``).
"""
from __future__ import annotations

from .crime import *  # noqa: F401,F403
from .places import *  # noqa: F401,F403
from .incidents import *  # noqa: F401,F403
from .survey import *  # noqa: F401,F403
from .writers import *  # noqa: F401,F403
