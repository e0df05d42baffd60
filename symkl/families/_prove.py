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

>>> prove(Eq(kl_divergence(Normal(m1, s1), Normal(m2, s2)), closed)).method
'integral'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sympy

from ..measures import CrossEntropy, Entropy, KLDivergence, Measure
from ..prover import Relation, RelationKind, Strategy, Success, register_strategy
from ._base import COUNT, Domain, Family
from ._closed import nested
from ._continuous import Beta, Laplace, Normal, Uniform, UnivariateFamily
from ._discrete import Bernoulli, CountFamily, log_factorial_mean
from ._moments import Phi, PhiKind, times
from ._prove_multi import derive_multivariate
from ._series import expand_series
from ._special import plain_special

__all__ = ["beta_normaliser", "family_moments"]

_ORDER = {"support": 0, "series": 1, "integral": 2, "moments": 3}


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


# --- generic instances: each parameter a dummy carrying its domain ----------------------------


def _canonical(family: type[Family]) -> tuple[Family, list[sympy.Dummy]]:
    dummies = []
    for spec in family.params:
        if spec.domain is Domain.REAL:
            dummies.append(sympy.Dummy(spec.name, real=True))
        else:
            dummies.append(sympy.Dummy(spec.name, positive=True))
    return family(*dummies), dummies


def _odds(p: sympy.Expr) -> tuple[sympy.Expr, sympy.Dummy]:
    u = sympy.Dummy("u", positive=True)
    return u / (1 + u), u


@functools.cache
def _generic_moment(
    family: type[Family], kind: PhiKind
) -> tuple[sympy.Expr, tuple[sympy.Dummy, ...], tuple[sympy.Dummy, sympy.Dummy], str] | None:
    """E[φ] for a generic member (parameters = dummies), shift m of |x − m| a dummy too."""
    instance, dummies = _canonical(family)
    shift = sympy.Dummy("m", real=True)
    scale = sympy.Dummy("c", positive=True)
    phi = Phi(kind, shift, scale)
    derived = _derive_moment(instance, phi)
    if derived is None:
        return None
    value, method = derived
    if value.has(sympy.Integral, sympy.Sum) and kind is not PhiKind.LOGFACT:
        return None
    if value.has(sympy.Piecewise) and not (isinstance(instance, Laplace) or kind is PhiKind.ABS):
        return None
    return value, tuple(dummies), (shift, scale), method


def _derive_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    if isinstance(d, CountFamily):
        return _series_moment(d, phi)
    if not isinstance(d, UnivariateFamily):
        return None
    if isinstance(d, Laplace):
        return _laplace_moment(d, phi)
    if isinstance(d, Beta) and phi.kind is not PhiKind.ABS:
        return _beta_moment(d, phi)
    if phi.kind is PhiKind.LOGFACT:
        return None
    x = d.variable
    lo, hi = d.bounds()
    f = d.density(x)
    if phi.kind is PhiKind.ABS:
        m = phi.shift
        if isinstance(d, Normal):
            value = sympy.integrate(f * (m - x), (x, lo, m))
            value += sympy.integrate(f * (x - m), (x, m, hi))
        elif lo == 0 and hi is sympy.oo:
            # On (0, ∞): |x − m| = x − m when m ≤ 0; for m = δ > 0 split the integral at δ.
            delta = sympy.Dummy("delta", positive=True)
            inside = sympy.integrate(f * (delta - x), (x, 0, delta))
            inside += sympy.integrate(f * (x - delta), (x, delta, hi))
            below = sympy.integrate(f * (x - m), (x, 0, hi))
            inside = sympy.simplify(inside).xreplace({delta: m})
            return sympy.Piecewise((sympy.simplify(below), m <= 0), (inside, True)), "integral"
        else:
            return None
    else:
        value = sympy.integrate(f * phi.at(x), (x, lo, hi))
    return sympy.simplify(value), "integral"


