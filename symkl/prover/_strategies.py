"""The named proof strategies, cheapest first.

Each strategy takes a :class:`Relation` and returns a :class:`Success` naming its method and the
domain facts it used, or None when it does not apply or cannot finish. A strategy never guesses:
log rules are applied only to arguments SymPy can prove positive (the probabilities are positive
dummies; their upper bound 1 is encoded as p = exp(−s), s ≥ 0, where a sign argument needs it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy

from ..distributions import Distribution, Kind
from ..measures import Expectation, Measure, OutcomeSum, unfold
from ._relation import Relation, RelationKind
from ._termwise import (
    Group,
    decompose,
    describe_measures,
    domination_text,
    linear_form,
    pointwise_patterns,
    pointwise_simplify,
)

__all__ = ["STRATEGIES", "Strategy", "Success", "register_strategy"]

#: Whole-expression simplify is only attempted on expressions at most this large.
SIMPLIFY_OPS_LIMIT = 300


@dataclass(frozen=True)
class Success:
    method: str
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Strategy:
    name: str
    run: Callable[[Relation], Success | None]


def _is_zero(expr: sympy.Expr) -> bool:
    out = sympy.expand(sympy.expand_log(expr, deep=True, force=False))
    if out == 0:
        return True
    if sympy.count_ops(out) > SIMPLIFY_OPS_LIMIT:
        return False
    return bool(sympy.simplify(out) == 0)


def _fraction_part() -> sympy.Expr:
    # Every value in [0, 1) is t/(1 + t) for some t ≥ 0: how SymPy learns 0 ≤ frac < 1.
    t = sympy.Dummy("t", nonnegative=True)
    return t / (1 + t)


def _abstract_rounding(expr: sympy.Expr) -> sympy.Expr:
    """ceil(a) = a + f, floor(a) = a − f, frac(a) = f with a fresh f ∈ [0, 1) each (sound:
    a bound proved for every such f holds for the true fractional part)."""
    return (
        expr.replace(sympy.ceiling, lambda a: a + _fraction_part())
        .replace(sympy.floor, lambda a: a - _fraction_part())
        .replace(sympy.frac, lambda a: _fraction_part())
    )


def _provably(expr: sympy.Expr, strict: bool) -> bool:
    """SymPy can show ``expr`` ≥ 0 (> 0 when strict) from the symbols' assumptions."""
    attribute = "is_positive" if strict else "is_nonnegative"
    if expr.has(sympy.ceiling, sympy.floor, sympy.frac):
        expr = _abstract_rounding(expr)
    candidates = [expr]
    candidates.append(sympy.expand(sympy.expand_log(expr, deep=True, force=False)))
    if sympy.count_ops(expr) <= SIMPLIFY_OPS_LIMIT:
        candidates += [sympy.factor(candidates[-1]), sympy.simplify(expr)]
    return any(getattr(c, attribute) is True for c in candidates)


def _kind_assumptions(groups: list[Group], zeros_seen: bool) -> list[str]:
    facts = []
    if any(g.support.kind is Kind.DISCRETE for g in groups):
        facts.append("each probability is in (0, 1]")
    if any(g.support.kind is Kind.CONTINUOUS for g in groups):
        facts.append("each density is positive on its support")
    if zeros_seen:
        facts.append("0·log 0 = 0")
    return facts


def _mass_text(names: set[str], kind: Kind) -> list[str]:
    symbol = "Σ" if kind is Kind.DISCRETE else "∫"
    return [f"{symbol} {name} = 1" for name in sorted(names)]


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
        return (
            Success("definition", ()) if rel.difference.has(Measure) and _is_zero(total) else None
        )
    normalised: dict[Kind, set[str]] = {Kind.DISCRETE: set(), Kind.CONTINUOUS: set()}
    zeros_seen = False
    for group in groups:
        patterns = pointwise_patterns(group)
        if patterns is None:
            return None
        for pattern in patterns:
            zeros_seen = zeros_seen or bool(pattern.zeros)
            form = linear_form(pointwise_simplify(pattern.expr), pattern.dummies)
            if form is None:
                return None
            for dist, coefficient in form.coefficients.items():
                total += coefficient * pattern.masses[dist]
                normalised[group.support.kind].add(dist.name)
            if form.constant != 0:
                variable = group.support.variable
                if variable is not None and form.constant.has(variable):
                    return None
                if group.support.kind is Kind.CONTINUOUS:
                    lo, hi = group.support.lower, group.support.upper
                    if lo is None or hi is None or (hi - lo).is_finite is not True:
                        return None
                    total += form.constant * (hi - lo)
                else:
                    total += form.constant * pattern.count
    if not _is_zero(total):
        return None
    facts = _kind_assumptions(groups, zeros_seen)
    for kind, names in normalised.items():
        facts += _mass_text(names, kind)
    facts += domination_text(pair for g in groups for pair in g.dominations)
    return Success(_method_for_equality(rel, groups), tuple(facts))


