"""Gradients of objectives holding measures, ``Sum`` over a symbolic n and ``IndexedBase`` families.

A sum is kept linear: each ``Sum`` is split over its terms, factors free of the summation index are
pulled out, and Σ_i δ_ik·g(i) becomes g(k) (the Kronecker-delta rule, valid for 1 ≤ k ≤ n). That
is what makes ∂/∂z_k of a softmax cross-entropy over a symbolic number of classes tractable::

    >>> i, n = sympy.symbols("i n", integer=True, positive=True)
    >>> z = sympy.IndexedBase("z", real=True)
    >>> gradient(sympy.Sum(z[i] ** 2, (i, 1, n)), z)  # k is COMPONENT
    2*z[k]
"""

from __future__ import annotations

import numbers
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import sympy

from .._guard import OPS_LIMIT  # one limit for every expensive SymPy call
from ..distributions import Discrete, Distribution, IndexedDiscrete
from ..errors import InvalidParameterError, MalformedClaimError, UnsupportedMeasureError
from ..measures import Measure, distributions_in, unfold

__all__ = [
    "COMPONENT",
    "MAX_SAMPLES",
    "NOT_SMOOTH",
    "Facts",
    "Wrt",
    "as_count",
    "as_expr",
    "as_given",
    "as_wrt",
    "depends_on",
    "explicit",
    "gradient",
    "is_zero",
    "linearize",
    "normalisation_facts",
    "partials",
    "prepare",
    "smooth",
    "wrt_text",
]

#: The component index of a gradient with respect to an ``IndexedBase``: ∂/∂θ_k.
COMPONENT = sympy.Symbol("k", integer=True, positive=True)

#: A variable optimised over: a Symbol, an Indexed or an IndexedBase (SymPy is untyped for mypy).
Wrt: TypeAlias = Any


@dataclass(frozen=True)
class Facts:
    """Normalisation facts: Σ_j p[j] = 1 (indexed families) and p_1 + … + p_n = 1 (explicit)."""

    indexed: Mapping[str, sympy.Expr]  # base name -> upper limit of the sum that equals 1
    explicit: tuple[tuple[sympy.Symbol, ...], ...]

    def text(self) -> list[str]:
        out = [
            f"Σ_j {name}[j] = 1 (j = 1..{upper})" for name, upper in sorted(self.indexed.items())
        ]
        out += [" + ".join(map(str, group)) + " = 1" for group in self.explicit]
        return out


def normalisation_facts(exprs: Iterable[sympy.Basic], given: Iterable[object] = ()) -> Facts:
    """Distributions in ``exprs`` (and ``given``) with free-symbol probabilities sum to 1."""
    dists: list[Distribution] = []
    for expr in exprs:
        dists += distributions_in(expr)
    dists += [d for d in given if isinstance(d, Distribution)]
    indexed = {d.name: d.n for d in dists if isinstance(d, IndexedDiscrete)}
    explicit = []
    for d in dists:
        if isinstance(d, Discrete):
            group = d.simplex_symbols()
            if group is not None and len(group) > 1 and group not in explicit:
                explicit.append(group)
    return Facts(indexed, tuple(explicit))


#: Functions whose symbolic derivative ignores a jump or a kink (SymPy differentiates piecewise).
NOT_SMOOTH = (
    sympy.Piecewise, sympy.floor, sympy.ceiling, sympy.frac, sympy.sign, sympy.Heaviside,
    sympy.Abs, sympy.Min, sympy.Max, sympy.DiracDelta, sympy.Mod, sympy.re, sympy.im,
    sympy.arg, sympy.conjugate,
)  # fmt: skip


def smooth(expr: sympy.Expr) -> bool:
    """No part of ``expr`` (measures unfolded) is piecewise or otherwise non-differentiable, so
    a symbolic derivative is the derivative everywhere the expression is defined."""
    return not explicit(expr).has(*NOT_SMOOTH)


def as_expr(value: object, what: str = "an objective") -> sympy.Expr:
    """``value`` as a SymPy expression; strings are rejected, never evaluated.

    >>> as_expr(2)
    2
    """
    if isinstance(value, (str, bytes)):
        raise MalformedClaimError(
            f"{what} must be a SymPy expression, got {value!r} "
            "(a string: strings are not evaluated; build the expression with SymPy)"
        )
    # only SymPy objects and plain numbers are converted: sympify would parse strings nested in
    # tuples and dicts even with strict=True
    if not isinstance(value, (sympy.Basic, numbers.Number)):
        raise MalformedClaimError(f"{what} must be a SymPy expression, got {value!r}")
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError, ValueError):
        expr = None
    if not isinstance(expr, sympy.Expr):
        raise MalformedClaimError(f"{what} must be a SymPy expression, got {value!r}")
    if expr.has(sympy.nan, sympy.zoo):
        raise MalformedClaimError(f"{what} is undefined (NaN or complex infinity): {value!r}")
    return expr


