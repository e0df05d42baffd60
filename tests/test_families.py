"""Tests of symkl.families: parameters, printing, closed forms against scipy and torch, proofs."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Eq, Matrix, Rational, S, Symbol, log, oo, symbols

import symkl
from symkl.distributions import Distribution, Kind, Support
from symkl.errors import InvalidParameterError, MixedSupportError
from symkl.families import (
    Bernoulli,
    Beta,
    Categorical,
    Dirichlet,
    Exponential,
    Gamma,
    Geometric,
    Laplace,
    MultivariateNormal,
    Normal,
    Poisson,
    Uniform,
    register_entropy,
    register_kl,
)
from symkl.families._prove import family_moments
from symkl.prover import Verdict, as_relation

mu1, mu2 = symbols("mu1 mu2", real=True)
s1, s2 = symbols("sigma1 sigma2", positive=True)
lam = Symbol("lambda", positive=True)

# --- hypothesis strategies (local: tests/strategies.py belongs to the core) ---------------------

positive = st.floats(0.3, 5.0)
real = st.floats(-3.0, 3.0)
unit = st.floats(0.03, 0.97)


def _value(expr: sympy.Expr) -> float:
    value = sympy.N(expr, 30)
    if value in (oo, sympy.zoo):
        return math.inf
    return float(value)


def _close(ours: float, theirs: float) -> None:
    if math.isinf(theirs) or math.isinf(ours):
        assert ours == theirs
        return
    assert abs(ours - theirs) <= 1e-10 * max(1.0, abs(theirs))


# --- parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Normal(0, -1), "Normal scale must be positive, got -1"),
        (lambda: Normal(0, 0), "Normal scale must be positive, got 0"),
        (lambda: Normal(sympy.I, 1), "Normal loc must be real, got I"),
        (lambda: Normal(oo, 1), "Normal loc must be finite, got oo"),
        (lambda: Exponential(-0.5), "Exponential rate must be positive, got -0.5"),
        (lambda: Gamma(1, 0), "Gamma rate must be positive, got 0"),
        (lambda: Beta(-2, 1), "Beta concentration1 must be positive, got -2"),
        (lambda: Laplace(0, -3), "Laplace scale must be positive, got -3"),
        (lambda: Uniform(2, 1), "Uniform low must be less than high, got low=2, high=1"),
        (lambda: Bernoulli(1.5), "Bernoulli probs must be in [0, 1], got 1.5"),
        (lambda: Poisson(0), "Poisson rate must be positive, got 0"),
        (lambda: Geometric(0), "Geometric probs must be in (0, 1], got 0"),
        (
            lambda: Categorical([0.5, 0.6]),
            "Categorical probs must sum to 1, got [0.5, 0.6] (sum 1.1)",
        ),
        (lambda: Categorical([-0.5, 1.5]), "Categorical probs must be in [0, 1], got -0.5"),
        (lambda: Dirichlet([1, -1]), "Dirichlet concentration must be positive, got -1"),
        (lambda: Dirichlet([1]), "Dirichlet concentration needs at least 2 entries, got [1]"),
        (
            lambda: MultivariateNormal([0, 0], [[1, 2], [2, 1]]),
            "MultivariateNormal covariance_matrix must be positive definite, got [[1, 2], [2, 1]]"
            " (leading minor 2 is -3)",
        ),
        (
            lambda: MultivariateNormal([0, 0], [[1, 0.5], [0, 1]]),
            "MultivariateNormal covariance_matrix must be symmetric, got [[1, 0.500000000000000], "
            "[0, 1]]",
        ),
        (
            lambda: MultivariateNormal([0], [[1, 0], [0, 1]]),
            "MultivariateNormal covariance_matrix must be 1x1 to match loc, got shape 2x2",
        ),
        (
            lambda: Normal(0, Symbol("s")),
            "Normal scale must be positive, got s (declare its symbols positive, "
            "e.g. Symbol('s', positive=True))",
        ),
        (lambda: Normal(0, Symbol("s", negative=True)), "Normal scale must be positive, got s"),
        (lambda: Normal(0), "Normal takes 2 parameter(s) (loc, scale), got 1"),
        (lambda: Normal("a", 1), "Normal loc must be a number or a SymPy expression, got 'a'"),
    ],
)
def test_invalid_parameters_raise_naming_the_value(build: Callable[[], Any], message: str) -> None:
    """A parameter outside its domain raises InvalidParameterError (a ValueError) naming it."""
    with pytest.raises(InvalidParameterError) as info:
        build()
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_torch_parameter_names_are_attributes() -> None:
    """Parameters are read back under torch's names."""
    assert Normal(1, 2).loc == 1
    assert Normal(1, 2).scale == 2
    assert Gamma(3, 4).concentration == 3
    assert Gamma(3, 4).rate == 4
    assert Beta(2, 5).concentration1 == 2
    assert Beta(2, 5).concentration0 == 5
    assert Uniform(-1, 1).high == 1
    assert Dirichlet([1, 2]).concentration == (1, 2)
    assert MultivariateNormal([1, 2], [[1, 0], [0, 1]]).dim == 2


