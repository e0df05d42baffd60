"""A spot check after a proof re-checks fewer agreements at 50 digits, and still finds a gap."""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import pytest
from sympy import Eq, Rational, Symbol

from symkl import expectation
from symkl.families import Exponential, Normal
from symkl.numeric import _check, _row_checks, plan_for, spot_check
from symkl.numeric._guards import HUGE_ARGUMENT, mp_exp
from symkl.relations import RelationKind, as_relation


def _never_settles(calls: list[int]) -> Any:
    def settle(*args: Any, **kwargs: Any) -> tuple[None, None]:
        calls.append(1)
        return None, None

    return settle


@pytest.mark.parametrize(
    ("rechecks", "expected"), [(_row_checks.COSTLY_RECHECKS, 5), (_check.PROVED_RECHECKS, 1)]
)
def test_rows_that_do_not_settle_are_rechecked_up_to_the_budget(
    monkeypatch: pytest.MonkeyPatch, rechecks: int, expected: int
) -> None:
    """Unsettled rows are counted (no agreement); a proved claim stops after its worst one."""
    calls: list[int] = []
    monkeypatch.setattr(_row_checks, "settle", _never_settles(calls))
    budget = _row_checks.Budget(2, 3, 0, 6.0, rechecks)
    env = {Symbol("t"): np.linspace(1.0, 2.0, 20)}
    unsettled, example = _row_checks.recheck(
        None,  # type: ignore[arg-type]  # settle is replaced: the plan is never read
        RelationKind.EQ,
        env,
        list(range(20)),
        budget,
    )
    assert example is None
    assert unsettled == len(calls) == expected
    assert not budget.settled


def test_a_trillionth_off_is_refuted_after_a_proof_too() -> None:
    """E[X] of Exponential(λ) against 1/λ + 10⁻¹²: the one re-check after a proof sees the gap."""
    lam = Symbol("lambda", positive=True)
    d = Exponential(lam)
    claim = Eq(expectation(d, d.support.variable), 1 / lam + Rational(1, 10**12), evaluate=False)
    check = spot_check(claim, samples=40, proved=True)
    assert check.counterexample is not None
    assert check.counterexample["lhs"] != check.counterexample["rhs"]


def test_a_true_costly_identity_keeps_its_samples_after_a_proof() -> None:
    """E[X] = 1/λ: the proved-mode check agrees on every sample, like the full one."""
    lam = Symbol("lambda", positive=True)
    d = Exponential(lam)
    claim = Eq(expectation(d, d.support.variable), 1 / lam)
    full, after = spot_check(claim, samples=40), spot_check(claim, samples=40, proved=True)
    assert after.ok
    assert full.ok
    assert after.samples == full.samples == 40


@pytest.mark.parametrize(
    "value",
    [0, 1, -3.5, "1e-300", "-1e6000", mpmath.ninf, mpmath.nan, 2 * HUGE_ARGUMENT],
)
def test_exp_guard_fast_path_gives_the_general_answer(value: object) -> None:
    """The quick exponent test agrees with the comparison against HUGE_ARGUMENT."""
    z = mpmath.mpf(value)
    if abs(z) > HUGE_ARGUMENT and z > 0:
        with pytest.raises(OverflowError, match="exp of an argument of magnitude"):
            mp_exp(z)
        return
    expected = mpmath.mpf(0) if abs(z) > HUGE_ARGUMENT else mpmath.exp(z)
    result = mp_exp(z)
    assert (mpmath.isnan(result) and mpmath.isnan(expected)) or result == expected


def test_exp_guard_refuses_plus_infinity() -> None:
    """e^+∞ is an overflow (no value), not +∞: the fast path leaves infinities alone."""
    with pytest.raises(OverflowError, match="magnitude"):
        mp_exp(mpmath.inf)


_MU, _SIGMA = Symbol("mu", real=True), Symbol("sigma", positive=True)
_N = Normal(_MU, _SIGMA)
_X = _N.support.variable
#: E[(x − μ)²/2σ²] written out: terms of 10¹⁵ that cancel in doubles far from the origin.
_EXPANDED = (
    _MU**2 / (2 * _SIGMA**2)
    - _MU * expectation(_N, _X) / _SIGMA**2
    + expectation(_N, _X**2) / (2 * _SIGMA**2)
)


def test_cancelling_flags_gaps_within_the_rounding_of_the_terms() -> None:
    """A gap of 10³ beside terms of 10¹⁰ is rounding; a gap of 1 beside terms below 1 is not."""
    plan = plan_for(
        as_relation(Eq(expectation(_N, (_X - _MU) ** 2 / (2 * _SIGMA**2)), _EXPANDED)), None
    )
    env = {_MU: np.array([100.0, 1.5]), _SIGMA: np.array([1e-3, 2.0])}
    sides = (np.array([0.5, 0.5]), np.array([1000.5, 1.5]))
    within = _row_checks.cancelling(plan, env, [0, 1], sides, 1e-7)
    assert within.tolist() == [True, False]


