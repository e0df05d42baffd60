"""Tests of symkl.report: escaping, determinism, atomic writes, templates, PDFs, figures."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import sympy
from _tools import needs
from sympy import Eq, Ge, log

import symkl
from symkl.derivation import Claim, Derivation, Step
from symkl.measures import expectation
from symkl.prover import Verdict
from symkl.report import (
    ReportBuildError,
    ReportFormat,
    ReportFormatError,
    ReportTemplateError,
    build_pdf,
    escape_md,
    escape_tex,
    prune_stale,
    render_reports,
    write_atomic,
    write_reports,
)
from symkl.report._context import file_stems
from symkl.report._escape import format_number, math_unicode, number_tex
from symkl.report._fits import bernoulli_curves, gaussian_fits
from symkl.report._pdf import first_error
from symkl.report._title import title_md, title_tex
from symkl.runner import EntryResult, StepResult

EVIL = r"\input{/etc/passwd} 50% of $x_1$ & {braces}"
ASSUMPTIONS = ("each probability is in (0, 1]", "p ≪ q (q > 0 wherever p > 0)")
HAS_LATEX = shutil.which("latexmk") is not None and shutil.which("pdftotext") is not None
needs_latex = needs(HAS_LATEX, "latexmk or pdftotext")

n = sympy.Symbol("n", integer=True, positive=True)
theta = sympy.Symbol("theta", real=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
p3, q3 = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)


def _step(index: int, verdict: Verdict, method: str, **kw: Any) -> StepResult:
    return StepResult(index=index, relation="=", verdict=verdict, method=method, seconds=0.5, **kw)


def _result(entry: Claim | Derivation, *steps: StepResult, seconds: float = 1.0) -> EntryResult:
    verdict = min((s.verdict for s in steps), key=lambda v: v.rank)
    kind = "claim" if isinstance(entry, Claim) else "derivation"
    return EntryResult(
        name=entry.name,
        title=entry.title,
        source=entry.source,
        kind=kind,
        verdict=verdict,
        expected=entry.expect,
        seconds=seconds,
        steps=steps,
        location=f"{entry.location[0]}:1",
    )


def _catalog(seconds: float = 1.0) -> tuple[list[EntryResult], list[Claim | Derivation]]:
    """A small catalog with hand-made verdicts: a derivation, a proved, a refuted, an evil claim."""
    chain = Derivation(
        "kl-as-ce-minus-entropy",
        symkl.kl_divergence(p, q),
        [
            Step(expectation(p, -log(q / p)), why="definition"),
            Step(symkl.cross_entropy(p, q) - symkl.entropy(p), why="linearity of expectation"),
            Step(symkl.kl_divergence(p, q), relation="argmin", wrt=theta, why="H(p) is constant"),
        ],
        title="KL divergence is cross-entropy minus entropy",
        source="001_8d6328440cde4c6b.txt",
    )
    gibbs = Claim("gibbs", Ge(symkl.kl_divergence(p3, q3), 0), title="Gibbs", why="Jensen")
    symmetric = Claim(
        "kl-symmetric",
        Eq(symkl.kl_divergence(p3, q3), symkl.kl_divergence(q3, p3)),
        title="KL is symmetric",
        expect="refuted",
    )
    evil = Claim("evil", Eq(n, n, evaluate=False), title=EVIL, source=EVIL, why=EVIL)
    counterexample = {f"p_{k}": k / 1000 for k in range(128, 0, -1)} | {"lhs": 0.5, "rhs": 2e-7}
    results = [
        _result(
            chain,
            *(_step(k, Verdict.PROVED, "termwise-sum", assumptions=ASSUMPTIONS) for k in (1, 2, 3)),
            seconds=seconds,
        ),
        _result(gibbs, _step(1, Verdict.PROVED, "gibbs"), seconds=seconds),
        _result(
            symmetric,
            _step(
                1,
                Verdict.REFUTED,
                "counterexample",
                counterexample=counterexample,
                detail="confirmed at 50 digits with mpmath",
            ),
        ),
        _result(evil, _step(1, Verdict.PROVED, EVIL, assumptions=(EVIL,))),
    ]
    return results, [chain, gibbs, symmetric, evil]


def _md_unescape(text: str) -> str:
    """What CommonMark shows for escaped text: backslash escapes and entities resolved."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- escaping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (EVIL, r"\textbackslash{}input\{/etc/passwd\} 50\% of \$x\_1\$ \& \{braces\}"),
        ("a#b^c~d", r"a\#b\textasciicircum{}c\textasciitilde{}d"),
        ("<b>|", r"\textless{}b\textgreater{}\textbar{}"),
        ("D_KL(p‖q) ≥ 0", r"D\_KL(p\ensuremath{\|}q) \ensuremath{\ge} 0"),
        ("σ²", r"\ensuremath{\sigma}\ensuremath{^{2}}"),
        ("μ̂", r"\ensuremath{\hat{\mu}}"),
        ("café – “x”", "café \\textendash{} ``x''"),
        ("line\nbreak", "line break"),
        ("☃", r"\texttt{[U+2603]}"),
    ],
)
def test_escape_tex(text: str, expected: str) -> None:
    """Plain text becomes LaTeX that prints it literally."""
    assert escape_tex(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (EVIL, r"\\input{/etc/passwd} 50% of \$x\_1\$ \& {braces}"),
        ("*a* [b](c) `d` <e> | ~~f~~", r"\*a\* \[b\](c) \`d\` \<e\> \| \~\~f\~\~"),
        ("# heading", r"\# heading"),
        ("1. item", r"1\. item"),
        ("- item", r"\- item"),
        ("kl-as-ce 3.5", "kl-as-ce 3.5"),
    ],
)
def test_escape_md(text: str, expected: str) -> None:
    """Plain text becomes Markdown that prints it literally."""
    assert escape_md(text) == expected
    assert _md_unescape(expected) == text


