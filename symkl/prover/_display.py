r"""A proof as display math for notebooks: a coloured verdict badge, the method, the assumptions
and the counterexample's values as maths.

>>> print(text_latex("by expand_log"))
\text{by expand}\_\text{log}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sympy

from .._text import format_number

if TYPE_CHECKING:
    from ._verdict import Proof, Verdict

__all__ = [
    "badge_latex",
    "counterexample_latex",
    "counterexample_text",
    "number_text",
    "proof_latex",
    "text_latex",
]

_SIDES = ("lhs", "rhs")


def number_text(value: Any) -> str:
    """A float to six significant digits (``0.397``, ``1.2e-07``); anything else as ``str``."""
    return format_number(value, 6) if isinstance(value, float) else str(value)


def counterexample_text(values: Mapping[str, Any]) -> str:
    """The point first, then both sides evaluated there.

    >>> counterexample_text({"p_1": 0.397, "p_2": 0.603, "lhs": 0.0087, "rhs": 0.0085})
    'p_1 = 0.397, p_2 = 0.603; lhs = 0.0087, rhs = 0.0085'
    """
    point = ", ".join(f"{k} = {number_text(v)}" for k, v in values.items() if k not in _SIDES)
    sides = ", ".join(f"{k} = {number_text(values[k])}" for k in _SIDES if k in values)
    return "; ".join(part for part in (point, sides) if part)


#: Badge colours (MathJax and KaTeX know these names), the same hues as the reports' badges.
_COLOURS = {"proved": "green", "checked": "blue", "refuted": "red", "undecided": "gray"}


def badge_latex(verdict: Verdict | None) -> str:
    """A verdict as a coloured boxed word (MathJax and KaTeX), or nothing for no verdict."""
    if verdict is None:
        return ""
    return rf"\color{{{_COLOURS[verdict.value]}}}{{\boxed{{\textsf{{{verdict.value.upper()}}}}}}}"


#: Characters TeX treats specially, typeset in math mode between ``\text{…}`` runs: MathJax
#: prints ``\text{expand\_log}`` with a visible backslash (no macros inside \text), while
#: ``\text{expand}\_\text{log}`` reads "expand_log" in MathJax and KaTeX alike.
_SPECIALS = {
    "\\": r"\backslash ", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "~": r"\sim ", "^": r"\hat{}",
}  # fmt: skip


def text_latex(text: str) -> str:
    r"""Plain words for display math: ``\text{…}`` runs, special characters in math mode.

    >>> print(text_latex("expand_log 50%"))
    \text{expand}\_\text{log 50}\%
    """
    pieces = re.split(r"([\\{}$&#%_~^])", text)
    return "".join(_SPECIALS.get(p, r"\text{" + p + "}") for p in pieces if p)


def _value_latex(value: Any) -> str:
    if isinstance(value, float):
        short = number_text(value)
        mantissa, _, exponent = short.partition("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}" if exponent else short
    try:
        text: str = sympy.latex(sympy.sympify(value))
        return text
    except (sympy.SympifyError, TypeError, ValueError):
        return text_latex(str(value))


def _key_latex(key: str) -> str:
    try:
        return sympy.latex(sympy.Symbol(key)) if key.replace("_", "").isalnum() else text_latex(key)
    except (TypeError, ValueError):  # pragma: no cover - any str is a Symbol name
        return text_latex(key)


def counterexample_latex(values: Mapping[str, Any]) -> str:
    """``p_{1} = 0.397,\\; …;\\quad \\text{lhs} = …`` for a counterexample's values."""
    variables = [(k, v) for k, v in values.items() if k not in _SIDES]
    parts = [f"{_key_latex(str(k))} = {_value_latex(v)}" for k, v in variables]
    sides = [
        rf"\text{{{name}}} = {_value_latex(values[key])}"
        for key, name in (("lhs", "left side"), ("rhs", "right side"))
        if key in values
    ]
    return r",\; ".join(parts) + (r";\quad " + r",\; ".join(sides) if sides else "")


def proof_latex(proof: Proof) -> str:
    """A proof as display math: its badge, method, assumptions and counterexample.

    >>> from symkl.prover import Proof, Verdict
    >>> proof_latex(Proof(Verdict.PROVED, "expand_log"))
    '$$\\\\color{green}{\\\\boxed{\\\\textsf{PROVED}}}\\\\ \\\\text{by expand}\\\\_\\\\text{log}$$'
    """
    lines = [badge_latex(proof.verdict) + r"\ " + text_latex(f"by {proof.method}")]
    if proof.assumptions:
        lines.append(text_latex("assuming " + "; ".join(proof.assumptions)))
    if proof.counterexample:
        lines.append(r"\text{counterexample: }" + counterexample_latex(proof.counterexample))
    if len(lines) == 1:
        return "$$" + lines[0] + "$$"
    return r"$$\begin{aligned}" + r" \\ ".join("&" + line for line in lines) + r"\end{aligned}$$"
