"""The tree interpreter the numeric engine replaced, kept only as the benchmark's baseline.

A verbatim copy of ``symkl/numeric/_evaluate.py``, ``_outcomes.py`` and ``_gauss.py`` as they were
before the engine compiled expressions with ``lambdify`` (imports made absolute; the measure,
sum and integral rules reach ``evaluate`` through a hook instead of an import inside it, so the
three modules import one another in one direction only: ``_outcomes`` → ``_gauss`` → ``_evaluate``).
"""

from . import _outcomes  # noqa: F401  (installs the measure, sum and integral rules)
from ._evaluate import Backend, evaluate

__all__ = ["Backend", "evaluate"]
