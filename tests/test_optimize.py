"""Tests of symkl.optimize: gradients, same-gradient / same-argmin relations and MLE."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy
from sympy import Rational, exp, log

import symkl
import symkl.citations
from symkl.derivation import Derivation, Step
from symkl.optimize import (
    COMPONENT,
    DifferentGradient,
    GradientIs,
    Maximizer,
    SameArgmin,
    SameGradient,
    gradient,
    likelihood,
    maximize,
    mle,
    same_argmin,
    same_gradient,
)
from symkl.prover import Verdict, prove

n = sympy.Symbol("n", integer=True, positive=True)
K = sympy.Symbol("K", integer=True, positive=True)
i, j = sympy.symbols("i j", integer=True, positive=True)
k = COMPONENT
theta = sympy.Symbol("theta", real=True)
z = sympy.IndexedBase("z", real=True)
x = sympy.IndexedBase("x", real=True)


def sigmoid(t: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + exp(-t))


q_theta = symkl.Discrete([sigmoid(theta), sigmoid(-theta)], name="q")
p2 = symkl.Discrete.symbolic("p", 2)
ROOT = Path(__file__).resolve().parent.parent


# --- gradient -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "wrt", "expected"),
    [
        (theta**3, theta, 3 * theta**2),
        (sympy.Sum(z[i] ** 2, (i, 1, n)), z, 2 * z[k]),
        (sympy.Sum(3 * z[i] + theta * z[i] ** 2, (i, 1, n)), z, 2 * theta * z[k] + 3),
        (
            sympy.Sum((x[i] - theta) ** 2, (i, 1, n)),
            theta,
            2 * n * theta - 2 * sympy.Sum(x[i], (i, 1, n)),
        ),
    ],
)
def test_gradient_exact(expr: sympy.Expr, wrt: object, expected: sympy.Expr) -> None:
    """gradient applies the Kronecker-delta rule and keeps sums linear."""
    assert sympy.expand(gradient(expr, wrt) - expected) == 0  # type: ignore[operator]


def test_gradient_of_a_sequence_is_a_tuple() -> None:
    """A sequence of variables gives one partial derivative each."""
    a, b = sympy.symbols("a b", real=True)
    assert gradient(a**2 * b, [a, b]) == (2 * a * b, a**2)


def test_gradient_of_a_measure_unfolds_it() -> None:
    """∂/∂θ of H(p, q_θ) is σ(θ) − p_1 after Σp = 1 (here left as p_1 + p_2)."""
    g = gradient(symkl.cross_entropy(p2, q_theta), theta)
    p_1, p_2 = p2.probs
    assert sympy.simplify(g - ((p_1 + p_2) * sigmoid(theta) - p_1)) == 0  # type: ignore[operator]


@pytest.mark.parametrize("bad", ["theta", 3, []])
def test_gradient_rejects_non_symbols(bad: object) -> None:
    """A variable that is not a Symbol / IndexedBase raises TypeError naming it."""
    with pytest.raises(TypeError, match="got"):
        gradient(theta**2, bad)


# --- same gradient --------------------------------------------------------------------------


def test_ce_and_kl_same_gradient_named_offset() -> None:
    """∇H(p, q_θ) = ∇D_KL(p ‖ q_θ): a constant offset H(p)."""
    proof = same_gradient(symkl.cross_entropy(p2, q_theta), symkl.kl_divergence(p2, q_theta), theta)
    assert proof.verdict is Verdict.PROVED
    assert proof.method == "constant offset: differ by H(p), free of theta"
    assert "p does not depend on the optimised variables" in proof.assumptions


def test_reverse_kl_gradient_refuted() -> None:
    """∇D_KL(q_θ ‖ p) ≠ ∇H(q_θ, p): H(q_θ) depends on θ; the point is reported."""
    proof = same_gradient(symkl.kl_divergence(q_theta, p2), symkl.cross_entropy(q_theta, p2), theta)
    assert proof.verdict is Verdict.REFUTED
    example = proof.counterexample
    assert example is not None
    assert example["component"] == "theta"
    assert abs(example["lhs"] - example["rhs"]) > 1e-6


def test_different_gradient_misconception_refuted() -> None:
    """'CE and KL give different gradients' is refuted by the proof that they agree."""
    proof = prove(
        DifferentGradient(symkl.cross_entropy(p2, q_theta), symkl.kl_divergence(p2, q_theta), theta)
    )
    assert proof.verdict is Verdict.REFUTED
    assert proof.method.startswith("the gradients are equal: constant offset")


def test_softmax_ce_gradient_symbolic_k() -> None:
    """∂/∂z_k Σ_i −p_i log softmax(z)_i = softmax(z)_k − p_k for a symbolic K."""
    labels = symkl.Discrete.symbolic("p", K)
    p = labels.base
    partition = sympy.Sum(exp(z[j]), (j, 1, K))
    loss = sympy.Sum(-p[i] * log(exp(z[i]) / partition), (i, 1, K))
    proof = prove(GradientIs(loss, z, exp(z[k]) / partition - p[k], given=[labels]))
    assert proof.verdict is Verdict.PROVED
    assert "Σ p = 1" in proof.assumptions
    assert "1 ≤ k ≤ K" in proof.assumptions
    wrong = prove(GradientIs(loss, z, exp(z[k]) / partition + p[k], given=[labels]))
    assert wrong.verdict is Verdict.REFUTED


def test_sigmoid_bce_gradient() -> None:
    """d/dz BCE(y, σ(z)) = σ(z) − y."""
    y, t = sympy.Symbol("y", positive=True), sympy.Symbol("t", real=True)
    bce = -y * log(sigmoid(t)) - (1 - y) * log(1 - sigmoid(t))
    assert prove(GradientIs(bce, t, sigmoid(t) - y)).verdict is Verdict.PROVED


def test_gradient_is_needs_one_component_per_variable() -> None:
    """A wrong number of expected components raises TypeError naming the value."""
    a, b = sympy.symbols("a b", real=True)
    with pytest.raises(TypeError, match=r"expected 2 gradient components for \(a, b\), got 0"):
        symkl.optimize.gradient_is(a * b, [a, b], 0)


# --- same argmin ----------------------------------------------------------------------------

mu = sympy.Symbol("mu", real=True)
sigma = sympy.Symbol("sigma", positive=True)
rate = sympy.Symbol("lambda", positive=True)
xp = sympy.IndexedBase("x", positive=True)


@pytest.mark.parametrize(
    ("f", "g", "wrt", "method"),
    [
        (symkl.cross_entropy(p2, q_theta), symkl.kl_divergence(p2, q_theta), theta,
         "constant offset: differ by H(p), free of theta"),
        (sympy.Sum((x[i] - mu) ** 2 / (2 * sigma**2) + log(2 * sympy.pi * sigma**2) / 2, (i, 1, n)),
         sympy.Sum((x[i] - mu) ** 2, (i, 1, n)), mu,
         "positive affine map: f = c·g + b, c = 1/(2*sigma**2) > 0, b free of mu"),
        (3 * (theta - 1) ** 2, (theta - 1) ** 2, theta, "positive scale: f = c·g, c = 3 > 0"),
        (maximize(sympy.Product(rate * exp(-rate * xp[i]), (i, 1, n))),
         maximize(sympy.Sum(log(rate * exp(-rate * xp[i])), (i, 1, n))), rate,
         "strictly increasing map log: g = log(f) "
         "(product of positive likelihoods vs sum of logs)"),
        (maximize(sympy.Sum(log(rate) - rate * xp[i], (i, 1, n))),
         -sympy.Sum(log(rate) - rate * xp[i], (i, 1, n)), rate,
         "negation turns argmax into argmin"),
    ],
)  # fmt: skip
def test_same_argmin_names_the_relation(
    f: sympy.Expr, g: sympy.Expr, wrt: object, method: str
) -> None:
    """Each minimiser-preserving relation is proved and named."""
    proof = same_argmin(f, g, wrt)
    assert proof.verdict is Verdict.PROVED
    assert proof.method == method


def test_argmin_over_p_of_kl_and_ce_refuted() -> None:
    """argmin_p KL(p‖q) = q but argmin_p H(p, q) is the one-hot vertex on the largest q."""
    p = symkl.Discrete.symbolic("p", 3)
    q = symkl.Discrete([Rational(1, 2), Rational(1, 3), Rational(1, 6)], name="q")
    proof = same_argmin(symkl.kl_divergence(p, q), symkl.cross_entropy(p, q), p.probs)
    assert proof.verdict is Verdict.REFUTED
    example = proof.counterexample
    assert example is not None
    assert [example[f"p_{c} (b)"] for c in (1, 2, 3)] == [1.0, 0.0, 0.0]
    assert [round(example[f"p_{c} (a)"], 1) for c in (1, 2, 3)] == [0.5, 0.3, 0.2]
    assert example["lhs(a)"] < example["lhs(b)"]
    assert example["rhs(b)"] < example["rhs(a)"]
    assert "rhs is linear" in proof.detail


def test_same_argmin_unrelated_objectives_not_proved() -> None:
    """(θ − 1)² and (θ + 1)² have different minimisers: never proved."""
    proof = same_argmin((theta - 1) ** 2, (theta + 1) ** 2, theta)
    assert proof.verdict is not Verdict.PROVED


# --- relation objects -----------------------------------------------------------------------


def test_relations_equal_by_value_with_stable_repr() -> None:
    """Relations compare and hash by value; repr is the srepr-based cache key."""
    a = SameArgmin(symkl.cross_entropy(p2, q_theta), symkl.kl_divergence(p2, q_theta), theta)
    b = SameArgmin(symkl.cross_entropy(p2, q_theta), symkl.kl_divergence(p2, q_theta), [theta])
    assert a == b
    assert hash(a) == hash(b)
    assert repr(a) == repr(b)
    assert repr(a).startswith("SameArgmin(CrossEntropy(")
    assert a != SameGradient(a.lhs, a.rhs, theta)
    assert (a.symbol, SameGradient(a.lhs, a.rhs, theta).symbol) == ("same argmin", "same gradient")
    assert a.wrt == (theta,)


def test_derivation_step_builds_relations() -> None:
    """Step(relation='argmin', wrt=θ) builds a SameArgmin that prove() settles."""
    ce, kl = symkl.cross_entropy(p2, q_theta), symkl.kl_divergence(p2, q_theta)
    d = Derivation(
        "d", ce, [Step(kl, relation="argmin", wrt=theta), Step(ce, relation="gradient", wrt=theta)]
    )
    relations = d.step_relations()
    assert relations == [SameArgmin(ce, kl, theta), SameGradient(kl, ce, theta)]
    assert [prove(r).verdict for r in relations] == [Verdict.PROVED, Verdict.PROVED]


def test_relation_rejects_non_expressions() -> None:
    """A non-expression objective raises MalformedClaimError (a TypeError) naming it."""
    with pytest.raises(TypeError, match="got 'loss'"):
        SameArgmin("loss", theta, theta)


# --- maximum likelihood ---------------------------------------------------------------------

S = sympy.Sum


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bernoulli", [S(sympy.IndexedBase("x", nonnegative=True)[i], (i, 1, n)) / n]),
        ("poisson", [S(sympy.IndexedBase("x", nonnegative=True, integer=True)[i], (i, 1, n)) / n]),
        ("exponential", [n / S(xp[i], (i, 1, n))]),
        ("categorical", [sympy.IndexedBase("c", positive=True)[k] / n]),
        ("normal", [S(x[i], (i, 1, n)) / n,
                    (n * S(x[i] ** 2, (i, 1, n)) - S(x[i], (i, 1, n)) ** 2) / n**2]),
    ],
)  # fmt: skip
def test_mle_closed_forms(name: str, expected: list[sympy.Expr]) -> None:
    """Each built-in family's MLE, with the second-order condition proved."""
    result = mle(name)
    assert [
        sympy.simplify(a - b) for a, b in zip(result.estimators.values(), expected, strict=False)
    ] == [0] * len(expected)
    assert result.second_order.verdict is Verdict.PROVED
    assert result.second_order.method == "Hessian negative definite at the estimate"


