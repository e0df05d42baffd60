"""The ``family-expectations`` strategy: one step of a family's derivation, proved on its own.

A step such as ``E_F[−log F] = E_F[½ log(2πσ²) + (x − μ)²/(2σ²)]`` or
``c₁·E_F[x] + c₂·E_F[x²] = c₁·μ + c₂·E_F[x²]`` is a linear combination of expectations under
univariate families that must vanish. The strategy

1. reads the difference as Σ c_i·E_{F_i}[g_i] + c (the c_i free of the outcome and of every
   distribution), and collects one g_F = Σ c_i·g_i per family F;
2. replaces each log D inside g_F by D's log-density Σ c_k·φ_k(x), *verified* by exponentiating
   it back to the density, and only where the support of F lies inside the support of D;
3. expands g_F into the basis functions φ (1, x, x², log x, |x − m|, log k!, …) and drops those
   whose coefficient vanishes pointwise (a log-density written out costs no moment at all);
4. derives each remaining E_F[φ] afresh (integration, summation or the normalising integral, as
   the ``family-moments`` strategy does, never from the table the closed forms were written
   with), and proves that the total vanishes.

>>> from sympy import Eq, Symbol
>>> from symkl import expectation, prove
>>> from symkl.families import Exponential
>>> lam = Symbol("lam", positive=True)
>>> d = Exponential(lam)
>>> prove(Eq(expectation(d, d.variable), 1 / lam)).method
'derived-moment'
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy

from .._decoding import decode
from .._unicode import text_math
from ..measures import Expectation, Measure, distributions_in
from ..prover import Relation, RelationKind, Strategy, Success, register_strategy
from ._base import Domain, Family
from ._forms import nested
from ._log_forms import cancels, same_logs, vanishing
from ._moment_words import moment_words, plain, readable
from ._moments import Phi, PhiKind
from ._prove import _verified_log_terms
from ._prove_binomial import BINOMIAL_THEOREM
from ._prove_equal import equal_forms
from ._prove_moments import derived_moment

__all__ = ["basis_of", "family_expectations", "moment_words", "readable", "text_math"]


_HOW = {
    "antiderivative": (
        "an antiderivative checked by differentiating it, at an endpoint 0 its one-sided limit "
        "there (0·log 0 = 0 by that limit, not by convention)"
    ),
    "integral": "integrating over the support",
    "moments": "differentiating the log of the normalising integral",
    "series": "summing over k = 0, 1, 2, …",
    "binomial-theorem": BINOMIAL_THEOREM,
    "substitution": "a change of variables to a simpler family",
    "incomplete-beta": (
        "splitting the integral where |x − m| changes sign, the part below m by the definition "
        "of the regularised incomplete beta function"
    ),
}


def basis_of(factor: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, Phi] | None:
    """``factor`` (a function of x alone) as a·φ(x) with φ a basis function, or None."""
    for kind in (PhiKind.X, PhiKind.X2, PhiKind.LOG, PhiKind.LOG1M, PhiKind.LOG2):
        if factor == Phi(kind).at(x):
            return sympy.S.One, Phi(kind)
    if factor == Phi(PhiKind.LOGFACT).at(x):
        return sympy.S.One, Phi(PhiKind.LOGFACT)
    choose = _log_choose(factor, x)
    if choose is not None:
        return sympy.S.One, choose
    if isinstance(factor, sympy.Abs):
        inner = factor.args[0]
        slope = sympy.diff(inner, x)
        if slope in (1, -1) and not (inner - slope * x).has(x):
            return sympy.S.One, Phi(PhiKind.ABS, sympy.expand(x - slope * inner))
    if isinstance(factor, sympy.exp):
        exponent = sympy.expand(factor.args[0])
        slope = sympy.diff(exponent, x)
        if not slope.has(x) and (-slope).is_positive and not (exponent - slope * x).has(x):
            # e^{s·x + o} = e^{−(x − m)/c} with c = −1/s and m = −o/s: the shift kept in φ, so
            # that the moment is named and derived as E[e^{−(x − μ₂)/σ₂}], not as
            # e^{μ₂/σ₂}·E[e^{−x/σ₂}]
            shift = sympy.expand(-(exponent - slope * x) / slope)
            return sympy.S.One, Phi(PhiKind.EXPNEG, shift, -1 / slope)
    power = isinstance(factor, sympy.Pow) and factor.base == x and not factor.exp.has(x)
    if power and factor.exp.is_positive:
        return sympy.S.One, Phi(PhiKind.POW, factor.exp, sympy.S.One)
    if isinstance(factor, sympy.log):
        return _log_quadratic(factor.args[0], x)
    return None


def _log_choose(factor: sympy.Expr, x: sympy.Symbol) -> Phi | None:
    """log C(n, x) (n free of x) or log C(x + r − 1, x) (r free of x) as its basis function."""
    if not (isinstance(factor, sympy.log) and isinstance(factor.args[0], sympy.binomial)):
        return None
    top, bottom = factor.args[0].args
    if bottom != x:
        return None
    if not top.has(x):
        return Phi(PhiKind.LOGCHOOSE, top)
    r = sympy.expand(top - x + 1)
    return None if r.has(x) else Phi(PhiKind.LOGMULTICHOOSE, r)


def _log_quadratic(inner: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, Phi] | None:
    """log(A·x² + B·x + C) as log(1 + ((x − m)/c)²): m = −B/(2A), c = 1/√A, when C − A·m² = 1."""
    poly = sympy.Poly(inner, x) if inner.is_polynomial(x) else None
    if poly is None or poly.degree() != 2:
        return None
    a, b, c = poly.all_coeffs()
    if a.is_positive is not True:
        return None
    m = sympy.simplify(-b / (2 * a))
    if sympy.simplify(c - a * m**2 - 1) != 0:
        return None
    return sympy.S.One, Phi(PhiKind.LOGQUAD, m, sympy.sqrt(1 / a))


def _linear(expr: sympy.Expr) -> tuple[list[tuple[sympy.Expr, Expectation]], sympy.Expr] | None:
    """``expr`` as Σ c_i·E_i + c, each c_i free of every measure, or None."""
    atoms = sorted(expr.atoms(Expectation), key=sympy.default_sort_key)
    dummies = [sympy.Dummy(f"e{i}") for i in range(len(atoms))]
    flat = sympy.expand(expr.xreplace(dict(zip(atoms, dummies, strict=True))))
    terms, rest = [], flat
    for atom, dummy in zip(atoms, dummies, strict=True):
        coefficient = sympy.expand(sympy.diff(flat, dummy))
        if coefficient.has(*dummies) or coefficient.has(Measure):
            return None
        terms.append((coefficient, atom))
        rest -= coefficient * dummy
    rest = sympy.expand(rest)
    if rest.has(*dummies) or rest.has(Measure):
        return None
    return terms, rest


def _log_density(f: Family, d: Family, facts: list[str]) -> sympy.Expr | None:
    """log d(x) on the support of f, as d's verified basis combination (None: not available)."""
    if d.moment_group is None or nested(f, d) is not sympy.true or not _verified_log_terms(d):
        return None
    written = sum((c * phi.at(f.variable) for c, phi in d.log_terms()), sympy.S.Zero)
    x = f.variable.name
    note = f"log {text_math(d)}({x}) = {plain(written)} (exponentiating it gives back the density)"
    if d != f:
        note += f"; the support of {text_math(f)} lies inside the support of {text_math(d)}"
    facts.append(note)
    return written