@pytest.mark.parametrize(
    ("latex", "expected"),
    [("f_θ", r"f_{\theta}"), (r"\frac{1}{2}", r"\frac{1}{2}"), ("x̂", r"\hat{x}")],
)
def test_math_unicode(latex: str, expected: str) -> None:
    """Unicode in SymPy's LaTeX becomes commands pdfLaTeX can typeset."""
    assert math_unicode(latex) == expected


@pytest.mark.parametrize(
    ("value", "plain", "tex"),
    [
        (0.5, "0.5", "0.5"),
        (2e-07, "2e-07", r"2 \times 10^{-7}"),
        (1.2345678901234, "1.23456789", "1.23456789"),
        (float("inf"), "inf", r"\infty"),
        (float("nan"), "nan", r"\mathrm{NaN}"),
        (3, "3", "3"),
        (sympy.Rational(1, 4), "0.25", "0.25"),
        ("n/a", "n/a", r"\text{n/a}"),
    ],
)
def test_numbers(value: object, plain: str, tex: str) -> None:
    """Counterexample numbers are shown with ten significant digits."""
    assert format_number(value) == plain
    assert number_tex(value) == tex


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a", "b"], ["a", "b"]),
        (["index", "x y", "x-y"], ["index-2", "x-y", "x-y-2"]),
        (["../etc/passwd", "???"], ["etc-passwd", "entry"]),
    ],
)
def test_file_stems(names: list[str], expected: list[str]) -> None:
    """Entry names become distinct, safe file names; 'index' is reserved for the index."""
    assert file_stems(names) == expected


def test_evil_title_is_literal_in_tex_and_md() -> None:
    """A title, source, justification and assumption with TeX in them are printed, not run."""
    results, entries = _catalog()
    docs = render_reports(results, entries)
    tex, md = docs["evil.tex"], docs["evil.md"]
    # the formula x_1 is typeset in math mode, between the escaped dollar signs it came with
    escaped = r"\textbackslash{}input\{/etc/passwd\} 50\% of \$$x_{1}$\$ \& \{braces\}"
    assert escaped == title_tex(EVIL)
    assert rf"\section*{{{escaped}}}" in tex
    assert rf"\textbf{{Source:}} {escaped}" in tex
    assert rf"\symklmargin{{{escaped}}}" in tex
    assert r"\input{" not in tex
    # Markdown titles show x_1 as math too; everything else is escaped text
    assert f"# {title_md(EVIL)}\n" in md
    assert md.splitlines()[1] == r"# \\input{/etc/passwd} 50% of \$$x_{1}$\$ \& {braces}"
    assert f"| Source | {escape_md(EVIL)} |" in md
    assert "$x_1$" not in md


