"""What the reports read of a catalog entry: a claim's or a derivation's fields, as protocols.

Results flow into the reports and never back, so the reports do not import the entry types'
module (:mod:`symkl.derivation` stands on the prover and the calculus): they tell a derivation
from a claim by its ``kind`` and read the fields below::

    >>> from sympy import Eq, Symbol
    >>> from symkl import Claim
    >>> t = Symbol("t")
    >>> as_claim(Claim("t-is-t", Eq(t, t, evaluate=False))).relation
    Eq(t, t)
    >>> as_derivation(Claim("t-is-t", Eq(t, t, evaluate=False))) is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, cast

import sympy

from ..catalog import Entry
from ..errors import CatalogError
from ..relations import RelationKind

__all__ = [
    "ClaimData",
    "Definition",
    "DerivationData",
    "StepData",
    "as_claim",
    "as_derivation",
]


class StepData(Protocol):
    """One line of a derivation (:class:`symkl.Step`)."""

    @property
    def expr(self) -> sympy.Expr: ...
    @property
    def relation(self) -> RelationKind: ...
    @property
    def why(self) -> str: ...
    @property
    def wrt(self) -> tuple[sympy.Symbol, ...]: ...


class _EntryData(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def location(self) -> tuple[str, int]: ...
    @property
    def error(self) -> CatalogError | None: ...


class ClaimData(_EntryData, Protocol):
    """A claim (:class:`symkl.Claim`): one relation and why it holds."""

    @property
    def relation(self) -> Any: ...
    @property
    def why(self) -> str: ...


class DerivationData(_EntryData, Protocol):
    """A derivation (:class:`symkl.Derivation`): a start and its steps, and the two changed
    copies an exercise sheet checks (a step ending elsewhere; one step on its own)."""

    @property
    def start(self) -> Any: ...
    @property
    def steps(self) -> Sequence[StepData]: ...
    def with_step(self, index: int, expr: sympy.Expr) -> DerivationData: ...
    def step_alone(self, index: int, start: sympy.Expr, expr: sympy.Expr) -> Entry: ...


#: An entry as the views take it: a catalog entry, or a derivation changed for an exercise.
Definition = Entry | ClaimData | DerivationData


def as_claim(entry: object) -> ClaimData | None:
    """``entry`` read as a claim, or None if it is none (or not an entry)."""
    return cast("ClaimData", entry) if isinstance(entry, Entry) and entry.kind == "claim" else None


def as_derivation(entry: object) -> DerivationData | None:
    """``entry`` read as a derivation, or None if it is none (or not an entry)."""
    is_derivation = isinstance(entry, Entry) and entry.kind == "derivation"
    return cast("DerivationData", entry) if is_derivation else None
