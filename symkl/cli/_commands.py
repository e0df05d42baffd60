"""What each ``symkl`` subcommand does; imported by :mod:`symkl.cli` only when one runs.

>>> run(build_parser().parse_args(["list"]))
0
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import io
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..cache import ProofCache
from ..catalog import Catalog, Entry, load
from ..derivation import Claim
from ..errors import ProofTimeoutError, SymklError
from ..prover import Proof, Verdict, prove
from ..runner import EntryResult, error_result, to_json, verify
from ._exits import EXIT_FAILED, EXIT_OK, UsageError
from ._format import format_entry_line, format_proof_lines, format_summary
from ._progress import ProgressBar

__all__ = ["run"]


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _tolerant_streams() -> None:
    # Assumptions and titles hold Unicode (≪, Σ); a pipe with an ASCII locale must not crash.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _load(paths: Sequence[str]) -> Catalog:
    """The catalog of ``paths`` (or the built-in one); load errors printed as ``path:line: msg``."""
    for raw in paths:
        path = Path(raw)
        try:
            exists, is_file = path.exists(), path.is_file()
        except (OSError, ValueError) as exc:  # a name too long for the system, and the like
            raise UsageError(f"cannot read the derivation path {raw!r}: {exc}") from exc
        if not exists:
            raise UsageError(f"no such derivation file or folder: {raw}")
        if is_file and path.suffix != ".py":
            raise UsageError(f"not a Python derivation file: {raw}")
    catalog = load(list(paths) or None)
    for error in catalog.errors:
        _err(str(error))
    return catalog


def _cache(args: argparse.Namespace) -> ProofCache | None:
    return None if args.no_cache else ProofCache.default()


def _memory_limit(args: argparse.Namespace) -> int:
    return int(args.memory_limit * 2**30)


def _verify(entries: Sequence[Entry], args: argparse.Namespace) -> list[EntryResult]:
    bar = ProgressBar.for_stream(sys.stderr)
    jobs = args.jobs or os.cpu_count() or 1
    memory = _memory_limit(args)

    def prove_step(relation: object, timeout: float | None) -> Proof:
        return prove(relation, timeout=timeout, memory_limit=memory)

    try:
        return verify(
            entries, timeout=args.timeout, progress=bar, jobs=jobs, cache=_cache(args),
            prove_fn=prove_step,
        )  # fmt: skip
    finally:
        bar.close()


def cmd_list(args: argparse.Namespace) -> int:
    """Name, kind, expected verdict and title of every entry."""
    catalog = _load(args.paths)
    width = max((len(e.name) for e in catalog.entries), default=0)
    for entry in catalog.entries:
        kind = "claim" if isinstance(entry, Claim) else f"derivation ({len(entry.steps)} steps)"
        _out(f"{entry.name:<{width}}  expect {entry.expect.value:<9}  {kind}: {entry.title}")
    return EXIT_FAILED if catalog.errors else EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """Verify every entry; text lines or one JSON document; exit 1 if any missed its verdict."""
    start = time.perf_counter()
    catalog = _load(args.paths)
    results = _verify(catalog.entries, args)
    results += [error_result(e) for e in catalog.errors]
    if args.json:
        _out(json.dumps(to_json(results), indent=2))
    else:
        shown = [r for r in results if r.kind != "error"]  # load errors went to stderr already
        width = max((len(r.name) for r in shown), default=0)
        for result in shown:
            for line in format_entry_line(result, verbose=args.verbose, width=width):
                _out(line)
        _out(format_summary(results, time.perf_counter() - start))
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAILED


def cmd_report(args: argparse.Namespace) -> int:
    """Verify, then write the reports through :func:`symkl.report.write_reports`."""
    try:
        from ..report import draw_figures, prune_stale, write_exercises, write_reports
        from ..report._reports import FIGURE_FOLDER
    except ImportError as exc:
        raise UsageError(f"the report writer is not available: {exc}") from exc
    import jinja2

    templates = None if args.templates is None else Path(args.templates)
    try:
        missing = templates is not None and not templates.is_dir()
    except (OSError, ValueError):
        missing = True
    if missing:
        raise UsageError(f"no such templates folder: {args.templates}")
    catalog = _load(args.paths)
    results = _verify(catalog.entries, args) + [error_result(e) for e in catalog.errors]
    out = Path(args.out)
    builtin = not args.paths  # the catalog's figures belong to the catalog's reports only
    try:
        written: list[Path] = []
        if builtin and importlib.util.find_spec("matplotlib") is not None:  # the `plots` extra
            written += draw_figures(out / FIGURE_FOLDER)  # first, so the PDFs include them
        elif builtin:
            _err("figures skipped: matplotlib is not installed (pip install 'symkl[plots]')")
        written += write_reports(
            results, catalog.entries, out,
            formats=args.formats, templates=templates, pdf=args.pdf,
            title=args.title, catalog_figures=builtin,
        )  # fmt: skip
        prune_stale(out, written, (".tex", ".md", ".html"))  # only files symkl generated itself
        if args.exercise:
            exercises = write_exercises(
                results, catalog.entries, out / "exercises",
                seed=args.seed, mode=args.exercise_mode, formats=args.formats,
                templates=templates, timeout=args.timeout, cache=_cache(args), pdf=args.pdf,
            )  # fmt: skip
            prune_stale(out / "exercises", exercises, (".tex", ".md", ".html"))
            written += exercises
    except (OSError, ValueError, SymklError, jinja2.TemplateError) as exc:
        raise UsageError(f"could not write the reports to {args.out}: {exc}") from exc
    for path in written or ():
        _out(str(path))
    failed = [r for r in results if not r.ok]
    for result in failed:
        _err(f"{result.name}: {result.verdict.value}, expected {result.expected.value}")
    return EXIT_FAILED if failed or catalog.errors else EXIT_OK


def _render(expr: Any, pretty: bool) -> list[str]:
    import sympy

    from ..report._mle import is_maximizer, mle_text

    if is_maximizer(expr):  # p̂ = argmax_p Σᵢ log Bernoulli(xᵢ; p) = …, not Maximizer(Sum(…
        return [mle_text(expr)]
    if pretty:
        text: str = sympy.pretty(expr, use_unicode=True)
        return text.splitlines()
    return [str(expr)]


def _show_lines(entry: Entry, result: EntryResult, pretty: bool) -> list[str]:
    lines = [f"{entry.name}: {entry.title}"]
    if entry.source:
        lines.append(f"source: {entry.source}")
    lines.append("")
    if isinstance(entry, Claim):
        relation = entry.relation
        lhs, rhs = getattr(relation, "lhs", relation), getattr(relation, "rhs", None)
        rows: list[tuple[str, Any, str]] = [("", lhs, "")]
        if rhs is not None:
            rows.append((result.steps[0].relation if result.steps else "?", rhs, entry.why))
    else:
        rows = [("", entry.start, "")]
        rows += [(s.relation.value, s.expr, s.why) for s in entry.steps]
    width = max(2, *(len(symbol) for symbol, _, _ in rows))  # "same argmin" widens the column
    pad = " " * (width + 3)
    for position, (symbol, expr, why) in enumerate(rows):
        body = _render(expr, pretty)
        tail = f"    [{why}]" if why and len(body) == 1 else ""
        lines.append(f"  {symbol:<{width}} {body[0]}{tail}")
        lines += [f"{pad}{more}" for more in body[1:]]
        if why and len(body) > 1:
            lines.append(f"{pad}[{why}]")
        if position >= 1 and position - 1 < len(result.steps):
            step = result.steps[position - 1]
            proof = format_proof_lines(
                step.verdict.value, step.method, step.assumptions, step.counterexample,
                step.detail, cached=step.cached,
            )  # fmt: skip
            lines += [f"       -> {proof[0]}", *(f"          {x}" for x in proof[1:])]
    lines.append("")
    if result.error is not None:
        lines.append(f"error: {result.error}")
    mark = "ok" if result.ok else "FAIL"
    lines.append(f"verdict: {result.verdict.value} (expected {result.expected.value}) {mark}")
    return lines


def cmd_show(args: argparse.Namespace) -> int:
    """One entry step by step: each expression, its relation, why, verdict and method."""
    catalog = _load(args.paths)
    entry = catalog.find(args.name)
    if entry is None:
        names = [e.name for e in catalog.entries]
        close = difflib.get_close_matches(args.name, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see 'symkl list'"
        raise UsageError(f"no entry named {args.name!r}{hint}")
    (result,) = _verify([entry], args)
    for line in _show_lines(entry, result, args.pretty):
        _out(line)
    return EXIT_OK if result.ok else EXIT_FAILED


def _parse_and_prove(claim: str, samples: int) -> tuple[str, Proof]:
    """Runs in the bounded worker: parsing is inside the budget as much as the proof is."""
    from ._grammar import parse_claim

    relation = parse_claim(claim)
    proof = prove(relation, samples=samples, timeout=math.inf, memory_limit=math.inf)
    return _relation_text(relation), proof


def cmd_check(args: argparse.Namespace) -> int:
    """Parse one relation, prove it, print the verdict; exit 0 only if proved or checked.

    Parsing and proving run together in one worker under ``--timeout`` and ``--memory-limit``;
    text outside the grammar is a usage error (exit 2), a limit reached is UNDECIDED (exit 1).
    """
    from ..prover._timeout import (
        WorkerCrashedError,
        WorkerMemoryError,
        resolve_timeout,
        run_with_timeout,
    )

    start = time.perf_counter()
    seconds = resolve_timeout(args.timeout)
    text, proof = args.claim.strip(), None
    try:
        text, proof = run_with_timeout(
            lambda: _parse_and_prove(args.claim, args.samples),
            seconds,
            memory_limit=_memory_limit(args),
        )
    except ProofTimeoutError as exc:
        method, detail = "timeout", str(exc)
    except WorkerMemoryError as exc:
        method, detail = "memory limit", str(exc)
    except WorkerCrashedError as exc:
        method, detail = "worker crashed", f"{exc} (a bug in symkl; please report it)"
    if proof is None:
        proof = Proof(Verdict.UNDECIDED, method, None, time.perf_counter() - start, (), detail)
    _out(text)
    lines = format_proof_lines(
        proof.verdict.value, proof.method, proof.assumptions, proof.counterexample, proof.detail
    )
    for line in lines:
        _out(line)
    return EXIT_OK if proof.verdict in (Verdict.PROVED, Verdict.CHECKED) else EXIT_FAILED


def _relation_text(relation: Any) -> str:
    import sympy

    symbol = {sympy.Eq: "=", sympy.Le: "<=", sympy.Ge: ">="}.get(type(relation), "?")
    return f"{relation.lhs} {symbol} {relation.rhs}"


COMMANDS = {
    "list": cmd_list,
    "verify": cmd_verify,
    "report": cmd_report,
    "show": cmd_show,
    "check": cmd_check,
}


def run(args: argparse.Namespace) -> int:
    """Dispatch to the subcommand; a SymklError from user input is a one-line usage error."""
    _tolerant_streams()
    try:
        return COMMANDS[args.command](args)
    except SymklError as exc:
        raise UsageError(str(exc)) from exc
