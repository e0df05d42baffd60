"""The 50-digit looks one explicit instance of a spot check takes at its rows: near ties and
suspected violations (:func:`judge_rows`), agreements of a costly equality (:func:`recheck`),
and rows that doubles could not evaluate (:func:`probe_rows`, :func:`probe`), within a
:class:`Budget`.

>>> spread([10, 11, 12, 13, 14], 3)
[10, 12, 14]
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..relations import RelationKind
from ._compile import Backend, evaluate
from ._confirm import ERRORS, diverges, nicer, settle
from ._judge import compare
from ._plan import Plan

__all__ = [
    "CLEAR_GAP",
    "COSTLY_RECHECKS",
    "Budget",
    "cancelling",
    "judge_rows",
    "point_at",
    "probe",
    "probe_rows",
    "recheck",
    "spread",
]

#: Agreements of a costly equality re-evaluated at 50 digits per instance (the worst, then spread
#: over the others) until one settles.
COSTLY_RECHECKS = 5


def point_at(env: Mapping[sympy.Basic, Any], k: int) -> dict[sympy.Basic, Any]:
    out: dict[sympy.Basic, Any] = {}
    for s, v in env.items():
        value = np.asarray(v).reshape(-1)[k]
        out[s] = complex(value) if np.iscomplexobj(value) and value.imag != 0 else float(value.real)
    return out


def spread(rows: Any, count: int) -> list[int]:
    """Up to ``count`` of ``rows``, evenly spaced (no random draw: the sample stream stays)."""
    if count <= 0 or not len(rows):
        return []
    picks = np.unique(np.linspace(0, len(rows) - 1, min(count, len(rows))).round().astype(int))
    return [int(rows[k]) for k in picks]


@dataclass
class Budget:
    """What one explicit instance may still spend at 50 digits."""

    confirm: int
    infinite: int
    probes: int
    seconds: float
    #: Agreements of a costly equality re-checked per instance at most.
    rechecks: int = COSTLY_RECHECKS
    doubt: str | None = None
    #: Whether some agreement of a costly equality was settled at 50 digits (until then the
    #: re-checks go on past ``seconds``: what they find must not depend on the machine's load).
    settled: bool = False
    #: Agreements re-checked at 50 digits that did not settle, in the whole spot check.
    unsettled: int = 0
    #: Suspected violations within the doubles' cancellation judged per instance at most (None:
    #: as many as ``confirm`` allows); after a proof, a few.
    cancelling: int | None = None
    #: A strategy proved the claim: the looks search for a bug in the proof, at each row's own
    #: point only (its point rounded to three digits, a nicer counterexample and a second point
    #: on the way, doubled the 50-digit time of a proved derivation's steps).
    proved: bool = False
    #: A row whose sides violate the claim clearly in double precision (by more than
    #: :data:`CLEAR_GAP` of their size) where 50 digits gave no verdict: its point, or None.
    unresolved: dict[str, Any] | None = None


#: A relative gap in double precision that rounding and quadrature error do not explain.
CLEAR_GAP = 1e-3


def judge_rows(plan: Plan, kind: RelationKind, env: Mapping[sympy.Basic, Any], rows: list[int],
                agreeing: Any, cross: bool, sides: tuple[Any, Any], budget: Budget
                ) -> tuple[int, dict[str, Any] | None]:  # fmt: skip
    """Rows judged at 50 digits: how many more agree, or a counterexample. A row with a side
    that was infinite in double precision agrees only when that side is infinite at 50 digits
    too: an overflow (e^λ + 1 against e^λ, both ∞) is beyond what the comparison resolves.
    Each row's point rounded to three digits is looked at first (a nicer counterexample, and
    round values such as p = ½ where a claim may fail); after a proof only once the row's own
    point has failed (see :attr:`Budget.proved`). A clear violation in double precision that
    50 digits cannot settle is noted in ``budget.unresolved``."""
    used, proved = 0, budget.proved
    for k in rows:
        point = point_at(env, k)
        rounded = nicer(point, plan)
        if rounded != point and not proved:
            example = settle(plan, rounded, kind, cross)[1]
            if example is not None:
                return used, example
        overflowed = (bool(np.isinf(np.real(sides[0][k]))), bool(np.isinf(np.real(sides[1][k]))))
        verdict, example = settle(plan, point, kind, cross, overflowed)
        if example is not None:
            if proved and rounded != point:
                example = settle(plan, rounded, kind, cross)[1] or example
            return used, example
        if verdict and not agreeing[k]:
            used += 1  # a near tie (or a double-precision artefact) that holds at 50 digits
        if verdict is None and budget.unresolved is None and _clear(kind, sides, k):
            budget.unresolved = {str(s): v for s, v in point.items()}
    return used, None


def _clear(kind: RelationKind, sides: tuple[Any, Any], k: int) -> bool:
    """Whether the finite real sides of row ``k`` violate the relation by more than CLEAR_GAP
    (by the comparison the doubles were judged with, at that tolerance)."""
    lhs, rhs = complex(sides[0][k]), complex(sides[1][k])
    if lhs.imag or rhs.imag or not (math.isfinite(lhs.real) and math.isfinite(rhs.real)):
        return False
    usable, agrees, near, _ = compare(kind, lhs.real, rhs.real, CLEAR_GAP)
    return bool(usable and not agrees and not near)


def recheck(plan: Plan, kind: RelationKind, env: Mapping[sympy.Basic, Any], rows: list[int],
             budget: Budget) -> tuple[int, dict[str, Any] | None]:  # fmt: skip
    """Agreements of a costly claim at 50 digits, until one is judged or the time is spent: a gap
    below the double (or quadrature) tolerance shows there. The worst agreement comes first, then
    agreements spread over the rest (``budget.rechecks`` rows in all): where the worst ones sit
    on a singular density (Chi2 at k < 2, whose quadrature misses 1e-25 near 0) the 50 digits do
    not settle, elsewhere they do.
    Until one row of the spot check has settled, the time budget does not stop the search (a
    loaded machine must not turn a refutation into CHECKED). Returns how many rows did not
    settle (they are no evidence: they do not count as agreement) and the counterexample."""
    unsettled = 0
    for k in [*rows[:1], *spread(rows[1:], budget.rechecks - 1)]:
        if budget.seconds <= 0 and budget.settled:
            break
        start = time.perf_counter()
        verdict, example = settle(plan, point_at(env, k), kind, cross=True)
        budget.seconds -= time.perf_counter() - start
        if example is not None or verdict is not None:
            budget.settled = True
            return unsettled, example
        unsettled += 1
    return unsettled, None


def cancelling(plan: Plan, env: Mapping[sympy.Basic, Any], rows: Any, sides: tuple[Any, Any],
               tolerance: float) -> Any:  # fmt: skip
    """Which ``rows`` differ by less than ``tolerance`` of the size of the sides' terms: the
    gap of 1.4·10⁶ between μ²/2σ² − μE[x]/σ² + E[x²]/2σ² and −7.2 at μ = 6040, σ = 1.8·10⁻⁴ is
    the cancellation of terms of 10¹⁵ in doubles, not a sign of a violation (that is for 50
    digits to say, after the rows whose gap is beyond the terms' rounding)."""
    rows = np.asarray(rows, dtype=int)
    terms = [*sympy.Add.make_args(plan.lhs), *sympy.Add.make_args(plan.rhs)]
    if len(terms) <= 2 or not rows.size:
        return np.zeros(rows.shape, dtype=bool)
    sub = {s: np.asarray(v).reshape(-1)[rows] if np.ndim(v) else v for s, v in env.items()}
    size = np.zeros(rows.shape)
    try:
        with np.errstate(all="ignore"):
            for term in terms:
                size = size + np.abs(np.asarray(evaluate(term, sub, Backend.NUMPY)))
    except ERRORS:
        return np.zeros(rows.shape, dtype=bool)
    with np.errstate(all="ignore"):
        gap = np.abs(np.asarray(sides[0])[rows] - np.asarray(sides[1])[rows])
        return np.isfinite(size) & (gap <= tolerance * size)


def probe_rows(env: Mapping[sympy.Basic, Any], rows: Any, usable: Any, count: int) -> list[int]:
    """``count`` of the unusable ``rows``: a third spread over them, the rest on a ladder away
    from the usable rows (log-scale distance ranks 0, 2, 6, 14, …): a 50-digit quadrature
    settles near where doubles did (H(Chi2(k)) is nan in doubles below k ≈ 0.9, false below
    0.7, evaluable at 50 digits down to 0.2, not at 0.05)."""
    spread_out = spread(rows, max(1, count // 3))
    rest = np.array([k for k in rows if k not in spread_out], dtype=int)
    if not len(rest) or not len(usable):
        return spread_out
    with np.errstate(all="ignore"):
        logs = np.stack([np.log(np.abs(np.asarray(v)) + 1e-300) for v in env.values()], axis=1)
        logs = np.where(np.isfinite(logs), logs, 0.0)
    distance = np.abs(logs[rest][:, None, :] - logs[usable][None, :, :]).sum(axis=2).min(axis=1)
    nearest = rest[np.argsort(distance, kind="stable")]
    ladder = [2 ** (j + 1) - 2 for j in range(count - len(spread_out))]
    return spread_out + [int(nearest[r]) for r in ladder if r < len(nearest)]


def probe(plan: Plan, kind: RelationKind, env: Mapping[sympy.Basic, Any], rows: list[int],
           budget: Budget) -> dict[str, Any] | None:  # fmt: skip
    """Unusable rows looked at for divergent integrals, then at 50 digits as they are (a side
    that is nan in doubles, H(Chi2(k)) at k < 0.9, may be a plain number there): a
    counterexample, or a doubt noted. The drawn point is looked at only where the rounded one
    (the nicer counterexample) gave no verdict: each look is a 50-digit quadrature. After a
    proof (:attr:`Budget.proved`) the drawn point only."""
    for k in rows:
        point = point_at(env, k)
        rounded = nicer(point, plan)
        both = rounded != point and not budget.proved
        for candidate in (rounded, point) if both else (point,):
            example, doubt = diverges(plan, candidate, kind)
            judged = None
            if example is None and doubt is None:
                judged, example = settle(plan, candidate, kind, cross=True)
            if example is not None:
                return example
            budget.doubt = budget.doubt or doubt
            if judged is not None:
                break
    return None
