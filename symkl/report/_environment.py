"""The Jinja environments: package templates (overridable), LaTeX-safe delimiters, filters.

>>> environment(ReportFormat.TEX).get_template("entry.tex.j2")
<Template 'entry.tex.j2'>

In ``.tex`` templates Jinja is written ``\\VAR{x}``, ``\\BLOCK{for x in xs}``, ``%# comment``, so
LaTeX's ``{``, ``}`` and ``%`` never clash with it. Every value a template prints goes through
``finalize``: plain strings are escaped for the format (so text from a claim is printed, never
executed, even if a template forgets ``escape_tex``); only filter results marked :class:`Raw`
(LaTeX from SymPy's printer, verdict badges) are printed as they are.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import sympy

from .._proof import Verdict
from ._citations import citation_filters
from ._errors import ReportFormatError, ReportTemplateError
from ._escape import (
    Raw,
    escape_md,
    escape_tex,
    format_number,
    math_unicode,
    number_tex,
    symbol_is_identifier,
)
from ._html import html_filters
from ._title import title_md, title_tex

__all__ = ["Raw", "ReportFormat", "environment", "symbol_latex"]


class ReportFormat(enum.Enum):
    """The document formats :func:`~symkl.report.write_reports` writes."""

    TEX = "tex"
    MD = "md"
    HTML = "html"

    @classmethod
    def parse(cls, value: ReportFormat | str) -> ReportFormat:
        """``ReportFormat.parse("md")`` is ``ReportFormat.MD``; unknown names raise, naming them."""
        if isinstance(value, ReportFormat):
            return value
        if isinstance(value, str):
            try:
                return cls(value.strip().lower().lstrip("."))
            except ValueError:
                pass
        names = ", ".join(f.value for f in cls)
        raise ReportFormatError(f"unknown report format {value!r}; expected one of {names}")


def symbol_latex(name: object) -> str:
    """A counterexample key as LaTeX: ``p_1`` → ``p_{1}``, ``theta`` → ``\\theta``, else text."""
    text = str(name)
    if symbol_is_identifier(text):
        return math_unicode(sympy.latex(sympy.Symbol(text)))
    return r"\text{" + escape_tex(text) + "}"


def _latex(value: object) -> Raw:
    if isinstance(value, Raw):
        return value
    if value is None:  # a result whose definition is not at hand
        return Raw(r"\text{(not available)}")
    return Raw(math_unicode(sympy.latex(value)))


def _wrt(symbols: object) -> Raw:
    values = symbols if isinstance(symbols, (tuple, list)) else (symbols,)
    return Raw(math_unicode(", ".join(sympy.latex(s) for s in values)))


def _verdict_name(value: object) -> str:
    return value.value if isinstance(value, Verdict) else str(value)


def _verdict_tex(value: object, method: object = "") -> Raw:
    name = _verdict_name(value)
    known = name if name in {v.value for v in Verdict} else "undecided"
    return Raw(f"\\verdict{{{known}}}{{{escape_tex(method)}}}")


def _verdict_md(value: object, method: object = "") -> Raw:
    label = f"**{escape_md(_verdict_name(value))}**"
    return Raw(f"{label} ({escape_md(method)})" if method else label)


def _number_md(value: object) -> Raw:
    text = format_number(value)
    # digits, signs, '.', 'e' are literal in Markdown; anything else (e.g. 'nan') is escaped
    return Raw(text if re.fullmatch(r"[+-]?[\d.]+(e[+-]?\d+)?", text) else escape_md(text))


def _finalize(escape: Callable[[object], str]) -> Callable[[object], str]:
    def finalize(value: object) -> str:
        if isinstance(value, Raw):
            return value
        if isinstance(value, Verdict):
            return escape(value.value)
        return escape(value)

    return finalize


def _html_finalize(value: object) -> object:
    # autoescaping then escapes whatever this returns unless it is Markup
    return value.value if isinstance(value, Verdict) else value


def _filters(fmt: ReportFormat) -> dict[str, Callable[..., Any]]:
    common: dict[str, Callable[..., Any]] = {
        "latex": _latex,
        "wrt": _wrt,
        "symbol": lambda name: Raw(symbol_latex(name)),
        "escape_tex": lambda text: text if isinstance(text, Raw) else Raw(escape_tex(text)),
        "escape_md": lambda text: text if isinstance(text, Raw) else Raw(escape_md(text)),
    }
    if fmt is ReportFormat.HTML:
        return {**html_filters(), **citation_filters("html")}
    if fmt is ReportFormat.TEX:
        return {
            **common,
            **citation_filters("tex"),
            "verdict": _verdict_tex,
            "number": lambda value: Raw(number_tex(value)),
            "title_tex": lambda text: Raw(title_tex(text)),
        }
    return {
        **common,
        **citation_filters("md"),
        "verdict": _verdict_md,
        "number": _number_md,
        "title_tex": lambda text: Raw(title_md(text)),  # Markdown: formulas as $…$ math
    }


_TEX_SYNTAX: dict[str, Any] = {
    "block_start_string": r"\BLOCK{",
    "block_end_string": "}",
    "variable_start_string": r"\VAR{",
    "variable_end_string": "}",
    "comment_start_string": r"\#{",
    "comment_end_string": "}",
    "line_statement_prefix": "%%",
    "line_comment_prefix": "%#",
}


def environment(fmt: ReportFormat, templates: Path | None = None) -> jinja2.Environment:
    """The environment for ``fmt``; templates in the folder ``templates`` are found first."""
    folder = None if templates is None else str(Path(templates).resolve())
    if folder is not None and not Path(folder).is_dir():
        raise ReportTemplateError(f"templates folder {str(templates)!r} does not exist")
    return _environment(fmt, folder)


@functools.lru_cache(maxsize=16)
def _environment(fmt: ReportFormat, folder: str | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if folder is not None:
        loaders.append(jinja2.FileSystemLoader(folder))
    loaders.append(jinja2.PackageLoader("symkl.report", "templates"))
    escape = escape_tex if fmt is ReportFormat.TEX else escape_md
    html = fmt is ReportFormat.HTML
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        # HTML: Jinja's own escaping (filters return Markup); TeX and Markdown: finalize escapes
        autoescape=html,
        finalize=_html_finalize if html else _finalize(escape),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **(_TEX_SYNTAX if fmt is ReportFormat.TEX else {}),
    )
    env.filters.update(_filters(fmt))
    return env


def template_names(fmt: ReportFormat) -> Sequence[str]:
    """The templates one report run renders for ``fmt``: one per entry, and the index."""
    return (f"entry.{fmt.value}.j2", f"index.{fmt.value}.j2")
