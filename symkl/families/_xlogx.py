"""x·log x with 0·log 0 = 0 as one SymPy function node, so that lambdified entropies are stable.

A Bernoulli entropy −p log p − (1 − p) log(1 − p), lambdified to NumPy, is 0·(−∞) = nan at a
float p of 0.0 or 1.0, where the entropy is 0. Written with :class:`XLogX`, NumPy evaluates
``where(x == 0, 0, x·log x)``; symbolically the node prints as x·log(x), differentiates as
log x + 1, and the proofs see x·log(x) (``rewrite(Sum)``, used by ``expand_series``).

>>> XLogX(sympy.Symbol("p", positive=True)).rewrite(sympy.Sum)
p*log(p)

:class:`XLog1mX` is (1 − p)·log(1 − p) in the same way, evaluated as (1 − p)·log1p(−p): written
as XLogX(1 − p), a lambdified Bernoulli entropy at p = 1e-12 lost 7.7e-7 relative (1 − p is
rounded before its logarithm is taken).
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import sympy
from mpmath.libmp import prec_to_dps

__all__ = ["XLog1mRatio", "XLog1mX", "XLogRatio", "XLogX"]


def _apply(x: Any) -> Any:
    if isinstance(x, (np.ndarray, np.floating)):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, x)))
    if isinstance(x, (mpmath.mpf, mpmath.mpc)):
        return mpmath.mpf(0) if x == 0 else x * mpmath.log(x)
    value = float(x)
    return 0.0 if value == 0 else value * float(np.log(value))


class XLogX(sympy.Function):
    """x·log x, with the value 0 at x = 0."""

    nargs = 1
    series_node = True  # expand_series rewrites it to x·log(x)
    _imp_ = staticmethod(_apply)

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_zero:
            return sympy.S.Zero
        if x.is_number:
            return x * sympy.log(x)
        return None

    def _eval_is_real(self) -> bool | None:
        nonnegative: bool | None = self.args[0].is_nonnegative
        return nonnegative

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.log(self.args[0]) + 1

    def _eval_rewrite_as_Sum(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return x * sympy.log(x)

    def _eval_rewrite_as_log(self, x: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return x * sympy.log(x)

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        x = self.args[0].evalf(prec)
        if not x.is_Number:
            return None
        return sympy.S.Zero if x.is_zero else (x * sympy.log(x)).evalf(prec)

    def _sympystr(self, printer: Any) -> str:
        return str(printer._print(self.args[0] * sympy.log(self.args[0])))

    def _latex(self, printer: Any, exp: Any = None) -> str:
        body = printer._print(self.args[0] * sympy.log(self.args[0]))
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"


class _PrintsPlain(sympy.Function):
    """A node that stands for its written-out form :meth:`_plain`: rewrites to it as a ``Sum``
    (for the proofs) and prints as it; the numeric paths use the node's stable evaluation."""

    def _plain(self) -> sympy.Expr:
        raise NotImplementedError

    @property
    def precedence(self) -> int:
        """The plain form's: a sum inside a product or after a minus is printed in parentheses."""
        from sympy.printing.precedence import precedence

        return int(precedence(self._plain()))

    def _eval_rewrite_as_Sum(self, *args: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self._plain()

    def _sympystr(self, printer: Any) -> str:
        return str(printer._print(self._plain()))

    def _latex(self, printer: Any, exp: Any = None) -> str:
        body = printer._print(self._plain())
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"


class _WrittenOut(_PrintsPlain):
    """A :class:`_PrintsPlain` that also rewrites to its plain form as a ``log``; the numeric
    paths use the node's stable ``_imp_``."""

    def _eval_rewrite_as_log(self, *args: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self._plain()


class _WrittenOutPair(_WrittenOut):
    """A two-argument :class:`_WrittenOut` evaluated by its ``_imp_`` at 20 guard bits."""

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        a, b = (x.evalf(prec + 20) for x in self.args)
        if not (a.is_Number and b.is_Number):
            return None
        with mpmath.workprec(prec + 20):
            value = type(self)._imp_(mpmath.mpf(str(a)), mpmath.mpf(str(b)))
        if mpmath.isinf(value):
            return sympy.oo
        return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))


def _apply_1m(a: Any, b: Any = 0.0) -> Any:
    """(1 − a)·log((1 − a)/(1 − b)) by log1p, with 0 at a = 1 and +∞ at b = 1 > a."""
    if isinstance(a, (np.ndarray, np.floating)) or isinstance(b, (np.ndarray, np.floating)):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
        with np.errstate(divide="ignore", invalid="ignore"):
            body = (1 - a) * (np.log1p(-np.where(a == 1, 0.0, a)) - np.log1p(-b))
            out = np.where(a == 1, 0.0, np.where(b == 1, np.inf, body))
        return out[()] if out.shape == () else out
    if isinstance(a, (mpmath.mpf, mpmath.mpc)) or isinstance(b, (mpmath.mpf, mpmath.mpc)):
        if a == 1:
            return mpmath.mpf(0)
        return mpmath.inf if b == 1 else (1 - a) * (mpmath.log1p(-a) - mpmath.log1p(-b))
    a, b = float(a), float(b)
    if a == 1:
        return 0.0
    return math.inf if b == 1 else (1 - a) * (math.log1p(-a) - math.log1p(-b))


