"""Maximum-likelihood estimators from the score equations, with the second-order condition checked.

The log-likelihood of n i.i.d. observations x[i] is a ``Sum`` over i = 1..n with n symbolic. The
score equations are solved with each data sum frozen into one unknown statistic, and the Hessian
at the estimate is rewritten in the estimate itself (e.g. Σx² = n(σ̂² + μ̂²)) so that its sign
follows from the parameter domain::

    >>> model = likelihood("poisson")
    >>> (x,) = model.data  # the observations x[i], i = 1..n
    >>> second_order(model, {RATE: sympy.Sum(x[i], (i, 1, n)) / n}).verdict
    <Verdict.PROVED: 'proved'>
"""

from __future__ import annotations

import enum
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from .._guard import OPS_LIMIT
from .._proof import Proof, Verdict
from ..calculus._calculus import (
    COMPONENT,
    Wrt,
    linearize,
    prepare,
)
from ..calculus._solve import SolveLimit, bounded_solve
from ..errors import EstimationError, MalformedClaimError
from ..families import Bernoulli, Categorical, Domain, Exponential, Family, Normal, Poisson

__all__ = [
    "MLE",
    "Likelihood",
    "Model",
    "iid_log_likelihood",
    "likelihood",
    "second_order",
]

n = sympy.Symbol("n", integer=True, positive=True)
K = sympy.Symbol("K", integer=True, positive=True)
i = sympy.Symbol("i", integer=True, positive=True)
j = sympy.Symbol("j", integer=True, positive=True)
k = COMPONENT
m = sympy.Symbol("m", integer=True, positive=True)
P = sympy.Symbol("p", positive=True)
MU = sympy.Symbol("mu", real=True)
VAR = sympy.Symbol("sigma^2", positive=True)
RATE = sympy.Symbol("lambda", positive=True)
THETA = sympy.IndexedBase("theta", positive=True)
COUNTS = sympy.IndexedBase("c", positive=True)

#: A parameter's domain: an open interval (lo, hi).
Interval = tuple[sympy.Expr, sympy.Expr]


@dataclass(frozen=True)
class Model:
    """A log-likelihood, its parameters and their domains, and how to sample its data."""

    name: str
    log_likelihood: sympy.Expr
    parameters: tuple[Wrt, ...]
    domains: Mapping[Wrt, Interval] = field(default_factory=dict)
    data: Mapping[sympy.Basic, tuple[Any, ...]] = field(default_factory=dict)
    #: the sum-to-one constraint on an IndexedBase parameter: its number of components
    simplex_size: sympy.Expr | None = None
    #: facts about the data, e.g. Σ_k c[k] = n (applied after sums are linear)
    identities: tuple[tuple[sympy.Expr, sympy.Expr], ...] = ()
    interior: str = ""


class Likelihood(enum.Enum):
    """The built-in log-likelihoods of n i.i.d. observations."""

    BERNOULLI = "bernoulli"
    CATEGORICAL = "categorical"
    NORMAL = "normal"
    POISSON = "poisson"
    EXPONENTIAL = "exponential"


@dataclass(frozen=True)
class _Annotation:
    """What a built-in model adds to its family: how its data are sampled, and in words where an
    estimate is interior. The log-likelihood and the parameter domains come from the family."""

    family: Family
    #: the model's parameters, in the family's order (Normal is fitted in σ², not σ)
    parameters: tuple[Wrt, ...]
    observation: sympy.IndexedBase
    data: tuple[Any, ...]
    interior: str


_DOMAINS: dict[Domain, Interval] = {
    Domain.REAL: (-sympy.oo, sympy.oo),
    Domain.POSITIVE: (sympy.S.Zero, sympy.oo),
    Domain.UNIT: (sympy.S.Zero, sympy.S.One),
}


