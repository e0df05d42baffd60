"""Cover & Thomas chapter 2 as a teacher presents it: chain rules, data processing, the log-sum
inequality, grouping, maximum entropy by Gibbs, equality conditions, and the misconceptions.

Symbolic sizes where the proof is general (m × n tables, n outcomes); small tables of symbols
where the identity needs three variables; numbers where a counterexample is the point.
"""

from sympy import Eq, Ge, Gt, IndexedBase, Le, Ne, S, Sum, Symbol, log

import symkl
from symkl.citations import COVER_THOMAS, LIN, cite
from symkl.information import (
    Joint,
    conditional_entropy,
    conditional_kl_divergence,
    conditional_mutual_information,
    joint_entropy,
    js_divergence,
    mixture,
    mutual_information,
    table_kl,
    total_variation,
)
from symkl.measures import KLDivergence

m = Symbol("m", integer=True, positive=True)
n = Symbol("n", integer=True, positive=True)
i = Symbol("i", integer=True, positive=True)
T = Joint.symbolic("p", (m, n))
R = Joint.symbolic("q", (m, n))
T_X, T_Y = T.marginal("X"), T.marginal("Y")
p_n, q_n = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
uniform = symkl.Discrete.uniform(n)
J3 = Joint.symbolic("p", (2, 2, 2))
p3, q3 = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
p4 = symkl.Discrete.symbolic("p", 4)
a, b = IndexedBase("a", positive=True), IndexedBase("b", positive=True)
A, B = Sum(a[i], (i, 1, n)), Sum(b[i], (i, 1, n))
# X, Y independent fair bits and Z = X xor Y: the classical example of Cover & Thomas §2.8.
XOR = Joint([[[S(1) / 4, 0], [0, S(1) / 4]], [[0, S(1) / 4], [S(1) / 4, 0]]], names=("X", "Y", "Z"))

# ---- theorems ------------------------------------------------------------------------------

MAX_ENTROPY_UNIFORM = symkl.Derivation(
    "max-entropy-uniform-by-gibbs",
    log(n) - symkl.entropy(p_n),
    [
        symkl.Step(KLDivergence(p_n, uniform), why="Σ p log(n p) = log n − H(p) since Σ p = 1"),
        symkl.Step(S(0), relation=">=", why="Gibbs' inequality against the maximiser u"),
    ],
    title="H(p) ≤ log n: the uniform distribution has maximum entropy (symbolic n)",
    source=cite(COVER_THOMAS, "Theorem 2.6.4"),
)

CHAIN_RULE_THREE = symkl.Claim(
    "entropy-chain-rule-three-variables",
    Eq(
        joint_entropy(J3),
        symkl.entropy(J3.marginal("X"))
        + conditional_entropy(J3, "Y", "X")
        + conditional_entropy(J3, "Z", ("X", "Y")),
    ),
    title="Chain rule: H(X, Y, Z) = H(X) + H(Y | X) + H(Z | X, Y)",
    source=cite(COVER_THOMAS, "Theorem 2.5.1"),
    why="log p(x, y, z) = log p(x) + log p(y | x) + log p(z | x, y), averaged over p(x, y, z)",
)

MI_CHAIN_RULE = symkl.Claim(
    "mutual-information-chain-rule",
    Eq(
        mutual_information(J3, "X", ("Y", "Z")),
        mutual_information(J3, "X", "Y") + conditional_mutual_information(J3, "X", "Z", "Y"),
    ),
    title="Chain rule for information: I(X; Y, Z) = I(X; Y) + I(X; Z | Y)",
    source=cite(COVER_THOMAS, "Theorem 2.5.2"),
    why="I(X; Y, Z) = H(X) − H(X | Y, Z) = [H(X) − H(X | Y)] + [H(X | Y) − H(X | Y, Z)]",
)

_PXY = Joint.symbolic("p", (2, 2))
_QXY = Joint.symbolic("q", (2, 2))
KL_CHAIN_RULE = symkl.Claim(
    "kl-chain-rule",
    Eq(
        symkl.kl_divergence(_PXY, _QXY),
        symkl.kl_divergence(_PXY.marginal("X"), _QXY.marginal("X"))
        + sum(
            _PXY.marginal("X").probs[k]
            * symkl.kl_divergence(
                _PXY.conditional("Y", given="X")[k], _QXY.conditional("Y", given="X")[k]
            )
            for k in range(2)
        ),
    ),
    title="Chain rule for relative entropy: D(p(x, y) ‖ q(x, y)) = D(p(x) ‖ q(x)) + "
    "D(p(y | x) ‖ q(y | x))",
    source=cite(COVER_THOMAS, "Theorem 2.5.3"),
    why="log p(x, y)/q(x, y) = log p(x)/q(x) + log p(y | x)/q(y | x)",
)

