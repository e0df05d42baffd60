"""Citations typeset for each report format, with the seed document as a footnote only.

Three filters per format: ``citation`` (the full citation, footnote marks included),
``citation_short`` (the index's column: short name and part) and ``citation_notes`` (the
footnotes a page ends with; LaTeX sets its footnotes inline and needs none)::

    >>> from symkl.citations import CV_DIFFERENCE, cite
    >>> citation_md(cite(CV_DIFFERENCE, "answer 4"))[-29:]
    'answer 4 (score 1)[^seed-000]'
    >>> citation_notes_md(cite(CV_DIFFERENCE, "answer 4"))
    '[^seed-000]: Read from the seed document `000_a763d7db240be4c5.txt`.'

A source that is not a known citation (a user's own text) is printed as escaped text, as before
(in LaTeX with its formulas in math mode, as titles are).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from ..citations import Citation, Sources, Work, lookup
from ._escape import Raw, escape_md, escape_tex
from ._title import title_html, title_md, title_tex

__all__ = [
    "citation_filters",
    "citation_html",
    "citation_md",
    "citation_notes_html",
    "citation_notes_md",
    "citation_short",
    "citation_tex",
]


def _note_id(work: Work) -> str:
    """``seed-001`` for the seed document 001_….txt: stable anchors and Markdown labels."""
    match = re.match(r"\d+", work.seed or "")
    return f"seed-{match.group() if match else work.key}"


def _seeded(sources: Sources) -> list[Work]:
    return [w for w in sources.works if w.seed]


def _with_notes(
    sources: Sources, render: Callable[[Citation], str], mark: Callable[[Work], str]
) -> str:
    """Each citation rendered; a seeded work's footnote mark after its first citation."""
    marked: set[Work] = set()
    out = []
    for citation in sources.citations:
        text = render(citation)
        if citation.work.seed and citation.work not in marked:
            marked.add(citation.work)
            text += mark(citation.work)
        out.append(text)
    return "; ".join(out)


# --- LaTeX --------------------------------------------------------------------------------------


def _work_tex(work: Work) -> str:
    if work.title:
        name = escape_tex(work.title)
        name = rf"\emph{{{name}}}" if work.kind == "book" else f"``{name}''"
    else:
        name = escape_tex(work.description)
    if work.url:
        url = re.sub(r"([%#\\{}])", r"\\\1", work.url)
        name = rf"\href{{{url}}}{{{name}}}"
    head = ", ".join(x for x in (escape_tex(work.author), name) if x)
    return f"{head} ({escape_tex(work.venue)})" if work.venue else head


def _citation_tex(citation: Citation) -> str:
    out = _work_tex(citation.work)
    if citation.part:
        out += ", " + title_tex(citation.work.label(citation.part))
    return out + (": " + title_tex(citation.detail) if citation.detail else "")


def citation_tex(text: object) -> str:
    """The source as LaTeX; each seed document a ``\\footnote``."""
    sources = lookup(text)
    if sources is None:
        return title_tex(text)
    return _with_notes(
        sources,
        _citation_tex,
        lambda w: rf"\footnote{{Read from the seed document \texttt{{{escape_tex(w.seed)}}}.}}",
    )


# --- Markdown -----------------------------------------------------------------------------------


def _work_md(work: Work) -> str:
    if work.title:
        name = escape_md(work.title)
        name = f"*{name}*" if work.kind == "book" else f"“{name}”"
    else:
        name = escape_md(work.description)
    if work.url:
        name = f"[{name}](<{work.url}>)"
    head = ", ".join(x for x in (escape_md(work.author), name) if x)
    return f"{head} ({escape_md(work.venue)})" if work.venue else head


def _citation_md(citation: Citation) -> str:
    out = _work_md(citation.work)
    if citation.part:
        out += ", " + title_md(citation.work.label(citation.part))
    return out + (": " + title_md(citation.detail) if citation.detail else "")


