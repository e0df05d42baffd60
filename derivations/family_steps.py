"""Each family's entropy and same-family KL, derived from the definition one step at a time.

The steps are generated from the family classes — their log-density and moment table — by
:func:`symkl._family_steps.steps_derivation`:

1. the definition, E_p[−log p] or E_p[log p − log q];
2. the log-densities written out;
3. expanded into a combination of named moments (E[x], E[x²], E[log x], E|x − μ|, …);
4. each moment replaced by its value, one step per moment;
5. the terms collected into the closed form.

Every step is proved on its own: the definition and linearity by the termwise rules, the
written-out log-densities by exponentiating them back to the densities, each moment by
integrating (or summing) against the density afresh, and the collection by algebra.
Probability parameters are taken strictly inside (0, 1), where the log-density is finite.
"""

from sympy import Ne, S, symbols

import symkl.citations as works
from symkl._dirichlet_steps import dirichlet_steps
from symkl._family_steps import categorical_steps, steps_derivation
from symkl._kumaraswamy_steps import kumaraswamy_steps
from symkl._vonmises_steps import vonmises_steps
from symkl.citations import cite
from symkl.families import (
    Bernoulli,
    Beta,
    Binomial,
    Categorical,
    Cauchy,
    Chi2,
    ContinuousBernoulli,
    Dirichlet,
    Exponential,
    Gamma,
    Geometric,
    Gumbel,
    HalfCauchy,
    HalfNormal,
    Kumaraswamy,
    Laplace,
    LogNormal,
    NegativeBinomial,
    Normal,
    Pareto,
    Poisson,
    StudentT,
    Uniform,
    VonMises,
    Weibull,
)

CT = works.COVER_THOMAS
COVER_THOMAS = cite(CT, "Table 17.1")
PENNY = cite(works.PENNY)
GIL = cite(works.GIL)
NIST = cite(works.FORBES, "the chapter on the distribution")

mu1, mu2 = symbols("mu1 mu2", real=True)
s1, s2 = symbols("sigma1 sigma2", positive=True)
a1, b1, a2, b2 = symbols("a1 b1 a2 b2", positive=True)
l1, l2 = symbols("lambda1 lambda2", positive=True)
p, q = symbols("p q", positive=True)
k1, k2 = symbols("k1 k2", positive=True)
lo, hi = symbols("low high", real=True)
al1, al2 = symbols("alpha1 alpha2", positive=True)
delta = symbols("delta", nonnegative=True)
p1, p2, p3 = symbols("p1 p2 p3", positive=True)
q1, q2, q3 = symbols("q1 q2 q3", positive=True)

# --- entropies: H = E[−log f] --------------------------------------------------------------------

STEPS_ENTROPY_NORMAL = steps_derivation(
    "entropy-normal-steps", Normal(mu1, s1), source=COVER_THOMAS
)
STEPS_ENTROPY_EXPONENTIAL = steps_derivation(
    "entropy-exponential-steps", Exponential(l1), source=COVER_THOMAS
)
STEPS_ENTROPY_GAMMA = steps_derivation("entropy-gamma-steps", Gamma(a1, b1), source=COVER_THOMAS)
STEPS_ENTROPY_BERNOULLI = steps_derivation(
    "entropy-bernoulli-steps", Bernoulli(p), source=cite(CT, "§2.1")
)
STEPS_ENTROPY_POISSON = steps_derivation(
    "entropy-poisson-steps", Poisson(l1), source=cite(works.EVANS)
)
STEPS_ENTROPY_BETA = steps_derivation("entropy-beta-steps", Beta(a1, b1), source=COVER_THOMAS)
STEPS_ENTROPY_LAPLACE = steps_derivation(
    "entropy-laplace-steps", Laplace(mu1, s1), source=COVER_THOMAS
)

# --- KL within a family: E_p[log p − log q], the support of p inside the support of q ------------

STEPS_KL_NORMAL = steps_derivation(
    "kl-normal-normal-steps", Normal(mu1, s1), Normal(mu2, s2), source=PENNY
)
STEPS_KL_EXPONENTIAL = steps_derivation(
    "kl-exponential-exponential-steps", Exponential(l1), Exponential(l2), source=GIL
)
STEPS_KL_GAMMA = steps_derivation(
    "kl-gamma-gamma-steps", Gamma(a1, b1), Gamma(a2, b2), source=PENNY
)
STEPS_KL_BERNOULLI = steps_derivation(
    "kl-bernoulli-bernoulli-steps", Bernoulli(p), Bernoulli(q), source=cite(CT, "§2.3")
)
STEPS_KL_POISSON = steps_derivation(
    "kl-poisson-poisson-steps", Poisson(l1), Poisson(l2), source=GIL
)
STEPS_KL_BETA = steps_derivation("kl-beta-beta-steps", Beta(a1, b1), Beta(a2, b2), source=GIL)
STEPS_KL_LAPLACE = steps_derivation(
    "kl-laplace-laplace-steps", Laplace(mu1, s1), Laplace(mu2, s2), source=GIL
)