def test_index_escapes_titles_and_links_documents() -> None:
    """The index lists every entry with its verdicts and links, titles escaped."""
    results, entries = _catalog()
    docs = render_reports(results, entries)
    assert (
        f"| [{title_md(EVIL)}](evil.md) | {escape_md(EVIL)} | proved | **proved** |"
        in docs["index.md"]
    )
    assert (
        r"\href{kl-symmetric.pdf}{KL is symmetric} &  & refuted & \verdict{refuted}{} \\"
        in docs["index.tex"]
    )
    assert (
        "4 entries: 3 proved, 0 checked (numerically only), 1 refuted, 0 undecided."
        in docs["index.md"]
    )


# --- content -----------------------------------------------------------------------------------


def test_derivation_steps_are_aligned_with_verdicts() -> None:
    """Each step is one align* line: relation, expression, justification, verdict and method."""
    results, entries = _catalog()
    tex = render_reports(results, entries)["kl-as-ce-minus-entropy.tex"]
    assert (
        r"  &= \symklfit[0.7]{H(p, q) - H(p)}"
        "\n"
        r"  \tag*{\symklmargin{linearity of expectation}{\verdict{proved}{termwise-sum}}"
        r"\enspace(2)} \\"
    ) in tex
    # numbered like the counterexample sections ("Counterexample to step 3") call them
    assert r"\enspace(1)}" in tex
    assert r"&\overset{\operatorname*{arg\,min}_{\theta}}{=} \symklfit[0.7]{" in tex
    assert r"\textbf{Steps 1, 2, 3:} each probability is in (0, 1]; p \ensuremath{\ll} q" in tex


def test_markdown_uses_display_math_and_a_step_table() -> None:
    """Markdown shows the chain in $$ … $$ and each step's verdict in a table."""
    results, entries = _catalog()
    md = render_reports(results, entries)["kl-as-ce-minus-entropy.md"]
    assert "$$\n\\begin{aligned}\nD_{\\mathrm{KL}}(p \\,\\|\\, q)\n" in md
    assert "| (2) | = | linearity of expectation | **proved** (termwise-sum) |" in md
    assert "| (3) | same argmin in θ | $H(p)$ is constant | **proved** (termwise-sum) |" in md


def test_counterexample_shows_eight_values_and_both_sides() -> None:
    """A refuted claim lists its first eight values in natural order, the rest as a count."""
    results, entries = _catalog()
    docs = render_reports(results, entries)
    md, tex = docs["kl-symmetric.md"], docs["kl-symmetric.tex"]
    rows = re.findall(r"^\| \$(p_\{\d+\})\$ \| ([\d.e-]+) \|$", md, flags=re.M)
    assert rows == [(f"p_{{{k}}}", format_number(k / 1000)) for k in range(1, 9)]
    assert "| … and 120 more variables | |" in md
    assert "| **left-hand side** | 0.5 |\n| **right-hand side** | 2e-07 |" in md
    assert r"right-hand side & $2 \times 10^{-7}$ \\" in tex
    assert r"\ldots\ and 120 more variables" in tex
    assert "Confirmed at 50 digits with mpmath." in md


def test_same_argmin_claim_renders_argmin_equality() -> None:
    """A same-argmin claim reads argmin_θ f = argmin_θ g."""
    relation = symkl.optimize.SameArgmin(
        symkl.cross_entropy(p, q), symkl.kl_divergence(p, q), theta
    )
    claim = Claim("ce-kl-argmin", relation, title="same argmin")
    docs = render_reports([_result(claim, _step(1, Verdict.PROVED, "constant-offset"))], [claim])
    assert (
        r"\symklfit[0.45]{\operatorname*{arg\,min}_{\theta} H(p, q)}"
        "\n"
        r"  &= \symklfit[0.45]{\operatorname*{arg\,min}_{\theta} D_{\mathrm{KL}}(p \,\|\, q)}"
    ) in docs["ce-kl-argmin.tex"]