def test_categorical_multiplier_is_n() -> None:
    """The Lagrange multiplier of Σθ = 1 is λ = Σ c_k = n."""
    assert mle("categorical").multiplier == n


def test_mle_from_a_log_likelihood() -> None:
    """A user's log-likelihood and parameter give the same estimator as the table."""
    result = mle(S(log(rate) - rate * xp[i], (i, 1, n)), rate)
    assert result.estimators == {rate: n / S(xp[i], (i, 1, n))}


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: mle("gamma"), ValueError, "no built-in log-likelihood for 'gamma'"),
        (lambda: mle(log(rate)), TypeError, "the parameters are required"),
    ],
)
def test_mle_bad_input(call: object, error: type[Exception], message: str) -> None:
    """Unknown families and missing parameters raise errors naming the value."""
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]


@pytest.mark.slow
def test_biased_variance_proved_unbiased_refuted() -> None:
    """σ̂² = (1/n)Σ(x − x̄)² is the Normal MLE; dividing by n − 1 is refuted with data."""
    normal = likelihood("normal")
    m, v = normal.parameters
    mean = S(x[i], (i, 1, n)) / n
    spread = S((x[i] - mean) ** 2, (i, 1, n))
    assert prove(Maximizer(normal, {m: mean, v: spread / n})).verdict is Verdict.PROVED
    wrong = prove(Maximizer(normal, {m: mean, v: spread / (n - 1)}))
    assert wrong.verdict is Verdict.REFUTED
    assert wrong.counterexample is not None
    assert wrong.counterexample["component"] == "sigma^2"