#: The largest sample count and seed accepted (a count beyond this would exhaust memory).
MAX_SAMPLES = 100_000


def as_given(given: object) -> tuple[Distribution, ...]:
    """``given=``: a sequence of distributions whose probabilities sum to 1."""
    if isinstance(given, Distribution):
        return (given,)
    if not isinstance(given, (list, tuple)):
        raise UnsupportedMeasureError(f"given= must be a list of distributions, got {given!r}")
    for item in given:
        if not isinstance(item, Distribution):
            raise UnsupportedMeasureError(
                f"given= must hold distributions (e.g. Discrete.symbolic('p', n)), got {item!r}"
            )
    return tuple(given)


def as_count(value: object, what: str = "samples") -> int:
    """A sample count or seed: an integer in 0..MAX_SAMPLES (a count at least 1)."""
    low = 1 if what == "samples" else 0
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_SAMPLES:
        raise InvalidParameterError(
            f"{what} must be an integer from {low} to {MAX_SAMPLES}, got {value!r}"
        )
    return value


def as_wrt(wrt: object) -> tuple[Wrt, ...]:
    """The variables optimised over, as a tuple (a single Symbol or IndexedBase, or a sequence)."""
    items = list(wrt) if isinstance(wrt, (list, tuple, sympy.Tuple)) else [wrt]
    if not items:
        raise MalformedClaimError("gradient needs at least one variable, got an empty sequence")
    for item in items:
        if not isinstance(item, (sympy.Symbol, sympy.Indexed, sympy.IndexedBase)):
            raise MalformedClaimError(
                f"variables must be SymPy Symbols, Indexed or IndexedBase, got {item!r}"
            )
    return tuple(items)


def wrt_text(wrt: Sequence[Wrt]) -> str:
    names = [str(w) for w in wrt]
    return names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"


def depends_on(expr: sympy.Basic, wrt: Sequence[Wrt]) -> bool:
    """Whether ``expr`` mentions a variable, also inside a distribution's probabilities."""
    return any(expr.has(w) for w in wrt)


def explicit(expr: sympy.Expr) -> sympy.Expr:
    """Measures replaced by their defining sums or integrals (``Sum`` for a symbolic n)."""
    if expr.has(Measure):
        expr = unfold(expr)
    return expr


def _split_sum(s: sympy.Sum, used: list[str]) -> sympy.Expr:
    if len(s.limits) != 1:
        return s
    ((var, lo, hi),) = s.limits
    body = sympy.expand(s.function)
    out = sympy.S.Zero
    for term in sympy.Add.make_args(body):
        const: list[sympy.Expr] = []
        dep: list[sympy.Expr] = []
        for factor in sympy.Mul.make_args(term):
            (dep if var in factor.free_symbols else const).append(factor)
        c = sympy.Mul(*const)
        if not dep:
            out += c * (hi - lo + 1)
            continue
        delta = next(
            (
                f
                for f in dep
                if isinstance(f, sympy.KroneckerDelta)
                and var in f.args
                and var not in (f.args[0] if f.args[1] == var else f.args[1]).free_symbols
            ),
            None,
        )
        if delta is not None:
            other = delta.args[0] if delta.args[1] == var else delta.args[1]
            rest = sympy.Mul(*(f for f in dep if f is not delta))
            out += c * rest.xreplace({var: other})
            used.append(f"{lo} ≤ {other} ≤ {hi}")
            continue
        out += c * sympy.Sum(sympy.Mul(*dep), (var, lo, hi))
    return out


def linearize(
    expr: sympy.Expr, facts: Facts | None = None, used: list[str] | None = None
) -> sympy.Expr:
    """Split sums over their terms, pull out constants, apply Σ_i δ_ik g(i) = g(k) and ``facts``.

    >>> i, n = sympy.symbols("i n", integer=True, positive=True)
    >>> linearize(sympy.Sum(3 * sympy.IndexedBase("z")[i] + 1, (i, 1, n)))
    n + 3*Sum(z[i], (i, 1, n))
    """
    notes: list[str] = [] if used is None else used

    def walk(node: sympy.Basic) -> sympy.Basic:
        if not node.args or isinstance(node, (sympy.Indexed, Distribution, Measure)):
            return node
        if isinstance(node, sympy.Sum):
            inner = sympy.Sum(walk(node.function), *node.limits)
            result = _split_sum(inner, notes)
            if facts is not None:
                result = _apply_indexed_facts(result, facts, notes)
            return result
        return node.func(*(walk(a) for a in node.args))

    result: sympy.Expr = walk(expr)
    return result


def _apply_indexed_facts(expr: sympy.Expr, facts: Facts, notes: list[str]) -> sympy.Expr:
    def is_normalised(node: sympy.Basic) -> bool:
        if not isinstance(node, sympy.Sum) or len(node.limits) != 1:
            return False
        var, lo, hi = node.limits[0]
        f = node.function
        return (
            isinstance(f, sympy.Indexed)
            and f.indices == (var,)
            and lo == 1
            and facts.indexed.get(str(f.base)) == hi
        )

    def one(node: sympy.Sum) -> sympy.Expr:
        notes.append(f"Σ {node.function.base} = 1")
        return sympy.S.One

    result: sympy.Expr = expr.replace(is_normalised, one)
    return result


