"""LaTeX and Markdown reports of verified derivations, rendered through Jinja templates.

>>> catalog = symkl.catalog.load()
>>> write_reports(symkl.runner.verify(catalog.entries), catalog.entries, Path("reports"))

One document per entry (``<name>.tex``, ``<name>.md``) plus ``index.tex`` / ``index.md``;
deterministic (same results, same bytes: no timings, no dates) and written atomically. Templates
in a folder passed as ``templates=`` are found before the package's own. ``python -m
symkl.report`` regenerates the committed ``reports/`` folder, figures included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._environment import ReportFormat, environment
from ._errors import ReportBuildError, ReportError, ReportFormatError, ReportTemplateError
from ._escape import escape_md, escape_tex
from ._pdf import build_pdf
from ._reports import render_reports, write_reports
from ._write import prune_stale, write_atomic

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "ReportBuildError",
    "ReportError",
    "ReportFormat",
    "ReportFormatError",
    "ReportTemplateError",
    "build_pdf",
    "draw_figures",
    "environment",
    "escape_md",
    "escape_tex",
    "prune_stale",
    "render_reports",
    "write_atomic",
    "write_reports",
]


def draw_figures(folder: Path) -> list[Path]:
    """Draw the report figures into ``folder`` (needs matplotlib, the ``plots`` extra)."""
    from ._figures import draw_figures as draw  # matplotlib is imported only when drawing

    return draw(folder)
