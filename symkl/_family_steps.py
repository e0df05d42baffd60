"""A family's entropy or KL closed form as a derivation from the definition, step by step.

The steps are generated from the family classes (their log-density basis and moment table), not
written per family:

1. the definition, E_F[−log f] or E_F[log f − log g];
2. the log-densities written out;
3. expanded into a combination of named moments (E[x], E[x²], E[log x], E|x − μ|, …);
4. each moment replaced by its value, one step per moment;
5. collected: the closed form.

It stands above both :mod:`symkl.families` and :mod:`symkl.derivation`: a family knows nothing of
derivations, and the derivation types know nothing of families.

Every step is a relation the prover proves on its own: (1) and (3) by the definitions and
linearity of expectation, (2) and (4) by the ``family-expectations`` strategy
(:mod:`symkl.families._prove_steps`), which re-derives each moment, and (5) by algebra.

>>> from sympy import Symbol
>>> from symkl.families import Exponential
>>> lam = Symbol("lam", positive=True)
>>> [step.why[:26] for step in entropy_steps(Exponential(lam))][:2]
['definition: H(X) = E[−log ', 'write out the log-density ']
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from .derivation import Derivation, Step
from .errors import SymklError
from .families._base import Domain, Family
from .families._discrete import Categorical
from .families._forms import nested
from .families._moments import Phi, PhiKind
from .families._prove_steps import moment_words, readable, text_math
from .measures import entropy, expectation, kl_divergence

__all__ = [
    "NoStepsError",
    "categorical_steps",
    "closing",
    "entropy_steps",
    "interior_facts",
    "kl_steps",
    "steps_derivation",
    "written_log_density",
]


class NoStepsError(SymklError, ValueError):
    """A family (or pair) whose closed form has no derivation by named moments."""


def written_log_density(d: Family) -> sympy.Expr:
    """log f(x) as a reader writes it: the log of the density formula, expanded by log rules
    on positive arguments (the basis combination where log rules do not apply)."""
    x = d.variable
    written = sympy.expand_log(sympy.log(d.density(x)), deep=True, force=False)
    leftover = [
        node for node in written.atoms(sympy.log) if node.args[0].has(x) and node.args[0] != x
    ]
    if all(isinstance(node.args[0], sympy.Add) for node in leftover):  # log(1 − x) is a basis φ
        return written
    return sum((c * phi.at(x) for c, phi in d.log_terms()), sympy.S.Zero)


def _basis_combination(
    d: Family, minus: Family | None = None
) -> tuple[sympy.Expr, list[tuple[sympy.Expr, Phi]]]:
    """log d − log minus (or −log d when ``minus`` is None) as c + Σ a_φ·φ, φ ≠ 1, a_φ ≠ 0."""
    terms = [(-c, phi) for c, phi in d.log_terms()] if minus is None else list(d.log_terms())
    if minus is not None:
        terms += [(-c, phi) for c, phi in minus.log_terms()]
    constant = sympy.S.Zero
    combined: dict[Phi, sympy.Expr] = {}
    for c, phi in terms:
        if phi.kind is PhiKind.ONE:
            constant += c
        else:
            combined[phi] = combined.get(phi, sympy.S.Zero) + c
    # a basis function with the same coefficient in both log-densities cancels (log k! in KL)
    kept = [(sympy.factor(c), phi) for phi, c in combined.items() if sympy.expand(c) != 0]
    return constant, kept


#: the terms of a count family's log-pmf without a closed-form mean, as a reader writes them
_SUMMED_TERMS = {
    PhiKind.LOGFACT: "log k!",
    PhiKind.LOGCHOOSE: "log C(n, k)",
    PhiKind.LOGMULTICHOOSE: "log C(k + r − 1, k)",
}


def _cancelled(p: Family, kept: list[tuple[sympy.Expr, Phi]]) -> str:
    """The terms of p's log-density without a closed-form mean that q's cancels ('log k!')."""
    left = {phi for _, phi in kept}
    gone = [phi for _, phi in p.log_terms() if phi.kind in _SUMMED_TERMS and phi not in left]
    words = []
    for phi in gone:
        shown = _SUMMED_TERMS[phi.kind].replace("k", p.variable.name)
        shift = text_math(phi.shift)
        words.append(shown.replace("C(n,", f"C({shift},").replace("+ r −", f"+ {shift} −"))
    return " and ".join(words) + " terms" if words else ""


def _moment_value(d: Family, phi: Phi) -> sympy.Expr:
    value = d.moment(phi)
    if value is None or d.finite_when(phi) is not sympy.true:
        raise NoStepsError(f"{text_math(d)} has no finite tabulated {moment_words(phi)}")
    return sympy.sympify(value)


def _moment_steps(
    d: Family, constant: sympy.Expr, kept: list[tuple[sympy.Expr, Phi]]
) -> list[Step]:
    """(3) the combination of moments, then (4) each moment replaced by its value."""
    x = d.variable
    values: dict[Phi, sympy.Expr] = {phi: expectation(d, phi.at(x)) for _, phi in kept}

    def combination() -> sympy.Expr:
        return constant + sum((c * values[phi] for c, phi in kept), sympy.S.Zero)

    named = ", ".join(moment_words(phi, x.name) for _, phi in kept)
    why = f"expand and take the expectation term by term (linearity): {named}"
    if not kept:
        why = "the log-density is constant on the support: its expectation is that constant"
    steps = [Step(combination(), why=why)]
    for _, phi in kept:
        if phi.kind in (PhiKind.LOGFACT, PhiKind.LOGCHOOSE, PhiKind.LOGMULTICHOOSE):
            continue  # no closed form: the closed form keeps E[log k!] (or E[log C]) as its sum
        values[phi] = _moment_value(d, phi)
        why = f"{moment_words(phi, x.name)} under {text_math(d)} {_value_words(phi, values[phi])}"
        steps.append(Step(combination(), why=why))
    return steps


#: a relation as a reader writes it
_RELATIONS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}


def _condition_words(condition: sympy.Basic) -> str:
    """μ₂ ≤ 0, 0 < μ₂ and μ₂ < 1: a Piecewise condition as one line of text."""
    if isinstance(condition, sympy.And):
        return " and ".join(_condition_words(c) for c in condition.args)
    if isinstance(condition, sympy.core.relational.Relational) and condition.rel_op in _RELATIONS:
        sides = [readable(side) or text_math(side) for side in (condition.lhs, condition.rhs)]
        return f"{sides[0]} {_RELATIONS[condition.rel_op]} {sides[1]}"
    return text_math(condition)


def _value_words(phi: Phi, value: sympy.Expr) -> str:
    """'is 1/λ' or, by cases, 'is A when μ ≤ 0, and B when μ > 0': a moment's value in words
    a reader reads in one line; a longer one is in the formula itself."""
    if not isinstance(value, sympy.Piecewise):
        shown = readable(value)
        return f"is {shown}{_names_note(value)}" if shown else "(its value is in this line)"
    cases = []
    for piece, condition in value.args:
        if condition is sympy.true and len(value.args) == 2:
            condition = sympy.Not(value.args[0][1])  # the other case: μ > 0 after μ ≤ 0
        shown = readable(piece)
        if not shown:
            return "(its value, by cases, is in this line)"
        when = "otherwise" if condition is sympy.true else f"when {_condition_words(condition)}"
        cases.append(f"{shown} {when}")
    words = "is " + ", and ".join(cases)
    if phi.kind is PhiKind.ABS:
        m = text_math(phi.shift)
        words += (
            f" (by cases on {m}: outside the support, |x − {m}| has one sign all over it; "
            f"inside, the integral splits at x = {m})"
        )
    return words + _names_note(value)


def _names_note(value: sympy.Expr) -> str:
    """What a less common function in a moment's value is, for a reader who has not met it."""
    if value.has(sympy.lowergamma):
        return "; γ(s, z) = ∫₀^z t^{s−1}·e^{−t} dt is the lower incomplete gamma function"
    if value.has(sympy.betainc_regularized):
        return (
            "; I(s, b, 0, z) = ∫₀^z t^{s−1}·(1 − t)^{b−1} dt / B(s, b) is the regularised "
            "incomplete beta function"
        )
    return ""


