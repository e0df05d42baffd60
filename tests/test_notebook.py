"""Tests of the Jupyter hooks: _repr_latex_ on measures, proofs, claims and derivations."""

from __future__ import annotations

import re

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
    """A proof shows as display math: a verdict badge, the method and the counterexample."""
    relation = sympy.Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p))
    latex = symkl.prove(relation)._repr_latex_()
    assert latex.startswith(r"$$\begin{aligned}&\color{red}{\boxed{\textsf{REFUTED}}}")
    assert re.search(r"\\text\{counterexample: \}p_\{1\} = [0-9.e-]+,\\; p_\{2\} = ", latex)
    assert r"p\_1" not in latex


def test_proof_method_with_underscore_is_escaped() -> None:
    """expand_log's underscore is math between \\text runs, in the method and the assumptions."""
    proof = Proof(Verdict.PROVED, "expand_log", assumptions=("a_1 > 0",))
    assert proof._repr_latex_() == (
        r"$$\begin{aligned}&\color{green}{\boxed{\textsf{PROVED}}}\ \text{by expand}\_\text{log}"
        r" \\ &\text{assuming a}\_\text{1 > 0}\end{aligned}$$"
    )


def test_no_backslash_inside_text_runs() -> None:
    """MathJax shows macros inside \\text{…} literally: special characters stay outside."""
    proof = Proof(Verdict.PROVED, "50% of {x}_y & z#", assumptions=("t ~ 1^2 $",))
    latex = proof._repr_latex_()
    for run in re.findall(r"\\text\{([^}]*)\}", latex):
        assert "\\" not in run, run
    assert r"\text{by 50}\%\text{ of }\{\text{x}\}\_\text{y }\&\text{ z}\#" in latex


def test_titles_and_justifications_typeset_their_formulas() -> None:
    """A derivation's title and step reasons show D_KL(p‖q) as math, not D\\_KL."""
    ce_minus_h = symkl.cross_entropy(p, q) - symkl.entropy(p)
    step = symkl.Step(ce_minus_h, why="D_KL(p‖q) = H(p, q) − H(p)")
    chain = symkl.Derivation("t", symkl.kl_divergence(p, q), [step], title="Why D_KL(p‖q) ≥ 0")
    latex = verify(chain)._repr_latex_()
    assert r"\textbf{\text{Why }D_{\mathrm{KL}}(p \Vert q) \ge 0}" in latex
    assert r"D_{\mathrm{KL}}(p \Vert q) = H(p, q) - H(p)" in latex
    assert r"D\_" not in latex


def test_claim_shows_its_relation() -> None:
    """A claim renders its relation."""
    claim = symkl.Claim("gibbs", sympy.Ge(symkl.kl_divergence(p, q), 0), title="Gibbs")
    assert claim._repr_latex_() == r"$$D_{\mathrm{KL}}(p \,\|\, q) \geq 0$$"


def test_derivation_shows_aligned_steps() -> None:
    """A derivation renders as display math, an aligned chain with one step per line."""
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
        r"$$\begin{aligned}D_{\mathrm{KL}}(p \,\|\, q) "
        r"&= \mathbb{E}_{p}\!\left[- \log{\left(\frac{q}{p} \right)}\right] "
        r"&& \text{definition} \\ "
        r" &\le H(p, q) - H(p) && \text{x}\end{aligned}$$"
    )


# --- symkl.verify: a claim or derivation verified in a notebook ----------------------------------

from symkl._notebook import Verification, proof_latex, verify  # noqa: E402


def _chain(last: sympy.Expr) -> symkl.Derivation:
    return symkl.Derivation(
        "kl-chain",
        symkl.kl_divergence(p, q),
        [
            symkl.Step(expectation(p, -sympy.log(q / p)), why="definition"),
            symkl.Step(last, why="linearity_of <expectation>"),
        ],
        title="KL <b>chain</b>",
    )


@pytest.mark.slow
def test_verify_a_derivation_shows_every_step_in_display_math() -> None:
    """verify(derivation) gives per-step verdicts; its LaTeX is one $$ aligned block with badges."""
    result = verify(_chain(symkl.cross_entropy(p, q) - symkl.entropy(p)))
    assert isinstance(result, Verification)
    assert [s.verdict for s in result.steps] == [Verdict.PROVED, Verdict.PROVED]
    assert bool(result)
    latex = result._repr_latex_()
    assert latex.startswith(r"$$\begin{aligned}")
    assert latex.endswith(r"\end{aligned}$$")
    assert latex.count(r"\boxed{\textsf{PROVED}}") == 2
    assert r"\text{linearity}\_\text{of <expectation>}" in latex
    assert r"D_{\mathrm{KL}}(p \,\|\, q) &=" in latex


@pytest.mark.slow
def test_verify_shows_the_counterexample_of_a_wrong_step() -> None:
    """A refuted step shows a red badge and its counterexample, as math, in LaTeX and HTML."""
    result = verify(_chain(symkl.cross_entropy(q, p) - symkl.entropy(p)))
    assert result.verdict is Verdict.REFUTED
    assert not result
    latex = result._repr_latex_()
    assert r"\color{red}{\boxed{\textsf{REFUTED}}}" in latex
    assert r"\text{counterexample to (2): }p_{1} = " in latex
    html = result._repr_html_()
    assert "KL &lt;b&gt;chain&lt;/b&gt;" in html
    assert "<msub><mi>p</mi><mi>1</mi></msub>" in html
    assert ">refuted</span>" in html
    assert "<script" not in html


@pytest.mark.slow
def test_verify_accepts_a_bare_relation_and_an_mle() -> None:
    """A SymPy relation or an MLE claim is verified as a one-step claim."""
    from symkl.optimize import Maximizer, likelihood

    gibbs = verify(sympy.Ge(symkl.kl_divergence(p, q), 0))
    assert gibbs.verdict is Verdict.PROVED
    assert r"D_{\mathrm{KL}}(p \,\|\, q) &\ge 0" in gibbs._repr_latex_()
    model = likelihood("poisson")
    x, i = sympy.IndexedBase("x"), sympy.Symbol("i", integer=True, positive=True)
    rate = model.parameters[0]
    mle = verify(Maximizer(model, {rate: sympy.Sum(x[i], (i, 1, n)) / n}))
    assert r"\hat{\lambda} = \operatorname*{arg\,max}_{\lambda}" in mle._repr_latex_()
    assert "not available" not in mle._repr_latex_()


def test_verify_rejects_a_string_naming_it() -> None:
    """A string is not evaluated: it is rejected with an error (a TypeError) that shows it."""
    with pytest.raises(TypeError, match=r"got 'H\(p\) = 0'"):
        verify("H(p) = 0")


def test_proof_latex_is_math_not_escaped_text() -> None:
    """A proof displays as math: a badge, the method, and counterexample symbols as p_{1}."""
    relation = sympy.Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p))
    latex = proof_latex(symkl.prove(relation))
    assert latex.startswith("$$")
    assert re.search(r"p_\{1\} = [0-9.e-]+", latex)
    assert r"p\_1" not in latex
    assert proof_latex(Proof(Verdict.PROVED, "expand_log")) == (
        r"$$\color{green}{\boxed{\textsf{PROVED}}}\ \text{by expand}\_\text{log}$$"
    )
