"""Deciding that a derived measure equals a claimed closed form, as the proofs need it.

The difference must vanish after log rules on provably positive arguments only, with parameters
replaced by dummies carrying their domains (probabilities as u/(1+u), u > 0), splitting |e| into
the cases e > 0, e < 0 and e = 0 when needed.

>>> from sympy import Symbol, log
>>> from symkl.families._prove_equal import vanishes
>>> s = Symbol("s", positive=True)
>>> vanishes(log(2 * s) - log(s) - log(2))
True
"""

from __future__ import annotations

import sympy

from ._base import Domain, Family
from ._prove_moments import odds
from ._series import expand_series
from ._special import plain_special

__all__ = ["domain_dummies", "equal_forms", "normal_form", "vanishes"]


# --- deciding that the difference vanishes ----------------------------------------------------


def domain_dummies(expr: sympy.Expr, dists: list[Family]) -> sympy.Expr:
    mapping: dict[sympy.Basic, sympy.Expr] = {}
    for d in dists:
        if len(d.params) != len(d.args):  # vector families carry no scalar parameter specs
            continue
        for spec, value in zip(d.params, d.args, strict=True):
            if not isinstance(value, sympy.Symbol) or value in mapping:
                continue
            if spec.domain is Domain.UNIT:
                mapping[value] = odds(value)[0]
            elif d.increasing is not None and value is d.args[d.increasing[1]]:
                below = d.args[d.increasing[0]]  # low < high: high = low + width, width > 0
                low = mapping.get(below, below)
                mapping[value] = low + sympy.Dummy("width", positive=True)
            elif spec.domain is Domain.REAL and value.is_real is not True:
                mapping[value] = sympy.Dummy(value.name, real=True)
    return expr.xreplace(mapping)


#: the most terms a sum over a given integer range is written out with, term by term
_MOST_TERMS = 64


def _written_out(s: sympy.Sum) -> sympy.Expr:
    """Σ_{k=a}^{b} g(k) over given integers a ≤ b as g(a) + … + g(b), else ``s`` as it is
    (Binomial(5, p)'s E[log C(5, k)] against its six terms summed one by one).

    >>> k = sympy.Symbol("k", integer=True)
    >>> _written_out(sympy.Sum(k**2, (k, 1, 3)))
    14
    """
    if len(s.limits) != 1:
        return s
    k, a, b = s.limits[0]
    if not (a.is_Integer and b.is_Integer) or not 0 <= b - a <= _MOST_TERMS:
        return s
    return sympy.Add(*(s.function.xreplace({k: sympy.Integer(j)}) for j in range(a, b + 1)))


def normal_form(expr: sympy.Expr, notes: list[str] | None = None) -> sympy.Expr:
    expr = plain_special(expand_series(expr))  # series by their definition; SymPy's ψ, log Γ
    if expr.has(sympy.Sum):
        expr = expr.replace(lambda e: isinstance(e, sympy.Sum), _written_out)
    if expr.has(sympy.lowergamma, sympy.uppergamma):  # Γ(s, z) = Γ(s) − γ(s, z), then recurse
        expr = expr.replace(
            lambda e: isinstance(e, sympy.uppergamma),
            lambda e: sympy.gamma(e.args[0]) - sympy.lowergamma(*e.args),
        )
        expr = sympy.expand_func(expr)
    expr = expr.rewrite(sympy.gamma) if expr.has(sympy.beta) else expr
    expr = sympy.expand(sympy.expand_log(expr, deep=True, force=False))
    # log Γ(z) = loggamma(z) for z > 0 (SymPy keeps the two apart)
    expr = expr.replace(
        lambda e: (
            isinstance(e, sympy.log)
            and isinstance(e.args[0], sympy.gamma)
            and e.args[0].args[0].is_positive is True
        ),
        lambda e: sympy.loggamma(e.args[0].args[0]),
    )
    # e^{±log Γ(z)} = Γ(z)^{±1} for z > 0, where log Γ is real (a normaliser written
    # exp(log Γ(a) − log Γ(b)), Student's t's, against the Γ(b)/Γ(a) its integral gives)
    expr = expr.replace(_exp_of_log_gamma, _power_of_gamma)
    expr = sympy.expand(expr)
    return _cancel_sums(expr, notes) if expr.has(sympy.Sum) else expr


def _log_binomial(e: sympy.log) -> sympy.Expr:
    """log C(x, k) = log Γ(x + 1) − log Γ(k + 1) − log Γ(x − k + 1) for an integer k ≥ 0 (then
    C(x, k) = x(x − 1)…(x − k + 1)/k!), where the three arguments are provably positive; else
    ``e`` as it is."""
    inner = e.args[0]
    if not isinstance(inner, sympy.binomial):
        return e
    x, k = inner.args
    if k.is_integer is not True or k.is_nonnegative is not True:
        return e
    parts = (x + 1, k + 1, x - k + 1)
    if not all(z.is_positive is True for z in parts):
        return e
    top, below, rest = (sympy.loggamma(z) for z in parts)
    return top - below - rest


