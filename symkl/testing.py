"""Assertions for your own test suite: is the loss you wrote the one you meant?

>>> assert_identity(my_loss, symkl.cross_entropy(p, q))

Each assertion proves the relation with :func:`symkl.prove` (or :func:`symkl.same_gradient` /
:func:`symkl.same_argmin`) and passes when the verdict is at least ``require``: by default
``"checked"`` (proved, or every numeric sample agrees), or ``"proved"`` to insist on a symbolic
argument. On failure the :class:`AssertionError` shows both sides, the verdict, the method and
the counterexample. The passing :class:`~symkl.prover.Proof` is returned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .prover import Proof, Verdict

__all__ = [
    "assert_identity",
    "assert_same_argmin",
    "assert_same_gradient",
    "format_failure",
    "identity_facts",
]


def _show(value: Any) -> str:
    import sympy

    text = str(value)
    if len(text) <= 60 or not isinstance(value, sympy.Basic):
        return text
    # A long expression reads better laid out in two dimensions, indented under its label.
    pretty: str = sympy.pretty(value, use_unicode=True)
    return "\n" + "\n".join("      " + line for line in pretty.splitlines())


def format_failure(what: str, lhs: Any, rhs: Any, proof: Proof, require: Verdict) -> str:
    """The message of a failed assertion: both sides, verdict, method and counterexample."""
    from .cli._format import format_counterexample

    lines = [
        f"symkl could not show that {what}: {proof.verdict.value} by {proof.method} "
        f"(required: {require.value} or stronger)",
        f"  lhs: {_show(lhs)}",
        f"  rhs: {_show(rhs)}",
    ]
    if proof.counterexample:
        lines.append(f"  counterexample: {format_counterexample(proof.counterexample)}")
    if proof.detail:
        lines.append(f"  detail: {proof.detail}")
    return "\n".join(lines)


def _require(value: Verdict | str) -> Verdict:
    from .errors import InvalidOptionError
    from .prover import Verdict

    message = f"require must be 'proved' or 'checked', got {value!r}"
    try:
        verdict = Verdict.parse(value)
    except ValueError as exc:
        raise InvalidOptionError(message) from exc
    if verdict not in (Verdict.PROVED, Verdict.CHECKED):
        raise InvalidOptionError(message)
    return verdict


def _judge(what: str, lhs: Any, rhs: Any, proof: Proof, require: Verdict) -> Proof:
    if proof.verdict.rank < require.rank:
        raise AssertionError(format_failure(what, lhs, rhs, proof, require))
    return proof


#: More samples than this would only exhaust memory (each is a vector over every symbol).
MAX_SAMPLES = 1_000_000


def _check_budget(samples: Any, timeout: Any) -> None:
    import math

    from .errors import InvalidOptionError

    if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= MAX_SAMPLES:
        raise InvalidOptionError(f"samples must be an int from 1 to {MAX_SAMPLES}, got {samples!r}")
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        raise InvalidOptionError(
            f"timeout must be a positive finite number of seconds or None, got {timeout!r}"
        )


def _side(value: Any, what: str) -> Any:
    from ._validate import as_expression

    return as_expression(value, what)


def identity_facts(lhs: Any, rhs: Any, where: Any = ()) -> tuple[Any, ...]:
    """The facts :func:`assert_identity` passes to the prover: ``where`` (relations, or
    distributions standing for their domain facts) and the domain facts of both sides.

    >>> identity_facts(p1, p2, where=[Discrete([p1, p2])])
    (p1 >= 0, p1 <= 1, p2 >= 0, p2 <= 1, Eq(p1 + p2, 1))
    """
    from ._facts import domain_facts_in
    from .distributions import Distribution
    from .prover import as_facts

    items = list(where) if isinstance(where, (list, tuple, set, frozenset)) else [where]
    dists = [w for w in items if isinstance(w, Distribution)]
    stated = as_facts([w for w in items if not isinstance(w, Distribution)])
    return tuple(dict.fromkeys(stated + domain_facts_in(*dists, lhs, rhs)))


def assert_identity(
    lhs: Any,
    rhs: Any,
    *,
    require: Verdict | str = "checked",
    samples: int = 200,
    timeout: float | None = None,
    where: Any = (),
) -> Proof:
    """Assert ``lhs == rhs`` as functions of every symbol and distribution in them.

    The prover and its sampler assume the domain facts of every distribution on either side
    (0 ≤ p ≤ 1, Σ p = 1) and ``where``: relations such as ``0 < t``, or distributions whose
    probabilities appear bare (``where=[p]`` for a loss written in ``p_1, p_2``).

    >>> assert_identity(cross_entropy(p, q) - entropy(p), kl_divergence(p, q))
    """
    import sympy

    from .prover import prove

    needed = _require(require)
    _check_budget(samples, timeout)
    left, right = _side(lhs, "the left-hand side"), _side(rhs, "the right-hand side")
    relation = sympy.Eq(left, right, evaluate=False)
    facts = identity_facts(left, right, where)
    proof = prove(relation, where=facts, timeout=timeout, samples=samples)
    return _judge("the two sides are equal", lhs, rhs, proof, needed)


def _optimize() -> Any:
    from . import optimize  # written alongside the prover; imported only when needed

    return optimize


def assert_same_gradient(f: Any, g: Any, wrt: Any, *, require: Verdict | str = "checked") -> Proof:
    """Assert ∇_wrt f = ∇_wrt g (so gradient descent on either takes the same steps).

    >>> assert_same_gradient(sum_ce, sum_kl, theta)
    """
    needed = _require(require)
    proof: Proof = _optimize().same_gradient(f, g, wrt)
    return _judge(f"they have the same gradient in {wrt}", f, g, proof, needed)


def assert_same_argmin(f: Any, g: Any, wrt: Any, *, require: Verdict | str = "checked") -> Proof:
    """Assert argmin_wrt f = argmin_wrt g (e.g. a constant offset or a positive scale apart).

    >>> assert_same_argmin(cross_entropy(p, q), kl_divergence(p, q), q_params)
    """
    needed = _require(require)
    proof: Proof = _optimize().same_argmin(f, g, wrt)
    return _judge(f"they have the same argmin over {wrt}", f, g, proof, needed)
