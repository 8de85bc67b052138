"""Imported once by the local pool's fork server before it forks any worker (``pool.mp_context``).

Every worker then starts with the heavy libraries, the step modules and matplotlib's font cache already
in memory: the imports are paid once per batch instead of once per worker, and a pool that replaces a
broken one starts warm too. BLAS is told to use one thread before numpy loads (two workers share two
cores; extra BLAS threads would only fight each other), and matplotlib gets its file backend.
"""
from __future__ import annotations

import importlib
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ["MPLBACKEND"] = "Agg"

#: What the report templates use, heaviest first. A module missing here is simply imported by the first
#: report that needs it.
PRELOAD = (
    "numpy", "pandas", "scipy.stats", "statsmodels.api", "matplotlib.pyplot", "seaborn", "pandera",
    "IPython.core.interactiveshell", "papermill", "nbconvert",
    "lagesbild_methods.runner.execute", "lagesbild_methods.runner.inprocess", "lagesbild_methods.runner.export",
    "lagesbild_methods.steps.report", "lagesbild_methods.steps.step1.overview",
    "lagesbild_methods.steps.step1.crime", "lagesbild_methods.steps.step1.incidents",
    "lagesbild_methods.steps.step1.survey",
)


#: Packages whose every module is imported too: what the step templates reach (sections import their modules
#: on first use, which a worker would otherwise pay inside its first report).
PACKAGES = ("lagesbild_methods.steps", "lagesbild_methods.sources", "lagesbild_methods.stats",
            "lagesbild_methods.patterns", "lagesbild_methods.figures", "lagesbild_methods.text")


def _import_packages() -> None:
    import pkgutil

    for package in PACKAGES:
        try:
            root = importlib.import_module(package)
        except Exception:  # noqa: BLE001
            continue
        for info in pkgutil.walk_packages(root.__path__, prefix=package + "."):
            try:
                importlib.import_module(info.name)
            except Exception:  # noqa: BLE001 - a module that cannot be imported here is imported by its user
                pass


def _warm_export() -> None:
    """Render a one-cell notebook to HTML: nbconvert loads and compiles its templates once, here."""
    import nbformat

    from .export import notebook_to_html

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "**Uppvärmning**", "text/plain": ""})])])
    notebook_to_html(nb, "Uppvärmning", False)


def _warm_fonts() -> None:
    """Draw one small figure to SVG so the font lookups and glyph caches are filled before the fork."""
    import matplotlib.pyplot as plt

    from ..figures import style

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1], label="åäö 1 234,5")
    ax.set_title("Uppvärmning")
    ax.legend()
    try:
        style.to_svg(fig)
    finally:
        plt.close(fig)


def preload() -> None:
    """Import :data:`PRELOAD`, warm the fonts, then move everything imported into the garbage collector's
    permanent generation (``gc.freeze``): the libraries' many long-lived objects are not scanned again by
    every full collection in the workers (one cost 0,1–0,3 s in a report process)."""
    import gc

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - an optional library missing: the report imports what it needs
            pass
    for warm in (_import_packages, _warm_fonts, _warm_export):
        try:
            warm()
        except Exception:  # noqa: BLE001 - only a warm-up
            pass
    gc.collect()
    gc.freeze()


preload()