def _in_basis(f: Family, g: sympy.Expr, facts: list[str]) -> dict[Phi, sympy.Expr] | None:
    """g(x) = Σ a_φ·φ(x) with the logs of densities written out, or None."""
    x = f.variable
    logs: dict[sympy.Basic, sympy.Expr] = {}
    for d in distributions_in(g):
        if not isinstance(d, Family):
            return None
        written = _log_density(f, d, facts)
        if written is None:
            return None
        logs[sympy.log(d)] = written
    g = g.xreplace(logs)
    if distributions_in(g):
        return None  # a density outside a log: not a combination of the basis
    # power_exp=False: e^{(μ₂ − x)/σ₂} stays one factor (not e^{μ₂/σ₂}·e^{−x/σ₂}), its shift with it
    expanded = sympy.expand(sympy.expand_log(g, deep=True, force=False), power_exp=False)
    out: dict[Phi, sympy.Expr] = {}
    for term in sympy.Add.make_args(expanded):
        if term == 0:
            continue  # the two sides agree pointwise: no moment is needed
        coefficient, factor = term.as_independent(x, as_Add=False)
        if factor == 1:
            found: tuple[sympy.Expr, Phi] | None = (sympy.S.One, Phi(PhiKind.ONE))
        else:
            found = basis_of(factor, x)
        if found is None:
            return None
        scale, phi = found
        out[phi] = out.get(phi, sympy.S.Zero) + coefficient * scale
    return out


def _moments_of(
    f: Family, combination: dict[Phi, sympy.Expr], facts: list[str]
) -> sympy.Expr | None:
    """Σ a_φ·E_F[φ], each E_F[φ] derived afresh; φ whose coefficient vanishes is skipped."""
    total = sympy.S.Zero
    for phi, coefficient in combination.items():
        if phi.kind is PhiKind.ONE and cancels(coefficient):
            continue  # the constants agree: 0·E[1] = 0, the total probability unused
        if phi.kind is not PhiKind.ONE and vanishing(coefficient):
            continue  # the two sides agree pointwise in this basis function
        derived = derived_moment(f, phi)
        if derived is None:
            return None
        value, how = derived
        total += coefficient * value
        if phi.kind is PhiKind.ONE:
            facts.append(f"the total probability under {text_math(f)} is 1 (derived too)")
        else:
            shown = readable(value)
            equals = f" = {shown}" if shown and len(shown) <= 90 else ""
            facts.append(
                f"{moment_words(phi, f.variable.name)} under {text_math(f)}{equals}, "
                f"derived by {_HOW[how]}"
            )
    return total