KL_CHAIN_RULE_SYMBOLIC = symkl.Claim(
    "kl-chain-rule-symbolic-sizes",
    Eq(
        table_kl(T, R),
        symkl.kl_divergence(T_X, R.marginal("X")) + conditional_kl_divergence(T, R, given="X"),
    ),
    title="Chain rule for relative entropy, m × n tables: D(p(x, y) ‖ q(x, y)) = D(p(x) ‖ q(x)) "
    "+ D(p(y | x) ‖ q(y | x))",
    source=cite(COVER_THOMAS, "Theorem 2.5.3"),
    why="log p(x, y)/q(x, y) = log p(x)/q(x) + log p(y | x)/q(y | x), and Σ_y p(x, y) = p(x)",
)

CONDITIONAL_KL_NON_NEGATIVE = symkl.Claim(
    "conditional-kl-non-negative-symbolic-sizes",
    Ge(conditional_kl_divergence(T, R, given="X"), 0),
    title="D(p(y | x) ‖ q(y | x)) ≥ 0 for m × n tables",
    source=cite(COVER_THOMAS, "§2.5, conditional relative entropy", "an average of divergences"),
    why="for each x, Σ_y p log(p/q) ≥ p(x) log(p(x)/q(x)) by the log-sum inequality",
)

MI_AS_ENTROPY_REDUCTION_SYMBOLIC = symkl.Derivation(
    "mutual-information-entropy-reduction-symbolic-sizes",
    mutual_information(T, "X", "Y"),
    [
        symkl.Step(
            symkl.entropy(T_X) - conditional_entropy(T, "X", "Y"),
            why="log p/(p(x) p(y)) = log p(x | y) − log p(x); Σ_j p[i, j] = p(x_i)",
        ),
        symkl.Step(S(0), relation=">=", why="I(X; Y) ≥ 0: log-sum inequality, Σ p = Σ p(x)p(y)"),
    ],
    title="I(X; Y) = H(X) − H(X | Y) ≥ 0 for an m × n table",
    source=cite(COVER_THOMAS, "Theorems 2.4.1 and 2.6.3", "corollary"),
)

CONDITIONING_DERIVATION = symkl.Derivation(
    "conditioning-reduces-entropy-derivation",
    symkl.entropy(T_Y),
    [
        symkl.Step(
            conditional_entropy(T, "Y", "X") + mutual_information(T, "X", "Y"),
            why="I(X; Y) = H(Y) − H(Y | X) (marginalisation)",
        ),
        symkl.Step(conditional_entropy(T, "Y", "X"), relation=">=", why="I(X; Y) ≥ 0 (log-sum)"),
    ],
    title="H(Y) ≥ H(Y | X) for an m × n table, through I(X; Y) ≥ 0",
    source=cite(COVER_THOMAS, "Theorem 2.6.5"),
)

SUBADDITIVITY_SYMBOLIC = symkl.Claim(
    "entropy-subadditivity-symbolic-sizes",
    Le(joint_entropy(T), symkl.entropy(T_X) + symkl.entropy(T_Y)),
    title="Independence bound H(X, Y) ≤ H(X) + H(Y) for an m × n table",
    source=cite(COVER_THOMAS, "Theorem 2.6.6"),
    why="H(X) + H(Y) − H(X, Y) = I(X; Y) ≥ 0",
)

DATA_PROCESSING = symkl.Claim(
    "data-processing-marginal-symbolic-sizes",
    Le(symkl.kl_divergence(T_Y, R.marginal("Y")), table_kl(T, R)),
    title="Data processing: D(p(y) ‖ q(y)) ≤ D(p(x, y) ‖ q(x, y)) for m × n tables",
    source=cite(
        COVER_THOMAS, "Theorem 2.8.1 (data processing), for relative entropy under a channel"
    ),
    why="forgetting X is a channel; for each y the log-sum inequality over x bounds the column",
)

