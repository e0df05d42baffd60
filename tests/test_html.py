"""Tests of the HTML reports: MathML, badges, anchors, escaping, figures, and a real browser."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import sympy
from _browser import Browser, available
from _tools import needs
from sympy import Eq, Ge, log

import symkl
from symkl.derivation import Claim, Derivation, Step
from symkl.measures import expectation
from symkl.optimize import Maximizer, likelihood
from symkl.prover import Verdict
from symkl.report import (
    ReportFormat,
    mathml,
    mle_latex,
    mle_text,
    render_exercises,
    render_reports,
    write_reports,
)
from symkl.report._exercise import Exercise
from symkl.report._reports import CATALOG_TITLE, document_title, parse_formats
from symkl.runner import EntryResult, StepResult

SCRIPT_TITLE = "KL <script>alert('x')</script> & <b>bold</b>"
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
#: Screenshots land here (CI keeps the folder as an artifact); a temporary folder otherwise.
ARTIFACTS = os.environ.get("SYMKL_ARTIFACTS")

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
x = sympy.IndexedBase("x", nonnegative=True)
i = sympy.Symbol("i", integer=True, positive=True)


def _step(index: int, verdict: Verdict, method: str, **kw: Any) -> StepResult:
    return StepResult(index=index, relation="=", verdict=verdict, method=method, seconds=0.1, **kw)


def _result(entry: Claim | Derivation, *steps: StepResult, location: str = "") -> EntryResult:
    verdict = min((s.verdict for s in steps), key=lambda v: v.rank)
    return EntryResult(
        name=entry.name,
        title=entry.title,
        source=entry.source,
        kind="claim" if isinstance(entry, Claim) else "derivation",
        verdict=verdict,
        expected=entry.expect,
        seconds=1.0,
        steps=steps,
        location=location or f"{entry.location[0]}:1",
    )


def _catalog() -> tuple[list[EntryResult], list[Claim | Derivation]]:
    """Hand-made verdicts (no proving): a derivation, a refuted claim, an MLE, a hostile title."""
    chain = Derivation(
        "kl-chain",
        symkl.kl_divergence(p, q),
        [
            Step(expectation(p, -log(q / p)), why="definition"),
            Step(symkl.cross_entropy(p, q) - symkl.entropy(p), why="linearity of expectation"),
        ],
        title="KL is CE minus H",
    )
    symmetric = Claim(
        "kl-symmetric",
        Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p)),
        title="KL is symmetric",
        expect="refuted",
    )
    model = likelihood("bernoulli")
    mle = Claim(
        "bernoulli-mle",
        Maximizer(model, {model.parameters[0]: sympy.Sum(x[i], (i, 1, n)) / n}),
        title="Bernoulli MLE",
    )
    hostile = Claim("hostile", Ge(symkl.kl_divergence(p, q), 0), title=SCRIPT_TITLE, why="<i>")
    counterexample = {"p_1": 0.397, "p_2": 0.603, "q_1": 0.334, "q_2": 0.666, "n": 2}
    results = [
        _result(chain, _step(1, Verdict.PROVED, "definition"), _step(2, Verdict.PROVED, "sum")),
        _result(
            symmetric,
            _step(
                1,
                Verdict.REFUTED,
                "counterexample",
                counterexample={**counterexample, "lhs": 0.00867, "rhs": 0.00846},
            ),
        ),
        _result(mle, _step(1, Verdict.PROVED, "score equations vanish")),
        _result(hostile, _step(1, Verdict.PROVED, "gibbs")),
    ]
    return results, [chain, symmetric, mle, hostile]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Every HTML document of the hand-made catalog, by file name."""
    results, entries = _catalog()
    return render_reports(results, entries, formats=("html",))


def test_html_is_a_format_beside_tex_and_md() -> None:
    """'html' parses as a report format and keeps the fixed format order."""
    assert ReportFormat.parse("HTML") is ReportFormat.HTML
    assert parse_formats("html,tex") == [ReportFormat.TEX, ReportFormat.HTML]


