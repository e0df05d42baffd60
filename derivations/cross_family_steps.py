"""More KLs between two different families, derived from the definition one step at a time.

The same five stages as ``family_steps.py`` (definition, log-densities written out, expanded into
named moments, each moment replaced by its value, collected), for the cross-family closed forms of
``families.py``, in the same symbols so that the last line is that closed form. Every step is
proved on its own: each log-density by exponentiating it back to the density, each moment
derived again by integration or by a change of variables, never read from a table.
"""

from sympy import symbols

import symkl.citations as works
from symkl._family_steps import steps_derivation
from symkl.citations import cite
from symkl.families import Beta, Exponential, Gamma, Gumbel, Laplace, Normal, Weibull

CROSS = cite(works.COVER_THOMAS, "§8.5")

mu1, mu2 = symbols("mu1 mu2", real=True)
s1, s2 = symbols("sigma1 sigma2", positive=True)
l1, l2 = symbols("lambda1 lambda2", positive=True)
a1, b1 = symbols("a1 b1", positive=True)

# The Gumbel's e^{−(x − μ₂)/σ₂} under the Exponential: ∫ λ₁·e^{−λ₁x}·e^{−(x − μ₂)/σ₂} dx over x ≥ 0,
# e^{μ₂/σ₂}·λ₁σ₂/(λ₁σ₂ + 1).
STEPS_KL_EXPONENTIAL_GUMBEL = steps_derivation(
    "kl-exponential-gumbel-steps", Exponential(l1), Gumbel(mu2, s2), source=CROSS
)
# Weibull(σ₁, a₁) = σ₁·W^{1/a₁} for W ~ Exponential(1): its E[log x], E[(x/σ₁)^a₁] and E[x] by
# that change of variables (checked to carry the density and the support across).
STEPS_KL_WEIBULL_EXPONENTIAL = steps_derivation(
    "kl-weibull-exponential-steps", Weibull(s1, a1), Exponential(l2), source=CROSS
)
# The Laplace's |x − μ₂| under the Normal: the folded-normal mean, integrated on either side of μ₂.
STEPS_KL_NORMAL_LAPLACE = steps_derivation(
    "kl-normal-laplace-steps", Normal(mu1, s1), Laplace(mu2, s2), source=CROSS
)
# E|x − μ₂| under the Exponential by cases on μ₂: for μ₂ ≤ 0 every x ≥ 0 has |x − μ₂| = x − μ₂, so
# it is 1/λ₁ − μ₂; for μ₂ > 0 the integral splits at μ₂: μ₂ − 1/λ₁ + 2·e^{−λ₁·μ₂}/λ₁. The closed
# form keeps both cases.
STEPS_KL_EXPONENTIAL_LAPLACE = steps_derivation(
    "kl-exponential-laplace-steps", Exponential(l1), Laplace(mu2, s2), source=CROSS
)
# Under the Gamma the same cases; for μ₂ > 0 the part of the integral below μ₂ is a lower
# incomplete gamma function γ(s, b₁·μ₂) = ∫₀^{b₁μ₂} t^{s−1}·e^{−t} dt.
STEPS_KL_GAMMA_LAPLACE = steps_derivation(
    "kl-gamma-laplace-steps", Gamma(a1, b1), Laplace(mu2, s2), source=CROSS
)
# Under the Beta three cases: μ₂ ≤ 0 and μ₂ ≥ 1 (|x − μ₂| of one sign on [0, 1]), and 0 < μ₂ < 1,
# the integral split at μ₂, its part below μ₂ by the definition of the regularised incomplete
# beta function I(s, b, 0, μ₂) = ∫₀^μ₂ t^{s−1}(1 − t)^{b−1} dt / B(s, b).
STEPS_KL_BETA_LAPLACE = steps_derivation(
    "kl-beta-laplace-steps", Beta(a1, b1), Laplace(mu2, s2), source=CROSS
)
