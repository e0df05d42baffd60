"""Benchmarks of the families' closed forms against plain SymPy, in one process.

Run: ``python bench/bench_families.py``. Prints ``name: value`` lines; a ratio > 1 means symkl is
faster than the baseline by that factor. Targets (DESIGN / issue 6): Normal ‖ Normal KL with
symbolic parameters ≥ 20× faster than ``sympy.integrate`` of the definition, in textbook form;
symbolic Beta entropy under 1 s where ``sympy.stats.entropy`` times out; (issue 15) every
entropy and KL with parameters up to 1e12, ``.doit()`` and ``N()`` together, under 0.1 s.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import sympy

import symkl
from symkl.families import Beta, Normal

#: The sympy.stats baseline runs in a child process killed after this many seconds.
STATS_TIMEOUT = 60.0

STATS_BETA = """
import sympy
from sympy.stats import Beta, entropy
a, b = sympy.symbols("a b", positive=True)
entropy(Beta("X", a, b))
"""


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` wall-clock timings (seconds)."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return min(timings)


def normal_kl_symkl() -> sympy.Expr:
    m1, m2 = sympy.symbols("mu1 mu2", real=True)
    s1, s2 = sympy.symbols("sigma1 sigma2", positive=True)
    sympy.core.cache.clear_cache()  # no help from a warm SymPy cache
    return symkl.kl_divergence(Normal(m1, s1), Normal(m2, s2)).doit()


def normal_kl_prove() -> None:
    """Closed form and its proof against the defining integral (what the catalog runs)."""
    m1, m2 = sympy.symbols("mu1 mu2", real=True)
    s1, s2 = sympy.symbols("sigma1 sigma2", positive=True)
    sympy.core.cache.clear_cache()
    kl = symkl.kl_divergence(Normal(m1, s1), Normal(m2, s2))
    proof = symkl.prove(sympy.Eq(kl, kl.doit()))
    assert proof.verdict is symkl.Verdict.PROVED, proof


def normal_kl_integrate() -> sympy.Expr:
    """The baseline: ∫ p log(p/q) dx of two symbolic Gaussians with sympy.integrate."""
    x = sympy.Symbol("x", real=True)
    m1, m2 = sympy.symbols("mu1 mu2", real=True)
    s1, s2 = sympy.symbols("sigma1 sigma2", positive=True)
    sympy.core.cache.clear_cache()

    def pdf(m: sympy.Symbol, s: sympy.Symbol) -> sympy.Expr:
        return sympy.exp(-((x - m) ** 2) / (2 * s**2)) / sympy.sqrt(2 * sympy.pi * s**2)

    p, q = pdf(m1, s1), pdf(m2, s2)
    return sympy.simplify(sympy.integrate(p * sympy.log(p / q), (x, -sympy.oo, sympy.oo)))


def beta_entropy_symkl() -> sympy.Expr:
    a, b = sympy.symbols("a b", positive=True)
    sympy.core.cache.clear_cache()
    return symkl.entropy(Beta(a, b)).doit()


def stats_beta_seconds() -> float | None:
    """Seconds sympy.stats.entropy takes for a symbolic Beta, or None after STATS_TIMEOUT."""
    start = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-c", STATS_BETA],
            check=True,
            timeout=STATS_TIMEOUT,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start


def large_parameter_cases() -> list[tuple[str, Callable[[], sympy.Expr]]]:
    """Entropies and KLs with exact and Float parameters up to 1e12 (issue 15's speed target)."""
    from sympy import Rational

    from symkl.families import (
        Bernoulli,
        Binomial,
        Chi2,
        ContinuousBernoulli,
        Dirichlet,
        Exponential,
        Gamma,
        Geometric,
        Gumbel,
        HalfNormal,
        Laplace,
        LogNormal,
        Pareto,
        Poisson,
        StudentT,
        Uniform,
        Weibull,
    )

    big = 10**12
    h, kl = symkl.entropy, symkl.kl_divergence
    measures = [
        h(Gamma(10**5, 1)), h(Beta(10**5, 10**5)), kl(Gamma(10**5, 1), Gamma(10**5 + 1, 1)),
        h(Dirichlet([10**5] * 3)), h(Beta(5000, 7000)), h(Gamma(1e12, 1.0)), h(Beta(1e10, 1e10)),
        h(Poisson(10**6)), h(Poisson(big)), kl(Poisson(80), Geometric(Rational(1, 50))),
        kl(Geometric(Rational(1, 20)), Poisson(5)), h(Geometric(1e-12)),
        kl(Bernoulli(1e-12), Bernoulli(2e-12)), h(Normal(0, 1e-300)), h(Uniform(0, big)),
        kl(Exponential(big), Laplace(big, 3)), kl(Gamma(big, 2), Laplace(-1, big)),
        kl(Beta(big, 3), Laplace(Rational(1, 2), 1)), h(HalfNormal(big)), h(LogNormal(big, big)),
        kl(Gumbel(big, 1), Gumbel(0, big)), kl(Pareto(big, 3), Pareto(1, 2)),
        h(ContinuousBernoulli(0.5 + 1e-12)), h(Weibull(big, 7)), h(Chi2(big)),
        h(StudentT(big, 0, 1)), kl(Binomial(100, Rational(1, 3)), Binomial(100, Rational(1, 2))),
    ]  # fmt: skip

    def case(m: sympy.Expr) -> Callable[[], sympy.Expr]:
        def run() -> sympy.Expr:
            sympy.core.cache.clear_cache()
            value: sympy.Expr = sympy.N(m.doit())
            return value

        return run

    return [(sympy.sstr(m), case(m)) for m in measures]


def main() -> None:
    slowest = max((best_of(run, repeat=1), name) for name, run in large_parameter_cases())
    print(f"large_parameters_slowest_doit_and_N_seconds: {slowest[0]:.4f} ({slowest[1]})")
    ours = best_of(normal_kl_symkl)
    baseline = best_of(normal_kl_integrate, repeat=1)
    print(f"normal_kl_symkl_seconds: {ours:.4f}")
    print(f"normal_kl_sympy_integrate_seconds: {baseline:.2f}")
    print(f"normal_kl_ratio: {baseline / ours:.0f}")
    print(f"normal_kl_textbook_form: {normal_kl_symkl()}")
    proved = best_of(normal_kl_prove)
    print(f"normal_kl_closed_form_and_proof_seconds: {proved:.3f}")
    print(f"normal_kl_proof_ratio: {baseline / proved:.0f}")

    beta = best_of(beta_entropy_symkl)
    print(f"beta_entropy_symkl_seconds: {beta:.4f}")
    stats = stats_beta_seconds()
    if stats is None:
        print(f"beta_entropy_sympy_stats: timed out after {STATS_TIMEOUT:.0f} s")
        print(f"beta_entropy_ratio: > {STATS_TIMEOUT / beta:.0f}")
    else:
        print(f"beta_entropy_sympy_stats_seconds: {stats:.2f}")
        print(f"beta_entropy_ratio: {stats / beta:.0f}")


if __name__ == "__main__":
    main()
