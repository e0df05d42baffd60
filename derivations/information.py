"""Several random variables: chain rule, mutual information, Gibbs on the joint, JS bounds.

Cover & Thomas, Elements of Information Theory (2nd ed.), chapter 2, over a symbolic 2×2 joint
table p(x, y) (entries p_i_j, Σ = 1) and symbolic distributions of three outcomes; the distance
of p to the uniform distribution over a symbolic n.
"""

from sympy import Eq, Ge, Le, Symbol, log

import symkl
from symkl.citations import COVER_THOMAS, LIN, cite
from symkl.information import (
    Joint,
    conditional_entropy,
    joint_entropy,
    js_divergence,
    mutual_information,
    total_variation,
)
from symkl.measures import KLDivergence

n = Symbol("n", integer=True, positive=True)
J = Joint.symbolic("p", (2, 2))
p_x, p_y = J.marginal("X"), J.marginal("Y")
H_XY = joint_entropy(J)
H_X, H_Y = symkl.entropy(p_x), symkl.entropy(p_y)
H_Y_given_X = conditional_entropy(J, "Y", "X")
H_X_given_Y = conditional_entropy(J, "X", "Y")
I_XY = mutual_information(J, "X", "Y")
p, q = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
p_n = symkl.Discrete.symbolic("p", n)
uniform = symkl.Discrete.uniform(n)
m = Symbol("m", integer=True, positive=True)
T = Joint.symbolic("p", (m, n))
T_X, T_Y = symkl.entropy(T.marginal("X")), symkl.entropy(T.marginal("Y"))

CHAIN_RULE = symkl.Claim(
    "entropy-chain-rule",
    Eq(H_XY, H_X + H_Y_given_X),
    title="Chain rule: H(X, Y) = H(X) + H(Y | X)",
    source=cite(COVER_THOMAS, "Theorem 2.2.1"),
    why="log p(x, y) = log p(x) + log p(y | x), averaged over p(x, y)",
)

CHAIN_RULE_SYMBOLIC = symkl.Claim(
    "entropy-chain-rule-symbolic-sizes",
    Eq(joint_entropy(T), T_X + conditional_entropy(T, "Y", "X")),
    title="Chain rule H(X, Y) = H(X) + H(Y | X) for an m × n table",
    source=cite(COVER_THOMAS, "Theorem 2.2.1"),
    why="Σ_i Σ_j p[i, j] log p(y_j | x_i) = Σ_i Σ_j p[i, j] log p[i, j] − Σ_i p(x_i) log p(x_i)",
)

MI_SYMMETRIC_FORM = symkl.Claim(
    "mutual-information-symbolic-sizes",
    Eq(mutual_information(T, "X", "Y"), T_X + T_Y - joint_entropy(T)),
    title="I(X; Y) = H(X) + H(Y) − H(X, Y) for an m × n table",
    source=cite(COVER_THOMAS, "Theorem 2.4.1", "equation 2.41"),
    why="log p/(p(x) p(y)) split in three; each marginal sum collapses one index",
)

MI_AS_ENTROPIES = symkl.Claim(
    "mutual-information-as-entropy-reduction",
    Eq(I_XY, H_X - H_X_given_Y),
    title="I(X; Y) = H(X) − H(X | Y)",
    source=cite(COVER_THOMAS, "Theorem 2.4.1", "equation 2.39"),
    why="log p(x, y)/(p(x) p(y)) = log p(x | y) − log p(x)",
)

MI_AS_KL = symkl.Claim(
    "mutual-information-as-kl",
    Eq(I_XY, symkl.kl_divergence(J, J.product_of_marginals())),
    title="I(X; Y) = D_KL(p(x, y) ‖ p(x) p(y))",
    source=cite(COVER_THOMAS, "Definition", "equation 2.28"),
    why="the defining sums are the same once log(p/(p_X p_Y)) is expanded",
)

MI_NONNEGATIVE = symkl.Claim(
    "mutual-information-nonnegative",
    Ge(I_XY, 0),
    title="I(X; Y) ≥ 0",
    source=cite(COVER_THOMAS, "Corollary of Theorem 2.6.3", "nonnegativity of mutual information"),
    why="I is the KL divergence of the joint from the product of its marginals; Gibbs",
)

