"""x·log x with 0·log 0 = 0 as one SymPy function node, so that lambdified entropies are stable.

A Bernoulli entropy −p log p − (1 − p) log(1 − p), lambdified to NumPy, is 0·(−∞) = nan at a
float p of 0.0 or 1.0, where the entropy is 0. Written with :class:`XLogX`, NumPy evaluates
``where(x == 0, 0, x·log x)``; symbolically the node prints as x·log(x), differentiates as
log x + 1, and the proofs see x·log(x) (``rewrite(Sum)``, used by ``expand_series``).

>>> XLogX(sympy.Symbol("p", positive=True)).rewrite(sympy.Sum)
p*log(p)
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import sympy

__all__ = ["XLogX"]


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