# --- the other families with a log-density basis ----------------------------------------------
# Kumaraswamy and VonMises (log(1 − x^a) and cos(x − μ) are in no basis) have entropy
# derivations of their own, at the end.

STEPS_ENTROPY_HALF_NORMAL = steps_derivation(
    "entropy-half-normal-steps", HalfNormal(s1), source=NIST
)
STEPS_KL_HALF_NORMAL = steps_derivation(
    "kl-half-normal-half-normal-steps", HalfNormal(s1), HalfNormal(s2), source=GIL
)
STEPS_ENTROPY_LOG_NORMAL = steps_derivation(
    "entropy-log-normal-steps", LogNormal(mu1, s1), source=NIST
)
STEPS_KL_LOG_NORMAL = steps_derivation(
    "kl-log-normal-log-normal-steps", LogNormal(mu1, s1), LogNormal(mu2, s2), source=GIL
)
STEPS_KL_WEIBULL = steps_derivation(
    "kl-weibull-weibull-steps", Weibull(s1, k1), Weibull(s2, k1), source=GIL
)
STEPS_ENTROPY_CHI2 = steps_derivation("entropy-chi2-steps", Chi2(k1), source=NIST)
STEPS_KL_CHI2 = steps_derivation("kl-chi2-chi2-steps", Chi2(k1), Chi2(k2), source=GIL)
STEPS_ENTROPY_UNIFORM = steps_derivation(
    "entropy-uniform-steps", Uniform(lo, hi), source=COVER_THOMAS
)

# Gumbel and Pareto: their moments derived by a change of variables to an Exponential
# (Gumbel: x = μ − β·log w; Pareto: x = s·e^y), checked to map support onto support.
STEPS_ENTROPY_GUMBEL = steps_derivation("entropy-gumbel-steps", Gumbel(mu1, s1), source=NIST)
# The costliest derivations (~10 CPU-s each): their spot checks integrate at 50 digits where the
# moment E[e^{−(x − μ₂)/σ₂}] = e^{(μ₂ − μ₁)/σ₂}·Γ(1 + σ₁/σ₂) overflows double precision.
STEPS_KL_GUMBEL = steps_derivation(
    "kl-gumbel-gumbel-steps", Gumbel(mu1, s1), Gumbel(mu2, s2), source=NIST
)
STEPS_KL_NORMAL_GUMBEL = steps_derivation(
    "kl-normal-gumbel-steps", Normal(mu1, s1), Gumbel(mu2, s2), source=NIST
)
STEPS_ENTROPY_PARETO = steps_derivation("entropy-pareto-steps", Pareto(s1, al1), source=NIST)
# The first scale is the second plus δ ≥ 0: the first support [σ₂ + δ, ∞) then lies inside the
# second [σ₂, ∞); with a smaller first scale the first puts mass where the second has none (∞).
STEPS_KL_PARETO = steps_derivation(
    "kl-pareto-pareto-steps",
    Pareto(s2 + delta, al1),
    Pareto(s2, al2),
    source=GIL,
    title="KL(Pareto(σ₂ + δ, α₁) ‖ Pareto(σ₂, α₂)) for δ ≥ 0, step by step from the definition",
    where=[delta >= 0],
)
STEPS_ENTROPY_WEIBULL = steps_derivation("entropy-weibull-steps", Weibull(s1, k1), source=NIST)
STEPS_ENTROPY_GEOMETRIC = steps_derivation(
    "entropy-geometric-steps", Geometric(p), source=cite(works.EVANS)
)
STEPS_KL_GEOMETRIC = steps_derivation(
    "kl-geometric-geometric-steps", Geometric(p), Geometric(q), source=GIL
)

