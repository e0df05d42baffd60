"""Catalog sources cite works and their parts; the seed file name appears only in footnotes."""

from __future__ import annotations

import contextlib
import html
import pickle
import re
from collections.abc import Iterator

import pytest

import symkl
from symkl.citations import (
    BISHOP,
    CV_DIFFERENCE,
    CV_PRACTICE,
    KNOWN_WORKS,
    LEI_MAO,
    Sources,
    cite,
    lookup,
)
from symkl.derivation import Claim, Derivation
from symkl.errors import MalformedClaimError
from symkl.report import environment, render_reports
from symkl.report._citations import citation_filters, citation_html, citation_md, citation_tex
from symkl.runner import EntryResult

SEED_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
SEED_WORKS = (CV_DIFFERENCE, LEI_MAO, CV_PRACTICE)


@pytest.fixture(scope="module")
def catalog() -> list[Claim | Derivation]:
    """The built-in catalog's entries."""
    from _catalog_run import CATALOG  # loaded once per session

    assert not CATALOG.errors
    return CATALOG.entries


def test_every_entry_cites_a_known_work_and_part(catalog: list[Claim | Derivation]) -> None:
    """Each catalog source is structured: known works, parts each work has."""
    for entry in catalog:
        sources = lookup(entry.source)
        assert isinstance(sources, Sources), entry.name
        for citation in sources.citations:
            assert KNOWN_WORKS.get(citation.work.key) is citation.work, entry.name
            assert citation.work.knows(citation.part), (entry.name, citation.part)
            if citation.work.seed or citation.work.kind == "book":
                assert citation.part, f"{entry.name} cites {citation.work.key} without a part"


def test_the_seed_works_are_all_cited(catalog: list[Claim | Derivation]) -> None:
    """Each seed document's work is cited, by more than one of its parts."""
    parts = {w: set() for w in SEED_WORKS}  # type: dict[Work, set[str]]
    for entry in catalog:
        for citation in lookup(entry.source).citations:  # type: ignore[union-attr]
            parts.get(citation.work, set()).add(citation.part)
    assert all(len(found) >= 3 for found in parts.values()), parts


def test_plain_text_has_no_seed_file_name(catalog: list[Claim | Derivation]) -> None:
    """str(source) (what `symkl show` and --json print) names works, never seed files."""
    for entry in catalog:
        assert not SEED_NAME.search(str(entry.source)), entry.name


def test_unknown_part_is_refused_naming_the_parts() -> None:
    """Citing a part a work does not have raises, listing the parts it has."""
    with pytest.raises(MalformedClaimError, match=r"'answer 7'.*'answer 1'"):
        cite(CV_DIFFERENCE, "answer 7")
    with pytest.raises(MalformedClaimError, match="takes a Work first, got 'Bishop'"):
        cite("Bishop", "§1")  # type: ignore[arg-type]


def test_sources_join_and_survive_pickling() -> None:
    """cite(a) + cite(b) cites both; a pickled source keeps its citations."""
    both = cite(LEI_MAO, "Cross Entropy") + cite(BISHOP, "§10.1.2")
    assert isinstance(both, Sources)
    assert [c.work for c in both.citations] == [LEI_MAO, BISHOP]
    again = pickle.loads(pickle.dumps(both))
    assert again == both
    assert again.citations == both.citations
    assert both + " (plain)" == str(both) + " (plain)"
    assert not isinstance(both + " (plain)", Sources)


def test_latex_citation_typesets_the_seed_as_a_footnote() -> None:
    """LaTeX: escaped text, formulas in math mode, the seed file only inside \\footnote."""
    tex = citation_tex(cite(CV_DIFFERENCE, "answer 1", "S(v) = −Σ p log p"))
    assert tex == (
        r"Q\&A thread on the difference between cross-entropy and KL divergence (Cross "
        r"Validated), answer 1 (score 69): $S(v) = - \sum p \log p$"
        r"\footnote{Read from the seed document \texttt{000\_a763d7db240be4c5.txt}.}"
    )
    book = citation_tex(cite(BISHOP, "§10.1.2"))
    assert book.startswith(r"Christopher M. Bishop, \emph{Pattern Recognition and Machine")


def test_markdown_and_html_citations_mark_footnotes() -> None:
    """Markdown uses [^seed-NNN] references; HTML numbered links to a notes list."""
    source = cite(LEI_MAO, "Shannon Entropy") + cite(CV_PRACTICE, "answer")
    md = citation_md(source)
    assert md.endswith("“Shannon Entropy”[^seed-001]" + md[md.index(";") :])
    assert "answer (by Sebastian)[^seed-002]" in md
    html = str(citation_html(source))
    assert '<sup class="footnote-ref"><a href="#seed-001" id="ref-seed-001">1</a></sup>' in html
    assert "<cite>Cross entropy vs KL divergence: What&#39;s minimized" in html
    assert not SEED_NAME.search(md + html)


