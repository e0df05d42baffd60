"""The MultivariateNormal entropy and KL of ``families.py``, derived from the definition, by steps.

The steps mirror ``family_steps.py`` for a vector outcome x = (x_1, x_2): the definition, the
log-densities −½·(x − μ)ᵀΣ⁻¹(x − μ) − ½·log((2π)²·det Σ) written out, expanded in x − μ (μ, Σ
those of the first) into the means E[x_i − μ_i] and the (co)variances E[(x_i − μ_i)(x_j − μ_j)],
the means replaced by 0 and each (co)variance by its entry Σ_ij, and the closed form collected.
Every step is proved on its own: each log-density by exponentiating it back to the density, each
moment derived by x = μ + L·z (Σ = L·Lᵀ, checked) with z standard normal.
"""

from sympy import Matrix, symbols

import symkl.citations as works
from symkl._mvn_steps import mvn_steps
from symkl.citations import cite
from symkl.families import MultivariateNormal

mu1, mu2 = symbols("mu1 mu2", real=True)
s1, s2 = symbols("sigma1 sigma2", positive=True)

STEPS_ENTROPY_MULTIVARIATE_NORMAL = mvn_steps(
    "entropy-multivariate-normal-steps",
    MultivariateNormal([mu1, mu2], Matrix([[s1**2, 0], [0, s2**2]])),
    source=cite(works.COVER_THOMAS, "Theorem 8.4.1"),
)
# A correlated first against a diagonal second, with a mean in each (the families.py pair): the
# cross moment E[(x_1 − μ₁)·x_2] = 1 enters through Σ⁻¹ of the first.
STEPS_KL_MULTIVARIATE_NORMAL = mvn_steps(
    "kl-multivariate-normal-multivariate-normal-steps",
    MultivariateNormal([mu1, 0], Matrix([[2, 1], [1, 2]])),
    MultivariateNormal([1, mu2], Matrix([[s1**2, 0], [0, 1]])),
    source=cite(works.PENNY),
)