def _canonical_indices(expr: sympy.Expr) -> sympy.Expr:
    """Rename bound summation indices by nesting depth, so Σ_i f(i) and Σ_j f(j) compare equal."""

    def depth(node: sympy.Basic) -> int:
        inner = [depth(a) for a in node.args]
        own = 1 if isinstance(node, sympy.Sum) else 0
        return own + max(inner, default=0)

    def rename(node: sympy.Sum) -> sympy.Expr:
        if len(node.limits) != 1:
            return node
        var, lo, hi = node.limits[0]
        canon = sympy.Symbol(f"_j{depth(node)}", integer=True, positive=True)
        return sympy.Sum(node.function.xreplace({var: canon}), (canon, lo, hi))

    result: sympy.Expr = expr.replace(lambda e: isinstance(e, sympy.Sum), rename)
    return result


def _explicit_facts(expr: sympy.Expr, facts: Facts) -> sympy.Expr:
    mapping = {group[-1]: 1 - sympy.Add(*group[:-1]) for group in facts.explicit}
    return expr.xreplace(mapping) if mapping else expr


def _sample_value(s: sympy.Symbol, rng: random.Random) -> sympy.Expr:
    if s.is_integer:
        return sympy.Integer(rng.randint(1, 4))
    value = sympy.Rational(rng.randint(1, 97), 101)  # in (0, 1): inside every probability domain
    return value if s.is_nonnegative or s.is_positive else value * 2 - 1


def _numerically_nonzero(expr: sympy.Expr) -> bool:
    """A quick screen before ``simplify``: a real, finite, clearly nonzero value at a sample point.

    Sample points respect the symbols' assumptions, so a nonzero value there is a real witness;
    complex or undefined values are inconclusive.
    """
    if expr.has(sympy.Sum, sympy.Product, sympy.Indexed, Measure, Distribution):
        return False
    rng = random.Random(0)
    symbols = sorted(expr.free_symbols, key=str)
    for _ in range(2):
        point = {s: _sample_value(s, rng) for s in symbols if isinstance(s, sympy.Symbol)}
        value = sympy.N(expr.xreplace(point), 30)
        if value.is_real and value.is_finite and abs(value) > 1e-12:
            return True
    return False


def is_zero(expr: sympy.Expr, facts: Facts | None = None, used: list[str] | None = None) -> bool:
    """``expr`` is identically 0: log rules only on provably positive arguments, plus ``facts``."""
    facts = facts or Facts({}, ())
    notes: list[str] = []
    out = linearize(sympy.expand_log(expr, deep=True, force=False), facts, notes)
    out = _canonical_indices(sympy.expand(out))
    zero = out == 0
    if not zero:
        candidate = _explicit_facts(out, facts)
        # simplify on a Product (or its derivative) takes seconds and never finds a zero there
        if (
            sympy.count_ops(candidate) <= OPS_LIMIT
            and not candidate.has(sympy.Product)
            and not _numerically_nonzero(candidate)
        ):
            zero = sympy.cancel(candidate) == 0 or sympy.simplify(candidate) == 0
            if zero and candidate is not out:
                notes += facts.text()
    if zero and used is not None:
        used += notes
    return bool(zero)


def partials(
    expr: sympy.Expr,
    wrt: Sequence[Wrt],
    index: sympy.Symbol = COMPONENT,
    facts: Facts | None = None,
    notes: list[str] | None = None,
) -> tuple[sympy.Expr, ...]:
    """∂expr/∂w for each variable (∂/∂w_k for a family), with sums kept linear."""
    prepared = prepare(expr)
    out = []
    for w in wrt:
        target = w[index] if isinstance(w, sympy.IndexedBase) else w
        out.append(linearize(sympy.diff(prepared, target), facts, notes))
    return tuple(out)


def prepare(expr: sympy.Expr) -> sympy.Expr:
    """The objective ready to differentiate: measures unfolded, honest log rules, sums linear."""
    return linearize(sympy.expand_log(explicit(expr), deep=True, force=False))


def gradient(
    expr: object, wrt: object, *, index: sympy.Symbol = COMPONENT
) -> sympy.Expr | tuple[sympy.Expr, ...]:
    """∂expr/∂wrt: a scalar for one Symbol, a tuple for a sequence, ∂/∂θ_k for an ``IndexedBase``.

    >>> t = sympy.Symbol("t", positive=True)
    >>> gradient(sympy.log(t), t)
    1/t
    """
    target = as_expr(expr, "gradient's expression")
    parts = partials(target, as_wrt(wrt), index)
    single = not isinstance(wrt, (list, tuple, sympy.Tuple))
    return parts[0] if single else parts
