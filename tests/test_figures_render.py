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