def test_load_error_goes_into_the_index() -> None:
    """A load error is listed in the index, with a path relative to the working folder."""
    error = symkl.errors.CatalogError(
        "SyntaxError: bad", path=os.path.join(os.getcwd(), "mine.py"), line=3
    )
    result = symkl.runner.error_result(error)
    docs = render_reports([result], [])
    assert "- mine.py:3: mine.py:3: SyntaxError: bad\n" in docs["index.md"]
    assert os.getcwd() not in docs["index.md"] + docs["index.tex"]
    assert set(docs) == {"index.tex", "index.md"}


def test_timings_are_left_out() -> None:
    """Results that differ only in their timings give the same documents."""
    assert render_reports(*_catalog(seconds=1.0)) == render_reports(*_catalog(seconds=99.0))


def test_real_verdicts_render() -> None:
    """A claim verified by the prover renders with its method and assumptions."""
    claim = Claim(
        "ce-h-kl",
        Eq(symkl.cross_entropy(p3, q3), symkl.entropy(p3) + symkl.kl_divergence(p3, q3)),
        title="CE = H + KL",
    )
    (result,) = symkl.runner.verify([claim])
    md = render_reports([result], [claim], formats=["md"])["ce-h-kl.md"]
    assert f"Verdict: **proved** ({escape_md(result.steps[0].method)})" in md
    assert "## Assumptions the proofs used" in md


# --- writing -----------------------------------------------------------------------------------


def test_two_runs_give_identical_bytes(tmp_path: Path) -> None:
    """Writing the same results twice gives the same bytes, and the second run changes nothing."""
    results, entries = _catalog()
    first = write_reports(results, entries, tmp_path / "a")
    write_reports(results, entries, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert [p.name for p in first] == [
        *(f"{s}.tex" for s in ("kl-as-ce-minus-entropy", "gibbs", "kl-symmetric", "evil")),
        "index.tex",
        *(f"{s}.md" for s in ("kl-as-ce-minus-entropy", "gibbs", "kl-symmetric", "evil")),
        "index.md",
    ]
    assert not any(write_atomic(p, p.read_bytes()) for p in first)


def test_failed_write_leaves_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails part-way leaves the previous file intact and no temporary file."""
    target = tmp_path / "index.md"
    target.write_bytes(b"previous report\n")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("symkl.report._write.os.fsync", fail)
    results, entries = _catalog()
    with pytest.raises(OSError, match="No space left on device"):
        write_reports(results, entries, tmp_path, formats=["md"])
    assert target.read_bytes() == b"previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.md"]


def test_template_error_writes_nothing(tmp_path: Path) -> None:
    """An undefined name in a template is an error naming it, and no file is written."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.md.j2").write_text("# {{ entries|length }}\n{{ no_such_name }}\n")
    out = tmp_path / "out"
    results, entries = _catalog()
    with pytest.raises(ReportTemplateError, match=r"index\.md\.j2:2: 'no_such_name' is undefined"):
        write_reports(results, entries, out, formats=["md"], templates=templates)
    assert not out.exists()


def test_user_templates_are_found_first(tmp_path: Path) -> None:
    """A template in the user's folder replaces the package's; the others still come from it."""
    (tmp_path / "index.md.j2").write_text("{{ entries|length }} entries: {{ entries[3].title }}\n")
    results, entries = _catalog()
    docs = render_reports(results, entries, formats=["md"], templates=tmp_path)
    assert docs["index.md"] == f"4 entries: {escape_md(EVIL)}\n"
    assert docs["gibbs.md"].startswith("<!-- Generated by symkl report")


@pytest.mark.parametrize(
    ("formats", "error", "message"),
    [
        (["pdf"], ReportFormatError, "unknown report format 'pdf'; expected one of tex, md, html"),
        ([], ReportFormatError, "no report format given in []"),
    ],
)
def test_bad_formats(formats: list[str], error: type[Exception], message: str) -> None:
    """An unknown format is an error that names it."""
    with pytest.raises(error, match=re.escape(message)):
        render_reports(*_catalog(), formats=formats)


