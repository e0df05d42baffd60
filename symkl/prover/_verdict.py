"""Verdicts and the proof record every strategy returns."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from ._display import number_text, proof_latex

__all__ = ["Proof", "Verdict"]


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
