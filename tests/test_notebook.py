"""Tests of the Jupyter hooks: _repr_latex_ on measures, proofs, claims and derivations."""

from __future__ import annotations

import pytest
import sympy

import symkl
from symkl.measures import expectation
from symkl.prover import Proof, Verdict

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)


@pytest.mark.parametrize(
    ("measure", "latex"),
    [
        (symkl.entropy(p), r"$\displaystyle H(p)$"),
        (symkl.entropy(p, base=2), r"$\displaystyle H_{2}(p)$"),
        (symkl.cross_entropy(p, q), r"$\displaystyle H(p, q)$"),
        (symkl.kl_divergence(p, q), r"$\displaystyle D_{\mathrm{KL}}(p \,\|\, q)$"),
        (
            expectation(p, -sympy.log(q / p)),
            r"$\displaystyle \mathbb{E}_{p}\!\left[- \log{\left(\frac{q}{p} \right)}\right]$",
        ),
    ],
)
def test_measures_render_as_textbook_latex(measure: sympy.Expr, latex: str) -> None:
    """Each measure shows in Jupyter as the textbook writes it."""
    assert measure._repr_latex_() == latex


def test_proof_shows_verdict_and_method() -> None:
    """A proof shows its verdict and the method that settled it."""
    relation = sympy.Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p))
    assert symkl.prove(relation)._repr_latex_() == (
        r"$\text{refuted by counterexample; counterexample: p\_1 = 0.397, p\_2 = 0.603, "
        r"q\_1 = 0.334, q\_2 = 0.666, n = 2, lhs = 0.00867813, rhs = 0.00846844}$"
    )


def test_proof_method_with_underscore_is_escaped() -> None:
    """A method such as expand_log is escaped inside \\text{...}, with its assumptions."""
    proof = Proof(Verdict.PROVED, "expand_log", assumptions=("a_1 > 0",))
    assert proof._repr_latex_() == r"$\text{proved by expand\_log; assuming a\_1 > 0}$"


def test_claim_shows_its_relation() -> None:
    """A claim renders its relation."""
    claim = symkl.Claim("gibbs", sympy.Ge(symkl.kl_divergence(p, q), 0), title="Gibbs")
    assert claim._repr_latex_() == r"$\displaystyle D_{\mathrm{KL}}(p \,\|\, q) \geq 0$"


def test_derivation_shows_aligned_steps() -> None:
    """A derivation renders as an aligned chain, one step per line."""
    derivation = symkl.Derivation(
        "kl-chain",
        symkl.kl_divergence(p, q),
        [
            symkl.Step(expectation(p, -sympy.log(q / p)), why="definition"),
            symkl.Step(symkl.cross_entropy(p, q) - symkl.entropy(p), relation="<=", why="x"),
        ],
        expect="undecided",
    )
    assert derivation._repr_latex_() == (
        r"$\begin{aligned}D_{\mathrm{KL}}(p \,\|\, q) "
        r"&= \mathbb{E}_{p}\!\left[- \log{\left(\frac{q}{p} \right)}\right] "
        r"&& \text{definition} \\ "
        r" &\le H(p, q) - H(p) && \text{x}\end{aligned}$"
    )