def _no_closed_form(closed: sympy.Expr) -> bool:
    """An unevaluated integral, or a value infinite for some parameters (a Piecewise with an
    infinite case: supports not known to nest, a moment not known to converge). A Piecewise
    whose every case is finite, by cases on a parameter, is a closed form."""
    if closed.has(sympy.Integral):
        return True
    infinite = (sympy.oo, -sympy.oo, sympy.zoo, sympy.nan)
    return any(
        piece.has(*infinite) for node in closed.atoms(sympy.Piecewise) for piece, _ in node.args
    )


def closing(steps: list[Step], closed: sympy.Expr | None, what: str) -> list[Step]:
    """``steps`` ending at ``closed``: a last "collect the terms" step unless they already do."""
    if closed is None or _no_closed_form(closed):
        raise NoStepsError(f"{what} has no closed form to derive")
    if steps[-1].expr != closed:
        why = "collect the terms: the closed form"
        if steps[-1].expr.has(sympy.factorial):
            why += " (E[log k!] has no closed form; the closed form keeps it as its series)"
        elif steps[-1].expr.has(sympy.binomial):
            why += (
                " (E[log C(n, k)] has no closed form beyond its finite sum over k = 0..n; the "
                "closed form keeps it as that sum)"
            )
        steps.append(Step(closed, why=why))
    return steps


