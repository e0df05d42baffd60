"""No Python syntax where a reader looks: titles, justifications and sources in every format."""

from __future__ import annotations

import html
import re

import pytest

from symkl.report import render_reports

# What a leak looks like once each format has escaped it: an identifier with a literal
# underscore (D_KL, q_θ, x_i), a Python power (sigma1**2), a nested list ([[...]]), a SymPy
# constructor, or a variable named like sigma1.
_WORD = r"[A-Za-zα-ωΑ-Ω]"
_LEAKS = {
    "tex": re.compile(rf"{_WORD}\\_{_WORD}|\w\*\*\w|\[\[|\b(?:Matrix|Rational|Symbol)\(|sigma\d"),
    "md": re.compile(
        rf"{_WORD}\\_{_WORD}|\w\\\*\\\*\w|\\\[\\\[|\b(?:Matrix|Rational|Symbol)\(|sigma\d"
    ),
    "html": re.compile(rf"{_WORD}_{_WORD}|\w\*\*\w|\[\[|\b(?:Matrix|Rational|Symbol)\(|sigma\d"),
}


def _reader_text(name: str, text: str) -> str:
    """What a reader sees as text: math, code, links' targets and comments removed."""
    fmt = name.rsplit(".", 1)[1]
    if fmt == "tex":
        text = re.sub(r"^%.*$", "", text, flags=re.M)
        text = re.sub(r"\\(?:texttt|href|label|includegraphics)\{[^}]*\}", "", text)
        # math: $…$ and the bodies of align* outside \tag*{…} justifications
        text = re.sub(r"(?<!\\)\$[^$]*(?<!\\)\$", "", text)
        return re.sub(r"\\symklfit(?:\[[^]]*\])?\{.*\}", "", text)
    if fmt == "md":
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
        text = re.sub(r"(?<!\\)\$[^$\n]*(?<!\\)\$", "", text)
        text = re.sub(r"`[^`]*`", "", text)
        return re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<(math|svg|style|code)\b.*?</\1>", "", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def leaks(name: str, text: str) -> list[str]:
    """Each Python-syntax leak in a rendered document, with some context."""
    fmt = name.rsplit(".", 1)[1]
    if fmt not in _LEAKS:
        return []
    seen = _reader_text(name, text)
    return [seen[max(0, m.start() - 30) : m.end() + 30] for m in _LEAKS[fmt].finditer(seen)]


def test_leak_detector_finds_each_kind() -> None:
    """The detector itself: each kind of leak is found, clean math and code are not."""
    assert leaks("a.tex", r"Source: D\_KL(p) and $D_{\mathrm{KL}}$ \texttt{a\_b}") != []
    assert leaks("a.tex", r"$D_{\mathrm{KL}}$ and \texttt{x\_y}") == []
    assert leaks("a.md", r"# sigma1\*\*2 is [[sigma1\*\*2, 0]]") != []
    assert leaks("a.md", "# $q_{\\theta}$ and `q_theta`") == []
    assert leaks("a.html", "<h1>q_θ</h1>") != []
    assert leaks("a.html", "<h1>q<sub>θ</sub></h1><math><mi>q_θ</mi></math>") == []


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    """The whole catalog rendered in every format, with each entry's expected verdicts."""
    from _catalog_run import CATALOG
    from test_citations import _results, citation_filters_registered

    entries = CATALOG.entries
    with citation_filters_registered():
        return render_reports(_results(entries), entries, formats=("tex", "md", "html"))


@pytest.mark.slow
def test_rendered_reports_have_no_python_syntax(documents: dict[str, str]) -> None:
    """No D_KL, q_θ, sigma1**2 or [[…]] as text in any rendered report."""
    found = {name: leaks(name, text) for name, text in documents.items()}
    found = {name: hits for name, hits in found.items() if hits}
    assert found == {}
