"""Benchmarks of the core prover and the numeric measures against same-process baselines.

Run: ``python bench/bench_core.py``. Prints ``name: value`` lines; ratios > 1 mean symkl is
faster than the baseline by that factor. DESIGN's targets: explicit n = 128 ≥ 20×,
t(1000)/t(100) ≤ 12, symbolic n ≤ 0.1 s, numeric KL ≤ 1.15× hand NumPy and faster than rel_entr.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np
import sympy

import symkl
from symkl import numeric
from symkl.measures import unfold


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` wall-clock timings (seconds)."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return min(timings)


def decomposition(n: int | sympy.Symbol) -> sympy.Eq:
    p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
    return sympy.Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q))


def plain_simplify(claim: sympy.Eq) -> object:
    """The baseline: simplify the difference of the unfolded sides."""
    return sympy.simplify(unfold(claim.lhs) - unfold(claim.rhs))


def prove_once(claim: sympy.Eq) -> None:
    proof = symkl.prove(claim)
    assert proof.verdict is symkl.Verdict.PROVED, proof


def main() -> None:
    timings = {}
    for n in (8, 100, 128, 1000):
        claim = decomposition(n)
        timings[n] = best_of(lambda claim=claim: prove_once(claim))
        print(f"prove-ce-decomposition-n{n}-seconds: {timings[n]:.4f}")
    for n in (8, 128):
        claim = decomposition(n)
        baseline = best_of(lambda claim=claim: plain_simplify(claim), repeat=1)
        print(f"plain-simplify-n{n}-seconds: {baseline:.3f}")
        print(f"speedup-vs-simplify-n{n}: {baseline / timings[n]:.1f}")
    print(f"scaling-t1000-over-t100: {timings[1000] / timings[100]:.2f}")

    n = sympy.Symbol("n", integer=True, positive=True)
    symbolic = best_of(lambda: prove_once(decomposition(n)))
    print(f"prove-ce-decomposition-symbolic-n-seconds: {symbolic:.4f}")
    claim = decomposition(n)
    baseline = best_of(lambda: plain_simplify(claim), repeat=1)
    print(f"plain-simplify-symbolic-n-seconds: {baseline:.3f}")
    print(f"speedup-vs-simplify-symbolic-n: {baseline / symbolic:.1f}")

    rng = np.random.default_rng(0)
    size = 10_000_000
    p = rng.random(size)
    q = rng.random(size)
    p /= p.sum()
    q /= q.sum()
    p[::1000] = 0.0  # zeros exercise 0·log 0 = 0

    def hand_numpy() -> float:
        # The baseline as people write it; it returns nan on these zeros, ours does not.
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(p * np.log(p / q)))

    def ours() -> float:
        return float(numeric.kl_divergence(p, q))

    runs = [(best_of(hand_numpy, 5), best_of(ours, 5)) for _ in range(3)]
    hand = statistics.median(h for h, _ in runs)
    mine = statistics.median(m for _, m in runs)
    print(f"numeric-kl-1e7-seconds: {mine:.4f}")
    print(f"numeric-kl-vs-hand-numpy-time-ratio: {mine / hand:.3f}")
    try:
        from scipy.special import rel_entr
    except ImportError:
        print("numeric-kl-vs-rel_entr: scipy not installed")
    else:
        scipy_time = best_of(lambda: float(rel_entr(p, q).sum()), 5)
        print(f"numeric-kl-speedup-vs-rel_entr: {scipy_time / mine:.2f}")


if __name__ == "__main__":
    main()
