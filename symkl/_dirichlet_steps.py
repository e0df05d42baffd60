"""A Dirichlet entropy or KL as a derivation from the definition, one E[log x_i] per step.

The steps mirror :mod:`symkl._family_steps` for a vector outcome x on the simplex
(x_K = 1 − x₁ − … − x_{K−1}):

1. the definition, E[−log p] or E_p[log p − log q];
2. the log-densities written out, −log B(α) + Σ (α_i − 1)·log x_i;
3. expanded into the means E[log x_i] (linearity);
4. each E[log x_i] replaced by ψ(α_i) − ψ(α₀), α₀ = Σ α_j, one step per coordinate;
5. collected: the closed form.

Each step is proved by the ``dirichlet-expectations`` strategy
(:mod:`symkl.families._prove_dirichlet`), which derives E[log x_i] from the normalising integral.

>>> from sympy import Symbol
>>> from symkl.families import Dirichlet
>>> a, b = Symbol("a", positive=True), Symbol("b", positive=True)
>>> len(dirichlet_steps("h", Dirichlet([a, b])).steps)
6
"""

from __future__ import annotations

import sympy

from ._family_steps import closing
from ._unicode import text_math
from .derivation import Derivation, Step
from .families import Dirichlet
from .families._prove_dirichlet import dirichlet_log_density
from .measures import Expectation, entropy, expectation, kl_divergence

__all__ = ["dirichlet_steps"]


def _shown(d: Dirichlet) -> str:
    return f"Dirichlet({', '.join(text_math(a) for a in d.concentration)})"


def _means_steps(d: Dirichlet, combination: sympy.Expr) -> list[Step]:
    """(3) E_d[c₀ + Σ c_i·log x_i] by linearity, then (4) each E[log x_i] by its value."""
    x = d.variable
    coordinates = [*x.components, 1 - sympy.Add(*x.components)]
    logs = [sympy.log(c) for c in coordinates]
    expanded = sympy.expand(combination)
    coefficients = [expanded.coeff(g) for g in logs]
    constant = sympy.expand(expanded - sum(c * g for c, g in zip(coefficients, logs, strict=True)))
    means: list[sympy.Expr] = [expectation(d, g) for g in logs]
    a0 = sympy.Add(*d.concentration)

    def line() -> sympy.Expr:
        kept = (sympy.factor(c) * m for c, m in zip(coefficients, means, strict=True) if c != 0)
        return constant + sympy.Add(*kept)

    k = len(coordinates)
    steps = [
        Step(
            line(),
            why=(
                "expand and take the expectation term by term (linearity): the means "
                f"E[log x_i], i = 1..{k}, each finite"
            ),
        )
    ]
    for i, (c, a) in enumerate(zip(coefficients, d.concentration, strict=True), start=1):
        if c == 0:
            continue
        means[i - 1] = sympy.polygamma(0, a) - sympy.polygamma(0, a0)
        rest = " − ".join(f"x_{j}" for j in range(1, k))
        last = f" (x_{k} = 1 − {rest})" if i == k else ""
        value = f"ψ({text_math(a)}) − ψ({text_math(a0)})"
        why = (
            f"the mean logarithm E[log x_{i}]{last} under {_shown(d)} is {value}, "
            f"the derivative of log B(α) in α_{i}"
        )
        steps.append(Step(line(), why=why))
    return steps


def dirichlet_steps(
    name: str, p: Dirichlet, q: Dirichlet | None = None, *, source: str = ""
) -> Derivation:
    """H(p) or KL(p ‖ q) for Dirichlets of one dimension, step by step from the definition."""
    if q is None:
        start = entropy(p)
        steps = [
            Step(expectation(p, -sympy.log(p)), why="definition: H(X) = E[−log f(X)]"),
            Step(
                Expectation(p, -dirichlet_log_density(p)),
                why=(
                    f"write out the log-density of {_shown(p)}: −log B(α) + Σ (α_i − 1)·log x_i "
                    "with B(α) = Π Γ(α_i)/Γ(α₀)"
                ),
            ),
            *_means_steps(p, -dirichlet_log_density(p)),
        ]
        title = f"Entropy of {_shown(p)}, step by step from the definition"
    else:
        start = kl_divergence(p, q)
        written = dirichlet_log_density(p) - dirichlet_log_density(q)
        steps = [
            Step(
                expectation(p, sympy.log(p) - sympy.log(q)),
                why="definition: KL(p‖q) = E_p[log p(x) − log q(x)]",
            ),
            Step(
                Expectation(p, written),
                why=(
                    "write out both log-densities, −log B(α) + Σ (α_i − 1)·log x_i; both "
                    "live on the one simplex, so log q(x) is finite wherever p(x) > 0"
                ),
            ),
            *_means_steps(p, written),
        ]
        title = f"KL({_shown(p)} ‖ {_shown(q)}), step by step from the definition"
    closing(steps, start.doit(), title)
    return Derivation(name, start, steps, title=title, source=source)
