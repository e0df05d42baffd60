"""Validation of probability vectors and densities, and the domain facts they leave behind.

What can be decided is decided (a negative probability, a sum that is never 1, a density that is
negative somewhere or integrates to 2 is rejected, naming the value); what cannot be decided is
recorded as a fact (``Eq(a + b, 1)``, ``Eq(a, 1)``) that claims list as an assumption::

    >>> import sympy
    >>> p = sympy.Symbol("p")
    >>> probability_facts((p, 1 - p))
    (p >= 0, p <= 1, 1 - p >= 0)
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from ._atoms import Distribution, Measure
from ._budget import run_bounded
from .errors import InvalidDistributionError

__all__ = [
    "DENSITY_BUDGET",
    "FLOAT_SUM_TOLERANCE",
    "check_density",
    "probability_facts",
    "validate_probs",
]

#: Tolerance for floating-point probabilities summing to one.
FLOAT_SUM_TOLERANCE = 1e-12
#: CPU seconds for SymPy to decide a symbolic sum or a density's integral before the constraint
#: is recorded as an assumption instead.
DENSITY_BUDGET = 2.0

_SUM_FACTS: dict[tuple[sympy.Expr, ...], sympy.Basic | None] = {}
_DENSITY_FACTS: dict[tuple[sympy.Basic, ...], tuple[sympy.Basic, ...]] = {}


def _has_measure(expr: sympy.Basic) -> bool:
    return bool(expr.has(Distribution, Measure))


def _invalid(message: str, raw: object, index: int, shown: str) -> InvalidDistributionError:
    return InvalidDistributionError(f"{message}, got {raw!r} at position {index} in {shown}")


def validate_probs(probs: Sequence[sympy.Expr], raw: Sequence[object], shown: str) -> None:
    """Reject what is decidably not a probability vector; the rest becomes domain facts."""
    if not probs:
        raise InvalidDistributionError("a distribution needs at least one outcome, got []")
    for index, value in enumerate(probs, start=1):
        shown_value = raw[index - 1] if isinstance(raw[index - 1], (int, float)) else value
        if _has_measure(value):
            raise InvalidDistributionError(
                f"a probability must be a number or an expression in symbols, not a distribution "
                f"or measure, got {value} at position {index} in {shown}"
            )
        if value.has(sympy.nan) or value.has(sympy.zoo) or (value.is_number and value.is_infinite):
            raise _invalid("probabilities must be finite numbers", shown_value, index, shown)
        if value.is_extended_real is False:
            raise _invalid("probabilities must be real", shown_value, index, shown)
        if value.is_extended_negative:
            raise _invalid("probabilities must be non-negative", shown_value, index, shown)
        # No assumption makes a bare symbol exceed 1, and asking SymPy costs ~10 ms a symbol.
        if not isinstance(value, sympy.Symbol) and (value - 1).is_extended_positive:
            raise _invalid("probabilities must be at most 1", shown_value, index, shown)
    total = sympy.Add(*probs)
    if not total.is_number:
        total = sympy.expand(total)
    if total.is_number:
        if any(v.has(sympy.Float) for v in probs):
            if abs(float(total) - 1.0) > FLOAT_SUM_TOLERANCE:
                raise InvalidDistributionError(
                    f"probabilities must sum to 1, got {float(total):.15g} for {shown}"
                )
        elif sympy.simplify(total - 1) != 0:
            raise InvalidDistributionError(f"probabilities must sum to 1, got {total} for {shown}")
        return
    if _sum_constraint(tuple(probs)) is sympy.false:
        raise InvalidDistributionError(
            f"probabilities must sum to 1, got {total} for {shown}, which is never 1 for the "
            "symbols' declared assumptions"
        )


def _sum_constraint(probs: tuple[sympy.Expr, ...]) -> sympy.Basic | None:
    """None when Σ probs = 1 is proved; ``false`` when it never holds; else ``Eq(Σ, 1)``."""
    if probs in _SUM_FACTS:
        return _SUM_FACTS[probs]
    total = sympy.Add(*probs)
    result: sympy.Basic | None
    if total.is_number:
        result = None  # validated exactly (or within float tolerance) at construction
    else:
        difference = sympy.expand(total - 1)
        distinct_symbols = all(isinstance(v, sympy.Symbol) for v in probs) and len(
            set(probs)
        ) == len(probs)
        if difference == 0:
            result = None
        elif distinct_symbols:
            result = sympy.Eq(total, 1, evaluate=False)
        else:
            simplified = run_bounded(lambda: sympy.simplify(difference), DENSITY_BUDGET)
            if simplified is not None and simplified == 0:
                result = None
            elif (simplified if simplified is not None else difference).is_zero is False:
                result = sympy.false
            else:
                result = sympy.Eq(total, 1, evaluate=False)
    _SUM_FACTS[probs] = result
    return result


def probability_facts(probs: Sequence[sympy.Expr]) -> tuple[sympy.Basic, ...]:
    """Each symbolic probability ≥ 0 (a bare symbol also ≤ 1), and Σ = 1 unless proved."""
    facts: list[sympy.Basic] = []
    for value in probs:
        if value.is_number:
            continue
        # Built unevaluated: asking SymPy whether p_k <= 1 costs ~10 ms a symbol, and no
        # assumption settles it for a bare symbol anyway.
        if value.is_extended_nonnegative is not True:
            facts.append(sympy.Ge(value, 0, evaluate=False))
        if isinstance(value, sympy.Symbol):
            facts.append(sympy.Le(value, 1, evaluate=False))
    constraint = _sum_constraint(tuple(probs))
    if constraint is not None and constraint is not sympy.false:
        facts.append(constraint)
    return tuple(dict.fromkeys(facts))


# --- densities -------------------------------------------------------------------------------


def _mp(value: sympy.Expr) -> object:
    import mpmath

    if value is sympy.oo:
        return mpmath.inf
    if value is sympy.S.NegativeInfinity:
        return -mpmath.inf
    return mpmath.mpf(str(sympy.N(value, 30)))


def _probe_points(lo: sympy.Expr, hi: sympy.Expr) -> list[sympy.Expr]:
    """Interior points of (lo, hi) at which a density's sign is probed."""
    steps = [sympy.Rational(1, 1000), *(sympy.Rational(k, 16) for k in range(1, 16))]
    steps.append(1 - sympy.Rational(1, 1000))
    spread = [sympy.Integer(2) ** k for k in range(-4, 7)]
    if lo.is_finite and hi.is_finite:
        return [lo + (hi - lo) * t for t in steps]
    if lo.is_finite:
        return [lo + d for d in spread]
    if hi.is_finite:
        return [hi - d for d in reversed(spread)]
    return [*(-d for d in reversed(spread)), sympy.S.Zero, *spread]