_ROWS = [symkl.Discrete.symbolic(f"w{k}", 2) for k in (1, 2, 3)]
_OUT_P, _OUT_Q = (Joint.from_channel(d, _ROWS).marginal("Y") for d in (p3, q3))
DATA_PROCESSING_CHANNEL = symkl.Claim(
    "data-processing-general-channel",
    Le(symkl.kl_divergence(_OUT_P, _OUT_Q), symkl.kl_divergence(p3, q3)),
    title="Data processing through a channel: D(pW ‖ qW) ≤ D(p ‖ q) for every channel W "
    "(3 inputs, 2 outputs, symbolic entries)",
    source=cite(
        COVER_THOMAS, "Theorem 2.8.1 (data processing), for relative entropy under a channel"
    ),
    why="for each output y the log-sum inequality over x with a = p(x)W(y|x), b = q(x)W(y|x); "
    "summed over y, Σ_y W(y|x) = 1 gives back D(p ‖ q)",
    where=[fact for row in _ROWS for fact in row.domain_facts()],
)

LOG_SUM = symkl.Claim(
    "log-sum-inequality-symbolic-n",
    Ge(Sum(a[i] * log(a[i] / b[i]), (i, 1, n)), A * log(A / B)),
    title="Log-sum inequality: Σ a_i log(a_i/b_i) ≥ (Σ a) log(Σ a / Σ b), a, b > 0",
    source=cite(COVER_THOMAS, "Theorem 2.7.1"),
    why="Σ a log(a B/(b A)) ≥ Σ a (1 − b A/(a B)) = A − A = 0 by log t ≥ 1 − 1/t",
)

GROUPING = symkl.Claim(
    "entropy-of-function-at-most-entropy",
    Ge(symkl.entropy(p4), symkl.entropy(p4.map([0, 0, 1, 1]))),
    title="H(g(X)) ≤ H(X) (g merges outcomes 1, 2 and 3, 4)",
    source=cite(COVER_THOMAS, "Problem 2.4"),
    why="H(X) − H(g(X)) = Σ_k p_k log(P_g(k)/p_k) and a group's mass is at least each member's",
)

JS_AT_MOST_LOG2_SYMBOLIC = symkl.Claim(
    "js-at-most-log-2-symbolic-n",
    Le(js_divergence(p_n, q_n), log(2)),
    title="JS(p ‖ q) ≤ log 2 over a symbolic n",
    source=cite(LIN),
    why="log 2 − JS = Σ ½p log(1 + q/p) + ½q log(1 + p/q), each term ≥ 0",
)

KL_ZERO_AT_EQUALITY = symkl.Claim(
    "kl-zero-when-equal",
    Eq(symkl.kl_divergence(p_n, p_n), 0),
    title="Equality condition, one way: D(p ‖ p) = 0",
    source=cite(COVER_THOMAS, "Theorem 2.6.3", "equality case"),
    why="every term is p log 1 = 0",
)

KL_POSITIVE_WHEN_DIFFERENT = symkl.Claim(
    "kl-positive-when-different",
    Gt(symkl.kl_divergence(p3, q3), 0),
    title="Equality condition, other way: D(p ‖ q) > 0 when p ≠ q",
    source=cite(COVER_THOMAS, "Theorem 2.6.3", "equality iff p = q"),
    why="t log t is strictly convex: Jensen is strict unless p/q is constant, i.e. p = q",
    where=[Ne(p3, q3)],
)

_s, _t = Symbol("s", positive=True), Symbol("t", positive=True)
MI_ZERO_WHEN_INDEPENDENT = symkl.Claim(
    "mutual-information-zero-when-independent",
    Eq(
        mutual_information(
            Joint([[_s * _t, _s * (1 - _t)], [(1 - _s) * _t, (1 - _s) * (1 - _t)]]), "X", "Y"
        ),
        0,
    ),
    title="I(X; Y) = 0 for independent X, Y (the table p(x) q(y) of two bits)",
    source=cite(COVER_THOMAS, "Corollary of Theorem 2.6.3", "equality iff independent"),
    why="log p(x) q(y) / (p(x) q(y)) = 0 in every cell",
    where=[_s < 1, _t < 1],
)

TV_AT_MOST_ONE = symkl.Claim(
    "total-variation-at-most-one",
    Le(total_variation(p3, q3), 1),
    title="TV(p, q) ≤ 1",
    source=cite(COVER_THOMAS, "§11.6", "L1 distance"),
    why="½ Σ |p − q| ≤ ½ (Σ p + Σ q) = 1",
)

