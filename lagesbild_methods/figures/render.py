"""Turn a finished figure into image bytes for a report, cheaply (one draw, small files).

Measured with ``benchmarks/bench_figures.py`` on the 14 figures of a step-1 report (CPU seconds, so a
busy shared machine does not blur the comparison): ``savefig(bbox_inches="tight")`` lays out every
text twice (once to find the tight box, once to draw) with FreeType's auto-hinter, and zlib then
compresses a 24-bit image. :func:`png_bytes` instead

1. draws once on the Agg canvas with hinting off (hinting buys nothing at 110 dpi and above and costs
   about a third of the text layout),
2. asks for the tight bounding box with the canvas's renderer (the draw then finds every text's layout
   in that renderer's cache), draws once and cuts the pixels to the box with the same padding as ``bbox_inches="tight"`` (if something
   sticks out of the canvas, e.g. a legend placed below the axes, it falls back to ``savefig``, which
   can grow the canvas to include it),
3. stores the image with a 256-colour palette (charts use a handful of colours plus anti-aliasing; the
   file is about a third of the 24-bit one) and without metadata, so the same figure gives the same
   bytes on every machine and in every worker.

Text size on a phone is set by the figure's width in inches and its font size (see
``bench_figures.py``), not by the dpi; the dpi decides sharpness on high-density screens.
"""
from __future__ import annotations

import functools
import io
import math
import threading

import matplotlib
import numpy as np

DPI = 110


def _redraw_in_box(fig, bbox_inches, dpi: int):
    """Draw again into a canvas the size of ``bbox_inches`` (content outside the figure: the tight box
    is already known, so this is one draw, not the two of ``bbox_inches="tight"``)."""
    from PIL import Image

    buf = io.BytesIO()
    with matplotlib.rc_context({"text.hinting": "none"}):
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches=bbox_inches, pad_inches=0,
                    metadata={"Software": None}, pil_kwargs={"compress_level": 0})
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _tight_pixels(fig, bbox, rgba: np.ndarray, dpi: float) -> np.ndarray | None:
    """The drawn pixels cut to the tight bounding box plus ``savefig.pad_inches`` (the padding may lie
    outside the canvas: it is filled with the figure's background, as ``savefig`` does), or None if the
    content itself reaches outside the canvas and a plain crop would cut it."""
    w_in, h_in = fig.get_size_inches()
    tol = 1.0 / dpi
    if bbox.x0 < -tol or bbox.y0 < -tol or bbox.x1 > w_in + tol or bbox.y1 > h_in + tol:
        return None
    pad = matplotlib.rcParams["savefig.pad_inches"]
    h_px, w_px = rgba.shape[:2]
    # pixel edges in image coordinates (origin top left), as savefig rounds them
    left = int(round((bbox.x0 - pad) * dpi))
    right = int(round((bbox.x1 + pad) * dpi))
    top = int(round(h_px - (bbox.y1 + pad) * dpi))
    bottom = int(round(h_px - (bbox.y0 - pad) * dpi))
    if right - left < 2 or bottom - top < 2:
        return None
    face = np.array(matplotlib.colors.to_rgba(fig.get_facecolor()))[:3] * 255
    out = np.empty((bottom - top, right - left, 3), dtype=np.uint8)
    out[...] = np.round(face).astype(np.uint8)
    src = rgba[max(top, 0):min(bottom, h_px), max(left, 0):min(right, w_px), :3]
    oy, ox = max(top, 0) - top, max(left, 0) - left
    out[oy:oy + src.shape[0], ox:ox + src.shape[1]] = src
    return out


