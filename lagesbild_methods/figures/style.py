"""House style for every figure: Swedish number format on axes, colour-blind-safe palette,
alt text attached to each figure.

Usage in a figure function::

    fig, ax = new_figure()
    ...
    set_alt_text(fig, "Linjediagram som visar ...")
    return fig

and in a notebook ``show(fig)`` displays it as PNG with the alt text in the output metadata
(the HTML export writes it into ``<img alt=...>``).
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .. import fmt  # noqa: E402

# Okabe-Ito palette (colour-blind safe), in the order we use it.
PALETTE = {
    "kommun": "#0072B2",  # blue: the municipality itself
    "lan": "#E69F00",  # orange: Uppsala län
    "riket": "#555555",  # grey: Sweden
    "kommungrupp": "#009E73",  # green: SKR kommungrupp
    "hog": "#D55E00",  # vermillion: significantly high / warning
    "lag": "#56B4E9",  # sky blue: significantly low
    "neutral": "#999999",
    "accent": "#CC79A7",  # reddish purple
    "gul": "#F0E442",
}
SEQUENCE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
HEATMAP_CMAP = "cividis"  # perceptually uniform and colour-blind safe

_RC = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=SEQUENCE),
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "legend.frameon": False,
    "axes.formatter.use_locale": False,
}


def apply_style() -> None:
    """Apply the house style to matplotlib's global settings."""
    plt.rcParams.update(_RC)


def sv_formatter(decimals: int = 0) -> FuncFormatter:
    """Axis tick formatter with Swedish number format (thin-space thousands, decimal comma)."""
    return FuncFormatter(lambda v, _pos: fmt.num(v, decimals))


def sv_percent_formatter(decimals: int = 0, is_fraction: bool = True) -> FuncFormatter:
    """Axis tick formatter for shares: 0.25 -> '25 %'."""
    return FuncFormatter(lambda v, _pos: fmt.pct(v, decimals, is_fraction=is_fraction))


def new_figure(nrows: int = 1, ncols: int = 1, figsize=None, **kwargs):
    """Create a figure in the house style; returns ``(fig, ax)`` like ``plt.subplots``."""
    apply_style()
    fig, ax = plt.subplots(nrows, ncols, figsize=figsize or _RC["figure.figsize"], **kwargs)
    return fig, ax


def set_alt_text(fig, text: str) -> None:
    """Attach Swedish alt text (what the figure shows, for screen readers) to a figure."""
    fig._lagesbild_alt = str(text)


def get_alt_text(fig) -> str:
    """The alt text of a figure, or a generic Swedish description if none was set."""
    return getattr(fig, "_lagesbild_alt", None) or "Diagram (ingen beskrivning angiven)."


def to_png(fig) -> bytes:
    """Render a figure to PNG bytes (one draw, tight crop, 256-colour palette: see ``figures.render``)."""
    from .render import png_bytes

    return png_bytes(fig, dpi=int(_RC["savefig.dpi"]))


def show(fig, close: bool = True) -> None:
    """Display a figure in a notebook as PNG with its alt text in the output metadata."""
    from IPython.display import Image, display

    alt = get_alt_text(fig)
    display(Image(data=to_png(fig), format="png"), metadata={"image/png": {"alt": alt}})
    if close:
        plt.close(fig)
