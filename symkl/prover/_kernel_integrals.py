"""Kernel rules for integrals against a general density: an undefined function f(x).

A claim about *every* density meeting some constraints states f as a SymPy undefined function and
its facts in ``where``: ``f(x) >= 0`` (or ``> 0``), ``Eq(Integral(f(x), (x, lo, hi)), 1)`` and
moments such as ``Eq(Integral(x**2*f(x), (x, lo, hi)), sigma**2)``. Like :mod:`._kernel`, this
module has no heuristics: it re-checks a certificate against the relation and its facts.

``moment-linearity`` (=)
    lhs − rhs = c₀ + Σ_k c_k ∫ g_k over one interval, the c_k free of the integration variable
    and of the density. Checks: Σ_k c_k g_k(x) = Σ_j a_j w_j(x) at every x of the interval and
    every value u of each density (u > 0 as a positive symbol; u → 0⁺ too when the facts allow
    f = 0, each integrand having a finite limit there: the convention 0·log 0 = 0), with the
    a_j constants and ∫ w_j = v_j stated facts; and c₀ + Σ a_j v_j = 0. Linearity needs finite
    integrals: every integral but at most one is a stated fact (a finite value), and that one is
    then the integral of a combination of integrable functions, so finite too.
``density-gibbs`` (≥)
    lhs − rhs = c·∫ f log(f/g) + rest (that link by ``moment-linearity`` or literally), with
    c ≥ 0, rest ≥ 0, f ≥ 0 and ∫ f = 1 stated, g > 0 on the interval and ∫ g ≤ 1 by ``integrate``:
    f log(f/g) ≥ f − g pointwise (log y ≤ y − 1), so the integral exists in [0, ∞] and is
    ≥ ∫ f − ∫ g ≥ 0 (Gibbs' inequality, Cover & Thomas Theorem 8.6.1).

Neither proves a strict relation (the bound is attained at f = g).

    >>> import sympy
    >>> from sympy import Eq, Function, Integral, Symbol, log, oo
    >>> from symkl.relations import as_relation
    >>> from symkl.prover._kernel_integrals import MomentLinear, check_integrals
    >>> x, f = Symbol("x", real=True), Function("f")
    >>> facts = [f(x) > 0, Eq(Integral(f(x), (x, -oo, oo)), 1)]
    >>> rel = as_relation(Eq(Integral(3 * f(x), (x, -oo, oo)), 3), facts)
    >>> check_integrals(rel, MomentLinear((3,)), lambda e: sympy.expand(e) == 0,
    ...                 lambda e, s: bool(e.is_nonnegative)) is None
    True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef

from ..relations import Relation

__all__ = [
    "VARIABLE",
    "DensityGibbs",
    "MomentLinear",
    "check_integrals",
    "coefficient_of",
    "decompose",
    "density_facts",
    "moment_facts",
]

Vanishes = Callable[[sympy.Expr], bool]
Nonnegative = Callable[[sympy.Expr, bool], bool]
Interval = tuple[sympy.Expr, sympy.Expr]


@dataclass(frozen=True)
class MomentLinear:
    """lhs − rhs vanishes by linearity, with coefficient ``a_j`` for the j-th moment fact;
    ``finite`` shows integrands finite on their own (each a combination of the moments)."""

    coefficients: tuple[sympy.Expr, ...]
    finite: tuple[tuple[sympy.Expr, tuple[sympy.Expr, ...]], ...] = ()
    rule = "moment-linearity"


@dataclass(frozen=True)
class DensityGibbs:
    """lhs − rhs = coefficient·∫ f log(f/reference) + rest over ``bounds``."""

    density: sympy.Expr  # f(t), t the variable
    reference: sympy.Expr  # g(t)
    variable: sympy.Symbol
    bounds: Interval
    coefficient: sympy.Expr = sympy.S.One
    rest: sympy.Expr = sympy.S.Zero
    link: MomentLinear | None = None  # None: lhs − rhs − (c·I + rest) expands to 0 literally
    rule = "density-gibbs"


#: The integration variable every integrand is rewritten in (so integrals over x and y compare).
VARIABLE = sympy.Dummy("t", real=True)
_T = VARIABLE


def _one_limit(integral: sympy.Integral) -> tuple[sympy.Expr, Interval] | None:
    """The integrand in the shared variable, and the interval; None for any other shape."""
    if len(integral.limits) != 1 or len(integral.limits[0]) != 3:
        return None
    var, lo, hi = integral.limits[0]
    if not isinstance(var, sympy.Symbol) or var.is_real is not True:
        return None
    if integral.function.has(sympy.Integral) or lo.has(var) or hi.has(var):
        return None  # nested integrals are not a pointwise identity's atoms
    return integral.function.xreplace({var: _T}), (lo, hi)


def moment_facts(where: tuple[sympy.Basic, ...]) -> list[tuple[sympy.Expr, Interval, sympy.Expr]]:
    """The stated facts ∫ w = v (w in the shared variable) with v a finite real value."""
    out = []
    for fact in where:
        if not isinstance(fact, sympy.Eq) or not isinstance(fact.lhs, sympy.Integral):
            continue
        shape = _one_limit(fact.lhs)
        value = fact.rhs
        if shape is None or value.has(sympy.Integral, sympy.oo, sympy.zoo, sympy.nan):
            continue
        if value.is_finite is not True or value.is_extended_real is not True:
            continue
        out.append((shape[0], shape[1], value))
    return out


def density_facts(where: tuple[sympy.Basic, ...]) -> dict[sympy.Basic, bool]:
    """Each undefined function stated ≥ 0 (False) or > 0 (True) at a real variable."""
    signs: dict[sympy.Basic, bool] = {}
    for fact in where:
        if isinstance(fact, (sympy.GreaterThan, sympy.StrictGreaterThan)) and fact.rhs == 0:
            side = fact.lhs
        elif isinstance(fact, (sympy.LessThan, sympy.StrictLessThan)) and fact.lhs == 0:
            side = fact.rhs
        else:
            continue
        if isinstance(side, AppliedUndef) and len(side.args) == 1:
            (arg,) = side.args
            if isinstance(arg, sympy.Symbol) and arg.is_real:
                strict = isinstance(fact, (sympy.StrictGreaterThan, sympy.StrictLessThan))
                signs[side.func] = signs.get(side.func, False) or strict
    return signs


def coefficient_of(expr: sympy.Expr, integral: sympy.Integral) -> sympy.Expr | None:
    """c with expr = c·integral + (terms free of it); None when expr is not linear in it.
    Integrals are atoms here: ``expand`` would rewrite their integrands."""
    symbol = sympy.Dummy("J")
    linear = sympy.expand(expr.xreplace({integral: symbol}))
    coefficient = sympy.expand(sympy.diff(linear, symbol))
    return None if coefficient.has(symbol) else coefficient


def decompose(
    expr: sympy.Expr,
) -> tuple[sympy.Expr, list[tuple[sympy.Expr, sympy.Expr]], Interval] | str:
    """expr = c₀ + Σ c_k ∫ g_k over one interval: (c₀, [(c_k, g_k)], interval), or why not."""
    integrals = sorted(expr.atoms(sympy.Integral), key=sympy.default_sort_key)
    symbols = [sympy.Dummy(f"J{k}") for k in range(len(integrals))]
    linear = sympy.expand(expr.xreplace(dict(zip(integrals, symbols, strict=True))))
    if linear.has(sympy.Integral):
        return "an integral inside another expression"
    constant = linear.xreplace(dict.fromkeys(symbols, sympy.S.Zero))
    parts: list[tuple[sympy.Expr, sympy.Expr]] = []
    interval: Interval | None = None
    for integral, symbol in zip(integrals, symbols, strict=True):
        coefficient = sympy.expand(sympy.diff(linear, symbol))
        if coefficient.has(*symbols):
            return "lhs − rhs is not linear in its integrals"
        shape = _one_limit(integral)
        if shape is None:
            return f"{integral} is not one integral over a real variable"
        if interval is not None and shape[1] != interval:
            return "the integrals are over different intervals"
        interval = shape[1]
        if coefficient != 0:
            parts.append((coefficient, shape[0]))
    if interval is None:
        return "no integral"
    return constant, parts, interval


def _variable(interval: Interval) -> sympy.Symbol | None:
    """A variable whose assumptions are the interval's: ℝ, (0, ∞) or [0, ∞) only."""
    lo, hi = interval
    if hi is not sympy.oo:
        return None
    if lo is sympy.S.NegativeInfinity:
        return sympy.Dummy("x", real=True)
    if lo == 0:
        return sympy.Dummy("x", positive=True)
    return None