def test_unit_interval_symbols_are_accepted() -> None:
    """A probability symbol needs no declaration: SymPy cannot state p ≤ 1 anyway."""
    p = Symbol("p")
    assert Bernoulli(p).probs is p
    assert Bernoulli(1 - p).probs == 1 - p


# --- printing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dist", "text", "latex"),
    [
        (Normal(mu1, s1), "Normal(mu1, sigma1)", r"\mathcal{N}\left(\mu_{1}, \sigma_{1}\right)"),
        (Exponential(lam), "Exponential(lambda)", r"\operatorname{Exp}\left(\lambda\right)"),
        (Gamma(2, 3), "Gamma(2, 3)", r"\operatorname{Gamma}\left(2, 3\right)"),
        (Beta(2, 3), "Beta(2, 3)", r"\operatorname{Beta}\left(2, 3\right)"),
        (Laplace(0, 1), "Laplace(0, 1)", r"\operatorname{Laplace}\left(0, 1\right)"),
        (Uniform(0, 1), "Uniform(0, 1)", r"\mathcal{U}\left(0, 1\right)"),
        (Bernoulli(S.Half), "Bernoulli(1/2)", r"\operatorname{Bern}\left(\frac{1}{2}\right)"),
        (
            Categorical([S.Half, S.Half]),
            "Categorical([1/2, 1/2])",
            r"\operatorname{Cat}\left(\frac{1}{2}, \frac{1}{2}\right)",
        ),
        (Poisson(lam), "Poisson(lambda)", r"\operatorname{Pois}\left(\lambda\right)"),
        (Geometric(S.Half), "Geometric(1/2)", r"\operatorname{Geom}\left(\frac{1}{2}\right)"),
        (Dirichlet([1, 2]), "Dirichlet([1, 2])", r"\operatorname{Dir}\left(1, 2\right)"),
    ],
)
def test_printing(dist: Distribution, text: str, latex: str) -> None:
    """str() uses torch's names, LaTeX the textbook symbol."""
    assert str(dist) == text
    assert sympy.latex(dist) == latex


def test_measure_latex_embeds_the_family() -> None:
    """A KL of families prints with the families' own LaTeX."""
    text = sympy.latex(symkl.kl_divergence(Normal(0, 1), Laplace(0, 1)))
    assert text == (
        r"D_{\mathrm{KL}}(\mathcal{N}\left(0, 1\right) \,\|\, "
        r"\operatorname{Laplace}\left(0, 1\right))"
    )


# --- densities and supports --------------------------------------------------------------------


def test_densities_and_supports() -> None:
    """value_at is the density on the support and zero outside it."""
    assert Uniform(0, 2).value_at(1) == S.Half
    assert Uniform(0, 2).value_at(3) == 0
    assert Exponential(2).value_at(-1) == 0
    assert Bernoulli(Rational(1, 3)).value_at(1) == Rational(1, 3)
    assert Bernoulli(Rational(1, 3)).value_at(2) == 0
    assert Poisson(2).value_at(0) == sympy.exp(-2)
    assert Geometric(S.Half).value_at(2) == Rational(1, 8)
    assert Categorical([Rational(1, 4), Rational(3, 4)]).pmf(1) == Rational(3, 4)
    assert Categorical([Rational(1, 4), Rational(3, 4)]).pmf(2) == 0
    assert Normal(0, 1).support == Support(Kind.CONTINUOUS, Normal.variable, -oo, oo)
    assert Beta(2, 2).support.upper == 1


