"""Classification losses: cross-entropy, KL, log loss, softmax and sigmoid gradients.

Why classifiers minimise cross-entropy rather than KL is a statement about gradients and argmins:
H(p, q_θ) = D_KL(p ‖ q_θ) + H(p) and H(p) does not depend on θ.
"""

import sympy
from sympy import Eq, Rational, exp, log

import symkl
from symkl.citations import CV_DIFFERENCE, CV_PRACTICE, LEI_MAO, cite
from symkl.optimize import (
    COMPONENT,
    DifferentGradient,
    GradientIs,
    SameArgmin,
    SameGradient,
    maximize,
)


def sigmoid(t):
    return 1 / (1 + exp(-t))


# A binary classifier q_θ(y | x) = (σ(w·x + b), σ(−(w·x + b))) on three labelled samples.
w, b = sympy.symbols("w b", real=True)
theta = (w, b)
features = sympy.symbols("x_1:4", real=True)
labels = (1, 2, 1)
models = [
    symkl.Discrete([sigmoid(w * x + b), sigmoid(-(w * x + b))], name=f"q_{k}")
    for k, x in enumerate(features, start=1)
]
one_hot = [
    symkl.Discrete([1, 0] if y == 1 else [0, 1], name=f"p_{k}") for k, y in enumerate(labels, 1)
]
soft = [symkl.Discrete.symbolic(f"s{k}", 2) for k in range(1, 4)]


def total(terms):
    return sympy.Add(*terms)


samples = list(zip(models, labels, strict=True))
log_q_y = [log(q.probs[y - 1]) for q, y in zip(models, labels, strict=True)]

# --- one-hot labels -------------------------------------------------------------------------

q3 = symkl.Discrete.symbolic("q", 3)
p_onehot = symkl.Discrete([0, 1, 0], name="p")

ONE_HOT_CE_IS_KL = symkl.Derivation(
    name="one-hot-ce-is-kl",
    title="With a one-hot label, cross-entropy is −log q_y and equals the KL divergence",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation and Cross Entropy"),
    start=symkl.cross_entropy(p_onehot, q3),
    steps=[
        symkl.Step(-log(q3.probs[1]), why="only the true class y = 2 has p(y) = 1"),
        symkl.Step(symkl.kl_divergence(p_onehot, q3), why="H(p) = 0 for a one-hot p"),
    ],
)

# --- Lei Mao's log-loss chain ---------------------------------------------------------------

LOG_LOSS_CHAIN = symkl.Derivation(
    name="log-loss-chain",
    title="The summed cross-entropy with one-hot labels is the log loss",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation and Cross Entropy"),
    start=total(symkl.cross_entropy(p, q) for p, q in zip(one_hot, models, strict=True)),
    steps=[
        symkl.Step(total(-t for t in log_q_y), why="H_i(p, q_θ) = −log q_θ(y_i | x_i)"),
        symkl.Step(sympy.Mul(-1, total(log_q_y), evaluate=False), why="take the minus sign out"),
    ],
)

LOG_LOSS_IS_MLE = symkl.Derivation(
    name="log-loss-is-mle",
    title="Minimising the log loss is maximum-likelihood estimation",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation and Cross Entropy"),
    start=total(symkl.cross_entropy(p, q) for p, q in zip(one_hot, models, strict=True)),
    steps=[
        symkl.Step(-total(log_q_y), relation="argmin", wrt=theta, why="the two are equal"),
        symkl.Step(maximize(total(log_q_y)), relation="argmin", wrt=theta,
                   why="argmin of −f is argmax of f"),
        symkl.Step(maximize(sympy.Mul(*(q.probs[y - 1] for q, y in samples))),
                   relation="argmin", wrt=theta, why="log is strictly increasing"),
    ],
)  # fmt: skip

# --- cross-entropy versus KL in θ -----------------------------------------------------------

soft_pairs = list(zip(soft, models, strict=True))
ce_sum = total(symkl.cross_entropy(p, q) for p, q in zip(soft, models, strict=True))
kl_sum = total(symkl.kl_divergence(p, q) for p, q in zip(soft, models, strict=True))

CE_SUM_SPLITS = symkl.Derivation(
    name="ce-sum-argmin-is-kl-sum-argmin",
    title="argmin_θ Σ_i H_i(p, q_θ) = argmin_θ Σ_i D_KL,i(p ‖ q_θ)",
    source=cite(LEI_MAO, "Optimization Using Cross Entropy or KL Divergence"),
    start=ce_sum,
    steps=[
        symkl.Step(total(symkl.kl_divergence(p, q) + symkl.entropy(p) for p, q in soft_pairs),
                   why="H(p, q) = D_KL(p ‖ q) + H(p) for each sample"),
        symkl.Step(kl_sum, relation="argmin", wrt=theta, why="H_i(p) is independent of θ"),
    ],
)  # fmt: skip

