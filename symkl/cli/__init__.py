"""The ``symkl`` command: list, verify, report, show and check claims from a terminal.

>>> main(["check", "H(p,q) = H(p) + KL(p||q)"])
H(p, q) = H(p) + KL(p || q)
proved by termwise-sum
assuming each probability is in (0, 1]; p ≪ q (q > 0 wherever p > 0)
0

Only :mod:`argparse` is imported here; each subcommand imports SymPy when it runs, so
``symkl --help`` answers at once. Exit codes: 0 every claim got its expected verdict, 1 some did
not, 2 a usage or input error (one line on stderr, no traceback), 3 an internal error (a bug in
symkl: one line on stderr saying so, no traceback).

Every proof attempt is bounded: ``--timeout`` seconds per step (default 60) and
``--memory-limit`` GiB per proof worker (default 4); exceeding one is UNDECIDED with the reason.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TypeVar

from .._version import __version__
from ._exits import EXIT_BUG, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError
from ._grammar_help import GRAMMAR_HELP

__all__ = [
    "EXIT_BUG",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "build_parser",
    "main",
]

# Kept in step with symkl.prover._timeout (not imported: `symkl --help` must not load SymPy).
DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 7 * 24 * 3600.0
DEFAULT_MEMORY_GIB = 4.0
MAX_SAMPLES = 100_000
MAX_JOBS = 1024
_EXIT_CODES = (
    "exit codes: 0 every claim got its expected verdict (check: proved or checked), "
    "1 some did not, 2 usage or input error, 3 internal error (a bug in symkl; please report it)"
)


_N = TypeVar("_N", int, float)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; one line naming the problem reads better.
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _bounded(
    parse: Callable[[str], _N],
    expected: str,
    ok: Callable[[_N], bool],
    allowed: str,
    hint: str = "",
) -> Callable[[str], _N]:
    """An argparse type: ``parse`` the text, then require ``ok``; both errors name the text."""

    def convert(text: str) -> _N:
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
        if not ok(value):  # NaN fails every comparison, so it lands here too
            raise argparse.ArgumentTypeError(f"must be {allowed}, got {text!r}{hint}")
        return value

    return convert


_seconds = _bounded(
    float, "seconds", lambda v: 0 < v <= MAX_TIMEOUT,
    f"a positive, finite number of seconds up to {MAX_TIMEOUT:g}",
    " (use --no-timeout for no limit)",
)  # fmt: skip
_gibibytes = _bounded(float, "GiB", lambda v: 1 / 16 <= v <= 1024, "from 0.0625 to 1024 GiB")
_samples = _bounded(
    int, "a whole number", lambda v: 1 <= v <= MAX_SAMPLES, f"from 1 to {MAX_SAMPLES}"
)
_jobs = _bounded(
    int, "a number of processes", lambda v: 0 <= v <= MAX_JOBS, f"0 (one per CPU) up to {MAX_JOBS}"
)


def _path(text: str) -> str:
    if "\0" in text:
        raise argparse.ArgumentTypeError(f"a path cannot contain a NUL character, got {text!r}")
    return text


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [f for f in formats if f not in ("tex", "md", "html")]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"expected a comma-separated list of tex, md and html, got {text!r}"
        )
    return formats


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=_path,
        metavar="PATHS",
        help="derivation files or folders (default: the built-in catalog)",
    )


def _add_limits(parser: argparse.ArgumentParser, what: str) -> None:
    limits = parser.add_mutually_exclusive_group()
    limits.add_argument(
        "--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="S",
        help=f"give up on {what} after S seconds, then undecided (default: {DEFAULT_TIMEOUT:g})",
    )  # fmt: skip
    limits.add_argument(
        "--no-timeout", dest="timeout", action="store_const", const=float("inf"),
        help=f"no time limit on {what} (default: off, the --timeout above applies)",
    )  # fmt: skip
    parser.add_argument(
        "--memory-limit", type=_gibibytes, default=DEFAULT_MEMORY_GIB, metavar="GIB",
        help=f"memory one proof may use, beyond it undecided (default: {DEFAULT_MEMORY_GIB:g})",
    )  # fmt: skip


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs", "-j", type=_jobs, default=1, metavar="N",
        help="verify entries in N worker processes; 0: one per CPU (default: 1)",
    )  # fmt: skip
    _add_limits(parser, "a step")
    parser.add_argument(
        "--no-cache", action="store_true",
        help="prove everything again, ignoring cached results (default: off; the cache is in "
        "$SYMKL_CACHE_DIR, else $XDG_CACHE_HOME/symkl or ~/.cache/symkl)",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = _Parser(
        prog="symkl",
        description="Derive and verify entropy, cross-entropy, KL and MLE identities with SymPy.",
        epilog=_EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"symkl {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    listing = commands.add_parser(
        "list", help="catalog entries with their expected verdicts", epilog=_EXIT_CODES
    )
    _add_paths(listing)

    verify = commands.add_parser(
        "verify", help="prove every claim and step; report the verdicts", epilog=_EXIT_CODES
    )
    _add_paths(verify)
    verify.add_argument(
        "--json", action="store_true",
        help="print one JSON document on stdout at the end (default: off, a line per entry "
        "as it finishes)",
    )  # fmt: skip
    verify.add_argument(
        "--verbose", "-v", action="store_true",
        help="show every step with its formula and justification (default: off, the steps of "
        "failing entries only)",
    )  # fmt: skip
    _add_run_options(verify)

    report = commands.add_parser(
        "report", help="write LaTeX, Markdown and HTML reports", epilog=_EXIT_CODES
    )
    _add_paths(report)
    report.add_argument(
        "--out", type=_path, default="reports", metavar="DIR",
        help="output folder (default: reports)",
    )  # fmt: skip
    report.add_argument(
        "--pdf", action="store_true",
        help="also build a PDF of every .tex with latexmk (default: off; needs the tex format)",
    )  # fmt: skip
    report.add_argument(
        "--verbose", "-v", action="store_true",
        help="list every file written (default: off, one summary line)",
    )  # fmt: skip
    report.add_argument(
        "--format", dest="formats", type=_formats, default=("tex", "md"), metavar="tex,md,html",
        help="which documents to write (default: tex,md)",
    )  # fmt: skip
    report.add_argument(
        "--title", default=None, metavar="TEXT",
        help="the index's title (default: the catalog's, or the claim file's docstring)",
    )  # fmt: skip
    report.add_argument(
        "--exercise", action="store_true",
        help="also write exercise sheets and answer keys for every derivation to DIR/exercises "
        "(default: off)",
    )  # fmt: skip
    report.add_argument(
        "--exercise-mode", choices=("mixed", "blank", "error"), default="mixed",
        help="blank justifications, find-the-error, or either per derivation (default: mixed)",
    )  # fmt: skip
    report.add_argument(
        "--seed", type=int, default=0, metavar="N",
        help="which steps the exercise sheets change (default: 0; same seed, same sheets)",
    )  # fmt: skip
    report.add_argument(
        "--templates", type=_path, default=None, metavar="DIR",
        help="a folder of templates searched before the built-in ones (default: none, the "
        "built-in templates only)",
    )  # fmt: skip
    _add_run_options(report)

    show = commands.add_parser(
        "show", help="one entry, step by step, with verdicts", epilog=_EXIT_CODES
    )
    show.add_argument("name", metavar="NAME", help="the entry's name (see 'symkl list')")
    _add_paths(show)
    show.add_argument(
        "--pretty", action="store_true",
        help="2-D SymPy pretty printing (default: off, one line per expression)",
    )  # fmt: skip
    _add_run_options(show)

    check = commands.add_parser(
        "check",
        help="prove a one-off identity typed on the command line",
        description=(
            "Prove, check or refute one relation, e.g. 'H(p,q) = H(p) + KL(p||q)'. "
            + GRAMMAR_HELP
            + " The claim is parsed, never executed, and its size is bounded (at most 2000 "
            "characters, numbers of about 1200 digits, numeric exponents up to 1000)."
        ),
        epilog=_EXIT_CODES,
    )
    check.add_argument("claim", metavar="CLAIM", help="e.g. 'KL(p||q) >= 0'")
    _add_limits(check, "the claim (parsing included)")
    check.add_argument(
        "--samples", type=_samples, default=200, metavar="K",
        help=f"numeric samples, 1 to {MAX_SAMPLES} (default: 200)",
    )  # fmt: skip
    check.add_argument(
        "--json", action="store_true",
        help="print one JSON document (claim, verdict, method, counterexample, ...) instead of "
        "text (default: off)",
    )  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_USAGE
        from . import _commands  # SymPy and the rest load only for a real command

        code: int = _commands.run(args)
        return code
    except UsageError as exc:
        message = str(exc)
        print(message if message.startswith("symkl") else f"symkl: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("symkl: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `symkl list | head`: the reader went away; nothing left to say.
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # anything else is symkl's fault: say so in one line, not a traceback
        text = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(f"symkl: internal error (a bug in symkl; please report it): {text}", file=sys.stderr)
        return EXIT_BUG
