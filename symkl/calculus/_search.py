"""Numeric searches for the optimisation relations: differing gradients, differently ordered optima.

Every point is drawn from the domain (stated intervals, ``where`` facts, simplices) and every
counterexample is confirmed at 50 digits and reported with the claim's own lhs and rhs::

    >>> theta = sympy.Symbol("theta", real=True)
    >>> gradient_search(theta**2, theta**2 + 1, None, (theta,), (), Domain(), 120, 0)[0] is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy

from ..distributions import Distribution
from . import _numeric as num
from ._calculus import COMPONENT, Wrt, explicit, is_zero, wrt_text
from ._detect import Sense
from ._domain import Domain

__all__ = ["argmin_search", "example", "gradient_search"]

#: Candidate points per draw of the other symbols when comparing minimisers numerically.
CANDIDATES = 256
#: Random draws of the other symbols (data, fixed distributions) per instance, after the
#: structured values of ``num.contexts``.
CONTEXTS = 4
#: Relative float gap within which a candidate ties with an objective's best one.
TIE = 1e-9


def example(point: dict[sympy.Basic, float], size: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {str(s): v for s, v in sorted(point.items(), key=lambda kv: str(kv[0]))}
    if size is not None:
        out["n"] = size
    return out


def _gradient_pairs(
    inst: num.Instance, f: sympy.Expr, g: sympy.Expr | None, expected: object, wrt: Sequence[Wrt]
) -> list[tuple[sympy.Expr, sympy.Expr, str]]:
    """(∂f/∂w, ∂g/∂w or the expected component, label) for every concrete variable w."""
    cf = explicit(inst.concrete(f))
    cg = explicit(inst.concrete(g)) if g is not None else None
    pairs = []
    for position, w in enumerate(wrt):
        if isinstance(w, sympy.IndexedBase):
            targets: list[tuple[sympy.Expr, int | None]] = [
                (s, j) for j, s in enumerate(inst.wrt, start=1) if s.name.startswith(f"{w}_")
            ]
        else:
            targets = [(inst.concrete(w), None)]
        for symbol, j in targets:
            left = sympy.diff(cf, symbol)
            if cg is not None:
                right = sympy.diff(cg, symbol)
            else:
                exp = expected[position] if isinstance(expected, tuple) else expected
                exp = sympy.sympify(exp)
                right = inst.concrete(exp.subs(COMPONENT, j) if j is not None else exp)
            pairs.append((left, right, str(symbol)))
    return pairs


def gradient_search(
    f: sympy.Expr,
    g: sympy.Expr | None,
    expected: object,
    wrt: Sequence[Wrt],
    given: Sequence[Distribution],
    domain: Domain,
    samples: int,
    seed: int,
) -> tuple[dict[str, Any] | None, int]:
    """A point where the two gradients differ (confirmed at 50 digits), and the samples used."""
    rng = np.random.default_rng(seed)
    exprs = [f] if g is None else [f, g]
    insts = num.instances(exprs, wrt, given, domain)
    per = max(8, samples // len(insts))
    used = 0
    for inst in insts:
        pairs = _gradient_pairs(inst, f, g, expected, wrt)
        num.plan_more(inst, [e for pair in pairs for e in pair[:2]])
        env, valid = num.sample(inst, rng, per)
        for left, right, label in pairs:
            a, b = num.values(left, env, per), num.values(right, env, per)
            ok = valid & np.isfinite(a) & np.isfinite(b)
            with np.errstate(invalid="ignore", over="ignore"):
                bad = ok & (np.abs(a - b) > 1e-7 * (1 + np.abs(a) + np.abs(b)))
            # A sample is evidence of agreement only when its values agree in floats or at 50
            # digits: a difference that could not be confirmed either way counts for neither side.
            agree = ok & ~bad
            for k in np.flatnonzero(bad)[:3]:
                point = num.point_at(env, int(k))
                confirmed = num.confirm_values([left, right], point, inst)
                if confirmed is not None and num.differ(*confirmed):
                    own = left.free_symbols | right.free_symbols
                    found = example({s: v for s, v in point.items() if s in own}, inst.size)
                    found.update(component=label, lhs=float(confirmed[0]), rhs=float(confirmed[1]))
                    return found, used + int(agree.sum())
                agree[k] = confirmed is not None  # float rounding: equal at 50 digits
            used += int(agree.sum())
    return None, used


def _linear_in(expr: sympy.Expr, wrt: Sequence[sympy.Symbol]) -> bool:
    unfolded = explicit(expr)
    return all(is_zero(sympy.diff(unfolded, a, b)) for a in wrt for b in wrt)


def _rivals(vf: Any, vg: Any, ok: Any) -> tuple[int, int] | None:
    """Candidates a (best for lhs) and b (best for rhs) to compare at 50 digits, or None when
    they agree in floats.

    Among the candidates an objective ties at its best, the one the other objective likes least
    stands for it: an objective that is flat there (constant at these values of the other
    symbols, so every candidate minimises it) does not agree with one that has a single best.
    """
    idx = np.flatnonzero(ok)
    best_f, best_g = float(vf[idx].min()), float(vg[idx].min())
    tied_f = idx[vf[idx] <= best_f + TIE * (1 + abs(best_f))]
    tied_g = idx[vg[idx] <= best_g + TIE * (1 + abs(best_g))]
    a = int(tied_f[np.argmax(vg[tied_f])])
    b = int(tied_g[np.argmax(vf[tied_g])])
    if vf[a] == vf[b] and vg[a] == vg[b]:
        return None
    return a, b


def _constant(expr: sympy.Expr, context: dict[sympy.Basic, float]) -> bool:
    """Whether ``expr`` is a finite real constant once the other symbols take the context's
    values, read exactly (a float is a binary rational): then every point is optimal for it."""
    exact = {s: sympy.Rational(v) for s, v in context.items()}
    value = expr.xreplace(exact)
    return not value.free_symbols and value.is_finite is True and value.is_extended_real is True


def _tie_refutation(
    tied: str, expr: sympy.Expr, context: dict[sympy.Basic, float], wrt: Sequence[sympy.Symbol]
) -> str | None:
    """Why a tie refutes the claim: the ``tied`` side is exactly constant in ``wrt`` at the
    context, so every point is optimal for it, while the other side tells a and b apart."""
    if not _constant(expr, context):
        return None
    other, better, worse = ("rhs", "b", "a") if tied == "lhs" else ("lhs", "a", "b")
    return (
        f"{tied} is constant in {wrt_text(wrt)} at these values of the other symbols, so every "
        f"point is optimal for it; {other} prefers {better} to {worse} (confirmed at 50 digits), "
        f"so {worse} is not optimal for {other}"
    )


def argmin_search(
    hf: sympy.Expr,
    hg: sympy.Expr,
    sense: Sense,
    wrt: Sequence[Wrt],
    given: Sequence[Distribution],
    domain: Domain,
    seed: int,
    rhs_sign: int = 1,
) -> tuple[str, dict[str, Any] | None, str]:
    """('agree' | 'refuted' | 'differ' | 'undefined' | 'none', counterexample, detail).

    The other symbols take structured values first (0, ±1, the ends of their ranges and facts;
    see ``num.contexts``), then random ones. A context agrees only when both objectives prefer
    the same candidates; one objective tied at two candidates the other tells apart (flat, or
    constant: every point a minimiser) is a disagreement, and a refutation when the tied side is
    exactly constant there. ``rhs_sign`` is −1 when ``hg`` is the negated rhs (an argmax
    compared with an argmin), so the counterexample reports the claim's own rhs.
    """
    rng = np.random.default_rng(seed)
    sign = 1.0 if sense is Sense.MIN else -1.0
    agreed = 0
    differ = ""
    for inst in num.instances([hf, hg], wrt, given, domain):
        cf, cg = inst.concrete(hf), inst.concrete(hg)
        simplex = next((grp for grp in inst.simplex if set(grp) == set(inst.wrt)), None)
        linear = {
            "lhs": simplex is not None and _linear_in(cf, inst.wrt),
            "rhs": simplex is not None and _linear_in(cg, inst.wrt),
        }
        for context in num.contexts(inst, rng, CONTEXTS):
            env, valid = num.sample(inst, rng, CANDIDATES, fixed=context)
            if simplex is not None:  # the vertices are candidates too: linear objectives end there
                for j, s in enumerate(simplex):
                    env[s][: len(simplex)] = np.eye(len(simplex))[:, j]
            vf, vg = sign * num.values(cf, env, CANDIDATES), sign * num.values(cg, env, CANDIDATES)
            undefined = _one_sided(valid, vf, vg, env, (cf, cg), inst, rhs_sign)
            if undefined is not None:
                return "undefined", None, undefined
            ok = valid & np.isfinite(vf) & np.isfinite(vg)
            if not ok.any():
                continue
            rivals = _rivals(vf, vg, ok)
            if rivals is None:
                agreed += 1
                continue
            a, b = rivals
            pa, pb = num.point_at(env, a), num.point_at(env, b)
            at_a = num.confirm_values([cf, cg], pa, inst)
            at_b = num.confirm_values([cf, cg], pb, inst)
            if at_a is None or at_b is None:
                continue
            (fa, ga), (fb, gb) = at_a, at_b
            f_order = sign * (fb - fa) if num.differ(fa, fb) else 0  # > 0: lhs prefers a
            g_order = sign * (ga - gb) if num.differ(ga, gb) else 0  # > 0: rhs prefers b
            # a tie is the same 50-digit value (a flat side), not a gap below differ's 1e-30:
            # (t − 1)⁸ at 1 − 1e-9 is 1e-72, not 0, and no evidence against |t − 1|
            tied = "lhs" if fa == fb and g_order > 0 else "rhs" if ga == gb and f_order > 0 else ""
            if f_order < 0 and g_order < 0:
                continue  # the floats' best points swap at 50 digits: evidence for neither
            if not tied and not (f_order > 0 and g_order > 0):
                agreed += 1  # both tie, or both prefer the same point
                continue
            own = (cf.free_symbols | cg.free_symbols) - set(inst.wrt)
            found = example({s: v for s, v in pa.items() if s in own}, inst.size)
            found.update({f"{s} (a)": pa[s] for s in inst.wrt})
            found.update({f"{s} (b)": pb[s] for s in inst.wrt})
            found.update({"lhs(a)": float(fa), "lhs(b)": float(fb)})
            found.update({"rhs(a)": float(rhs_sign * ga), "rhs(b)": float(rhs_sign * gb)})
            if tied:  # one side ties at a and b, which the other tells apart
                tie = _tie_refutation(tied, cf if tied == "lhs" else cg, context, inst.wrt)
                if tie is not None:
                    return "refuted", found, tie
                differ = f"{tied} ties at a and b, which the other side tells apart: {found}"
                continue
            vertices = simplex is not None and bool(ok[: len(simplex)].all())
            which = "rhs" if linear["rhs"] else "lhs" if linear["lhs"] else None
            which = which if vertices else None
            if which is not None:
                best = "b" if which == "rhs" else "a"
                detail = (
                    f"{which} is linear in {wrt_text(inst.wrt)} on the simplex, so its optimum "
                    "is the "
                    f"vertex {best}; lhs prefers a and rhs prefers b (confirmed at 50 digits)"
                )
                return "refuted", found, detail
            differ = f"numeric optima differ: {found} (not certified as global optima)"
    if differ:
        return "differ", None, differ
    if agreed == 0:
        return "none", None, "no usable sample"
    return "agree", None, f"the best of {CANDIDATES} candidates coincide in {agreed} contexts"


def _one_sided(
    valid: Any,
    vf: Any,
    vg: Any,
    env: dict[sympy.Basic, Any],
    exprs: tuple[sympy.Expr, sympy.Expr],
    inst: num.Instance,
    rhs_sign: int,
) -> str | None:
    """A domain point where one objective is a real number and the other is not (50 digits)."""
    for k in np.flatnonzero(valid & (np.isnan(vf) != np.isnan(vg)))[:3]:
        point = num.point_at(env, int(k))
        left = num.confirm_values([exprs[0]], point, inst)
        right = num.confirm_values([exprs[1]], point, inst)
        if (left is None) == (right is None):
            continue
        where = ", ".join(
            f"{s} = {v:.6g}" for s, v in sorted(point.items(), key=lambda kv: str(kv[0]))
        )
        defined, value = ("lhs", left[0]) if left is not None else ("rhs", rhs_sign * right[0])  # type: ignore[index]
        other = "rhs" if defined == "lhs" else "lhs"
        return (
            f"{other} is not a real number at {where} inside the domain, where {defined} = "
            f"{float(value):.6g}: the two minimisation problems are not over the same set"
        )
    return None
