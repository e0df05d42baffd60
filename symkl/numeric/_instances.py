"""The explicit instances a spot check samples: a claim over symbolic sizes written out at each
size it is tried at (1..12, 16, 50, the sizes where it switches, unequal small ones for several
sizes), each distribution's written-out entries on the closed simplex::

    >>> from sympy import Ge, Symbol
    >>> from symkl import Discrete, entropy
    >>> from symkl.relations import as_relation
    >>> p = Discrete.symbolic("p", Symbol("n", integer=True, positive=True))
    >>> [label for label, _ in explicit_instances(as_relation(Ge(entropy(p), 0)))][:3]
    [{'n': 1}, {'n': 2}, {'n': 3}]
"""

from __future__ import annotations

import itertools
import math

import sympy

from ..distributions import IndexedDiscrete
from ..measures import distributions_in
from ..relations import Relation
from ._boundary import switch_sizes
from ._confirm import ERRORS
from ._plan import explicit_instance, size_symbols

__all__ = ["MAX_CELLS", "SYMBOLIC_SIZES", "UNEQUAL_SIZES", "explicit_instances"]

#: The sizes a claim over a symbolic n is sampled at.
SYMBOLIC_SIZES = (*range(1, 13), 16, 50)
#: Most entries an instance over several symbolic sizes may write out (an m × n table at
#: m = n = 50 would have 2,500 cells, each a term of every sum: slower than the rest together).
MAX_CELLS = 256


#: Unequal small values tried for several symbolic sizes (m ≠ n: an m × n table, p over m
#: outcomes against q over n), besides every size set to one value.
UNEQUAL_SIZES = (1, 2, 3)


def _size_assignments(
    sizes: set[sympy.Symbol], extra: list[int] | None = None
) -> list[int | dict[sympy.Symbol, int]]:
    """One value for every size (1..12, 16, 50, then ``extra``), then, for several sizes,
    unequal small ones."""
    out: list[int | dict[sympy.Symbol, int]] = [
        k for k in SYMBOLIC_SIZES if len(sizes) == 1 or k ** len(sizes) <= MAX_CELLS
    ]
    out += extra or []
    if len(sizes) > 1:
        ordered = sorted(sizes, key=str)
        for values in itertools.product(UNEQUAL_SIZES, repeat=len(ordered)):
            if len(set(values)) > 1 and math.prod(values) <= MAX_CELLS:
                out.append(dict(zip(ordered, values, strict=True)))
    return out


def explicit_instances(rel: Relation) -> list[tuple[dict[str, int] | None, Relation]]:
    """The relation, or one copy per sampled size when it has a symbolic size; a size whose
    instance cannot be written out (a sum SymPy cannot expand) is left out."""
    sizes = size_symbols(rel)
    if not sizes:
        return [(None, rel)]
    out: list[tuple[dict[str, int] | None, Relation]] = []
    extra = switch_sizes(sympy.Tuple(rel.lhs, rel.rhs), sizes, SYMBOLIC_SIZES)
    for assignment in _size_assignments(sizes, extra):
        # Every size by its own name: a scalar n beside a size m keeps its own value.
        values = assignment if isinstance(assignment, dict) else dict.fromkeys(sizes, assignment)
        label = {str(s): k for s, k in sorted(values.items(), key=lambda item: str(item[0]))}
        try:
            out.append((label, _closed(rel, explicit_instance(rel, assignment))))
        except (RecursionError, *ERRORS):
            continue
    return out


def _closed(rel: Relation, instance: Relation) -> Relation:
    """The instance with the entries of every ``IndexedDiscrete`` as non-negative symbols.

    A distribution over a symbolic n ranges over the closed simplex (the kernel's boundary rule
    and the oracle judge it there), but its written-out entries p_k are declared positive; the
    sampler keeps declared-positive points off zero, so without this E_p[q] > 0 could never meet
    its disjoint supports.
    """
    pair = sympy.Tuple(rel.lhs, rel.rhs, *rel.where)
    names = {d.name for d in distributions_in(pair) if isinstance(d, IndexedDiscrete)}
    written = sympy.Tuple(instance.lhs, instance.rhs, *instance.where).free_symbols
    closed = {
        s: sympy.Symbol(s.name, nonnegative=True)
        for s in written
        if isinstance(s, sympy.Symbol)
        and s.is_positive
        and s.name.rpartition("_")[0] in names
        and s.name.rpartition("_")[2].isdigit()
    }
    if not closed:
        return instance
    return Relation(
        instance.kind,
        instance.lhs.xreplace(closed),
        instance.rhs.xreplace(closed),
        instance.flipped,
        tuple(f.xreplace(closed) for f in instance.where),
    )
