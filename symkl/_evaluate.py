"""The numeric evaluator now lives in :mod:`symkl.numeric`; this name stays for its importers.

>>> from symkl._evaluate import Backend
>>> Backend.NUMPY.value
'numpy'
"""

from __future__ import annotations

from .numeric import Backend, evaluate

__all__ = ["Backend", "evaluate"]
