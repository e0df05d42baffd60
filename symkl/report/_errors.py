"""The errors the report writer raises: each a :class:`~symkl.errors.SymklError` and a builtin.

>>> isinstance(ReportBuildError("kl.tex: ! Undefined control sequence."), RuntimeError)
True
"""

from __future__ import annotations

from ..errors import SymklError

__all__ = ["ReportBuildError", "ReportError", "ReportFormatError", "ReportTemplateError"]


class ReportError(SymklError):
    """Base class of the report writer's errors."""


class ReportFormatError(ReportError, ValueError):
    """An output format that is not one of :class:`ReportFormat`, e.g. ``"html"``."""


class ReportTemplateError(ReportError, ValueError):
    """A template that is missing, does not parse, or uses an undefined name."""


class ReportBuildError(ReportError, RuntimeError):
    """``latexmk`` failed or is missing; the message carries the LaTeX log's first error."""