MI_NONNEGATIVE_SYMBOLIC = symkl.Claim(
    "mutual-information-nonnegative-symbolic-sizes",
    Ge(mutual_information(T, "X", "Y"), 0),
    title="I(X; Y) ≥ 0 for an m × n table",
    source=cite(COVER_THOMAS, "Corollary of Theorem 2.6.3", "nonnegativity of mutual information"),
    why="−I = Σ p log(p(x) p(y)/p) ≤ Σ (p(x) p(y) − p) = 1 − 1 = 0, by log t ≤ t − 1",
)

CONDITIONING_REDUCES_ENTROPY = symkl.Claim(
    "conditioning-reduces-entropy",
    Le(conditional_entropy(T, "Y", "X"), T_Y),
    title="Conditioning reduces entropy: H(Y | X) ≤ H(Y), for an m × n table",
    source=cite(COVER_THOMAS, "Theorem 2.6.5"),
    why="H(Y) − H(Y | X) = I(X; Y) ≥ 0",
)

SUBADDITIVITY = symkl.Claim(
    "entropy-subadditivity",
    Le(H_XY, H_X + H_Y),
    title="Independence bound: H(X, Y) ≤ H(X) + H(Y)",
    source=cite(COVER_THOMAS, "Theorem 2.6.6"),
    why="H(X) + H(Y) − H(X, Y) = I(X; Y) ≥ 0",
)

KL_TO_UNIFORM = symkl.Claim(
    "kl-to-uniform-symbolic-n",
    Eq(KLDivergence(p_n, uniform), log(n) - symkl.entropy(p_n)),
    title="D_KL(p ‖ u) = log n − H(p) for the uniform u over a symbolic n",
    source=cite(COVER_THOMAS, "Theorem 2.6.4", "its proof"),
    why="Σ p log(n p) = log n · Σ p + Σ p log p, and Σ p = 1",
)

UNIFORM_ENTROPY = symkl.Claim(
    "entropy-of-uniform-symbolic-n",
    Eq(symkl.entropy(uniform), log(n)),
    title="H(u) = log n for the uniform distribution over a symbolic n",
    source=cite(COVER_THOMAS, "Theorem 2.6.4", "equality case"),
    why="n equal terms (1/n) log n",
)

JS_NONNEGATIVE = symkl.Claim(
    "js-nonnegative",
    Ge(js_divergence(p, q), 0),
    title="JS(p ‖ q) ≥ 0",
    source=cite(
        COVER_THOMAS, "Theorem 2.6.3", "information inequality) applied to KL(p ‖ m) and KL(q ‖ m"
    ),
    why="JS = ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = ½(p + q), both halves ≥ 0",
)

JS_AT_MOST_LOG2 = symkl.Claim(
    "js-at-most-log-2",
    Le(js_divergence(p, q), log(2)),
    title="JS(p ‖ q) ≤ log 2",
    source=cite(COVER_THOMAS, "Theorem 2.6.3") + cite(LIN),
    why="log 2 − JS = Σ ½p log(1 + q/p) + ½q log(1 + p/q), each term ≥ 0",
)

MI_IS_SUM_OF_ENTROPIES = symkl.Claim(
    "misconception-mi-is-sum-of-entropies",
    Eq(I_XY, H_X + H_Y),
    title="Misconception: I(X; Y) = H(X) + H(Y)",
    source=cite(
        COVER_THOMAS, "Theorem 2.4.1", "I = H(X) + H(Y) − H(X, Y): the joint entropy is missing"
    ),
    why="I(X; Y) ≤ min(H(X), H(Y)); the sum counts the shared information twice",
    expect="refuted",
)

WRONG_CHAIN_RULE = symkl.Claim(
    "misconception-chain-rule-wrong-conditional",
    Eq(H_XY, H_X + H_X_given_Y),
    title="Misconception: H(X, Y) = H(X) + H(X | Y)",
    source=cite(COVER_THOMAS, "Theorem 2.2.1", "the conditional term is H(Y | X)"),
    why="the term added to H(X) is what Y adds once X is known",
    expect="refuted",
)

TV_ABOVE_KL = symkl.Claim(
    "misconception-tv-at-least-kl",
    Ge(total_variation(p, q), symkl.kl_divergence(p, q)),
    title="Misconception: total variation is at least the KL divergence",
    source=cite(COVER_THOMAS, "Lemma 11.6.1", "Pinsker bounds KL below by 2·TV², not above by TV"),
    why="KL is unbounded (q → 0 where p > 0) while TV ≤ 1",
    expect="refuted",
)
