"""Oracle tests against torch.distributions: every registered KL pair symkl covers, and coverage."""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy

import symkl
from symkl import families as fam

torch = pytest.importorskip("torch")
D = torch.distributions

Draw = Callable[[np.random.Generator], tuple[float, ...]]


def _t(v: float) -> Any:
    return torch.tensor(v, dtype=torch.float64)


def _pos(rng: np.random.Generator, lo: float = 0.2, hi: float = 5.0) -> float:
    return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))


#: torch name → (draw parameters, build the symkl family, build the torch distribution)
FAMILIES: dict[str, tuple[Draw, Callable[..., Any], Callable[..., Any]]] = {
    "Normal": (
        lambda r: (r.uniform(-3, 3), _pos(r)),
        fam.Normal,
        lambda m, s: D.Normal(_t(m), _t(s)),
    ),
    "Laplace": (
        lambda r: (r.uniform(-3, 3), _pos(r)),
        fam.Laplace,
        lambda m, s: D.Laplace(_t(m), _t(s)),
    ),
    "Exponential": (lambda r: (_pos(r),), fam.Exponential, lambda a: D.Exponential(_t(a))),
    "Gamma": (lambda r: (_pos(r), _pos(r)), fam.Gamma, lambda a, b: D.Gamma(_t(a), _t(b))),
    "Beta": (lambda r: (_pos(r), _pos(r)), fam.Beta, lambda a, b: D.Beta(_t(a), _t(b))),
    "Uniform": (
        lambda r: (lambda lo: (lo, lo + _pos(r, 0.5, 4)))(r.uniform(-2, 3)),
        fam.Uniform,
        lambda lo, hi: D.Uniform(_t(lo), _t(hi)),
    ),
    "HalfNormal": (lambda r: (_pos(r),), fam.HalfNormal, lambda s: D.HalfNormal(_t(s))),
    "Gumbel": (
        lambda r: (r.uniform(-3, 3), _pos(r)),
        fam.Gumbel,
        lambda m, s: D.Gumbel(_t(m), _t(s)),
    ),
    "Pareto": (
        lambda r: (_pos(r, 0.2, 2), _pos(r, 0.5, 6)),
        fam.Pareto,
        lambda s, a: D.Pareto(_t(s), _t(a)),
    ),
    "ContinuousBernoulli": (
        lambda r: (r.uniform(0.02, 0.98),),
        fam.ContinuousBernoulli,
        lambda p: D.ContinuousBernoulli(probs=_t(p)),
    ),
    "Bernoulli": (
        lambda r: (r.uniform(0.02, 0.98),),
        fam.Bernoulli,
        lambda p: D.Bernoulli(probs=_t(p)),
    ),
    "Poisson": (lambda r: (_pos(r),), fam.Poisson, lambda a: D.Poisson(_t(a))),
    "Geometric": (
        lambda r: (r.uniform(0.02, 0.98),),
        fam.Geometric,
        lambda p: D.Geometric(probs=_t(p)),
    ),
}


def _add_optional() -> None:
    if hasattr(fam, "Cauchy"):
        FAMILIES["Cauchy"] = (
            lambda r: (r.uniform(-3, 3), _pos(r)),
            fam.Cauchy,
            lambda m, s: D.Cauchy(_t(m), _t(s)),
        )
    if hasattr(fam, "Binomial"):
        FAMILIES["Binomial"] = (
            lambda r: (10, r.uniform(0.02, 0.98)),
            lambda n, p: fam.Binomial(int(n), p),
            lambda n, p: D.Binomial(int(n), probs=_t(p)),
        )


_add_optional()

#: vector families, compared in their own tests
VECTOR = {"Categorical", "Dirichlet", "MultivariateNormal", "OneHotCategorical",
          "LowRankMultivariateNormal", "Independent"}  # fmt: skip


def _torch_pairs() -> list[tuple[str, str]]:
    return sorted((p.__name__, q.__name__) for p, q in D.kl._KL_REGISTRY)


def _covered(first: str, second: str) -> bool:
    return first in FAMILIES and second in FAMILIES


def _value(expr: sympy.Expr) -> float:
    value = sympy.N(expr, 20)
    if value in (sympy.oo, sympy.zoo):
        return math.inf
    return float(value)


def _relative(ours: float, theirs: float) -> float:
    if math.isinf(theirs) or math.isinf(ours):
        return 0.0 if ours == theirs else math.inf
    return abs(ours - theirs) / max(1.0, abs(theirs))


PAIRS = [pair for pair in _torch_pairs() if _covered(*pair)]


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=lambda v: str(v))
def test_kl_matches_torch_at_random_parameters(first: str, second: str) -> None:
    """symkl's closed-form KL = torch's at 8 random parameter draws (≤ 1e-9 relative)."""
    rng = np.random.default_rng(zlib.crc32(f"{first}|{second}".encode()))
    draw_p, ours_p, torch_p = FAMILIES[first]
    draw_q, ours_q, torch_q = FAMILIES[second]
    for _ in range(8):
        vp, vq = draw_p(rng), draw_q(rng)
        closed = symkl.kl_divergence(ours_p(*vp), ours_q(*vq)).doit()
        assert not closed.has(sympy.Integral), closed
        theirs = float(D.kl_divergence(torch_p(*vp), torch_q(*vq)))
        assert _relative(_value(closed), theirs) <= 1e-9, (vp, vq, closed, theirs)


ENTROPIES = sorted(FAMILIES)


