"""Plain text inside LaTeX: escaping for ``\\text{...}`` (notebook output, reports).

>>> escape_text("expand_log 50% {x}")
'expand\\\\_log 50\\\\% \\\\{x\\\\}'
"""

from __future__ import annotations

__all__ = ["escape_text"]

_REPLACEMENTS = {
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
    return "".join(_REPLACEMENTS.get(char, char) for char in text)
