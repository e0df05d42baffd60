"""The ``kumaraswamy-expectations`` strategy: one step of a Kumaraswamy derivation, proved alone.

Kumaraswamy(a, b) has log f(x) = log a + log b + (a − 1)·log x + (b − 1)·log(1 − x^a), whose term
log(1 − x^a) is in no family's basis. A step that is a linear combination of H(Kumaraswamy) and
expectations E[g] with g in {1, log x, log(1 − x^a)} (the family's own a) is proved by

1. writing the entropy by its definition E[−log f];
2. replacing log f by the log-density above, *verified* by exponentiating it back to the density;
3. deriving E[log x] and E[log(1 − x^a)] by the substitution u = x^a, checked to carry the
   density onto Beta(1, b)'s b·(1 − u)^{b−1} and (0, 1) onto (0, 1): E[log x] = E[log u]/a and
   E[log(1 − x^a)] = E[log(1 − u)], each the derivative of log Z_B(α, β) (the Beta integral,
   integrated by SymPy) in α or β at (1, b).

>>> from sympy import Eq, Symbol, log, polygamma
>>> from symkl import expectation, prove
>>> from symkl.families import Kumaraswamy
>>> a, b = Symbol("a", positive=True), Symbol("b", positive=True)
>>> d = Kumaraswamy(a, b)
>>> prove(Eq(expectation(d, log(1 - d.variable**a)), polygamma(0, b) - polygamma(0, b + 1))).verdict
<Verdict.PROVED: 'proved'>
"""

from __future__ import annotations

import functools

import sympy

from ..measures import Expectation
from ..prover import Relation, RelationKind, Strategy, Success, register_strategy
from ._heavy import Kumaraswamy
from ._prove_dirichlet import as_expectation, coefficients_in, linear_in_measures
from ._prove_equal import equal_forms
from ._prove_moments import beta_normaliser

__all__ = ["kumaraswamy_expectations", "kumaraswamy_log_density"]


def kumaraswamy_log_density(d: Kumaraswamy) -> sympy.Expr:
    """log f(x) = log a + log b + (a − 1)·log x + (b − 1)·log(1 − x^a).

    >>> a = sympy.Symbol("a", positive=True)
    >>> kumaraswamy_log_density(Kumaraswamy(a, 1))
    (a - 1)*log(x) + log(a)
    """
    a, b = d.args
    x = d.variable
    return sympy.log(a) + sympy.log(b) + (a - 1) * sympy.log(x) + (b - 1) * sympy.log(1 - x**a)


def _exponentiated(term: sympy.Expr) -> sympy.Expr:
    """e^{c·log y} as y^c (the principal power, its definition), e^t otherwise."""
    c, factor = term.as_independent(sympy.log, as_Add=False)
    if isinstance(factor, sympy.log):
        return sympy.Pow(factor.args[0], c)
    return sympy.exp(term)


@functools.cache
def _checked(d: Kumaraswamy) -> bool:
    """The log-density exponentiates back to the density, and u = x^a carries it onto Beta(1, b)
    (x = u^{1/a} increasing from 0 to 1 as u does)."""
    a, b = d.args
    x = d.variable
    back = sympy.Mul(*map(_exponentiated, sympy.Add.make_args(kumaraswamy_log_density(d))))
    if sympy.simplify(sympy.powsimp(back / d.density(x))) != 1:
        return False
    u = sympy.Dummy("u", positive=True)
    root = u ** (1 / a)
    pushed = d.density(root) * sympy.diff(root, u) / (b * (1 - u) ** (b - 1))
    if sympy.simplify(sympy.powsimp(sympy.powdenest(pushed, force=False))) != 1:
        return False
    ends = (sympy.limit(root, u, 0, "+"), sympy.limit(root, u, 1, "-"))
    return ends == (0, 1)


def _means(d: Kumaraswamy) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(E[log x], E[log(1 − x^a)]) from Beta(1, b)'s E[log u] and E[log(1 − u)]."""
    z, alpha, beta = beta_normaliser()
    if z.has(sympy.Integral, sympy.Piecewise):
        return None
    a, b = d.args
    at = {alpha: sympy.S.One, beta: b}
    log_z = sympy.log(z)
    mean_log_u = sympy.diff(log_z, alpha).xreplace(at)
    return mean_log_u / a, sympy.diff(log_z, beta).xreplace(at)


def _in_basis(e: Expectation) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr] | None:
    """E's integrand as c₀ + c₁·log x + c₂·log(1 − x^a), or None."""
    d = e.p
    if not isinstance(d, Kumaraswamy) or not _checked(d):
        return None
    x = d.variable
    g = e.f.xreplace({sympy.log(d): kumaraswamy_log_density(d)})
    if g.atoms(Kumaraswamy):
        return None  # another Kumaraswamy, or a density outside a log
    logs = (sympy.log(x), sympy.log(1 - x ** d.args[0]))
    out = coefficients_in(sympy.expand(sympy.expand_log(g, force=False)), (x,), logs)
    return None if out is None else (out[0], out[1], out[2])


def kumaraswamy_expectations(rel: Relation) -> Success | None:
    """Prove Σ c_j·M_j + c = 0 for H(Kumaraswamy) and its expectations of log x, log(1 − x^a)."""
    parts = linear_in_measures(rel, Kumaraswamy)
    if parts is None:
        return None
    terms, total = parts
    for coefficient, measure in terms:
        expectation = as_expectation(measure)
        if expectation is None:
            return None
        combination = _in_basis(expectation)
        means = _means(expectation.p) if combination is not None else None
        if combination is None or means is None:
            return None
        constant, at_log, at_log1m = combination
        total += coefficient * (constant + at_log * means[0] + at_log1m * means[1])
    # ψ(b + 1) = ψ(b) + 1/b: the closed form's harmonic number against the derived ψ(b)
    if not equal_forms(sympy.expand_func(total), sympy.S.Zero, []):
        return None
    facts = (
        "log f(x) = log a + log b + (a − 1)·log x + (b − 1)·log(1 − x^a) (exponentiating it "
        "gives back the density)",
        "u = x^a carries Kumaraswamy(a, b) onto Beta(1, b) (checked), so E[log x] = E[log u]/a "
        "and E[log(1 − x^a)] = E[log(1 − u)]",
        "E[log u] and E[log(1 − u)] as derivatives of log Z_B, the Beta integral by SymPy",
        "every expectation is finite (a, b > 0)",
    )
    return Success("derived-moment", facts)


register_strategy(
    Strategy("kumaraswamy-expectations", kumaraswamy_expectations, frozenset({RelationKind.EQ})),
    before="termwise-sum",
)
