"""A MultivariateNormal entropy or KL as a derivation from the definition, one moment per step.

The steps mirror :mod:`symkl._family_steps` for a vector outcome x = (x_1, …, x_k):

1. the definition, E[−log p] or E_p[log p − log q];
2. the log-densities written out, −½·(x − μ)ᵀΣ⁻¹(x − μ) − ½·log((2π)^k·det Σ), k the dimension;
3. expanded in x − μ (μ, Σ those of p) into the means E[x_i − μ_i] and the variances and
   covariances E[(x_i − μ_i)(x_j − μ_j)] (linearity);
4. the means replaced by 0, then each (co)variance by its entry Σ_ij, one step each;
5. collected: the closed form.

Each step is proved by the ``mvn-expectations`` strategy (:mod:`symkl.families._prove_mvn`),
which verifies the log-densities and derives the moments by x = μ + L·z, z standard normal.

>>> from sympy import Matrix, Symbol
>>> from symkl.families import MultivariateNormal
>>> s = Symbol("s", positive=True)
>>> len(mvn_steps("h", MultivariateNormal([0, 0], Matrix([[s**2, 0], [0, 1]]))).steps)
6
"""

from __future__ import annotations

import sympy

from ._family_steps import closing
from ._unicode import text_math
from .derivation import Derivation, Step
from .families import MultivariateNormal
from .families._prove_mvn import mvn_log_density
from .measures import entropy, expectation, kl_divergence

__all__ = ["mvn_steps"]


#: a matrix entry's indices as subscripts, Σ₁₂
_SUBSCRIPTS = dict(enumerate("₀₁₂₃₄₅₆₇₈₉"))


def _shown(d: MultivariateNormal) -> str:
    """N(μ, Σ) with μ as a tuple and Σ by rows, a semicolon between them (no Python lists):
    N((μ₁, 0), (2, 1; 1, 2))."""
    loc = ", ".join(text_math(v) for v in d.loc)
    rows = "; ".join(
        ", ".join(text_math(v) for v in d.covariance_matrix.row(i)) for i in range(d.dim)
    )
    return f"N(({loc}), ({rows}))"


def _moment_steps(p: MultivariateNormal, integrand: sympy.Expr) -> list[Step]:
    """(3) E_p[integrand] by linearity in x − μ, then (4) the means and each (co)variance."""
    x = p.variable.components
    mu, sigma = list(p.loc), p.covariance_matrix
    u = [sympy.Dummy(f"u{i}", real=True) for i in range(p.dim)]
    poly = sympy.Poly(
        sympy.expand(integrand.xreplace({x[i]: mu[i] + u[i] for i in range(p.dim)})), *u
    )
    centred = [x[i] - mu[i] for i in range(p.dim)]
    name = [f"x_{i + 1} − {text_math(mu[i])}" if mu[i] != 0 else f"x_{i + 1}" for i in range(p.dim)]
    constant, linear, quadratic = sympy.S.Zero, [], []
    for powers, c in poly.terms():
        at = [i for i, n in enumerate(powers) for _ in range(n)]
        if not at:
            constant += c
        elif len(at) == 1:
            linear.append((c, at[0]))
        else:
            quadratic.append((c, at[0], at[1]))
    values: dict[tuple[int, ...], sympy.Expr] = {
        (i,): expectation(p, centred[i]) for _, i in linear
    }
    for _, i, j in quadratic:
        values[(i, j)] = expectation(p, centred[i] * centred[j])

    def line() -> sympy.Expr:
        total = constant + sympy.Add(*(c * values[(i,)] for c, i in linear))
        return total + sympy.Add(*(c * values[(i, j)] for c, i, j in quadratic))

    means = [f"E[{name[i]}]" for _, i in sorted(linear, key=lambda t: t[1])]
    wrapped = [f"({n})" if "−" in n else n for n in name]  # (x_1 − μ₁)², x_2²
    seconds = [
        f"E[{wrapped[i]}²]" if i == j else f"E[{wrapped[i]}·{wrapped[j]}]" for _, i, j in quadratic
    ]
    named = ", ".join([*(f"the mean {m}" for m in means), *(f"the moment {s}" for s in seconds)])
    steps = [
        Step(
            line(),
            why=(
                f"expand in x − μ, μ the mean of {_shown(p)}, and take the expectation term by "
                f"term (linearity): {named}"
            ),
        )
    ]
    if linear:
        for _, i in linear:
            values[(i,)] = sympy.S.Zero
        steps.append(
            Step(line(), why=f"the means {', '.join(means)} are 0: μ is the mean of {_shown(p)}")
        )
    for (_, i, j), words in zip(quadratic, seconds, strict=True):
        values[(i, j)] = sigma[i, j]
        kind = "variance" if i == j else "covariance"
        why = (
            f"the {kind} {words} under {_shown(p)} is the entry "
            f"Σ{_SUBSCRIPTS[i + 1]}{_SUBSCRIPTS[j + 1]} of its covariance matrix, "
            f"{text_math(sigma[i, j])}"
        )
        steps.append(Step(line(), why=why))
    return steps


def mvn_steps(
    name: str,
    p: MultivariateNormal,
    q: MultivariateNormal | None = None,
    *,
    source: str = "",
    title: str = "",
) -> Derivation:
    """The derivation of H(p) (no ``q``) or KL(p ‖ q) for MultivariateNormals of one dimension."""
    written = (
        f"−½·(x − μ)ᵀΣ⁻¹(x − μ) − ½·log((2π)^{p.dim}·det Σ), exponentiating it gives back the "
        "density"
    )
    if q is None:
        start = entropy(p)
        integrand = -mvn_log_density(p)
        steps = [
            Step(expectation(p, -sympy.log(p)), why="definition: H(X) = E[−log f(X)]"),
            Step(
                expectation(p, integrand),
                why=f"write out the log-density of {_shown(p)}: log f(x) = {written}",
            ),
        ]
        title = title or f"Entropy of {_shown(p)}, step by step from the definition"
        what = f"H({_shown(p)})"
    else:
        start = kl_divergence(p, q)
        integrand = mvn_log_density(p) - mvn_log_density(q)
        steps = [
            Step(
                expectation(p, sympy.log(p) - sympy.log(q)),
                why="definition: KL(p‖q) = E_p[log p(x) − log q(x)]",
            ),
            Step(
                expectation(p, integrand),
                why=(
                    f"write out both log-densities, log f(x) = {written}; a Gaussian density "
                    "is positive everywhere, so log q(x) is finite wherever p(x) > 0"
                ),
            ),
        ]
        title = title or f"KL({_shown(p)} ‖ {_shown(q)}), step by step from the definition"
        what = f"KL({_shown(p)} ‖ {_shown(q)})"
    steps += _moment_steps(p, integrand)
    steps = closing(steps, start.doit(), what)
    return Derivation(name, start, steps, title=title, source=source)
