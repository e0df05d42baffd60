"""The ``dirichlet-expectations`` strategy: one step of a Dirichlet derivation, proved on its own.

A step such as ``H(Dir(α)) = E[−log Dir(α)]`` or
``c₀ + Σ c_i·E[log x_i] = c₀ + c₁·(ψ(α₁) − ψ(α₀)) + Σ_{i>1} c_i·E[log x_i]`` is a linear
combination of Dirichlet measures that must vanish. The strategy

1. writes an entropy or a KL between Dirichlets of one dimension (one simplex, so each density is
   positive wherever the other is) by its definition, E_p[−log p] or E_p[log p − log q];
2. replaces each log Dir(β) by −log B(β) + Σ (β_i − 1)·log x_i, *verified* by exponentiating it
   back to the density (x_K = 1 − x₁ − … − x_{K−1});
3. expands each integrand into 1 and the log x_i, with coefficients free of x;
4. derives E[log x_i] = ∂_{α_i} log Z(α) afresh, Z(α) = Π Z_B(α_i, α_{i+1} + … + α_K) by the
   stick-breaking substitution, each Beta integral Z_B integrated by SymPy (and Z = B(α), the
   total probability 1, checked), and proves that the total vanishes.

The numeric engine integrates over one variable only, so these steps have no numeric sample:
they are proved here or not at all (a wrong step is left undecided, not refuted).

>>> from sympy import Eq, Symbol, log, polygamma
>>> from symkl import expectation, prove
>>> from symkl.families import Dirichlet
>>> a, b = Symbol("a", positive=True), Symbol("b", positive=True)
>>> d = Dirichlet([a, b])
>>> x1 = d.variable.components[0]
>>> prove(Eq(expectation(d, log(x1)), polygamma(0, a) - polygamma(0, a + b))).verdict
<Verdict.PROVED: 'proved'>
"""

from __future__ import annotations

import functools

import sympy

from ..measures import Entropy, Expectation, KLDivergence, Measure
from ..prover import Relation, RelationKind, Strategy, Success, register_strategy
from ._multivariate import Coordinate, Dirichlet
from ._prove_equal import equal_forms
from ._prove_multi import _dirichlet_b, _dirichlet_normaliser, _verified

__all__ = [
    "as_expectation",
    "coefficients_in",
    "dirichlet_expectations",
    "dirichlet_log_density",
    "linear_in_measures",
]


def _coordinates(d: Dirichlet) -> list[sympy.Expr]:
    free = list(d.variable.components)
    return [*free, 1 - sympy.Add(*free)]


def dirichlet_log_density(d: Dirichlet) -> sympy.Expr:
    """log Dir(α)(x) = −log B(α) + Σ (α_i − 1)·log x_i, x_K = 1 − Σ_{i<K} x_i.

    >>> from sympy import Symbol
    >>> a = Symbol("a", positive=True)
    >>> dirichlet_log_density(Dirichlet([a, 1]))
    (a - 1)*log(x_1) - loggamma(a) + loggamma(a + 1)
    """
    alpha = d.concentration
    log_b = sympy.Add(*map(sympy.loggamma, alpha)) - sympy.loggamma(sympy.Add(*alpha))
    logs = ((a - 1) * sympy.log(c) for a, c in zip(alpha, _coordinates(d), strict=True))
    return -log_b + sympy.Add(*logs)


@functools.cache
def _verified_log_density(d: Dirichlet) -> bool:
    """The written log-density exponentiates back to the density (at dummy coordinates)."""
    x = [sympy.Dummy(f"x{i}", positive=True) for i in range(len(d.concentration) - 1)]
    at = dict(zip(d.variable.components, x, strict=True))
    written = dirichlet_log_density(d).xreplace(at)
    written = written.replace(sympy.loggamma, lambda z: sympy.log(sympy.gamma(z)))
    return _verified(written, d.density_at(x).rewrite(sympy.gamma))


@functools.cache
def _mean_logs(k: int) -> tuple[tuple[sympy.Expr, ...], tuple[sympy.Dummy, ...]] | None:
    """E[log x_i] = ∂_{α_i} log Z(α) for generic α (dummies), after Z(α) = B(α) is checked."""
    generic = tuple(sympy.Dummy(f"alpha{i}", positive=True) for i in range(k))
    z = _dirichlet_normaliser(generic)
    if z is None or sympy.simplify(sympy.gammasimp(z / _dirichlet_b(generic))) != 1:
        return None
    log_z = sympy.log(z)
    return tuple(sympy.diff(log_z, g) for g in generic), generic


def as_expectation(m: Measure) -> Expectation | None:
    """An expectation as it is, an entropy in nats as E_p[−log p] (its definition), else None:
    what the moment strategies take."""
    if isinstance(m, Expectation):
        return m
    if isinstance(m, Entropy) and m.args[-1] == sympy.E:
        p = m.args[0]
        return Expectation(p, -sympy.log(p))
    return None


def coefficients_in(
    g: sympy.Expr, variables: tuple[sympy.Basic, ...], basis: tuple[sympy.Expr, ...]
) -> list[sympy.Expr] | None:
    """The sum ``g`` as c₀ + Σ c_i·basis[i − 1] with every c free of ``variables``:
    [c₀, c₁, …], or None when a term is not of that form."""
    out = [sympy.S.Zero] * (len(basis) + 1)
    for term in sympy.Add.make_args(g):
        coefficient, factor = term.as_independent(*variables, as_Add=False)
        if factor == 1:
            out[0] += coefficient
        elif factor in basis:
            out[1 + basis.index(factor)] += coefficient
        else:
            return None
    return out