def test_pdf_needs_tex(tmp_path: Path) -> None:
    """pdf=True without the tex format is an error naming the formats."""
    with pytest.raises(
        ReportFormatError, match=re.escape("needs the tex format, got formats ['md']")
    ):
        write_reports(*_catalog(), tmp_path, formats=["md"], pdf=True)


def test_missing_templates_folder(tmp_path: Path) -> None:
    """A templates folder that does not exist is an error naming it."""
    missing = tmp_path / "nope"
    with pytest.raises(ReportTemplateError, match=re.escape(f"{str(missing)!r} does not exist")):
        render_reports(*_catalog(), templates=missing)


def test_report_format_parse() -> None:
    """Formats parse from their names, case and a leading dot ignored."""
    assert [ReportFormat.parse(s) for s in ("tex", ".MD")] == [ReportFormat.TEX, ReportFormat.MD]


def test_prune_stale_removes_only_generated_files(tmp_path: Path) -> None:
    """Old generated reports are removed; the user's own files and kept reports stay."""
    (tmp_path / "old.md").write_text("<!-- Generated by symkl report from the catalog -->\n")
    (tmp_path / "mine.md").write_text("my notes\n")
    (tmp_path / "kept.md").write_text("<!-- Generated by symkl report from the catalog -->\n")
    removed = prune_stale(tmp_path, [tmp_path / "kept.md"], [".md"])
    assert removed == [tmp_path / "old.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.md", "mine.md"]


# --- PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        (
            "This is pdfTeX\n! Undefined control sequence.\nl.12 \\foo\n",
            "! Undefined control sequence. (l.12 \\foo)",
        ),
        ("! Emergency stop.\n", "! Emergency stop."),
        ("no errors here\n", None),
    ],
)
def test_first_error(log: str, expected: str | None) -> None:
    """The first '! …' line of a LaTeX log, with the line it points at."""
    assert first_error(log) == expected


def test_build_pdf_without_latexmk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without latexmk the error says so."""
    monkeypatch.setattr("symkl.report._pdf.shutil.which", lambda name: None)
    with pytest.raises(ReportBuildError, match="latexmk is not on PATH"):
        build_pdf(tmp_path / "x.tex")


@pytest.mark.slow
@needs_latex
def test_pdf_of_a_small_report(tmp_path: Path) -> None:
    """The evil claim's document builds, and its PDF shows the title literally."""
    results, entries = _catalog()
    written = write_reports(results[3:], entries[3:], tmp_path, formats=["tex"], pdf=True)
    pdf = tmp_path / "evil.pdf"
    assert pdf in written
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    # OT1 fonts draw '_' as a rule, which pdftotext reads as a space
    assert r"\input{/etc/passwd} 50% of $x" in text  # then x₁ as a formula
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".pdf", ".pdf", ".tex", ".tex"]


