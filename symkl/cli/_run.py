"""Running the long phases of a command with progress: verifying entries and building PDFs.

>>> import sys
>>> from pathlib import Path
>>> from symkl.cli import build_parser
>>> from symkl.cli._load import load_claims
>>> from symkl.cli._progress import ProgressBar
>>> from symkl.cli._run import verify_all
>>> _ = Path("my_claims.py").write_text(
...     "import sympy, symkl\\n"
...     "p, q = symkl.Discrete.symbolic('p', 3), symkl.Discrete.symbolic('q', 3)\\n"
...     "GIBBS = symkl.Claim('gibbs', sympy.Ge(symkl.kl_divergence(p, q), 0))\\n"
... )
>>> args = build_parser().parse_args(["verify", "my_claims.py"])
>>> bar = ProgressBar.for_stream(sys.stderr)
>>> def print_line(result):
...     print(result.name, result.verdict.value)
>>> verified = verify_all(load_claims(args.paths), args, bar, on_result=print_line)
gibbs proved

Each entry's result is handed to ``on_result`` as soon as it is known, so ``symkl verify``
prints its line then (in a pipe or a CI log too, flushed) rather than after the whole run.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from .._proof import Proof
from .._verdicts import EntryResult, Verified
from ..cache import ProofCache
from ..catalog import Catalog
from ..prover import prove
from ..runner import verify_catalog
from ._progress import ProgressBar

__all__ = ["build_pdfs_with_progress", "cache_of", "memory_limit_of", "verify_all"]


def cache_of(args: argparse.Namespace) -> ProofCache | None:
    """The proof cache, unless ``--no-cache``."""
    return None if args.no_cache else ProofCache.default()


def memory_limit_of(args: argparse.Namespace) -> int:
    """``--memory-limit`` in bytes."""
    return int(args.memory_limit * 2**30)


def verify_all(
    catalog: Catalog,
    args: argparse.Namespace,
    bar: ProgressBar,
    on_result: Callable[[EntryResult], None] | None = None,
) -> list[Verified]:
    """Verify the catalog with the command's limits: each entry beside its result, then each
    load error as a failed result; ``on_result`` as each entry finishes."""
    jobs = args.jobs or os.cpu_count() or 1
    memory = memory_limit_of(args)

    def prove_step(relation: object, timeout: float | None) -> Proof:
        return prove(relation, timeout=timeout, memory_limit=memory)

    try:
        return verify_catalog(
            catalog, timeout=args.timeout, progress=bar, jobs=jobs, cache=cache_of(args),
            prove_fn=prove_step, on_result=on_result,
        )  # fmt: skip
    finally:
        bar.close()


def build_pdfs_with_progress(tex_paths: Sequence[Path], bar: ProgressBar) -> list[Path]:
    """``latexmk`` on every ``.tex``: the bar on a terminal, a line per PDF in a log."""
    from ..report._pdf import build_pdfs

    def progress(done: int, total: int, tex: Path) -> None:
        pdf = tex.with_suffix(".pdf")
        bar(done, total, f"PDF {pdf.name}")
        bar.finished(done, total, f"pdf {pdf}")

    if tex_paths:
        bar(0, len(tex_paths), "PDF: running latexmk")
    try:
        return build_pdfs(list(tex_paths), progress=progress)
    finally:
        bar.close()