def _by_definition(m: Measure) -> sympy.Expr | None:
    """H and KL between Dirichlets of one dimension (natural log) by their definitions."""
    if isinstance(m, Expectation) or (isinstance(m, Entropy) and isinstance(m.args[0], Dirichlet)):
        return as_expectation(m)
    if isinstance(m, KLDivergence) and m.args[-1] == sympy.E:
        p, q = m.args[0], m.args[1]
        if not (isinstance(p, Dirichlet) and isinstance(q, Dirichlet)):
            return None
        if len(p.concentration) != len(q.concentration):
            return None
        return Expectation(p, sympy.log(p) - sympy.log(q))
    return None


def _in_basis(e: Expectation) -> dict[int, sympy.Expr] | None:
    """E's integrand as c₀ + Σ c_i·log x_i (index 0 the constant, i = 1..K), or None."""
    d = e.p
    if not isinstance(d, Dirichlet):
        return None
    logs: dict[sympy.Basic, sympy.Expr] = {}
    for node in e.f.atoms(sympy.log):
        inner = node.args[0]
        if isinstance(inner, Dirichlet):
            if len(inner.concentration) != len(d.concentration):
                return None
            if not _verified_log_density(inner):
                return None
            logs[node] = dirichlet_log_density(inner)
    g = e.f.xreplace(logs)
    if g.atoms(Dirichlet):
        return None  # a density outside a log
    coordinates = _coordinates(d)
    index = {sympy.log(c): i + 1 for i, c in enumerate(coordinates)}
    out: dict[int, sympy.Expr] = {}
    for term in sympy.Add.make_args(sympy.expand(g)):
        coefficient, factor = term.as_independent(*d.variable.components, as_Add=False)
        i = 0 if factor == 1 else index.get(factor)
        if i is None or coefficient.has(Coordinate):  # another simplex's coordinate
            return None
        out[i] = out.get(i, sympy.S.Zero) + coefficient
    return out


def linear_in_measures(
    rel: Relation, family: type[sympy.Basic]
) -> tuple[list[tuple[sympy.Expr, Measure]], sympy.Expr] | None:
    """An equality ``rel`` about ``family``, lhs − rhs as Σ c_j·M_j + c with c_j and c free of
    every measure and of ``family``; None for any other relation (the moment strategies' one
    entry test)."""
    if rel.kind is not RelationKind.EQ:
        return None
    difference = rel.lhs - rel.rhs
    if not difference.atoms(family) or not difference.has(Measure):
        return None
    atoms = sorted(difference.atoms(Measure), key=sympy.default_sort_key)
    dummies = [sympy.Dummy(f"m{i}") for i in range(len(atoms))]
    flat = sympy.expand(difference.xreplace(dict(zip(atoms, dummies, strict=True))))
    terms, rest = [], flat
    for atom, dummy in zip(atoms, dummies, strict=True):
        coefficient = sympy.expand(sympy.diff(flat, dummy))
        if coefficient.has(*dummies, Measure, family):
            return None
        terms.append((coefficient, atom))
        rest -= coefficient * dummy
    rest = sympy.expand(rest)
    return None if rest.has(*dummies, Measure, family) else (terms, rest)


def dirichlet_expectations(rel: Relation) -> Success | None:
    """Prove Σ c_j·M_j + c = 0 for Dirichlet entropies, KLs and expectations of log x_i."""
    parts = linear_in_measures(rel, Dirichlet)
    if parts is None:
        return None
    terms, total = parts
    facts: list[str] = []
    for coefficient, measure in terms:
        e = _by_definition(measure)
        if not isinstance(e, Expectation):
            return None
        if e is not measure:
            facts.append(f"{type(measure).__name__} by its definition as an expectation")
        combination = _in_basis(e)
        if combination is None:
            return None
        d = e.p
        assert isinstance(d, Dirichlet)
        k = len(d.concentration)
        total += coefficient * combination.pop(0, sympy.S.Zero)  # E[c] = c: the density is checked
        if combination:
            derived = _mean_logs(k)
            if derived is None:
                return None
            means, generic = derived
            at = dict(zip(generic, d.concentration, strict=True))
            for i, c in combination.items():
                total += coefficient * c * means[i - 1].xreplace(at)
    if not equal_forms(total, sympy.S.Zero, []):
        return None
    facts += [
        "log Dir(α)(x) = −log B(α) + Σ (α_i − 1)·log x_i (exponentiating it gives back the "
        "density); Dirichlets of one dimension share the simplex",
        "Z(α) = Π Z_B(α_i, α_{i+1} + … + α_K) by the stick-breaking substitution, each Beta "
        "integral Z_B integrated by SymPy; Z(α) = B(α), the total probability 1",
        "E[log x_i] = ∂ log Z / ∂α_i, derived",
        "every expectation is finite (each α_i > 0)",
    ]
    return Success("derived-moment", tuple(dict.fromkeys(facts)))


register_strategy(
    Strategy("dirichlet-expectations", dirichlet_expectations, frozenset({RelationKind.EQ})),
    before="termwise-sum",
)