def test_a_plain_string_source_is_printed_as_text() -> None:
    """A user's own source string is not a known citation: shown as text, formulas typeset."""
    assert lookup("my notes, p. 3") is None
    assert (
        citation_tex("my notes: D_KL(p‖q) ≥ 0") == r"my notes: $D_{\mathrm{KL}}(p \Vert q) \ge 0$"
    )


def _results(entries: list[Claim | Derivation]) -> list[EntryResult]:
    """Each entry with its expected verdict on every step (no proving)."""
    from symkl._results import StepResult

    out = []
    for entry in entries:
        count = len(entry.steps) if isinstance(entry, Derivation) else 1
        steps = tuple(
            StepResult(index=k, relation="=", verdict=entry.expect, method="m", seconds=0.0)
            for k in range(1, count + 1)
        )
        out.append(
            EntryResult(
                name=entry.name, title=entry.title, source=entry.source,
                kind="derivation" if isinstance(entry, Derivation) else "claim",
                verdict=entry.expect, expected=entry.expect, seconds=0.0, steps=steps,
                location=f"{entry.location[0]}:{entry.location[1]}",
            )
        )  # fmt: skip
    return out


@contextlib.contextmanager
def citation_filters_registered() -> Iterator[None]:
    """The citation filters in each format's environment (registered there once merged).

    The templates test ``"citation" is filter`` when compiled, so compiled templates are
    dropped before and after: no other test sees a template compiled with these filters.
    """
    envs = [environment(symkl.report.ReportFormat.parse(f)) for f in ("tex", "md", "html")]
    with pytest.MonkeyPatch.context() as patch:
        for env, fmt in zip(envs, ("tex", "md", "html"), strict=True):
            for name, fn in citation_filters(fmt).items():
                if name not in env.filters:
                    patch.setitem(env.filters, name, fn)
            if env.cache is not None:
                env.cache.clear()
        try:
            yield
        finally:
            for env in envs:
                if env.cache is not None:
                    env.cache.clear()


@pytest.fixture
def with_citation_filters() -> Iterator[None]:
    """The citation filters registered for one test."""
    with citation_filters_registered():
        yield


def _seed_citing(catalog: list[Claim | Derivation]) -> list[Claim | Derivation]:
    """One entry per catalog module that cites a seed work."""
    chosen: dict[str, Claim | Derivation] = {}
    for entry in catalog:
        if any(w.seed for w in lookup(entry.source).works):  # type: ignore[union-attr]
            chosen.setdefault(entry.location[0], entry)
    return list(chosen.values())


@pytest.mark.slow
@pytest.mark.usefixtures("with_citation_filters")
def test_reports_show_seed_names_only_in_footnotes(catalog: list[Claim | Derivation]) -> None:
    """Rendered LaTeX, Markdown and HTML name a seed file only inside a footnote."""
    entries = _seed_citing(catalog)
    assert len(entries) >= 5
    docs = render_reports(_results(entries), entries, formats=("tex", "md", "html"))
    footnotes = 0
    for name, text in docs.items():
        if name.endswith(".tex"):
            footnotes += len(re.findall(r"\\footnote\{Read from the seed document", text))
            text = re.sub(
                r"\\footnote\{Read from the seed document \\texttt\{[^}]*\}\.\}", "", text
            )
        elif name.endswith(".md"):
            footnotes += len(re.findall(r"^\[\^seed-\d+\]: ", text, flags=re.M))
            text = re.sub(r"^\[\^seed-\d+\]: .*$", "", text, flags=re.M)
        else:
            footnotes += text.count('<section class="footnotes">')
            text = re.sub(r'<section class="footnotes">.*?</section>', "", text, flags=re.S)
        assert not SEED_NAME.search(text.replace("\\_", "_")), name
    assert footnotes >= 3 * len(entries)
    lei_mao = next(t for n, t in docs.items() if n.endswith(".md") and "Lei Mao" in t)
    assert "section “" in lei_mao


def test_every_citation_renders_in_every_format(catalog: list[Claim | Derivation]) -> None:
    """No catalog source breaks a renderer; each names its work in each format."""
    for entry in catalog:
        sources = lookup(entry.source)
        assert sources is not None
        for fmt in ("tex", "md", "html"):
            text = str(citation_filters(fmt)["citation"](entry.source))
            text = html.unescape(text).replace("\\", "")
            for work in sources.works:
                shown = (work.author or work.title or work.description)[:12]
                assert shown in text, (entry.name, fmt)
