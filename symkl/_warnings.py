"""The warning symkl raises when its own reasoning contradicts itself (a bug, reported loudly).

It lives below both :mod:`symkl.prover` and :mod:`symkl.calculus`, which both raise it, so that
neither has to import the other::

    >>> issubclass(ProofContradictionWarning, UserWarning)
    True
"""

from __future__ import annotations

__all__ = ["ProofContradictionWarning"]


class ProofContradictionWarning(UserWarning):
    """A strategy proved a claim that numbers contradict: a bug in symkl, reported loudly."""
