"""Maximum likelihood: products versus sums of logs, empirical cross-entropy, closed-form MLEs.

The log-likelihood of n i.i.d. observations x[i] is a ``Sum`` over i = 1..n with n symbolic.
"""

import sympy
from sympy import Eq, Rational, exp, log, pi, sqrt

import symkl
from symkl.citations import CV_PRACTICE, LEI_MAO, cite
from symkl.optimize import Maximizer, SameArgmin, likelihood, maximize

n = sympy.Symbol("n", integer=True, positive=True)
i = sympy.Symbol("i", integer=True, positive=True)
k = sympy.Symbol("k", integer=True, positive=True)
rate = sympy.Symbol("lambda", positive=True)
x_pos = sympy.IndexedBase("x", positive=True)

# --- argmax Π q_θ = argmax Σ log q_θ = argmin −Σ log q_θ ---------------------------------------

q_theta = rate * exp(-rate * x_pos[i])  # an exponential model q_λ(x) = λ e^{−λx}

UNSUPERVISED_MLE = symkl.Derivation(
    name="mle-product-sum-of-logs",
    title="argmax_θ Π q_θ(x_i) = argmax_θ Σ log q_θ(x_i) = argmin_θ −Σ log q_θ(x_i)",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation"),
    start=maximize(sympy.Product(q_theta, (i, 1, n))),
    steps=[
        symkl.Step(maximize(sympy.Sum(log(q_theta), (i, 1, n))), relation="argmin", wrt=rate,
                   why="log is strictly increasing and every factor is positive"),
        symkl.Step(-sympy.Sum(log(q_theta), (i, 1, n)), relation="argmin", wrt=rate,
                   why="argmax of f is argmin of −f"),
    ],
)  # fmt: skip

w = sympy.Symbol("w", real=True)
x_real = sympy.IndexedBase("x", real=True)
y = sympy.IndexedBase("y", nonnegative=True)


def sigmoid(t):
    return 1 / (1 + exp(-t))


# q_θ(y_i | x_i) = σ(w x_i)^{y_i} σ(−w x_i)^{1 − y_i}: a logistic model with labels y_i ∈ {0, 1}.
q_label = sigmoid(w * x_real[i]) ** y[i] * sigmoid(-w * x_real[i]) ** (1 - y[i])

SUPERVISED_MLE = symkl.Derivation(
    name="mle-supervised-product-sum-of-logs",
    title="argmax_θ Π q_θ(y_i | x_i) = argmax_θ Σ log q_θ(y_i | x_i) "
    "= argmin_θ −Σ log q_θ(y_i | x_i)",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation"),
    start=maximize(sympy.Product(q_label, (i, 1, n))),
    steps=[
        symkl.Step(maximize(sympy.Sum(log(q_label), (i, 1, n))), relation="argmin", wrt=w,
                   why="log is strictly increasing and every factor is positive"),
        symkl.Step(-sympy.Sum(log(q_label), (i, 1, n)), relation="argmin", wrt=w,
                   why="argmax of f is argmin of −f"),
    ],
)  # fmt: skip

# --- empirical cross-entropy is the average negative log-likelihood ---------------------------

observations = (1, 3, 1, 2)  # four observed classes out of three
q = symkl.Discrete.symbolic("q", 3)
empirical = symkl.Discrete(
    [Rational(observations.count(c), len(observations)) for c in (1, 2, 3)], name="p_hat"
)

EMPIRICAL_CE_IS_NLL = symkl.Claim(
    "empirical-ce-is-average-nll",
    Eq(symkl.cross_entropy(empirical, q),
       -sympy.Add(*(log(q.probs[c - 1]) for c in observations)) / len(observations),
       evaluate=False),
    title="The empirical cross-entropy equals the average negative log-likelihood",
    source=cite(CV_PRACTICE, "comments on the answer", "‘ALWAYS corresponds to the NLL’"),
    why="p̂ puts mass 1/n on each observation, so −Σ_x p̂(x) log q(x) = −(1/n) Σ_i log q(x_i)",
)  # fmt: skip

# --- Gaussian likelihood and the L2 loss --------------------------------------------------------

mu = sympy.Symbol("mu", real=True)
sigma = sympy.Symbol("sigma", positive=True)
gauss = exp(-((x_real[i] - mu) ** 2) / (2 * sigma**2)) / sqrt(2 * pi * sigma**2)
nll = -sympy.Sum(log(gauss), (i, 1, n))
squared_error = sympy.Sum((x_real[i] - mu) ** 2, (i, 1, n))

# The equality step on three observations (the core prover unfolds explicit sums term by term).
sample = sympy.symbols("x_1:4", real=True)


def density(value):
    return exp(-((value - mu) ** 2) / (2 * sigma**2)) / sqrt(2 * pi * sigma**2)