def iid_log_likelihood(family: Family, x: sympy.IndexedBase) -> sympy.Expr:
    """Σ_{i=1}^{n} log f(x[i]), log f being the family's own log-density basis (:meth:`log_terms`).

    >>> x = sympy.IndexedBase("x", positive=True)
    >>> iid_log_likelihood(Exponential(RATE), x)
    Sum(-lambda*x[i] + log(lambda), (i, 1, n))
    """
    log_density = sympy.expand(sympy.Add(*(c * phi.at(x[i]) for c, phi in family.log_terms())))
    return sympy.Sum(_readable(log_density), (i, 1, n))


def _readable(expr: sympy.Expr) -> sympy.Expr:
    """The textbook shape of a log-density: terms by logarithm, the rest factored, so that
    Bernoulli reads x·log p + (1 − x)·log(1 − p) and Normal −(x − μ)²/(2σ²) − log(2πσ²)/2."""
    terms = sympy.Add.make_args(expr)
    rest = sympy.factor(sympy.Add(*(t for t in terms if not t.has(sympy.log))))
    logs: list[sympy.Expr] = []
    # c·log a + c·log b with a, b > 0 is c·log(ab): one log of the constants, as books write it.
    merged: dict[sympy.Expr, list[sympy.Expr]] = {}
    for term in (t for t in terms if t.has(sympy.log)):
        coefficient, factor = term.as_coeff_Mul()
        if isinstance(factor, sympy.log) and factor.args[0].is_positive:
            merged.setdefault(coefficient, []).append(factor.args[0])
        else:
            logs.append(term)
    for coefficient, arguments in merged.items():
        logs.append(coefficient * sympy.log(sympy.Mul(*arguments), evaluate=False))
    atoms = sorted(sympy.Add(*logs).atoms(sympy.log), key=sympy.default_sort_key)
    return rest + sympy.collect(sympy.Add(*logs), atoms)


def _iid_model(note: _Annotation) -> Model:
    family = note.family
    domains = {
        w: _DOMAINS[spec.domain] for w, spec in zip(note.parameters, family.params, strict=True)
    }
    return Model(
        family.label,
        iid_log_likelihood(family, note.observation),
        note.parameters,
        domains,
        {note.observation: note.data},
        interior=note.interior,
    )


def _categorical() -> Model:
    """Σ_k c[k] log θ[k]: the log-likelihood grouped by class, c[k] observations of class k,
    log θ[k] the log-pmf of a Categorical over K classes at k."""
    theta = Categorical.symbolic(str(THETA), K)
    return Model(
        "Categorical",
        sympy.Sum(COUNTS[j] * sympy.log(theta.value_at(j)), (j, 1, K)),
        (THETA,),
        {THETA: _DOMAINS[Domain.UNIT]},  # probabilities, as Categorical validates them
        {COUNTS: ("int", 1, 6)},
        simplex_size=K,
        identities=((sympy.Sum(COUNTS[j], (j, 1, K)), n),),
        interior="every class observed: c_k = #{i : x_i = k} > 0, Σ_k c_k = n",
    )


def _table() -> dict[Likelihood, Model]:
    x01 = sympy.IndexedBase("x", nonnegative=True)
    xr = sympy.IndexedBase("x", real=True)
    xn = sympy.IndexedBase("x", nonnegative=True, integer=True)
    xp = sympy.IndexedBase("x", positive=True)
    notes = {
        Likelihood.BERNOULLI: _Annotation(
            Bernoulli(P), (P,), x01, ("set", (0, 1)), "0 < Σ x_i < n (both outcomes observed)"
        ),
        Likelihood.NORMAL: _Annotation(
            Normal(MU, sympy.sqrt(VAR)), (MU, VAR), xr, ("real", -2.0, 2.0),
            "the x_i are not all equal",
        ),
        Likelihood.POISSON: _Annotation(Poisson(RATE), (RATE,), xn, ("int", 0, 6), "Σ x_i > 0"),
        Likelihood.EXPONENTIAL: _Annotation(
            Exponential(RATE), (RATE,), xp, ("log", 0.2, 5.0), "Σ x_i > 0"
        ),
    }  # fmt: skip
    table = {member: _iid_model(note) for member, note in notes.items()}
    table[Likelihood.CATEGORICAL] = _categorical()
    return {member: table[member] for member in Likelihood}


