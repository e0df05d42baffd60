"""Text and numbers as symkl shows them: LaTeX's special characters made literal, and numbers
to a given number of significant digits (the terminal, notebooks and reports all use these).

>>> escape_text("expand_log 50% {x}")
'expand\\\\_log 50\\\\% \\\\{x\\\\}'
>>> format_number(1 / 3, 6)
'0.333333'
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["TEXT_SPECIALS", "escape_text", "format_number"]

#: LaTeX's special characters and how each is written literally in text.
TEXT_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def escape_text(text: str) -> str:
    """``text`` with every LaTeX special character made literal."""
    return "".join(TEXT_SPECIALS.get(char, char) for char in text)


def format_number(value: Any, digits: int = 10) -> str:
    """A number as plain text with ``digits`` significant digits: ``0.1234567891``, ``1.5e-07``.

    Floats, ints, mpmath and SymPy numbers are accepted; anything else is shown with ``str``.
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    try:
        import mpmath

        if isinstance(value, (mpmath.mpf, mpmath.mpc)):
            return str(mpmath.nstr(value, digits))
    except ImportError:  # pragma: no cover - mpmath comes with SymPy
        pass
    if isinstance(value, complex):
        return f"{format_number(value.real, digits)}{format_number(value.imag, digits):+}i"
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return str(value)
    if math.isnan(number) or math.isinf(number):
        return str(number)
    return f"{number:.{digits}g}"