# Categorical: an expectation is a finite weighted sum. For the KL the probabilities are free
# positive symbols (each step is an identity in them; none uses that they add up to 1), so that
# log rules apply to every one; the entropy's last probability is 1 − p₁ − p₂.
STEPS_ENTROPY_CATEGORICAL = categorical_steps(
    "entropy-categorical-steps",
    Categorical([p1, p2, 1 - p1 - p2]),
    source=cite(CT, "§2.1"),
    where=[p1 + p2 < 1],
)
STEPS_KL_CATEGORICAL = categorical_steps(
    "kl-categorical-categorical-steps",
    Categorical([p1, p2, p3]),
    Categorical([q1, q2, q3]),
    source=cite(CT, "§2.3"),
)

# Cauchy and HalfCauchy have no mean, yet their entropies are finite: the log-density's one
# non-constant term log(1 + ((x − x₀)/γ)²) has the mean log 4, derived from the normalising
# integral Z(s) = ∫ (1 + u²)^{−s} du = √π·Γ(s − ½)/Γ(s) as −∂_s log Z at s = 1.
x0 = symbols("x0", real=True)
g1 = symbols("gamma", positive=True)
STEPS_ENTROPY_CAUCHY = steps_derivation("entropy-cauchy-steps", Cauchy(x0, g1), source=COVER_THOMAS)
STEPS_ENTROPY_HALF_CAUCHY = steps_derivation(
    "entropy-half-cauchy-steps", HalfCauchy(g1), source=cite(works.FORBES, "the Cauchy chapter")
)

# Cauchy against Cauchy: the mean of log(1 + ((x − x₁)/γ₂)²) under Cauchy(x₀, γ₁), another
# centre and scale, is derived through its derivative in γ₂, a rational integral summed by
# residues; its constant is fixed by the limit γ₂ → ∞.
x1 = symbols("x1", real=True)
ga1, ga2 = symbols("gamma1 gamma2", positive=True)
STEPS_KL_CAUCHY = steps_derivation(
    "kl-cauchy-cauchy-steps", Cauchy(x0, ga1), Cauchy(x1, ga2), source=GIL
)
# HalfCauchy: log(1 + (x/c)²) is even, so its mean is the Cauchy(0, γ) one at any scale c.
STEPS_KL_HALF_CAUCHY = steps_derivation(
    "kl-half-cauchy-half-cauchy-steps", HalfCauchy(ga1), HalfCauchy(ga2), source=GIL
)

# ContinuousBernoulli: the normaliser log((log(1 − λ) − log λ)/(1 − 2λ)) is a constant of the
# log-density; λ = ½ (the Uniform) is its removable 0/0, and symbolic λ is taken to differ.
STEPS_ENTROPY_CONTINUOUS_BERNOULLI = steps_derivation(
    "entropy-continuous-bernoulli-steps",
    ContinuousBernoulli(p),
    source=cite(works.LOAIZA_GANEM),
)

# KL between Uniforms: the first interval [a + δ₁, a + δ₁ + w] inside the second
# [a, a + δ₁ + w + δ₂] (δ₁, δ₂ ≥ 0, width w > 0); otherwise the first puts mass where the second
# has none and the KL is ∞.
edge, w = symbols("a", real=True), symbols("w", positive=True)
d1, d2 = symbols("delta1 delta2", nonnegative=True)
STEPS_KL_UNIFORM = steps_derivation(
    "kl-uniform-uniform-steps",
    Uniform(edge + d1, edge + d1 + w),
    Uniform(edge, edge + d1 + w + d2),
    source=GIL,
    title=(
        "KL(Uniform(a + δ₁, a + δ₁ + w) ‖ Uniform(a, a + δ₁ + w + δ₂)) for δ₁, δ₂ ≥ 0, "
        "step by step from the definition"
    ),
)