# --- the catalog modules --------------------------------------------------------------------

CATALOG = [ROOT / "derivations" / "classification.py", ROOT / "derivations" / "likelihood.py"]


def test_catalog_modules_load() -> None:
    """Both catalog modules load without errors, with titles, sources and 29 entries."""
    catalog = symkl.catalog.load(CATALOG)
    assert catalog.errors == []
    assert len(catalog.entries) == 29
    # every entry cites a seed document (a structured citation carries the seed file name)
    cited = [symkl.citations.lookup(e.source) for e in catalog.entries]
    assert all(e.title for e in catalog.entries)
    assert all(s is not None and any(w.seed for w in s.works) for s in cited)


@pytest.mark.slow
def test_catalog_modules_verify() -> None:
    """Every entry of both modules gets its expected verdict."""
    from symkl import runner

    results = runner.verify(symkl.catalog.load(CATALOG).entries)
    assert [r.name for r in results if not r.ok] == []


# --- gradients against finite differences (Hypothesis) ------------------------------------------

from hypothesis import given, settings  # noqa: E402  # kept beside the tests that use it
from hypothesis import strategies as st  # noqa: E402

logits = st.lists(st.floats(-3, 3, allow_nan=False), min_size=3, max_size=3)
weights = st.lists(st.floats(0.05, 1.0, allow_nan=False), min_size=3, max_size=3)
STEP = 1e-6


