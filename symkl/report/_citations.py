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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Style:
    """How one format writes a citation's pieces; :func:`_cite` puts them together."""

    escape: Callable[[object], str]
    title: Callable[[object], str]
    book: Callable[[str], str]  # a book's title (emphasised)
    article: Callable[[str], str]  # any other work's title (quoted)
    link: Callable[[str, str], str]  # (url, text)


def _tex_url(url: str) -> str:
    return re.sub(r"([%#\\{}])", r"\\\1", url)


_TEX = _Style(
    escape_tex, title_tex, lambda t: rf"\emph{{{t}}}", lambda t: f"``{t}''",
    lambda url, t: rf"\href{{{_tex_url(url)}}}{{{t}}}",
)  # fmt: skip
_MD = _Style(
    escape_md, title_md, lambda t: f"*{t}*", lambda t: f"“{t}”", lambda url, t: f"[{t}](<{url}>)"
)
_HTML = _Style(
    lambda x: str(escape(x)), lambda x: str(title_html(x)), lambda t: f"<cite>{t}</cite>",
    lambda t: f"“<cite>{t}</cite>”", lambda url, t: f'<a href="{escape(url)}">{t}</a>',
)  # fmt: skip


def _cite(style: _Style, citation: Citation) -> str:
    """One citation: author, title (linked), venue, then the part and detail cited."""
    work = citation.work
    if work.title:
        name = (style.book if work.kind == "book" else style.article)(style.escape(work.title))
    else:
        name = style.escape(work.description)
    if work.url:
        name = style.link(work.url, name)
    head = ", ".join(x for x in (style.escape(work.author), name) if x)
    out = f"{head} ({style.escape(work.venue)})" if work.venue else head
    if citation.part:
        out += ", " + style.title(work.label(citation.part))
    return out + (": " + style.title(citation.detail) if citation.detail else "")


# --- LaTeX --------------------------------------------------------------------------------------


def citation_tex(text: object) -> str:
    """The source as LaTeX; each seed document a ``\\footnote``."""
    sources = lookup(text)
    if sources is None:
        return title_tex(text)
    return _with_notes(
        sources,
        lambda c: _cite(_TEX, c),
        lambda w: rf"\footnote{{Read from the seed document \texttt{{{escape_tex(w.seed)}}}.}}",
    )


# --- Markdown -----------------------------------------------------------------------------------


def citation_md(text: object) -> str:
    """The source as Markdown; each seed document a footnote ``[^seed-…]``."""
    sources = lookup(text)
    if sources is None:
        return escape_md(text)
    return _with_notes(sources, lambda c: _cite(_MD, c), lambda w: f"[^{_note_id(w)}]")


def citation_notes_md(text: object) -> str:
    """The footnote definitions for :func:`citation_md`, one line each ('' if none)."""
    sources = lookup(text)
    if sources is None:
        return ""
    return "\n".join(
        f"[^{_note_id(w)}]: Read from the seed document `{w.seed}`." for w in _seeded(sources)
    )


# --- HTML ---------------------------------------------------------------------------------------


def citation_html(text: object) -> Markup:
    """The source as HTML; each seed document a numbered footnote link."""
    sources = lookup(text)
    if sources is None:
        return Markup(escape(str(text)))
    numbers = {w: i for i, w in enumerate(_seeded(sources), start=1)}
    return Markup(
        _with_notes(
            sources,
            lambda c: _cite(_HTML, c),
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
