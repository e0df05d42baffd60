"""Parametric families with torch.distributions' parameter names, closed forms and their proofs.

>>> from symkl import kl_divergence
>>> from symkl.families import Normal
>>> kl = kl_divergence(Normal(0, 1), Normal(1, 2)).doit()
>>> kl  # log(2) − 1/4, as SymPy orders it
-1/4 + log(2)
>>> from sympy import Rational, log
>>> kl == log(2) - Rational(1, 4)
True

Each family is one class carrying its parameters, support, density, log-density basis, moment
table and closed forms (:meth:`Family.entropy_form`, :meth:`Family.kl_form`). Importing this
package registers one rule that asks the classes, and the ``family-moments`` proof strategy with
the prover. A new family is its class and its export; pairs with other families come from the
moment tables of its ``moment_group``. Register a closed form for a pair of your own with the
:func:`register_entropy` / :func:`register_kl` decorators.
"""

from .._registry import register_entropy, register_kl
from . import (  # noqa: F401  # registers the closed forms and strategies
    _closed,
    _prove,
    _prove_dirichlet,
    _prove_kumaraswamy,
    _prove_mvn,
    _prove_steps,
    _prove_vonmises,
)
from ._base import Domain, Family, Parameter
from ._compound import Binomial, Independent, LowRankMultivariateNormal, OneHotCategorical
from ._continuous import Beta, Exponential, Gamma, Laplace, Normal
from ._discrete import Bernoulli, Categorical, Geometric, Poisson
from ._extra import ContinuousBernoulli, Gumbel, HalfNormal, LogNormal, Pareto
from ._heavy import Cauchy, Chi2, HalfCauchy, Kumaraswamy, StudentT, VonMises, Weibull
from ._multivariate import Dirichlet, MultivariateNormal
from ._negative_binomial import NegativeBinomial
from ._uniform import Uniform

__all__ = [
    "Bernoulli",
    "Beta",
    "Binomial",
    "Categorical",
    "Cauchy",
    "Chi2",
    "ContinuousBernoulli",
    "Dirichlet",
    "Domain",
    "Exponential",
    "Family",
    "Gamma",
    "Geometric",
    "Gumbel",
    "HalfCauchy",
    "HalfNormal",
    "Independent",
    "Kumaraswamy",
    "Laplace",
    "LogNormal",
    "LowRankMultivariateNormal",
    "MultivariateNormal",
    "NegativeBinomial",
    "Normal",
    "OneHotCategorical",
    "Parameter",
    "Pareto",
    "Poisson",
    "StudentT",
    "Uniform",
    "VonMises",
    "Weibull",
    "register_entropy",
    "register_kl",
]