def _central(f: object, values: list[float], c: int) -> float:
    up, down = list(values), list(values)
    up[c] += STEP
    down[c] -= STEP
    return (f(*up) - f(*down)) / (2 * STEP)  # type: ignore[operator, no-any-return]


@settings(max_examples=15, deadline=None)
@given(logits, weights)
def test_symbolic_k_softmax_gradient_matches_finite_differences(
    zv: list[float], wv: list[float]
) -> None:
    """The symbolic-K softmax CE gradient, at K = 3, matches central differences."""
    labels = symkl.Discrete.symbolic("p", K)
    p = labels.base
    partition = sympy.Sum(exp(z[j]), (j, 1, K))
    g = gradient(sympy.Sum(-p[i] * log(exp(z[i]) / partition), (i, 1, K)), z)
    probs = [w / sum(wv) for w in wv]
    zs = sympy.symbols("a b c", real=True)
    loss = sympy.lambdify(
        zs,
        -sum(pc * log(exp(a) / sum(exp(b) for b in zs)) for pc, a in zip(probs, zs, strict=False)),
    )
    for c in range(3):
        at = g.subs({K: 3, k: c + 1}).doit()  # type: ignore[union-attr]
        value = float(
            at.subs({z[m + 1]: zv[m] for m in range(3)}).subs(
                {p[m + 1]: probs[m] for m in range(3)}
            )
        )
        assert value == pytest.approx(_central(loss, zv, c), abs=1e-6)


@settings(max_examples=15, deadline=None)
@given(st.floats(-2, 2), st.floats(0.3, 3), st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_normal_log_likelihood_gradient_matches_finite_differences(
    m: float, v: float, data: list[float]
) -> None:
    """∂ℓ/∂μ and ∂ℓ/∂σ² of the Normal log-likelihood, at n = 3, match central differences."""
    normal = likelihood("normal")
    mu_, var = normal.parameters
    (xs,) = normal.data
    grads = gradient(normal.log_likelihood, [mu_, var])
    env = {n: 3, mu_: m, var: v}
    ell = sympy.lambdify(
        [mu_, var],
        normal.log_likelihood.subs(n, 3).doit().subs({xs[c + 1]: data[c] for c in range(3)}),
    )
    for c, g in enumerate(grads):  # type: ignore[arg-type]
        value = float(g.subs(env).doit().subs({xs[r + 1]: data[r] for r in range(3)}))
        assert value == pytest.approx(_central(ell, [m, v], c), rel=1e-5, abs=1e-6)
