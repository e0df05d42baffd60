"""Fitting: every root of the score equations, the parameter domain, the boundary, the Hessian.

``mle`` solves the score equations within bounds (see :mod:`symkl.calculus._solve`), drops roots
proved outside the parameter domain, refuses a log-likelihood that is unbounded above at an end of
a one-parameter domain, and returns the root where the Hessian is proved negative definite, unless
ℓ is higher elsewhere (at another stationary point, or in the limit at an end of the domain: see
:mod:`._mle_global`)::

    >>> i, n = sympy.symbols("i n", integer=True, positive=True)
    >>> x, theta = sympy.IndexedBase("x", real=True), sympy.Symbol("theta", real=True)
    >>> mle(-sympy.Sum((x[i] - theta) ** 2, (i, 1, n)), theta).estimators
    {theta: Sum(x[i], (i, 1, n))/n}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import sympy

from .._proof import Verdict
from ..calculus._calculus import Wrt, as_wrt, prepare
from ..calculus._domain import own_interval
from ..calculus._solve import SolveLimit, bounded_solve
from ..errors import EstimationError, MalformedClaimError, SymklError
from ._mle import (
    MLE,
    Interval,
    Model,
    _freeze,
    _identities,
    _target,
    j,
    k,
    likelihood,
    second_order,
)
from ._mle_global import global_maximum

__all__ = ["mle"]


def _solve(model: Model) -> list[tuple[dict[sympy.Expr, sympy.Expr], sympy.Expr | None]]:
    """Every solution of the score equations (with the multiplier for Σθ = 1), bounded."""
    ell = prepare(model.log_likelihood)
    targets = [_target(w) for w in model.parameters]
    unknowns = {t: sympy.Dummy(str(t)) for t in targets}
    multiplier = sympy.Dummy("lambda") if model.simplex_size is not None else None
    equations = []
    for t in targets:
        score = _identities(sympy.diff(ell, t), model)
        equations.append(score - multiplier if multiplier is not None else score)
    frozen, stats = _freeze([e.xreplace(unknowns) for e in equations])
    solutions = bounded_solve(frozen, list(unknowns.values()))
    names = ", ".join(map(str, targets))
    if isinstance(solutions, SolveLimit):
        reason = solutions.reason
        for t, d in unknowns.items():
            reason = reason.replace(str(d), str(t))
        raise EstimationError(
            f"mle({model.name}): the score equations in {names} were not solved: {reason}"
        )
    if not solutions:
        raise EstimationError(
            f"mle({model.name}): the score equations in {names} have no closed-form solution"
        )
    out = []
    for raw in solutions:
        if not all(u in raw for u in unknowns.values()):
            continue  # a family of solutions: no single estimate
        solution = {d: v.xreplace(stats) for d, v in raw.items()}
        lam = None
        if multiplier is not None:
            (family,) = model.parameters
            component = solution[unknowns[family[k]]]
            total = _identities(
                sympy.Sum(component.xreplace({k: j}), (j, 1, model.simplex_size)), model
            )
            lams = bounded_solve([total - 1], [multiplier])
            if isinstance(lams, SolveLimit) or len(lams) != 1:
                continue
            lam = lams[0][multiplier]
            solution = {d: v.xreplace({multiplier: lam}) for d, v in solution.items()}
        out.append(({t: sympy.factor_terms(solution[unknowns[t]]) for t in targets}, lam))
    if not out:
        raise EstimationError(
            f"mle({model.name}): the score equations in {names} have no isolated solution"
        )
    return out


def _boundary(model: Model) -> str | None:
    """Why ℓ has no maximum: it tends to +∞ at an end of a one-parameter domain (else None)."""
    if len(model.parameters) != 1 or model.simplex_size is not None:
        return None
    (w,) = model.parameters
    if not isinstance(w, sympy.Symbol):
        return None
    lo, hi = model.domains.get(w, (-sympy.oo, sympy.oo))
    (frozen,), _ = _freeze([_identities(prepare(model.log_likelihood), model)])
    if sympy.count_ops(frozen) > 200:
        return None
    for end, direction in ((lo, "+"), (hi, "-")):
        try:
            value = sympy.limit(frozen, w, end, direction)
        except (NotImplementedError, ValueError, TypeError, RecursionError, AttributeError):
            continue
        if value == sympy.oo:
            return f"the log-likelihood is unbounded above as {w} → {sympy.sstr(end)}"
    return None


def _outside(model: Model, estimates: Mapping[sympy.Expr, sympy.Expr]) -> str | None:
    """Why a root lies outside the parameter domain (proved from the data's assumptions)."""
    for (param, value), original in zip(estimates.items(), model.parameters, strict=False):
        lo, hi = model.domains.get(original, (-sympy.oo, sympy.oo))
        below = lo != -sympy.oo and (value - lo).is_nonpositive is True
        above = hi != sympy.oo and (hi - value).is_nonpositive is True
        if below or above:
            interval = f"({sympy.sstr(lo)}, {sympy.sstr(hi)})"
            return f"{param} = {sympy.sstr(value)} is outside the parameter domain {interval}"
    return None


def _custom(model: sympy.Expr, parameters: object, name: str) -> Model:
    if parameters is None:
        raise MalformedClaimError("mle(log_likelihood, parameters): the parameters are required")
    params = as_wrt(parameters)
    domains: dict[Wrt, Interval] = {}
    for w in params:
        own = own_interval(w)
        if own is not None:
            domains[w] = (own.start, own.end)
    return Model(name, model, params, domains)


def mle(model: object, parameters: object = None, *, name: str = "custom") -> MLE:
    """Closed-form MLEs for a built-in name (``"bernoulli"``), a :class:`Model` or a log-likelihood.

    Every root of the score equations is tried; the one where the Hessian is proved negative
    definite and ℓ is not higher elsewhere is returned (with the rule that makes it the global
    maximum among its assumptions, when one does). No such root (e.g. ℓ → 1 at t → 0 above its one
    local maximum), a log-likelihood unbounded above at the edge of a one-parameter domain, or
    score equations beyond the solver's limits raise :class:`EstimationError` saying which.

    >>> mle("poisson").estimators
    {lambda: Sum(x[i], (i, 1, n))/n}
    """
    try:
        return _mle(model, parameters, name)
    except SymklError:
        raise
    except (RecursionError, NotImplementedError, ValueError, TypeError, AttributeError,
            ZeroDivisionError, sympy.PolynomialError) as exc:  # fmt: skip
        raise EstimationError(
            f"mle({model!r}): SymPy failed while solving or checking the score equations "
            f"({type(exc).__name__}: {exc})"
        ) from exc


def _mle(model: object, parameters: object, name: str) -> MLE:
    if isinstance(model, str) or not isinstance(model, (sympy.Basic, Model)):
        spec = likelihood(model)
    elif isinstance(model, sympy.Expr):
        spec = _custom(model, parameters, name)
    elif isinstance(model, Model):
        spec = likelihood(model)  # validated
    else:
        raise MalformedClaimError(
            f"mle needs a model name, a Model or a log-likelihood, got {model!r}"
        )
    unbounded = _boundary(spec)
    if unbounded is not None:
        raise EstimationError(f"mle({spec.name}): {unbounded}, so there is no maximiser")
    tried = []
    roots = _solve(spec)
    for estimates, lam in roots:
        outside = _outside(spec, estimates)
        if outside is not None:
            tried.append(outside)
            continue
        proof = second_order(spec, estimates)
        shown = ", ".join(f"{p} = {sympy.sstr(v)}" for p, v in estimates.items())
        if proof.verdict is not Verdict.PROVED:
            tried.append(f"{shown} ({proof.detail})")
            continue
        found = global_maximum(spec, estimates)
        if found.higher is not None:
            tried.append(f"{shown} (a local maximum, but {found.why})")
            continue
        if found.rule is not None:
            proof = replace(proof, assumptions=(*proof.assumptions, found.rule))
        return MLE(spec.name, spec.log_likelihood, spec.parameters, estimates, proof, lam)
    raise EstimationError(
        f"mle({spec.name}): no root of the score equations is a proved maximum: " + "; ".join(tried)
    )