def test_a_gap_beside_cancelling_rows_is_refuted_after_a_proof() -> None:
    """A constant 1/1000 off is found after a proof: gaps beyond the rounding are judged first."""
    claim = Eq(expectation(_N, (_X - _MU) ** 2 / (2 * _SIGMA**2)), _EXPANDED + Rational(1, 1000))
    check = spot_check(claim, samples=60, proved=True)
    assert check.counterexample is not None


@pytest.mark.slow
def test_after_a_proof_few_cancelling_rows_go_to_50_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The true identity above judges at most PROVED_CANCELLING rounding gaps per instance."""
    judged: list[int] = []
    judge = _check.judge_rows

    def counting(*args: Any) -> Any:
        judged.extend(args[3])
        return judge(*args)

    monkeypatch.setattr(_check, "judge_rows", counting)
    claim = Eq(expectation(_N, (_X - _MU) ** 2 / (2 * _SIGMA**2)), _EXPANDED)
    assert spot_check(claim, samples=60, proved=True).ok
    rounds = 3  # the first draw and two top-ups, each its own list of suspects
    assert 0 < len(judged) <= rounds * 2 * _check.PROVED_CANCELLING


def _judge_one_row(
    monkeypatch: pytest.MonkeyPatch, settle: Any, sides: tuple[float, float], proved: bool
) -> tuple[int, Any]:
    """judge_rows on one row at t = 1.23456 (rounded: 1.23) with ``settle`` as the 50-digit look."""
    monkeypatch.setattr(_row_checks, "settle", settle)
    monkeypatch.setattr(_row_checks, "nicer", lambda point, plan: {Symbol("t"): 1.23})
    env = {Symbol("t"): np.array([1.23456])}
    return _row_checks.judge_rows(
        None,  # type: ignore[arg-type]  # settle and nicer are replaced: never read
        RelationKind.EQ, env, [0], np.array([False]), False,
        (np.array([sides[0]]), np.array([sides[1]])),
        _row_checks.Budget(2, 3, 0, 6.0, proved=proved),
    )  # fmt: skip


@pytest.mark.parametrize(("proved", "looks"), [(False, ["rounded", "own"]), (True, ["own"])])
def test_after_a_proof_a_row_is_judged_at_its_own_point_only(
    monkeypatch: pytest.MonkeyPatch, proved: bool, looks: list[str]
) -> None:
    """A row that holds: its point rounded to three digits is looked at too, unless proved."""
    seen: list[str] = []

    def settle(plan: Any, point: Any, *args: Any) -> tuple[bool, None]:
        seen.append("own" if point[Symbol("t")] == 1.23456 else "rounded")
        return True, None

    used, example = _judge_one_row(monkeypatch, settle, (1.0, 1.0), proved)
    assert (used, example) == (1, None)
    assert seen == looks


@pytest.mark.parametrize("rounded_fails", [True, False])
def test_after_a_proof_a_failing_row_still_reports_the_nicer_point(
    monkeypatch: pytest.MonkeyPatch, rounded_fails: bool
) -> None:
    """Once a proved claim's row fails at 50 digits, its rounded point is the counterexample if it
    fails too; else the row's own point is."""

    def settle(plan: Any, point: Any, *args: Any) -> tuple[bool, dict[str, float] | None]:
        t = point[Symbol("t")]
        fails = t == 1.23456 or rounded_fails
        return (False, {"t": t}) if fails else (True, None)

    _, example = _judge_one_row(monkeypatch, settle, (1.0, 2.0), proved=True)
    assert example == {"t": 1.23 if rounded_fails else 1.23456}


@pytest.mark.parametrize(("proved", "looks"), [(False, ["rounded", "own"]), (True, ["own"])])
def test_after_a_proof_an_unusable_row_is_probed_at_its_own_point_only(
    monkeypatch: pytest.MonkeyPatch, proved: bool, looks: list[str]
) -> None:
    """A probe whose rounded point gives no verdict looks at the drawn one next; after a proof,
    at the drawn one only."""
    seen: list[str] = []

    def settle(plan: Any, point: Any, *args: Any, **kwargs: Any) -> tuple[None, None]:
        seen.append("own" if point[Symbol("t")] == 1.23456 else "rounded")
        return None, None

    monkeypatch.setattr(_row_checks, "settle", settle)
    monkeypatch.setattr(_row_checks, "diverges", lambda *args: (None, None))
    monkeypatch.setattr(_row_checks, "nicer", lambda point, plan: {Symbol("t"): 1.23})
    budget = _row_checks.Budget(2, 3, 3, 6.0, proved=proved)
    env = {Symbol("t"): np.array([1.23456])}
    example = _row_checks.probe(
        None,  # type: ignore[arg-type]  # settle, diverges and nicer are replaced: never read
        RelationKind.EQ, env, [0], budget,
    )  # fmt: skip
    assert example is None
    assert seen == looks
