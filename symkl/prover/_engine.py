"""``prove``: strategies propose, the kernel disposes, then a numeric spot check of every claim.

A strategy's success counts only after :func:`._kernel.check` accepts its certificate. Facts in
``where=`` are encoded into the symbols first (:mod:`._facts`) and listed in the assumptions.
CHECKED needs :data:`MIN_EVIDENCE` usable samples (one for a claim with no free symbol: it has one
point); fewer is UNDECIDED. An exception inside a strategy is recorded in the proof's detail;
with ``SYMKL_STRATEGY_ERRORS=raise`` in the environment it is raised instead.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Mapping

import sympy

from .._guard import Skipped, huge_number, raise_strategy_errors, reduced_budget
from .._proof import Proof, Verdict
from .._warnings import ProofContradictionWarning
from ..errors import ProofTimeoutError
from ..relations import Goal, Relation, RelationKind, SelfProving, as_facts, as_relation
from ._certificates import Evaluated
from ._facts import encode
from ._kernel import Judgement, TermwiseIdentity, check, precheck
from ._strategies import STRATEGIES, Success, evaluation
from ._timeout import WorkerCrashedError, run_with_timeout

__all__ = ["MIN_EVIDENCE", "ProofContradictionWarning", "prove", "prove_relation"]

#: A claim over a symbolic n that no strategy proves is tried for these explicit sizes.
SMALL_SIZES = range(1, 9)
#: CHECKED needs at least this many usable numeric samples (a claim without symbols: one).
MIN_EVIDENCE = 100
#: Sides of a proved strict claim this close (relative) at a counterexample are a tie the numbers
#: cannot resolve, as in :mod:`symkl.numeric._ties`.
TIE = 1e-30
#: The share of the cost limit (OPS_LIMIT) for a claim tried with its facts encoded: none, as
#: simplify ran for minutes on Pinsker's |d₁/(1 + d₁) − e₁/(1 + e₁)| terms (31 operations).
ENCODED_SHARE = 0.0
#: SymPy's own limits (not bugs of a strategy): recorded in the detail, never raised.
_LIMITS = (NotImplementedError, RecursionError, sympy.PolynomialError)


def _run(
    strategy_name: str, run: Callable[[Relation], Success | None], rel: Relation, notes: list[str]
) -> Success | None:
    try:
        success = run(rel)
    except Skipped as exc:
        notes.append(f"{strategy_name}: {exc}")
        return None
    except _LIMITS as exc:
        notes.append(f"{strategy_name}: SymPy gave up ({type(exc).__name__})")
        return None
    except Exception as exc:  # a bug in a strategy must show, never pass as "does not apply"
        if raise_strategy_errors():
            raise
        notes.append(f"{strategy_name} failed: {type(exc).__name__}: {exc}")
        return None
    return success


def _judge(name: str, rel: Relation, success: Success, notes: list[str]) -> Judgement | None:
    """The kernel's judgement; an exception inside it is a refusal, recorded (or raised)."""
    try:
        judgement = check(rel, success.certificate)
    except _LIMITS as exc:
        notes.append(f"{name}: the kernel refused (SymPy gave up: {type(exc).__name__})")
        return None
    except Exception as exc:  # refuse, and show the bug
        if raise_strategy_errors():
            raise
        notes.append(f"{name}: the kernel failed: {type(exc).__name__}: {exc}")
        return None
    if not judgement.ok:
        notes.append(f"{name}: the kernel refused ({judgement.reason})")
        return None
    return judgement


def _attempt(rel: Relation, notes: list[str]) -> tuple[Success, Judgement] | None:
    refused = precheck(rel)
    if refused is not None:
        notes.append(f"no proof attempted: {refused}")
        return None
    huge = huge_number(sympy.Tuple(rel.lhs, rel.rhs))
    if huge is not None:
        notes.append(f"simplify, factor, solveset and limit skipped: {huge}")
    for strategy in STRATEGIES:
        if rel.kind not in strategy.kinds:
            continue
        success = _run(strategy.name, strategy.run, rel, notes)
        if success is None:
            continue
        judgement = _judge(strategy.name, rel, success, notes)
        if judgement is not None:
            return success, judgement
    return None