def _pointwise(
    expr: sympy.Expr, x: sympy.Symbol, values: dict[sympy.Basic, sympy.Dummy]
) -> sympy.Expr:
    """expr at a point x with each density value a positive symbol."""
    return expr.xreplace(values).xreplace({_T: x})


def _finite_at_zero(expr: sympy.Expr, values: dict[sympy.Basic, sympy.Dummy]) -> bool:
    """Each term has a finite limit as a density value u → 0⁺ (0·log 0 = 0 is that limit);
    term by term, so that log(f²) − 2 log f (−∞ + ∞ at f = 0) is not given the value 0."""
    for term in sympy.Add.make_args(expr):
        for u in values.values():
            if not term.has(u):
                continue
            try:
                value = sympy.limit(term, u, 0, "+")
            except (NotImplementedError, ValueError, TypeError):
                return False
            if value.is_finite is not True:
                return False
    return True


def _not_pointwise(g: sympy.Expr) -> bool:
    """Whether ``g`` uses its density other than by its value at the point (f′(x), f at another
    point through Subs): replacing f(x) by a number there would be wrong."""
    return bool(g.has(sympy.Derivative, sympy.Subs))


def _linear(expr: sympy.Expr, rel: Relation, cert: MomentLinear, vanishes: Vanishes) -> str | None:
    shape = decompose(expr)
    if isinstance(shape, str):
        return shape
    constant, parts, interval = shape
    if constant.has(_T, AppliedUndef) or any(c.has(_T, AppliedUndef) for c, _ in parts):
        return "a coefficient depends on the integration variable or on the density"
    facts = [m for m in moment_facts(rel.where) if m[1] == interval]
    if len(cert.coefficients) != len(facts):
        return f"{len(cert.coefficients)} coefficients for {len(facts)} moment facts"
    x, signs = _variable(interval), density_facts(rel.where)
    if x is None:
        return f"the interval {interval} is not ℝ or (0, ∞)"
    if any(_not_pointwise(g) for _, g in parts) or any(_not_pointwise(w) for w, _, _ in facts):
        return "a density appears under a derivative or a substitution (not a value at x)"
    undefined = {a for _, g in parts for a in g.atoms(AppliedUndef)}
    undefined |= {a for w, _, _ in facts for a in w.atoms(AppliedUndef)}
    if any(a.func not in signs or a.args != (_T,) for a in undefined):
        return "a density is not stated ≥ 0 at the integration variable"
    values = {a: sympy.Dummy(f"u_{a.func}", positive=True) for a in undefined}
    if not all(signs[a.func] for a in undefined):
        for g in [g for _, g in parts] + [w for w, _, _ in facts]:
            if not _finite_at_zero(_pointwise(g, x, values), values):
                return f"{g} has no finite value where the density is 0"

    def spanned(g: sympy.Expr, given: tuple[sympy.Expr, ...]) -> bool:
        coefficients = tuple(sympy.sympify(a) for a in given)
        if len(coefficients) != len(facts) or any(
            a.has(_T, AppliedUndef, sympy.Integral) for a in coefficients
        ):
            return False
        moments = sympy.Add(*(a * w for a, (w, _, _) in zip(coefficients, facts, strict=True)))
        return vanishes(_pointwise(g - moments, x, values))

    # Linearity needs finite integrals: stated ones, and those spanned by stated ones.
    known = {w for w, _, _ in facts}
    known |= {g for g, coefficients in cert.finite if spanned(g, coefficients)}
    if sum(1 for _, g in parts if g not in known) > 1:
        return "more than one integral is not a stated finite value (∞ − ∞ is not 0)"
    if not spanned(sympy.Add(*(c * g for c, g in parts)), cert.coefficients):
        return "the integrands do not agree pointwise"
    stated = sympy.Add(*(a * v for a, (_, _, v) in zip(cert.coefficients, facts, strict=True)))
    if not vanishes(constant + stated):
        return "the constants do not cancel with the stated moments"
    return None