def _single_group_with_constant(rel: Relation) -> tuple[Group, sympy.Expr] | None:
    if rel.kind is RelationKind.EQ:
        return None
    parts = decompose(rel.difference)
    if parts is None:
        return None
    groups, constant = parts
    if len(groups) != 1:
        return None
    return groups[0], constant


def _exp_substitution(expr: sympy.Expr, dummies: dict[Distribution, sympy.Dummy]) -> sympy.Expr:
    # p ∈ (0, 1] exactly when p = exp(−s) with s ≥ 0: this is how "≤ 1" reaches SymPy.
    return expr.xreplace(
        {
            dummy: sympy.exp(-sympy.Dummy(f"s_{d.name}", nonnegative=True))
            for d, dummy in dummies.items()
        }
    )


def termwise_sign(rel: Relation) -> Success | None:
    """Prove Σ_x g(x) + c ≥ 0 by showing every term is ≥ 0 (c folded in as c·Σp)."""
    found = _single_group_with_constant(rel)
    if found is None:
        return None
    group, constant = found
    patterns = pointwise_patterns(group)
    if patterns is None:
        return None
    strict = rel.kind is RelationKind.GT
    facts = _kind_assumptions([group], any(p.zeros for p in patterns))
    if constant != 0:
        if len(patterns) != 1 or not patterns[0].dummies:
            return None
        carrier = next(iter(patterns[0].dummies))
        patterns = [
            type(patterns[0])(
                patterns[0].expr + constant * patterns[0].dummies[carrier],
                patterns[0].dummies,
                patterns[0].masses,
                patterns[0].count,
                patterns[0].zeros,
            )
        ]
        facts += _mass_text({carrier.name}, group.support.kind)
    if any(p.expr.has(sympy.ceiling, sympy.floor) for p in patterns):
        facts.append("0 ≤ ⌈a⌉ − a < 1 and 0 ≤ a − ⌊a⌋ < 1")
    for pattern in patterns:
        expr = pattern.expr
        if group.support.kind is Kind.DISCRETE:
            expr = _exp_substitution(expr, pattern.dummies)
        if not _provably(expr, strict):
            return None
    return Success("termwise-sign", tuple(facts))


def gibbs(rel: Relation) -> Success | None:
    """Prove Σ_x g ≥ 0 where g = r·φ(p/r) with φ convex: Σ r·φ(p/r) ≥ φ(1) (Jensen / Gibbs)."""
    found = _single_group_with_constant(rel)
    if found is None:
        return None
    group, constant = found
    patterns = pointwise_patterns(group)
    if patterns is None or len(patterns) != 1:
        return None
    pattern = patterns[0]
    dummies = pattern.dummies
    if not dummies or len(dummies) > 2:
        return None
    t = sympy.Dummy("t", positive=True)
    references: list[tuple[Distribution, sympy.Expr, str]] = []
    count = group.support.count()
    for p in dummies:
        for r in dummies:
            if r != p:
                references.append((p, dummies[r], r.name))
        if count is not None and len(dummies) == 1:
            references.append((p, 1 / count, f"the uniform distribution 1/{count}"))
    for p, r_value, r_name in references:
        g = pattern.expr + constant * dummies[p]
        phi = pointwise_simplify(g.xreplace({dummies[p]: t * r_value}) / r_value)
        if phi.free_symbols & set(dummies.values()) or (
            group.support.variable is not None and phi.has(group.support.variable)
        ):
            continue
        if not _provably(sympy.diff(phi, t, 2), strict=False):
            continue
        floor = sympy.simplify(phi.subs(t, 1))
        if floor.is_nonnegative is not True:
            continue
        facts = _kind_assumptions([group], False)
        facts += _mass_text(
            {p.name} | ({r_name} if not r_name.startswith("the ") else set()), group.support.kind
        )
        facts.append(f"φ(t) = {sympy.sstr(phi.subs(t, sympy.Symbol('t')))} is convex for t > 0")
        return Success("gibbs", tuple(facts))
    return None


def _single_symbol(expr: sympy.Expr) -> sympy.Symbol | None:
    symbols = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol)]
    return symbols[0] if len(symbols) == 1 else None


