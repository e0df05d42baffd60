"""Random variables in ``symkl check``: H(X, Y), H(Y | X), I(X; Y), I(X; Y | Z).

The capital letters U, V, W, X, Y, Z are random variables of one joint table p over the
variables the claim names: two variables give a table over symbolic sizes m × n (so a proof
holds for every size), three give a 2 × 2 × 2 table of symbols, one gives a distribution over
n outcomes. ``|`` (given) and ``;`` are rewritten into marker names before parsing::

    >>> rewrite_bars("I(X;Y|Z)")
    'I(X, sep__, Y, given__, Z)'
"""

from __future__ import annotations

from typing import Any

import sympy

from ..distributions import Discrete
from ..information import (
    Joint,
    conditional_entropy,
    conditional_mutual_information,
    joint_entropy,
)
from ..joint import IndexedJoint
from ..measures import entropy
from ._syntax import CheckSyntaxError

__all__ = [
    "GIVEN",
    "MARKERS",
    "SEPARATOR",
    "VARIABLE_NAMES",
    "M",
    "Variable",
    "information",
    "joint_for",
    "rewrite_bars",
    "variable_entropy",
]

VARIABLE_NAMES = ("U", "V", "W", "X", "Y", "Z")
GIVEN, SEPARATOR = "given__", "sep__"
#: The size of the first variable of a two-variable table (the second has n outcomes).
M = sympy.Symbol("m", integer=True, positive=True)


class Variable:
    """A random variable named in the claim (a marker until a measure reads it)."""

    def __init__(self, name: str) -> None:
        self.name = name


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name


MARKERS = {GIVEN: _Marker(GIVEN), SEPARATOR: _Marker(SEPARATOR)}


def rewrite_bars(text: str) -> str:
    """``|`` (after ``||`` became ``,``) and ``;`` as marker arguments."""
    return text.replace(";", f", {SEPARATOR}, ").replace("|", f", {GIVEN}, ").replace("  ", " ")


def joint_for(names: set[str], n: sympy.Symbol) -> Discrete | IndexedJoint | None:
    """The one joint table over the variables a claim names (None when it names none)."""
    variables = sorted(names & set(VARIABLE_NAMES))
    if not variables:
        return None
    if len(variables) == 1:
        return Discrete.symbolic(f"p_{variables[0]}", n)
    if len(variables) == 2:
        table = IndexedJoint("p", (M, n), names=variables)
        assert isinstance(table, IndexedJoint)
        return table
    if len(variables) == 3:
        explicit = Joint.symbolic("p", (2, 2, 2))
        return Joint(explicit.probs, names=variables, name="p", shape=sympy.Tuple(2, 2, 2))
    raise CheckSyntaxError(
        f"a claim may name at most three random variables, got {', '.join(variables)}"
    )


def _groups(args: tuple[Any, ...], what: str) -> list[list[str]]:
    """The variable names between the markers: [[X, Y], [Z]] for (X, Y, given__, Z)."""
    groups: list[list[str]] = [[]]
    kinds: list[str] = []
    for arg in args:
        if isinstance(arg, _Marker):
            groups.append([])
            kinds.append(arg.name)
        elif isinstance(arg, Variable):
            groups[-1].append(arg.name)
        else:
            raise CheckSyntaxError(
                f"{what} of random variables takes only variables (U..Z), got "
                f"{getattr(arg, 'name', arg)}"
            )
    if any(not g for g in groups):
        raise CheckSyntaxError(f"{what}: a variable is missing around ';' or '|'")
    expected = {"H": [[], [GIVEN]], "I": [[SEPARATOR], [SEPARATOR, GIVEN]]}[what[0]]
    if kinds not in expected:
        shape = "H(X, Y) or H(Y | X)" if what[0] == "H" else "I(X; Y) or I(X; Y | Z)"
        raise CheckSyntaxError(f"write {shape}, got {what} with separators {kinds}")
    return groups


def variable_entropy(joint: Any, args: tuple[Any, ...], base: Any) -> sympy.Expr:
    """H(X), H(X, Y) or H(Y | X) of the claim's joint table."""
    groups = _groups(args, "H(...)")
    if len(groups) == 2:
        if isinstance(joint, Discrete) and not isinstance(joint, Joint):
            raise CheckSyntaxError("H(Y | X) needs two random variables in the claim")
        return conditional_entropy(joint, groups[0], groups[1], base=base)
    names = groups[0]
    if isinstance(joint, IndexedJoint):
        if sorted(names) == sorted(joint.names):
            return joint_entropy(joint, base=base)
        if len(names) == 1:
            return entropy(joint.marginal(names[0]), base=base)
    elif isinstance(joint, Joint):
        if sorted(names) == sorted(joint.names):
            return joint_entropy(joint, base=base)
        return entropy(joint.marginal(*names), base=base)
    elif joint is not None and len(names) == 1:
        return entropy(joint, base=base)
    raise CheckSyntaxError(f"cannot read H({', '.join(names)})")


def information(joint: Any, args: tuple[Any, ...], base: Any) -> sympy.Expr:
    """I(X; Y) or I(X; Y | Z) of the claim's joint table."""
    groups = _groups(args, "I(...)")
    if isinstance(joint, Discrete) and not isinstance(joint, Joint):
        raise CheckSyntaxError("I(X; Y) needs two random variables in the claim")
    given = groups[2] if len(groups) == 3 else ()
    return conditional_mutual_information(joint, groups[0], groups[1], given, base=base)
