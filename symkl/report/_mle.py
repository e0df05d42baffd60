r"""How a maximum-likelihood claim reads: θ̂ = argmax_θ Σᵢ log p(xᵢ; θ) = the estimator.

>>> from sympy import Symbol
>>> n = Symbol("n", integer=True, positive=True)
>>> from symkl.optimize import Maximizer, likelihood
>>> model = likelihood("poisson")
>>> (rate,), (x,) = model.parameters, model.data
>>> i = sympy.Symbol("i", integer=True, positive=True)
>>> print(mle_latex(Maximizer(model, {rate: sympy.Sum(x[i], (i, 1, n)) / n})))
\hat{\lambda} = \operatorname*{arg\,max}_{\lambda} \sum_{i=1}^{n} \log ...

A :class:`symkl.optimize.Maximizer` has no sides (it claims that a point maximises a model's
log-likelihood), so the generic relation printers showed "(not available) ∼ (not available)".
It is recognised by shape (``model.log_likelihood``, ``model.parameters``, ``point``), so the
report needs no import of the optimiser. The log-likelihood itself follows on a second line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from .._unicode import text_math
from ..relations import RelationKind
from ._escape import math_unicode

__all__ = [
    "MLEView",
    "is_maximizer",
    "mle_latex",
    "mle_lines",
    "mle_text",
    "mle_view",
    "text_math",
]


def is_maximizer(relation: object) -> bool:
    """Whether ``relation`` is an MLE claim (a :class:`~symkl.optimize.Maximizer`)."""
    return RelationKind.of(relation) is RelationKind.MAXIMIZER


@dataclass(frozen=True)
class MLEView:
    """The pieces of an MLE claim: estimates with hats, parameters, model, log-likelihood."""

    model: str
    parameters: tuple[Any, ...]
    estimates: tuple[tuple[Any, sympy.Expr], ...]
    log_likelihood: sympy.Expr


def mle_view(relation: Any) -> MLEView:
    """The :class:`MLEView` of a Maximizer-like relation."""
    model = relation.model
    return MLEView(
        model=str(getattr(model, "name", "model")),
        parameters=tuple(model.parameters),
        estimates=tuple(relation.point.items()),
        log_likelihood=model.log_likelihood,
    )


def _tex(value: object) -> str:
    return math_unicode(sympy.latex(value))


def _hat_tex(parameter: Any) -> str:
    if isinstance(parameter, sympy.Indexed):
        indices = ", ".join(_tex(i) for i in parameter.indices)
        return rf"\hat{{{_tex(parameter.base.label)}}}_{{{indices}}}"
    text = _tex(parameter)
    if isinstance(parameter, sympy.Symbol) and "^" in parameter.name:
        return rf"\widehat{{{text}}}"  # σ² as one symbol: the hat covers all of it
    return rf"\hat{{{text}}}"


def _tuple_tex(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else r"\left(" + ", ".join(items) + r"\right)"


def _parameter_tex(parameter: Any) -> str:
    return _tex(parameter.label if isinstance(parameter, sympy.IndexedBase) else parameter)


def mle_latex(relation: Any, *, aligned: bool = False) -> str:
    """The MLE claim as LaTeX math; ``aligned=True`` puts the log-likelihood on a second
    ``aligned`` line (for ``\\begin{aligned}``), else it follows after a comma."""
    view = mle_view(relation)
    hats = _tuple_tex([_hat_tex(p) for p, _ in view.estimates])
    values = _tuple_tex([_tex(v) for _, v in view.estimates])
    over = ", ".join(_parameter_tex(p) for p in view.parameters)
    objective = rf"\sum_{{i=1}}^{{n}} \log \operatorname{{{view.model}}}(x_{{i}}; {over})"
    claim = rf"{hats} = \operatorname*{{arg\,max}}_{{{over}}} {objective} = {values}"
    ll = _tex(view.log_likelihood)
    if aligned:
        return rf"{hats} &= \operatorname*{{arg\,max}}_{{{over}}} {objective} = {values}" + (
            rf" \\ \text{{where }} {objective} &= {ll}"
        )
    return rf"{claim}, \quad \text{{where }} {objective} = {ll}"


def mle_lines(relation: Any) -> tuple[tuple[str, str], ...]:
    """The MLE claim as two (left, right) LaTeX pairs to align at their = signs: the estimate,
    and the log-likelihood it maximises."""
    view = mle_view(relation)
    hats = _tuple_tex([_hat_tex(p) for p, _ in view.estimates])
    values = _tuple_tex([_tex(v) for _, v in view.estimates])
    over = ", ".join(_parameter_tex(p) for p in view.parameters)
    objective = rf"\sum_{{i=1}}^{{n}} \log \operatorname{{{view.model}}}(x_{{i}}; {over})"
    return (
        (hats, rf"\operatorname*{{arg\,max}}_{{{over}}} {objective} = {values}"),
        (rf"\text{{where }} {objective}", _tex(view.log_likelihood)),
    )


def mle_text(relation: Any) -> str:
    """The MLE claim in one line of Unicode text, e.g. for a terminal.

    >>> from sympy import Symbol
    >>> n = Symbol("n", integer=True, positive=True)
    >>> from symkl.optimize import Maximizer, likelihood
    >>> model = likelihood("poisson")
    >>> (rate,), (x,) = model.parameters, model.data
    >>> i = sympy.Symbol("i", integer=True, positive=True)
    >>> mle_text(Maximizer(model, {rate: sympy.Sum(x[i], (i, 1, n)) / n}))
    'λ̂ = argmax_λ Σᵢ log Poisson(xᵢ; λ) = (Σ_{i=1}^{n} x_i)/n'
    """
    view = mle_view(relation)
    hats = ", ".join(_hat_text(p) for p, _ in view.estimates)
    values = ", ".join(_one_line(v) for _, v in view.estimates)
    over = ", ".join(_one_line(getattr(p, "label", p)) for p in view.parameters)
    if len(view.estimates) > 1:
        hats, values = f"({hats})", f"({values})"
    return f"{hats} = argmax_{over} Σᵢ log {view.model}(xᵢ; {over}) = {values}"


def _hat_text(parameter: Any) -> str:
    if isinstance(parameter, sympy.Indexed):
        indices = ",".join(_one_line(i) for i in parameter.indices)
        return f"{_one_line(parameter.base.label)}\u0302_{indices}"
    text = _one_line(parameter)
    return text[0] + "\u0302" + text[1:]


def _one_line(expr: Any) -> str:
    return text_math(expr)