def convexity(rel: Relation) -> Success | None:
    """One-variable f(t) ≥ 0: f'' ≥ 0 on the domain, so its minimum is at a critical point."""
    if rel.kind is RelationKind.EQ or rel.difference.has(Measure):
        return None
    f = rel.difference
    t = _single_symbol(f)
    if t is None:
        return None
    if t.is_positive:
        domain, text = sympy.Interval.open(0, sympy.oo), f"{t} > 0"
    elif t.is_nonnegative:
        domain, text = sympy.Interval(0, sympy.oo), f"{t} ≥ 0"
    elif t.is_real:
        domain, text = sympy.S.Reals, f"{t} real"
    else:
        return None
    if not _provably(sympy.diff(f, t, 2), strict=False):
        return None
    critical = sympy.solveset(sympy.diff(f, t), t, domain)
    if not isinstance(critical, sympy.FiniteSet):
        return None
    strict = rel.kind is RelationKind.GT
    if len(critical) == 1:
        (c,) = critical
        value = sympy.simplify(f.subs(t, c))
        ok = value.is_positive if strict else value.is_nonnegative
        if ok is True:
            return Success("convexity", (text, f"minimum {value} at {t} = {c}"))
        return None
    if len(critical) == 0:
        ends = [sympy.limit(f, t, domain.inf, "+"), sympy.limit(f, t, domain.sup, "-")]
        if all((e.is_nonnegative is True) for e in ends) and not strict:
            return Success("convexity", (text, "monotone; both limits are ≥ 0"))
    return None


def sign(rel: Relation) -> Success | None:
    """SymPy's own sign reasoning on lhs − rhs (no measures), from the symbols' assumptions."""
    if rel.kind is RelationKind.EQ or rel.difference.has(Measure):
        return None
    if _provably(rel.difference, strict=rel.kind is RelationKind.GT):
        return Success("sign", ("the symbols' declared assumptions",))
    return None


def expand_log_equality(rel: Relation) -> Success | None:
    """lhs − rhs vanishes after ``expand_log`` (without force) and cancellation."""
    if rel.kind is not RelationKind.EQ:
        return None
    d = unfold(rel.difference) if rel.difference.has(Measure) else rel.difference
    if d.has(sympy.Integral, sympy.Sum):
        return None
    expanded = sympy.expand(sympy.expand_log(d, deep=True, force=False))
    if expanded == 0:
        return Success(
            "expand_log",
            ("the symbols' declared assumptions (log rules only on positive arguments)",),
        )
    if sympy.count_ops(expanded) <= SIMPLIFY_OPS_LIMIT and sympy.simplify(expanded) == 0:
        return Success("simplify", ("the symbols' declared assumptions",))
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
    lhs, rhs = _integrate_elementary(unfold(rel.lhs)), _integrate_elementary(unfold(rel.rhs))
    if (
        lhs is None
        or rhs is None
        or lhs.has(sympy.Integral, sympy.Sum)
        or rhs.has(sympy.Integral, sympy.Sum)
    ):
        return None
    facts = ("0·log 0 = 0, log 0 = −∞",)
    if lhs.is_infinite or rhs.is_infinite:
        if lhs == rhs and rel.kind is not RelationKind.GT:
            return Success("evaluation", facts)
        if rel.kind is not RelationKind.EQ and (lhs is sympy.oo or rhs is sympy.S.NegativeInfinity):
            return Success("evaluation", facts) if lhs != rhs else None
        return None
    difference = sympy.expand(sympy.expand_log(lhs - rhs, deep=True, force=False))
    if rel.kind is RelationKind.EQ:
        return Success("evaluation", facts) if _is_zero(difference) else None
    return (
        Success("evaluation", facts) if _provably(difference, rel.kind is RelationKind.GT) else None
    )


def sum_algebra(rel: Relation) -> Success | None:
    """Sums over data (no measures): SymPy's sum simplification — constants factor out, sums over
    the same range combine (Σ 2x_i − 2Σ x_i = 0) — for every symbolic length."""
    if rel.kind is not RelationKind.EQ or rel.difference.has(Measure):
        return None
    d = rel.difference
    if not d.has(sympy.Sum) or sympy.count_ops(d) > SIMPLIFY_OPS_LIMIT:
        return None
    combined = sympy.simplify(sympy.expand(sympy.expand_log(d, deep=True, force=False)))
    if combined == 0:
        return Success("sum-simplification", ("the symbols' declared assumptions",))
    return None


STRATEGIES: list[Strategy] = [
    Strategy("evaluation", evaluation),
    Strategy("termwise-sum", termwise_equality),
    Strategy("expand_log", expand_log_equality),
    Strategy("sum-simplification", sum_algebra),
    Strategy("termwise-sign", termwise_sign),
    Strategy("gibbs", gibbs),
    Strategy("convexity", convexity),
    Strategy("sign", sign),
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
