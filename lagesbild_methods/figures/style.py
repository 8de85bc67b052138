"""House style for every figure: Swedish number format on axes, colour-blind-safe palette,
text that stays legible on a phone, alt text attached to each figure.

Usage in a figure function::

    fig, ax = new_figure()
    ...
    set_alt_text(fig, "Linjediagram som visar ...")
    return fig

and in a notebook ``show(fig)`` displays it as SVG (text kept as text, so it stays sharp and
searchable) with the alt text in the output metadata (the HTML export writes it into ``<img alt=...>``).

Legibility rule: a report column is about 358 CSS px wide on a 390 px phone. A figure is at most
``MAX_WIDTH_IN`` inches wide and no text is smaller than ``MIN_FONT_PT`` points, so the smallest
text is at least ``MIN_FONT_PT * 358 / (MAX_WIDTH_IN * 72)`` ≈ 10,3 px on that phone.
:func:`legible` enforces both just before a figure is saved (also for figures drawn elsewhere).
"""
from __future__ import annotations

import functools
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import AutoLocator, FuncFormatter, MaxNLocator  # noqa: E402

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
PARTIAL_HATCH = "////"  # how a partial (incomplete) period is drawn

MAX_WIDTH_IN = 6.0  # widest figure (inches); wider requests are scaled down keeping the aspect ratio
MIN_FONT_PT = 12.5  # smallest text in a figure (points)
PHONE_COLUMN_PX = 358  # report column width at a 390 px viewport (see the report CSS)
RASTER_ABOVE = 400  # a scatter with more points than this is embedded as an image inside the SVG

_RC = {
    "figure.figsize": (6.0, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,  # only for raster parts (dense scatters, heat maps) inside an SVG, and PNG
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=SEQUENCE),
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titley": 1.0,  # titles sit just above the axes: no search for top tick labels on every layout pass

    "legend.frameon": False,
    "axes.formatter.use_locale": False,
    "svg.fonttype": "none",  # text stays text: sharp at any zoom, small files
    "svg.hashsalt": "lagesbild",  # reproducible ids inside the SVG
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"],
}


def apply_style() -> None:
    """Apply the house style to matplotlib's global settings."""
    plt.rcParams.update(_RC)


@functools.lru_cache(maxsize=8192)
def _num(v: float, decimals: int) -> str:
    return fmt.num(v, decimals)


@functools.lru_cache(maxsize=8192)
def _pct(v: float, decimals: int, is_fraction: bool) -> str:
    return fmt.pct(v, decimals, is_fraction=is_fraction)


def sv_formatter(decimals: int = 0) -> FuncFormatter:
    """Axis tick formatter with Swedish number format (thin-space thousands, decimal comma).
    Tick values repeat across figures (0, 100, 2019 ...): each is formatted once per process."""
    return FuncFormatter(lambda v, _pos: _num(float(v), decimals))


def sv_percent_formatter(decimals: int = 0, is_fraction: bool = True) -> FuncFormatter:
    """Axis tick formatter for shares: 0.25 -> '25 %'."""
    return FuncFormatter(lambda v, _pos: _pct(float(v), decimals, is_fraction))


def count_axis(axis) -> None:
    """Ticks for a count: whole numbers only (never '2,5 händelser'), Swedish format.

    ``axis`` is ``ax.xaxis``, ``ax.yaxis`` or a colour bar's ``cb.ax.yaxis``.
    """
    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=2))
    axis.set_major_formatter(sv_formatter(0))


def legend_below(ax, ncol: int | None = None, **kwargs):
    """A legend under the axes, outside the data (it never hides a point or a line).

    As many columns as fit in the figure's width (estimated from the label lengths), so the
    legend never makes the figure wider than ``MAX_WIDTH_IN``.
    """
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    size = plt.rcParams["legend.fontsize"]
    size = size if isinstance(size, (int, float)) else MIN_FONT_PT
    em = size / 72  # inches
    widest = max(len(lab) for lab in labels) * 0.58 * em + 3.0 * em  # text + handle + gap
    fits = max(1, int(ax.figure.get_size_inches()[0] * 0.95 // widest))
    ncol = min(ncol or fits, fits, len(handles))
    kwargs.setdefault("frameon", False)
    fig = ax.figure
    if fig.get_layout_engine() is not None and type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine":
        return fig.legend(handles, labels, loc="outside lower left", ncol=ncol, **kwargs)
    return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, -0.2), ncol=ncol, borderaxespad=0,
                     **kwargs)


