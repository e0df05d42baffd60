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
from symkl.families import Exponential, Weibull

CROSS = cite(works.COVER_THOMAS, "§8.5")

s1 = symbols("sigma1", positive=True)
l2 = symbols("lambda2", positive=True)
a1 = symbols("a1", positive=True)

# Weibull(σ₁, a₁) = σ₁·W^{1/a₁} for W ~ Exponential(1): its E[log x], E[(x/σ₁)^a₁] and E[x] by
# that change of variables (checked to carry the density and the support across).
STEPS_KL_WEIBULL_EXPONENTIAL = steps_derivation(
    "kl-weibull-exponential-steps", Weibull(s1, a1), Exponential(l2), source=CROSS
)
