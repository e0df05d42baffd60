"""exp, sin and cos for the 50-digit back end, refusing arguments no memory could handle.

Far out in an integrand (x = e^(10^40), where the divergence probe looks) e^(−x) would need an
exponent of 10^40 digits and sin x an argument reduction as long: e^(−y) is 0 to any working
precision, the rest is an ``OverflowError`` (no value, no evidence)::

    >>> mp_exp(-mpmath.mpf(10) ** 8000)
    mpf('0.0')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath

__all__ = ["HUGE_ARGUMENT", "MPMATH_GUARDS", "guarded", "mp_exp"]

#: Beyond this |argument| exp and the circular functions are not computed at 50 digits: e^−y
#: is 0 to any working precision, and e^y or sin y would need an exponent (or an argument
#: reduction) of more digits than memory holds (y = e^(10^40), met far out in an integrand).
HUGE_ARGUMENT = mpmath.mpf(10) ** 7000
#: A binary exponent below which a real argument is surely under :data:`HUGE_ARGUMENT`
#: (10^7000 ≈ 2^23253): such an argument skips the comparisons, as it does at every quadrature
#: node of a 50-digit integrand.
_SMALL_BITS = 23000


def mp_exp(z: Any) -> Any:
    if type(z) is mpmath.mpf:
        _, _, exponent, bits = z._mpf_
        # |z| < 2^(exponent + bits); zero, ±∞ and nan carry no positive bit count and take the
        # general path below (which returns e^−∞ = 0 and refuses e^+∞, as before).
        if bits > 0 and exponent + bits < _SMALL_BITS:
            return mpmath.exp(z)
    if abs(mpmath.re(z)) > HUGE_ARGUMENT:
        if mpmath.re(z) < 0 and mpmath.im(z) == 0:
            return mpmath.mpf(0)
        raise OverflowError(f"exp of an argument of magnitude {mpmath.nstr(abs(z), 3)}")
    return mpmath.exp(z)


def guarded(f: Callable[[Any], Any], name: str) -> Callable[[Any], Any]:
    def run(z: Any) -> Any:
        if abs(z) > HUGE_ARGUMENT:
            raise OverflowError(f"{name} of an argument of magnitude {mpmath.nstr(abs(z), 3)}")
        return f(z)

    return run


#: The guarded functions, by the names the printed mpmath code calls.
MPMATH_GUARDS: dict[str, Callable[[Any], Any]] = {
    "exp": mp_exp,
    "sin": guarded(mpmath.sin, "sin"),
    "cos": guarded(mpmath.cos, "cos"),
}