def test_discrete_and_continuous_families_do_not_mix() -> None:
    """KL of a Poisson against a Normal is a TypeError."""
    with pytest.raises(MixedSupportError):
        symkl.kl_divergence(Poisson(1), Normal(0, 1))


# --- closed forms ------------------------------------------------------------------------------


def test_normal_kl_is_textbook_short() -> None:
    """Gaussian KL: log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½, not a Piecewise."""
    kl = symkl.kl_divergence(Normal(mu1, s1), Normal(mu2, s2)).doit()
    textbook = log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - S.Half
    assert kl.rewrite(sympy.Sum) == textbook  # one node that lambdifies without cancelling
    assert str(kl) == str(textbook)
    assert not kl.has(sympy.Piecewise)


def test_cross_entropy_is_entropy_plus_kl() -> None:
    """cross_entropy(F, G).doit() = H(F) + KL(F ‖ G)."""
    ce = symkl.cross_entropy(Exponential(lam), Exponential(2)).doit()
    h = symkl.entropy(Exponential(lam)).doit()
    kl = symkl.kl_divergence(Exponential(lam), Exponential(2)).doit()
    assert sympy.simplify(ce - h - kl) == 0


def test_poisson_entropy_is_a_series_evalf_evaluates() -> None:
    """Poisson entropy is λ(1 − log λ) + E[log k!]: one node whose rewrite is the Sum."""
    h = symkl.entropy(Poisson(3)).doit()
    assert h.rewrite(sympy.Sum).has(sympy.Sum)
    scipy_stats = pytest.importorskip("scipy.stats")
    _close(_value(h), float(scipy_stats.poisson(3).entropy()))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (Uniform(0, 2), Uniform(0, 1), oo),
        (Uniform(0, 1), Uniform(-1, 2), log(3)),
        (Poisson(1), Bernoulli(S.Half), oo),
        (Geometric(S.Half), Bernoulli(S.Half), oo),
        (Normal(0, 1), Exponential(1), oo),
        (Laplace(0, 1), Beta(1, 1), oo),
        (Bernoulli(S.Half), Bernoulli(0), oo),
        (Bernoulli(0), Bernoulli(S.Half), log(2)),
        (Geometric(S.Half), Geometric(1), oo),
        (Categorical([S.Half, S.Half]), Categorical([1, 0]), oo),
    ],
)
def test_infinite_kl_where_supports_do_not_nest(
    first: Distribution, second: Distribution, expected: sympy.Expr
) -> None:
    """KL is ∞ when the first puts mass where the second has none — never a finite number."""
    assert sympy.simplify(symkl.kl_divergence(first, second).doit() - expected) == 0 or (
        symkl.kl_divergence(first, second).doit() == expected
    )


def test_symbolic_uniform_kl_is_piecewise_on_the_bounds() -> None:
    """Uniform ‖ Uniform with symbolic bounds: finite only when the supports nest."""
    a, b = symbols("a b", real=True)
    kl = symkl.kl_divergence(Uniform(a, b), Uniform(0, 1)).doit()
    assert kl == sympy.Piecewise((log(1 / (b - a)), (a >= 0) & (b <= 1)), (oo, True))


# --- against scipy (entropy) and torch (KL) -----------------------------------------------------

scipy_stats = pytest.importorskip("scipy.stats")