def test_one_page_per_entry_and_an_index(pages: dict[str, str]) -> None:
    """Each entry gets its own page; the index links every one of them."""
    names = {"kl-chain.html", "kl-symmetric.html", "bernoulli-mle.html", "hostile.html"}
    assert set(pages) == names | {"index.html"}
    for name in names:
        assert f'href="{name}"' in pages["index.html"]
        assert pages[name].startswith("<!DOCTYPE html>")


def test_steps_are_numbered_anchored_mathml_with_badges(pages: dict[str, str]) -> None:
    """A derivation's steps are numbered rows with anchors, MathML and a verdict badge each."""
    page = pages["kl-chain.html"]
    for index in (1, 2):
        assert f'<tr id="step-{index}">' in page
        assert f'<a href="#step-{index}">({index})</a>' in page
    assert page.count('<span class="badge proved">') == 3  # the entry and both steps
    assert '<msub><mi>D</mi><mi mathvariant="normal">KL</mi></msub>' in page
    assert "<mi>H</mi>" in page
    assert "kldivergence" not in page.lower()


def test_counterexample_is_a_table_of_mathml_symbols(pages: dict[str, str]) -> None:
    """A refuted claim shows a table: one MathML symbol per variable, then both sides."""
    page = pages["kl-symmetric.html"]
    assert '<span class="badge refuted">' in page
    table = page[page.index('<table class="counterexample">') :]
    assert "<msub><mi>p</mi><mi>1</mi></msub>" in table
    assert "<td>0.397</td>" in table
    assert re.search(r"<th>left-hand side</th><td>0\.00867</td>", table)


def test_claim_text_is_escaped(pages: dict[str, str]) -> None:
    """A title holding <script> prints literally; no page has a script element."""
    page = pages["hostile.html"]
    escaped = "KL &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert escaped in page
    assert "<em>Why:</em> &lt;i&gt;" in page
    for text in pages.values():
        assert "<script" not in text.lower()


def test_pages_are_self_contained(pages: dict[str, str]) -> None:
    """No page loads anything: no src=, no <link>, no external URL but the MathML namespace."""
    for text in pages.values():
        assert "src=" not in text
        assert "<link" not in text
        urls = set(re.findall(r"https?://[^\s\"'<>]+", text))
        assert urls <= {"http://www.w3.org/1998/Math/MathML", "http://www.w3.org/2000/svg",
                        "http://www.w3.org/1999/xlink"}  # fmt: skip


def test_html_is_deterministic() -> None:
    """The same results give the same bytes."""
    results, entries = _catalog()
    first = render_reports(results, entries, formats=("html",))
    second = render_reports(results, entries, formats=("html",))
    assert first == second


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib (the plots extra) is not installed")
def test_svg_figures_are_byte_stable() -> None:
    """Drawing the SVG figures twice gives the same bytes (no dates, fixed ids)."""
    from symkl.report._figures import _bernoulli, _render

    first = _render(_bernoulli, ("svg",))["svg"]
    assert first == _render(_bernoulli, ("svg",))["svg"]
    assert b"<svg" in first
    assert b"<dc:date>" not in first


def test_mle_claims_show_the_estimator(pages: dict[str, str]) -> None:
    """An MLE reads θ̂ = argmax_θ Σ log p(xᵢ; θ) = estimator in every format."""
    results, entries = _catalog()
    docs = render_reports(results, entries, formats=("tex", "md"))
    page = pages["bernoulli-mle.html"]
    assert '<mo movablelimits="true">arg max</mo>' in page
    assert '<mover accent="true"><mi>p</mi><mo>^</mo></mover>' in page
    for text in (docs["bernoulli-mle.md"], docs["bernoulli-mle.tex"]):
        assert r"\hat{p} &= " in text
        assert r"\operatorname*{arg\,max}_{p} \sum_{i=1}^{n} \log \operatorname{Bernoulli}" in text
        assert "not available" not in text
    relation = entries[2].relation
    assert mle_text(relation) == "p̂ = argmax_p Σᵢ log Bernoulli(xᵢ; p) = (Σ_{i=1}^{n} x_i)/n"
    assert r"\frac{\sum_{i=1}^{n} {x}_{i}}{n}" in mle_latex(relation)


