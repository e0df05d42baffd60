"""Every committed report builds as a PDF with a real TeX installation.

``test_report.py`` asserts that ``reports/`` is exactly what verifying the catalog writes now, so
building these files is building what ``symkl report --pdf`` writes, without verifying the
catalog a second time. Where TeX is missing they skip, except in CI (see ``_tools.needs``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from _tools import needs

from symkl.report._pdf import build_pdfs

REPORTS = Path(__file__).resolve().parent.parent / "reports"
HAS_LATEX = shutil.which("latexmk") is not None and shutil.which("pdftotext") is not None
needs_latex = needs(HAS_LATEX, "latexmk or pdftotext")


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


@pytest.mark.slow
@needs_latex
@pytest.mark.skipif(not (REPORTS / "index.tex").is_file(), reason="reports/ not generated yet")
def test_every_committed_report_builds_as_a_pdf(tmp_path: Path) -> None:
    """Each reports/*.tex gives a PDF whose text carries the report's title."""
    shutil.copytree(REPORTS, tmp_path / "reports", ignore=shutil.ignore_patterns("*.md"))
    sources = sorted((tmp_path / "reports").glob("*.tex"))
    assert len(sources) > 100
    built = build_pdfs(sources, jobs=2)
    assert built == [tex.with_suffix(".pdf") for tex in sources]
    assert all(pdf.stat().st_size > 1000 for pdf in built)
    index = _pdf_text(tmp_path / "reports" / "index.pdf")
    assert "Kullback" in index or "KL" in index
    gibbs = next(pdf for pdf in built if pdf.stem == "kl-is-symmetric")
    assert "refuted" in _pdf_text(gibbs).lower()


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
