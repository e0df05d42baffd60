"""``same_gradient``, ``same_argmin`` and ``gradient_is``: proofs, numeric checks and refutations.

>>> same_gradient(cross_entropy(p, q_theta), kl_divergence(p, q_theta), theta).method
'constant offset: differ by H(p), free of theta'
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy

from . import _optimize_numeric as num
from ._optimize_calculus import (
    COMPONENT,
    Facts,
    Wrt,
    as_wrt,
    explicit,
    is_zero,
    normalisation_facts,
    partials,
    wrt_text,
)
from ._optimize_detect import (
    Found,
    Sense,
    constant_offset,
    increasing_map,
    objective,
    positive_scale,
)
from .distributions import Distribution
from .prover import Proof, ProofContradictionWarning, Verdict

__all__ = ["gradient_is", "same_argmin", "same_gradient"]

#: Candidate points per draw of the other symbols when comparing minimisers numerically.
CANDIDATES = 256
#: Draws of the other symbols (data, fixed distributions) per instance.
CONTEXTS = 4


def _example(point: dict[sympy.Basic, float], size: int | None) -> dict[str, Any]:
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


def _gradient_search(
    f: sympy.Expr,
    g: sympy.Expr | None,
    expected: object,
    wrt: Sequence[Wrt],
    given: Sequence[Distribution],
    domain: Any,
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
        env, valid = num.sample(inst, rng, per)
        for left, right, label in pairs:
            a, b = num.values(left, env, per), num.values(right, env, per)
            ok = valid & np.isfinite(a) & np.isfinite(b)
            used += int(ok.sum())
            bad = ok & (np.abs(a - b) > 1e-7 * (1 + np.abs(a) + np.abs(b)))
            for k in np.flatnonzero(bad)[:3]:
                point = num.point_at(env, int(k))
                confirmed = num.confirm_values([left, right], point, inst)
                if confirmed is not None and num.differ(*confirmed):
                    example = _example(point, inst.size)
                    example.update(
                        component=label, lhs=float(confirmed[0]), rhs=float(confirmed[1])
                    )
                    return example, used
    return None, used


def _finish(
    found: Found | None,
    method: str,
    search: tuple[dict[str, Any] | None, int],
    start: float,
    what: str,
) -> Proof:
    example, used = search
    seconds = time.perf_counter() - start
    if found is not None:
        if example is not None:
            message = (
                f"{method!r} proved {what} but the numbers refute it at {example}: a bug in symkl"
            )
            warnings.warn(message, ProofContradictionWarning, stacklevel=3)
            return Proof(
                Verdict.REFUTED, f"numeric (contradicts {method})", example, seconds, (), message
            )
        return Proof(Verdict.PROVED, method, None, seconds, found.assumptions)
    if example is not None:
        return Proof(
            Verdict.REFUTED,
            "counterexample",
            example,
            seconds,
            (),
            f"the gradients differ in {example['component']}; confirmed at 50 digits",
        )
    if used == 0:
        return Proof(
            Verdict.UNDECIDED, "no strategy applies", None, seconds, (), "no usable sample"
        )
    return Proof(Verdict.CHECKED, f"numeric ({used} samples)", None, seconds, (),
                 "the gradients agree at every sample")  # fmt: skip


def _plain(expr: object) -> sympy.Expr:
    value = sympy.sympify(expr)
    if not isinstance(value, sympy.Expr):
        raise TypeError(f"an objective must be a SymPy expression, got {expr!r}")
    return value


def same_gradient(
    f: object,
    g: object,
    wrt: object,
    *,
    given: Sequence[Distribution] = (),
    domain: Any = None,
    samples: int = 120,
    seed: int = 0,
) -> Proof:
    """Whether ∇f = ∇g in ``wrt``; the method names why (e.g. a constant offset H(p)).

    >>> same_gradient(cross_entropy(p, q), kl_divergence(p, q), theta).verdict
    <Verdict.PROVED: 'proved'>
    """
    start = time.perf_counter()
    lhs, rhs = objective(_plain(f))[0], objective(_plain(g))[0]
    variables = as_wrt(wrt)
    facts = normalisation_facts([lhs, rhs], given)
    found = constant_offset(lhs, rhs, variables, facts)
    method = ""
    if found is not None:
        method = f"constant offset: differ by {found.text}, free of {wrt_text(variables)}"
    else:
        notes: list[str] = []
        gf = partials(lhs, variables, facts=facts, notes=notes)
        gg = partials(rhs, variables, facts=facts, notes=notes)
        if all(is_zero(a - b, facts, notes) for a, b in zip(gf, gg, strict=False)):
            found = Found(
                "gradients simplify to the same expression",
                "",
                ("the symbols' declared assumptions", *dict.fromkeys(notes)),
            )
            method = found.method
    search = _gradient_search(lhs, rhs, None, variables, given, domain, samples, seed)
    return _finish(found, method, search, start, "a same-gradient relation")


def gradient_is(
    f: object,
    wrt: object,
    expected: object,
    *,
    given: Sequence[Distribution] = (),
    domain: Any = None,
    samples: int = 120,
    seed: int = 0,
) -> Proof:
    """Whether ∇f is ``expected`` (a tuple for several variables; in ``COMPONENT`` k for a family).

    >>> gradient_is(-y * log(sigmoid(z)) - (1 - y) * log(1 - sigmoid(z)), z, sigmoid(z) - y).verdict
    <Verdict.PROVED: 'proved'>
    """
    start = time.perf_counter()
    lhs = _plain(f)
    variables = as_wrt(wrt)
    targets = expected if isinstance(expected, tuple) else (expected,)
    if len(targets) != len(variables):
        raise TypeError(
            f"expected {len(variables)} gradient components for {wrt_text(variables)}, "
            f"got {expected!r}"
        )
    facts = normalisation_facts([lhs], given)
    notes: list[str] = []
    grads = partials(lhs, variables, facts=facts, notes=notes)
    found = None
    if all(is_zero(a - _plain(b), facts, notes) for a, b in zip(grads, targets, strict=False)):
        found = Found("gradient", "", ("the symbols' declared assumptions", *dict.fromkeys(notes)))
    search = _gradient_search(lhs, None, expected, variables, given, domain, samples, seed)
    return _finish(
        found, "symbolic gradient (Kronecker-delta rule for sums)", search, start, "a gradient"
    )


def _objectives(f: object, g: object) -> tuple[sympy.Expr, sympy.Expr, Sense, list[str]]:
    (hf, sf), (hg, sg) = objective(_plain(f)), objective(_plain(g))
    notes = []
    if sf is not sg:
        hg = -hg
        notes.append("negation turns argmax into argmin")
    return hf, hg, sf, notes


def _linear_in(expr: sympy.Expr, wrt: Sequence[sympy.Symbol]) -> bool:
    unfolded = explicit(expr)
    return all(is_zero(sympy.diff(unfolded, a, b)) for a in wrt for b in wrt)


def _argmin_search(
    hf: sympy.Expr,
    hg: sympy.Expr,
    sense: Sense,
    wrt: Sequence[Wrt],
    given: Sequence[Distribution],
    domain: Any,
    seed: int,
) -> tuple[str, dict[str, Any] | None, str]:
    """('agree' | 'refuted' | 'differ' | 'none', counterexample, detail)."""
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
        for _ in range(CONTEXTS):
            drawn, _ = num.sample(inst, rng, 1)
            context = {s: float(v[0]) for s, v in drawn.items() if s not in inst.wrt}
            env, valid = num.sample(inst, rng, CANDIDATES, fixed=context)
            if simplex is not None:  # the vertices are candidates too: linear objectives end there
                for j, s in enumerate(simplex):
                    env[s][: len(simplex)] = np.eye(len(simplex))[:, j]
            vf, vg = sign * num.values(cf, env, CANDIDATES), sign * num.values(cg, env, CANDIDATES)
            ok = valid & np.isfinite(vf) & np.isfinite(vg)
            if not ok.any():
                continue
            a = int(np.flatnonzero(ok)[np.argmin(vf[ok])])
            b = int(np.flatnonzero(ok)[np.argmin(vg[ok])])
            if a == b or (vf[a] == vf[b] and vg[a] == vg[b]):
                agreed += 1
                continue
            pa, pb = num.point_at(env, a), num.point_at(env, b)
            at_a = num.confirm_values([cf, cg], pa, inst)
            at_b = num.confirm_values([cf, cg], pb, inst)
            if at_a is None or at_b is None:
                continue
            (fa, ga), (fb, gb) = at_a, at_b
            ordered = sign * (fb - fa) > 0 and sign * (ga - gb) > 0 and num.differ(fa, fb)
            if not (ordered and num.differ(ga, gb)):
                agreed += 1
                continue
            example = _example({s: v for s, v in pa.items() if s not in inst.wrt}, inst.size)
            example.update({f"{s} (a)": pa[s] for s in inst.wrt})
            example.update({f"{s} (b)": pb[s] for s in inst.wrt})
            example.update({"lhs(a)": float(fa), "lhs(b)": float(fb),
                            "rhs(a)": float(ga), "rhs(b)": float(gb)})  # fmt: skip
            which = "rhs" if linear["rhs"] else "lhs" if linear["lhs"] else None
            if which is not None:
                best = "b" if which == "rhs" else "a"
                detail = (
                    f"{which} is linear in {wrt_text(inst.wrt)} on the simplex, so its optimum "
                    "is the "
                    f"vertex {best}; lhs prefers a and rhs prefers b (confirmed at 50 digits)"
                )
                return "refuted", example, detail
            differ = f"numeric optima differ: {example} (not certified as global optima)"
    if differ:
        return "differ", None, differ
    if agreed == 0:
        return "none", None, "no usable sample"
    return "agree", None, f"the best of {CANDIDATES} candidates coincide in {agreed} draws"


def same_argmin(
    f: object,
    g: object,
    wrt: object,
    domain: Any = None,
    *,
    given: Sequence[Distribution] = (),
    seed: int = 0,
) -> Proof:
    """Whether f and g have the same minimisers in ``wrt`` (``maximize(f)`` for an argmax).

    The method names the relation found: constant offset, positive scale, a strictly increasing
    map (log, exp), negation turning argmax into argmin. ``domain`` maps variables to sampling
    ranges ``("real", lo, hi)``; a distribution's own probabilities range over its simplex.

    >>> same_argmin(cross_entropy(p, q), kl_divergence(p, q), theta).verdict
    <Verdict.PROVED: 'proved'>
    """
    start = time.perf_counter()
    hf, hg, sense, notes = _objectives(f, g)
    variables = as_wrt(wrt)
    facts: Facts = normalisation_facts([hf, hg], given)
    found = constant_offset(hf, hg, variables, facts)
    if found is not None:
        relation = f"constant offset: differ by {found.text}, free of {wrt_text(variables)}"
        if found.text == "0":
            relation = "equal objectives"
    else:
        found = positive_scale(hf, hg, variables, facts) or increasing_map(hf, hg, facts)
        relation = f"{found.method}: {found.text}" if found is not None else ""
    outcome, example, detail = _argmin_search(hf, hg, sense, variables, given, domain, seed)
    seconds = time.perf_counter() - start
    if found is not None:
        method = (
            "; ".join([*notes, relation])
            if relation != "equal objectives" or not notes
            else notes[0]
        )
        if outcome == "refuted":
            message = f"{method!r} contradicts the numbers: {detail}: a bug in symkl"
            warnings.warn(message, ProofContradictionWarning, stacklevel=2)
            return Proof(
                Verdict.REFUTED, f"numeric (contradicts {method})", example, seconds, (), message
            )
        return Proof(Verdict.PROVED, method, None, seconds, found.assumptions)
    if outcome == "refuted":
        return Proof(
            Verdict.REFUTED, "minimisers ordered differently", example, seconds, (), detail
        )
    if outcome == "agree":
        return Proof(Verdict.CHECKED, "numeric minimisers agree", None, seconds, (), detail)
    return Proof(Verdict.UNDECIDED, "no relation found", None, seconds, (), detail)
