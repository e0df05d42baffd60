"""The prover: named strategies tried cheapest first, each returning a verdict and its method."""

from .._proof import Proof, Verdict
from ..relations import Goal, Relation, RelationKind, as_facts, as_relation
from . import _information as _information_strategies  # noqa: F401  (registers strategies)
from . import _sums as _sum_strategies  # noqa: F401  (registers strategies)
from ._certificates import AsEquality
from ._engine import ProofContradictionWarning, prove, prove_relation
from ._strategies import STRATEGIES, Strategy, Success, register_strategy
from ._timeout import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT

__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIMEOUT",
    "STRATEGIES",
    "AsEquality",
    "Goal",
    "Proof",
    "ProofContradictionWarning",
    "Relation",
    "RelationKind",
    "Strategy",
    "Success",
    "Verdict",
    "as_facts",
    "as_relation",
    "prove",
    "prove_relation",
    "register_strategy",
]
