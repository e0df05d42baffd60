"""Relations that preserve minimisers: constant offset, positive scale, strictly increasing map.

Each detector returns a :class:`Found` (the relation's name and the facts it used) or None; none
of them guesses. "Free of θ" with measures inside is decided termwise: the difference is reduced
to one summand at a generic outcome (:mod:`symkl._termwise`) and what remains may involve θ
neither in its coefficients nor through a distribution whose probabilities depend on θ::

    >>> from symkl import Discrete, cross_entropy, kl_divergence
    >>> theta = sympy.Symbol("theta", real=True)
    >>> p = Discrete.symbolic("p", 2)
    >>> q = Discrete([1 / (1 + sympy.exp(-theta)), 1 / (1 + sympy.exp(theta))], name="q")
    >>> constant_offset(cross_entropy(p, q), kl_divergence(p, q), (theta,)).text
    'H(p)'
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from .._guard import OPS_LIMIT
from .._termwise import decompose, linear_form, pointwise_patterns, pointwise_simplify
from ..distributions import Discrete, Distribution, Kind
from ..measures import Measure
from ..relations import Maximize
from ._calculus import (
    Facts,
    Wrt,
    as_expr,
    depends_on,
    is_zero,
    partials,
    prepare,
    smooth,
    wrt_text,
)
from ._domain import Domain, nonzero_somewhere, positive_on, real_on

__all__ = [
    "Found",
    "Sense",
    "constant_offset",
    "increasing_map",
    "maximize",
    "objective",
    "positive_scale",
]


class Sense(enum.Enum):
    """Whether an objective is minimised or maximised."""

    MIN = "min"
    MAX = "max"


def maximize(expr: object) -> sympy.Expr:
    """The objective ``expr``, maximised (argmax) rather than minimised.

    >>> maximize(sympy.log(sympy.Symbol("t", positive=True)))
    maximize(log(t))
    """
    result: sympy.Expr = Maximize(as_expr(expr))
    return result


def objective(expr: sympy.Expr) -> tuple[sympy.Expr, Sense]:
    """The objective inside a :func:`maximize` marker, and its sense."""
    if isinstance(expr, Maximize):
        return expr.args[0], Sense.MAX
    return expr, Sense.MIN


@dataclass(frozen=True)
class Found:
    """A relation between two objectives that preserves their minimisers."""

    method: str
    text: str = ""
    assumptions: tuple[str, ...] = ()


def _entropy_name(expr: sympy.Expr, dummies: dict[Distribution, sympy.Dummy]) -> str:
    """The offset in words: a sum of entropies H(s1) + H(s2) where it is one, else Σ_x of the
    summand written with the distributions' names."""
    names = []
    rest = expr
    for dist, dummy in dummies.items():
        for sign, text in ((1, f"H({dist.name})"), (-1, f"-H({dist.name})")):
            if rest.has(dummy) and is_zero(
                (rest + sign * dummy * sympy.log(dummy)).diff(dummy).diff(dummy)
            ):
                rest = sympy.expand(rest + sign * dummy * sympy.log(dummy))
                names.append(text)
                break
    if is_zero(rest) and names:
        return " + ".join(names).replace("+ -", "- ")
    readable = expr.xreplace({dummy: sympy.Symbol(d.name) for d, dummy in dummies.items()})
    return f"Σ_x {sympy.sstr(readable)}"


def _normalised(dist: Distribution, wrt: Sequence[Wrt]) -> bool:
    """A θ-dependent distribution is used with total mass 1 only when its entries sum to 1."""
    if not depends_on(dist, wrt) or not isinstance(dist, Discrete):
        return True
    return is_zero(sympy.Add(*dist.probs) - 1)


def _termwise_offset(diff: sympy.Expr, wrt: Sequence[Wrt], facts: Facts) -> Found | None:
    parts = decompose(diff)
    if parts is None:
        return None
    groups, constant = parts
    if depends_on(constant, wrt) and not all(
        is_zero(g, facts) for g in partials(constant, wrt, facts=facts)
    ):
        return None
    names: list[str] = []
    free: set[str] = set()
    masses: set[str] = set()
    total = constant
    for group in groups:
        patterns = pointwise_patterns(group)
        if patterns is None:
            return None
        for pattern in patterns:
            expr = pointwise_simplify(pattern.expr)
            if depends_on(expr, wrt):
                return None
            form = linear_form(expr, pattern.dummies)
            if form is None:
                involved = [d for d, dummy in pattern.dummies.items() if expr.has(dummy)]
                if any(depends_on(d, wrt) for d in involved):
                    return None
                free |= {d.name for d in involved}
                names.append(_entropy_name(expr, pattern.dummies))
                continue
            for dist, coefficient in form.coefficients.items():
                mass = pattern.masses[dist]
                if depends_on(mass, wrt) or not _normalised(dist, wrt):
                    return None
                total += coefficient * mass
                masses.add(dist.name)
            if form.constant != 0:
                if group.support.kind is Kind.CONTINUOUS or pattern.count is sympy.oo:
                    return None
                total += form.constant * pattern.count
    total = sympy.simplify(total) if sympy.count_ops(total) < 200 else total
    pieces = sorted(set(names)) + ([sympy.sstr(total)] if total != 0 else [])
    facts_used = ["each probability is in (0, 1]"]
    facts_used += [f"Σ {name} = 1" for name in sorted(masses)]
    facts_used += [f"{name} does not depend on the optimised variables" for name in sorted(free)]
    return Found("constant offset", " + ".join(pieces) or "0", tuple(facts_used))