def mark_partial(ax, x_left: float, x_right: float, text: str = "ofullständig period") -> None:
    """Shade the span of a partial (incomplete) period and say so, so it is not read as a fall."""
    ax.axvspan(x_left, x_right, color=PALETTE["neutral"], alpha=0.15, hatch=PARTIAL_HATCH, linewidth=0,
               label=text)


def new_figure(nrows: int = 1, ncols: int = 1, figsize=None, **kwargs):
    """Create a figure in the house style; returns ``(fig, ax)`` like ``plt.subplots``.

    A requested size wider than ``MAX_WIDTH_IN`` is scaled down keeping the aspect ratio.
    """
    apply_style()
    w, h = figsize or _RC["figure.figsize"]
    if w > MAX_WIDTH_IN:
        w, h = MAX_WIDTH_IN, h * MAX_WIDTH_IN / w
    kwargs.setdefault("layout", "constrained")
    fig, ax = plt.subplots(nrows, ncols, figsize=(w, h), **kwargs)
    return fig, ax


def set_alt_text(fig, text: str) -> None:
    """Attach Swedish alt text (what the figure shows, for screen readers) to a figure."""
    fig._lagesbild_alt = str(text)


def get_alt_text(fig) -> str:
    """The alt text of a figure, or a generic Swedish description if none was set."""
    return getattr(fig, "_lagesbild_alt", None) or "Diagram (ingen beskrivning angiven)."


def _texts(fig):
    """Every visible, non-empty text of the figure except tick labels (``legible`` sets those per
    axis). Walks the artist tree like ``fig.findobj(Text)`` but does not enter an axis: an axis's
    children are its ticks, and listing them runs the tick locator and formatter for nothing."""
    from matplotlib.axis import Axis

    seen, stack = set(), [fig]
    while stack:
        a = stack.pop()
        if id(a) in seen:
            continue
        seen.add(id(a))
        if isinstance(a, Text) and a.get_visible() and a.get_text().strip():
            yield a
        if isinstance(a, Axis):
            stack += [a.label, a.offsetText]
        else:
            stack += a.get_children()


def legible(fig):
    """Make a figure phone-legible in place: at most ``MAX_WIDTH_IN`` wide, no text under
    ``MIN_FONT_PT``, dense scatters rasterised (a vector file of 10 000 dots is megabytes)."""
    w, h = fig.get_size_inches()
    if w > MAX_WIDTH_IN:
        fig.set_size_inches(MAX_WIDTH_IN, h * MAX_WIDTH_IN / w)
    for t in _texts(fig):
        if t.get_fontsize() < MIN_FONT_PT:
            t.set_fontsize(MIN_FONT_PT)
    w, h = fig.get_size_inches()
    for ax in fig.axes:  # long titles and axis labels wrap instead of widening the figure
        for title in (ax.title, ax._left_title, ax._right_title):
            _wrap(title, w * 72 * 0.98)
        _wrap(ax.xaxis.label, w * 72 * 0.9)
        _wrap(ax.yaxis.label, h * 72 * 0.5)  # conservative: a legend below takes part of the height
    for ax in fig.axes:
        for ax_ in (ax.xaxis, ax.yaxis):
            if _tick_size(ax_) < MIN_FONT_PT:
                ax_.set_tick_params(labelsize=MIN_FONT_PT)
        # Swedish numbers with thousands separators are wide at phone-legible sizes: fewer x ticks
        if ax.name == "rectilinear" and ax.get_xscale() == "linear" and type(ax.xaxis.get_major_locator()) is AutoLocator:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        for c in ax.collections:
            offsets = getattr(c, "get_offsets", lambda: [])()
            if len(offsets) > RASTER_ABOVE:
                c.set_rasterized(True)
        for im in ax.images:  # a grid of cells (heat map, grid map) is embedded as its cells, one pixel each,
            if im.get_interpolation() == "nearest":  # shown sharp by the browser: no resampling, small files
                im.set_interpolation("none")
    return fig