def _laplace_moment(d: Laplace, phi: Phi) -> tuple[sympy.Expr, str] | None:
    # x = μ + t; the density e^{−|t|/b}/(2b) is split at t = 0, and |t − δ| at δ, by cases on δ.
    mu, b = d.args
    t = sympy.Dummy("t", real=True)
    left, right = sympy.exp(t / b) / (2 * b), sympy.exp(-t / b) / (2 * b)
    inf = sympy.oo
    if phi.kind is PhiKind.ABS:
        # |t − δ| for δ > 0, δ < 0 and δ = 0 separately, so each integral has a fixed sign.
        delta = sympy.Dummy("delta", positive=True)

        def pieces(dd: sympy.Expr) -> list[tuple[sympy.Expr, sympy.Expr, sympy.Expr, sympy.Expr]]:
            if dd == 0:
                return [(left, -inf, 0, -t), (right, 0, inf, t)]
            if dd == delta:
                return [(left, -inf, 0, dd - t), (right, 0, dd, dd - t), (right, dd, inf, t - dd)]
            return [(left, -inf, dd, dd - t), (left, dd, 0, t - dd), (right, 0, inf, t - dd)]

        def integral(dd: sympy.Expr) -> sympy.Expr:
            total = sympy.Add(*(sympy.integrate(w * g, (t, a, c)) for w, a, c, g in pieces(dd)))
            return sympy.simplify(total)

        shift = phi.shift - mu
        pos = integral(delta).xreplace({delta: shift})
        neg = integral(-delta).xreplace({delta: -shift})
        zero = integral(sympy.S.Zero)
        cases = ((pos, shift > 0), (neg, shift < 0), (zero, True))
        return sympy.Piecewise(*cases), "integral"
    if phi.kind in (
        PhiKind.LOG,
        PhiKind.LOG1M,
        PhiKind.LOGFACT,
        PhiKind.LOG2,
        PhiKind.EXPNEG,
        PhiKind.POW,
    ):
        return None
    g = phi.at(mu + t)
    value = sympy.integrate(left * g, (t, -inf, 0)) + sympy.integrate(right * g, (t, 0, inf))
    return sympy.simplify(value), "integral"


@functools.cache
def beta_normaliser() -> tuple[sympy.Expr, sympy.Dummy, sympy.Dummy]:
    """Z(a, b) = ∫_0^1 x^{a−1}(1 − x)^{b−1} dx, integrated by SymPy for positive a, b."""
    a, b = sympy.Dummy("a", positive=True), sympy.Dummy("b", positive=True)
    x = sympy.Dummy("x", positive=True)
    z = sympy.integrate(x ** (a - 1) * (1 - x) ** (b - 1), (x, 0, 1))
    return sympy.simplify(z), a, b


def _beta_moment(d: Beta, phi: Phi) -> tuple[sympy.Expr, str] | None:
    # Exponential family: E[log x] = ∂_a log Z, E[log(1 − x)] = ∂_b log Z, E[x^j] = Z(a+j, b)/Z.
    z, a, b = beta_normaliser()
    if z.has(sympy.Integral, sympy.Piecewise):
        return None
    a1, b1 = d.args
    norm = sympy.beta(a1, b1)
    at = {a: a1, b: b1}
    if phi.kind is PhiKind.ONE:
        return sympy.simplify(z.xreplace(at) / norm.rewrite(sympy.gamma)), "integral"
    if phi.kind in (PhiKind.X, PhiKind.X2):
        j = 1 if phi.kind is PhiKind.X else 2
        shifted = z.xreplace({a: a1 + j, b: b1})
        return sympy.simplify(sympy.gammasimp(shifted / z.xreplace(at))), "integral"
    if phi.kind is PhiKind.LOG:
        return sympy.diff(sympy.log(z), a).xreplace(at), "moments"
    if phi.kind is PhiKind.LOG1M:
        return sympy.diff(sympy.log(z), b).xreplace(at), "moments"
    return None


def _series_moment(d: CountFamily, phi: Phi) -> tuple[sympy.Expr, str] | None:
    k = COUNT
    if phi.kind in (
        PhiKind.LOG,
        PhiKind.LOG1M,
        PhiKind.ABS,
        PhiKind.LOG2,
        PhiKind.EXPNEG,
        PhiKind.POW,
    ):
        return None
    if isinstance(d, Bernoulli):
        return sympy.expand(sum(d.density(sympy.Integer(j)) * phi.at(j) for j in (0, 1))), "series"
    if phi.kind is PhiKind.LOGFACT:
        return log_factorial_mean(d.density(k)), "series"
    probs = [
        (s, spec) for s, spec in zip(d.args, d.params, strict=True) if spec.domain is Domain.UNIT
    ]
    density = d.density(k)
    back: dict[sympy.Basic, sympy.Expr] = {}
    for p, _spec in probs:  # p = u/(1+u): the ratio 1 − p is visibly in (0, 1), so sums converge
        odds, u = _odds(p)
        density = density.xreplace({p: odds})
        back[u] = p / (1 - p)
    value = sympy.summation(density * phi.at(k), (k, 0, sympy.oo))
    value = sympy.simplify(value)
    if value.has(sympy.Sum, sympy.Piecewise):
        return None
    return sympy.simplify(value.xreplace(back)), "series"


