"""Definitions of entropy, cross-entropy and KL divergence, as the seeds state them.

Each definition is checked in three settings: an explicit number of outcomes, a symbolic n
(sums over i = 1..n) and a continuous density. The equalities between the expectation form and
the sum or integral form are what every later derivation unfolds.
"""

import sympy
from sympy import Eq, IndexedBase, Sum, Symbol, exp, log, oo, pi, sqrt

import symkl
from symkl.citations import CV_DIFFERENCE, LEI_MAO, cite
from symkl.distributions import IndexedDiscrete

n = Symbol("n", integer=True, positive=True)
i = IndexedDiscrete.index
x = Symbol("x", real=True)
mu_p, mu_q = Symbol("mu_p", real=True), Symbol("mu_q", real=True)
sigma_p, sigma_q = Symbol("sigma_p", positive=True), Symbol("sigma_q", positive=True)

p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
p4, q4 = symkl.Discrete.symbolic("p", 4), symkl.Discrete.symbolic("q", 4)
P, Q = IndexedBase("p", positive=True), IndexedBase("q", positive=True)


def _gaussian(mu: Symbol, sigma: Symbol) -> sympy.Expr:
    return exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * sqrt(2 * pi))


f = symkl.Density(_gaussian(mu_p, sigma_p), x, (-oo, oo), name="p")
g = symkl.Density(_gaussian(mu_q, sigma_q), x, (-oo, oo), name="q")

ENTROPY_AS_EXPECTATION = symkl.Claim(
    "entropy-as-expectation",
    Eq(symkl.entropy(p), symkl.expectation(p, -log(p))),
    title="Entropy is the expected surprisal: H(p) = E_p[−log p]",
    source=cite(LEI_MAO, "Shannon Entropy"),
    why="definition",
)

ENTROPY_DISCRETE_SUM = symkl.Claim(
    "entropy-discrete-sum",
    Eq(symkl.entropy(p), -Sum(P[i] * log(P[i]), (i, 1, n))),
    title="Discrete entropy: H(p) = −Σ p(x) log p(x), symbolic n",
    source=cite(LEI_MAO, "Shannon Entropy") + cite(CV_DIFFERENCE, "answer 1", "S(v) = −Σ p log p"),
    why="definition, summed over i = 1..n",
)

ENTROPY_EXPLICIT_SUM = symkl.Claim(
    "entropy-explicit-sum",
    Eq(symkl.entropy(p4), -sum(v * log(v) for v in p4.probs)),
    title="Discrete entropy with four outcomes, written out",
    source=cite(LEI_MAO, "Shannon Entropy"),
    why="definition, four terms",
)

ENTROPY_CONTINUOUS = symkl.Claim(
    "entropy-continuous-integral",
    Eq(symkl.entropy(f), symkl.outcome_sum(-f * log(f))),
    title="Differential entropy: H(p) = −∫ p(x) log p(x) dx",
    source=cite(LEI_MAO, "Shannon Entropy"),
    why="definition for a density (here a Gaussian with symbolic parameters)",
)

CROSS_ENTROPY_AS_EXPECTATION = symkl.Claim(
    "cross-entropy-as-expectation",
    Eq(symkl.cross_entropy(p, q), symkl.expectation(p, -log(q))),
    title="Cross-entropy: H(p, q) = E_p[−log q]",
    source=cite(LEI_MAO, "Cross Entropy"),
    why="definition",
)

CROSS_ENTROPY_DISCRETE_SUM = symkl.Claim(
    "cross-entropy-discrete-sum",
    Eq(symkl.cross_entropy(p, q), -Sum(P[i] * log(Q[i]), (i, 1, n))),
    title="Discrete cross-entropy: H(P, Q) = −Σ P(x) log Q(x)",
    source=cite(CV_DIFFERENCE, "question") + cite(LEI_MAO, "Cross Entropy"),
    why="definition, summed over i = 1..n",
)

CROSS_ENTROPY_EXPLICIT_SUM = symkl.Claim(
    "cross-entropy-explicit-sum",
    Eq(
        symkl.cross_entropy(p4, q4),
        -sum(a * log(b) for a, b in zip(p4.probs, q4.probs, strict=True)),
    ),
    title="Discrete cross-entropy with four outcomes, written out",
    source=cite(LEI_MAO, "Cross Entropy"),
    why="definition, four terms",
)

CROSS_ENTROPY_CONTINUOUS = symkl.Claim(
    "cross-entropy-continuous-integral",
    Eq(symkl.cross_entropy(f, g), symkl.outcome_sum(-f * log(g))),
    title="Continuous cross-entropy: H(p, q) = −∫ p(x) log q(x) dx",
    source=cite(LEI_MAO, "Cross Entropy"),
    why="definition for densities (two Gaussians with symbolic parameters)",
)

KL_AS_EXPECTATION = symkl.Claim(
    "kl-as-expectation",
    Eq(symkl.kl_divergence(p, q), symkl.expectation(p, -log(q / p))),
    title="KL divergence (relative entropy): D_KL(p‖q) = E_p[−log(q/p)]",
    source=cite(LEI_MAO, "Kullback-Leibler Divergence"),
    why="definition",
)

KL_DISCRETE_SUM = symkl.Claim(
    "kl-discrete-sum",
    Eq(symkl.kl_divergence(p, q), Sum(P[i] * log(P[i] / Q[i]), (i, 1, n))),
    title="Discrete KL divergence: KL(P‖Q) = Σ P(x) log(P(x)/Q(x))",
    source=cite(CV_DIFFERENCE, "question") + cite(LEI_MAO, "Kullback-Leibler Divergence"),
    why="definition, summed over i = 1..n",
)

KL_TWO_TERM_FORM = symkl.Claim(
    "kl-two-term-sum",
    Eq(
        symkl.kl_divergence(p, q),
        Sum(P[i] * log(P[i]) - P[i] * log(Q[i]), (i, 1, n)),
    ),
    title="D_KL(A‖B) = Σ p_A log p_A − p_A log p_B",
    source=cite(CV_DIFFERENCE, "answer 1", "D_KL between A and B"),
    why="log of a quotient, valid because both probabilities are positive where p_A > 0",
)

KL_CONTINUOUS = symkl.Claim(
    "kl-continuous-integral",
    Eq(symkl.kl_divergence(f, g), symkl.outcome_sum(-f * log(g / f))),
    title="Continuous KL divergence: D_KL(p‖q) = −∫ p(x) log(q(x)/p(x)) dx",
    source=cite(LEI_MAO, "Kullback-Leibler Divergence"),
    why="definition for densities",
)
