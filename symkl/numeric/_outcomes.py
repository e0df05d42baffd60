"""Sums and integrals over outcomes, compiled once and vectorised over samples.

* explicit supports: the outcomes along a new last axis, with the index ``i`` bound to each
  outcome (Σ_i i·p_i is 1·p_1 + 2·p_2 + …, not one shared random i);
* continuous supports: double-exponential quadrature on fixed nodes at two step sizes, split at
  the kinks of the integrand (|x − μ| of Laplace, Piecewise edges) and at the peaks the
  distributions declare (a VonMises mode), a sample counting only when both estimates agree,
  the distribution integrates to 1 on the nodes; split too at every peak centred where the
  expression says (the μ of e^(−(x − μ)²/2σ²) or of e^(−cosh(c(x − μ)))); at 50 digits
  :mod:`._mp_quadrature` cuts both its estimates at a narrow one, its second at the others;
* multivariate normals: Gauss–Hermite quadrature after x = μ + L z (two orders must agree);
* infinite series: summed term by term until the tail is negligible (nan when it is not).

Unreliable estimates are nan (unusable), never a number that could fake a counterexample::

    >>> import sympy
    >>> from symkl.numeric._compile import Backend
    >>> from symkl.numeric._outcomes import compile_node
    >>> k = sympy.Symbol("k", integer=True)
    >>> float(compile_node(sympy.Sum(2**-k, (k, 0, sympy.oo)), Backend.NUMPY)({}))
    2.0
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import mpmath
import numpy as np
import sympy

from ..distributions import Distribution, IndexedDiscrete, Kind
from ..measures import KLDivergence, Measure, OutcomeSum, distributions_in
from ._compile import Backend, Evaluator, compile_expr, register_node_compiler
from ._cuts import breakpoints, centres, kinks, poles
from ._gauss import compile_gauss_hermite
from ._inner import compile_inner
from ._log_bessel import log_bessel
from ._log_size import log_size
from ._mp_memo import memoized
from ._mp_quadrature import mp_quadrature
from ._np_peaks import one_exp
from ._np_quadrature import np_quadrature
from ._series import compile_series, expand, on_rows, shape_of

__all__ = ["breakpoints", "built_in_family", "compile_node", "outcome_function", "peaks"]

#: The array back end, named once for the many compile calls below.
NP = Backend.NUMPY


def peaks(node: OutcomeSum) -> list[sympy.Expr]:
    """Where a distribution of ``node`` declares a narrow peak (a family's ``peaks()``, such as
    a VonMises mode): a cut there puts the peak at the end of two pieces, where the
    double-exponential nodes crowd, instead of between nodes spread over the whole window."""
    found: list[sympy.Expr] = []
    for d in [node.over, *distributions_in(node.summand)]:
        for point in d.peaks():
            if point not in found:
                found.append(point)
    return found


def _log_gamma(expr: sympy.Expr) -> sympy.Expr:
    """log Γ(u), log u!, log C(n, k) and log B(a, b) as loggamma sums: finite where Γ overflows."""

    def _lg(z: sympy.Expr) -> sympy.Expr:
        # unevaluated: SymPy turns log Γ of an integer-valued argument (k + 1) back into
        # log(Γ(k + 1)), which overflows past k = 170
        return sympy.loggamma(z, evaluate=False)

    def rewrite(e: sympy.Expr) -> sympy.Expr:
        inner = e.args[0]
        if isinstance(inner, sympy.gamma):
            return _lg(inner.args[0])
        if isinstance(inner, sympy.factorial):
            return _lg(inner.args[0] + 1)
        if isinstance(inner, sympy.binomial):
            n, k = inner.args
            return _lg(n + 1) - _lg(k + 1) - _lg(n - k + 1)
        a, b = inner.args
        return _lg(a) + _lg(b) - _lg(a + b)

    def rewritten(e: sympy.Basic) -> bool:
        if not isinstance(e, sympy.log):
            return False
        inner = e.args[0]
        if isinstance(inner, sympy.binomial):
            # C(n, k) = Γ(n + 1)/(Γ(k + 1)·Γ(n − k + 1)) where the three are positive (the
            # NegativeBinomial's C(k + r − 1, k)); elsewhere log Γ takes another branch
            n, k = inner.args
            return all((z + 1).is_positive is True for z in (n, k, n - k))
        return isinstance(inner, (sympy.gamma, sympy.factorial, sympy.beta))

    return expr.replace(rewritten, rewrite)


def built_in_family(d: Distribution) -> bool:
    """A built-in family: its density is a product of factors that are >= 0 on its domain."""
    return type(d).__module__.startswith("symkl.families") and hasattr(type(d), "params")


def _log_value(d: Distribution, var: sympy.Symbol) -> sympy.Expr:
    """log d(var): expanded for built-in families (b^a x^(a−1) e^(−bx)/Γ(a) at a = 1e4 overflows
    factor by factor, its logarithm does not), plain log of the value otherwise."""
    value = d.value_at(var)

    def expand(f: sympy.Expr) -> sympy.Expr:
        if isinstance(f, sympy.Piecewise):
            return sympy.Piecewise(*[(expand(e), c) for e, c in f.args])
        if f.is_number:
            return sympy.log(f) if f != 0 else sympy.S.NegativeInfinity
        # Valid because every factor is >= 0 there, with log 0 = −∞ and 0·(−∞) = 0.
        return log_bessel(_log_gamma(sympy.expand_log(sympy.log(f), deep=True, force=True)))

    return expand(value) if built_in_family(d) else sympy.log(value)


def _split_log(e: sympy.Expr) -> sympy.Expr:
    """log(p^a·q^b·c) → a·log p + b·log q + log c over distribution atoms (values are >= 0)."""
    terms = []
    for factor in sympy.Mul.make_args(e.args[0]):
        base, exponent = factor.as_base_exp()
        if isinstance(base, Distribution) and exponent.is_extended_real:
            terms.append(exponent * sympy.log(base))
        elif factor.is_number and factor.is_positive:
            terms.append(sympy.log(factor))
        else:
            return e
    return sympy.Add(*terms)


def _has_mass(log_mass: Any) -> Any:
    if isinstance(log_mass, (mpmath.mpf, mpmath.mpc)):  # the 50-digit code
        return mpmath.mpf(1) if mpmath.re(log_mass) > -mpmath.inf else mpmath.mpf(0)
    return np.where(np.real(np.asarray(log_mass)) > -np.inf, 1.0, 0.0)


class HasMass(sympy.Function):
    """1 where the log of a mass is above −∞, else 0: evaluated by the numbers only."""

    nargs = 1
    _imp_ = staticmethod(_has_mass)


def _kept_apart(piece: sympy.Piecewise, atoms: Sequence[Distribution]) -> bool:
    """``Piecewise((term, Ne(d, 0)), (0, True))``: an expectation's zero weight kept apart."""
    if len(piece.args) != 2 or piece.args[1].expr != 0 or piece.args[1].cond != sympy.true:
        return False
    cond = piece.args[0].cond
    return isinstance(cond, sympy.Ne) and cond.args[0] in atoms and cond.args[1] == 0