def citation_md(text: object) -> str:
    """The source as Markdown; each seed document a footnote ``[^seed-…]``."""
    sources = lookup(text)
    if sources is None:
        return escape_md(text)
    return _with_notes(sources, _citation_md, lambda w: f"[^{_note_id(w)}]")


def citation_notes_md(text: object) -> str:
    """The footnote definitions for :func:`citation_md`, one line each ('' if none)."""
    sources = lookup(text)
    if sources is None:
        return ""
    return "\n".join(
        f"[^{_note_id(w)}]: Read from the seed document `{w.seed}`." for w in _seeded(sources)
    )


# --- HTML ---------------------------------------------------------------------------------------


def _work_html(work: Work) -> str:
    if work.title:
        name = f"<cite>{escape(work.title)}</cite>"
        name = name if work.kind == "book" else f"“{name}”"
    else:
        name = str(escape(work.description))
    if work.url:
        name = f'<a href="{escape(work.url)}">{name}</a>'
    head = ", ".join(x for x in (str(escape(work.author)), name) if x)
    return f"{head} ({escape(work.venue)})" if work.venue else head


def _citation_html(citation: Citation) -> str:
    out = _work_html(citation.work)
    if citation.part:
        out += ", " + title_html(citation.work.label(citation.part))
    return out + (": " + title_html(citation.detail) if citation.detail else "")


def citation_html(text: object) -> Markup:
    """The source as HTML; each seed document a numbered footnote link."""
    sources = lookup(text)
    if sources is None:
        return Markup(escape(str(text)))
    numbers = {w: i for i, w in enumerate(_seeded(sources), start=1)}
    return Markup(
        _with_notes(
            sources,
            _citation_html,
            lambda w: (
                f'<sup class="footnote-ref"><a href="#{_note_id(w)}" '
                f'id="ref-{_note_id(w)}">{numbers[w]}</a></sup>'
            ),
        )
    )


def citation_notes_html(text: object) -> Markup:
    """The footnotes for :func:`citation_html`, as a list ('' if none)."""
    sources = lookup(text)
    if sources is None or not _seeded(sources):
        return Markup("")
    items = "".join(
        f'<li id="{_note_id(w)}">Read from the seed document <code>{escape(w.seed)}</code>. '
        f'<a href="#ref-{_note_id(w)}" aria-label="back">↩</a></li>'
        for w in _seeded(sources)
    )
    return Markup(f'<section class="footnotes"><h2>Notes</h2><ol>{items}</ol></section>')


# --- The index's short form ---------------------------------------------------------------------


def citation_short(text: object) -> str:
    """Short name and part of each work, plain text (no footnotes): for tables."""
    sources = lookup(text)
    if sources is None:
        return str(text)
    shown = []
    for citation in sources.citations:
        name = citation.work.short or citation.work.text()
        shown.append(f"{name}, {citation.work.label(citation.part)}" if citation.part else name)
    return "; ".join(dict.fromkeys(shown))


def citation_filters(fmt: str) -> dict[str, Callable[..., Any]]:
    """The three filters for a format (``"tex"``, ``"md"`` or ``"html"``).

    A plain-string source keeps the printing it always had: escaped text (in LaTeX, with its
    formulas in math mode).
    """
    if fmt == "html":
        return {
            "citation": citation_html,
            "citation_notes": citation_notes_html,
            "citation_short": lambda text: Markup(
                title_html(citation_short(text)) if lookup(text) else escape(str(text))
            ),
        }
    if fmt == "tex":
        return {
            "citation": lambda text: Raw(citation_tex(text)),
            "citation_notes": lambda text: Raw(""),
            "citation_short": lambda text: Raw(title_tex(citation_short(text))),
        }
    return {
        "citation": lambda text: Raw(citation_md(text)),
        "citation_notes": lambda text: Raw(citation_notes_md(text)),
        "citation_short": lambda text: Raw(
            title_md(citation_short(text)) if lookup(text) else escape_md(text)
        ),
    }
