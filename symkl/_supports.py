"""Whether distributions can be compared outcome by outcome, and where one lies in another.

>>> import sympy
>>> from symkl import Discrete
>>> common_support(Discrete([sympy.S.Half, sympy.S.Half]), Discrete([0.2, 0.3, 0.5], name="q"))
Traceback (most recent call last):
...
symkl.errors.SupportMismatchError: distributions have different numbers of outcomes: p has 2 ...
"""

from __future__ import annotations

import sympy

from ._atoms import Distribution, Kind, Support
from ._validate import describe_symbols, plural
from .errors import MixedSupportError, SupportMismatchError

__all__ = ["common_support", "may_vanish", "support_within"]


def support_within(inner: Distribution, outer: Distribution) -> bool | None:
    """Whether ``inner``'s outcomes all lie in ``outer``'s support (None: undecidable).

    >>> from sympy import S, Symbol
    >>> from symkl import Density
    >>> x = Symbol("x", real=True)
    >>> support_within(Density(1, x, (0, 1)), Density(S.Half, x, (0, 2)))
    True
    """
    a, b = inner.support, outer.support
    if a.kind is not b.kind:
        return False
    if a.size is not None or b.size is not None:
        return a.size == b.size
    if None in (a.lower, a.upper, b.lower, b.upper):
        return None
    assert a.lower is not None
    assert a.upper is not None
    assert b.lower is not None
    assert b.upper is not None
    inside = sympy.And(sympy.Le(b.lower, a.lower), sympy.Le(a.upper, b.upper))
    if inside is sympy.true:
        return True
    if inside is sympy.false:
        return False
    return None


def _outcomes(dist: Distribution, *, ranged: bool = False) -> str:
    """``p has 3 outcomes``, ``Bernoulli(1/2) has 2 outcomes (0 to 1)``."""
    support = dist.support
    count = support.count()
    lower = support.lower if support.size is None else 1
    if count is None:
        following = lower + 1 if isinstance(lower, sympy.Expr) else "…"
        return f"{dist.name} has infinitely many outcomes ({lower}, {following}, …)"
    text = f"{dist.name} has {plural(count, 'outcome')}"
    if ranged or lower != 1:
        upper = support.upper if support.size is None else support.size
        text += f" ({lower} to {upper})"
    return text


def _vector(dist: Distribution) -> bool:
    """Outcomes are positions 1..n (an explicit or indexed vector), not labelled values."""
    return dist.positional


def _dimension(dist: Distribution) -> int | None:
    if dist.kind is not Kind.CONTINUOUS:
        return None
    dim = getattr(dist, "dim", None)
    if isinstance(dim, int):
        return dim
    concentration = getattr(dist, "concentration", None)
    if isinstance(concentration, (tuple, list, sympy.Tuple)):
        return len(concentration)
    return 1


def _check_pair(first: Distribution, other: Distribution) -> None:
    if other.kind is not first.kind:
        raise MixedSupportError(
            f"cannot combine the {first.kind.value} distribution {first.name} with the "
            f"{other.kind.value} distribution {other.name}"
        )
    if first.kind is Kind.CONTINUOUS:
        vectors = [d for d in (first, other) if isinstance(getattr(d, "dim", None), int)]
        if len(vectors) == 1:
            vector = vectors[0]
            scalar = other if vector is first else first
            raise SupportMismatchError(
                f"cannot compare the vector distribution {vector.name} ({_dimension(vector)}-"
                f"dimensional outcomes) with the scalar distribution {scalar.name}; write both "
                "over vectors (a 1-dimensional MultivariateNormal) or both over scalars"
            )
        da, db = _dimension(first), _dimension(other)
        if da is not None and db is not None and da != db:
            raise SupportMismatchError(
                f"distributions have different dimensions: {first.name} is {da}-dimensional, "
                f"{other.name} is {db}-dimensional"
            )
        return
    if not (_vector(first) or _vector(other)):
        return  # two labelled families: the measure decides (∞ where supports do not nest)
    a, b = first.support, other.support
    if a.size is not None and b.size is not None and a.size == b.size:
        return
    same = (
        _vector(first)
        and _vector(other)
        and a.size is None
        and b.size is None
        and a.upper == b.upper
    )
    if same:
        return
    ca, cb = a.count(), b.count()
    left, right = _outcomes(first), _outcomes(other)
    what = "different numbers of outcomes"
    if ca is not None and cb is not None and str(ca) == str(cb):
        if ca == cb:  # as many outcomes, labelled differently (1..n against 0..n-1)
            what = "different outcomes"
            left, right = _outcomes(first, ranged=True), _outcomes(other, ranged=True)
        else:  # two symbols that print alike: show what tells them apart
            shown_a, shown_b = describe_symbols(ca, cb)
            right += f"; these are different symbols: {shown_a} vs {shown_b}"
    raise SupportMismatchError(f"distributions have {what}: {left}, {right}")


def common_support(*dists: Distribution) -> Support:
    """The support of the first of ``dists``, after checking they can be compared.

    Discrete vectors must have the same number of outcomes, a vector and a labelled family
    (outcomes 1..n against 0..K) the same outcomes, multivariate densities the same dimension.
    Continuous supports may differ: :func:`support_within` decides where a measure is ∞.
    """
    first = dists[0]
    for other in dists[1:]:
        _check_pair(first, other)
    return first.support


def may_vanish(p: Distribution) -> bool:
    """Whether p's mass or density may be 0 at an outcome of its support, for some value of its
    parameters (Bernoulli(p) at p = 1, a Geometric at p = 1); a formula whose sign SymPy cannot
    tell counts as one that may (the Beta density at a generic shape).

    >>> from symkl.families import Bernoulli, Normal
    >>> may_vanish(Bernoulli(sympy.Symbol("p"))), may_vanish(Normal(0, 1))
    (True, False)
    """
    support = p.support
    if support.variable is None or support.lower is None:
        return True
    inside = sympy.Dummy(
        "x",
        integer=support.kind is Kind.DISCRETE or None,
        positive=True if support.lower.is_positive else None,
        nonnegative=True if support.lower.is_nonnegative else None,
        real=True,
    )
    value = p.value_at(support.variable).xreplace({support.variable: inside})
    return not _positive(value)


def _positive(value: sympy.Expr) -> bool:
    """Provably positive; a Piecewise in every branch but a last ``(0, True)``, which lies
    outside the support (the families write their support so)."""
    if isinstance(value, sympy.Piecewise):
        branches = list(value.args)
        if branches[-1].expr == 0 and branches[-1].cond == sympy.true:
            branches.pop()
        return bool(branches) and all(_positive(branch.expr) for branch in branches)
    return value.is_positive is True
