"""Building a PDF from a ``.tex`` report with ``latexmk``, and reporting LaTeX's first error.

>>> build_pdf(Path("reports/index.tex"))
PosixPath('reports/index.pdf')
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path

from ._errors import ReportBuildError

__all__ = ["LATEXMK_ARGS", "build_pdf", "build_pdfs", "first_error"]

#: Never shell escape (a report is data); stop at the first error instead of prompting.
LATEXMK_ARGS = ("-pdf", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error")
#: A report that takes longer than this is stuck (e.g. a package waiting for input).
TIMEOUT_SECONDS = 300.0


def first_error(log: str) -> str | None:
    """The first ``! ...`` error of a LaTeX log with the ``l.<n>`` line that locates it."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("! "):
            context = next(
                (s.strip() for s in lines[i + 1 : i + 12] if re.match(r"l\.\d+", s)), None
            )
            return line if context is None else f"{line} ({context})"
    return None


def build_pdf(tex_path: Path) -> Path:
    """Run ``latexmk`` on ``tex_path`` in its own folder and return the PDF's path.

    Raises :class:`ReportBuildError` naming the file and the LaTeX log's first error.
    """
    tex_path = Path(tex_path)
    latexmk = shutil.which("latexmk")
    if latexmk is None:
        raise ReportBuildError(
            f"cannot build {tex_path.name}: latexmk is not on PATH "
            "(install TeX Live with latexmk, e.g. texlive-latex-recommended and latexmk)"
        )
    if not tex_path.is_file():
        raise ReportBuildError(f"cannot build {str(tex_path)!r}: no such file")
    # SOURCE_DATE_EPOCH makes pdfTeX write a fixed date and document ID: same input, same PDF.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    try:
        completed = subprocess.run(
            [latexmk, *LATEXMK_ARGS, tex_path.name],
            cwd=tex_path.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReportBuildError(
            f"latexmk did not finish {tex_path.name} within {TIMEOUT_SECONDS:g} s"
        ) from exc
    pdf = tex_path.with_suffix(".pdf")
    if completed.returncode == 0 and pdf.is_file():
        # the build succeeded: remove latexmk's auxiliary files, keep the PDF
        subprocess.run(
            [latexmk, "-c", tex_path.name], cwd=tex_path.parent, env=env,
            stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
        )  # fmt: skip
        return pdf
    log_path = tex_path.with_suffix(".log")
    log = log_path.read_text(errors="replace") if log_path.is_file() else ""
    error = first_error(log)
    if error is None:  # no LaTeX error: latexmk itself failed; its last words say why
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
        error = " | ".join(tail) or f"exit status {completed.returncode}"
    raise ReportBuildError(f"LaTeX failed on {tex_path.name}: {error}")


def build_pdfs(
    tex_paths: Sequence[Path],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> list[Path]:
    """:func:`build_pdf` for each file, ``jobs`` at a time (default: one per core), in order.

    ``progress(done, total, tex_path)`` is called as each build finishes (a slow phase: a
    terminal shows a bar, a log a line per PDF). The first failure, in the order given, is
    raised after the other builds have finished.
    """
    workers = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    # threads suffice: each build is a latexmk subprocess
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(build_pdf, path) for path in tex_paths]
        source: dict[Future[Path], Path] = dict(zip(futures, tex_paths, strict=True))
        if progress is not None:
            for done, future in enumerate(as_completed(futures), start=1):
                progress(done, len(futures), source[future])
    return [future.result() for future in futures]
