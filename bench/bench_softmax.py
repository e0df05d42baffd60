"""Softmax + cross-entropy gradient: symbolic K (Kronecker-delta rule) against plain ``simplify``.

Prints ``name: value`` lines; the baseline is measured in the same process: SymPy's own
``diff`` + ``simplify`` of the explicit K = 10 gradient against softmax(z) − p.
Target: the symbolic-K proof in ≤ 1 s.
"""

from __future__ import annotations

import time

import sympy

import symkl
from symkl.optimize import COMPONENT, GradientIs
from symkl.prover import Verdict, prove

EXPLICIT_K = 10


def symbolic_k() -> float:
    K = sympy.Symbol("K", integer=True, positive=True)
    i, j = sympy.symbols("i j", integer=True, positive=True)
    z = sympy.IndexedBase("z", real=True)
    labels = symkl.Discrete.symbolic("p", K)
    p = labels.base
    partition = sympy.Sum(sympy.exp(z[j]), (j, 1, K))
    loss = sympy.Sum(-p[i] * sympy.log(sympy.exp(z[i]) / partition), (i, 1, K))
    expected = sympy.exp(z[COMPONENT]) / partition - p[COMPONENT]
    start = time.perf_counter()
    proof = prove(GradientIs(loss, z, expected, given=[labels]))
    seconds = time.perf_counter() - start
    assert proof.verdict is Verdict.PROVED, proof
    return seconds


def explicit_simplify() -> float:
    z = sympy.symbols(f"z_1:{EXPLICIT_K + 1}", real=True)
    p = sympy.symbols(f"p_1:{EXPLICIT_K + 1}", positive=True)
    partition = sum(sympy.exp(a) for a in z)
    loss = -sum(pk * sympy.log(sympy.exp(zk) / partition) for pk, zk in zip(p, z, strict=False))
    start = time.perf_counter()
    normalised = {p[-1]: 1 - sum(p[:-1])}  # Σ p = 1, as the symbolic proof uses it
    for zk, pk in zip(z, p, strict=False):
        residual = sympy.diff(loss, zk) - (sympy.exp(zk) / partition - pk)
        assert sympy.simplify(residual.subs(normalised)) == 0
    return time.perf_counter() - start


def main() -> None:
    symbolic = symbolic_k()
    baseline = explicit_simplify()
    print(f"softmax_ce_gradient_symbolic_K_seconds: {symbolic:.3f}")
    print(f"softmax_ce_gradient_explicit_K{EXPLICIT_K}_simplify_seconds: {baseline:.3f}")
    print(f"softmax_ce_gradient_speedup_vs_simplify_K{EXPLICIT_K}: {baseline / symbolic:.1f}")
    print(f"softmax_ce_gradient_symbolic_K_within_1s: {symbolic <= 1.0}")


if __name__ == "__main__":
    main()
