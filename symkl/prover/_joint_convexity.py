"""Joint convexity of relative entropy, outcome by outcome through the log-sum inequality.

D(w₁p₁ + w₂p₂ ‖ w₁q₁ + w₂q₂) ≤ w₁D(p₁ ‖ q₁) + w₂D(p₂ ‖ q₂) for explicit distributions and
weights w > 0 (symbolic ones included): for each outcome the two-term log-sum inequality with
a = (w₁p₁, w₂p₂), b = (w₁q₁, w₂q₂) (Cover & Thomas, Theorem 2.7.2). The certificate is a
combination of one log-sum gap per outcome; the kernel re-checks each and the sum::

    >>> from sympy import Le, S
    >>> from symkl import Discrete, kl_divergence, prove
    >>> from symkl.information import mixture
    >>> p, q = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
    >>> u, v = Discrete.symbolic("u", 2), Discrete.symbolic("v", 2)
    >>> w = S(1) / 4
    >>> mixed = kl_divergence(mixture(p, u, w), mixture(q, v, w))
    >>> prove(Le(mixed, w * kl_divergence(p, q) + (1 - w) * kl_divergence(u, v))).method
    'log-sum'
"""

from __future__ import annotations

import itertools

import sympy

from ..distributions import Discrete
from ..measures import KLDivergence, Measure
from ..relations import Relation, RelationKind
from ._kernel_information import Combination, LogSum, unit_weights
from ._strategies import Strategy, Success, register_strategy

__all__ = ["joint_convexity"]


def _mixes(mixed: Discrete, weights: tuple[sympy.Expr, ...], parts: list[Discrete]) -> bool:
    """Every probability of ``mixed`` is Σ w_k·(the k-th part's), as an identity."""
    if any(len(d.probs) != len(mixed.probs) for d in parts):
        return False
    for k, value in enumerate(mixed.probs):
        combined = sympy.Add(*(w * d.probs[k] for w, d in zip(weights, parts, strict=True)))
        if sympy.cancel(value - combined) != 0:
            return False
    return True


def _gap(a: tuple[sympy.Expr, ...], b: tuple[sympy.Expr, ...]) -> sympy.Expr:
    big_a, big_b = sympy.Add(*a), sympy.Add(*b)
    terms = sympy.Add(*(x * sympy.log(x / y) for x, y in zip(a, b, strict=True)))
    return terms - big_a * sympy.log(big_a / big_b)


def joint_convexity(rel: Relation) -> Success | None:
    """c·(w₁D(p₁ ‖ q₁) + w₂D(p₂ ‖ q₂) − D(w₁p₁ + w₂p₂ ‖ w₁q₁ + w₂q₂)) + rest ≥ 0. ≥ only."""
    if rel.kind is not RelationKind.GE:
        return None
    d = rel.difference
    kls = sorted(
        (m for m in d.atoms(Measure) if type(m) is KLDivergence), key=sympy.default_sort_key
    )
    if len(kls) != 3 or d.atoms(Measure) - set(kls) or any(k.base != sympy.E for k in kls):
        return None
    if not all(isinstance(k.p, Discrete) and isinstance(k.q, Discrete) for k in kls):
        return None
    unit = unit_weights(rel.where)  # λ < 1 stated: 1 − λ > 0
    for whole, one, two in itertools.permutations(kls):
        c = sympy.factor(-d.coeff(whole))
        if c.is_positive is not True:
            continue
        weights = (sympy.factor(d.coeff(one) / c), sympy.factor(d.coeff(two) / c))
        if any(sympy.factor(w.xreplace(unit)).is_positive is not True for w in weights):
            continue
        if not (
            _mixes(whole.p, weights, [one.p, two.p]) and _mixes(whole.q, weights, [one.q, two.q])
        ):
            continue
        rest = sympy.cancel(sympy.expand(d + c * whole - c * (weights[0] * one + weights[1] * two)))
        if rest.has(Measure) or rest.is_nonnegative is not True:
            continue
        parts = []
        for k in range(len(whole.p.probs)):
            a = tuple(w * dist.p.probs[k] for w, dist in zip(weights, (one, two), strict=True))
            b = tuple(w * dist.q.probs[k] for w, dist in zip(weights, (one, two), strict=True))
            parts.append((c, _gap(a, b), LogSum(a, b)))
        return Success(
            "log-sum",
            (
                "each probability is in (0, 1]",
                "for each outcome: a₁ log(a₁/b₁) + a₂ log(a₂/b₂) ≥ (a₁ + a₂) log((a₁ + a₂)/(b₁ + "
                "b₂)) with a = (w₁p₁, w₂p₂), b = (w₁q₁, w₂q₂) (log-sum inequality)",
                *(f"{s} < 1" for s in unit),
            ),
            Combination(tuple(parts), rest),
        )
    return None


register_strategy(Strategy("joint-convexity", joint_convexity))
