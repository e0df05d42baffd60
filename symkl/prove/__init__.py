"""The prover: named strategies tried cheapest first, each returning a verdict and its method."""

import sys
import types
from typing import Any

from ._engine import ProofContradictionWarning, prove, prove_relation
from ._relation import Relation, RelationKind, as_relation
from ._strategies import STRATEGIES, Strategy, Success, register_strategy
from ._verdict import Proof, Verdict

__all__ = [
    "STRATEGIES",
    "Proof",
    "ProofContradictionWarning",
    "Relation",
    "RelationKind",
    "Strategy",
    "Success",
    "Verdict",
    "as_relation",
    "prove",
    "prove_relation",
    "register_strategy",
]


class _CallableModule(types.ModuleType):
    """``symkl.prove`` is both this package and the function: importing the package sets the
    attribute ``symkl.prove`` to the module, so the module itself forwards calls to ``prove``."""

    def __call__(self, claim: object, **options: Any) -> Proof:
        return prove(claim, **options)


sys.modules[__name__].__class__ = _CallableModule
