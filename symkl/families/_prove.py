"""The ``family-moments`` strategy: a family's entropy or KL proved against its defining integral.

For ``Eq(M, closed)`` with M an entropy, cross-entropy or KL divergence of univariate families:

1. log f(x) = Σ_k c_k·φ_k(x) is taken from the family and *verified* by exponentiating it back to
   the density (so a wrong decomposition cannot slip through);
2. each E_F[φ_k] is derived afresh — by SymPy integration over the support (method ``integral``),
   by differentiating the log-normaliser of an exponential family, itself integrated by SymPy
   (``moments``), or by summation (``series``; E[log k!] stays its own series) — never from the
   table the closed forms were written with;
3. by linearity ∫ f·log(f/g) = Σ_k (c^F_k − c^G_k)·E_F[φ_k] when supp F ⊆ supp G; otherwise F puts
   mass where g = 0 and KL = ∞ (method ``support``);
4. the result minus ``closed`` must vanish after log rules on provably positive arguments only,
   with parameters replaced by dummies carrying their domains (probabilities as u/(1+u), u > 0),
   splitting |e| into the cases e ≥ 0 and e ≤ 0 when needed.

>>> from sympy import Eq, Rational, Symbol, log
>>> from symkl import kl_divergence, prove
>>> from symkl.families import Normal
>>> m1, m2 = Symbol("m1", real=True), Symbol("m2", real=True)
>>> s1, s2 = Symbol("s1", positive=True), Symbol("s2", positive=True)
>>> closed = log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - Rational(1, 2)
>>> prove(Eq(kl_divergence(Normal(m1, s1), Normal(m2, s2)), closed)).method
'integral'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import sympy

from .._decoding import sstr  # the user's p in the text, not the encoded d/(1 + d)
from ..measures import CrossEntropy, Entropy, KLDivergence, Measure
from ..prover import AsEquality, Relation, RelationKind, Strategy, Success, register_strategy
from ._base import Domain, Family
from ._compound import Independent
from ._forms import nested
from ._moments import Phi, PhiKind, times
from ._prove_binomial import BINOMIAL_THEOREM
from ._prove_cb import half_cases
from ._prove_equal import equal_forms
from ._prove_moments import canonical, derived_moment, odds
from ._prove_multi import derive_multivariate
from ._prove_tail import tail_cases

__all__ = ["family_moments"]

_COMMON = (PhiKind.ONE, PhiKind.X, PhiKind.X2, PhiKind.LOG, PhiKind.LOG1M)
_ORDER = {
    "support": 0, "series": 1, "integral": 2, "substitution": 2, "incomplete-beta": 2,
    "antiderivative": 2, "binomial-theorem": 2, "moments": 3,
}  # fmt: skip


@dataclass
class _Derivation:
    value: sympy.Expr
    facts: list[str] = field(default_factory=list)
    method: str = "support"  # raised to the strongest tool a step used

    def use(self, method: str, fact: str) -> None:
        if _ORDER[method] > _ORDER[self.method]:
            self.method = method
        if fact not in self.facts:
            self.facts.append(fact)


# --- measures from the definition --------------------------------------------------------------


def _log_of_gamma(z: sympy.Expr) -> sympy.Expr:
    """log Γ(z) as log(Γ(z)): the same function only where z > 0 is known."""
    return sympy.log(sympy.gamma(z)) if z.is_positive else sympy.loggamma(z)


def _verified_log_terms(d: Family) -> bool:
    """exp(Σ c_k φ_k(x)) is the density, for a generic member of the family."""
    instance, _ = canonical(type(d))
    x = instance.variable
    ratios = {
        v: odds(v)[0]
        for v, spec in zip(instance.args, instance.params, strict=True)
        if spec.domain is Domain.UNIT
    }
    instance = type(instance)(*(ratios.get(v, v) for v in instance.args))
    points: list[sympy.Expr] = [x]
    lo, hi = instance.bounds()
    if instance.kind.value == "discrete" and hi.is_Integer and lo.is_Integer:
        points = [sympy.Integer(j) for j in range(int(lo), int(hi) + 1)]  # a finite support
    for point in points:
        log_f = sympy.Add(*(c * phi.at(point) for c, phi in instance.log_terms()))
        log_f = log_f.replace(sympy.loggamma, _log_of_gamma)
        # exp term by term, so exp(c·log u) becomes u**c without needing u > 0
        power = sympy.Mul(*(sympy.exp(t) for t in sympy.Add.make_args(sympy.expand(log_f))))
        # a normaliser written exp(log Γ(a) − log Γ(b)) (StudentT's) is read the same way
        density = instance.density(point).replace(sympy.loggamma, _log_of_gamma)
        ratio = power.rewrite(sympy.Pow) / density.rewrite(sympy.gamma)
        if sympy.simplify(sympy.powsimp(sympy.expand_log(ratio, force=False))) != 1:
            return False
    return True


_HOW = {
    "antiderivative": (
        "an antiderivative checked by differentiating it, at an endpoint 0 its one-sided limit "
        "there (0·log 0 = 0 by that limit, not by convention)"
    ),
    "integral": "integrating over the support",
    "moments": "differentiating log Z, Z the normalising integral (integrated symbolically)",
    "binomial-theorem": BINOMIAL_THEOREM,
    "series": "summing over k = 0, 1, 2, … (E[log k!] is left as its series)",
    "substitution": "writing x through a simpler variable (change of variables checked)",
    "incomplete-beta": (
        "splitting the integral where |x − m| changes sign, the part below m by the definition "
        "of the regularised incomplete beta function"
    ),
}


def _shown(phi: Phi) -> str:
    """The basis function in words a student reads: log x, |x − 2|, e^{−(x − μ)/β}."""
    text = phi.kind.value
    # a family may give a plain int (HalfCauchy's location 0): read it as SymPy's
    shift, phi_scale = sympy.sympify(phi.shift), sympy.sympify(phi.scale)
    if phi.kind in (PhiKind.ABS, PhiKind.EXPNEG, PhiKind.LOGQUAD):
        negative = shift.could_extract_minus_sign()
        shifted = f"x + {sstr(-shift)}" if negative else f"x - {sstr(shift)}"
        scale = sstr(phi_scale) if phi_scale.is_Atom else f"({sstr(phi_scale)})"
        text = text.replace("x - m", shifted).replace("/c", f"/{scale}")
    if phi.kind is PhiKind.POW:
        text = f"(x/{sstr(phi.scale)})^{sstr(phi.shift)}"
    return text


def _cross(f: Family, g: Family, out: _Derivation) -> sympy.Expr | None:
    """−E_f[log g] on supp f ⊆ supp g."""
    if not _verified_log_terms(g):
        return None
    terms = g.log_terms()
    written = " + ".join(
        f"({sstr(c)})" + ("" if phi.kind is PhiKind.ONE else f"·{_shown(phi)}") for c, phi in terms
    )
    out.use(
        out.method,
        f"write the log-density: log {sstr(g)}(x) = {written} "
        "(exponentiating it gives back the density)",
    )
    total = sympy.S.Zero
    # the rare basis functions first: when one has no derivation, the costly ones are not tried
    rare = [t for t in terms if t[1].kind not in _COMMON]
    for coefficient, phi in rare + [t for t in terms if t[1].kind in _COMMON]:
        derived = derived_moment(f, phi)
        if derived is None:
            return None
        value, method = derived
        total -= times(coefficient, value)
        if phi.kind is PhiKind.ONE and method != "binomial-theorem":
            continue  # E[1] = 1 needs no words (unless a lemma gives it)
        shown = sstr(value)
        equals = f" = {shown}" if len(shown) <= 90 else ""
        out.use(method, f"moment E[{_shown(phi)}] under {sstr(f)}{equals}, by {_HOW[method]}")
    return total


def _derive_independent(measure: Measure, dists: list[Family]) -> _Derivation | None:
    """A measure of products of independent components: the sum of the componentwise measures
    (log of a product density is the sum of the logs, and each term's expectation involves one
    coordinate only), each component derived from its own definition."""
    parts = [d.components for d in dists if isinstance(d, Independent)]
    if len(parts) != len(dists) or len({len(p) for p in parts}) != 1:
        return None
    base = measure.args[-1]
    out = _Derivation(sympy.S.Zero)
    values = []
    for components in zip(*parts, strict=True):
        derived = _derive(type(measure)(*components, base))
        if derived is None:
            return None
        out.method = max(out.method, derived.method, key=_ORDER.__getitem__)
        out.facts += [f for f in derived.facts if f not in out.facts]
        values.append(derived.value)
    out.facts.insert(
        0,
        "the density of independent components is the product of theirs: its log is a sum, and "
        f"the {type(measure).__name__} is the sum of the components' (each derived below)",
    )
    out.value = sympy.Add(*values)
    return out


def _derive(measure: Measure) -> _Derivation | None:
    dists = [a for a in measure.args if isinstance(a, Family)]
    if any(isinstance(d, Independent) for d in dists):
        return _derive_independent(measure, dists)
    if not all(d.moment_group is not None for d in dists):
        return None
    base = measure.args[-1]
    factor = sympy.S.One if base == sympy.E else 1 / sympy.log(base)
    if isinstance(measure, Entropy):
        (f,) = dists
        out = _Derivation(sympy.S.Zero)
        value = _cross(f, f, out)
        if value is None:
            return None
    elif isinstance(measure, (KLDivergence, CrossEntropy)):
        f, g = dists
        out = _Derivation(sympy.S.Zero)
        condition = nested(f, g)
        if condition is sympy.false:
            out.method = "support"
            out.facts.append(
                f"the support of {sstr(f)} is not inside the support of {sstr(g)}: "
                "the first puts probability where the second has density 0, so the KL is ∞"
            )
            out.value = sympy.oo
            return out
        cross = _cross(f, g, out)
        if cross is None:
            return _by_tail(measure, f, g) if condition is sympy.true else None
        value = cross
        if isinstance(measure, KLDivergence):
            own = _cross(f, f, out)
            if own is None:
                return None
            value = cross - own
        out.facts.append(
            "collect: the expectation of a sum is the sum of the expectations, term by term "
            "(each expectation above is finite)"
        )
        if condition is not sympy.true:
            out.facts.append("the KL is ∞ for parameters where one support is not inside the other")
            value = sympy.Piecewise((value, condition), (sympy.oo, True))
    else:
        return None
    for d in dists:
        out.facts += [fact for fact in d.domain_facts() if fact not in out.facts]
    out.value = value * factor
    return out


def _by_tail(measure: Measure, f: Family, g: Family) -> _Derivation | None:
    """A cross term whose power moments converge for α > K only: derived at α = K + δ, and ∞
    for α ≤ K (:mod:`._prove_tail`), as Piecewise((value, α > 1 ∧ … ∧ α > K), (∞, True))."""
    found = tail_cases(f, g)
    if found is None:
        return None
    alpha, powers, facts = found
    top, delta = max(powers), sympy.Dummy("delta", positive=True)
    finite = type(f)(*(top + delta if a == alpha else a for a in f.args))
    derived = _derive(type(measure)(finite, g, measure.args[-1]))
    if derived is None or derived.value.has(sympy.Piecewise):
        return None
    value = derived.value.xreplace({delta: alpha - top})
    # the facts of the derivation at α = K + δ name δ as the reader's δ, not SymPy's _delta
    derived.facts = [
        fact.replace(str(delta), "δ") if isinstance(fact, str) else fact for fact in derived.facts
    ]
    condition = sympy.And(*(alpha > j for j in powers))
    derived.value = sympy.Piecewise((value, condition), (sympy.oo, True))
    derived.facts += [fact for fact in facts if fact not in derived.facts]
    return derived


def _derive_plain(measure: Measure) -> tuple[sympy.Expr, list[str], str] | None:
    """(value, facts, method) of :func:`_derive`, for :func:`._prove_cb.half_cases`."""
    derived = _derive(measure)
    return None if derived is None else (derived.value, derived.facts, derived.method)


def _equal_by_cases(derived: sympy.Expr, claimed: sympy.Expr, dists: list[Family]) -> bool:
    """:func:`equal_forms` with simplify tried on larger forms: a ContinuousBernoulli's mean
    squared, in u = λ/(1 − λ), is ~430 operations (simplify takes ~0.3 s on it)."""
    return equal_forms(derived, claimed, dists, most_ops=1000)


def family_moments(rel: Relation) -> Success | None:
    """Prove ``Eq(measure of families, closed form)`` from the defining integral or sum; a ``≥``
    between them through the equality (H(Normal(0, s)) ≥ log s + ½ log 2πe)."""
    if rel.kind is RelationKind.GE:
        equal = family_moments(replace(rel, kind=RelationKind.EQ))
        if equal is None:
            return None
        return Success(equal.method, equal.assumptions, AsEquality(equal.certificate))
    if rel.kind is not RelationKind.EQ:
        return None
    for measure, other in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if not isinstance(measure, (Entropy, KLDivergence, CrossEntropy)) or other.has(Measure):
            continue
        dists = [a for a in measure.args if isinstance(a, Family)]
        if len(dists) != len(measure.args) - 1:
            return None
        multi = derive_multivariate(measure)
        if multi is not None:
            value, facts, method = multi
            if not equal_forms(value, other, dists):
                return None
            facts += [f for d in dists for f in d.domain_facts()]
            return Success(method, tuple(dict.fromkeys(facts)))
        cases = half_cases(measure, other, _derive_plain, _equal_by_cases)
        if cases is not None:
            return Success(*cases)
        derived = _derive(measure)
        notes: list[str] = []
        if derived is None or not equal_forms(derived.value, other, dists, notes):
            return None
        return Success(derived.method, tuple(dict.fromkeys([*derived.facts, *notes])))
    return None


register_strategy(Strategy("family-moments", family_moments), before="termwise-sum")