def _domains(dists: Iterable[Family]) -> list[str]:
    """'σ₁, σ₂ > 0', 'μ₁ real', 'p in (0, 1)': the parameters' domains in plain words."""
    words = {Domain.REAL: "real", Domain.POSITIVE: "> 0", Domain.UNIT: "in (0, 1)"}
    groups: dict[str, list[str]] = {}
    for d in map(decode, dists):  # p, not the prover's p = d/(1 + d) (a Dummy)
        for spec, value in zip(d.params, d.args, strict=True):
            if isinstance(value, sympy.Symbol) and not isinstance(value, sympy.Dummy):
                found = [(words[spec.domain], value)]
            else:  # σ₂ + δ: each plain symbol in it by its own assumptions (a Dummy is encoded)
                found = [(_own_domain(v), v) for v in _plain_symbols(value)]
            for text, symbol in found:
                names = groups.setdefault(text, [])
                if text_math(symbol) not in names:
                    names.append(text_math(symbol))
    return [f"{', '.join(names)} {text}" for text, names in groups.items()]


def _plain_symbols(value: sympy.Expr) -> list[sympy.Symbol]:
    symbols = [v for v in value.free_symbols if type(v) is sympy.Symbol]
    return sorted(symbols, key=sympy.default_sort_key)


def _own_domain(symbol: sympy.Symbol) -> str:
    if symbol.is_positive:
        return "> 0"
    if symbol.is_nonnegative:
        return "≥ 0"
    return "real" if symbol.is_real else "complex"


def _interior(d: Family) -> bool:
    """Each probability parameter provably in (0, 1): at 0 or 1 the log-density basis has
    log 0 (Bernoulli's k·log(p/(1 − p))), and a step in it would read ∞ − ∞."""
    return all(
        v.is_positive is True and (1 - v).is_positive is True
        for spec, v in zip(d.params, d.args, strict=True)
        if spec.domain is Domain.UNIT
    )


def _special_nodes(expr: sympy.Expr) -> list[str]:
    """The families' own function nodes in ``expr`` (x·log x, series, log Γ and ψ kept whole)."""
    found = {
        type(node).__name__
        for node in sympy.preorder_traversal(expr)
        # an undefined function f(x) has no module: it is nobody's node
        if isinstance(node, sympy.Function)
        and (type(node).__module__ or "").startswith(__package__)
    }
    return sorted(found)


def _collected(difference: sympy.Expr) -> Success | None:
    """A closed form reached by collecting terms: its special nodes written by their definitions
    (x·log x, the series of E[log k!], log Γ, ψ), then log rules on positive arguments only."""
    nodes = _special_nodes(difference)
    if not nodes or not equal_forms(difference, sympy.S.Zero, []):
        return None
    facts = (
        f"{', '.join(nodes)} written by {'its' if len(nodes) == 1 else 'their'} definition",
        "log rules only on arguments known to be positive",
    )
    return Success("collect", facts)


def family_expectations(rel: Relation) -> Success | None:
    """Prove Σ c_i·E_{F_i}[g_i] + c = 0 by the families' log-densities and derived moments."""
    if rel.kind is not RelationKind.EQ:
        return None
    difference = rel.lhs - rel.rhs
    measures = [m for m in sympy.preorder_traversal(difference) if isinstance(m, Measure)]
    if not measures:
        return _collected(difference)
    if not all(
        isinstance(m, Expectation) and isinstance(m.p, Family) and m.p.moment_group is not None
        for m in measures
    ):
        return None
    dists = [d for d in distributions_in(difference) if isinstance(d, Family)]
    if not all(_interior(d) for d in dists):
        return None
    parts = _linear(difference)
    if parts is None:
        return None
    terms, total = parts
    facts: list[str] = []
    per_family: dict[Family, dict[Phi, sympy.Expr]] = {}
    for coefficient, expectation in terms:
        f = expectation.p
        if coefficient.has(f.variable, *distributions_in(coefficient)):
            return None  # a coefficient that varies with the outcome: not linearity
        combination = _in_basis(f, expectation.f, facts)
        # each expectation finite on its own, so that Σ c_i·E[g_i] = E[Σ c_i·g_i] (no ∞ − ∞)
        if combination is None or any(f.finite_when(phi) is not sympy.true for phi in combination):
            return None
        merged = per_family.setdefault(f, {})
        for phi, a in combination.items():
            merged[phi] = merged.get(phi, sympy.S.Zero) + coefficient * a
    derived_before = len(facts)
    for f, combination in per_family.items():
        value = _moments_of(f, combination, facts)
        if value is None:
            return None
        total += value
    if not equal_forms(total, sympy.S.Zero, dists) and not same_logs(total, dists):
        return None
    derived_any = any(" derived by " in fact for fact in facts[derived_before:])
    logs_written = any(fact.startswith("log ") for fact in facts)
    facts.append("every expectation is finite")
    facts += _domains(dists)
    method = "derived-moment" if derived_any else "log-density" if logs_written else "linearity"
    return Success(method, tuple(dict.fromkeys(facts)))


register_strategy(
    Strategy("family-expectations", family_expectations, frozenset({RelationKind.EQ})),
    before="termwise-sum",
)