@functools.lru_cache(maxsize=1024)
def outcome_function(node: OutcomeSum) -> tuple[sympy.Expr, sympy.Expr]:
    """The summand and the distribution's own mass as functions of the outcome variable, with
    logarithms of densities expanded so that no factor overflows on its own (once per measure:
    both back ends ask)."""
    var = node.support.variable
    assert var is not None
    atoms = distributions_in(node.summand)
    logs = {d: _log_value(d, var) for d in {*atoms, node.over}}
    # A weight's zero case kept apart (E_Bernoulli(p)[1/p]) is read on the log of the mass: as
    # exp(log mass) SymPy takes it for nonzero (at p = 1 it is 0), and the mass itself
    # underflows far out in a Geometric's tail, where the log does not.
    # Not as a SymPy condition: Ne(log(1 − p), −∞) is decided True for a positive p, which
    # may be 1. 0·∞ = 0 keeps the term 0 where the indicator is, whatever it cancelled.
    summand = node.summand.xreplace(
        {
            piece: piece.args[0].expr * HasMass(logs[piece.args[0].cond.args[0]])
            for piece in node.summand.atoms(sympy.Piecewise)
            if _kept_apart(piece, atoms)
        }
    )
    summand = summand.replace(lambda e: isinstance(e, sympy.log), _split_log)
    values = {d: sympy.exp(logs[d]) if built_in_family(d) else d.value_at(var) for d in logs}
    summand = summand.xreplace({sympy.log(d): logs[d] for d in atoms}).xreplace(values)
    return _log_gamma(sympy.expand_log(summand, deep=True, force=False)), values[node.over]