def _try_strategies(rel: Relation) -> tuple[tuple[Success, str] | None, list[str]]:
    """The first success the kernel accepts, with the kernel rule that accepted it.

    The claim is tried as stated, then — when facts bound a symbol — with the symbol encoded in
    its range (the facts used then join the assumptions).
    """
    notes: list[str] = []
    encoded, used, origin = encode(rel)
    # As stated first: a proof that needs no fact lists none.
    attempts = [(rel, ()), (encoded, used)] if used else [(rel, ())]
    for candidate, facts in attempts:
        # Encoded symbols (d/(1 + d) and the like) make simplify far slower: see ENCODED_SHARE.
        with reduced_budget(ENCODED_SHARE if facts else 1.0):
            accepted = _attempt(candidate, notes)
        if accepted is not None:
            success, judgement = accepted
            consulted = tuple(sympy.sstr(origin.get(f, f)) for f in judgement.used)
            assumptions = tuple(dict.fromkeys(success.assumptions + facts + consulted))
            rule = judgement.rule
            return (Success(success.method, assumptions, success.certificate), rule), notes
    return None, notes


def _small_sizes(rel: Relation) -> str | None:
    """'proved for n = 1..8' when every small explicit instance of a symbolic-n claim proves."""
    from ..numeric import explicit_instance, size_symbols

    if len(size_symbols(rel)) != 1:
        # Several sizes set to one k would try only m = n (an m × n table is then square).
        return None
    for k in SMALL_SIZES:
        instance = explicit_instance(rel, k)
        if instance.lhs.has(sympy.Sum, sympy.Product) or instance.rhs.has(sympy.Sum, sympy.Product):
            return None
        success, _ = _try_strategies(instance)
        if success is None:
            return None
    return f"proved for n = 1..{SMALL_SIZES[-1]}"


def _needed(rel: Relation, min_samples: int) -> int:
    # A claim without free symbols is one point: one evaluation is all the evidence there is.
    symbols = rel.lhs.free_symbols | rel.rhs.free_symbols
    return min_samples if symbols else 1


def _with_notes(text: str, notes: list[str]) -> str:
    return "; ".join([text, *notes]) if text else "; ".join(notes)