def _check_sign(
    pdf: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr
) -> tuple[sympy.Basic, ...]:
    """Reject a pdf that is decidably negative or complex; with free parameters, return the
    necessary condition ``Min(pdf at the probe points) >= 0`` unless SymPy proves it."""
    where = f"on its support ({lo}, {hi})"
    if lo.is_nonnegative:
        inside = sympy.Dummy("x", positive=True)
    elif hi.is_nonpositive:
        inside = sympy.Dummy("x", negative=True)
    else:
        inside = sympy.Dummy("x", real=True)
    if pdf.xreplace({x: inside}).is_extended_negative:
        raise InvalidDistributionError(f"a density must be non-negative {where}, got {pdf} < 0")
    factor, shape = pdf.as_independent(x, as_Add=False)
    if factor.free_symbols and shape.xreplace({x: inside}).is_extended_positive:
        # c·g(x) with g > 0: the condition is on c alone.
        if factor.is_extended_negative:
            raise InvalidDistributionError(
                f"a density must be non-negative {where}, got {pdf} with {factor} < 0"
            )
        nonnegative = sympy.Ge(factor, 0)
        return () if nonnegative is sympy.true else (nonnegative,)
    if not (lo.is_number and hi.is_number):
        return ()
    undecided: list[sympy.Expr] = []
    for point in _probe_points(lo, hi):
        value = pdf.xreplace({x: point})
        if value.free_symbols:
            if value.is_extended_negative:
                raise InvalidDistributionError(
                    f"a density must be non-negative {where}, got {pdf} = {value} < 0 "
                    f"at {x} = {point}"
                )
            if value.is_extended_nonnegative is not True:
                undecided.append(value)
            continue
        approx = sympy.N(value, 30)
        if approx.has(sympy.nan, sympy.zoo) or not approx.is_number:
            continue
        if approx.is_extended_real is False and abs(sympy.im(approx)) > 1e-20:
            raise InvalidDistributionError(
                f"a density must be real {where}, got {pdf} = {approx} at {x} = {point}"
            )
        if approx.is_extended_real and approx < 0:
            raise InvalidDistributionError(
                f"a density must be non-negative {where}, got {pdf} = {value} at {x} = {point}"
            )
    if not undecided:
        return ()
    # A necessary condition on the parameters (a density is ≥ 0 at these points): sound to
    # assume. Five points spread over the support keep the listed assumption readable.
    chosen = list(dict.fromkeys(undecided))
    if len(chosen) > 5:
        chosen = [chosen[round(k * (len(chosen) - 1) / 4)] for k in range(5)]
    smallest = chosen[0] if len(chosen) == 1 else sympy.Min(*chosen, evaluate=False)
    return (sympy.Ge(smallest, 0, evaluate=False),)


