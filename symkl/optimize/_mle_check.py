"""Settling "this point is the MLE": the score vanishes there, the Hessian is negative definite, and
that local maximum is the global one.

A claimed estimator whose score does not vanish is refuted with data on which the score at the
claimed point is nonzero (confirmed at 50 digits): an interior point with a nonzero gradient is
not a maximiser. A strict local maximum is proved the maximiser only by a rule of
:mod:`._mle_global` (ℓ concave, a single stationary point on an interval, or ℓ compared with its
other stationary points and its limits at the ends); else a point where ℓ is higher refutes it,
and sampled points alone only check it. The claim object, :class:`Maximizer`, lives here beside
its prover, above the models and the second-order check of ``_mle`` (which import nothing from
this module)::

    >>> from symkl.optimize._mle import MU, VAR, i
    >>> model = likelihood("normal")
    >>> (x,) = model.data  # the observations x[i], i = 1..n
    >>> mean = sympy.Sum(x[i], (i, 1, n)) / n
    >>> unbiased = sympy.Sum((x[i] - mean) ** 2, (i, 1, n)) / (n - 1)
    >>> prove_maximizer(model, {MU: mean, VAR: unbiased}).verdict
    <Verdict.REFUTED: 'refuted'>
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy

from .._proof import Proof, Verdict
from ..calculus import _numeric as num
from ..calculus._calculus import as_expr, is_zero, prepare
from ..calculus._domain import Domain
from ..errors import MalformedClaimError
from ..relations import RelationKind
from ._mle import Model, _at, _identities, _target, j, k, likelihood, n, second_order
from ._mle_global import global_maximum

__all__ = ["Maximizer", "prove_maximizer"]


def _scores(model: Model, point: Mapping[sympy.Expr, sympy.Expr]) -> list[sympy.Expr]:
    ell = prepare(model.log_likelihood)
    return [_identities(_at(sympy.diff(ell, _target(w)), point), model) for w in model.parameters]


def _first_order(model: Model, point: Mapping[sympy.Expr, sympy.Expr]) -> bool:
    scores = _scores(model, point)
    if model.simplex_size is None:
        return all(is_zero(s) for s in scores)
    # With Σθ = 1 the score must equal one multiplier λ for every k, and the point must sum to 1.
    (score,) = scores
    (family,) = model.parameters
    value = point[family[k]]
    total = _identities(sympy.Sum(value.xreplace({k: j}), (j, 1, model.simplex_size)), model)
    size = model.simplex_size
    if size.is_Integer:  # explicit classes: compare the components one by one (δ_1k at K = 1)
        components = [score.xreplace({k: sympy.Integer(c)}).doit() for c in range(1, int(size) + 1)]
        total = _identities(
            sympy.Add(*(value.xreplace({k: c}) for c in range(1, int(size) + 1))), model
        )
        equal = all(is_zero(c - components[0]) for c in components[1:])
        return equal and (is_zero(total - 1) or is_zero(_data_total(model, total) - 1))
    return not score.has(k) and is_zero(total - 1)


def _data_total(model: Model, expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with n written as the data total it stands for (n = Σ_k c_k)."""
    identities = {rhs: lhs for lhs, rhs in model.identities}
    return sympy.simplify(expr.xreplace(identities).doit())


def _refute(
    model: Model, point: Mapping[sympy.Expr, sympy.Expr], seed: int
) -> dict[str, Any] | None:
    rng = np.random.default_rng(seed)
    ell = model.log_likelihood
    identities = {rhs: lhs for lhs, rhs in model.identities}  # n = Σ_k c_k in numbers
    values = [v.xreplace(identities) if v.has(n) else v for v in point.values()]
    size = model.simplex_size
    sizes = (int(size),) if size is not None and size.is_Integer else num.SIZES
    ranges = Domain(specs=dict(model.data))
    for inst in num.instances([ell, *values], model.parameters, (), ranges, sizes):
        concrete_ell = inst.concrete(ell)
        mapping = {}
        for key, value in zip(point, values, strict=False):
            if isinstance(key, sympy.Indexed):
                for position, symbol in enumerate(inst.wrt, start=1):
                    mapping[symbol] = inst.concrete(value.xreplace({k: position}))
            else:
                mapping[inst.concrete(key)] = inst.concrete(value)
        scores = [(str(s), sympy.diff(concrete_ell, s).xreplace(mapping)) for s in inst.wrt]
        if model.simplex_size is not None:
            # On the simplex only differences of score components can refute (Lagrange: every
            # component equals one multiplier), and the point must sum to 1.
            if not scores:
                continue
            base = scores[0][1]
            total = sympy.Add(*mapping.values()) - 1
            scores = [("sum of the claimed point minus 1", total)]
            scores += [
                (f"∂ℓ/∂{label} − ∂ℓ/∂{scores_label(inst)}", sc - base)
                for label, sc in [
                    (str(s), sympy.diff(concrete_ell, s).xreplace(mapping)) for s in inst.wrt
                ][1:]
            ]
        env, valid = num.sample(inst, rng, 64)
        for label, score in scores:
            vals = num.values(score, env, 64)
            for index in np.flatnonzero(valid & np.isfinite(vals) & (np.abs(vals) > 1e-6))[:3]:
                point_values = num.point_at(env, int(index))
                own = score.free_symbols
                data = {s: v for s, v in point_values.items() if s not in inst.wrt and s in own}
                confirmed = num.confirm_values([score], data, inst)
                if confirmed is not None and num.differ(confirmed[0], 0):
                    example: dict[str, Any] = {str(s): v for s, v in sorted(data.items(), key=str)}
                    example.update(n=inst.size, component=label, score=float(confirmed[0]))
                    return example
    return None


