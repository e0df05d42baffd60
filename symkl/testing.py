"""Assertions for your own test suite: is the loss you wrote the one you meant?

>>> import sympy
>>> from symkl import Discrete, cross_entropy
>>> from symkl.testing import assert_identity
>>> p, q = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
>>> (p1, p2), (q1, q2) = p.probs, q.probs
>>> my_loss = -(p1 * sympy.log(q1) + p2 * sympy.log(q2))
>>> assert_identity(my_loss, cross_entropy(p, q), where=[p, q]).verdict
<Verdict.PROVED: 'proved'>
>>> assert_identity(-p1 * sympy.log(q1), cross_entropy(p, q), where=[p, q])
Traceback (most recent call last):
...
AssertionError: symkl could not show that the two sides are equal: refuted by counterexample ...

Each assertion proves the relation with :func:`symkl.prove` (or :func:`symkl.same_gradient` /
:func:`symkl.same_argmin`) and passes when the verdict is at least ``require``: ``"checked"``
(proved, or every numeric sample agrees) or ``"proved"`` (a symbolic argument only). On failure
the :class:`AssertionError` shows both sides, the verdict, the method and the counterexample. The
passing :class:`~symkl.prover.Proof` is returned.

A ``require``, ``samples`` or ``timeout`` left out comes from :func:`current_settings`: inside
pytest the ``--symkl-require``/``--symkl-samples``/``--symkl-timeout`` options and the test's
``@pytest.mark.symkl(...)`` marker; elsewhere :class:`Settings`'s defaults, which accept
``"checked"``. Every CHECKED accepted is counted (:func:`checked_passes`), and the pytest plugin
reports the count, so a numbers-only pass is never silent.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._proof import Proof, Verdict

__all__ = [
    "Settings",
    "assert_identity",
    "assert_same_argmin",
    "assert_same_gradient",
    "checked_passes",
    "current_settings",
    "format_failure",
    "identity_facts",
    "using",
]


@dataclass(frozen=True)
class Settings:
    """The defaults of the assertions: the weakest verdict accepted, samples, seconds per proof.

    >>> Settings()
    Settings(require='checked', samples=200, timeout=None)

    ``timeout=None`` is the prover's own budget (60 s); ``math.inf`` is no limit.
    """

    require: str = "checked"
    samples: int = 200
    timeout: float | None = None


_SETTINGS: ContextVar[Settings | None] = ContextVar("symkl_testing_settings", default=None)
# Descriptions of the assertions that passed on numeric evidence alone (CHECKED, not PROVED).
_CHECKED: ContextVar[tuple[str, ...]] = ContextVar("symkl_testing_checked", default=())


def current_settings() -> Settings:
    """The settings an assertion uses for what its call leaves out.

    >>> current_settings().require
    'checked'
    """
    return _SETTINGS.get() or Settings()


@contextlib.contextmanager
def using(settings: Settings) -> Iterator[Settings]:
    """Within the block, assertions default to ``settings`` (the pytest plugin wraps each test).

    >>> with using(Settings(require="proved")):
    ...     current_settings().require  # assert_identity in here fails unless PROVED
    'proved'
    """
    _require(settings.require)
    _check_budget(settings.samples, settings.timeout)
    token = _SETTINGS.set(settings)
    try:
        yield settings
    finally:
        _SETTINGS.reset(token)


def checked_passes(*, reset: bool = False) -> tuple[str, ...]:
    """What each assertion that passed on numeric evidence alone (CHECKED) claimed, in order.

    >>> checked_passes(reset=True)
    ()

    ``reset=True`` also empties the record (the pytest plugin does so before each test).
    """
    passes = _CHECKED.get()
    if reset:
        _CHECKED.set(())
    return passes


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
    from ._proof import counterexample_text

    lines = [
        f"symkl could not show that {what}: {proof.verdict.value} by {proof.method} "
        f"(required: {require.value} or stronger)",
        f"  lhs: {_show(lhs)}",
        f"  rhs: {_show(rhs)}",
    ]
    if proof.counterexample:
        lines.append(f"  counterexample: {counterexample_text(proof.counterexample)}")
    if proof.detail:
        lines.append(f"  detail: {proof.detail}")
    return "\n".join(lines)


def _require(value: Verdict | str) -> Verdict:
    from ._proof import Verdict
    from .errors import InvalidOptionError

    message = f"require must be 'proved' or 'checked', got {value!r}"
    try:
        verdict = Verdict.parse(value)
    except ValueError as exc:
        raise InvalidOptionError(message) from exc
    if verdict not in (Verdict.PROVED, Verdict.CHECKED):
        raise InvalidOptionError(message)
    return verdict


def _judge(what: str, lhs: Any, rhs: Any, proof: Proof, require: Verdict) -> Proof:
    from ._proof import Verdict

    if proof.verdict.rank < require.rank:
        raise AssertionError(format_failure(what, lhs, rhs, proof, require))
    if proof.verdict is Verdict.CHECKED:  # accepted, but only on numbers: keep a record
        _CHECKED.set((*_CHECKED.get(), f"{what}: {_one_line(lhs)} vs {_one_line(rhs)}"))
    return proof


def _one_line(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _check_budget(samples: Any, timeout: Any) -> None:
    import math

    from .errors import InvalidOptionError
    from .prover._timeout import MAX_SAMPLES, MAX_TIMEOUT

    if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= MAX_SAMPLES:
        raise InvalidOptionError(f"samples must be an int from 1 to {MAX_SAMPLES}, got {samples!r}")
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not (0 < timeout <= MAX_TIMEOUT or timeout == math.inf)  # also rejects NaN
    ):
        raise InvalidOptionError(
            f"timeout must be positive seconds up to {MAX_TIMEOUT:g}, math.inf for no limit, "
            f"or None for the prover's budget, got {timeout!r}"
        )


def _side(value: Any, what: str) -> Any:
    from ._validate import as_expression

    return as_expression(value, what)


def identity_facts(lhs: Any, rhs: Any, where: Any = ()) -> tuple[Any, ...]:
    """The facts :func:`assert_identity` passes to the prover: ``where`` (relations, or
    distributions standing for their domain facts) and the domain facts of both sides.

    >>> import sympy
    >>> from symkl import Discrete
    >>> p1, p2 = sympy.symbols("p1 p2")
    >>> identity_facts(p1, p2, where=[Discrete([p1, p2])])
    (p1 >= 0, p1 <= 1, p2 >= 0, p2 <= 1, Eq(p1 + p2, 1))
    """
    from ._facts import domain_facts_in
    from .distributions import Distribution
    from .relations import as_facts

    items = list(where) if isinstance(where, (list, tuple, set, frozenset)) else [where]
    dists = [w for w in items if isinstance(w, Distribution)]
    stated = as_facts([w for w in items if not isinstance(w, Distribution)])
    return tuple(dict.fromkeys(stated + domain_facts_in(*dists, lhs, rhs)))


def assert_identity(
    lhs: Any,
    rhs: Any,
    *,
    require: Verdict | str | None = None,
    samples: int | None = None,
    timeout: float | None = None,
    where: Any = (),
) -> Proof:
    """Assert ``lhs == rhs`` as functions of every symbol and distribution in them.

    The prover and its sampler assume the domain facts of every distribution on either side
    (0 ≤ p ≤ 1, Σ p = 1) and ``where``: relations such as ``0 < t``, or distributions whose
    probabilities appear bare (``where=[p]`` for a loss written in ``p_1, p_2``). ``require``,
    ``samples`` and ``timeout`` left as None come from :func:`current_settings`.

    >>> from symkl import Discrete, cross_entropy, entropy, kl_divergence
    >>> p, q = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
    >>> assert_identity(cross_entropy(p, q) - entropy(p), kl_divergence(p, q)).verdict
    <Verdict.PROVED: 'proved'>
    """
    import sympy

    from .prover import prove

    settings = current_settings()
    needed = _require(settings.require if require is None else require)
    samples = settings.samples if samples is None else samples
    timeout = settings.timeout if timeout is None else timeout
    _check_budget(samples, timeout)
    left, right = _side(lhs, "the left-hand side"), _side(rhs, "the right-hand side")
    relation = sympy.Eq(left, right, evaluate=False)
    facts = identity_facts(left, right, where)
    proof = prove(relation, where=facts, timeout=timeout, samples=samples)
    return _judge("the two sides are equal", lhs, rhs, proof, needed)


def _optimize() -> Any:
    from . import calculus  # the gradient and argmin relations; imported only when needed

    return calculus


def assert_same_gradient(
    f: Any, g: Any, wrt: Any, *, require: Verdict | str | None = None
) -> Proof:
    """Assert ∇_wrt f = ∇_wrt g (so gradient descent on either takes the same steps).

    >>> import sympy
    >>> from symkl import Discrete, cross_entropy, kl_divergence
    >>> theta = sympy.Symbol("theta", real=True)
    >>> p = Discrete.symbolic("p", 2)
    >>> q = Discrete([1 / (1 + sympy.exp(-theta)), 1 / (1 + sympy.exp(theta))], name="q")
    >>> assert_same_gradient(cross_entropy(p, q), kl_divergence(p, q), theta).method
    'constant offset: differ by H(p), free of theta'
    """
    needed = _require(current_settings().require if require is None else require)
    proof: Proof = _optimize().same_gradient(f, g, wrt)
    return _judge(f"they have the same gradient in {wrt}", f, g, proof, needed)


def assert_same_argmin(f: Any, g: Any, wrt: Any, *, require: Verdict | str | None = None) -> Proof:
    """Assert argmin_wrt f = argmin_wrt g (e.g. a constant offset or a positive scale apart).

    >>> import sympy
    >>> from symkl import Discrete, cross_entropy
    >>> t = sympy.Symbol("t", real=True)
    >>> p = Discrete.symbolic("p", 2)
    >>> q = Discrete([1 / (1 + sympy.exp(-t)), 1 / (1 + sympy.exp(t))], name="q")
    >>> assert_same_argmin(cross_entropy(p, q), 2 * cross_entropy(p, q) + 1, t).verdict
    <Verdict.PROVED: 'proved'>
    """
    needed = _require(current_settings().require if require is None else require)
    proof: Proof = _optimize().same_argmin(f, g, wrt)
    return _judge(f"they have the same argmin over {wrt}", f, g, proof, needed)