def prove_relation(
    rel: Relation, *, samples: int = 200, seed: int = 0, min_samples: int = MIN_EVIDENCE
) -> Proof:
    """Prove an already-normalised relation (no timeout).

    >>> from sympy import Ge
    >>> from symkl import Discrete, kl_divergence
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> prove_relation(as_relation(Ge(kl_divergence(p, q), 0))).verdict
    <Verdict.PROVED: 'proved'>
    """
    from ..numeric import spot_check

    start = time.perf_counter()
    closed = not (rel.lhs.free_symbols | rel.rhs.free_symbols)
    accepted: tuple[Success, str] | None = None
    notes: list[str] = []
    # A closed claim is one point: its evaluation at 50 digits settles a false one at once,
    # before strategies that may spend minutes on numbers (a numeric MultivariateNormal).
    check_ = spot_check(rel, samples=samples, seed=seed) if closed else None
    if check_ is None or check_.counterexample is None:
        accepted, notes = _try_strategies(rel)
        if closed and accepted is None:
            refuted = _exact_refutation(rel, start)
            if refuted is not None:
                return refuted
        if check_ is None:
            check_ = spot_check(rel, samples=samples, seed=seed, proved=accepted is not None)
    seconds = time.perf_counter() - start
    if accepted is not None:
        success, rule = accepted
        if check_.counterexample is not None and _tied(rel, check_.counterexample):
            return Proof(
                Verdict.UNDECIDED,
                "numeric tie",
                None,
                seconds,
                (),
                _with_notes(
                    f"{success.method} (kernel rule {rule}) proves the strict claim, but at "
                    f"{check_.counterexample} its sides tie at 50 digits and no gap between "
                    "them is found again at 100: a margin beyond what the numbers resolve, or a "
                    "tie the proof missed",
                    notes,
                ),
            )
        if check_.counterexample is not None:
            message = (
                f"strategy {success.method!r} proved {rel} but the numbers refute it at "
                f"{check_.counterexample}: this is a bug in symkl"
            )
            warnings.warn(message, ProofContradictionWarning, stacklevel=3)
            return Proof(
                Verdict.REFUTED,
                f"numeric (contradicts {success.method})",
                check_.counterexample,
                seconds,
                (),
                message,
            )
        if check_.samples == 0 and rule == TermwiseIdentity.rule and _may_diverge(rel):
            return Proof(
                Verdict.UNDECIDED,
                "no usable numeric sample",
                None,
                seconds,
                (),
                _with_notes(
                    f"{success.method} (kernel rule {rule}) cancels integrals or infinite sums "
                    "term by term, and no sample shows they converge",
                    notes,
                ),
            )
        detail = _with_notes(f"kernel rule {rule}", notes)
        return Proof(Verdict.PROVED, success.method, None, seconds, success.assumptions, detail)
    if check_.counterexample is not None:
        return Proof(
            Verdict.REFUTED,
            "counterexample",
            check_.counterexample,
            seconds,
            (),
            "confirmed at 50 digits with mpmath",
        )
    if check_.doubt is not None:
        # An integral that did not settle at some sample, with a tail the probe could not decide
        # (log factors at slope 1): that sample is no evidence, and the reader is told. It does
        # not block the verdict: a Beta density of shape 10⁻⁴ meets such tails near 0 too.
        notes = [*notes, f"{check_.doubt} at some sample (that sample gave no evidence)"]
    if check_.unconfirmed is not None:
        return Proof(
            Verdict.UNDECIDED,
            "no strategy applies",
            None,
            seconds,
            (),
            _with_notes(check_.unconfirmed, notes),
        )
    needed = _needed(rel, min_samples)
    if check_.samples < needed:
        reason = (
            "no usable numeric sample"
            if check_.samples == 0
            else f"only {check_.samples} usable numeric samples (CHECKED needs {needed})"
        )
        return Proof(
            Verdict.UNDECIDED,
            "no strategy applies",
            None,
            seconds,
            (),
            _with_notes(reason, notes),
        )
    small = _small_sizes(rel)
    seconds = time.perf_counter() - start
    if small is not None:
        return Proof(
            Verdict.CHECKED,
            small,
            None,
            seconds,
            (),
            f"{check_.samples} numeric samples agree, max relative error {check_.max_error:.1e}",
        )
    return Proof(
        Verdict.CHECKED,
        f"numeric ({check_.samples} samples)",
        None,
        seconds,
        (),
        _with_notes(f"max relative error {check_.max_error:.1e}", notes),
    )


def _tied(rel: Relation, example: Mapping[str, object]) -> bool:
    """Whether a counterexample to a strict claim is only a tie: its sides within the 50-digit
    tie (10⁻³⁰ relative), which 100 and 150 digits did not resolve.
    Such a sample cannot overrule a proof: eᵗ + 10⁻⁴⁰ > eᵗ ties at t = 321, and KL(p‖q) >
    −10⁻³⁰⁰, proved by Gibbs, ties at p = q, where 50 digits give KL = −10⁻⁵⁷ by rounding."""
    lhs, rhs = example.get("lhs"), example.get("rhs")
    if not (isinstance(lhs, float) and isinstance(rhs, float)):
        return False
    if not (math.isfinite(lhs) and math.isfinite(rhs)):
        return False
    return rel.kind is RelationKind.GT and abs(lhs - rhs) <= TIE * (1 + abs(lhs) + abs(rhs))


def _exact_refutation(rel: Relation, start: float) -> Proof | None:
    """A closed claim whose two sides evaluate exactly (∞ included) to numbers that violate it.

    Floats are left to the 50-digit spot check: SymPy compares them with rounding.
    """
    found = evaluation(rel)
    if found is None or not isinstance(found.certificate, Evaluated):
        return None
    lhs, rhs = found.certificate.lhs, found.certificate.rhs
    if lhs.has(sympy.Float) or rhs.has(sympy.Float) or lhs.has(sympy.nan, sympy.zoo):
        return None
    if rhs.has(sympy.nan, sympy.zoo) or not (lhs.is_extended_real and rhs.is_extended_real):
        return None
    holds = {
        RelationKind.EQ: sympy.Eq(lhs, rhs),
        RelationKind.GE: sympy.Ge(lhs, rhs),
        RelationKind.GT: sympy.Gt(lhs, rhs),
    }[rel.kind]
    if holds is not sympy.false:
        return None
    left, right = (rhs, lhs) if rel.flipped else (lhs, rhs)
    example = {"lhs": float(left), "rhs": float(right)}
    return Proof(
        Verdict.REFUTED,
        "evaluation",
        example,
        time.perf_counter() - start,
        ("0·log 0 = 0, log 0 = −∞",),
        f"both sides evaluated exactly: {sympy.sstr(left)} and {sympy.sstr(right)}",
    )


