"""The named proof strategies, cheapest first, and the registry other modules add to.

Each strategy takes a :class:`Relation` and returns a :class:`Success` naming its method, the
domain facts it used and a certificate, or None when it does not apply. A strategy only proposes:
:mod:`._kernel` re-checks the certificate before the engine says PROVED. Log rules are applied
only to arguments SymPy can prove positive (never ``force=True``).

    >>> import symkl  # importing symkl registers every strategy
    >>> from symkl.prover._strategies import STRATEGIES
    >>> [s.name for s in STRATEGIES][:2]
    ['evaluation', 'family-moments']
"""

from __future__ import annotations

import sympy

from .._guard import require_affordable
from .._termwise import (
    Group,
    decompose,
    describe_measures,
    domination_text,
    linear_form,
    pointwise_patterns,
    pointwise_simplify,
    unfold_conventions,
)
from ..distributions import Kind
from ..measures import Expectation, Measure, OutcomeSum
from ..relations import Relation, RelationKind
from ._inequalities import convexity, gibbs, kind_assumptions, mass_text, sign, termwise_sign
from ._kernel import Evaluated, LinearSummand, TermwiseIdentity, Vanishes, vanishes
from ._success import Strategy, Success

__all__ = ["STRATEGIES", "Strategy", "Success", "register_strategy"]

_EQ, _GE, _GT = RelationKind.EQ, RelationKind.GE, RelationKind.GT


def _method_for_equality(rel: Relation, groups: list[Group]) -> str:
    kinds = describe_measures(rel.lhs) | describe_measures(rel.rhs)
    sides = (rel.lhs, rel.rhs)
    for one, other in (sides, sides[::-1]):
        if (
            isinstance(one, Measure)
            and not isinstance(one, (Expectation, OutcomeSum))
            and not describe_measures(other) - {Expectation, OutcomeSum}
            and describe_measures(other)
        ):
            return "definition"
    if Expectation in kinds:
        return "linearity-of-expectation"
    if all(g.support.kind is Kind.DISCRETE for g in groups):
        return "termwise-sum"
    return "termwise-integral"


def termwise_equality(rel: Relation) -> Success | None:
    """Prove lhs − rhs = Σ_x g(x) + c = 0 by reducing g to a combination of probabilities."""
    if rel.kind is not RelationKind.EQ:
        return None
    parts = decompose(rel.difference)
    if parts is None:
        return None
    groups, total = parts
    if not groups:
        # The measures cancelled once replaced by their definitions: nothing else was used.
        if rel.difference.has(Measure) and vanishes(total):
            return Success("definition", (), TermwiseIdentity((), total))
        return None
    normalised: dict[Kind, set[str]] = {Kind.DISCRETE: set(), Kind.CONTINUOUS: set()}
    zeros_seen = False
    summands = []
    for group in groups:
        patterns = pointwise_patterns(group)
        if patterns is None:
            return None
        variable = group.support.variable
        forbidden = frozenset({variable}) if variable is not None else frozenset()
        count: sympy.Expr | None = None
        if group.support.kind is Kind.CONTINUOUS:
            lo, hi = group.support.lower, group.support.upper
            count = (hi - lo) if lo is not None and hi is not None else sympy.oo
        for pattern in patterns:
            zeros_seen = zeros_seen or bool(pattern.zeros)
            form = linear_form(pointwise_simplify(pattern.expr), pattern.dummies)
            if form is None:
                return None
            dists = list(pattern.dummies)
            coefficients = tuple(form.coefficients.get(d, sympy.S.Zero) for d in dists)
            if any(c.free_symbols & forbidden for c in (*coefficients, form.constant)):
                return None  # a coefficient varies with the outcome: no termwise argument
            for d in form.coefficients:
                normalised[group.support.kind].add(d.name)
            summands.append(
                LinearSummand(
                    pattern.expr,
                    tuple(pattern.dummies[d] for d in dists),
                    coefficients,
                    tuple(pattern.masses.get(d, sympy.S.One) for d in dists),
                    tuple(d.normalisation_known() for d in dists),
                    form.constant,
                    count if count is not None else pattern.count,
                    forbidden,
                )
            )
    certificate = TermwiseIdentity(tuple(summands), total)
    facts = kind_assumptions(groups, zeros_seen)
    for kind, names in normalised.items():
        facts += mass_text(names, kind)
    facts += domination_text(pair for g in groups for pair in g.dominations)
    return Success(_method_for_equality(rel, groups), tuple(facts), certificate)