def test_measures_print_as_textbook_mathml() -> None:
    """symkl's measures print as H, D_KL and 𝔼 in MathML, not as lower-case function calls."""
    text = mathml(symkl.cross_entropy(p, q) - symkl.entropy(p, base=2))
    assert "<msub><mi>H</mi><mn>2</mn></msub>" in text
    assert "crossentropy" not in text
    assert "indexeddiscrete" not in text
    assert "&#120124;" in mathml(expectation(p, log(p)))  # 𝔼


@pytest.mark.slow
@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib (the plots extra) is not installed")
def test_catalog_figures_are_inline_svg() -> None:
    """With the catalog's figures, the HTML index embeds both as inline <svg>, no <img>."""
    results, entries = _catalog()
    index = render_reports(results, entries, formats=("html",), catalog_figures=True)["index.html"]
    assert index.count("<svg") == 2
    assert "<img" not in index
    assert "<?xml" not in index


def test_without_matplotlib_a_note_replaces_the_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib the indexes say how to get the figures, and link no missing file."""
    import symkl.report._figures as figures_module

    monkeypatch.setattr(figures_module, "figure_svgs", dict)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        figures_module.importlib.util, "find_spec",
        lambda name, *a: None if name == "matplotlib" else real(name, *a),
    )  # fmt: skip
    results, entries = _catalog()
    with pytest.warns(UserWarning, match=r"pip install 'symkl\[plots\]'"):
        docs = render_reports(results, entries, formats=("md", "html"), catalog_figures=True)
    assert "pip install 'symkl[plots]'" in docs["index.html"]
    assert "<svg" not in docs["index.html"]
    assert "pip install 'symkl[plots]'" in docs["index.md"]
    assert "![" not in docs["index.md"]


def test_a_users_file_gets_its_own_title_and_no_catalog_figures(tmp_path: Path) -> None:
    """A report of a user's file is titled from its docstring (or --title), without figures."""
    claims = tmp_path / "claims.py"
    claims.write_text('"""My KL homework."""\n')
    results, entries = _catalog()
    mine = [r.__class__(**{**r.__dict__, "location": f"{claims}:3"}) for r in results]
    docs = render_reports(mine, entries, formats=("tex", "md", "html"))
    assert "# My KL homework" in docs["index.md"]
    assert "<h1>My KL homework</h1>" in docs["index.html"]
    for name in ("index.md", "index.tex", "index.html"):
        assert "Figures" not in docs[name]
        assert CATALOG_TITLE not in docs[name]
    assert "from the catalog" not in docs["kl-chain.md"]
    assert document_title(mine, "Week 3") == "Week 3"
    claims.write_text("x = 1\n")
    assert document_title(mine) == "claims.py: verified claims"


def test_the_builtin_catalog_keeps_its_title() -> None:
    """Results from the built-in catalog are titled as the catalog."""
    results, _ = _catalog()
    folder = symkl.catalog.builtin_catalog_dir()
    location = f"{folder}/definitions.py:1"
    builtin = [r.__class__(**{**r.__dict__, "location": location}) for r in results]
    assert document_title(builtin) == CATALOG_TITLE


# --- the browser -------------------------------------------------------------------------------

needs_browser = needs(available(), "chromium / chromedriver")

#: For every <math>: is it a MathML element laid out as math, with a non-zero box?
PROBE = """
return Array.from(document.querySelectorAll('math')).map(m => {
  const box = m.getBoundingClientRect();
  return [m instanceof MathMLElement, getComputedStyle(m).display, box.width, box.height];
});
"""


