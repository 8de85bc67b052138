"""Time and place patterns in incident data (issue 5: "Var och när?").

Modules (analysis layer: pure functions, frames in, frames out; no plotting, no file reading):

* :mod:`.timing`        hour x weekday, month, season, week/month/tertial/year series, holidays,
                        annual wheel, aoristic spreading of time windows, chi-square pattern tests
* :mod:`.control`       wrong-direction flags (Poisson / negative-binomial limits, EWMA)
* :mod:`.grid`          square grid counts in SWEREF 99 TM with an announced automatic cell size,
                        quartic kernel density
* :mod:`.hotspot`       local Getis-Ord Gi* with analytic p-values and Benjamini-Hochberg FDR
* :mod:`.concentration` top 5 %/10 % shares, Lorenz curve, generalised Gini (Bernasco & Steenbeek)
* :mod:`.repeats`       repeat places and the Knox near-repeat test
* :mod:`.harm`          harm-weighted counts from a user-supplied weight table
* :mod:`.boundary`      GeoJSON (already parsed) -> SWEREF 99 TM rings

The Swedish sentences for these results live in :mod:`lagesbild_methods.text.patterns`.

Developer notes with all defaults: ``docs/PATTERNS.md``.
"""