def expand_log_equality(rel: Relation) -> Success | None:
    """lhs − rhs vanishes after ``expand_log`` (without force) and cancellation."""
    if rel.kind is not RelationKind.EQ:
        return None
    d = unfold_conventions(rel.difference) if rel.difference.has(Measure) else rel.difference
    if d.has(sympy.Integral, sympy.Sum):
        return None
    expanded = sympy.expand(sympy.expand_log(d, deep=True, force=False))
    if expanded == 0:
        return Success(
            "expand_log",
            ("the symbols' declared assumptions (log rules only on positive arguments)",),
            Vanishes(),
        )
    require_affordable(expanded, "simplify")
    if sympy.simplify(expanded) == 0:
        return Success("simplify", ("the symbols' declared assumptions",), Vanishes())
    return None


def _integrate_elementary(expr: sympy.Expr) -> sympy.Expr | None:
    """Evaluate numeric integrals whose integrand, after expand_log, has no log of the variable
    (polynomial × exponential densities); None when an integral is not of that kind."""
    integrals = list(expr.atoms(sympy.Integral))
    if not integrals:
        return expr
    mapping = {}
    for integral in integrals:
        integrand = sympy.expand_log(integral.function, deep=True, force=False)
        variables = {limit[0] for limit in integral.limits}
        if any(node.args[0].free_symbols & variables for node in integrand.atoms(sympy.log)):
            return None
        value = sympy.Integral(integrand, *integral.limits).doit()
        if value.has(sympy.Integral):
            return None
        mapping[integral] = value
    result: sympy.Expr = expr.xreplace(mapping)
    return result


def evaluation(rel: Relation) -> Success | None:
    """Both sides are numbers: evaluate them exactly (with 0·log 0 = 0, log 0 = −∞) and compare."""
    if rel.lhs.free_symbols or rel.rhs.free_symbols:
        return None
    lhs, rhs = (
        _integrate_elementary(unfold_conventions(rel.lhs)),
        _integrate_elementary(unfold_conventions(rel.rhs)),
    )
    if (
        lhs is None
        or rhs is None
        or lhs.has(sympy.Integral, sympy.Sum)
        or rhs.has(sympy.Integral, sympy.Sum)
    ):
        return None
    facts = ("0·log 0 = 0, log 0 = −∞",)
    return Success("evaluation", facts, Evaluated(lhs, rhs))


def sum_algebra(rel: Relation) -> Success | None:
    """Sums over data (no measures): SymPy's sum simplification — constants factor out, sums over
    the same range combine (Σ 2x_i − 2Σ x_i = 0) — for every symbolic length."""
    if rel.kind is not RelationKind.EQ or rel.difference.has(Measure):
        return None
    d = rel.difference
    if not d.has(sympy.Sum):
        return None
    require_affordable(d, "simplify of sums")
    combined = sympy.simplify(sympy.expand(sympy.expand_log(d, deep=True, force=False)))
    if combined == 0:
        return Success("sum-simplification", ("the symbols' declared assumptions",), Vanishes())
    return None


_ORDER = frozenset({_GE, _GT})

STRATEGIES: list[Strategy] = [
    Strategy("evaluation", evaluation, frozenset({_EQ, _GE, _GT})),
    Strategy("termwise-sum", termwise_equality, frozenset({_EQ})),
    Strategy("expand_log", expand_log_equality, frozenset({_EQ})),
    Strategy("sum-simplification", sum_algebra, frozenset({_EQ})),
    Strategy("termwise-sign", termwise_sign, _ORDER),
    Strategy("gibbs", gibbs, _ORDER),
    Strategy("convexity", convexity, _ORDER),
    Strategy("sign", sign, _ORDER),
]


def register_strategy(strategy: Strategy, *, before: str | None = None) -> None:
    """Add a strategy (families and optimisation register theirs); ``before`` names a position."""
    if any(s.name == strategy.name for s in STRATEGIES):
        return
    if before is None:
        STRATEGIES.append(strategy)
        return
    index = next((i for i, s in enumerate(STRATEGIES) if s.name == before), len(STRATEGIES))
    STRATEGIES.insert(index, strategy)
