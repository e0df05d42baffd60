"""What each ``symkl`` subcommand does; imported by :mod:`symkl.cli` only when one runs.

>>> sorted(COMMANDS)
['check', 'list', 'report', 'show', 'verify']
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import math
import sys
import time
from typing import Any

from .._proof import Proof, Verdict
from .._verdicts import EntryResult
from ..catalog import Catalog, Entry
from ..derivation import Claim, Derivation
from ..errors import ProofTimeoutError, SymklError
from ..prover import prove
from ..relations import RelationKind
from ..runner import to_json
from ._exits import EXIT_FAILED, EXIT_OK, UsageError
from ._format import expression_text, format_entry_line, format_proof_lines, format_summary
from ._load import exit_code, load_claims
from ._progress import ProgressBar
from ._run import memory_limit_of, verify_all

__all__ = ["check_json", "run"]


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _tolerant_streams() -> None:
    # Assumptions and titles hold Unicode (≪, Σ); a pipe with an ASCII locale must not crash.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def cmd_list(args: argparse.Namespace) -> int:
    """Name, kind, expected verdict and title of every entry."""
    catalog = load_claims(args.paths)
    width = max((len(e.name) for e in catalog.entries), default=0)
    for entry in catalog.entries:
        steps = f" ({len(entry.steps)} steps)" if isinstance(entry, Derivation) else ""
        kind = f"{entry.kind}{steps}"
        _out(f"{entry.name:<{width}}  expect {entry.expect.value:<9}  {kind}: {entry.title}")
    return exit_code(catalog, [])


def cmd_verify(args: argparse.Namespace) -> int:
    """Verify every entry; a line per entry as it finishes (or one JSON document at the end)."""
    start = time.perf_counter()
    catalog = load_claims(args.paths)
    bar = ProgressBar.for_stream(sys.stderr)
    if args.json:
        results = [result for _, result in verify_all(catalog, args, bar)]
        _out(json.dumps(to_json(results), indent=2))
        return exit_code(catalog, results)
    entries = {entry.name: entry for entry in catalog.entries}
    width = max((len(name) for name in entries), default=0)

    def print_entry(result: EntryResult) -> None:  # flushed at once: a CI log shows progress
        entry = entries.get(result.name)
        lines = format_entry_line(result, verbose=args.verbose, width=width, entry=entry)
        bar.echo("\n".join(lines), sys.stdout)

    verified = verify_all(catalog, args, bar, on_result=print_entry)
    results = [result for _, result in verified]  # load errors included, printed while loading
    _out(format_summary(results, time.perf_counter() - start))
    return exit_code(catalog, results)


def cmd_report(args: argparse.Namespace) -> int:
    """Verify, then write the reports (see :mod:`symkl.cli._report`)."""
    from ._report import report

    return report(args)


def _render(expr: Any, pretty: bool) -> list[str]:
    import sympy

    from ..report._mle import is_maximizer

    if pretty and not is_maximizer(expr):  # an MLE reads best as its one line of text
        text: str = sympy.pretty(expr, use_unicode=True)
        return text.splitlines()
    return [expression_text(expr)]


def _show_lines(entry: Entry, result: EntryResult, pretty: bool) -> list[str]:
    lines = [f"{entry.name}: {entry.title}"]
    if entry.source:
        lines.append(f"source: {entry.source}")
    lines.append("")
    rows: list[tuple[str, Any, str]] = []
    if isinstance(entry, Claim):
        relation = entry.relation
        lhs, rhs = getattr(relation, "lhs", relation), getattr(relation, "rhs", None)
        rows.append(("", lhs, ""))
        if rhs is not None:
            rows.append((result.steps[0].relation if result.steps else "?", rhs, entry.why))
    elif isinstance(entry, Derivation):
        rows.append(("", entry.start, ""))
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
    catalog = load_claims(args.paths)
    entry = catalog.find(args.name)
    if entry is None:
        names = [e.name for e in catalog.entries]
        close = difflib.get_close_matches(args.name, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see 'symkl list'"
        raise UsageError(f"no entry named {args.name!r}{hint}")
    ((_, result),) = verify_all(Catalog([entry]), args, ProgressBar.for_stream(sys.stderr))
    for line in _show_lines(entry, result, args.pretty):
        _out(line)
    return exit_code(catalog, [result])


def _parse_and_prove(claim: str, samples: int) -> tuple[str, Proof]:
    """Runs in the bounded worker: parsing is inside the budget as much as the proof is."""
    from ._grammar import claim_facts, parse_claim

    relation = parse_claim(claim)
    facts = claim_facts(relation)  # p[i] are p's probabilities: Σ p[i] = 1 holds
    proof = prove(relation, where=facts, samples=samples, timeout=math.inf, memory_limit=math.inf)
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
            memory_limit=memory_limit_of(args),
        )
    except ProofTimeoutError as exc:
        method, detail = "timeout", str(exc)
    except WorkerMemoryError as exc:
        method, detail = "memory limit", str(exc)
    except WorkerCrashedError as exc:
        method, detail = "worker crashed", f"{exc} (a bug in symkl; please report it)"
    if proof is None:
        proof = Proof(Verdict.UNDECIDED, method, None, time.perf_counter() - start, (), detail)
    ok = proof.verdict in (Verdict.PROVED, Verdict.CHECKED)
    if args.json:
        _out(json.dumps(check_json(args.claim, text, proof, ok), indent=2))
        return EXIT_OK if ok else EXIT_FAILED
    _out(text)
    lines = format_proof_lines(
        proof.verdict.value, proof.method, proof.assumptions, proof.counterexample, proof.detail
    )
    for line in lines:
        _out(line)
    return EXIT_OK if ok else EXIT_FAILED


def check_json(claim: str, relation: str, proof: Proof, ok: bool) -> dict[str, Any]:
    """The document ``symkl check --json`` prints (schema in ``symkl/schema/check.json``).

    >>> import sympy
    >>> from symkl import Discrete, kl_divergence, prove
    >>> from symkl.cli._commands import check_json
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> proof = prove(sympy.Ge(kl_divergence(p, q), 0))
    >>> check_json("KL(p||q) >= 0", "KL(p || q) >= 0", proof, True)["verdict"]
    'proved'
    """
    from .._version import __version__
    from ..runner import _json_value  # the same NaN/SymPy-number rules as verify --json

    found = proof.counterexample
    return {
        "symkl": __version__,
        "claim": claim,
        "relation": relation,
        "verdict": proof.verdict.value,
        "method": proof.method,
        "ok": ok,
        "seconds": round(proof.seconds, 4),
        "assumptions": [str(a) for a in proof.assumptions],
        "counterexample": (
            None if found is None else {str(k): _json_value(v) for k, v in found.items()}
        ),
        "detail": proof.detail,
    }


def _relation_text(relation: Any) -> str:
    """The claim as typed back: ``lhs < rhs`` (the relation's own text, strict ones too)."""
    kind = RelationKind.of(relation)
    symbol = kind.text if kind is not None else type(relation).__name__
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