def entropy_steps(d: Family) -> list[Step]:
    """H(d) = E[−log f] = … = the closed form, one moment per step."""
    if d.moment_group is None:
        raise NoStepsError(f"{text_math(d)} has no log-density basis")
    constant, kept = _basis_combination(d)
    steps = [
        Step(expectation(d, -sympy.log(d)), why="definition: H(X) = E[−log f(X)]"),
        Step(
            expectation(d, -written_log_density(d)),
            why=f"write out the log-density of {text_math(d)} (the log of its density formula)",
        ),
        *_moment_steps(d, constant, kept),
    ]
    closed = d.entropy_form()
    return closing(steps, closed if closed is not None else entropy(d).doit(), f"H({text_math(d)})")


def kl_steps(p: Family, q: Family) -> list[Step]:
    """KL(p ‖ q) = E_p[log p − log q] = … = the closed form (supp p inside supp q)."""
    if p.moment_group is None or q.moment_group != p.moment_group:
        raise NoStepsError(f"{text_math(p)} and {text_math(q)} share no log-density basis")
    if nested(p, q) is not sympy.true:
        raise NoStepsError(
            f"the support of {text_math(p)} is not known to lie inside that of {text_math(q)}"
        )
    constant, kept = _basis_combination(p, q)
    why = (
        "write out both log-densities; the support of the first lies inside the "
        "support of the second, so log q(x) is finite wherever p(x) > 0"
    )
    cancelled = _cancelled(p, kept)
    if cancelled:
        why += f"; the {cancelled} of the two cancel"
    # q's log-density in p's outcome symbol (x > 0 for a half-line p, x real for a line q)
    written = written_log_density(p) - written_log_density(q).xreplace({q.variable: p.variable})
    steps = [
        Step(
            expectation(p, sympy.log(p) - sympy.log(q)),
            why="definition: KL(p‖q) = E_p[log p(x) − log q(x)]",
        ),
        Step(expectation(p, written), why=why),
        *_moment_steps(p, constant, kept),
    ]
    # no closed form of the pair's own: the registry's, from the moment tables
    closed = p.kl_form(q)
    closed = closed if closed is not None else kl_divergence(p, q).doit()
    return closing(steps, closed, f"KL({text_math(p)} ‖ {text_math(q)})")


