"""log Γ and ψ that stay unevaluated for large exact arguments, and exact-then-round evaluation.

SymPy expands ``digamma(10**5)`` into a harmonic number (an exact rational with ~400,000 digits:
minutes) and ``loggamma(100001/2)`` into the log of a huge factorial (seconds). Here the closed
forms use :func:`lg` and :func:`psi`, which keep such values as nodes that ``evalf`` computes with
mpmath in microseconds; small or symbolic arguments get SymPy's own functions. Their class names
are ``loggamma`` / ``digamma`` so that they print and lambdify exactly like SymPy's.

:func:`exact_then_round` evaluates a closed form of Float parameters through the exact binary
values of those Floats, so cancellation (Gamma entropy at concentration 1e12, Bernoulli KL at
p = 1e-12) costs nothing: SymPy's ``evalf`` raises its working precision until the result is
accurate::

    >>> psi(sympy.Integer(10)**5).evalf(8)
    11.512920
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import mpmath
import sympy
from mpmath.libmp import prec_to_dps

__all__ = ["exact_then_round", "lg", "plain_special", "psi", "rpow"]

#: exact arguments beyond this are not expanded into harmonic numbers or factorials
_LARGE = 40


def _large_number(z: sympy.Expr) -> bool:
    return bool(z.is_Rational and (abs(z) > _LARGE or z.q > 2))


def _mp_evalf(fn: Callable[[Any], Any], arg: sympy.Expr, prec: int) -> sympy.Float | None:
    z = arg.evalf(prec_to_dps(prec) + 10)
    if not z.is_Number:
        return None
    with mpmath.workprec(prec + 20):
        value = fn(mpmath.mpf(str(z)))
    return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))


class loggamma(sympy.loggamma):  # noqa: N801  # prints and lambdifies as SymPy's loggamma
    """log Γ(z) kept unevaluated for large exact z."""

    @classmethod
    def eval(cls, z: sympy.Expr) -> sympy.Expr | None:
        return None if _large_number(z) else sympy.loggamma(z)

    def _eval_evalf(self, prec: int) -> sympy.Float | None:
        return _mp_evalf(mpmath.loggamma, self.args[0], prec)


class digamma(sympy.digamma):  # noqa: N801  # prints and lambdifies as SymPy's digamma
    """ψ(z) kept unevaluated for large exact z."""

    @classmethod
    def eval(cls, z: sympy.Expr) -> sympy.Expr | None:
        return None if _large_number(z) else sympy.digamma(z)

    def _eval_evalf(self, prec: int) -> sympy.Float | None:
        return _mp_evalf(mpmath.digamma, self.args[0], prec)

    # SymPy's digamma answers these through polygamma(0, z), which expands a large exact z into
    # a harmonic number (minutes for z = 10**10): decided here from z alone.
    def _eval_is_real(self) -> bool | None:
        return True if self.args[0].is_positive else None

    def _eval_is_positive(self) -> bool | None:
        z = self.args[0]  # ψ is increasing on (0, ∞) with its zero at 1.4616…
        if z.is_Rational and z.is_positive:
            return True if z >= sympy.Rational(3, 2) else (False if z <= 1 else None)
        return None

    def _eval_is_negative(self) -> bool | None:
        positive = self._eval_is_positive()
        return None if positive is None else not positive

    def _eval_expand_func(self, **hints: Any) -> sympy.Expr:
        return self

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.polygamma(1, self.args[0])


def lg(z: sympy.Expr) -> sympy.Expr:
    """log Γ(z): SymPy's for symbolic or small arguments, an unexpanded node for large ones."""
    z = sympy.sympify(z)
    return loggamma(z) if _large_number(z) else sympy.loggamma(z)


def psi(z: sympy.Expr) -> sympy.Expr:
    """ψ(z): SymPy's for symbolic or small arguments, an unexpanded node for large ones."""
    z = sympy.sympify(z)
    return digamma(z) if _large_number(z) else sympy.digamma(z)


def rpow(base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
    """base**exponent, left unevaluated for a rational base and a non-integer rational exponent.

    SymPy looks for exact roots of r**(p/q), factoring r's numerator and denominator: with the
    40-digit rationals that Float parameters become, that takes minutes. N() evaluates it at once.

    >>> rpow(sympy.Rational(3, 2), sympy.Rational(1, 3))
    (3/2)**(1/3)
    """
    base, exponent = sympy.sympify(base), sympy.sympify(exponent)
    exact = base.is_Rational and exponent.is_Rational and not exponent.is_Integer
    result: sympy.Expr = sympy.Pow(base, exponent, evaluate=not exact)
    return result


def plain_special(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with the unexpanded nodes replaced by SymPy's own functions (for proofs)."""
    return expr.replace(
        lambda e: isinstance(e, (loggamma, digamma)),
        lambda e: (sympy.loggamma if isinstance(e, loggamma) else sympy.digamma)(
            e.args[0], evaluate=False
        ),
    )


_R = TypeVar("_R", bound=Callable[..., sympy.Expr])


def _exact(d: sympy.Basic) -> sympy.Basic:
    from ._base import Family

    # A Categorical's Floats need not sum to 1 exactly once made exact: left as they are.
    floats = d.atoms(sympy.Float) if isinstance(d, Family) else set()
    return d.xreplace({f: sympy.Rational(f) for f in floats}) if floats else d


def exact_then_round(rule: _R) -> _R:
    """Wrap a closed-form rule: Float parameters are made exact, the result rounded to 15 digits."""

    def wrapped(*dists: sympy.Basic) -> sympy.Expr:
        if not any(d.has(sympy.Float) for d in dists):
            return rule(*dists)
        from ..measures import Measure

        exact = rule(*(_exact(d) for d in dists))
        if exact is None or exact.free_symbols or exact.has(Measure):
            return rule(*dists)  # not a number: keep the parameters as the user wrote them
        if exact.has(sympy.oo, sympy.zoo, sympy.nan):
            return exact
        rounded: sympy.Expr = sympy.N(exact, 15)
        return rounded

    wrapped.__name__ = getattr(rule, "__name__", "rule")
    wrapped.__doc__ = rule.__doc__
    return wrapped  # type: ignore[return-value]
