"""Drawing the two report figures with matplotlib (the optional ``plots`` extra), byte-stable.

>>> draw_figures(Path("reports/figures"))
[PosixPath('reports/figures/bernoulli-ce-kl.pdf'), ...]

matplotlib rather than pgfplots: the Markdown documents need raster images (GitHub, GitLab and
Colab cannot run pgfplots), and one drawing serves both formats (PNG for Markdown, PDF for
LaTeX). The numbers come from :mod:`._fits`, which the documents' captions quote as well.
Output is deterministic: no creation dates or software versions in the metadata, a fixed SVG
hash salt, the bundled DejaVu fonts, and an explicit figure (no pyplot global state).
"""

from __future__ import annotations

import functools
import importlib.util
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from markupsafe import Markup

from ._escape import Raw
from ._fits import BernoulliCurves, GaussianFits, bernoulli_curves, gaussian_fits, mixture_pdf
from ._write import write_atomic

__all__ = ["FIGURE_FOLDER", "Figures", "draw_figures", "figure_svgs", "figures"]

#: Figures live here, relative to the report folder (see :func:`symkl.report.draw_figures`).
FIGURE_FOLDER = "figures"


@dataclass(frozen=True)
class Figures:
    """What the documents say about the figures: file stems and the numbers they show."""

    folder: Raw
    forward_reverse: Raw
    bernoulli: Raw
    fits: GaussianFits
    curves: BernoulliCurves
    #: inline SVG by file stem, for HTML (empty when matplotlib is missing or not asked for)
    svg: Mapping[str, Markup] = field(default_factory=dict)
    #: whether matplotlib (the ``plots`` extra) is installed, so the figure files can exist
    available: bool = True


def figures(*, svg: bool = False) -> Figures:
    """The figures' file stems and computed numbers (the same the drawings use)."""
    drawn: dict[str, Markup] = {}
    if svg:
        drawn = {stem: Markup(text) for stem, text in figure_svgs().items()}
    return Figures(
        folder=Raw(FIGURE_FOLDER),
        forward_reverse=Raw("forward-reverse-kl"),
        bernoulli=Raw("bernoulli-ce-kl"),
        fits=gaussian_fits(),
        curves=bernoulli_curves(),
        svg=drawn,
        available=importlib.util.find_spec("matplotlib") is not None,
    )


_RC: dict[Any, Any] = {  # matplotlib types the keys as a Literal of every rc name
    "font.family": "DejaVu Sans",
    "font.size": 11.0,
    "svg.hashsalt": "symkl",
    "path.simplify": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_METADATA = {
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    "svg": {"Date": None, "Creator": None},
}


def _normal_pdf(x: Any, mean: float, sd: float) -> Any:
    return np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))


def _forward_reverse(fig: Any) -> None:
    fits = gaussian_fits()
    x = np.linspace(-6.0, 6.0, 1201)
    ax = fig.add_subplot(1, 1, 1)
    ax.fill_between(x, mixture_pdf(x), color="0.85", label="p: ½N(−2, ½²) + ½N(2, ½²)")
    ax.plot(x, mixture_pdf(x), color="0.35", linewidth=1.0)
    f, r = fits.forward, fits.reverse
    ax.plot(
        x,
        _normal_pdf(x, f.mean, f.sd),
        color="#0969DA",
        linewidth=2.0,
        label=f"forward KL(p‖q) fit: μ = {f.mean:g}, σ² = {f.variance:g} (mass-covering)",
    )
    ax.plot(x, _normal_pdf(x, r.mean, r.sd), color="#CF222E", linewidth=2.0, linestyle="--",
            label=f"reverse KL(q‖p) fit: μ = {r.mean:g}, σ = {r.sd:g} (mode-seeking)")  # fmt: skip
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_title("One Gaussian q fitted to a bimodal p")
    ax.legend(loc="upper left", frameon=False, fontsize=10.5)
    ax.set_ylim(0, 1.15)


def _bernoulli(fig: Any) -> None:
    curves = bernoulli_curves()
    q = np.linspace(0.005, 0.995, 991)
    h, ce, kl = curves.arrays(q)
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(q, ce, color="#0969DA", linewidth=2.0, label="H(p, q)  cross-entropy")
    ax.plot(q, kl, color="#CF222E", linewidth=2.0, label="KL(p‖q)")
    ax.plot(q, h, color="0.35", linewidth=1.5, linestyle="--",
            label=f"H(p) = {curves.entropy_value:g} nats (the constant offset)")  # fmt: skip
    minimiser = float(curves.minimiser)
    ax.axvline(minimiser, color="0.5", linewidth=0.8, linestyle=":")
    ax.annotate("", xy=(0.75, float(np.interp(0.75, q, ce))),
                xytext=(0.75, float(np.interp(0.75, q, kl))),
                arrowprops={"arrowstyle": "<->", "color": "0.35"})  # fmt: skip
    ax.text(0.77, float(np.interp(0.75, q, kl)) + curves.entropy_value / 2, "H(p)", color="0.35")
    ax.set_xlabel(f"q   (shared minimum at q = {curves.minimiser})")
    ax.set_ylabel("nats")
    ax.set_title(f"Bernoulli p = {curves.p} against Bernoulli q")
    ax.set_ylim(0, 2.5)
    ax.set_xlim(0, 1)
    ax.legend(loc="upper center", frameon=False, fontsize=10.5)


def _drawings() -> tuple[tuple[str, Any], ...]:
    names = figures()
    return ((names.forward_reverse, _forward_reverse), (names.bernoulli, _bernoulli))


def _render(draw: Any, formats: tuple[str, ...]) -> dict[str, bytes]:
    """One drawing in each of ``formats``, as bytes (the figure is drawn once)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    out = {}
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.0, 3.8), layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig)
        for fmt in formats:
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, dpi=150, metadata=_METADATA[fmt])
            out[fmt] = buffer.getvalue()
    return out


def _need_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:  # the figures are optional; say how to get them
        message = "drawing report figures needs matplotlib: pip install 'symkl[plots]'"
        raise ImportError(message) from exc


def draw_figures(folder: Path) -> list[Path]:
    """Write both figures as PDF (for LaTeX) and PNG (for Markdown) into ``folder``."""
    _need_matplotlib()
    written = []
    for stem, draw in _drawings():
        for fmt, data in _render(draw, ("pdf", "png")).items():
            path = Path(folder) / f"{stem}.{fmt}"
            write_atomic(path, data)
            written.append(path)
    return written


def figure_svgs() -> dict[str, str]:
    """Both figures as inline SVG elements by file stem (for HTML); empty without matplotlib."""
    try:
        _need_matplotlib()
    except ImportError:
        return {}
    return dict(_svgs())


@functools.lru_cache(maxsize=1)
def _svgs() -> tuple[tuple[str, str], ...]:
    """The drawings as SVG, drawn once per process (they depend on nothing but the code)."""
    svgs = []
    for stem, draw in _drawings():
        text = _render(draw, ("svg",))["svg"].decode("utf-8")
        # inline: drop the XML declaration and DOCTYPE, keep the <svg> element
        svgs.append((stem, text[text.index("<svg") :].strip()))
    return tuple(svgs)
