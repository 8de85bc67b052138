"""Figures of one step-1 report: time, bytes and phone legibility for each way of saving them.

    .venv/bin/python benchmarks/bench_figures.py [--kommun Heby] [--upprepa 3]

Builds the report's figures once (the step-1 sections), then saves every figure with each variant
(SVG, PNG at several dpi, with and without ``bbox_inches="tight"``, PNG compression levels) and prints,
per variant: CPU and wall seconds for all figures (median of ``--upprepa`` runs; CPU time is the
fair measure on a shared machine), kilobytes as embedded in the
HTML (base64), and the smallest text in CSS pixels when the figure is shown 390 px wide on a phone
(``text px @390``; the reports issue asks for >= 10). Text size on a phone depends on the figure's width
in inches and its font size, not on the dpi: dpi only decides how sharp it is (device pixels per CSS
pixel: phones have 2-3).
"""
from __future__ import annotations

import argparse
import base64
import io
import os
import statistics
import struct
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PHONE_CSS_PX = 390


def report_figures(kommun: str) -> list:
    from lagesbild_methods.steps import step1

    ctx = step1.load(kommun, 2015, 2025)
    figs = []
    for name in ("oversikt", "sammanfattning", "vanligaste_problem", "jamforelse", "utveckling", "nar", "var",
                 "trygghet", "kallor_och_begransningar", "lagkrav"):
        figs += [p[1] for p in getattr(step1, name)(ctx).parts if p[0] == "fig"]
    return figs


def min_font_pt(fig) -> float:
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) if sizes else float("nan")


def png_width(data: bytes) -> int:
    return struct.unpack(">I", data[16:20])[0]


def svg_width_px(data: bytes) -> float:
    import re

    m = re.search(rb'width="([0-9.]+)pt"', data[:2000])
    return float(m.group(1)) * 96 / 72 if m else float("nan")  # CSS: 1 pt = 96/72 px


VARIANTS = {
    # name: (format, savefig kwargs, rc overrides)
    "png 110 dpi, bbox tight (today)": ("png", {"dpi": 110, "bbox_inches": "tight"}, {}),
    "figures.render.png_bytes 110 dpi": ("render", {"dpi": 110}, {}),
    "figures.render.png_bytes 150 dpi": ("render", {"dpi": 150}, {}),
    "png 110 dpi, bbox tight, no hinting": ("png", {"dpi": 110, "bbox_inches": "tight"}, {"text.hinting": "none"}),
    "png 110 dpi, no bbox tight": ("png", {"dpi": 110}, {}),
    "png 110 dpi, no bbox tight, no hinting": ("png", {"dpi": 110}, {"text.hinting": "none"}),
    "png 110 dpi, bbox tight, compress 1": ("png", {"dpi": 110, "bbox_inches": "tight",
                                                    "pil_kwargs": {"compress_level": 1}}, {}),
    "png 72 dpi, bbox tight": ("png", {"dpi": 72, "bbox_inches": "tight"}, {}),
    "png 150 dpi, bbox tight": ("png", {"dpi": 150, "bbox_inches": "tight"}, {}),
    "png 150 dpi, bbox tight, no hinting": ("png", {"dpi": 150, "bbox_inches": "tight"}, {"text.hinting": "none"}),
    "png 200 dpi, bbox tight": ("png", {"dpi": 200, "bbox_inches": "tight"}, {}),
    "svg text as text, bbox tight": ("svg", {"bbox_inches": "tight"}, {"svg.fonttype": "none"}),
    "svg text as paths, bbox tight": ("svg", {"bbox_inches": "tight"}, {"svg.fonttype": "path"}),
}


def save(fig, fmt: str, kwargs: dict, rc: dict) -> bytes:
    import matplotlib

    if fmt == "render":  # the package's own path (figures/render.png_bytes)
        from lagesbild_methods.figures.render import png_bytes

        return png_bytes(fig, dpi=kwargs["dpi"])
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "lagesbild", **rc}):
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None}, **kwargs)
        else:
            fig.savefig(buf, format="png", metadata={"Software": None}, **kwargs)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kommun", default="Heby")
    ap.add_argument("--upprepa", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    figs = report_figures(args.kommun)
    t_build = time.perf_counter() - t0
    fonts = [min_font_pt(f) for f in figs]
    widths_in = [f.get_size_inches()[0] for f in figs]
    print(f"{len(figs)} figures for {args.kommun}; building them (sections) took {t_build:.2f} s; "
          f"figure widths {min(widths_in):.1f}-{max(widths_in):.1f} in; smallest font {min(fonts):.1f} pt")
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average), {os.cpu_count()} cores")
    print(f"{'variant':42s} {'CPU s':>6s} {'wall s':>7s} {'KB base64':>10s} {'px/in':>6s} {'text px @390':>13s}")
    for name, (fmt, kwargs, rc) in VARIANTS.items():
        times, cpu, out = [], [], []
        for _ in range(args.upprepa):
            t0, c0 = time.perf_counter(), time.process_time()
            out = [save(f, fmt, kwargs, rc) for f in figs]
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        kb = sum(len(base64.b64encode(b)) for b in out) / 1024
        # smallest text when each figure is scaled to the phone width
        text_px = []
        for f, data, pt in zip(figs, out, fonts):
            w_px = svg_width_px(data) if fmt == "svg" else png_width(data)
            dpi = 96 if fmt == "svg" else kwargs.get("dpi", 72)  # SVG: 1 pt = 96/72 CSS px
            text_px.append(pt / 72 * dpi * min(1.0, PHONE_CSS_PX / w_px))
        print(f"{name:42s} {statistics.median(cpu):6.2f} {statistics.median(times):7.2f} {kb:10.0f} "
              f"{kwargs.get('dpi', 96):6d} {min(text_px):13.1f}")
    print("text px @390: smallest text in CSS px when the figure is scaled to a 390 px wide phone screen;"
          " >= 10 needs fonts >= 10 x width_in x 72 / 390 pt (about 1.85 x the width in inches).")


if __name__ == "__main__":
    main()
