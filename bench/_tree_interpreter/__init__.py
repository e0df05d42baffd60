"""The tree interpreter the numeric engine replaced, kept only as the benchmark's baseline.

A verbatim copy of ``symkl/numeric/_evaluate.py``, ``_outcomes.py`` and ``_gauss.py`` as they were
before the engine compiled expressions with ``lambdify`` (imports made absolute).
"""

from ._evaluate import Backend, evaluate

__all__ = ["Backend", "evaluate"]