def _moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    generic = _generic_moment(type(d), phi.kind)  # type: ignore[arg-type]  # classes hash
    if generic is None:
        return None
    value, dummies, (shift, scale), method = generic
    mapping = dict(zip(dummies, d.args, strict=True))
    mapping[shift] = phi.shift
    mapping[scale] = phi.scale
    return value.xreplace(mapping), method


# --- measures from the definition --------------------------------------------------------------


def _verified_log_terms(d: Family) -> bool:
    """exp(Σ c_k φ_k(x)) is the density, for a generic member of the family."""
    instance, _ = _canonical(type(d))
    assert isinstance(instance, (UnivariateFamily, CountFamily))
    x = instance.variable
    odds = {
        v: _odds(v)[0]
        for v, spec in zip(instance.args, instance.params, strict=True)
        if spec.domain is Domain.UNIT
    }
    instance = type(instance)(*(odds.get(v, v) for v in instance.args))
    points: list[sympy.Expr] = [x]
    if isinstance(instance, Bernoulli):
        points = [sympy.S.Zero, sympy.S.One]
    for point in points:
        log_f = sympy.Add(*(c * phi.at(point) for c, phi in instance.log_terms()))
        log_f = log_f.replace(sympy.loggamma, lambda z: sympy.log(sympy.gamma(z)))
        # exp term by term, so exp(c·log u) becomes u**c without needing u > 0
        power = sympy.Mul(*(sympy.exp(t) for t in sympy.Add.make_args(sympy.expand(log_f))))
        ratio = power.rewrite(sympy.Pow) / instance.density(point).rewrite(sympy.gamma)
        if sympy.simplify(sympy.powsimp(sympy.expand_log(ratio, force=False))) != 1:
            return False
    return True


def _cross(f: Family, g: Family, out: _Derivation) -> sympy.Expr | None:
    """−E_f[log g] on supp f ⊆ supp g."""
    assert isinstance(g, (UnivariateFamily, CountFamily))
    if not _verified_log_terms(g):
        return None
    out.use(out.method, f"log-density of {g.label} verified by exponentiation")
    total = sympy.S.Zero
    for coefficient, phi in g.log_terms():
        derived = _moment(f, phi)
        if derived is None:
            return None
        value, method = derived
        how = {
            "integral": "by symbolic integration over the support",
            "moments": "by differentiating the log-normaliser (integrated symbolically)",
            "series": "by summation (E[log k!] kept as its series)",
        }[method]
        out.use(method, f"E_{f.label}[{phi.kind.value}] {how}")
        total -= times(coefficient, value)
    return total


def _derive(measure: Measure) -> _Derivation | None:
    dists = [a for a in measure.args if isinstance(a, Family)]
    if not all(isinstance(d, (UnivariateFamily, CountFamily)) for d in dists):
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
            out.facts.append(f"supp {f.label} ⊄ supp {g.label}: f > 0 where g = 0, so the sum is ∞")
            out.value = sympy.oo
            return out
        cross = _cross(f, g, out)
        if cross is None:
            return None
        value = cross
        if isinstance(measure, KLDivergence):
            own = _cross(f, f, out)
            if own is None:
                return None
            value = cross - own
        out.facts.append("linearity of the integral (each E|φ_k| finite)")
        if condition is not sympy.true:
            out.facts.append("∞ where the supports do not nest")
            value = sympy.Piecewise((value, condition), (sympy.oo, True))
    else:
        return None
    for d in dists:
        out.facts += [fact for fact in d.domain_facts() if fact not in out.facts]
    out.value = value * factor
    return out


# --- deciding that the difference vanishes ----------------------------------------------------


