"""Building a report folder from verified entries: what ``symkl report`` and ``python -m
symkl.report`` both do.

>>> from symkl.catalog import Catalog, load
>>> from symkl.runner import verify_catalog
>>> verified = verify_catalog(Catalog(load().entries[:1]))
>>> [path.name for path in build_reports(verified, Path("reports"), draw=False)]
['one-hot-ce-is-kl.tex', 'index.tex', 'one-hot-ce-is-kl.md', 'index.md']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .._verdicts import Verified
from ..cache import ProofCache
from ._environment import ReportFormat
from ._exercise import write_exercises
from ._figures import FIGURE_FOLDER, draw_figures
from ._reports import write_reports
from ._write import prune_stale

__all__ = ["ExerciseOptions", "build_reports"]

#: The documents symkl writes; only these are pruned when their entry is gone.
_GENERATED = (".tex", ".md", ".html")


@dataclass(frozen=True)
class ExerciseOptions:
    """How to make the exercise sheets (see :func:`symkl.report.write_exercises`)."""

    seed: int = 0
    mode: str = "mixed"
    timeout: float | None = 60.0
    cache: ProofCache | None = None


def build_reports(
    verified: Sequence[Verified],
    out_dir: Path,
    *,
    formats: Sequence[ReportFormat | str] = ("tex", "md"),
    templates: Path | None = None,
    pdf: bool = False,
    title: str | None = None,
    draw: bool = True,
    catalog_figures: bool | None = None,
    exercises: ExerciseOptions | None = None,
) -> list[Path]:
    """Draw the figures (``draw``; first, so that the PDFs include them), write every document
    and the index, remove documents written earlier for entries that are gone, and, with
    ``exercises``, the exercise sheets in ``out_dir/exercises``; returns the files written."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    if draw:
        written += draw_figures(out_dir / FIGURE_FOLDER)
    written += write_reports(
        verified, None, out_dir, formats=formats, templates=templates, pdf=pdf, title=title,
        catalog_figures=catalog_figures,
    )  # fmt: skip
    prune_stale(out_dir, written, _GENERATED)
    if exercises is not None:
        sheets = write_exercises(
            verified, None, out_dir / "exercises", seed=exercises.seed, mode=exercises.mode,
            formats=formats, templates=templates, timeout=exercises.timeout,
            cache=exercises.cache, pdf=pdf,
        )  # fmt: skip
        prune_stale(out_dir / "exercises", sheets, _GENERATED)
        written += sheets
    return written
