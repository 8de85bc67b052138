"""figures.render.png_bytes: same crop as savefig(bbox_inches="tight"), nothing cut off, same bytes every time."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from lagesbild_methods.figures.render import png_bytes  # noqa: E402


def _tight_size(fig, dpi=110) -> tuple[int, int]:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return Image.open(io.BytesIO(buf.getvalue())).size


def _figure(outside: bool):
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot([2019, 2020, 2021, 2022], [1200, 1350, 1280, 1410], label="Heby")
    ax.set_title("Anmälda brott per 100 000 invånare")
    if outside:  # a note below the axes, outside the figure's canvas: the crop must grow, not cut
        ax.annotate("Källa: övningsdata", xy=(0, -0.45), xycoords="axes fraction", fontsize=9)
    return fig


def test_same_size_as_savefig_tight_and_nothing_cut():
    for outside in (False, True):
        fig = _figure(outside)
        w, h = Image.open(io.BytesIO(png_bytes(fig))).size
        tw, th = _tight_size(fig)
        assert abs(w - tw) <= 2 and abs(h - th) <= 2, (outside, (w, h), (tw, th))
        if outside:
            assert h > 3.5 * 110 * 0.9  # the note below the axes made the image taller than a plain crop
        plt.close(fig)


def test_note_outside_the_canvas_is_in_the_image():
    fig = _figure(True)
    img = np.asarray(Image.open(io.BytesIO(png_bytes(fig))).convert("L"))
    bottom_rows = img[-int(0.25 * 110):]  # the note is drawn in the last quarter inch
    assert (bottom_rows < 128).any(), "the note below the axes was cut off"
    plt.close(fig)


def test_same_bytes_every_time_and_small_palette_image():
    fig = _figure(False)
    a, b = png_bytes(fig), png_bytes(fig)
    assert a == b
    img = Image.open(io.BytesIO(a))
    assert img.mode == "P" and img.info.get("Software") is None
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    assert len(a) < len(buf.getvalue())
    plt.close(fig)


# --- SVG: one layout pass and one draw must give exactly what savefig gives -------------------------

def _house_figures():
    import pandas as pd

    from lagesbild_methods import columns as C
    from lagesbild_methods.figures import pattern_figures as PF
    from lagesbild_methods.figures import stats_figures as SF
    from lagesbild_methods.stats.rates import rates

    rows = [{C.KOMMUNKOD: kod, C.AR: ar, C.ANTAL: base + i * base // 20, C.FOLKMANGD: pop}
            for kod, pop, base in [("0319", 9600, 60), ("03", 400_000, 2400), ("00", 10_500_000, 60_000)]
            for i, ar in enumerate(range(2014, 2025))]
    est = rates(pd.DataFrame(rows))
    table = pd.DataFrame(np.arange(7 * 24).reshape(7, 24) % 17, index=list("mtowtfl"), columns=range(24))
    wheel = pd.DataFrame({"index": np.linspace(0.7, 1.3, 12), "aterkommande_topp": [False] * 11 + [True],
                          "namn": [f"m{i}" for i in range(12)]})
    return [lambda: SF.rate_over_time(est, "0319"),  # legend below, many year ticks
            lambda: SF.ranked_dot_plot(est[est[C.AR] == 2024], benchmark=600.0),
            lambda: PF.hour_weekday_heatmap(table),  # image + colour bar (two axes)
            lambda: PF.annual_wheel_figure(wheel)]  # polar axes


def test_svg_text_is_byte_identical_to_savefig():
    """The fast path (``render.svg_text``: layout once, draw once, shared text sizes) changes the cost,
    not the picture: the same figure saved both ways gives the same SVG, byte for byte."""
    from lagesbild_methods.figures import style
    from lagesbild_methods.figures.render import svg_text

    for make in _house_figures():
        a, b = style.legible(make()), style.legible(make())
        fast = svg_text(a, 150)
        buf = io.BytesIO()
        b.savefig(buf, format="svg", dpi=150, metadata={"Date": None})
        assert fast == buf.getvalue().decode("utf-8"), a.axes[0].get_title(loc="left")
        assert type(a.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"  # the engine is given back
        plt.close(a)
        plt.close(b)


def test_shared_text_sizes_follow_the_font_settings():
    """Text sizes are cached per process; a different font size or font family must not reuse them.
    (The left margin that the layout leaves for the tick labels shows the measured width.)"""
    from lagesbild_methods.figures.render import svg_text

    def left_margin(**rc):
        with matplotlib.rc_context(rc):
            fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
            ax.set_yticks([0, 50_000], ["0", "50 000 händelser"])
            svg_text(fig)
            x0 = ax.get_position().x0
            plt.close(fig)
            return x0

    base = left_margin(**{"ytick.labelsize": 12})
    assert left_margin(**{"ytick.labelsize": 12}) == base
    assert left_margin(**{"ytick.labelsize": 18}) > base * 1.3
    # the same family name ("sans-serif") meaning another font
    assert left_margin(**{"ytick.labelsize": 12, "font.family": "sans-serif",
                          "font.sans-serif": ["DejaVu Sans Mono"]}) != base