def likelihood(model: object) -> Model:
    """The built-in model for a name, a :class:`Likelihood`, or a family class of that name.

    >>> likelihood("poisson").parameters
    (lambda,)
    """
    if isinstance(model, Model):
        if not isinstance(model.log_likelihood, sympy.Expr):
            raise MalformedClaimError(
                f"a Model's log-likelihood must be a SymPy expression, got {model.log_likelihood!r}"
            )
        return model
    key = model if isinstance(model, str) else getattr(model, "value", None)
    if key is None and isinstance(model, type):
        key = model.__name__
    table = _table()
    for member, entry in table.items():
        if isinstance(key, str) and key.strip().lower() == member.value:
            return entry
    names = ", ".join(member.value for member in Likelihood)
    raise EstimationError(f"no built-in log-likelihood for {model!r}; expected one of {names}")


@dataclass(frozen=True)
class MLE:
    """Closed-form maximum-likelihood estimators and the proof of the second-order condition."""

    model: str
    log_likelihood: sympy.Expr
    parameters: tuple[Wrt, ...]
    estimators: dict[sympy.Expr, sympy.Expr]
    second_order: Proof
    multiplier: sympy.Expr | None = None


def _target(w: Wrt) -> sympy.Expr:
    return w[k] if isinstance(w, sympy.IndexedBase) else w


def _identities(expr: sympy.Expr, model: Model) -> sympy.Expr:
    out = linearize(expr)
    for lhs, rhs in model.identities:
        out = out.xreplace({lhs: rhs})
    return out


def _freeze(exprs: Sequence[sympy.Expr]) -> tuple[list[sympy.Expr], dict[sympy.Dummy, sympy.Expr]]:
    """Each distinct data sum replaced by one unknown statistic."""
    stats: dict[sympy.Expr, sympy.Dummy] = {}
    for e in exprs:
        for s in sorted(e.atoms(sympy.Sum), key=sympy.default_sort_key):
            stats.setdefault(s, sympy.Dummy(f"S{len(stats) + 1}"))
    return [e.xreplace(stats) for e in exprs], {d: s for s, d in stats.items()}


def _at(expr: sympy.Expr, estimates: Mapping[sympy.Expr, sympy.Expr]) -> sympy.Expr:
    """``expr`` with every parameter (θ[idx] for a family) replaced by its estimate."""
    plain = {p: v for p, v in estimates.items() if not isinstance(p, sympy.Indexed)}
    families = {p.base: v for p, v in estimates.items() if isinstance(p, sympy.Indexed)}
    out = expr.xreplace(plain)
    if families:
        out = out.replace(
            lambda e: isinstance(e, sympy.Indexed) and e.base in families,
            lambda e: families[e.base].xreplace({k: e.indices[0]}),
        )
    return out


def _domain_value(name: str, interval: Interval) -> sympy.Expr:
    """A symbol ranging over the open interval (lo, hi), as SymPy assumptions can state it."""
    lo, hi = interval
    if lo == -sympy.oo and hi == sympy.oo:
        return sympy.Symbol(f"{name}_hat", real=True)
    if hi == sympy.oo:
        return lo + sympy.Symbol(f"{name}_hat", positive=True)
    t = sympy.Symbol(f"t_{name}", positive=True)  # the estimate is lo + (hi − lo)·t/(1 + t)
    return lo + (hi - lo) * t / (1 + t)


def _hessian(model: Model) -> list[list[sympy.Expr]]:
    ell = prepare(model.log_likelihood)
    if model.simplex_size is not None:
        (family,) = model.parameters
        diagonal = _identities(sympy.diff(ell, family[k], family[k]), model)
        off = _identities(sympy.diff(ell, family[k], family[m]), model)
        if off.subs(sympy.KroneckerDelta(k, m), 0) != 0:
            raise EstimationError(f"mle({model.name}): the Hessian of the family is not diagonal")
        return [[diagonal]]
    targets = [_target(w) for w in model.parameters]
    return [[_identities(sympy.diff(ell, a, b), model) for b in targets] for a in targets]