class XLog1mX(_WrittenOut):
    """(1 − p)·log(1 − p), with the value 0 at p = 1, evaluated by log1p (exact near p = 0).

    >>> XLog1mX(sympy.Symbol("p", positive=True))
    (1 - p)*log(1 - p)
    """

    nargs = 1
    series_node = True  # expand_series rewrites it to (1 − p)·log(1 − p)
    _imp_ = staticmethod(_apply_1m)

    @classmethod
    def eval(cls, p: sympy.Expr) -> sympy.Expr | None:
        if (p - 1).is_zero:
            return sympy.S.Zero
        if p.is_number:
            return (1 - p) * sympy.log(1 - p)
        return None

    def _eval_is_real(self) -> bool | None:
        below: bool | None = (1 - self.args[0]).is_nonnegative
        return below

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return -sympy.log(1 - self.args[0]) - 1

    def _plain(self) -> sympy.Expr:
        p = self.args[0]
        return (1 - p) * sympy.log(1 - p)

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        p = self.args[0].evalf(prec)
        if not p.is_Number:
            return None
        with mpmath.workprec(prec + 20):
            value = _apply_1m(mpmath.mpf(str(p.evalf(prec + 20))))
        return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))


class XLog1mRatio(_WrittenOutPair):
    """(1 − a)·log((1 − a)/(1 − b)): 0 at a = 1, +∞ at b = 1 > a, evaluated by log1p.

    >>> a, b = sympy.symbols("a b", positive=True)
    >>> XLog1mRatio(a, b)
    (1 - a)*log((1 - a)/(1 - b))
    """

    nargs = 2
    series_node = True  # expand_series rewrites it to (1 − a)·log((1 − a)/(1 − b))
    _imp_ = staticmethod(_apply_1m)

    @classmethod
    def eval(cls, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
        if (a - 1).is_zero:
            return sympy.S.Zero
        if a.is_number and b.is_number:
            return sympy.oo if (b - 1).is_zero else (1 - a) * sympy.log((1 - a) / (1 - b))
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        a, b = self.args
        if argindex == 1:
            return -sympy.log((1 - a) / (1 - b)) - 1
        return (1 - a) / (1 - b)

    def _plain(self) -> sympy.Expr:
        a, b = self.args
        return (1 - a) * sympy.log((1 - a) / (1 - b))


def _apply_ratio(a: Any, b: Any) -> Any:
    """a·log(a/b) with 0 at a = 0 and +∞ at b = 0 < a."""
    if isinstance(a, (np.ndarray, np.floating)) or isinstance(b, (np.ndarray, np.floating)):
        a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
        with np.errstate(divide="ignore", invalid="ignore"):
            body = a * (np.log(np.where(a == 0, 1.0, a)) - np.log(b))
            out = np.where(a == 0, 0.0, np.where(b == 0, np.inf, body))
        return out[()] if out.shape == () else out
    if isinstance(a, (mpmath.mpf, mpmath.mpc)) or isinstance(b, (mpmath.mpf, mpmath.mpc)):
        if a == 0:
            return mpmath.mpf(0)
        return mpmath.inf if b == 0 else a * (mpmath.log(a) - mpmath.log(b))
    a, b = float(a), float(b)
    if a == 0:
        return 0.0
    return math.inf if b == 0 else a * (math.log(a) - math.log(b))


class XLogRatio(_WrittenOutPair):
    """a·log(a/b) with 0·log(0/b) = 0, also lambdified (NumPy gives 0·(−∞) = nan).

    >>> a, b = sympy.symbols("a b", positive=True)
    >>> XLogRatio(a, b)
    a*log(a/b)
    """

    nargs = 2
    series_node = True  # expand_series rewrites it to a·log(a/b)
    _imp_ = staticmethod(_apply_ratio)

    @classmethod
    def eval(cls, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
        if a.is_zero:
            return sympy.S.Zero
        if a.is_number and b.is_number:
            return sympy.oo if b.is_zero else a * sympy.log(a / b)
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        a, b = self.args
        return sympy.log(a / b) + 1 if argindex == 1 else -a / b

    def _plain(self) -> sympy.Expr:
        a, b = self.args
        return a * sympy.log(a / b)
