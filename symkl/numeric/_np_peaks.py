"""Where double precision cannot integrate a peak as written: exponentials to merge first, and
peaks narrower than doubles resolve where they are (the quadrature's two step sizes share the
error, so their agreement says nothing)::

    >>> x = sympy.Symbol("x", real=True)
    >>> one_exp(sympy.exp(-(x - 3) ** 2) * sympy.exp(x))
    exp(x - (x - 3)**2)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy

from ._inner import Inner

__all__ = ["below_resolution", "one_exp"]


def one_exp(e: sympy.Expr) -> sympy.Expr:
    """``e`` with the exponentials of each product merged, e^a·e^b = e^(a + b) (an identity):
    e^(−(x − μ)²/2σ²)·e^(−x) peaks at μ − σ², where the merged exponent says so (a cut there),
    and neither factor overflows alone (e^(−x) = ∞ at x < −710 times a subnormal density made
    a finite E_N(μ, 35)[e^(−x)] infinite at both step sizes).

    >>> x = sympy.Symbol("x", real=True)
    >>> one_exp(2 * sympy.exp(-x**2) * sympy.exp(-x))
    2*exp(-x**2 - x)
    """

    def merge(m: sympy.Mul) -> sympy.Expr:
        exps = [f for f in m.args if isinstance(f, sympy.exp)]
        rest = [f for f in m.args if not isinstance(f, sympy.exp)]
        return sympy.Mul(*rest, sympy.exp(sympy.Add(*(f.args[0] for f in exps))))

    def many(m: sympy.Basic) -> bool:
        return isinstance(m, sympy.Mul) and sum(isinstance(f, sympy.exp) for f in m.args) > 1

    return e.replace(many, merge)


def below_resolution(integrand: Inner, var: sympy.Symbol, local: dict[sympy.Basic, Any],
                     centres: Sequence[Any]) -> Any:  # fmt: skip
    """The samples where the integrand halves within 2^30 ulps of a peak's centre c: doubles
    place a node near c only to within an ulp of c, a relative error of ~ulp(c)/width that
    both step sizes share (a bump 1.5e-8 wide at x = 986 came out 5e-6 low). ``local`` is the
    prepared sample values (``integrand.prepare``, expanded); its ``var`` is overwritten."""
    unusable: Any = False
    for centre in centres:
        c = np.asarray(centre, dtype=float)
        with np.errstate(all="ignore"):
            d = np.where(np.isfinite(c), np.spacing(np.abs(c)) * 2.0**30, 0.0)
            local[var] = np.stack(np.broadcast_arrays(c, c - d, c + d), axis=-1)
            outputs = integrand(local)
            for output in outputs if isinstance(outputs, tuple) else (outputs,):
                size = np.abs(np.asarray(output))
                size = np.broadcast_to(size, np.broadcast_shapes(size.shape, local[var].shape))
                top, side = size[..., 0], np.maximum(size[..., 1], size[..., 2])
                unusable = unusable | ((top > 0) & np.isfinite(top) & (side < top / 2) & (d > 0))
    return unusable
