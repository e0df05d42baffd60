"""``same_gradient``, ``same_argmin`` and ``gradient_is``: proofs, numeric checks and refutations.

``domain=`` is a SymPy ``Interval`` (one variable), a ``ProductSet`` or a dict symbol → Interval;
``where=`` facts (``[0 < q, q < 1]``) narrow the other symbols. Both are used by the relation
detectors (a positivity or reality a relation needs is proved on the domain), by the sampler, and
listed in the proof's assumptions::

    >>> from symkl import Discrete, cross_entropy, kl_divergence
    >>> theta = sympy.Symbol("theta", real=True)
    >>> p = Discrete.symbolic("p", 2)
    >>> q = Discrete([1 / (1 + sympy.exp(-theta)), 1 / (1 + sympy.exp(theta))], name="q")
    >>> same_gradient(cross_entropy(p, q), kl_divergence(p, q), theta).method
    'constant offset: differ by H(p), free of theta'
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import sympy

from .._proof import Proof, Verdict
from .._warnings import ProofContradictionWarning
from ..distributions import Distribution
from ..errors import MalformedClaimError
from ..measures import distributions_in
from ..relations import as_facts
from ._calculus import (
    Facts,
    as_count,
    as_expr,
    as_given,
    as_wrt,
    is_zero,
    normalisation_facts,
    partials,
    smooth,
    wrt_text,
)
from ._certify import lower_point, unique_minimiser
from ._detect import (
    Found,
    Sense,
    constant_offset,
    increasing_map,
    objective,
    positive_scale,
)
from ._domain import Domain, as_domain
from ._search import argmin_search, gradient_search

__all__ = ["gradient_is", "same_argmin", "same_gradient"]

T = TypeVar("T")

#: A gradient relation is CHECKED only on at least this many usable samples.
MIN_SAMPLES = 100

#: SymPy failures inside a symbolic strategy: the strategy does not apply (noted in the detail).
_SYMPY_FAILURES = (
    RecursionError, NotImplementedError, ValueError, TypeError, AttributeError,
    ZeroDivisionError, sympy.PolynomialError, sympy.SympifyError,
)  # fmt: skip


def _attempt(step: Callable[[], T | None], label: str, notes: list[str]) -> T | None:
    """``step()``, or None with a note when SymPy fails inside it."""
    try:
        return step()
    except MalformedClaimError:
        raise
    except _SYMPY_FAILURES as exc:
        notes.append(f"{label}: {type(exc).__name__}")
        return None


def _domain(domain: object, variables: Sequence[Any], where: object) -> Domain:
    return as_domain(domain, variables, as_facts(where))


def _finish(
    found: Found | None,
    method: str,
    search: tuple[dict[str, Any] | None, int],
    start: float,
    what: str,
    tried: Sequence[str] = (),
    space: Domain | None = None,
) -> Proof:
    example, used = search
    seconds = time.perf_counter() - start
    failed = "; strategies that failed inside SymPy: " + ", ".join(tried) if tried else ""
    if found is not None:
        if example is not None:
            message = (
                f"{method!r} proved {what} but the numbers refute it at {example}: a bug in symkl"
            )
            warnings.warn(message, ProofContradictionWarning, stacklevel=3)
            return Proof(
                Verdict.REFUTED, f"numeric (contradicts {method})", example, seconds, (), message
            )
        domain_text = space.text() if space is not None else []
        assumptions = tuple(dict.fromkeys((*found.assumptions, *domain_text)))
        return Proof(Verdict.PROVED, method, None, seconds, assumptions)
    if example is not None:
        return Proof(
            Verdict.REFUTED,
            "counterexample",
            example,
            seconds,
            (),
            f"the gradients differ in {example['component']}; confirmed at 50 digits",
        )
    if used < MIN_SAMPLES:
        detail = f"{used} usable samples (at least {MIN_SAMPLES} are needed){failed}"
        return Proof(Verdict.UNDECIDED, "no strategy applies", None, seconds, (), detail)
    return Proof(Verdict.CHECKED, f"numeric ({used} samples)", None, seconds, (),
                 "the gradients agree at every sample" + failed)  # fmt: skip


def _plain(expr: object) -> sympy.Expr:
    return as_expr(expr)


def same_gradient(
    f: object,
    g: object,
    wrt: object,
    *,
    given: Sequence[Distribution] = (),
    domain: Any = None,
    where: object = (),
    samples: int = 120,
    seed: int = 0,
) -> Proof:
    """Whether ∇f = ∇g in ``wrt``; the method names why (e.g. a constant offset H(p)).

    >>> t = sympy.Symbol("t", real=True)
    >>> same_gradient(t**2 + 1, t**2 + 5, t).method
    'constant offset: differ by -4, free of t'
    """
    start = time.perf_counter()
    given, samples, seed = as_given(given), as_count(samples), as_count(seed, "seed")
    lhs, rhs = objective(_plain(f))[0], objective(_plain(g))[0]
    variables = as_wrt(wrt)
    space = _domain(domain, variables, where)
    facts = normalisation_facts([lhs, rhs], given)
    tried: list[str] = []
    found = _attempt(lambda: constant_offset(lhs, rhs, variables, facts, space), "offset", tried)
    method = ""
    if found is not None:
        method = f"constant offset: differ by {found.text}, free of {wrt_text(variables)}"
    else:
        notes: list[str] = []

        def equal() -> bool:
            gf = partials(lhs, variables, facts=facts, notes=notes)
            gg = partials(rhs, variables, facts=facts, notes=notes)
            return all(is_zero(a - b, facts, notes) for a, b in zip(gf, gg, strict=False))

        if smooth(lhs) and smooth(rhs) and _attempt(equal, "gradients", tried):
            found = Found(
                "gradients simplify to the same expression",
                "",
                ("the symbols' declared assumptions", *space.text(), *dict.fromkeys(notes)),
            )
            method = found.method
    search = _attempt(
        lambda: gradient_search(lhs, rhs, None, variables, given, space, samples, seed),
        "numeric search", tried,
    ) or (None, 0)  # fmt: skip
    return _finish(found, method, search, start, "a same-gradient relation", tried, space)


def gradient_is(
    f: object,
    wrt: object,
    expected: object,
    *,
    given: Sequence[Distribution] = (),
    domain: Any = None,
    where: object = (),
    samples: int = 120,
    seed: int = 0,
) -> Proof:
    """Whether ∇f is ``expected`` (a tuple for several variables; in ``COMPONENT`` k for a family).

    >>> y, z = sympy.symbols("y z", real=True)
    >>> s = 1 / (1 + sympy.exp(-z))  # the sigmoid
    >>> gradient_is(-y * sympy.log(s) - (1 - y) * sympy.log(1 - s), z, s - y).verdict
    <Verdict.PROVED: 'proved'>
    """
    start = time.perf_counter()
    given, samples, seed = as_given(given), as_count(samples), as_count(seed, "seed")
    lhs = _plain(f)
    variables = as_wrt(wrt)
    targets = expected if isinstance(expected, tuple) else (expected,)
    if len(targets) != len(variables):
        raise MalformedClaimError(
            f"expected {len(variables)} gradient components for {wrt_text(variables)}, "
            f"got {expected!r}"
        )
    plain_targets = tuple(_plain(t) for t in targets)
    expected = plain_targets if isinstance(expected, tuple) else plain_targets[0]
    space = _domain(domain, variables, where)
    facts = normalisation_facts([lhs], given)
    notes: list[str] = []
    tried: list[str] = []

    def equal() -> bool:
        grads = partials(lhs, variables, facts=facts, notes=notes)
        return all(is_zero(a - b, facts, notes) for a, b in zip(grads, plain_targets, strict=False))

    found = None
    if smooth(lhs) and _attempt(equal, "gradient", tried):
        found = Found("gradient", "", ("the symbols' declared assumptions", *space.text(),
                                       *dict.fromkeys(notes)))  # fmt: skip
    search = _attempt(
        lambda: gradient_search(lhs, None, expected, variables, given, space, samples, seed),
        "numeric search", tried,
    ) or (None, 0)  # fmt: skip
    return _finish(
        found, "symbolic gradient (Kronecker-delta rule for sums)", search, start, "a gradient",
        tried, space,
    )  # fmt: skip


def _objectives(f: object, g: object) -> tuple[sympy.Expr, sympy.Expr, Sense, list[str]]:
    (hf, sf), (hg, sg) = objective(_plain(f)), objective(_plain(g))
    notes = []
    if sf is not sg:
        hg = -hg
        notes.append("negation turns argmax into argmin")
    return hf, hg, sf, notes


def _relation(
    hf: sympy.Expr, hg: sympy.Expr, variables: Sequence[Any], facts: Facts, space: Domain,
    tried: list[str],
) -> tuple[Found | None, str]:  # fmt: skip
    found = _attempt(lambda: constant_offset(hf, hg, variables, facts, space), "offset", tried)
    if found is not None:
        if found.text == "0":
            return found, "equal objectives"
        return found, f"constant offset: differ by {found.text}, free of {wrt_text(variables)}"
    found = _attempt(lambda: positive_scale(hf, hg, variables, facts, space), "scale", tried)
    found = found or _attempt(lambda: increasing_map(hf, hg, facts, space), "map", tried)
    return found, f"{found.method}: {found.text}" if found is not None else ""


def _constrained(hf: sympy.Expr, hg: sympy.Expr, variables: Sequence[Any], space: Domain) -> bool:
    """Whether a variable is a probability of a distribution in the objectives: it then ranges
    over a simplex (or [0, 1]), not over the box a certificate reasons about."""
    for dist in (*distributions_in(hf), *distributions_in(hg)):
        probs = getattr(dist, "probs", None)
        if probs is None:
            if any(dist.has(w) for w in variables):
                return True
            continue
        simplex = getattr(dist, "simplex_symbols", lambda: None)()
        for w in variables:
            if simplex is not None and w in simplex and len(simplex) > 1:  # Σ p = 1 binds them
                return True
            if any(v.has(w) for v in probs) and space.interval(w) is None:
                return True
    return False


def _certified(
    hf: sympy.Expr, hg: sympy.Expr, sign: int, rhs_sign: int, variables: Sequence[Any],
    space: Domain, seed: int, tried: list[str],
) -> Proof | None:  # fmt: skip
    """Settle the claim with a certified unique minimiser of one side (see ``_certify``).

    Both sides certified with the same minimiser: PROVED. One side certified and the other lower
    somewhere than at that minimiser (50 digits): REFUTED.
    """
    start = time.perf_counter()
    if _constrained(hf, hg, variables, space):
        return None
    objectives = (sign * hf, sign * hg)
    sides = (hf, rhs_sign * hg)
    found = [_attempt(lambda o=o: unique_minimiser(o, variables, space), "certify", tried)  # type: ignore[misc]
             for o in objectives]  # fmt: skip
    first, second = found
    if first is not None and second is not None:
        same = all(
            _attempt(lambda w=w: is_zero(first.point[w] - second.point[w]), "certify", tried)  # type: ignore[misc]
            for w in variables
        )
        if same:
            assumptions = tuple(dict.fromkeys((*first.assumptions, *second.assumptions)))
            return Proof(Verdict.PROVED, "the same certified unique minimiser",
                         None, time.perf_counter() - start, assumptions,
                         f"lhs: {first.reason}; rhs: {second.reason}")  # fmt: skip
    for index, minimiser in enumerate(found):
        if minimiser is None:
            continue
        other = objectives[1 - index]
        example = _attempt(
            lambda m=minimiser, o=other: lower_point(o, m, sides, variables, space, seed),  # type: ignore[misc]
            "certify", tried,
        )  # fmt: skip
        if example is not None:
            this, that = ("lhs", "rhs") if index == 0 else ("rhs", "lhs")
            detail = (
                f"a is the unique minimiser of {this}: {minimiser.reason}; {that} is lower at b "
                f"than at a (confirmed at 50 digits), so a does not minimise {that}"
            )
            return Proof(Verdict.REFUTED, f"certified minimiser of {this}; {that} lower elsewhere",
                         example, time.perf_counter() - start, minimiser.assumptions,
                         detail)  # fmt: skip
    return None


def same_argmin(
    f: object,
    g: object,
    wrt: object,
    domain: Any = None,
    *,
    given: Sequence[Distribution] = (),
    where: object = (),
    seed: int = 0,
) -> Proof:
    """Whether f and g have the same minimisers in ``wrt`` (``maximize(f)`` for an argmax).

    The method names the relation found: constant offset, positive scale, a strictly increasing
    map (log on a positive argument, exp on a real one), negation turning argmax into argmin —
    each side condition proved on the domain. Without a relation, a certified unique minimiser of
    one side settles it. ``domain`` is an Interval, a ProductSet or a dict symbol → Interval; a
    distribution's own probabilities range over its simplex; ``where`` facts narrow the rest.

    >>> t = sympy.Symbol("t", real=True)
    >>> same_argmin((t - 1) ** 2, sympy.exp((t - 1) ** 2), t).verdict
    <Verdict.PROVED: 'proved'>
    """
    start = time.perf_counter()
    given, seed = as_given(given), as_count(seed, "seed")
    hf, hg, sense, notes = _objectives(f, g)
    rhs_sign = -1 if notes else 1
    variables = as_wrt(wrt)
    space = _domain(domain, variables, where)
    facts: Facts = normalisation_facts([hf, hg], given)
    tried: list[str] = []
    found, relation = _relation(hf, hg, variables, facts, space, tried)
    outcome, example, detail = _attempt(
        lambda: argmin_search(hf, hg, sense, variables, given, space, seed, rhs_sign),
        "numeric search", tried,
    ) or ("none", None, "the numeric search failed inside SymPy")  # fmt: skip
    seconds = time.perf_counter() - start
    if found is not None:
        method = (
            "; ".join([*notes, relation])
            if relation != "equal objectives" or not notes
            else notes[0]
        )
        if outcome == "undefined":  # the relation holds where both are defined; not everywhere
            return Proof(Verdict.UNDECIDED, f"{method} (not on the whole domain)", None, seconds,
                         (), detail)  # fmt: skip
        if outcome == "refuted":
            message = f"{method!r} contradicts the numbers: {detail}: a bug in symkl"
            warnings.warn(message, ProofContradictionWarning, stacklevel=2)
            return Proof(
                Verdict.REFUTED, f"numeric (contradicts {method})", example, seconds, (), message
            )
        assumptions = tuple(dict.fromkeys((*found.assumptions, *space.text())))
        return Proof(Verdict.PROVED, method, None, seconds, assumptions)
    if outcome == "refuted":
        return Proof(
            Verdict.REFUTED, "minimisers ordered differently", example, seconds, (), detail
        )
    sign = 1 if sense is Sense.MIN else -1
    certified = _certified(hf, hg, sign, rhs_sign, variables, space, seed, tried)
    if certified is not None:
        return certified
    seconds = time.perf_counter() - start
    if tried:
        detail += "; strategies that failed inside SymPy: " + ", ".join(tried)
    if outcome == "agree":
        return Proof(Verdict.CHECKED, "numeric minimisers agree", None, seconds, (), detail)
    return Proof(Verdict.UNDECIDED, "no relation found", None, seconds, (), detail)