def interior_facts(*dists: Family) -> list[sympy.Basic]:
    """0 < p < 1 for each probability parameter: the log-density basis (log p, log(1 − p)) is
    finite there only; the closed forms' boundary values are separate claims."""
    facts: list[sympy.Basic] = []
    for d in dists:
        for spec, value in zip(d.params, d.args, strict=True):
            if spec.domain is Domain.UNIT and not value.is_number:
                facts += [sympy.StrictLessThan(0, value), sympy.StrictLessThan(value, 1)]
    return list(dict.fromkeys(facts))


def steps_derivation(
    name: str,
    *dists: Family,
    source: str = "",
    title: str = "",
    where: Sequence[sympy.Basic] = (),
) -> Derivation:
    """The derivation of H(d) (one family) or KL(p ‖ q) (two), titled and with its facts
    (``where`` adds facts of the caller's, such as δ ≥ 0 for nested supports).

    >>> from sympy import Symbol
    >>> from symkl.families import Exponential
    >>> steps_derivation("h", Exponential(Symbol("lambda", positive=True))).title
    'Entropy of Exponential(λ), step by step from the definition'
    """
    if len(dists) == 1:
        start, steps = entropy(dists[0]), entropy_steps(dists[0])
        title = title or f"Entropy of {text_math(dists[0])}, step by step from the definition"
    else:
        p, q = dists
        start, steps = kl_divergence(p, q), kl_steps(p, q)
        title = title or (f"KL({text_math(p)} ‖ {text_math(q)}), step by step from the definition")
    facts = [*interior_facts(*dists), *where]
    return Derivation(name, start, steps, title=title, source=source, where=facts)


def _shown(d: Categorical) -> str:
    return f"Categorical({', '.join(text_math(a) for a in d.probs)})"


def categorical_steps(
    name: str,
    p: Categorical,
    q: Categorical | None = None,
    *,
    source: str = "",
    where: list[sympy.Basic] | None = None,
) -> Derivation:
    """H(p) or KL(p ‖ q) for Categoricals: the definition, then the probability-weighted sum.

    The steps are identities in the listed probabilities (no step uses that they add up to 1).

    >>> from sympy import Rational
    >>> half = Categorical([Rational(1, 2), Rational(1, 2)])
    >>> len(categorical_steps("h", half).steps)
    2
    """
    probs = list(p.probs)
    count = len(probs)
    weighted = (
        f"an expectation over the {count} outcomes is the probability-weighted sum: "
        f"E[g(X)] = Σₖ P(X = k)·g(k), and P(X = k) is the {'k-th' if count > 3 else 'listed'} "
        "probability"
    )
    if q is None:
        steps = [
            Step(expectation(p, -sympy.log(p)), why="definition: H(X) = E[−log P(X)]"),
            Step(sympy.Add(*(-a * sympy.log(a) for a in probs)), why=weighted),
        ]
        closed, start = entropy(p).doit(), entropy(p)
        title = f"Entropy of {_shown(p)}, step by step from the definition"
    else:
        pairs = list(zip(probs, q.probs, strict=True))
        steps = [
            Step(
                expectation(p, sympy.log(p) - sympy.log(q)),
                why="definition: KL(p‖q) = E_p[log p(X) − log q(X)]",
            ),
            Step(
                sympy.Add(*(a * (sympy.log(a) - sympy.log(b)) for a, b in pairs)),
                why=weighted + " (each probability of q is positive: log q(k) is finite)",
            ),
        ]
        closed, start = kl_divergence(p, q).doit(), kl_divergence(p, q)
        title = f"KL({_shown(p)} ‖ {_shown(q)}), step by step from the definition"
    if steps[-1].expr != closed:
        why = "collect the terms: the closed form"
        if q is not None:
            why = "log a − log b = log(a/b) for positive a, b: the closed form"
        steps.append(Step(closed, why=why))
    return Derivation(name, start, steps, title=title, source=source, where=where or [])
