"""LaTeX, Markdown and HTML reports of verified derivations, and exercise sheets, through Jinja.

>>> from pathlib import Path
>>> import symkl
>>> from symkl.catalog import Catalog, load
>>> verified = symkl.runner.verify_catalog(Catalog(load().entries[:1]))
>>> build_reports(verified, Path("reports"), formats=["md"], draw=False)
[PosixPath('reports/one-hot-ce-is-kl.md'), PosixPath('reports/index.md')]

One document per entry (``<name>.tex``, ``<name>.md``, ``<name>.html``) plus an index;
:func:`write_exercises` writes a student sheet and an answer key per derivation;
deterministic (same results, same bytes: no timings, no dates) and written atomically. Templates
in a folder passed as ``templates=`` are found before the package's own. ``python -m
symkl.report`` regenerates the committed ``reports/`` folder, figures included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._build import ExerciseOptions, build_reports
from ._environment import ReportFormat, environment
from ._errors import ReportBuildError, ReportError, ReportFormatError, ReportTemplateError
from ._escape import escape_md, escape_tex
from ._exercise import Exercise, make_exercises, render_exercises, write_exercises
from ._mathml import mathml
from ._mle import mle_latex, mle_text, text_math
from ._pdf import build_pdf
from ._reports import document_title, render_reports, write_reports
from ._title import title_tex
from ._write import prune_stale, write_atomic

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "Exercise",
    "ExerciseOptions",
    "ReportBuildError",
    "ReportError",
    "ReportFormat",
    "ReportFormatError",
    "ReportTemplateError",
    "build_pdf",
    "build_reports",
    "document_title",
    "draw_figures",
    "environment",
    "escape_md",
    "escape_tex",
    "make_exercises",
    "mathml",
    "mle_latex",
    "mle_text",
    "prune_stale",
    "render_exercises",
    "render_reports",
    "text_math",
    "title_tex",
    "write_atomic",
    "write_exercises",
    "write_reports",
]


def draw_figures(folder: Path) -> list[Path]:
    """Draw the report figures into ``folder`` (needs matplotlib, the ``plots`` extra)."""
    from ._figures import draw_figures as draw  # matplotlib is imported only when drawing

    return draw(folder)