CE_SUM_SAME_GRADIENT = symkl.Claim(
    "ce-sum-same-gradient-as-kl-sum",
    SameGradient(ce_sum, kl_sum, theta),
    title="Σ_i H_i(p, q_θ) and Σ_i D_KL,i(p ‖ q_θ) have the same gradient in θ",
    source=cite(LEI_MAO, "Optimization Using Cross Entropy or KL Divergence"),
    why="they differ by Σ_i H_i(p), which does not depend on θ",
)

batch = slice(0, 2)  # a minibatch: the first two samples
ce_batch = total(symkl.cross_entropy(p, q) for p, q in zip(soft[batch], models[batch], strict=True))
kl_batch = total(symkl.kl_divergence(p, q) for p, q in zip(soft[batch], models[batch], strict=True))

MINIBATCH_SAME_GRADIENT = symkl.Claim(
    "minibatch-same-gradient",
    SameGradient(ce_batch, kl_batch, theta),
    title="On a minibatch, cross-entropy and KL have the same gradient in θ",
    source=cite(CV_DIFFERENCE, "answer 4", "on zewen liu’s answer"),
    why="the batch's own label entropy H(p') is still free of θ",
)

MINIBATCH_SAME_ARGMIN = symkl.Claim(
    "minibatch-same-argmin",
    SameArgmin(ce_batch, kl_batch, theta),
    title="On a minibatch, cross-entropy and KL have the same minimisers in θ",
    source=cite(CV_DIFFERENCE, "answer 4", "on zewen liu’s answer"),
    why="a constant offset H(p') does not move the minimisers",
)

MINIBATCH_MISCONCEPTION = symkl.Claim(
    "minibatch-ce-kl-different-gradients",
    DifferentGradient(ce_batch, kl_batch, theta),
    title="Misconception: in minibatch training CE and KL give different gradients",
    source=cite(CV_DIFFERENCE, "answer 2"),
    why="refuted: the gradients are equal on every batch; the batch entropy H(p') is free of θ",
    expect="refuted",
)

ENTROPY_GRADIENT_ZERO = symkl.Claim(
    "entropy-gradient-zero",
    GradientIs(symkl.entropy(soft[0]), theta, (0, 0)),
    title="The gradient of H(p) with respect to the model parameters is zero",
    source=cite(CV_DIFFERENCE, "answer 4"),
    why="p is the data's label distribution and does not depend on θ",
)

# --- softmax and sigmoid gradients ----------------------------------------------------------

K = sympy.Symbol("K", integer=True, positive=True)
i, j = sympy.symbols("i j", integer=True, positive=True)
k = COMPONENT
z = sympy.IndexedBase("z", real=True)
labels_K = symkl.Discrete.symbolic("p", K)
p_K = labels_K.base
partition = sympy.Sum(exp(z[j]), (j, 1, K))

SOFTMAX_CE_GRADIENT = symkl.Claim(
    "softmax-ce-gradient",
    GradientIs(sympy.Sum(-p_K[i] * log(exp(z[i]) / partition), (i, 1, K)), z,
               exp(z[k]) / partition - p_K[k], given=[labels_K]),
    title="∂/∂z_k of the softmax cross-entropy is softmax(z)_k − p_k (K classes)",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation and Cross Entropy"),
    why="Σ_i p_i δ_ik = p_k and Σ_i p_i = 1 (the Kronecker-delta rule, K symbolic)",
)  # fmt: skip

zs = sympy.symbols("z_1:4", real=True)
labels_3 = symkl.Discrete.symbolic("p", 3)
softmax_3 = [exp(a) / sum(exp(c) for c in zs) for a in zs]
pairs_3 = list(zip(labels_3.probs, softmax_3, strict=True))

SOFTMAX_CE_GRADIENT_3 = symkl.Claim(
    "softmax-ce-gradient-3",
    GradientIs(-sum(p * log(s) for p, s in pairs_3), list(zs),
               tuple(s - p for p, s in pairs_3), given=[labels_3]),
    title="The softmax cross-entropy gradient for three classes",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation and Cross Entropy"),
    why="the same identity with K = 3, term by term",
)  # fmt: skip

y = sympy.Symbol("y", positive=True)
t = sympy.Symbol("t", real=True)
bce = -y * log(sigmoid(t)) - (1 - y) * log(1 - sigmoid(t))
target = symkl.Discrete([y, 1 - y], name="p")
prediction = symkl.Discrete([sigmoid(t), 1 - sigmoid(t)], name="q")

