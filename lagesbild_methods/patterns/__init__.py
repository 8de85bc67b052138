"""Time and place patterns in incident data (issues 5 "Var och när?" and 11 "Places and times that mean something").

Modules (analysis layer: pure functions, frames in, frames out; no plotting, no file reading):

* :mod:`.timing`        hour x weekday, month, season, week/month/tertial/year series (re-exports the three below)
* :mod:`.timetests`     chi-square pattern tests against exposure, the weekday x block test (night 22-06 across
                        midnight), :func:`~.timetests.time_tests` (four tests corrected together), annual wheel
* :mod:`.specialdays`   holidays, eves and school holidays against ordinary days
* :mod:`.aoristic`      aoristic spreading of time windows by elapsed time (clock changes right)
* :mod:`.control`       wrong-direction flags: same period in earlier years or a fixed reference, overdispersion,
                        CUSUM for lasting changes; EWMA
* :mod:`.area`          a study area on a grid: share of each cell inside, point in area
* :mod:`.grid`          square grid counts inside a study area with an announced automatic cell size, kernel
                        density (binning + FFT, or exact), register place positions for map labels
* :mod:`.hotspot`       local Getis-Ord Gi* with an exact binomial null weighted by area or exposure, BH FDR
* :mod:`.hotplaces`     relative hot spots (a category against all incidents) and a short ranked list of places
* :mod:`.concentration` top 5 %/10 % shares, Lorenz curve, generalised Gini (Bernasco & Steenbeek)
* :mod:`.repeats`       repeat places with a shuffled-time yardstick, and the Knox near-repeat test
* :mod:`.harm`          harm-weighted counts from a user-supplied weight table
* :mod:`.boundary`      GeoJSON (already parsed) -> SWEREF 99 TM rings (wrapper of :mod:`..sources.geo`)

Swedish sentences are in the text package (:mod:`lagesbild_methods.text.patterns`, :mod:`~lagesbild_methods.text.places`).
Developer notes with all defaults and measurements: ``docs/PATTERNS.md``.
"""