def _globally(
    model: Model, point: Mapping[sympy.Expr, sympy.Expr], local: Proof, start: float
) -> Proof:
    """The verdict on a proved strict local maximum: is it the maximum over the whole domain?"""
    found = global_maximum(model, point)
    seconds = time.perf_counter() - start
    method = "score equations vanish; " + local.method
    if found.rule is not None:
        return Proof(Verdict.PROVED, method, None, seconds,
                     (*local.assumptions, found.rule), local.detail)  # fmt: skip
    if found.higher is not None:
        return Proof(Verdict.REFUTED, "a local maximum, but ℓ is higher elsewhere", found.higher,
                     seconds, (), f"{found.why}; confirmed at 50 digits")  # fmt: skip
    if found.sampled:
        return Proof(Verdict.CHECKED, method + "; no higher ℓ at sampled points", None, seconds,
                     local.assumptions, found.why)  # fmt: skip
    return Proof(Verdict.UNDECIDED, method + "; global maximum not decided", None, seconds, (),
                 found.why)  # fmt: skip


def scores_label(inst: num.Instance) -> str:
    return str(inst.wrt[0]) if inst.wrt else "θ_1"


def prove_maximizer(model: Model, point: Mapping[sympy.Expr, sympy.Expr], seed: int = 0) -> Proof:
    """Proved when the score vanishes at ``point``, the Hessian there is negative definite and a
    rule of :mod:`._mle_global` makes that local maximum the global one; refuted by data with a
    nonzero score, or by a point where the log-likelihood is higher."""
    start = time.perf_counter()
    if _first_order(model, point):
        proof = second_order(model, point)
        if proof.verdict is not Verdict.PROVED:
            return Proof(Verdict.UNDECIDED, "score vanishes; " + proof.method, None,
                         time.perf_counter() - start, (), proof.detail)  # fmt: skip
        return _globally(model, point, proof, start)
    example = _refute(model, point, seed)
    seconds = time.perf_counter() - start
    if example is not None:
        return Proof(Verdict.REFUTED, "nonzero score at the claimed estimate", example, seconds, (),
                     "an interior point where the score is not 0 is not a maximiser; "
                     "confirmed at 50 digits")  # fmt: skip
    return Proof(Verdict.UNDECIDED, "score equations not decided", None, seconds, (),
                 "the score does not vanish symbolically and no data refuted it")  # fmt: skip


class Maximizer:
    """The claim that ``point`` maximises a model's log-likelihood (the MLE).

    >>> from symkl import prove
    >>> model = likelihood("poisson")
    >>> (rate,), (x,) = model.parameters, model.data
    >>> i = sympy.Symbol("i", integer=True, positive=True)
    >>> prove(Maximizer(model, {rate: sympy.Sum(x[i], (i, 1, n)) / n})).verdict
    <Verdict.PROVED: 'proved'>
    """

    kind = RelationKind.MAXIMIZER

    def __init__(self, model: object, point: Mapping[sympy.Expr, object]) -> None:
        self.model = likelihood(model)
        if not isinstance(point, Mapping):
            raise MalformedClaimError(f"a Maximizer point maps parameters to values, got {point!r}")
        self.point = {key: as_expr(v, f"the value of {key}") for key, v in point.items()}

    def key(self) -> str:
        """The claim's structure: the domains, the simplex and the data identities decide the
        verdict as well as ℓ and the point (a local maximum may be global on a smaller domain)."""
        model = self.model
        items = sorted((sympy.srepr(a), sympy.srepr(b)) for a, b in self.point.items())
        domains = sorted(
            (sympy.srepr(w), sympy.srepr(sympy.Tuple(*d))) for w, d in model.domains.items()
        )
        facts = [sympy.srepr(sympy.Tuple(*pair)) for pair in model.identities]
        return (
            f"Maximizer({sympy.srepr(model.log_likelihood)}, {items}, {domains}, "
            f"{sympy.srepr(model.simplex_size)}, {facts})"
        )

    def __repr__(self) -> str:
        return self.key()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Maximizer) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def _symkl_prove_(self, where: tuple[sympy.Basic, ...] = ()) -> Proof:
        return prove_maximizer(self.model, self.point)
