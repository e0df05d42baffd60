"""Every committed report builds as a PDF with a real TeX installation.

``test_report.py`` asserts that ``reports/`` is exactly what verifying the catalog writes now, so
building these files is building what ``symkl report --pdf`` writes, without verifying the
catalog a second time. Where TeX is missing they skip, except in CI (see ``_tools.needs``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from _tools import needs

from symkl.report._pdf import TIMEOUT_SECONDS, build_pdfs, first_error

REPORTS = Path(__file__).resolve().parent.parent / "reports"
HAS_LATEX = all(shutil.which(tool) for tool in ("latexmk", "pdflatex", "pdftotext"))
needs_latex = needs(HAS_LATEX, "latexmk, pdflatex or pdftotext")

#: Reports built through ``build_pdfs`` (latexmk until its passes settle, as ``symkl report
#: --pdf`` does): the index with its figures, a refuted claim, the longest derivation, an MLE.
THROUGH_LATEXMK = ("index", "kl-is-symmetric", "kl-log-normal-gamma-steps", "bernoulli-mle")
#: The others get one pdflatex pass: enough to show that they compile and to read their text, at
#: a third of latexmk's cost (which runs pdflatex until the cross-references settle, then cleans).
PDFLATEX_ARGS = ("-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error")


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def _one_pass(tex: Path) -> str | None:
    """One ``pdflatex`` pass over ``tex`` in its folder: None, or LaTeX's first error."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    completed = subprocess.run(
        ["pdflatex", *PDFLATEX_ARGS, tex.name],
        cwd=tex.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode == 0 and tex.with_suffix(".pdf").is_file():
        return None
    log = tex.with_suffix(".log")
    return first_error(log.read_text(errors="replace") if log.is_file() else "") or (
        f"exit status {completed.returncode}"
    )


def _verdicts(tex: Path) -> set[str]:
    """The verdicts a report's badges show, as the PDF prints them (upper case); the comments
    of the preamble (which show the macro's use) left out."""
    lines = [line for line in tex.read_text().splitlines() if not line.lstrip().startswith("%")]
    return {v.upper() for v in re.findall(r"\\verdict\{([a-z]+)\}", "\n".join(lines))}


@pytest.mark.slow
@needs_latex
@pytest.mark.skipif(not (REPORTS / "index.tex").is_file(), reason="reports/ not generated yet")
def test_every_committed_report_builds_as_a_pdf(tmp_path: Path) -> None:
    """Each reports/*.tex gives a PDF whose text carries the verdicts of its badges."""
    shutil.copytree(REPORTS, tmp_path / "reports", ignore=shutil.ignore_patterns("*.md"))
    sources = sorted((tmp_path / "reports").glob("*.tex"))
    assert len(sources) > 100
    chosen = [tex for tex in sources if tex.stem in THROUGH_LATEXMK]
    assert [tex.stem for tex in chosen] == sorted(THROUGH_LATEXMK)
    built = build_pdfs(chosen, jobs=2)
    assert built == [tex.with_suffix(".pdf") for tex in chosen]
    others = [tex for tex in sources if tex not in chosen]
    with ThreadPoolExecutor(max_workers=2) as pool:  # threads: each pass is a subprocess
        errors = dict(zip(others, pool.map(_one_pass, others), strict=True))
    assert {tex.name: e for tex, e in errors.items() if e is not None} == {}
    pdfs = [tex.with_suffix(".pdf") for tex in sources]
    assert all(pdf.stat().st_size > 1000 for pdf in pdfs)
    texts = {pdf.stem: _pdf_text(pdf) for pdf in pdfs}
    assert "Kullback" in texts["index"] or "KL" in texts["index"]
    assert "refuted" in texts["kl-is-symmetric"].lower()
    shown = {tex.stem: _verdicts(tex) for tex in sources}
    assert sum(bool(verdicts) for verdicts in shown.values()) > 100  # the badges were found
    missing = {
        name: sorted(v for v in shown[name] if v not in text) for name, text in texts.items()
    }
    assert {name: verdicts for name, verdicts in missing.items() if verdicts} == {}


@pytest.mark.slow
@needs_latex
def test_symkl_report_pdf_builds_every_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`symkl report claims.py --pdf` writes a PDF beside every .tex, index included."""
    from symkl.cli import main

    monkeypatch.chdir(tmp_path)
    Path("claims.py").write_text(
        "import sympy, symkl\n"
        "p, q = symkl.Discrete.symbolic('p', 3), symkl.Discrete.symbolic('q', 3)\n"
        "GIBBS = symkl.Claim('gibbs', sympy.Ge(symkl.kl_divergence(p, q), 0))\n"
        "SYMMETRIC = symkl.Claim('symmetric', sympy.Eq(symkl.kl_divergence(p, q),\n"
        "    symkl.kl_divergence(q, p)), expect='refuted')\n"
    )
    assert main(["report", "claims.py", "--out", "out", "--pdf"]) == 0
    out = tmp_path / "out"
    assert sorted(p.name for p in out.glob("*.pdf")) == ["gibbs.pdf", "index.pdf", "symmetric.pdf"]
    assert "refuted" in _pdf_text(out / "symmetric.pdf").lower()