# --- KL between two different families, from the definition (C&T §8.5) --------------------------
# The same steps hold whenever both log-densities are in the basis and the first support lies
# inside the second; these are the pairs whose every step is proved in seconds.
CROSS = cite(CT, "§8.5")
STEPS_KL_EXPONENTIAL_GAMMA = steps_derivation(
    "kl-exponential-gamma-steps", Exponential(l1), Gamma(a2, b2), source=CROSS
)
STEPS_KL_GAMMA_EXPONENTIAL = steps_derivation(
    "kl-gamma-exponential-steps", Gamma(a1, b1), Exponential(l2), source=CROSS
)
STEPS_KL_EXPONENTIAL_HALF_NORMAL = steps_derivation(
    "kl-exponential-half-normal-steps", Exponential(l1), HalfNormal(s2), source=CROSS
)
STEPS_KL_UNIFORM_NORMAL = steps_derivation(
    "kl-uniform-normal-steps", Uniform(edge, edge + w), Normal(mu2, s2), source=CROSS
)
# [0, 1] inside [−δ₁, 1 + δ₂]
STEPS_KL_BETA_UNIFORM = steps_derivation(
    "kl-beta-uniform-steps", Beta(a1, b1), Uniform(-d1, 1 + d2), source=CROSS
)
STEPS_KL_BERNOULLI_POISSON = steps_derivation(
    "kl-bernoulli-poisson-steps", Bernoulli(p), Poisson(l2), source=CROSS
)
STEPS_KL_BERNOULLI_GEOMETRIC = steps_derivation(
    "kl-bernoulli-geometric-steps", Bernoulli(p), Geometric(q), source=CROSS
)
STEPS_KL_BETA_EXPONENTIAL = steps_derivation(
    "kl-beta-exponential-steps", Beta(a1, b1), Exponential(l2), source=CROSS
)
STEPS_KL_BETA_GAMMA = steps_derivation(
    "kl-beta-gamma-steps", Beta(a1, b1), Gamma(a2, b2), source=CROSS
)
STEPS_KL_HALF_NORMAL_EXPONENTIAL = steps_derivation(
    "kl-half-normal-exponential-steps", HalfNormal(s1), Exponential(l2), source=CROSS
)
STEPS_KL_CHI2_EXPONENTIAL = steps_derivation(
    "kl-chi2-exponential-steps", Chi2(k1), Exponential(l2), source=CROSS
)
STEPS_KL_EXPONENTIAL_NORMAL = steps_derivation(
    "kl-exponential-normal-steps", Exponential(l1), Normal(mu2, s2), source=CROSS
)
# [δ₁, δ₁ + w] inside [0, ∞)
STEPS_KL_UNIFORM_EXPONENTIAL = steps_derivation(
    "kl-uniform-exponential-steps", Uniform(d1, d1 + w), Exponential(l2), source=CROSS
)
# [σ₂ + δ₁, σ₂ + δ₁ + w] inside [σ₂, ∞)
STEPS_KL_UNIFORM_PARETO = steps_derivation(
    "kl-uniform-pareto-steps", Uniform(s2 + d1, s2 + d1 + w), Pareto(s2, al2), source=CROSS
)
# ContinuousBernoulli(λ) on [0, 1], λ ≠ ½ (at ½ the written-out steps read 0/0; the family
# there is Uniform(0, 1))
STEPS_KL_CONTINUOUS_BERNOULLI_EXPONENTIAL = steps_derivation(
    "kl-continuous-bernoulli-exponential-steps",
    ContinuousBernoulli(p),
    Exponential(l2),
    source=CROSS,
    where=[Ne(p, S.Half)],
)
# [0, 1] inside [−δ₁, 1 + δ₂]
STEPS_KL_CONTINUOUS_BERNOULLI_UNIFORM = steps_derivation(
    "kl-continuous-bernoulli-uniform-steps",
    ContinuousBernoulli(p),
    Uniform(-d1, 1 + d2),
    source=CROSS,
    where=[Ne(p, S.Half)],
)
STEPS_KL_LOG_NORMAL_GAMMA = steps_derivation(
    "kl-log-normal-gamma-steps", LogNormal(mu1, s1), Gamma(a2, b2), source=CROSS
)

# --- more pairs, every step proved ---------------------------------------------------------------