def _numeric_mass(pdf: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr) -> None:
    import mpmath

    f = sympy.lambdify(x, pdf, modules="mpmath")
    with mpmath.workdps(20):
        try:
            total = mpmath.quad(f, [_mp(lo), _mp(hi)])
        except (ValueError, TypeError, ZeroDivisionError, OverflowError):
            return
        if isinstance(total, mpmath.mpc) or abs(total - 1) > mpmath.mpf("1e-8"):
            raise InvalidDistributionError(
                f"a density must integrate to 1, got {mpmath.nstr(total, 10)} for {pdf}"
                f" on ({lo}, {hi})"
            )


def _gaussian_mass(pdf: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """∫ over the line of Σ c·exp(a x² + b x + d) with a < 0, in closed form (None otherwise).

    SymPy's integrate needs up to seconds for a shifted Gaussian; the textbook formula
    c·√(π/−a)·exp(d − b²/4a) is exact, so densities built from Gaussians are proved at once.
    """
    total = sympy.S.Zero
    for term in sympy.Add.make_args(sympy.expand(pdf, deep=False)):
        coefficient, rest = term.as_independent(x, as_Add=False)
        if not isinstance(rest, sympy.exp):
            return None
        try:
            poly = sympy.Poly(sympy.expand(rest.args[0]), x)
        except sympy.PolynomialError:
            return None
        if poly.degree() != 2:
            return None
        a, b, d = poly.all_coeffs()
        if a.is_negative is not True:
            return None
        total += coefficient * sympy.sqrt(sympy.pi / -a) * sympy.exp(d - b**2 / (4 * a))
    return total


def _exact_mass(
    pdf: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr
) -> sympy.Expr | None:
    if lo is sympy.S.NegativeInfinity and hi is sympy.oo:
        gaussian = _gaussian_mass(pdf, x)
        if gaussian is not None:
            return gaussian

    def integrate() -> sympy.Expr:
        # Constant factors outside: SymPy is much faster on exp(-x) than on a*exp(-x).
        total = sympy.S.Zero
        for term in sympy.Add.make_args(pdf):
            factor, rest = term.as_independent(x, as_Add=False)
            total += factor * sympy.integrate(rest, (x, lo, hi))
        return total

    try:
        mass = run_bounded(integrate, DENSITY_BUDGET)
    except (ValueError, TypeError, NotImplementedError, ZeroDivisionError, RecursionError):
        return None
    if mass is None or mass.has(sympy.Integral, sympy.nan, sympy.zoo):
        return None
    return mass


def check_density(
    pdf: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr
) -> tuple[sympy.Basic, ...]:
    """Reject a pdf that is not a density; return the facts its normalisation rests on.

    ``()`` when ∫ pdf = 1 is proved; ``(Eq(mass, 1),)`` when it holds only for some parameter
    values (``a*exp(-x)`` on (0, ∞) records ``Eq(a, 1)``) or could not be decided in
    :data:`DENSITY_BUDGET` seconds (``Eq(Integral(pdf, (x, lo, hi)), 1)``). With free
    parameters, ``Min(pdf at probe points) >= 0`` comes first unless SymPy proves it.
    """
    key = (pdf, x, lo, hi)
    if key in _DENSITY_FACTS:
        return _DENSITY_FACTS[key]
    shown = f"{pdf} on ({lo}, {hi})"
    if pdf.has(sympy.nan, sympy.zoo) or (pdf.is_number and pdf.is_infinite):
        raise InvalidDistributionError(f"a density must be finite, got {shown}")
    if _has_measure(pdf):
        raise InvalidDistributionError(
            f"a density must be an expression in its variable, not a distribution, got {shown}"
        )
    if pdf.is_extended_real is False:
        raise InvalidDistributionError(f"a density must be real, got {shown}")
    sign_facts = _check_sign(pdf, x, lo, hi)
    parametric = bool(pdf.free_symbols - {x}) or not (lo.is_number and hi.is_number)
    if not parametric:
        _numeric_mass(pdf, x, lo, hi)
    mass = _exact_mass(pdf, x, lo, hi)
    facts: tuple[sympy.Basic, ...]
    if mass is None or mass.has(sympy.Piecewise):
        facts = (sympy.Eq(sympy.Integral(pdf, (x, lo, hi)), 1, evaluate=False),)
    else:
        difference = sympy.simplify(mass - 1)
        if difference == 0:
            facts = ()
        elif difference.is_zero is False:
            raise InvalidDistributionError(
                f"a density must integrate to 1, got {mass} for {shown}"
                + (", which is never 1 for the symbols' declared assumptions" if parametric else "")
            )
        else:
            facts = (sympy.Eq(mass, 1, evaluate=False),)
    facts = (*sign_facts, *facts)
    _DENSITY_FACTS[key] = facts
    return facts
