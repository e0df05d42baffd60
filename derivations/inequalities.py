"""Inequalities: Gibbs' inequality, the range of entropy, and the pointwise bound behind them."""

from sympy import Abs, Eq, Ge, Le, S, Symbol, exp, log, oo, pi, sqrt

import symkl
from symkl.citations import COVER_THOMAS, CV_DIFFERENCE, CV_PRACTICE, LEI_MAO, cite

n = Symbol("n", integer=True, positive=True)
t = Symbol("t", positive=True)
x = Symbol("x", real=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
p6 = symkl.Discrete.symbolic("p", 6)
p3, q3 = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
total_variation = sum(Abs(a - b) for a, b in zip(p3.probs, q3.probs, strict=True))

mu1, mu2 = Symbol("mu1", real=True), Symbol("mu2", real=True)
s1, s2 = Symbol("sigma1", positive=True), Symbol("sigma2", positive=True)
f = symkl.Density(
    exp(-((x - mu1) ** 2) / (2 * s1**2)) / (s1 * sqrt(2 * pi)), x, (-oo, oo), name="p"
)
g = symkl.Density(
    exp(-((x - mu2) ** 2) / (2 * s2**2)) / (s2 * sqrt(2 * pi)), x, (-oo, oo), name="q"
)

LOG_BOUND = symkl.Claim(
    "t-log-t-bound",
    Ge(t * log(t) - t + 1, 0),
    title="t log t ≥ t − 1 for t > 0 (equality only at t = 1)",
    source=cite(COVER_THOMAS, "Theorem 2.6.3", "its proof"),
    why="the convex function t log t lies above its tangent at t = 1; summed with weights q "
    "and t = p/q it gives Gibbs' inequality",
)

GIBBS = symkl.Claim(
    "gibbs-inequality",
    Ge(symkl.kl_divergence(p, q), 0),
    title="Gibbs' inequality: D_KL(p‖q) ≥ 0",
    source=cite(CV_PRACTICE, "answer", "‘positive’") + cite(COVER_THOMAS, "Theorem 2.6.3"),
    why="Σ q·φ(p/q) ≥ φ(Σ p) = 0 for the convex φ(t) = t log t (equality iff p = q, as φ is "
    "strictly convex)",
)

GIBBS_EQUALITY = symkl.Claim(
    "gibbs-equality-at-p-equals-q",
    Eq(symkl.kl_divergence(p, p), 0),
    title="D_KL(p‖p) = 0: the bound is attained at q = p",
    source=cite(COVER_THOMAS, "Theorem 2.6.3", "the equality case"),
    why="every term is p log 1 = 0",
)

GIBBS_DENSITIES = symkl.Claim(
    "gibbs-inequality-densities",
    Ge(symkl.kl_divergence(f, g), 0),
    title="D_KL(p‖q) ≥ 0 for densities",
    source=cite(CV_PRACTICE, "answer", "KL(q‖f_θ)"),
    why="the same convexity argument, pointwise in x",
)

CE_AT_LEAST_ENTROPY = symkl.Claim(
    "cross-entropy-at-least-entropy",
    Ge(symkl.cross_entropy(p, q), symkl.entropy(p)),
    title="H(p, q) ≥ H(p): no code beats the one built for p",
    source=cite(CV_PRACTICE, "answer", "‘You cannot be better than the optimal coding scheme’"),
    why="H(p, q) − H(p) = D_KL(p‖q) ≥ 0",
)

PINSKER = symkl.Claim(
    "pinsker-inequality",
    Ge(symkl.kl_divergence(p3, q3), total_variation**2 / 2),
    title="Pinsker's inequality: D_KL(p‖q) ≥ ½ ‖p − q‖₁²",
    source=cite(COVER_THOMAS, "Lemma 11.6.1"),
    why="true, but beyond the termwise strategies (|p − q| couples the outcomes): numbers only",
    expect="checked",
)

PINSKER_CONSTANT_ONE = symkl.Claim(
    "pinsker-with-constant-one",
    Ge(symkl.kl_divergence(p3, q3), total_variation**2),
    title="Pinsker's inequality with constant 1 instead of ½ is false",
    source=cite(COVER_THOMAS, "Lemma 11.6.1", "the constant ½ is needed"),
    why="near p = (1, 0, 0) and q spread out, KL grows slower than ‖p − q‖₁²",
    expect="refuted",
)

ENTROPY_NON_NEGATIVE = symkl.Claim(
    "entropy-non-negative",
    Ge(symkl.entropy(p), 0),
    title="H(p) ≥ 0 for a discrete distribution",
    source=cite(COVER_THOMAS, "Lemma 2.1.1"),
    why="each term −p log p ≥ 0 because 0 < p ≤ 1",
)

ENTROPY_AT_MOST_LOG_N = symkl.Claim(
    "entropy-at-most-log-n",
    Le(symkl.entropy(p), log(n)),
    title="H(p) ≤ log n",
    source=cite(COVER_THOMAS, "Theorem 2.6.4"),
    why="log n − H(p) = D_KL(p‖uniform) ≥ 0",
)

ENTROPY_AT_MOST_LOG_SIX = symkl.Claim(
    "entropy-at-most-log-6",
    Le(symkl.entropy(p6), log(6)),
    title="H(p) ≤ log 6 for a six-sided die",
    source=cite(COVER_THOMAS, "Theorem 2.6.4"),
    why="Gibbs against the uniform distribution on six outcomes",
)

UNIFORM_ENTROPY_IS_LOG_N = symkl.Claim(
    "uniform-entropy-is-log-n",
    Eq(symkl.entropy([S.One / 6] * 6), log(6)),
    title="The uniform distribution attains the bound: H(1/6, …, 1/6) = log 6",
    source=cite(COVER_THOMAS, "Theorem 2.6.4", "the equality case"),
    why="six terms of (1/6) log 6",
)

ONE_HOT_ENTROPY_IS_ZERO = symkl.Claim(
    "one-hot-entropy-is-zero",
    Eq(symkl.entropy([0, 0, 1, 0]), 0),
    title="The entropy of a one-hot vector is 0",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation and Cross Entropy", "one-hot truth"),
    why="1·log 1 = 0 and 0·log 0 = 0",
)

ENTROPY_CERTAIN_EVENT = symkl.Claim(
    "entropy-lower-bound-is-attained",
    Eq(symkl.entropy([1]), 0),
    title="A certain outcome carries no uncertainty: H = 0",
    source=cite(CV_DIFFERENCE, "answer 1", "‘almost certain … low uncertainty’"),
    why="the lower bound H ≥ 0 is attained by a point mass",
)