def _exercise_sheet() -> dict[str, str]:
    """A find-the-error sheet with hand-made verdicts (no proving in the browser test): step 2
    of the chain has its sign flipped, and its verdict says so."""
    from symkl.report._context import entry_view

    right = symkl.cross_entropy(p, q) - symkl.entropy(p)
    wrong = symkl.cross_entropy(p, q) + symkl.entropy(p)
    chain = Derivation(
        "kl-chain",
        symkl.kl_divergence(p, q),
        [Step(expectation(p, -log(q / p)), why="definition"), Step(wrong, why="linearity")],
        title="KL is CE minus H",
        expect="refuted",
    )
    values = {"p_1": 0.397, "p_2": 0.603, "q_1": 0.334, "q_2": 0.666, "n": 2}
    result = _result(
        chain,
        _step(1, Verdict.PROVED, "definition"),
        _step(2, Verdict.REFUTED, "counterexample",
              counterexample={**values, "lhs": 0.00868, "rhs": 1.34}),
    )  # fmt: skip
    view = entry_view(result, chain, stem="kl-chain")
    exercise = Exercise(chain.name, "kl-chain", chain.title, "error", view, wrong_step=2,
                        change="a sign is flipped", correct=right)  # fmt: skip
    return render_exercises([exercise], formats=("html",))


@pytest.mark.slow
@needs_browser
def test_pages_render_in_headless_chromium(tmp_path: Path) -> None:
    """Entry, index and exercise pages load in Chromium without console errors; every formula
    is a MathML element with a non-zero box; one screenshot per page type is kept."""
    results, entries = _catalog()
    write_reports(results, entries, tmp_path, formats=("html",), catalog_figures=True)
    for name, text in _exercise_sheet().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    shots = Path(ARTIFACTS) if ARTIFACTS else tmp_path / "screenshots"
    kinds = {
        "entry": "kl-symmetric.html",
        "derivation": "kl-chain.html",
        "mle": "bernoulli-mle.html",
        "index": "index.html",
        "exercise": "kl-chain-exercise.html",
        "answers": "kl-chain-answers.html",
    }
    with Browser.start() as browser:
        for kind, name in kinds.items():
            browser.open(tmp_path / name)
            boxes = browser.run(PROBE)
            assert boxes, f"{name}: no <math> element"
            for is_mathml, display, width, height in boxes:
                assert is_mathml, f"{name}: not a MathML element"
                assert "math" in display, f"{name}: not laid out as math ({display})"
                assert width > 0, f"{name}: a formula has no width"
                assert height > 0, f"{name}: a formula has no height"
            title = browser.run("return document.querySelector('h1').textContent")
            assert title.strip(), name
            browser.screenshot(shots / f"{kind}.png")
            errors = [e for e in browser.console() if e.get("level") == "SEVERE"]
            assert not errors, f"{name}: console errors {errors}"
        # the hostile title is text in the page, not a script that ran
        browser.open(tmp_path / "hostile.html")
        assert browser.run("return document.scripts.length") == 0
        assert "<script>" in browser.run("return document.querySelector('h1').textContent")
        # the console check is live: an error logged now is reported
        browser.run("console.error('deliberate')")
        logged = [e["message"] for e in browser.console() if e.get("level") == "SEVERE"]
        assert any("deliberate" in m for m in logged)
    for kind in kinds:
        assert (shots / f"{kind}.png").read_bytes().startswith(b"\x89PNG")


def test_browser_helper_reports_missing_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without chromedriver on PATH the browser tests are skipped, not failed."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert available() is False


def test_titles_show_subscripts_not_underscores() -> None:
    """D_KL and q_θ in a title become subscripts in HTML; the rest stays escaped text."""
    from symkl.report._title import title_html

    assert title_html("D_KL(p‖q_θ) <b>") == "D<sub>KL</sub>(p‖q<sub>θ</sub>) &lt;b&gt;"
    assert title_html("x_{<script>}") == "x_{&lt;script&gt;}"
    chain = Derivation("sub", symkl.kl_divergence(p, q), [Step(symkl.kl_divergence(p, q))],
                       title="D_KL is D_KL")  # fmt: skip
    result = _result(chain, _step(1, Verdict.PROVED, "same"))
    page = render_reports([result], [chain], formats=("html",))["sub.html"]
    assert "<h1>D<sub>KL</sub> is D<sub>KL</sub></h1>" in page
    # the browser's title bar shows text only: the subscripts without their underscores
    assert "<title>DKL is DKL</title>" in page
