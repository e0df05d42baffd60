"""Expressions as one line of Unicode text with no Python syntax: σ₁ for sigma1, x² for x**2,
Σ for sums, x_i for x[i] (titles, terminals, proof texts).

>>> import sympy
>>> text_math(sympy.Symbol("sigma1") ** 2 + sympy.IndexedBase("x")[sympy.Symbol("i")])
'σ₁² + x_i'
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.str import StrPrinter

from ._decoding import decode

__all__ = ["text_math"]


_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def text_math(expr: Any) -> str:
    """An expression as one line of Unicode text with no Python syntax, for titles and terminals.

    >>> from symkl.families import MultivariateNormal  # families print as maths, not Python
    >>> mu1, mu2, sigma1, sigma2 = sympy.symbols("mu1 mu2 sigma1 sigma2", positive=True)
    >>> text_math(MultivariateNormal([mu1, mu2], [[sigma1**2, 0], [0, sigma2**2]]))
    'MultivariateNormal((μ₁, μ₂), ((σ₁², 0), (0, σ₂²)))'
    """
    return str(_TextPrinter().doprint(_plain_symbols(expr)))


def _plain_symbols(expr: Any) -> Any:
    """``expr`` with a prover's encoded symbol (p = d/(1 + d)) written as the user's p again."""
    if isinstance(expr, (list, tuple)):
        return type(expr)(_plain_symbols(e) for e in expr)
    if not (isinstance(expr, sympy.Basic) and expr.atoms(sympy.Dummy)):
        return expr
    return decode(expr)


class _TextPrinter(StrPrinter):
    """``str`` with Σ for sums, x_i for x[i], σ₁ for sigma1, x² for x**2, ( ) for lists."""

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if isinstance(expr, sympy.Indexed):  # before Indexed's own _sympystr, which writes x[i]
            indices = ",".join(self._print(i) for i in expr.indices)
            return f"{self._print(expr.base.label)}_{indices}"
        if any(cls.__name__ in ("Family", "Categorical") for cls in type(expr).__mro__):
            return self._print_Family(expr)  # before the family's own _sympystr
        text: str = super()._print(expr, **kwargs)
        return text

    def _print_Sum(self, expr: Any) -> str:
        (var, lo, hi) = expr.limits[0]
        return f"(Σ_{{{self._print(var)}={self._print(lo)}}}^{{{self._print(hi)}}} " + (
            f"{self._print(expr.function)})"
        )

    def _print_Symbol(self, expr: Any) -> str:
        return str(sympy.pretty(expr, use_unicode=True))

    def _print_list(self, expr: Any) -> str:
        return "(" + ", ".join(self._print(item) for item in expr) + ")"

    _print_tuple = _print_list

    def _print_MatrixBase(self, expr: Any) -> str:
        return self._print_list(expr.tolist())

    def _print_Family(self, expr: Any) -> str:
        # the families write Python lists ("Categorical([p1, p2])"): tuples read as maths
        label = getattr(expr, "label", type(expr).__name__)
        if type(expr).__name__ == "MultivariateNormal":
            args = [list(expr.loc), expr.covariance_matrix.tolist()]
        elif type(expr).__name__ in ("Categorical", "Dirichlet"):
            args = [list(getattr(expr, "probs", None) or expr.concentration)]
        else:
            args = list(expr.args)
        return f"{label}({', '.join(self._print(a) for a in args)})"

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        base, exponent = expr.as_base_exp()
        if exponent.is_Integer and 1 < exponent < 10 and (base.is_Symbol or base.is_Indexed):
            return self._print(base) + str(exponent).translate(_SUPERSCRIPT_DIGITS)
        text: str = super()._print_Pow(expr, rational)
        return text.replace("**", "^")
