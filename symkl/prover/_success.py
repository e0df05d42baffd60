"""What a strategy is and what it returns: a method name, the facts used, and a certificate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..relations import Relation, RelationKind

__all__ = ["Strategy", "Success"]


@dataclass(frozen=True)
class Success:
    """A strategy's claim to a proof: the kernel re-checks ``certificate`` before PROVED.

    >>> Success("gibbs", ("Σ p = 1",)).method
    'gibbs'

    Without a certificate (strategies registered by other modules) the kernel accepts an
    equality only (its rule ``external``).
    """

    method: str
    assumptions: tuple[str, ...] = ()
    certificate: object | None = None


@dataclass(frozen=True)
class Strategy:
    """A named search; ``kinds`` are the relation kinds it tries (a ≥ argument never proves >)."""

    name: str
    run: Callable[[Relation], Success | None]
    kinds: frozenset[RelationKind] = frozenset({RelationKind.EQ, RelationKind.GE})