SIGMOID_BCE_GRADIENT = symkl.Claim(
    "sigmoid-bce-gradient",
    GradientIs(bce, t, sigmoid(t) - y, domain={y: ("real", 0.0, 1.0)}),
    title="d/dz of the binary cross-entropy of σ(z) is σ(z) − y",
    source=cite(CV_PRACTICE, "question, Motivation", "‘BCE is way more robust than KL’"),
    why="σ'(z) = σ(z)(1 − σ(z))",
)

# Soft label p = (p_1, p_2); σ(−t) = 1 − σ(t) keeps every log argument visibly positive.
soft_label = symkl.Discrete.symbolic("p", 2)
soft_prediction = symkl.Discrete([sigmoid(t), sigmoid(-t)], name="q")
soft_bce = -soft_label.probs[0] * log(sigmoid(t)) - soft_label.probs[1] * log(sigmoid(-t))

SOFT_BCE_MINUS_KL = symkl.Claim(
    "soft-label-bce-minus-kl",
    Eq(soft_bce - symkl.kl_divergence(soft_label, soft_prediction), symkl.entropy(soft_label),
       evaluate=False),
    title="Soft-label BCE minus KL is the constant H(p)",
    source=cite(CV_PRACTICE, "question, Motivation", "‘BCE is way more robust than KL’"),
    why="BCE(p, σ(z)) = H(p, q) with q = (σ(z), 1 − σ(z)), and H(p, q) − D_KL(p ‖ q) = H(p)",
)  # fmt: skip

BCE_KL_SAME_GRADIENT = symkl.Claim(
    "bce-kl-same-gradient",
    SameGradient(bce, symkl.kl_divergence(target, prediction), t, domain={y: ("real", 0.0, 1.0)}),
    title="'BCE is way more robust than KL': they have the same gradient in the logit",
    source=cite(CV_DIFFERENCE, "comments on answer 2") + cite(CV_PRACTICE, "question"),
    why="what is provable: same gradient in θ, values differ by the constant H(p)",
)

# --- where the equivalence stops ------------------------------------------------------------

p2 = symkl.Discrete.symbolic("p", 2)

REVERSE_KL_GRADIENT = symkl.Claim(
    "reverse-kl-gradient-is-ce-gradient",
    SameGradient(symkl.kl_divergence(models[0], p2), symkl.cross_entropy(models[0], p2), theta),
    title="Misconception: ∇_θ D_KL(q_θ ‖ p) = ∇_θ H(q_θ, p)",
    source=cite(CV_DIFFERENCE, "answer 3", "choosing D_KL(p, q) or D_KL(q, p)"),
    why="refuted: D_KL(q_θ ‖ p) = H(q_θ, p) − H(q_θ) and H(q_θ) depends on θ",
    expect="refuted",
)

p_free = symkl.Discrete.symbolic("p", 3)
q_fixed = symkl.Discrete([Rational(1, 2), Rational(1, 3), Rational(1, 6)], name="q")

ARGMIN_OVER_P = symkl.Claim(
    "argmin-over-p-kl-is-argmin-ce",
    SameArgmin(symkl.kl_divergence(p_free, q_fixed), symkl.cross_entropy(p_free, q_fixed),
               p_free.probs),
    title="Misconception: argmin over p of D_KL(p ‖ q) equals argmin over p of H(p, q)",
    source=cite(CV_DIFFERENCE, "answer 3", "p and q both variable"),
    why="refuted: argmin_p D_KL(p ‖ q) = q = (1/2, 1/3, 1/6), while H(p, q) is linear in p and "
    "is minimised by the one-hot p = (1, 0, 0) on the largest q",
    expect="refuted",
)  # fmt: skip

# The same misconception typed as plain SymPy formulas in p (Bernoulli, q fixed in (0, 1)).
p_plain, q_plain = sympy.symbols("p q")
kl_plain = p_plain * log(p_plain / q_plain) + (1 - p_plain) * log((1 - p_plain) / (1 - q_plain))
ce_plain = -p_plain * log(q_plain) - (1 - p_plain) * log(1 - q_plain)

ARGMIN_OVER_P_PLAIN = symkl.Claim(
    "argmin-over-p-kl-is-argmin-ce-plain",
    SameArgmin(kl_plain, ce_plain, p_plain, domain=sympy.Interval.open(0, 1)),
    where=[q_plain > 0, q_plain < 1],
    title="Misconception, as plain formulas: argmin over p of the Bernoulli KL equals that of CE",
    source=cite(CV_DIFFERENCE, "answer 3", "p and q both variable"),
    why="refuted with a certificate: KL is strictly convex in p with its stationary point at "
    "p = q, so q is its unique minimiser; CE is linear in p and lower near p = 0 or p = 1",
    expect="refuted",
)
