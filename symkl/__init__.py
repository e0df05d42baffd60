"""symkl: derive and verify entropy, cross-entropy, KL divergence and MLE identities with SymPy.

>>> import symkl, sympy
>>> p, q = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
>>> symkl.prove(sympy.Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q)))
Proof(verdict=<Verdict.PROVED: 'proved'>, method='termwise-sum', ...)

Names are imported lazily (PEP 562) so that ``symkl --help`` does not pay for importing SymPy.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

# public name -> submodule that defines it
_LAZY = {
    "Check": "numeric",
    "Claim": "derivation",
    "Density": "distributions",
    "Derivation": "derivation",
    "DifferentGradient": "optimize",
    "GradientIs": "optimize",
    "Maximizer": "optimize",
    "SameArgmin": "optimize",
    "SameGradient": "optimize",
    "Discrete": "distributions",
    "Joint": "information",
    "chi_square": "information",
    "conditional_entropy": "information",
    "conditional_kl_divergence": "information",
    "conditional_mutual_information": "information",
    "hellinger": "information",
    "joint_entropy": "information",
    "js_divergence": "information",
    "mixture": "information",
    "mutual_information": "information",
    "renyi_divergence": "information",
    "total_variation": "information",
    "Proof": "prover",
    "Step": "derivation",
    "SymklError": "errors",
    "absolutely_continuous": "facts",
    "Verdict": "prover",
    "Verification": "_notebook",
    "cross_entropy": "measures",
    "entropy": "measures",
    "expectation": "measures",
    "gradient": "optimize",
    "gradient_is": "optimize",
    "kl_divergence": "measures",
    "likelihood": "optimize",
    "maximize": "optimize",
    "mle": "optimize",
    "outcome_sum": "measures",
    "prove": "prover",
    "same_argmin": "optimize",
    "same_gradient": "optimize",
    "spot_check": "numeric",
    "verify": "_notebook",
}

__all__ = sorted([*_LAZY, "__version__"])

if TYPE_CHECKING:
    from ._notebook import Verification as Verification
    from ._notebook import verify as verify
    from .derivation import Claim as Claim
    from .derivation import Derivation as Derivation
    from .derivation import Step as Step
    from .distributions import Density as Density
    from .distributions import Discrete as Discrete
    from .errors import SymklError as SymklError
    from .facts import absolutely_continuous as absolutely_continuous
    from .information import Joint as Joint
    from .information import chi_square as chi_square
    from .information import conditional_entropy as conditional_entropy
    from .information import conditional_kl_divergence as conditional_kl_divergence
    from .information import conditional_mutual_information as conditional_mutual_information
    from .information import hellinger as hellinger
    from .information import joint_entropy as joint_entropy
    from .information import js_divergence as js_divergence
    from .information import mixture as mixture
    from .information import mutual_information as mutual_information
    from .information import renyi_divergence as renyi_divergence
    from .information import total_variation as total_variation
    from .measures import cross_entropy as cross_entropy
    from .measures import entropy as entropy
    from .measures import expectation as expectation
    from .measures import kl_divergence as kl_divergence
    from .measures import outcome_sum as outcome_sum
    from .numeric import Check as Check
    from .numeric import spot_check as spot_check
    from .optimize import DifferentGradient as DifferentGradient
    from .optimize import GradientIs as GradientIs
    from .optimize import Maximizer as Maximizer
    from .optimize import SameArgmin as SameArgmin
    from .optimize import SameGradient as SameGradient
    from .optimize import gradient as gradient
    from .optimize import gradient_is as gradient_is
    from .optimize import likelihood as likelihood
    from .optimize import maximize as maximize
    from .optimize import mle as mle
    from .optimize import same_argmin as same_argmin
    from .optimize import same_gradient as same_gradient
    from .prover import Proof as Proof
    from .prover import Verdict as Verdict
    from .prover import prove as prove


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
            return importlib.import_module(f".{name}", __name__)  # a submodule: symkl.families
        raise AttributeError(f"module 'symkl' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