def _continuous(node: OutcomeSum) -> Evaluator:
    support = node.support
    var = support.variable
    assert var is not None
    assert support.lower is not None
    assert support.upper is not None
    integrand, pdf = outcome_function(node)
    merged = one_exp(integrand)
    # One compiled function gives both: the density inside the integrand is computed once.
    both = compile_inner(sympy.Tuple(merged, pdf), frozenset({var}), NP)
    magnitude = compile_inner(log_size(sympy.Tuple(merged, pdf)), frozenset({var}), NP)
    lo_of, hi_of = compile_expr(support.lower, NP), compile_expr(support.upper, NP)
    cuts, at_poles = _cuts_and_poles(integrand, var, peaks(node))
    cuts_of = [compile_expr(c, NP) for c in cuts]
    # The merged integrand's peaks and its density's own (which the mass check integrates).
    found = [*centres(merged, var), *centres(integrand, var), *centres(pdf, var)]
    peaks_of = [compile_expr(c, NP) for c in dict.fromkeys(found) if c not in cuts]

    def run(env: Mapping[sympy.Basic, Any]) -> Any:
        lo, hi, cuts = lo_of(env), hi_of(env), [c(env) for c in cuts_of]
        # The nodes must see the mass of the distribution integrated against: a narrow density
        # far from every node would otherwise integrate to 0 at both step sizes and look
        # reliable.
        middles = [c(env) for c in peaks_of]
        value, mass = np_quadrature(
            both, magnitude, var, lo, hi, cuts, env, middles, [cuts[k] for k in at_poles]
        )
        return np.where(np.abs(mass - 1) <= 1e-8, value, np.nan)

    return run


def _explicit(node: OutcomeSum, backend: Backend) -> Evaluator:
    size = node.support.size
    assert size is not None
    index = IndexedDiscrete.index
    columns = {
        d: [compile_expr(sympy.sympify(d.value_at(k)), backend) for k in range(1, size + 1)]
        for d in distributions_in(node.summand)
    }
    summand = compile_inner(node.summand, frozenset({index, *columns}), backend)
    if backend is Backend.MPMATH:

        def run_point(env: Mapping[sympy.Basic, Any]) -> Any:
            terms = []
            prepared = summand.prepare(env)
            for k in range(size):
                local = dict(prepared)
                local.update({d: of[k](env) for d, of in columns.items()})
                local[index] = mpmath.mpf(k + 1)
                terms.append(summand(local))
            return mpmath.fsum(terms)

        return run_point

    def run(env: Mapping[sympy.Basic, Any]) -> Any:
        # Outcomes along a new last axis; every other value broadcasts against it.
        local = expand(summand.prepare(env))
        for d, of in columns.items():
            outcomes = [np.asarray(f(env)) for f in of]
            local[d] = np.stack(np.broadcast_arrays(*outcomes), axis=-1)
        local[index] = np.arange(1.0, size + 1)
        values = np.asarray(summand(local))
        return np.sum(np.broadcast_to(values, (*shape_of(env), size)), axis=-1)

    return run


def _same_family_kl(node: Measure, backend: Backend) -> Evaluator | None:
    """KL(P ‖ Q) of two members of one built-in family at 50 digits: exactly 0 where their
    parameters are equal there (P = Q), else the definition. Quadrature of log(P/Q) at
    Exponential(3) against Exponential(3·1) leaves 3e-52, not the tie a strict claim fails at."""
    if not isinstance(node, KLDivergence) or backend is not Backend.MPMATH:
        return None
    p, q = node.p, node.q
    if not (type(p) is type(q) and built_in_family(p) and len(p.args) == len(q.args)):
        return None
    if not all(isinstance(a, sympy.Expr) and not a.is_Matrix for a in (*p.args, *q.args)):
        return None  # a vector or matrix parameter (MultivariateNormal): its own quadrature
    pairs = [
        (compile_expr(a, backend), compile_expr(b, backend))
        for a, b in zip(p.args, q.args, strict=True)
    ]
    definition = compile_expr(node.definition(), backend)

    def run(env: Mapping[sympy.Basic, Any]) -> Any:
        if all(a(env) == b(env) for a, b in pairs):
            return mpmath.mpf(0)
        return definition(env)

    return run