_lam = Symbol("lambda", positive=True)
u3, v3 = symkl.Discrete.symbolic("u", 3), symkl.Discrete.symbolic("v", 3)

ENTROPY_CONCAVE = symkl.Claim(
    "entropy-concave",
    Ge(
        symkl.entropy(mixture(p3, q3, _lam)),
        _lam * symkl.entropy(p3) + (1 - _lam) * symkl.entropy(q3),
    ),
    title="Concavity of entropy: H(λp + (1 − λ)q) ≥ λH(p) + (1 − λ)H(q) for every λ in (0, 1)",
    source=cite(COVER_THOMAS, "Theorem 2.7.3"),
    why="the gap is λ D(p ‖ m) + (1 − λ) D(q ‖ m) ≥ 0 with m the mixture (at λ = 0 or 1 both "
    "sides are equal)",
    where=[_lam < 1],
)

KL_JOINTLY_CONVEX = symkl.Claim(
    "kl-jointly-convex",
    Le(
        symkl.kl_divergence(mixture(p3, u3, _lam), mixture(q3, v3, _lam)),
        _lam * symkl.kl_divergence(p3, q3) + (1 - _lam) * symkl.kl_divergence(u3, v3),
    ),
    title="Joint convexity of D: D(λp₁ + (1−λ)p₂ ‖ λq₁ + (1−λ)q₂) ≤ λD(p₁‖q₁) + (1−λ)D(p₂‖q₂), "
    "λ in (0, 1)",
    source=cite(COVER_THOMAS, "Theorem 2.7.2"),
    why="for each outcome, the log-sum inequality with a = (λp₁, (1−λ)p₂), b = (λq₁, (1−λ)q₂); "
    "summed over the outcomes",
    where=[_lam < 1],
)

# ---- misconceptions --------------------------------------------------------------------------

KL_CHAIN_RULE_WITH_MARGINALS = symkl.Claim(
    "misconception-kl-chain-rule-with-marginals",
    Eq(
        table_kl(T, R),
        symkl.kl_divergence(T_X, R.marginal("X")) + symkl.kl_divergence(T_Y, R.marginal("Y")),
    ),
    title="Misconception: D(p(x, y) ‖ q(x, y)) = D(p(x) ‖ q(x)) + D(p(y) ‖ q(y))",
    source=cite(COVER_THOMAS, "Theorem 2.5.3", "the second term is conditional"),
    why="true for products p(x)p(y) and q(x)q(y) only; the chain rule's second term is "
    "D(p(y | x) ‖ q(y | x))",
    expect="refuted",
)

_CONDITIONING_ON_VALUE = Joint([[S(1) / 2, 0], [S(1) / 4, S(1) / 4]])
CONDITIONING_ON_A_VALUE = symkl.Claim(
    "misconception-conditioning-on-a-value-reduces-entropy",
    Le(
        symkl.entropy(_CONDITIONING_ON_VALUE.conditional("Y", given="X")[1]),
        symkl.entropy(_CONDITIONING_ON_VALUE.marginal("Y")),
    ),
    title="Misconception: H(Y | X = x) ≤ H(Y) for every x",
    source=cite(COVER_THOMAS, "Theorem 2.6.5", "only the average over x is bounded"),
    why="here H(Y) = h(1/4) < log 2 = H(Y | X = 2)",
    expect="refuted",
)

CONDITIONING_REDUCES_MI = symkl.Claim(
    "misconception-conditioning-reduces-mutual-information",
    Le(conditional_mutual_information(XOR, "X", "Y", "Z"), mutual_information(XOR, "X", "Y")),
    title="Misconception: I(X; Y | Z) ≤ I(X; Y)",
    source=cite(COVER_THOMAS, "§2.8", "Z = X ⊕ Y: I(X; Y) = 0, I(X; Y | Z) = log 2"),
    why="conditioning can create dependence",
    expect="refuted",
)

SUPERADDITIVITY = symkl.Claim(
    "misconception-joint-entropy-at-least-sum",
    Ge(joint_entropy(T), symkl.entropy(T_X) + symkl.entropy(T_Y)),
    title="Misconception: H(X, Y) ≥ H(X) + H(Y)",
    source=cite(COVER_THOMAS, "Theorem 2.6.6", "the inequality goes the other way"),
    why="equality only for independent X, Y; dependence lowers H(X, Y)",
    expect="refuted",
)