@pytest.mark.slow
@needs_latex
def test_broken_template_reports_first_latex_error(tmp_path: Path) -> None:
    """A LaTeX error fails the build with the log's first error in the message."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.tex.j2").write_text(
        "\\documentclass{article}\\begin{document}\\nosuchmacro{}\\end{document}\n"
    )
    results, entries = _catalog()
    with pytest.raises(
        ReportBuildError, match=r"index\.tex: ! Undefined control sequence\. \(l\.1 "
    ):
        write_reports(
            results[:1],
            entries[:1],
            tmp_path / "out",
            formats=["tex"],
            templates=templates,
            pdf=True,
        )


# --- figures -----------------------------------------------------------------------------------


def test_gaussian_fits() -> None:
    """Forward KL matches moments (mass-covering); reverse KL sits on one mode."""
    fits = gaussian_fits()
    assert (fits.forward.mean, fits.forward.variance) == (0.0, 4.25)
    assert (fits.mixture_mean, fits.mixture_variance) == (0.0, 4.25)
    assert fits.reverse.mean == pytest.approx(2.0, abs=1e-3)
    assert fits.reverse.sd == pytest.approx(0.5, abs=1e-3)
    assert fits.reverse.divergence == pytest.approx(0.6931, abs=1e-4)  # ≈ log 2: half of p missed


def test_bernoulli_curves() -> None:
    """H(p, q) and KL(p‖q) share the minimiser q = p and differ by the proved constant H(p)."""
    curves = bernoulli_curves()
    assert curves.minimiser == sympy.Rational(3, 10)
    assert curves.offset.verdict is Verdict.PROVED
    assert curves.entropy_value == 0.6109


@pytest.mark.slow
def test_figures_are_deterministic(tmp_path: Path) -> None:
    """Drawing the figures twice gives identical PDF and PNG bytes."""
    pytest.importorskip("matplotlib")
    from symkl.report import draw_figures

    first = draw_figures(tmp_path / "a")
    draw_figures(tmp_path / "b")
    assert [p.name for p in first] == [
        "forward-reverse-kl.pdf",
        "forward-reverse-kl.png",
        "bernoulli-ce-kl.pdf",
        "bernoulli-ce-kl.png",
    ]
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


# --- the committed reports ---------------------------------------------------------------------

REPORTS = Path(__file__).resolve().parent.parent / "reports"


@pytest.mark.slow
@pytest.mark.skipif(not (REPORTS / "index.md").is_file(), reason="reports/ not generated yet")
def test_committed_reports_match_a_fresh_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    """reports/ holds exactly what verifying the catalog and writing the reports gives now."""
    from _catalog_run import CATALOG, catalog_results

    monkeypatch.chdir(REPORTS.parent)
    fresh = render_reports(list(catalog_results()), CATALOG.entries)
    committed = {p.name: p.read_text() for p in REPORTS.iterdir() if p.suffix in (".tex", ".md")}
    assert sorted(committed) == sorted(fresh)
    for name, text in fresh.items():
        assert committed[name] == text, f"reports/{name} is stale: run python -m symkl.report"
    for figure in ("forward-reverse-kl", "bernoulli-ce-kl"):
        assert (REPORTS / "figures" / f"{figure}.pdf").is_file()
        assert (REPORTS / "figures" / f"{figure}.png").is_file()


def test_text_math_has_no_python_syntax() -> None:
    """Distributions in titles read as maths: σ₁², tuples for vectors and matrices, no ** or [[."""
    from symkl.families import MultivariateNormal
    from symkl.report import text_math

    s1, s2, m1 = sympy.symbols("sigma1 sigma2 mu1", positive=True)
    text = text_math(MultivariateNormal([m1, 0], [[s1**2, 0], [0, s2**2]]))
    assert text == "MultivariateNormal((μ₁, 0), ((σ₁², 0), (0, σ₂²)))"
    assert text_math(sympy.IndexedBase("x")[sympy.Symbol("i")] ** 3) == "x_i³"


@pytest.mark.parametrize(
    ("title", "tex", "md"),
    [
        (
            "Gibbs' inequality: D_KL(p‖q) ≥ 0",
            r"Gibbs' inequality: $D_{\mathrm{KL}}(p \Vert q) \ge 0$",
            r"Gibbs' inequality: $D_{\mathrm{KL}}(p \Vert q) \ge 0$",
        ),
        ("Entropy of Bernoulli(p)", "Entropy of Bernoulli(p)", "Entropy of Bernoulli(p)"),
        (
            "KL divergence is cross-entropy minus entropy (five outcomes)",
            "KL divergence is cross-entropy minus entropy (five outcomes)",
            "KL divergence is cross-entropy minus entropy (five outcomes)",
        ),
        ("x_{\\input{a}}", r"x\_\{\textbackslash{}input\{a\}\}", r"x\_{\\input{a}}"),
    ],
)
def test_titles_typeset_formulas_in_math_mode(title: str, tex: str, md: str) -> None:
    """Formulas in titles go to math mode (no literal D_KL); prose and TeX commands stay text."""
    assert title_tex(title) == tex
    assert title_md(title) == md