def _cancel_sums(expr: sympy.Expr, notes: list[str] | None = None) -> sympy.Expr:
    """``expr`` without the sums over one range whose summands cancel term by term.

    c₁·Σ_k f₁(k) + c₂·Σ_k f₂(k) with c₁f₁ + c₂f₂ = 0 for every k is 0 (the same series twice,
    with opposite signs: E[log C(k + r − 1, k)] derived from the log-density against the closed
    form's Σ P(k)·(log Γ(k + r) − log Γ(k + 1) − log Γ(r))). The index runs from the lower limit
    a up: it is written k = a + j, j a fresh non-negative integer, so what is known about k comes
    from the limits, not from the index symbol's own assumptions. Each cancellation is told in
    ``notes``.

    >>> k, r = sympy.Symbol("k", integer=True), sympy.Symbol("r", positive=True)
    >>> s = sympy.Sum(sympy.log(sympy.binomial(k + r - 1, k)) / 2**k, (k, 0, sympy.oo))
    >>> t = sympy.Sum((sympy.loggamma(k + r) - sympy.loggamma(k + 1) - sympy.loggamma(r)) / 2**k,
    ...               (k, 0, sympy.oo))
    >>> _cancel_sums(s - t + r)
    r
    """
    groups: dict[tuple[sympy.Expr, sympy.Expr], list[tuple[sympy.Expr, sympy.Expr]]] = {}
    rest: list[sympy.Expr] = []
    for term in sympy.Add.make_args(expr):
        coefficient, sums = term.as_independent(sympy.Sum, as_Add=False)
        if not isinstance(sums, sympy.Sum) or len(sums.limits) != 1:
            rest.append(term)
            continue
        k, a, b = sums.limits[0]
        # k ≥ a on the range only when b ≥ a (SymPy reads a range with b < a − 1 reversed)
        if a.is_integer is not True or (b - a).is_extended_nonnegative is not True:
            rest.append(term)
            continue
        summand = coefficient * sums.function.xreplace({k: a + _INDEX})
        groups.setdefault((a, b), []).append((term, summand))
    for members in groups.values():
        if len(members) > 1 and _zero_summand(sympy.Add(*(s for _, s in members))):
            if notes is not None and _SAME_SERIES not in notes:
                notes.append(_SAME_SERIES)
            continue
        rest += [term for term, _ in members]
    return sympy.Add(*rest)


_SAME_SERIES = (
    "sums over the same range compared term by term: their terms cancel for each k (log rules "
    "on positive arguments only; log C(x, k) = log Γ(x + 1) − log Γ(k + 1) − log Γ(x − k + 1) "
    "where the three arguments are positive)"
)
#: the index j ≥ 0 of a sum over a, a + 1, …, shared so that the summands of one range combine
_INDEX = sympy.Dummy("j", integer=True, nonnegative=True)


def _zero_summand(summand: sympy.Expr) -> bool:
    """Whether ``summand`` is 0 for each value of its index (log rules on positive arguments)."""
    out = normal_form(summand)
    if out == 0:
        return True
    out = out.replace(lambda e: isinstance(e, sympy.log), _log_binomial)
    out = normal_form(out)
    return bool(out == 0 or (sympy.count_ops(out) <= 200 and _simplified(out) == 0))


def _exp_of_log_gamma(e: sympy.Basic) -> bool:
    if not isinstance(e, sympy.exp):
        return False
    c, f = e.args[0].as_coeff_Mul()
    return c in (1, -1) and isinstance(f, sympy.loggamma) and f.args[0].is_positive is True


def _power_of_gamma(e: sympy.exp) -> sympy.Expr:
    c, f = e.args[0].as_coeff_Mul()
    result: sympy.Expr = sympy.gamma(f.args[0]) ** c
    return result


def _simplified(expr: sympy.Expr) -> sympy.Expr:
    """simplify, or ``expr`` itself where SymPy's piecewise_simplify fails on a condition that
    an Eq inside it already decided (it reads ``.lhs`` of a BooleanFalse)."""
    try:
        return sympy.simplify(expr)
    except AttributeError:
        return expr


#: the largest normal form (in operations) simplify is tried on: beyond it simplify may take
#: half a minute and fail
MOST_OPS = 400


