"""``spot_check``: both sides of a claim at structured and random points, judged with care.

A sample *agrees* when the double-precision sides satisfy the relation with a clear margin. A
strict claim counts equality within tolerance as a violation; a margin within 1e-6 relative (a
near tie) is re-evaluated at 50 digits before it counts; a violation counts only once confirmed at
50 digits with mpmath — an unconfirmed one is a numerical artefact and is not evidence either way.
A side that is ±∞ in double precision never agrees outright: it counts only when it is infinite
at 50 digits too (an overflow is no evidence). Equalities of integrals and series re-check their
worst agreements at 50 and 40 digits (a gap below the quadrature tolerance shows there), and a
few samples whose integrals did not settle are probed for divergent tails (:mod:`._divergence`):
a sure ±∞ side that violates the claim is a counterexample, an undecided one a ``doubt``.
``Check.samples`` is the number of samples that count as agreement::

    >>> from sympy import Gt
    >>> from symkl import Discrete, kl_divergence
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> spot_check(Gt(kl_divergence(p, q), 0)).counterexample["lhs"]
    0.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..distributions import Kind
from ..errors import InvalidParameterError
from ..measures import distributions_in
from ..relations import Relation, RelationKind, as_relation
from ._compile import Backend, evaluate
from ._confirm import (
    CONFIRM_DPS,
    ERRORS,
    confirm,
    diverges,
    examine,
    settle,
)
from ._divergence import has_integrals
from ._instances import SYMBOLIC_SIZES, explicit_instances
from ._judge import compare
from ._plan import Plan, integer_limits, plan_for
from ._row_checks import (
    COSTLY_RECHECKS,
    Budget,
    cancelling,
    judge_rows,
    point_at,
    probe,
    probe_rows,
    recheck,
    spread,
)
from ._sampler import draw
from ._special_points import met_rows, removable_instances

__all__ = [
    "CONFIRM_DPS",
    "SYMBOLIC_SIZES",
    "Check",
    "confirm",
    "examine",
    "settle",
    "spot_check",
]

#: Relative tolerance of the double-precision comparison.
TOLERANCE = 1e-9
#: Relative tolerance when either side is a numeric integral.
QUADRATURE_TOLERANCE = 1e-7
#: Samples re-evaluated at 50 digits per spot check (near ties, then suspected violations).
CONFIRM_BUDGET = 40
#: Samples with an infinite side judged at 50 digits per instance (the rest are unusable): every
#: one for a cheap claim, a few where each evaluation is an integral or a series.
INFINITE_CHECKS, COSTLY_INFINITE_CHECKS = 400, 3
#: The seconds the re-checks of a costly equality's agreements (``COSTLY_RECHECKS``) may take
#: per spot check.
RECHECK_SECONDS = 6.0
#: The same re-checks after a strategy proved the claim: only the worst agreement. The check then
#: looks for a bug (a gap below the tolerance that the proof missed, such as a rounded constant),
#: not for evidence, and the rows that do not settle were most of a cold verification's time.
PROVED_RECHECKS = 1
#: Unusable samples per spot check looked at for divergent integrals, then at 50 digits.
DIVERGENCE_PROBES = 6
#: The same after a proof, which then stands on its own: the probes look for a bug in it.
PROVED_PROBES = 3
#: After a proof, suspected violations per instance judged at 50 digits where the gap is within
#: the rounding of the sides' terms (:func:`._row_checks.cancelling`): a wrong proof shows as
#: gaps beyond it too, and these looks were a third of a cold verification's 50-digit time.
PROVED_CANCELLING = 4
#: The share of the rows drawn for an instance that may have no double value before the
#: agreement of the rest is not evidence for the claim.
UNCOVERED = 0.05
_ERRORS = ERRORS


@dataclass(frozen=True)
class Check:
    """Result of :func:`spot_check`: ``ok`` unless a counterexample was confirmed.

    ``samples`` counts the samples that agree (near ties only once confirmed at 50 digits);
    ``exhaustive`` is true when the claim has no variable and no symbolic size, so its single
    point, evaluated at 50 digits, is the whole domain. ``doubt`` says why the agreement is not
    evidence enough: at some sample an integral did not settle and its tail may diverge there
    (such a claim is not CHECKED). ``unconfirmed`` says why an equality of integrals or series
    is not CHECKED: none of its agreements could be settled at 50 digits, so a gap below the
    double-precision tolerance (10⁻¹² on a Gamma shape below ½) would go unseen; or, for any
    claim, more than :data:`UNCOVERED` of an instance's samples had no double value
    (:class:`Coverage`), so the rest say nothing of where those lay.
    """

    ok: bool
    max_error: float
    counterexample: dict[str, Any] | None
    samples: int = 0
    exhaustive: bool = False
    doubt: str | None = None
    unconfirmed: str | None = None


def _tolerance(plan: Plan) -> float:
    pair = sympy.Tuple(plan.lhs, plan.rhs)
    continuous = any(d.kind is Kind.CONTINUOUS for d in distributions_in(pair))
    return QUADRATURE_TOLERANCE if continuous or pair.has(sympy.Integral) else TOLERANCE


def _evaluate_rows(plan: Plan, env: Mapping[sympy.Basic, Any]) -> tuple[Any, Any] | None:
    count = len(next(iter(env.values())))
    try:
        lhs = np.broadcast_to(np.asarray(evaluate(plan.lhs, env, Backend.NUMPY)), (count,))
        rhs = np.broadcast_to(np.asarray(evaluate(plan.rhs, env, Backend.NUMPY)), (count,))
    except _ERRORS:
        return None  # not numerically evaluable here: this instance gives no evidence
    return lhs, rhs


def _has_integrals(plan: Plan) -> bool:
    """Whether a side has an integral (a continuous expectation too) that may diverge."""
    return has_integrals(sympy.Tuple(plan.lhs, plan.rhs))


def _costly(plan: Plan) -> bool:
    """Whether a side is an integral or a series (an expectation over infinite outcomes too)."""
    pair = sympy.Tuple(plan.lhs, plan.rhs)
    infinite = any(d.support.size is None for d in distributions_in(pair))
    return infinite or pair.has(sympy.Integral, sympy.Sum) or _tolerance(plan) != TOLERANCE


#: Agreements of an equality without integrals or series looked at again at 50 digits, past the
#: worst one (they cost milliseconds each).
EXACT_RECHECKS = 2


@dataclass
class Coverage:
    """Of the rows drawn for a claim, how many had a value in double precision (agreeing or
    not), and one that had none."""

    drawn: int = 0
    valued: int = 0
    missed: dict[str, Any] | None = None

    def add(self, env: Mapping[sympy.Basic, Any], usable: Any) -> None:
        """Count one round of rows; ``usable`` marks those with a value."""
        rows = len(next(iter(env.values())))
        gaps = np.flatnonzero(~np.broadcast_to(np.asarray(usable, dtype=bool), (rows,)))
        self.drawn += rows
        self.valued += rows - len(gaps)
        if self.missed is None and len(gaps):
            self.missed = {str(s): _plain(v) for s, v in point_at(env, int(gaps[0])).items()}

    def gap(self) -> str | None:
        """Why the agreement is not evidence for the whole domain, or None: more than
        :data:`UNCOVERED` of the rows drawn had no value. Where the doubles have none the
        claim may be false (Γ(1 + a) ≤ 0.95 for a in (10⁻⁴, ½) is false below a ≈ 0.08, where
        ∫ x^(a−1)e^(−x) did not settle, and the rows of (0.2, ½) made it CHECKED)."""
        missing = self.drawn - self.valued
        if not self.drawn or missing <= UNCOVERED * self.drawn:
            return None
        return (
            f"{missing} of the {self.drawn} samples drawn had no value in double precision, "
            f"e.g. at {self.missed}: the claim is not checked there"
        )


def _plain(value: Any) -> Any:
    """A sample value as a plain Python number (for a message)."""
    item = np.asarray(value).item()
    return float(f"{item:.6g}") if isinstance(item, float) else item


def _instance(
    plan: Plan,
    kind: RelationKind,
    rng: np.random.Generator,
    wanted: int,
    budget: Budget,
    coverage: Coverage | None = None,
) -> tuple[int, float, dict[str, Any] | None]:
    """Agreeing samples, max error and maybe a counterexample for one explicit instance.

    Rows that cannot be evaluated (a quadrature that did not settle) are topped up with fresh
    random rows, twice at most, so that a claim keeps its evidence where part of its domain is
    numerically out of reach; a few of them are looked at for divergent integrals first. Every
    row drawn is counted in ``coverage``.
    """
    coverage = coverage if coverage is not None else Coverage()
    used, max_error = 0, 0.0
    tolerance = _tolerance(plan)
    costly = _costly(plan)
    for round_ in range(3):
        env = draw(
            plan, rng, wanted if round_ == 0 else 2 * (wanted - used), structured=round_ == 0
        )
        if not env or not len(next(iter(env.values()))):
            break
        sides = _evaluate_rows(plan, env)
        if sides is None:
            break
        usable, agrees, near, error = compare(kind, *sides, tolerance)
        agreeing = usable & agrees
        if agreeing.any():
            max_error = max(max_error, float(np.max(np.where(agreeing, error, 0.0))))
        used += int(agreeing.sum())
        infinite = np.isinf(np.real(sides[0])) | np.isinf(np.real(sides[1]))
        # Most suspicious first: violations by size, then near ties by margin.
        violated = np.flatnonzero(usable & ~agrees & ~near)
        violated = violated[np.argsort(-error[violated])]
        # Gaps beyond the rounding of the terms first; those within it after, and after a
        # proof only a few (each is a 50-digit look, most often a quadrature).
        within = cancelling(plan, env, violated, sides, tolerance)
        kept = violated[within][: budget.cancelling]
        if budget.cancelling is not None:  # a cap for the instance, not for each round of rows
            budget.cancelling -= len(kept)
        violated = np.concatenate([violated[~within], kept])
        suspects = [int(k) for k in violated if not infinite[k]]
        # Near ties closest first: sides equal to the last bit (p = q where two families
        # coincide, a point the sampler adds last) before margins of 1e-7.
        ties = np.flatnonzero(usable & near & ~infinite)
        with np.errstate(all="ignore"):
            lhs, rhs = np.asarray(sides[0])[ties], np.asarray(sides[1])[ties]
            closeness = np.abs(lhs - rhs) / (1 + np.abs(lhs) + np.abs(rhs))
        suspects += [int(k) for k in ties[np.argsort(closeness, kind="stable")]]
        order = np.argsort(-np.where(agreeing, error, -1.0))
        worst = [int(k) for k in order[: int(agreeing.sum())]]
        if kind is RelationKind.EQ and worst and round_ == 0 and not costly:
            # The worst agreement at 50 digits, and two more spread over the rest: where every
            # row agrees exactly in doubles, "worst" is just the first row, and a gap below
            # double precision may show at one end of the domain only (1e-60 at t = 1e-9).
            suspects += [worst[0], *spread(worst[1:], EXACT_RECHECKS)]
        # Infinite sides (violations first): judged at 50 digits, overflow or not, within their
        # own budget (a few where each is a series or an integral); the rest are unusable.
        infinities = [int(k) for k in violated if infinite[k]]
        infinities += [int(k) for k in np.flatnonzero(usable & near & infinite)]
        judge = suspects[: budget.confirm], infinities[: budget.infinite]
        found, example = judge_rows(plan, kind, env, judge[0], agreeing, costly, sides, budget)
        if example is None:
            more, example = judge_rows(plan, kind, env, judge[1], agreeing, costly, sides, budget)
            found += more
        if example is None and kind is RelationKind.EQ and worst and round_ == 0 and costly:
            unsettled, example = recheck(plan, kind, env, worst, budget)
            used -= unsettled
            budget.unsettled += unsettled
        if example is None and budget.probes:
            # Unusable rows and unconfirmed violations (a quadrature that settled on a wrong
            # finite value); random rows first (the structured ones sit at the domain's ends).
            unusable = np.flatnonzero(~usable | (~agrees & ~near))[::-1]
            rows = probe_rows(env, unusable, np.flatnonzero(agreeing), budget.probes)
            budget.probes -= len(rows)
            # where two families coincide (Beta(1, 1) and ContinuousBernoulli(½), a 0/0 in
            # doubles) is looked at whatever the budget: few rows, and the likeliest to fail
            rows = [k for k in met_rows(plan, env, unusable) if k not in rows] + rows
            example = probe(plan, kind, env, rows, budget)
        if example is not None:
            return used + found, max_error, example
        coverage.add(env, usable)
        used += found
        budget.confirm = max(0, budget.confirm - len(suspects))
        budget.infinite = max(0, budget.infinite - len(infinities))
        if used >= wanted or not plan.variables:
            break
    return min(used, wanted), max_error, None


def _budget(
    proved: bool,
    confirm: int,
    infinite: int,
    probes: int,
    seconds: float,
    settled: bool = False,
    unsettled: int = 0,
) -> Budget:
    """One instance's 50-digit budget; after a proof, the smaller one of a search for a bug
    (:data:`PROVED_RECHECKS`, :data:`PROVED_CANCELLING`, each row at its own point only)."""
    return Budget(
        confirm,
        infinite,
        probes,
        seconds,
        PROVED_RECHECKS if proved else COSTLY_RECHECKS,
        settled=settled,
        unsettled=unsettled,
        cancelling=PROVED_CANCELLING if proved else None,
        proved=proved,
    )


def _at_removable_points(
    rel: Relation, rng: np.random.Generator, samples: int, proved: bool
) -> dict[str, Any] | None:
    """A counterexample with parameters at their families' removable points, or None: looked
    at after every other instance, from the same stream, and adding no agreement to the count
    (the claim's sample counts and draws are those without them)."""
    for label, instance in removable_instances(rel):
        plan = plan_for(instance, label)
        if not plan.variables:
            example = examine(plan, {}, rel.kind, cross=_costly(plan))[1]
        else:
            budget = _budget(
                proved, max(2, CONFIRM_BUDGET // 4), COSTLY_INFINITE_CHECKS, 0, RECHECK_SECONDS
            )
            example = _instance(plan, rel.kind, rng, samples, budget)[2]
        if example is not None:
            return example
    return None


def spot_check(
    claim: object, samples: int = 200, seed: int = 0, where: object = (), proved: bool = False
) -> Check:
    """Evaluate both sides of ``claim`` at structured and random points inside its facts.

    ``proved``: a strategy has proved the claim, so the check is a search for a bug in the proof
    (a confirmed counterexample) rather than evidence: a costly equality re-checks only its worst
    agreement per instance at 50 digits (:data:`PROVED_RECHECKS`), fewer unusable samples are
    probed (:data:`PROVED_PROBES`) and few suspected violations within the rounding of the
    sides' terms are judged (:data:`PROVED_CANCELLING`). Near ties and the other suspected
    violations are judged as always."""
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise InvalidParameterError(f"samples must be a positive integer, got {samples!r}")
    rel = as_relation(claim, where)
    integer_limits(rel)  # a malformed sum is an error here, not a silently skipped instance
    rng = np.random.default_rng(seed)
    instances = explicit_instances(rel)
    if not instances:  # no size could be written out: no evidence either way
        return Check(True, 0.0, None, 0)
    # The requested samples shared out exactly (the first sizes take the remainder), so that a
    # true claim whose every sample is usable reports exactly ``samples``.
    shares = [
        samples // len(instances) + (k < samples % len(instances)) for k in range(len(instances))
    ]
    confirm_budget = max(2, CONFIRM_BUDGET // len(instances))
    probes = PROVED_PROBES if proved else DIVERGENCE_PROBES
    seconds, settled, unsettled = RECHECK_SECONDS, False, 0
    max_error, used = 0.0, 0
    exhaustive = False
    doubt = None
    unresolved: dict[str, Any] | None = None
    gap: str | None = None
    for (size_label, instance), per_instance in zip(instances, shares, strict=True):
        if per_instance == 0:
            continue
        plan = plan_for(instance, size_label)
        if not plan.variables:  # one point is the whole domain: judge it at 50 digits
            verdict, example = examine(plan, {}, rel.kind, cross=_costly(plan))
            if verdict is None and _has_integrals(plan):
                example, doubt = diverges(plan, {}, rel.kind)
            if example is not None:
                return Check(False, max_error, example, used, doubt=doubt)
            used += verdict is True
            exhaustive = verdict is True and size_label is None
            continue
        integrals = _has_integrals(plan)
        budget = _budget(
            proved,
            confirm_budget,
            COSTLY_INFINITE_CHECKS if _costly(plan) else INFINITE_CHECKS,
            probes if integrals else 0,
            seconds,
            settled=settled,
            unsettled=unsettled,
        )
        coverage = Coverage()
        agreed, error, example = _instance(plan, rel.kind, rng, per_instance, budget, coverage)
        gap = gap or coverage.gap()
        settled, unsettled = budget.settled, budget.unsettled
        probes = budget.probes if integrals else probes
        seconds = budget.seconds
        doubt = doubt or budget.doubt
        unresolved = unresolved or budget.unresolved
        max_error = max(max_error, error)
        used += agreed
        if example is not None:
            return Check(False, max_error, example, used, doubt=doubt)
    example = _at_removable_points(rel, rng, shares[0] if shares else samples, proved)
    if example is not None:
        return Check(False, max_error, example, used, doubt=doubt)
    unconfirmed = None
    if unresolved is not None and not proved:
        # Pareto(1, α) at α = 0.45: E[log y] = 2.2 against a bound of 1.9 in doubles, and no
        # 50-digit value: the samples that agree elsewhere say nothing of that region.
        unconfirmed = (
            f"at {unresolved} the sides violate the claim in double precision, and 50 digits "
            "could not confirm or deny it (an integral out of the quadrature's reach)"
        )
    elif gap is not None and not proved:
        unconfirmed = gap
    elif unsettled and not settled:
        unconfirmed = (
            f"none of the {unsettled} agreements re-checked at 50 digits settled there (an "
            "integral out of the quadrature's reach, such as a density singular at an end): "
            "the sides agree only to the double-precision tolerance"
        )
    return Check(True, max_error, None, used, exhaustive, doubt, unconfirmed)
