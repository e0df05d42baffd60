"""The error policy of symkl.

Every error symkl raises on purpose is a :class:`SymklError` and, at the same time, the builtin a
user would naturally catch: bad probabilities are a ``ValueError``, mixing a discrete and a
continuous distribution is a ``TypeError``, a proof that ran out of time is a ``TimeoutError``.
Messages always show the offending value, e.g.::

    >>> from symkl import Discrete
    >>> Discrete([0.5, 0.6])
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistributionError: probabilities must sum to 1, got 1.1 for [0.5, 0.6]
"""

from __future__ import annotations

__all__ = [
    "AmbiguousSymbolError",
    "CatalogError",
    "EstimationError",
    "InvalidBaseError",
    "InvalidDistributionError",
    "InvalidOptionError",
    "InvalidOutcomeError",
    "InvalidParameterError",
    "MalformedClaimError",
    "MixedSupportError",
    "NotAnExpressionError",
    "ProofTimeoutError",
    "StringInputError",
    "SupportMismatchError",
    "SymklError",
    "UnsupportedMeasureError",
]


class SymklError(Exception):
    """Base class of every error symkl raises deliberately."""


class InvalidDistributionError(SymklError, ValueError):
    """Probabilities that are negative, exceed 1, or do not sum to 1; a density that is not one."""


class InvalidBaseError(SymklError, ValueError):
    """A logarithm base that is not a positive real number other than 1, e.g. ``base=1``."""


class NotAnExpressionError(SymklError, TypeError):
    """A value of the wrong type where a number or SymPy expression is expected (``base=None``)."""


class StringInputError(NotAnExpressionError):
    """A string where an expression is expected: symkl never evaluates strings as Python.

    Type a whole claim as text with ``symkl check "..."`` instead, which parses a safe grammar.
    """


class AmbiguousSymbolError(SymklError, ValueError):
    """Two different symbols with one name where one is meant, e.g. a plain ``Symbol("x")``
    inside an expectation over a family whose outcome variable is ``Symbol("x", real=True)``."""


class InvalidOptionError(SymklError, ValueError):
    """An option outside its range, e.g. ``require="maybe"`` or a negative number of samples."""


class InvalidOutcomeError(SymklError, ValueError):
    """A point at which a density is evaluated that is not real (``I``, ``nan``)."""


class InvalidParameterError(SymklError, ValueError):
    """A family parameter outside its domain, e.g. ``Normal(0, -1)``."""


class SupportMismatchError(SymklError, ValueError):
    """Two distributions over outcome spaces of different sizes or variables."""


class MixedSupportError(SymklError, TypeError):
    """A discrete and a continuous distribution combined in one measure."""


class MalformedClaimError(SymklError, TypeError):
    """A claim, step or derivation built from something that is not a relation or expression."""


class UnsupportedMeasureError(SymklError, TypeError):
    """An argument that is neither a distribution nor something that can be made into one."""


class EstimationError(SymklError, ValueError):
    """No maximum-likelihood estimate could be established: no root of the score equations is a
    proved maximum, the likelihood is unbounded, or the equations exceed the solver's limits."""


class ProofTimeoutError(SymklError, TimeoutError):
    """A proof attempt that exceeded its time limit."""


class CatalogError(SymklError, ImportError):
    """A derivation module that cannot be loaded; carries the file and line."""

    def __init__(self, message: str, *, path: str, line: int | None) -> None:
        location = f"{path}:{line}" if line is not None else path
        super().__init__(f"{location}: {message}")
        self.path = path
        self.line = line
        self.detail = message