ENTROPY_CASES: dict[str, tuple[Any, Callable[..., Any], Callable[..., Any]]] = {
    "normal": (st.tuples(real, positive), Normal, lambda m, s: scipy_stats.norm(m, s)),
    "exponential": (st.tuples(positive), Exponential, lambda r: scipy_stats.expon(scale=1 / r)),
    "gamma": (st.tuples(positive, positive), Gamma, lambda a, b: scipy_stats.gamma(a, scale=1 / b)),
    "beta": (st.tuples(positive, positive), Beta, scipy_stats.beta),
    "laplace": (st.tuples(real, positive), Laplace, scipy_stats.laplace),
    "uniform": (
        st.tuples(real, positive),
        lambda lo, w: Uniform(lo, lo + w),
        lambda lo, w: scipy_stats.uniform(lo, w),
    ),
    "bernoulli": (st.tuples(unit), Bernoulli, scipy_stats.bernoulli),
    "poisson": (st.tuples(positive), Poisson, scipy_stats.poisson),
    "geometric": (st.tuples(unit), Geometric, scipy_stats.geom),  # trials: same entropy
}


@pytest.mark.parametrize("name", sorted(ENTROPY_CASES))
def test_entropy_matches_scipy(name: str) -> None:
    """Closed-form entropy = scipy.stats' at random parameters (relative error ≤ 1e-10)."""
    params, ours, theirs = ENTROPY_CASES[name]

    @settings(max_examples=10, deadline=None)
    @given(params)
    def check(values: tuple[float, ...]) -> None:
        _close(_value(symkl.entropy(ours(*values)).doit()), float(theirs(*values).entropy()))

    check()


@settings(max_examples=10, deadline=None)
@given(st.lists(st.floats(0.05, 1.0), min_size=2, max_size=5))
def test_categorical_entropy_matches_scipy(weights: list[float]) -> None:
    """Categorical entropy = scipy.stats.entropy."""
    probs = np.asarray(weights) / np.sum(weights)
    dist = Categorical(
        [sympy.Float(v, 30) for v in probs[:-1]] + [1 - sympy.Float(sum(probs[:-1]), 30)]
    )
    _close(_value(symkl.entropy(dist).doit()), float(scipy_stats.entropy(probs)))


@settings(max_examples=10, deadline=None)
@given(st.lists(positive, min_size=2, max_size=4))
def test_dirichlet_entropy_matches_scipy(alpha: list[float]) -> None:
    """Dirichlet entropy = scipy.stats.dirichlet's."""
    _close(
        _value(symkl.entropy(Dirichlet(alpha)).doit()),
        float(scipy_stats.dirichlet(alpha).entropy()),
    )


@settings(max_examples=10, deadline=None)
@given(st.tuples(real, real, positive, positive, st.floats(-0.9, 0.9)))
def test_multivariate_normal_entropy_matches_scipy(values: tuple[float, ...]) -> None:
    """MultivariateNormal entropy = scipy.stats.multivariate_normal's."""
    m1, m2, v1, v2, r = values
    cov = [[v1, r * math.sqrt(v1 * v2)], [r * math.sqrt(v1 * v2), v2]]
    ours = _value(symkl.entropy(MultivariateNormal([m1, m2], cov)).doit())
    _close(ours, float(scipy_stats.multivariate_normal([m1, m2], cov).entropy()))


def _torch_pairs() -> dict[str, tuple[Any, ...]]:
    uniform = st.tuples(real, positive)
    return {
        "Normal": (st.tuples(real, positive), Normal, "Normal"),
        "Exponential": (st.tuples(positive), Exponential, "Exponential"),
        "Gamma": (st.tuples(positive, positive), Gamma, "Gamma"),
        "Beta": (st.tuples(positive, positive), Beta, "Beta"),
        "Laplace": (st.tuples(real, positive), Laplace, "Laplace"),
        "Uniform": (uniform, lambda lo, w: Uniform(lo, lo + w), "Uniform"),
        "Bernoulli": (st.tuples(unit), Bernoulli, "Bernoulli"),
        "Poisson": (st.tuples(positive), Poisson, "Poisson"),
        "Geometric": (st.tuples(unit), Geometric, "Geometric"),
    }