GAUSSIAN_NLL = symkl.Derivation(
    name="gaussian-nll-is-scaled-squared-error",
    title="Gaussian NLL = squared error / (2σ²) + ½ log(2πσ²), so the MLE of μ is least squares",
    source=cite(CV_PRACTICE, "comments on the answer", "the normal density and the L2 loss"),
    start=-sympy.Add(*(log(density(v)) for v in sample)),
    steps=[
        symkl.Step(sympy.Add(*((v - mu) ** 2 / (2 * sigma**2) + log(2 * pi * sigma**2) / 2
                               for v in sample)), why="−log of the normal density, term by term"),
        symkl.Step(sympy.Add(*((v - mu) ** 2 for v in sample)), relation="argmin", wrt=mu,
                   why="a positive scale 1/(2σ²) and an offset free of μ"),
    ],
)  # fmt: skip

GAUSSIAN_NLL_ARGMIN = symkl.Claim(
    "gaussian-nll-argmin-is-least-squares",
    SameArgmin(nll, squared_error, mu),
    title="For n observations, argmin_μ of the Gaussian NLL is the least-squares μ",
    source=cite(CV_PRACTICE, "comments on the answer", "the normal density"),
    why="NLL = Σ (x_i − μ)²/(2σ²) + n/2·log(2πσ²): a positive scale and an offset free of μ",
)

MLE_IS_L2 = symkl.Claim(
    "gaussian-mle-is-least-squares",
    SameArgmin(maximize(sympy.Sum(log(gauss), (i, 1, n))), squared_error, mu),
    title="Maximising the Gaussian likelihood in μ minimises the squared error",
    source=cite(CV_PRACTICE, "comments on the answer", "the normal density"),
    why="−log-likelihood = squared error/(2σ²) + n/2·log(2πσ²)",
)

# --- closed-form maximum-likelihood estimators ------------------------------------------------

x = sympy.IndexedBase("x", real=True)
mean = sympy.Sum(x[i], (i, 1, n)) / n
biased = sympy.Sum((x[i] - mean) ** 2, (i, 1, n)) / n
unbiased = sympy.Sum((x[i] - mean) ** 2, (i, 1, n)) / (n - 1)
normal = likelihood("normal")
mu_hat, var_hat = normal.parameters

NORMAL_MLE = symkl.Claim(
    "normal-mle",
    Maximizer(normal, {mu_hat: mean, var_hat: biased}),
    title="Normal MLE: μ̂ is the sample mean and σ̂² the biased sample variance",
    source=cite(CV_PRACTICE, "comments on the answer", "θ = (μ, σ²)"),
    why="the score equations give μ̂ = x̄ and σ̂² = (1/n) Σ (x_i − x̄)²; "
    "the Hessian there is negative definite",
)


def _data_sum(model):
    (data,) = model.data
    return sympy.Sum(data[i], (i, 1, n))


bernoulli = likelihood("bernoulli")
BERNOULLI_MLE = symkl.Claim(
    "bernoulli-mle",
    Maximizer(bernoulli, {bernoulli.parameters[0]: _data_sum(bernoulli) / n}),
    title="Bernoulli MLE: p̂ is the sample mean",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation"),
    why="Σx/p − (n − Σx)/(1 − p) = 0 at p = Σx/n; ℓ is strictly concave",
)

categorical = likelihood("categorical")
(theta,) = categorical.parameters
counts = sympy.IndexedBase("c", positive=True)
CATEGORICAL_MLE = symkl.Claim(
    "categorical-mle",
    Maximizer(categorical, {theta[k]: counts[k] / n}),
    title="Categorical MLE: θ̂_k = c_k / n (Lagrange multiplier for Σθ = 1)",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation"),
    why="c_k/θ_k = λ for every k and Σθ_k = 1 give λ = Σc_k = n",
)

poisson = likelihood("poisson")
POISSON_MLE = symkl.Claim(
    "poisson-mle",
    Maximizer(poisson, {poisson.parameters[0]: _data_sum(poisson) / n}),
    title="Poisson MLE: λ̂ is the sample mean",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation"),
    why="Σx/λ − n = 0",
)

exponential = likelihood("exponential")
EXPONENTIAL_MLE = symkl.Claim(
    "exponential-mle",
    Maximizer(exponential, {exponential.parameters[0]: n / _data_sum(exponential)}),
    title="Exponential MLE: λ̂ is one over the sample mean",
    source=cite(LEI_MAO, "Maximum Likelihood Estimation"),
    why="n/λ − Σx = 0",
)

WRONG_NORMAL_MLE = symkl.Claim(
    "normal-mle-unbiased-variance",
    Maximizer(normal, {mu_hat: mean, var_hat: unbiased}),
    title="Misconception: the unbiased sample variance is the Normal MLE",
    source=cite(CV_PRACTICE, "comments on the answer", "θ = (μ, σ²)"),
    why="refuted: the score in σ² is not 0 at (1/(n − 1)) Σ (x_i − x̄)²; the MLE divides by n",
    expect="refuted",
)