FUNCTION_RAISES_ENTROPY = symkl.Claim(
    "misconception-function-raises-entropy",
    Le(symkl.entropy(p4), symkl.entropy(p4.map([0, 0, 1, 1]))),
    title="Misconception: H(g(X)) ≥ H(X)",
    source=cite(COVER_THOMAS, "Problem 2.4"),
    why="merging outcomes can only lose information",
    expect="refuted",
)

DATA_PROCESSING_REVERSED = symkl.Claim(
    "misconception-processing-increases-divergence",
    Ge(symkl.kl_divergence(T_Y, R.marginal("Y")), table_kl(T, R)),
    title="Misconception: D(p(y) ‖ q(y)) ≥ D(p(x, y) ‖ q(x, y))",
    source=cite(COVER_THOMAS, "Theorem 2.8.1", "processing cannot increase divergence"),
    why="forgetting X loses the difference carried by X",
    expect="refuted",
)

CONDITIONAL_ENTROPY_SYMMETRIC = symkl.Claim(
    "misconception-conditional-entropy-symmetric",
    Eq(conditional_entropy(T, "Y", "X"), conditional_entropy(T, "X", "Y")),
    title="Misconception: H(Y | X) = H(X | Y)",
    source=cite(COVER_THOMAS, "Theorem 2.2.1", "H(Y | X) − H(X | Y) = H(Y) − H(X)"),
    why="only I(X; Y) is symmetric",
    expect="refuted",
)

MI_ABOVE_ENTROPY = symkl.Claim(
    "misconception-mutual-information-exceeds-entropy",
    Ge(mutual_information(T, "X", "Y"), symkl.entropy(T_X)),
    title="Misconception: I(X; Y) ≥ H(X)",
    source=cite(COVER_THOMAS, "§2.4", "I(X; Y) = H(X) − H(X | Y) ≤ H(X)"),
    why="equality only when Y determines X",
    expect="refuted",
)

PINSKER_REVERSED = symkl.Claim(
    "misconception-pinsker-reversed",
    Le(symkl.kl_divergence(p3, q3), 2 * total_variation(p3, q3) ** 2),
    title="Misconception: D(p ‖ q) ≤ 2 TV(p, q)²",
    source=cite(COVER_THOMAS, "Lemma 11.6.1", "Pinsker bounds D from below only"),
    why="D is unbounded as q → 0 where p > 0, TV stays ≤ 1",
    expect="refuted",
)

ENTROPY_CONVEX = symkl.Claim(
    "misconception-entropy-convex",
    Le(
        symkl.entropy(mixture(p3, q3, S(1) / 3)),
        S(1) / 3 * symkl.entropy(p3) + S(2) / 3 * symkl.entropy(q3),
    ),
    title="Misconception: entropy is convex, H(λp + (1 − λ)q) ≤ λH(p) + (1 − λ)H(q)",
    source=cite(COVER_THOMAS, "Theorem 2.7.3", "entropy is concave"),
    why="mixing two point masses gives positive entropy from two zero entropies",
    expect="refuted",
)

LOG_SUM_REVERSED = symkl.Claim(
    "misconception-log-sum-reversed",
    Le(Sum(a[i] * log(a[i] / b[i]), (i, 1, n)), A * log(A / B)),
    title="Misconception: Σ a log(a/b) ≤ (Σ a) log(Σ a / Σ b)",
    source=cite(COVER_THOMAS, "Theorem 2.7.1"),
    why="the sum of the terms is at least the term of the sums (convexity of t log t)",
    expect="refuted",
)

KL_ALWAYS_POSITIVE = symkl.Claim(
    "misconception-kl-always-positive",
    Gt(symkl.kl_divergence(p3, q3), 0),
    title="Misconception: D(p ‖ q) > 0 for all p, q",
    source=cite(COVER_THOMAS, "Theorem 2.6.3", "D = 0 iff p = q"),
    why="at p = q every term is p log 1 = 0",
    expect="refuted",
)

JS_HALF_LOG2 = symkl.Claim(
    "misconception-js-at-most-half-log-2",
    Le(js_divergence([1, 0], [0, 1]), log(2) / 2),
    title="Misconception: JS(p ‖ q) ≤ ½ log 2",
    source=cite(LIN, "", "the bound is log 2, attained by disjoint supports"),
    why="for p = (1, 0), q = (0, 1) each half-KL is ½ log 2",
    expect="refuted",
)