def _free_of(
    diff: sympy.Expr, wrt: Sequence[Wrt], facts: Facts, domain: Domain, notes: list[str]
) -> str | None:
    """Why ``diff`` does not depend on ``wrt`` on the domain, or None when that is not shown.

    Either it simplifies to an expression without the variables, or its gradient is identically
    0 and it is real and finite on the whole (connected) domain, with no piecewise part.
    """
    rest = prepare(diff)
    if any(
        nonzero_somewhere(sympy.diff(rest, w), domain) for w in wrt if isinstance(w, sympy.Symbol)
    ):
        return None
    if sympy.count_ops(rest) < 200:
        rest = sympy.simplify(rest)
    if not depends_on(rest, wrt):
        return "the difference simplifies to a term without the variables"
    grads = partials(diff, wrt, facts=facts, notes=notes)
    if not all(is_zero(d, facts, notes) for d in grads):
        return None
    if not smooth(diff) or not real_on(rest, domain, ends=False):
        return None
    return "zero gradient, and the difference is real and finite on the connected domain"


def constant_offset(
    f: sympy.Expr,
    g: sympy.Expr,
    wrt: Sequence[Wrt],
    facts: Facts | None = None,
    domain: Domain | None = None,
) -> Found | None:
    """f − g does not depend on ``wrt`` (termwise with measures, else shown on the domain)."""
    facts = facts or Facts({}, ())
    domain = domain or Domain()
    diff = f - g
    if diff.has(Measure):
        found = _termwise_offset(diff, wrt, facts)
        if found is not None:
            return found
    notes: list[str] = []
    why = _free_of(diff, wrt, facts, domain, notes)
    if why is None:
        return None
    rest = prepare(diff)
    if sympy.count_ops(rest) < 200:
        rest = sympy.simplify(rest)
    text = sympy.sstr(rest) if sympy.count_ops(rest) < 60 else "a term free of the variables"
    return Found(
        "constant offset",
        text,
        ("the symbols' declared assumptions", *domain.text(), why, *dict.fromkeys(notes)),
    )


def positive_scale(
    f: sympy.Expr,
    g: sympy.Expr,
    wrt: Sequence[Wrt],
    facts: Facts | None = None,
    domain: Domain | None = None,
) -> Found | None:
    """∇f = c·∇g with c > 0 free of ``wrt`` (proved on the domain): f = c·g + b, same minimisers."""
    facts = facts or Facts({}, ())
    domain = domain or Domain()
    notes: list[str] = []
    gf = partials(f, wrt, facts=facts, notes=notes)
    gg = partials(g, wrt, facts=facts, notes=notes)
    ratio: sympy.Expr | None = None
    for a, b in zip(gf, gg, strict=False):
        if is_zero(b, facts):
            if not is_zero(a, facts):
                return None
            continue
        r = a / b
        if sympy.count_ops(r) > OPS_LIMIT:  # factoring a huge ratio never ends
            return None
        r = sympy.factor(sympy.cancel(sympy.together(r)))
        if ratio is None:
            ratio = r
        elif not is_zero(r - ratio, facts):
            return None
    if ratio is None or depends_on(ratio, wrt) or not positive_on(ratio, domain):
        return None
    exact = is_zero(f - ratio * g, facts)
    why = None if exact else _free_of(f - ratio * g, wrt, facts, domain, notes)
    if not exact and why is None:
        return None
    free = wrt_text(wrt)
    relation = (
        f"f = c·g, c = {ratio} > 0" if exact else f"f = c·g + b, c = {ratio} > 0, b free of {free}"
    )
    facts_used = (f"{ratio} > 0 on the domain (proved)", *domain.text(),
                  *([why] if why else []), *dict.fromkeys(notes))  # fmt: skip
    return Found("positive scale" if exact else "positive affine map", relation, facts_used)


_MAPS = (("log", sympy.log), ("exp", sympy.exp))


def _positive_inside(inner: sympy.Expr, domain: Domain) -> bool:
    """Every value of ``inner`` on the domain is positive: a product factor by factor."""
    if isinstance(inner, sympy.Product):
        return _positive_inside(inner.function, domain)
    if isinstance(inner, sympy.Mul):
        return all(_positive_inside(factor, domain) for factor in inner.args)
    if isinstance(inner, sympy.Pow) and inner.base.is_positive and inner.exp.is_real:
        return True
    return positive_on(inner, domain)


def increasing_map(
    f: sympy.Expr, g: sympy.Expr, facts: Facts | None = None, domain: Domain | None = None
) -> Found | None:
    """g = φ(f) or f = φ(g) with φ ∈ {log, exp}, strictly increasing where it is applied: log on
    an argument proved positive on the domain, exp on one proved real there."""
    facts = facts or Facts({}, ())
    domain = domain or Domain()
    for name, phi in _MAPS:
        for outer, inner, label in ((g, f, "g = {}(f)"), (f, g, "f = {}(g)")):
            gap = prepare(outer) - prepare(phi(inner))
            if nonzero_somewhere(gap, domain) or not is_zero(gap, facts):
                continue
            if name == "log" and not _positive_inside(inner, domain):
                continue
            if name == "exp" and not real_on(prepare(inner), domain):
                continue
            product = inner.has(sympy.Product) or (isinstance(inner, sympy.Mul) and name == "log")
            text = label.format(name)
            if product:
                text += " (product of positive likelihoods vs sum of logs)"
            side = label.split(" = ")[1].format(name)[len(name) + 1 : -1]
            condition = (
                f"{side} > 0 on the domain (proved{', factor by factor' if product else ''})"
                if name == "log"
                else f"{side} is real on the domain (proved)"
            )
            return Found(f"strictly increasing map {name}", text, (condition, *domain.text()))
    return None
