"""Verdicts, the proof record every strategy returns, and how a proof is shown: as text (the
terminal, assertion messages) and as display math (notebooks).

>>> Proof(Verdict.REFUTED, "counterexample", {"p_1": 0.25, "lhs": 1.0, "rhs": 2.0}).summary()
'refuted by counterexample; counterexample: p_1 = 0.25, lhs = 1, rhs = 2'
>>> print(text_latex("by expand_log"))
\\text{by expand}\\_\\text{log}
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from ._text import format_number

__all__ = [
    "Proof",
    "Verdict",
    "badge_latex",
    "counterexample_latex",
    "counterexample_text",
    "number_text",
    "proof_latex",
    "text_latex",
]


class Verdict(enum.Enum):
    """How a claim was settled, strongest first."""

    PROVED = "proved"
    CHECKED = "checked"
    REFUTED = "refuted"
    UNDECIDED = "undecided"

    @classmethod
    def parse(cls, value: Verdict | str) -> Verdict:
        """``Verdict.parse("refuted")`` is ``Verdict.REFUTED``; ValueError names a bad value."""
        if isinstance(value, Verdict):
            return value
        if isinstance(value, str):
            try:
                return cls(value.strip().lower())
            except ValueError:
                pass
        names = ", ".join(v.value for v in cls)
        raise ValueError(f"unknown verdict {value!r}; expected one of {names}")

    @property
    def rank(self) -> int:
        """Order for the weakest verdict of a chain: proved > checked > undecided > refuted."""
        return {"proved": 3, "checked": 2, "undecided": 1, "refuted": 0}[self.value]


@dataclass(frozen=True)
class Proof:
    """The outcome of :func:`symkl.prove`: ``bool(proof)`` is true only when PROVED.

    ``method`` names the strategy that settled the claim, ``assumptions`` the domain facts a
    PROVED verdict used, ``counterexample`` the values that refute a REFUTED one (with the two
    sides evaluated at 50 digits under the keys ``"lhs"`` and ``"rhs"``).
    """

    verdict: Verdict
    method: str
    counterexample: dict[str, Any] | None = None
    seconds: float = 0.0
    assumptions: tuple[str, ...] = field(default=())
    detail: str = ""

    def __bool__(self) -> bool:
        return self.verdict is Verdict.PROVED

    def summary(self) -> str:
        """One line: verdict, method, and the assumptions or the counterexample."""
        text = f"{self.verdict.value} by {self.method}"
        if self.assumptions:
            text += "; assuming " + "; ".join(self.assumptions)
        if self.counterexample:
            values = ", ".join(f"{k} = {number_text(v)}" for k, v in self.counterexample.items())
            text += f"; counterexample: {values}"
        return text

    def _repr_latex_(self) -> str:
        # display math: a verdict badge, the method, and the counterexample's symbols as maths
        return proof_latex(self)


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