def vanishes(
    expr: sympy.Expr, depth: int = 2, most_ops: int = MOST_OPS, notes: list[str] | None = None
) -> bool:
    out = normal_form(expr, notes)
    if out == 0:
        return True
    small = sympy.count_ops(out) <= most_ops
    # cases first when a Piecewise is left: simplify on one by cases (x·log x written 0 at
    # x = 0) can take half a minute and fail, where each case is a plain expression
    cases_first = out.has(sympy.Piecewise) and depth > 0
    if small and not cases_first and _simplified(out) == 0:
        return True
    if depth > 0 and _vanishes_by_cases(expr, out, depth):
        return True
    return small and cases_first and _simplified(out) == 0


def _vanishes_by_cases(expr: sympy.Expr, out: sympy.Expr, depth: int) -> bool:
    """|e| or a condition on e in ``out``: ``expr`` vanishes in the cases e > 0, e < 0, e = 0,
    found by solving e for a symbol (the first e that can be split)."""
    candidates = [node.args[0] for node in out.atoms(sympy.Abs)]
    candidates += [r.lhs - r.rhs for r in out.atoms(sympy.Rel)]
    for e in sorted(set(candidates), key=sympy.default_sort_key):
        for y in sorted(e.free_symbols, key=sympy.default_sort_key):
            slope = sympy.diff(e, y)
            if not slope.is_number or slope == 0:
                continue
            delta = sympy.Dummy("delta", positive=True)
            cases = []
            for value in (delta, -delta, sympy.S.Zero):
                solutions = sympy.solve(sympy.Eq(e, value), y)
                if len(solutions) != 1:
                    break
                cases.append(expr.xreplace({y: solutions[0]}))
            if len(cases) == 3:
                return all(vanishes(c, depth - 1) for c in cases)
    return False


def _pieces(expr: sympy.Expr) -> list[tuple[sympy.Expr, sympy.Basic]]:
    if isinstance(expr, sympy.Piecewise):
        return [(e, c) for e, c in expr.args]
    return [(expr, sympy.true)]


def equal_forms(
    derived: sympy.Expr,
    claimed: sympy.Expr,
    dists: list[Family],
    notes: list[str] | None = None,
    most_ops: int = MOST_OPS,
) -> bool:
    """``derived`` = ``claimed`` piece by piece (simplify tried on normal forms of at most
    ``most_ops`` operations); what the decision used beyond log rules is told in ``notes``."""
    a, b = _pieces(derived), _pieces(claimed)
    if len(a) != len(b):
        return False
    for (ea, ca), (eb, cb) in zip(a, b, strict=True):
        if ca != cb:
            return False
        if ea is sympy.oo or eb is sympy.oo:
            if ea != eb:
                return False
            continue
        difference = domain_dummies(ea - eb, dists)
        if not (
            vanishes(difference, most_ops=most_ops, notes=notes) or _vanishes_where(difference, ca)
        ):
            return False
    return True


_INEQUALITIES = (
    sympy.GreaterThan,
    sympy.LessThan,
    sympy.StrictGreaterThan,
    sympy.StrictLessThan,
)


def _vanishes_where(expr: sympy.Expr, condition: sympy.Basic) -> bool:
    """``expr`` vanishes wherever ``condition`` (y ≥ c, or a conjunction of such) holds: with
    y = c + δ, δ > 0, and with y = c, for one relation of the conjunction (its region contains
    the conjunction's). A piece claimed on Uniform(low, high) ‖ Pareto(s, α)'s low ≥ s needs it:
    x·log x at x = low is low·log low only for low > 0, which s > 0 gives.

    >>> y, c = sympy.Symbol("y", real=True), sympy.Symbol("c", positive=True)
    >>> _vanishes_where(sympy.Abs(y) - y, sympy.Ge(y, c))
    True
    """
    parts = condition.args if isinstance(condition, sympy.And) else (condition,)
    if not parts or not all(isinstance(r, _INEQUALITIES) for r in parts):
        return False
    for relation in sorted(parts, key=sympy.default_sort_key):
        big, small = (
            (relation.lhs, relation.rhs)
            if isinstance(relation, (sympy.GreaterThan, sympy.StrictGreaterThan))
            else (relation.rhs, relation.lhs)
        )
        # a strict y > c holds at y = c + δ only; y ≥ c at y = c too
        strict = isinstance(relation, (sympy.StrictGreaterThan, sympy.StrictLessThan))
        # y ≥ c (or c ≥ y): y is the side that is a symbol not occurring in the other
        if isinstance(big, sympy.Symbol) and big not in small.free_symbols:
            y, shift = big, sympy.Dummy("delta", positive=True)
            cases = [small + shift] + ([] if strict else [small])
        elif isinstance(small, sympy.Symbol) and small not in big.free_symbols:
            y, shift = small, sympy.Dummy("delta", positive=True)
            cases = [big - shift] + ([] if strict else [big])
        else:
            continue
        if all(vanishes(expr.xreplace({y: value}), depth=1) for value in cases):
            return True
    return False
