"""The VonMises entropy as a derivation from the definition.

1. the definition, E[−log f];
2. the log-density written out, κ·cos(x − μ) − log(2π) − log I₀(κ);
3. expanded into the mean E[cos(x − μ)] (linearity);
4. E[cos(x − μ)] = I₁(κ)/I₀(κ), from the normalising integral 2π·I₀(κ) differentiated in κ;
5. collected: the closed form.

Each step is proved by the ``vonmises-expectations`` strategy
(:mod:`symkl.families._prove_vonmises`).

>>> from sympy import Symbol
>>> from symkl.families import VonMises
>>> k = Symbol("kappa", positive=True)
>>> len(vonmises_steps("h", VonMises(0, k)).steps)
5
"""

from __future__ import annotations

import sympy

from ._family_steps import closing
from ._unicode import text_math
from .derivation import Derivation, Step
from .families import VonMises
from .families._prove_vonmises import vonmises_log_density
from .measures import Expectation, entropy, expectation

__all__ = ["vonmises_steps"]


def vonmises_steps(name: str, d: VonMises, *, source: str = "") -> Derivation:
    """H(VonMises(μ, κ)) step by step from the definition."""
    mu, k = d.args
    x = d.variable
    shown = f"VonMises({text_math(mu)}, {text_math(k)})"
    constant = sympy.log(2 * sympy.pi) + sympy.log(sympy.besseli(0, k))
    ratio = sympy.besseli(1, k) / sympy.besseli(0, k)
    steps = [
        Step(expectation(d, -sympy.log(d)), why="definition: H(X) = E[−log f(X)]"),
        Step(
            Expectation(d, -vonmises_log_density(d)),
            why=(
                f"write out the log-density of {shown}: the log of "
                "e^(κ·cos(x − μ))/(2π·I₀(κ)) on [−π, π]"
            ),
        ),
        Step(
            constant - k * expectation(d, sympy.cos(x - mu)),
            why="expand and take the expectation term by term (linearity): the mean E[cos(x − μ)]",
        ),
        Step(
            constant - k * ratio,
            why=(
                f"the mean E[cos(x − μ)] under {shown} is I₁(κ)/I₀(κ): the derivative in κ of "
                "the log of the normalising integral ∫ e^(κ·cos(x − μ)) dx = 2π·I₀(κ)"
            ),
        ),
    ]
    title = f"Entropy of {shown}, step by step from the definition"
    closing(steps, entropy(d).doit(), title)
    return Derivation(name, entropy(d), steps, title=title, source=source)
