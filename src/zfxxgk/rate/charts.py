"""Charts of the review notice as PNG images, drawn by matplotlib (the `charts` extra) with a CJK font.

Without matplotlib, or without a font that has Chinese glyphs, no image is drawn (None) and the notice
keeps its tables, whose bars of characters show the same proportions; nothing is drawn with boxes for
characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from io import BytesIO

CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC")
COLORS = ("#94a3b8", "#2563eb")


@cache
def cjk_font() -> str | None:
    """The first installed font family with Chinese glyphs, or None (also when matplotlib is missing)."""
    try:
        from matplotlib import font_manager
    except ImportError:
        return None
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _png(figure: object) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)  # type: ignore[arg-type]
    out = BytesIO()
    figure.savefig(out, format="png", dpi=150, bbox_inches="tight")  # type: ignore[attr-defined]
    return out.getvalue()


def grouped_bars(labels: Sequence[str], series: dict[str, Sequence[float]], ylabel: str = "") -> bytes | None:
    """Vertical bars, one group per label, one bar per series (e.g. last year and this year)."""
    font = cjk_font()
    if font is None:
        return None
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context({"font.family": font, "axes.unicode_minus": False}):
        figure = Figure(figsize=(7, 3.2))
        axes = figure.add_subplot()
        width = 0.8 / max(1, len(series))
        for k, (name, values) in enumerate(series.items()):
            xs = [i + (k - (len(series) - 1) / 2) * width for i in range(len(labels))]
            bars = axes.bar(xs, values, width=width, label=name, color=COLORS[k % len(COLORS)])
            axes.bar_label(bars, labels=[f"{v:g}" for v in values], fontsize=7)
        axes.set_xticks(range(len(labels)), labels, fontsize=8)
        axes.set_ylabel(ylabel)
        axes.legend(fontsize=8)
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], xlabel: str = "") -> bytes | None:
    """One horizontal bar per label, the first at the top (e.g. agencies by score)."""
    font = cjk_font()
    if font is None:
        return None
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context({"font.family": font}):
        figure = Figure(figsize=(7, 0.6 + 0.32 * len(labels)))
        axes = figure.add_subplot()
        bars = axes.barh(range(len(labels)), values, color=COLORS[1])
        axes.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7)
        axes.set_yticks(range(len(labels)), labels, fontsize=8)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel(xlabel)
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)