def _wrap(text, room_pt: float) -> None:
    """Break a text over lines so that each line fits in ``room_pt`` points (estimated widths)."""
    import textwrap

    raw = text.get_text()
    if not raw or "\n" in raw:  # empty, or already broken by hand or by an earlier call
        return
    bold = str(text.get_fontweight()) in ("bold", "700", "heavy", "semibold")
    per_char = text.get_fontsize() * (0.72 if bold else 0.62)
    chars = max(12, int(room_pt // per_char))
    if len(raw) > chars:
        text.set_text("\n".join(textwrap.wrap(raw, chars)))


def _tick_size(axis) -> float:
    """Font size of the axis's tick labels (from its first tick: listing all ticks would run the locator)."""
    return axis.majorTicks[0].label1.get_fontsize()


def min_font_px(fig, column_px: float = PHONE_COLUMN_PX) -> float:
    """Smallest text of a (saved) figure in CSS pixels when shown ``column_px`` wide."""
    return svg_min_font_px(to_svg(fig), column_px)


_SVG_WIDTH = re.compile(r'<svg[^>]*\swidth="([\d.]+)pt"')
_SVG_FONT = re.compile(r"font(?:-size)?:\s*(?:[a-z]+\s+)*([\d.]+)px")


def svg_min_font_px(svg: str, shown_px: float = PHONE_COLUMN_PX) -> float:
    """Smallest font of an SVG written by matplotlib (text as text) when the image is shown
    ``shown_px`` CSS pixels wide (never wider than its natural width)."""
    width_pt = float(_SVG_WIDTH.search(svg).group(1))
    natural_px = width_pt * 96 / 72
    sizes = [float(s) for s in _SVG_FONT.findall(svg)]
    if not sizes:
        return float("inf")
    return min(sizes) * min(shown_px, natural_px) / width_pt


def _laid_out(fig) -> bool:
    """Whether the figure's layout leaves room for every label inside the figure: constrained layout
    (the house default), or a layout frozen by :func:`freeze_layout`. Such a figure is saved as it is
    (one layout, one draw); others are cropped to a tight box (which draws twice)."""
    engine = type(fig.get_layout_engine()).__name__
    return engine == "ConstrainedLayoutEngine" or getattr(fig, "_lagesbild_frozen", False)


def _bbox(fig):
    return None if _laid_out(fig) else "tight"


def freeze_layout(fig):
    """Lay the figure out once (constrained layout) and keep that layout: afterwards text extents are
    final and adding annotations does not move the axes. Returns the canvas renderer for measuring."""
    from .render import _SharedTextMetrics

    engine = fig.get_layout_engine()
    renderer = fig.canvas.get_renderer()
    with _SharedTextMetrics(renderer):
        if type(engine).__name__ == "ConstrainedLayoutEngine":
            engine.execute(fig)
        for ax in fig.axes:  # autoscaled limits are settled lazily: settle them before measuring
            ax.get_xlim(), ax.get_ylim()
            ax.apply_aspect()
    fig.set_layout_engine("none")
    fig._lagesbild_frozen = True
    return renderer


def to_png(fig) -> bytes:
    """Render a figure to PNG bytes (phone-legible; one draw, tight crop, 256-colour palette: see
    ``figures.render``). Reports embed SVG (:func:`to_svg`); PNG is for handouts and tools."""
    from .render import png_bytes

    return png_bytes(legible(fig), dpi=int(_RC["savefig.dpi"]))


_SVG_NOISE = re.compile(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*|<metadata>.*?</metadata>\s*", re.S)


def to_svg(fig) -> str:
    """Render a figure to an SVG string (text as text, dense parts rasterised, no metadata block)."""
    from .render import svg_text

    legible(fig)
    if _laid_out(fig):  # one layout, one draw, each distinct text measured once per process
        return _SVG_NOISE.sub("", svg_text(fig, _RC["savefig.dpi"]))
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _SVG_NOISE.sub("", buf.getvalue().decode("utf-8"))


def show(fig, close: bool = True) -> None:
    """Display a figure in a notebook as SVG with its alt text in the output metadata."""
    from IPython.display import display

    alt = get_alt_text(fig)
    display({"image/svg+xml": to_svg(fig), "text/plain": alt}, raw=True, metadata={"image/svg+xml": {"alt": alt}})
    if close:
        plt.close(fig)