def _may_diverge(rel: Relation) -> bool:
    """The claim sums over infinitely many outcomes or integrates: a term may diverge."""
    from ..measures import distributions_in

    for dist in distributions_in(sympy.Tuple(rel.lhs, rel.rhs)):
        support = dist.support
        count = support.count()
        if support.size is None and (count is None or count.has(sympy.oo)):
            return True
    return False


def prove(
    claim: object,
    *,
    where: object = (),
    timeout: float | None = None,
    samples: int = 200,
    seed: int = 0,
    memory_limit: float | None = None,
) -> Proof:
    """Prove, check or refute ``claim`` (a SymPy ``Eq``/``Le``/``Ge``, or a Claim).

    >>> from sympy import Eq
    >>> from symkl import Discrete, cross_entropy, entropy, kl_divergence
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> prove(Eq(cross_entropy(p, q), entropy(p) + kl_divergence(p, q))).verdict
    <Verdict.PROVED: 'proved'>

    ``where`` states facts the claim may assume (``[0 < t, t < 1]``); they join a Claim's own
    ``where`` and are listed in the proof's assumptions.

    Every attempt is bounded: it runs in a forked worker that is stopped after ``timeout``
    seconds (default :data:`DEFAULT_TIMEOUT`) and may use ``memory_limit`` bytes of memory
    (default :data:`DEFAULT_MEMORY_LIMIT`). Exceeding either is UNDECIDED, the method
    ``"timeout"`` or ``"memory limit"`` and the reason in the details. ``math.inf`` turns a limit
    off; with both off the attempt runs in this process. Inside a runner worker (which the
    runner's parent stops when a step runs past its deadline) the attempt runs in the worker
    under the memory ceiling, keeping its caches. Invalid limits or ``samples`` (zero,
    negative, NaN, absurdly large) raise :class:`~symkl.errors.InvalidParameterError`.
    """
    import math

    from ._timeout import (
        WorkerMemoryError,
        check_samples,
        in_runner_worker,
        resolve_memory_limit,
        resolve_timeout,
        run_under_ceiling,
    )

    seconds = resolve_timeout(timeout)
    memory = resolve_memory_limit(memory_limit)
    samples = check_samples(samples)
    facts = as_facts(where)
    if isinstance(claim, Goal):
        facts = claim.where + facts
        claim = claim.relation
    facts = as_facts(getattr(claim, "where", ())) + facts
    if seconds is not None or memory is not None:
        start = time.perf_counter()

        def attempt() -> Proof:  # the worker runs it with both limits already in force
            return prove(
                claim, where=facts, samples=samples, seed=seed,
                timeout=math.inf, memory_limit=math.inf,
            )  # fmt: skip

        try:
            if in_runner_worker():  # the runner's parent enforces the deadline
                return run_under_ceiling(attempt, memory)
            return run_with_timeout(attempt, seconds, memory_limit=memory)
        except ProofTimeoutError as exc:
            return Proof(
                Verdict.UNDECIDED, "timeout", None, time.perf_counter() - start, (), str(exc)
            )
        except WorkerMemoryError as exc:
            return Proof(
                Verdict.UNDECIDED, "memory limit", None, time.perf_counter() - start, (), str(exc)
            )
        except WorkerCrashedError as exc:
            return Proof(
                Verdict.UNDECIDED, "worker crashed", None, time.perf_counter() - start, (), str(exc)
            )
    custom = getattr(claim, "relation", claim)
    if isinstance(custom, SelfProving):
        return custom._symkl_prove_(where=facts) if facts else custom._symkl_prove_()
    return prove_relation(as_relation(claim, facts), samples=samples, seed=seed)