def _domain_dummies(expr: sympy.Expr, dists: list[Family]) -> sympy.Expr:
    mapping: dict[sympy.Basic, sympy.Expr] = {}
    for d in dists:
        if len(d.params) != len(d.args):  # vector families carry no scalar parameter specs
            continue
        for spec, value in zip(d.params, d.args, strict=True):
            if not isinstance(value, sympy.Symbol) or value in mapping:
                continue
            if spec.domain is Domain.UNIT:
                mapping[value] = _odds(value)[0]
            elif isinstance(d, Uniform) and spec.name == "high":  # low < high: high = low + w
                low = mapping.get(d.low, d.low)
                mapping[value] = low + sympy.Dummy("width", positive=True)
            elif spec.domain is Domain.REAL and value.is_real is not True:
                mapping[value] = sympy.Dummy(value.name, real=True)
    return expr.xreplace(mapping)


def _normal_form(expr: sympy.Expr) -> sympy.Expr:
    expr = plain_special(expand_series(expr))  # series by their definition; SymPy's ψ, log Γ
    if expr.has(sympy.lowergamma, sympy.uppergamma):  # Γ(s, z) = Γ(s) − γ(s, z), then recurse
        expr = expr.replace(
            lambda e: isinstance(e, sympy.uppergamma),
            lambda e: sympy.gamma(e.args[0]) - sympy.lowergamma(*e.args),
        )
        expr = sympy.expand_func(expr)
    expr = expr.rewrite(sympy.gamma) if expr.has(sympy.beta) else expr
    expr = sympy.expand(sympy.expand_log(expr, deep=True, force=False))
    # log Γ(z) = loggamma(z) for z > 0 (SymPy keeps the two apart)
    expr = expr.replace(
        lambda e: (
            isinstance(e, sympy.log)
            and isinstance(e.args[0], sympy.gamma)
            and e.args[0].args[0].is_positive is True
        ),
        lambda e: sympy.loggamma(e.args[0].args[0]),
    )
    return sympy.expand(expr)


def _vanishes(expr: sympy.Expr, depth: int = 2) -> bool:
    out = _normal_form(expr)
    if out == 0:
        return True
    if sympy.count_ops(out) <= 400 and sympy.simplify(out) == 0:
        return True
    if depth == 0:
        return False
    # |e| or a condition on e: prove the cases e > 0, e < 0, e = 0 by solving e for a symbol.
    candidates = [node.args[0] for node in out.atoms(sympy.Abs)]
    candidates += [r.lhs - r.rhs for r in out.atoms(sympy.Rel)]
    for e in sorted(set(candidates), key=sympy.default_sort_key):
        for y in sorted(e.free_symbols, key=sympy.default_sort_key):
            slope = sympy.diff(e, y)
            if not slope.is_number or slope == 0:
                continue
            delta = sympy.Dummy("delta", positive=True)
            cases = []
            for value in (delta, -delta, sympy.S.Zero):
                solutions = sympy.solve(sympy.Eq(e, value), y)
                if len(solutions) != 1:
                    break
                cases.append(expr.xreplace({y: solutions[0]}))
            if len(cases) == 3:
                return all(_vanishes(c, depth - 1) for c in cases)
    return False


def _pieces(expr: sympy.Expr) -> list[tuple[sympy.Expr, sympy.Basic]]:
    if isinstance(expr, sympy.Piecewise):
        return [(e, c) for e, c in expr.args]
    return [(expr, sympy.true)]


def _equal(derived: sympy.Expr, claimed: sympy.Expr, dists: list[Family]) -> bool:
    a, b = _pieces(derived), _pieces(claimed)
    if len(a) != len(b):
        return False
    for (ea, ca), (eb, cb) in zip(a, b, strict=True):
        if ca != cb:
            return False
        if ea is sympy.oo or eb is sympy.oo:
            if ea != eb:
                return False
            continue
        if not _vanishes(_domain_dummies(ea - eb, dists)):
            return False
    return True


def family_moments(rel: Relation) -> Success | None:
    """Prove ``Eq(measure of families, closed form)`` from the defining integral or sum."""
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
            if not _equal(value, other, dists):
                return None
            facts += [f for d in dists for f in d.domain_facts()]
            return Success(method, tuple(dict.fromkeys(facts)))
        derived = _derive(measure)
        if derived is None or not _equal(derived.value, other, dists):
            return None
        return Success(derived.method, tuple(derived.facts))
    return None


register_strategy(Strategy("family-moments", family_moments), before="termwise-sum")