TORCH_PAIRS = [
    ("Normal", "Normal"), ("Exponential", "Exponential"), ("Gamma", "Gamma"), ("Beta", "Beta"),
    ("Laplace", "Laplace"), ("Uniform", "Uniform"), ("Bernoulli", "Bernoulli"),
    ("Poisson", "Poisson"), ("Geometric", "Geometric"), ("Exponential", "Gamma"),
    ("Gamma", "Exponential"), ("Uniform", "Normal"), ("Normal", "Laplace"),
    ("Laplace", "Normal"), ("Beta", "Normal"), ("Gamma", "Normal"), ("Exponential", "Normal"),
    ("Beta", "Gamma"), ("Beta", "Exponential"), ("Beta", "Uniform"), ("Uniform", "Beta"),
    ("Uniform", "Exponential"), ("Uniform", "Gamma"), ("Normal", "Exponential"),
    ("Laplace", "Uniform"), ("Bernoulli", "Poisson"), ("Poisson", "Bernoulli"),
]  # fmt: skip


def _torch_dist(torch: Any, name: str, values: tuple[float, ...]) -> Any:
    t = [torch.tensor(v, dtype=torch.float64) for v in values]
    d = torch.distributions
    if name == "Uniform":
        return d.Uniform(t[0], t[0] + t[1])
    if name == "Exponential":
        return d.Exponential(t[0])
    if name in ("Bernoulli", "Geometric"):
        return getattr(d, name)(probs=t[0])
    return getattr(d, name)(*t)


@pytest.mark.parametrize(("first", "second"), TORCH_PAIRS, ids=lambda v: str(v))
def test_kl_matches_torch(first: str, second: str) -> None:
    """Closed-form KL = torch.distributions.kl_divergence at random parameters (≤ 1e-10)."""
    torch = pytest.importorskip("torch")
    families = _torch_pairs()
    params_p, build_p, _ = families[first]
    params_q, build_q, _ = families[second]

    @settings(max_examples=8, deadline=None)
    @given(params_p, params_q)
    def check(vp: tuple[float, ...], vq: tuple[float, ...]) -> None:
        ours = _value(symkl.kl_divergence(build_p(*vp), build_q(*vq)).doit())
        theirs = float(torch.distributions.kl_divergence(
            _torch_dist(torch, first, vp), _torch_dist(torch, second, vq)
        ))  # fmt: skip
        _close(ours, theirs)

    check()


@settings(max_examples=8, deadline=None)
@given(
    st.lists(st.floats(0.05, 1.0), min_size=3, max_size=3),
    st.lists(st.floats(0.05, 1.0), min_size=3, max_size=3),
)
def test_categorical_and_dirichlet_kl_match_torch(wp: list[float], wq: list[float]) -> None:
    """Categorical and Dirichlet KL = torch's."""
    torch = pytest.importorskip("torch")
    p, q = np.asarray(wp) / sum(wp), np.asarray(wq) / sum(wq)
    d = torch.distributions
    ours = _value(symkl.kl_divergence(Categorical(list(p)), Categorical(list(q))).doit())
    theirs = d.kl_divergence(d.Categorical(torch.tensor(p)), d.Categorical(torch.tensor(q)))
    _close(ours, float(theirs))
    alpha, beta = [5 * v for v in wp], [5 * v for v in wq]
    ours = _value(symkl.kl_divergence(Dirichlet(alpha), Dirichlet(beta)).doit())
    theirs = d.kl_divergence(
        d.Dirichlet(torch.tensor(alpha, dtype=torch.float64)),
        d.Dirichlet(torch.tensor(beta, dtype=torch.float64)),
    )
    _close(ours, float(theirs))


@settings(max_examples=8, deadline=None)
@given(
    st.tuples(real, real, positive, positive, st.floats(-0.9, 0.9)),
    st.tuples(real, real, positive, positive, st.floats(-0.9, 0.9)),
)
def test_multivariate_normal_kl_matches_torch(vp: tuple[float, ...], vq: tuple[float, ...]) -> None:
    """MultivariateNormal KL = torch's."""
    torch = pytest.importorskip("torch")

    def cov(v: tuple[float, ...]) -> list[list[float]]:
        c = v[4] * math.sqrt(v[2] * v[3])
        return [[v[2], c], [c, v[3]]]

    ours = _value(symkl.kl_divergence(
        MultivariateNormal(vp[:2], cov(vp)), MultivariateNormal(vq[:2], cov(vq))
    ).doit())  # fmt: skip
    d = torch.distributions

    def mvn(v: tuple[float, ...]) -> Any:
        return d.MultivariateNormal(
            torch.tensor(v[:2], dtype=torch.float64), torch.tensor(cov(v), dtype=torch.float64)
        )

    _close(ours, float(d.kl_divergence(mvn(vp), mvn(vq))))