def _measure(node: Measure, backend: Backend) -> Evaluator:
    """A measure evaluated outcome by outcome: vectorised over the outcomes for explicit n."""
    if not isinstance(node, OutcomeSum):
        return _same_family_kl(node, backend) or compile_expr(node.definition(), backend)
    support = node.support
    if support.size is not None:
        return _explicit(node, backend)
    if hasattr(support.variable, "components"):  # a vector outcome (MultivariateNormal)
        return compile_gauss_hermite(node, backend)
    if support.kind is Kind.CONTINUOUS and backend is Backend.NUMPY:
        return _continuous(node)
    var, lo, hi = support.variable, support.lower, support.upper
    if var is None or lo is None or hi is None or isinstance(node.over, IndexedDiscrete):
        return compile_expr(node.unfold(), backend)
    term, pmf = outcome_function(node)
    if support.kind is Kind.DISCRETE:
        value_of, mass_of = (
            compile_series(sympy.Sum(term, (var, lo, hi)), backend),
            compile_series(sympy.Sum(pmf, (var, lo, hi)), backend),
        )
        mass_key: sympy.Basic = sympy.Sum(pmf, (var, lo, hi))
        value_key: sympy.Basic = sympy.Sum(term, (var, lo, hi))
    else:
        # Not through sympy.Integral, whose constructor folds the Piecewise of the support into
        # one with a nan outside it (−∞·e^(−∞)): a 50-digit node rounded past an end such as π
        # made the whole integral nan.
        at = peaks(node)
        value_of = _quadrature(term, var, lo, hi, backend, at)
        mass_of = _quadrature(pmf, var, lo, hi, backend, at)
        mass_key = sympy.Tuple(pmf, var, lo, hi, *at)
        value_key = sympy.Tuple(term, var, lo, hi, *at)

    def run(env: Mapping[sympy.Basic, Any]) -> Any:
        # The distribution's own mass must come out as 1: a sum or quadrature that missed it (an
        # overflow, a narrow peak between nodes) is unusable rather than a number. The mass
        # comes first, so the value is computed only where it will be used.
        if backend is Backend.MPMATH:
            # One mass per distribution and point at 50 digits: H(p), H(p, q) and KL(p‖q) on
            # the sides of one claim (or of a derivation's steps) share it.
            mass = memoized(mass_key, env, mass_of)
            good = abs(mass - 1) <= mpmath.mpf(10) ** (-(2 * mpmath.mp.dps) // 3)
            # The value too: the two sides of a step (E_q[e^(−x/σ)] beside E_q[x] on both) and
            # consecutive steps integrate the same term at the same point.
            return memoized(value_key, env, value_of) if good else mpmath.nan
        mass = mass_of(env)
        good = np.abs(mass - 1) <= 1e-9
        return np.where(good, on_rows(value_of, env, good), np.nan)

    return run


def _integral(node: sympy.Integral, backend: Backend) -> Evaluator:
    """A single Integral: fixed-node quadrature over samples, or mpmath.quad split at kinks."""
    (var, lo, hi), *rest = node.limits
    if rest:
        raise NotImplementedError("only single integrals are evaluated numerically")
    return _quadrature(node.function, var, lo, hi, backend)


def _cuts_and_poles(function: sympy.Expr, var: sympy.Symbol, extra: Sequence[sympy.Expr]
                    ) -> tuple[list[sympy.Expr], list[int]]:  # fmt: skip
    """The cuts of ``function`` (its kinks and poles, as :func:`._cuts.breakpoints` gives them,
    then the ``extra`` points), each once, and the places among them of its poles (a kink or a
    peak is none): the poles are found once, factoring a denominator being the costly part."""
    found = poles(function, var)
    cuts = list(dict.fromkeys([*kinks(function, var), *found, *extra]))
    at = set(found)
    return cuts, [k for k, c in enumerate(cuts) if c in at]


def _quadrature(function: sympy.Expr, var: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr,
                backend: Backend, extra: Sequence[sympy.Expr] = ()) -> Evaluator:  # fmt: skip
    """∫ function d(var) over (lo, hi), split at its kinks and at the ``extra`` points (the peaks
    the distributions declare); the centres of its own peaks (:func:`._cuts.centres`) are cut
    in double precision, and at 50 digits as :func:`._mp_quadrature.mp_quadrature` says."""
    cuts, at_poles = _cuts_and_poles(function, var, extra)
    bounds = [compile_expr(b, backend) for b in (lo, hi, *cuts)]
    peaks_of = [compile_expr(c, backend) for c in centres(function, var) if c not in cuts]
    integrand = compile_inner(function, frozenset({var}), backend)
    if backend is Backend.NUMPY:
        magnitude = compile_inner(log_size(function), frozenset({var}), backend)

        def run(env: Mapping[sympy.Basic, Any]) -> Any:
            at, middles = [b(env) for b in bounds], [c(env) for c in peaks_of]
            pole_values = [at[2 + k] for k in at_poles]
            return np_quadrature(
                integrand, magnitude, var, at[0], at[1], at[2:], env, middles, pole_values
            )[0]

        return run

    def run_point(env: Mapping[sympy.Basic, Any]) -> Any:
        at = [b(env) for b in bounds]
        poles = [at[2 + k] for k in at_poles]
        return mp_quadrature(integrand, var, at, env, [c(env) for c in peaks_of], poles)

    return run_point


def compile_node(node: sympy.Basic, backend: Backend) -> Evaluator:
    """The evaluator of a measure, a ``Sum`` or an ``Integral`` (SymPy preparation done once)."""
    if isinstance(node, Measure):
        return _measure(node, backend)
    if isinstance(node, sympy.Sum):
        return compile_series(node, backend)
    return _integral(node, backend)


register_node_compiler(compile_node)
