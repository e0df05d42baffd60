"""The Kumaraswamy entropy as a derivation from the definition, one mean per step.

1. the definition, E[−log f];
2. the log-density written out, log a + log b + (a − 1)·log x + (b − 1)·log(1 − x^a);
3. expanded into E[log x] and E[log(1 − x^a)] (linearity);
4. E[log x] = −(γ + ψ(b + 1))/a and E[log(1 − x^a)] = −1/b, one step each (u = x^a is Beta(1, b));
5. collected: the closed form.

Each step is proved by the ``kumaraswamy-expectations`` strategy
(:mod:`symkl.families._prove_kumaraswamy`).

>>> from sympy import Symbol
>>> from symkl.families import Kumaraswamy
>>> a, b = Symbol("a", positive=True), Symbol("b", positive=True)
>>> len(kumaraswamy_steps("h", Kumaraswamy(a, b)).steps)
6
"""

from __future__ import annotations

import sympy

from ._family_steps import closing
from ._unicode import text_math
from .derivation import Derivation, Step
from .families import Kumaraswamy
from .families._prove_kumaraswamy import kumaraswamy_log_density
from .measures import Expectation, entropy, expectation

__all__ = ["kumaraswamy_steps"]


def kumaraswamy_steps(name: str, d: Kumaraswamy, *, source: str = "") -> Derivation:
    """H(Kumaraswamy(a, b)) step by step from the definition."""
    a, b = d.args
    x = d.variable
    shown = f"Kumaraswamy({text_math(a)}, {text_math(b)})"
    mean_log = expectation(d, sympy.log(x))
    mean_log1m = expectation(d, sympy.log(1 - x**a))
    constant = -sympy.log(a) - sympy.log(b)

    def line(first: sympy.Expr, second: sympy.Expr) -> sympy.Expr:
        return constant + (1 - a) * first + (1 - b) * second

    at_log = -(sympy.EulerGamma + sympy.polygamma(0, b + 1)) / a
    at_log1m = -1 / b
    steps = [
        Step(expectation(d, -sympy.log(d)), why="definition: H(X) = E[−log f(X)]"),
        Step(
            Expectation(d, -kumaraswamy_log_density(d)),
            why=(
                f"write out the log-density of {shown}: the log of a·b·x^(a − 1)·(1 − x^a)^(b − 1)"
                " (0 < x < 1, so 1 − x^a > 0)"
            ),
        ),
        Step(
            line(mean_log, mean_log1m),
            why=(
                "expand and take the expectation term by term (linearity): the mean logarithm "
                "E[log x] and the mean E[log(1 − x^a)], each finite"
            ),
        ),
        Step(
            line(at_log, mean_log1m),
            why=(
                f"the mean logarithm E[log x] under {shown} is −(γ + ψ(b + 1))/a: u = x^a is "
                "Beta(1, b), and E[log x] = E[log u]/a = (ψ(1) − ψ(1 + b))/a"
            ),
        ),
        Step(
            line(at_log, at_log1m),
            why=(
                f"the mean E[log(1 − x^a)] under {shown} is −1/b: it is E[log(1 − u)] under "
                "Beta(1, b), ψ(b) − ψ(b + 1) = −1/b"
            ),
        ),
    ]
    title = f"Entropy of {shown}, step by step from the definition"
    closing(steps, entropy(d).doit(), title)
    return Derivation(name, entropy(d), steps, title=title, source=source)