# --- registry extension ------------------------------------------------------------------------


class Shifted(Exponential):
    """A user's own family: inherits Exponential's closed forms unless it registers its own."""


class Dirac(Distribution):
    """A user-defined point mass, registered through the decorators."""

    kind = Kind.DISCRETE

    @property
    def name(self) -> str:
        return "Dirac"

    @property
    def support(self) -> Support:
        return Support(Kind.DISCRETE, size=1)

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        return S.One


def test_registry_is_extended_by_a_user_type() -> None:
    """register_entropy / register_kl plug a new family into .doit(); subclasses inherit."""

    @register_entropy(Dirac)
    def _h(d: Dirac) -> sympy.Expr:
        return S.Zero

    @register_kl(Dirac, Dirac)
    def _kl(p: Dirac, q: Dirac) -> sympy.Expr:
        return S.Zero

    assert symkl.entropy(Dirac()).doit() == 0
    assert symkl.kl_divergence(Dirac(), Dirac()).doit() == 0
    assert symkl.entropy(Shifted(2)).doit() == 1 - log(2)


# --- proofs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "method"),
    [
        (symkl.kl_divergence(Normal(mu1, s1), Normal(mu2, s2)), "integral"),
        (symkl.entropy(Exponential(lam)), "integral"),
        (symkl.kl_divergence(Poisson(lam), Poisson(2)), "series"),
        (symkl.kl_divergence(Poisson(lam), Bernoulli(S.Half)), "support"),
        (symkl.entropy(MultivariateNormal([mu1, 0], Matrix([[2, 1], [1, 2]]))), "integral"),
    ],
)
def test_closed_forms_are_proved_from_the_definition(measure: sympy.Expr, method: str) -> None:
    """The family-moments strategy proves measure = closed form, naming its method and facts."""
    success = family_moments(as_relation(Eq(measure, measure.doit(), evaluate=False)))
    assert success is not None
    assert success.method == method
    assert success.assumptions


@pytest.mark.parametrize(
    ("measure", "wrong"),
    [
        (symkl.kl_divergence(Normal(mu1, s1), Normal(mu2, s2)),
         log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2)),
        (symkl.entropy(Exponential(lam)), -log(lam)),
        (symkl.kl_divergence(Poisson(lam), Bernoulli(S.Half)), S.Zero),
        (symkl.entropy(Laplace(mu1, s1)), log(2 * s1)),
    ],
)  # fmt: skip
def test_wrong_closed_forms_are_not_proved(measure: sympy.Expr, wrong: sympy.Expr) -> None:
    """A closed form off by a constant is never proved by the strategy."""
    assert family_moments(as_relation(Eq(measure, wrong, evaluate=False))) is None


def test_wrong_normal_kl_is_refuted() -> None:
    """The Gaussian KL without its −½ is refuted with a counterexample."""
    wrong = log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2)
    proof = symkl.prove(Eq(symkl.kl_divergence(Normal(mu1, s1), Normal(mu2, s2)), wrong))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None


@pytest.mark.slow
def test_catalog_claims_get_their_expected_verdicts() -> None:
    """Every claim in derivations/families.py gets the verdict it expects (read from the
    session's one verification of the built-in catalog)."""
    from pathlib import Path

    from _catalog_run import catalog_results

    from symkl.catalog import load

    path = Path(__file__).resolve().parent.parent / "derivations" / "families.py"
    catalog = load([path])
    assert catalog.errors == []
    names = {entry.name for entry in catalog.entries}
    results = [r for r in catalog_results() if r.name in names]
    assert [r.name for r in results if not r.ok] == []
    # 47 of the first families, then LogNormal and Weibull (entropy, KL) and NegativeBinomial KL
    assert len(results) == 52