# Binomial(n, ·) and NegativeBinomial(r, ·): the log C(n, k) (log C(k + r − 1, k)) terms of the
# two log-pmfs cancel, and E[k] is summed: over k = 0..5 term by term, or as a series.
STEPS_KL_BINOMIAL = steps_derivation(
    "kl-binomial-binomial-steps", Binomial(5, p), Binomial(5, q), source=cite(CT, "§2.3")
)
# Binomial(5, p)'s entropy: E[log C(5, k)] has no closed form beyond its six-term sum, which the
# closed form keeps; the last step sums it term by term against that sum.
STEPS_ENTROPY_BINOMIAL = steps_derivation("entropy-binomial-steps", Binomial(5, p), source=NIST)
r = symbols("r", positive=True)
STEPS_KL_NEGATIVE_BINOMIAL = steps_derivation(
    "kl-negative-binomial-negative-binomial-steps",
    NegativeBinomial(r, p),
    NegativeBinomial(r, q),
    source=NIST,
)
# ContinuousBernoulli(λ₁) against ContinuousBernoulli(λ₂), both λ ≠ ½ (at ½ the normaliser reads
# 0/0; the family there is Uniform(0, 1))
STEPS_KL_CONTINUOUS_BERNOULLI = steps_derivation(
    "kl-continuous-bernoulli-continuous-bernoulli-steps",
    ContinuousBernoulli(p),
    ContinuousBernoulli(q),
    source=cite(works.LOAIZA_GANEM),
    where=[Ne(p, S.Half), Ne(q, S.Half)],
)
# Student's t: the mean of log(1 + ((x − μ)/(σ√ν))²) is ψ((ν + 1)/2) − ψ(ν/2), from the
# normalising integral ∫ (1 + u²)^{−s} du differentiated in s.
nu = symbols("nu", positive=True)
STEPS_ENTROPY_STUDENT_T = steps_derivation(
    "entropy-student-t-steps", StudentT(nu, mu1, s1), source=COVER_THOMAS
)
STEPS_KL_HALF_NORMAL_NORMAL = steps_derivation(
    "kl-half-normal-normal-steps", HalfNormal(s1), Normal(mu2, s2), source=CROSS
)
STEPS_KL_EXPONENTIAL_LOG_NORMAL = steps_derivation(
    "kl-exponential-log-normal-steps", Exponential(l1), LogNormal(mu2, s2), source=CROSS
)
# δ > 0 strictly: the first interval [δ, δ + w] then keeps away from 0, where log x of the Gamma's
# log-density is −∞ (and the closed form's δ·log δ needs no 0·log 0 = 0 case)
eps = symbols("delta", positive=True)
STEPS_KL_UNIFORM_GAMMA = steps_derivation(
    "kl-uniform-gamma-steps",
    Uniform(eps, eps + w),
    Gamma(a2, b2),
    source=CROSS,
    title="KL(Uniform(δ, δ + w) ‖ Gamma(a₂, b₂)) for δ > 0, step by step from the definition",
)
# The Pareto's shape 1 + δ (δ > 0) above 1: its mean σ·(1 + δ)/δ is finite, and with it the
# Exponential's term λ₂·E[x] (for a shape at most 1 the KL is ∞).
STEPS_KL_PARETO_EXPONENTIAL = steps_derivation(
    "kl-pareto-exponential-steps",
    Pareto(s1, 1 + eps),
    Exponential(l2),
    source=CROSS,
    title="KL(Pareto(σ₁, 1 + δ) ‖ Exponential(λ₂)) for δ > 0, step by step from the definition",
)
STEPS_KL_CONTINUOUS_BERNOULLI_NORMAL = steps_derivation(
    "kl-continuous-bernoulli-normal-steps",
    ContinuousBernoulli(p),
    Normal(mu2, s2),
    source=CROSS,
    where=[Ne(p, S.Half)],
)

# Dirichlet of three coordinates (x₃ = 1 − x₁ − x₂): E[log x_i] = ψ(α_i) − ψ(α₀), each derived as
# ∂ log Z/∂α_i from the normalising integral Z(α) = B(α) (a product of Beta integrals by the
# stick-breaking substitution); one simplex for both, so the KL is finite.
al3, be1, be2, be3 = symbols("alpha3 beta1 beta2 beta3", positive=True)
STEPS_ENTROPY_DIRICHLET = dirichlet_steps(
    "entropy-dirichlet-steps", Dirichlet([al1, al2, al3]), source=COVER_THOMAS
)
STEPS_KL_DIRICHLET = dirichlet_steps(
    "kl-dirichlet-dirichlet-steps",
    Dirichlet([al1, al2, al3]),
    Dirichlet([be1, be2, be3]),
    source=PENNY,
)

# Kumaraswamy: its log(1 − x^a) is in no family's basis; u = x^a (checked to carry the density
# onto Beta(1, b)) gives E[log x] = E[log u]/a and E[log(1 − x^a)] = E[log(1 − u)].
STEPS_ENTROPY_KUMARASWAMY = kumaraswamy_steps(
    "entropy-kumaraswamy-steps", Kumaraswamy(a1, b1), source=NIST
)

# VonMises on [−π, π]: E[cos(x − μ)] = I₁(κ)/I₀(κ), the κ-derivative of log Z for the normalising
# integral Z(κ) = 2π·I₀(κ), itself derived from the Taylor series of e^{κ·cos t} over one period.
kappa = symbols("kappa", positive=True)
STEPS_ENTROPY_VON_MISES = vonmises_steps(
    "entropy-von-mises-steps", VonMises(mu1, kappa), source=NIST
)