def _gibbs(
    rel: Relation, cert: DensityGibbs, vanishes: Vanishes, nonnegative: Nonnegative
) -> str | None:
    f, g, t = cert.density, cert.reference, cert.variable
    if not isinstance(f, AppliedUndef) or f.args != (t,) or not isinstance(t, sympy.Symbol):
        return "the density is not an undefined function of the variable"
    if g.has(AppliedUndef, sympy.Integral) or t.is_real is not True:
        return "the reference is not an explicit function of a real variable"
    x = _variable(cert.bounds)
    if x is None:
        return f"the interval {cert.bounds} is not ℝ or (0, ∞)"
    if f.func not in density_facts(rel.where):
        return f"{f} ≥ 0 is not stated"
    normalised = [
        m
        for m in moment_facts(rel.where)
        if m[1] == cert.bounds and m[0] == f.xreplace({t: _T}) and vanishes(m[2] - 1)
    ]
    if not normalised:
        return f"∫ {f} = 1 over {cert.bounds} is not stated"
    if not nonnegative(g.xreplace({t: x}), True):
        return f"{g} is not provably > 0 on the interval"
    mass = sympy.integrate(g.xreplace({t: x}), (x, *cert.bounds))
    if mass.has(sympy.Integral) or not nonnegative(1 - mass, False):
        return f"∫ {g} ≤ 1 is not proved"
    if not nonnegative(cert.coefficient, False) or not nonnegative(cert.rest, False):
        return "the coefficient or the rest is not provably ≥ 0"
    if cert.coefficient.has(t, AppliedUndef) or cert.rest.has(sympy.Integral, t, AppliedUndef):
        return "the coefficient or the rest depends on the variable or the density"
    divergence = sympy.Integral(f * sympy.log(f / g), (t, *cert.bounds))
    gap = rel.difference - cert.coefficient * divergence - cert.rest
    # Integrals stay atoms (expand would rewrite their integrands), so this is literal.
    atoms = {i: sympy.Dummy("J") for i in gap.atoms(sympy.Integral)}
    if sympy.expand(gap.xreplace(atoms)) == 0:
        return None
    if cert.link is None:
        return "lhs − rhs is not the stated multiple of the divergence"
    return _linear(gap, rel, cert.link, vanishes)


def check_integrals(
    rel: Relation, certificate: object, vanishes: Vanishes, nonnegative: Nonnegative
) -> str | None:
    """Why ``certificate`` does not prove ``rel`` (None: it does)."""
    if isinstance(certificate, MomentLinear):
        return _linear(rel.difference, rel, certificate, vanishes)
    if isinstance(certificate, DensityGibbs):
        return _gibbs(rel, certificate, vanishes, nonnegative)
    return f"no checker for {certificate!r}"