@pytest.mark.parametrize("name", ENTROPIES)
def test_entropy_matches_torch(name: str) -> None:
    """symkl's closed-form entropy = torch's .entropy() at 8 random draws."""
    rng = np.random.default_rng(7)
    draw, ours, theirs = FAMILIES[name]
    for _ in range(8):
        v = draw(rng)
        closed = symkl.entropy(ours(*v)).doit()
        try:
            expected = float(theirs(*v).entropy())
        except NotImplementedError:
            pytest.skip(f"torch has no {name} entropy")
        assert _relative(_value(closed), expected) <= 1e-9, (v, closed, expected)


def test_coverage_of_torch_kl_registry() -> None:
    """Report (and pin from below) how many of torch's registered KL pairs symkl covers."""
    pairs = _torch_pairs()
    covered = set(PAIRS) | {
        ("Categorical", "Categorical"),
        ("Dirichlet", "Dirichlet"),
        ("MultivariateNormal", "MultivariateNormal"),
        ("OneHotCategorical", "OneHotCategorical"),
        ("LowRankMultivariateNormal", "LowRankMultivariateNormal"),
        ("LowRankMultivariateNormal", "MultivariateNormal"),
        ("MultivariateNormal", "LowRankMultivariateNormal"),
        ("Independent", "Independent"),
    }  # the vector pairs are compared in test_vector_families_match_torch
    covered &= set(pairs)
    missing = sorted(set(pairs) - covered)
    print(f"\ntorch KL pairs covered: {len(covered)} of {len(pairs)}; missing: {missing}")
    assert len(pairs) == 87
    # torch's two generic base-class pairs are not distributions of their own
    assert set(missing) <= {
        ("ExponentialFamily", "ExponentialFamily"),
        ("TransformedDistribution", "TransformedDistribution"),
    }
    assert len(covered) == 85


def test_vector_families_match_torch() -> None:
    """OneHotCategorical, LowRankMultivariateNormal (with MultivariateNormal) and Independent."""
    rng = np.random.default_rng(11)
    for _ in range(4):
        wp, wq = rng.uniform(0.05, 1, 3), rng.uniform(0.05, 1, 3)
        p, q = wp / wp.sum(), wq / wq.sum()
        ours = symkl.kl_divergence(fam.OneHotCategorical(list(p)), fam.OneHotCategorical(list(q)))
        theirs = D.kl_divergence(
            D.OneHotCategorical(torch.tensor(p)), D.OneHotCategorical(torch.tensor(q))
        )
        assert _relative(_value(ours.doit()), float(theirs)) <= 1e-9
        w1, w2 = rng.normal(size=(3, 2)), rng.normal(size=(3, 1))
        d1, d2 = rng.uniform(0.2, 2, 3), rng.uniform(0.2, 2, 3)
        m1, m2 = rng.normal(size=3), rng.normal(size=3)
        cov = w2 @ w2.T + np.diag(d2) + np.eye(3)
        ours_l1 = fam.LowRankMultivariateNormal(list(m1), w1.tolist(), list(d1))
        ours_l2 = fam.LowRankMultivariateNormal(list(m2), w2.tolist(), list(d2))
        ours_m = fam.MultivariateNormal(list(m2), cov.tolist())
        t_l1 = D.LowRankMultivariateNormal(torch.tensor(m1), torch.tensor(w1), torch.tensor(d1))
        t_l2 = D.LowRankMultivariateNormal(torch.tensor(m2), torch.tensor(w2), torch.tensor(d2))
        t_m = D.MultivariateNormal(torch.tensor(m2), torch.tensor(cov))
        for a, b, ta, tb in [
            (ours_l1, ours_l2, t_l1, t_l2),
            (ours_l1, ours_m, t_l1, t_m),
            (ours_m, ours_l1, t_m, t_l1),
        ]:
            closed = symkl.kl_divergence(a, b).doit()
            assert _relative(_value(closed), float(D.kl_divergence(ta, tb))) <= 1e-9
        assert _relative(_value(symkl.entropy(ours_l1).doit()), float(t_l1.entropy())) <= 1e-9
        locs, scales = rng.normal(size=(2, 3)), rng.uniform(0.3, 3, (2, 3))
        ours_i = [
            fam.Independent([fam.Normal(m, s) for m, s in zip(locs[i], scales[i], strict=True)])
            for i in range(2)
        ]
        t_i = [
            D.Independent(D.Normal(torch.tensor(locs[i]), torch.tensor(scales[i])), 1)
            for i in range(2)
        ]
        closed = symkl.kl_divergence(ours_i[0], ours_i[1]).doit()
        assert _relative(_value(closed), float(D.kl_divergence(t_i[0], t_i[1]))) <= 1e-9
        assert _relative(_value(symkl.entropy(ours_i[0]).doit()), float(t_i[0].entropy())) <= 1e-9


def test_binomial_kl_with_different_counts_against_a_direct_sum() -> None:
    """KL(Bin(8, .3) ‖ Bin(10, .6)) (torch raises there) = the defining sum; n₁ > n₂ gives ∞."""
    from math import comb, log

    def pmf(n: int, p: float, k: int) -> float:
        return comb(n, k) * p**k * (1 - p) ** (n - k)

    expected = sum(pmf(8, 0.3, k) * log(pmf(8, 0.3, k) / pmf(10, 0.6, k)) for k in range(9))
    closed = symkl.kl_divergence(fam.Binomial(8, 0.3), fam.Binomial(10, 0.6)).doit()
    assert _relative(_value(closed), expected) <= 1e-12
    assert symkl.kl_divergence(fam.Binomial(12, 0.3), fam.Binomial(10, 0.6)).doit() is sympy.oo