def png_bytes(fig, dpi: int = DPI, colours: int = 256) -> bytes:
    """PNG bytes of ``fig`` cropped like ``bbox_inches="tight"``, drawn once (see module docstring)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    old_dpi = fig.dpi
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    try:
        fig.set_dpi(dpi)
        with matplotlib.rc_context({"text.hinting": "none"}):
            # the tight box first (text layouts are cached per renderer, and draw() reuses this renderer),
            # so a figure whose content sticks out of the canvas is drawn once, straight into its box
            bbox = fig.get_tightbbox(canvas.get_renderer())  # inches
            if bbox is None or not all(map(math.isfinite, bbox.bounds)):
                bbox = fig.bbox_inches
            w_in, h_in = fig.get_size_inches()
            tol = 1.0 / dpi
            inside = not (bbox.x0 < -tol or bbox.y0 < -tol or bbox.x1 > w_in + tol or bbox.y1 > h_in + tol)
            if inside:
                canvas.draw()
                pixels = _tight_pixels(fig, bbox, np.asarray(canvas.buffer_rgba()), dpi)
        if not inside or pixels is None:
            fig.set_dpi(old_dpi)
            img = _redraw_in_box(fig, bbox.padded(matplotlib.rcParams["savefig.pad_inches"]), dpi)
        else:
            img = Image.fromarray(pixels)
    finally:
        fig.set_dpi(old_dpi)
    if colours:
        img = img.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    img.save(buf, format="png", compress_level=6)
    return buf.getvalue()


# --- SVG, the format reports embed -------------------------------------------------------------
#
# Profiled on the 15 figures of a step-1 report (``benchmarks/bench_figures.py``): saving with
# ``savefig(format="svg")`` lays out every figure (constrained layout: two passes that measure every
# text), draws it once with drawing switched off so the layout settles, and then draws it for real:
# the texts of a figure are measured three to four times, and each renderer (a new one per save)
# keeps its own cache of text sizes, so "2019", "Antal" or a Swedish tick label is measured again in
# every figure. :func:`svg_text` lays out once, draws once, and measures each distinct text once per
# process (sizes depend only on the string, the font, the dpi and the kind of renderer).

_METRICS: dict = {}
_METRICS_MAX = 50_000  # distinct (text, font, size) combinations kept; a report has a few hundred
# settings that decide which font file a family name means and how glyphs are measured
_FONT_RC = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.cursive", "font.fantasy",
            "font.style", "font.variant", "font.weight", "font.stretch", "mathtext.fontset", "text.usetex",
            "text.hinting", "text.hinting_factor", "text.kerning_factor")


def _measure(renderer, prefix, text, fontprop, ismath, dpi):
    key = (prefix, text, fontprop, ismath, dpi)
    found = _METRICS.get(key)
    if found is None:
        if len(_METRICS) > _METRICS_MAX:
            _METRICS.clear()
        found = _METRICS[key] = renderer.get_text_width_height_descent(text, fontprop, ismath)
    return found


def _font_height_metrics(prop, dpi, cache):
    """What ``Text._get_layout`` computes for every text from the font's tables (ascent, descent,
    line gap at ``dpi``), once per font and size within one save."""
    from matplotlib.font_manager import fontManager, get_font

    key = (hash(prop), prop.get_size_in_points(), dpi)
    if key not in cache:
        font = get_font(fontManager._find_fonts_by_props(prop))
        cache[key] = (None, None, None)
        for table_name, gap, asc, desc in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                           ("hhea", "lineGap", "ascent", "descent")):
            table = font.get_sfnt_table(table_name)
            if table is None:
                continue
            scale = prop.get_size_in_points() * dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
            cache[key] = (table[asc] * scale, -table[desc] * scale, table[gap] * scale)
            break
    return cache[key]


class _SharedTextMetrics:
    """Context in which matplotlib measures each distinct text once per process (see above) and
    reads each font's height tables once. Only caching changes; every size is what matplotlib itself
    computes. ``renderers``: renderers used inside the context, given the font-height shortcut
    (matplotlib's hook for it is ``renderer._get_font_height_metrics``) until the context ends."""

    def __init__(self, *renderers):
        self.renderers = [(r, getattr(r, "dpi", 72.0)) for r in renderers if r is not None]

    _lock = threading.RLock()  # the hook is a module global: one figure is saved at a time

    def __enter__(self):
        import matplotlib.text as mtext

        self._lock.acquire()
        rc = matplotlib.rcParams
        prefix_rc = tuple(str(rc[k]) for k in _FONT_RC if k in rc)
        self._saved = getattr(mtext, "_get_text_metrics_function", None)
        if self._saved is not None:  # a matplotlib without the hook: just slower
            def shared(renderer):
                kind = type(getattr(renderer, "_renderer", renderer))  # MixedModeRenderer: its SVG renderer
                return functools.partial(_measure, renderer, (kind, prefix_rc))

            mtext._get_text_metrics_function = shared
        heights: dict = {}
        for r, dpi in self.renderers:
            if not hasattr(r, "_get_font_height_metrics"):
                r._get_font_height_metrics = functools.partial(_font_height_metrics, dpi=dpi, cache=heights)
        return self

    def __exit__(self, *exc):
        import matplotlib.text as mtext

        if self._saved is not None:
            mtext._get_text_metrics_function = self._saved
        for r, _ in self.renderers:
            if isinstance(r.__dict__.get("_get_font_height_metrics"), functools.partial):
                del r._get_font_height_metrics
        self._lock.release()
        return False


def svg_text(fig, dpi: float | None = None) -> str:
    """The figure as an SVG document (what ``savefig(format="svg")`` writes), laid out once and drawn
    once. ``dpi`` is the resolution of the parts drawn as images (rasterised scatters, heat maps)."""
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import RendererSVG

    dpi = float(dpi or matplotlib.rcParams["savefig.dpi"])
    engine = fig.get_layout_engine()
    old_dpi = fig.dpi
    buf = io.StringIO()
    try:
        fig.dpi = 72  # as FigureCanvasSVG.print_svg: one SVG unit is one point
        w, h = fig.get_size_inches()
        svg = RendererSVG(w * 72, h * 72, buf, image_dpi=dpi, metadata={"Date": None})
        renderer = MixedModeRenderer(fig, w, h, dpi, svg)
        with _SharedTextMetrics(svg):
            if engine is not None and engine.__class__.__name__ != "PlaceHolderLayoutEngine":
                # the layout, once, measured by the SVG renderer itself (as savefig does: the canvas's
                # raster renderer would measure hinted text at 72 dpi and give other margins)
                fig._get_renderer = lambda: renderer
                try:
                    engine.execute(fig)
                finally:
                    del fig._get_renderer
            fig.set_layout_engine(None)  # ... and not again during the draw
            fig.draw(renderer)
            renderer.finalize()
    finally:
        fig.dpi = old_dpi
        if engine is not None:
            fig.set_layout_engine(engine)
    return buf.getvalue()
