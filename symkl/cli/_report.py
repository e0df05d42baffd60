"""``symkl report``: verify, write the documents, build the PDFs, and say what was written.

>>> from pathlib import Path
>>> from symkl.cli import build_parser
>>> from symkl.cli._report import report
>>> _ = Path("my_claims.py").write_text(
...     "import sympy, symkl\\n"
...     "p, q = symkl.Discrete.symbolic('p', 3), symkl.Discrete.symbolic('q', 3)\\n"
...     "GIBBS = symkl.Claim('gibbs', sympy.Ge(symkl.kl_divergence(p, q), 0))\\n"
... )
>>> report(build_parser().parse_args(["report", "my_claims.py", "--out", "week3"]))
4 files in week3: 2 md, 2 tex
0

stdout gets one summary line (how many files of each kind, and where); ``-v`` lists every file
as well. The long phases, verifying and ``latexmk``, show a bar on a terminal, and in a pipe or
a CI log one flushed stderr line per entry and per PDF as it finishes.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from .._verdicts import EntryResult
from ..errors import SymklError
from ._exits import UsageError
from ._format import format_entry_line
from ._load import exit_code, load_claims
from ._progress import ProgressBar
from ._run import build_pdfs_with_progress, cache_of, verify_all

__all__ = ["report"]


def _templates(args: argparse.Namespace) -> Path | None:
    templates = None if args.templates is None else Path(args.templates)
    try:
        missing = templates is not None and not templates.is_dir()
    except (OSError, ValueError):
        missing = True
    if missing:
        raise UsageError(f"no such templates folder: {args.templates}")
    return templates


def report(args: argparse.Namespace) -> int:
    """Verify, then write the reports through :func:`symkl.report.build_reports`."""
    try:
        from ..report import ExerciseOptions, build_reports
        from ..report._write import written_summary
    except ImportError as exc:
        raise UsageError(f"the report writer is not available: {exc}") from exc
    import jinja2

    if args.pdf and "tex" not in args.formats:
        raise UsageError(f"--pdf needs the tex format, got --format {','.join(args.formats)}")
    templates = _templates(args)
    catalog = load_claims(args.paths)
    bar = ProgressBar.for_stream(sys.stderr, lines=True)
    width = max((len(e.name) for e in catalog.entries), default=0)
    finished: list[EntryResult] = []

    def note(result: EntryResult) -> None:
        finished.append(result)
        line = format_entry_line(result, width=width)[0]
        bar.finished(len(finished), len(catalog.entries), line)

    verified = verify_all(catalog, args, bar, on_result=note)
    builtin = not args.paths  # the catalog's figures belong to the catalog's reports only
    draw = builtin and importlib.util.find_spec("matplotlib") is not None  # the `plots` extra
    if builtin and not draw:
        print("figures skipped: matplotlib is not installed (pip install 'symkl[plots]')",
              file=sys.stderr)  # fmt: skip
    exercises = None
    if args.exercise:
        exercises = ExerciseOptions(args.seed, args.exercise_mode, args.timeout, cache_of(args))
    out = Path(args.out)
    try:
        written = build_reports(
            verified, out, formats=args.formats, templates=templates, pdf=False,
            title=args.title, draw=draw, catalog_figures=builtin, exercises=exercises,
        )  # fmt: skip
        if args.pdf:  # reports and sheets in one pool, with their own progress
            written += build_pdfs_with_progress([p for p in written if p.suffix == ".tex"], bar)
    except (OSError, ValueError, SymklError, jinja2.TemplateError) as exc:
        raise UsageError(f"could not write the reports to {args.out}: {exc}") from exc
    print(written_summary(written, out), flush=True)
    if args.verbose:
        for path in written:
            print(path)
    results = [result for _, result in verified]
    for result in results:
        if not result.ok:
            print(f"{result.name}: {result.verdict.value}, expected {result.expected.value}",
                  file=sys.stderr)  # fmt: skip
    return exit_code(catalog, results)