def in_estimates(
    model: Model, estimates: Mapping[sympy.Expr, sympy.Expr], exprs: Sequence[sympy.Expr]
) -> list[sympy.Expr]:
    """``exprs`` with every data sum frozen and, where the estimates fix it, written in them.

    Each estimate ranges over its parameter's domain (:func:`_domain_value`), so e.g. Σx² =
    n(σ̂² + μ̂²) makes the sign of an expression in the data follow from the parameter domain.
    """
    frozen, inverse = _freeze([*exprs, *estimates.values()])  # every data sum of both
    frozen = frozen[: len(exprs)]
    values = {}
    for param, value in estimates.items():
        # by the key, not the position: a point written in another order keeps its domains
        original = param.base if isinstance(param, sympy.Indexed) else param
        domain = model.domains.get(original, (-sympy.oo, sympy.oo))
        values[param] = (value, _domain_value(str(param), domain))
    equations = [sympy.Eq(_freeze_like(v, inverse), w) for v, w in values.values()]
    unknown_stats = [d for d in inverse if any(eq.has(d) for eq in equations)]
    substitution: dict[sympy.Basic, sympy.Expr] = {}
    if unknown_stats:
        solved = bounded_solve([eq.lhs - eq.rhs for eq in equations], unknown_stats)
        if not isinstance(solved, SolveLimit) and len(solved) == 1:  # one branch: every datum
            substitution = dict(solved[0])
    return [e.xreplace(substitution) for e in frozen]


def minors(hessian: Sequence[sympy.Expr], size: int) -> list[sympy.Expr]:
    """The leading principal minors of −H (H given row by row, flat), simplified when small:
    all positive means H is negative definite."""
    out = []
    for r in range(1, size + 1):
        block = sympy.Matrix([[hessian[a * size + b] for b in range(r)] for a in range(r)])
        minor = (-1) ** r * block.det()
        if sympy.count_ops(minor) <= OPS_LIMIT:  # simplify on a huge minor never ends
            minor = sympy.factor(sympy.simplify(minor))
        out.append(minor)
    return out


def second_order(model: Model, estimates: Mapping[sympy.Expr, sympy.Expr]) -> Proof:
    """The Hessian of the log-likelihood is negative definite at ``estimates``."""
    start = time.perf_counter()
    estimates = {p: _identities(sympy.expand(v), model) for p, v in estimates.items()}
    hessian = [[_identities(_at(h, estimates), model) for h in row] for row in _hessian(model)]
    size = len(hessian)
    found = minors(in_estimates(model, estimates, [h for row in hessian for h in row]), size)
    seconds = time.perf_counter() - start
    assumptions: tuple[str, ...] = (
        f"the estimate is inside the parameter domain: {_inside_text(model)}",
    )
    if model.simplex_size is not None:
        assumptions += (
            f"1 ≤ k ≤ {model.simplex_size}",
            "the Hessian is diagonal (∂²ℓ/∂θ_k∂θ_m = 0, k ≠ m)",
        )
    if all(mi.is_positive is True for mi in found):
        return Proof(
            Verdict.PROVED,
            "Hessian negative definite at the estimate",
            None,
            seconds,
            assumptions,
            "leading principal minors of −H: " + ", ".join(map(str, found)),
        )
    return Proof(Verdict.UNDECIDED, "second-order condition not decided", None, seconds, (),
                 "leading principal minors of −H: " + ", ".join(map(str, found)))  # fmt: skip


def _freeze_like(expr: sympy.Expr, inverse: Mapping[sympy.Dummy, sympy.Expr]) -> sympy.Expr:
    return expr.xreplace({s: d for d, s in inverse.items()})


def _inside_text(model: Model) -> str:
    """The interior condition in words: the model's own, else each parameter's interval."""
    if model.interior:
        return model.interior
    parts = []
    for w in model.parameters:
        lo, hi = model.domains.get(w, (-sympy.oo, sympy.oo))
        parts.append(f"{w} ∈ ({sympy.sstr(lo)}, {sympy.sstr(hi)})")
    return ", ".join(parts)
