"""Step derivations with a probability parameter: the proofs' texts read p and q, never the
prover's encoded _p/(_p + 1)."""

from __future__ import annotations

import math
import re

import pytest
from _catalog_run import CATALOG

from symkl import Derivation, prove
from symkl.catalog import Catalog
from symkl.report import render_reports
from symkl.runner import verify_catalog

STEPS = CATALOG  # loaded once per session (derivations/family_steps.py among the rest)
#: the prover's encoding showing through: a Dummy's name (_p), or p = d/(1 + d)
ENCODED = ("_p", "_q", "/(_")
#: a Dummy in Markdown: an escaped underscore that does not continue a word (p\_i is a subscript)
MARKDOWN_DUMMY = re.compile(r"(?<![\w\\])\\_[^\W\d]")


def _derivation(name: str) -> Derivation:
    entry = STEPS.find(name)
    assert isinstance(entry, Derivation), name
    return entry


@pytest.mark.parametrize(
    ("name", "step", "expected"),
    [
        pytest.param(
            "kl-negative-binomial-negative-binomial-steps",
            1,
            "log NegativeBinomial(r, p)(k) = k·log(p) + r·log(1 - p) + log(C(k + r - 1, k)) "
            "(exponentiating it gives back the density)",
            id="negative-binomial-log-pmf",
        ),
        pytest.param(
            "kl-negative-binomial-negative-binomial-steps",
            3,
            "the mean E[k] under NegativeBinomial(r, p) = p·r/(1 - p), derived by summing over "
            "k = 0, 1, 2, …",
            id="negative-binomial-mean",
        ),
        pytest.param(
            "kl-negative-binomial-negative-binomial-steps", 1, "p, q in (0, 1)", id="nb-domains"
        ),
        pytest.param(
            "kl-continuous-bernoulli-exponential-steps",
            1,
            "log ContinuousBernoulli(p)(x) = x·(log(p) - log(1 - p)) + "
            "log((-log(p) + log(1 - p))/(1 - 2·p)) + log(1 - p) "
            "(exponentiating it gives back the density)",
            id="continuous-bernoulli-log-density",
        ),
        pytest.param(
            "kl-continuous-bernoulli-exponential-steps",
            3,
            "the mean E[x] under ContinuousBernoulli(p) = p/(2·p - 1) - 1/(log(p) - log(1 - p)), "
            "derived by integrating over the support",
            id="continuous-bernoulli-mean",
        ),
        pytest.param(
            "entropy-bernoulli-steps",
            3,
            "the mean E[k] under Bernoulli(p) = p, derived by summing over k = 0, 1, 2, …",
            id="bernoulli-mean",
        ),
    ],
)
def test_step_assumptions_name_the_probability_plainly(name: str, step: int, expected: str) -> None:
    """The step's proof lists the fact in p (q), and no assumption or detail shows the encoding."""
    goal = _derivation(name).step_goals()[step]
    proof = prove(goal, timeout=math.inf, memory_limit=math.inf)
    assert proof.verdict.value == "proved", proof
    assert expected in proof.assumptions
    texts = [*proof.assumptions, proof.detail]
    assert not [t for t in texts if any(mark in t for mark in ENCODED)], texts


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_markdown_report_shows_no_encoded_probability() -> None:
    """KL(ContinuousBernoulli ‖ Exponential) rendered to Markdown: p and q, no \\_p anywhere."""
    name = "kl-continuous-bernoulli-exponential-steps"
    results = verify_catalog(Catalog([_derivation(name)]))
    md = render_reports(results, formats=("md",))[f"{name}.md"]
    assert MARKDOWN_DUMMY.findall(md) == []
    assert "/(\\_" not in md
    assert "the support of ContinuousBernoulli(p) lies inside the support of Exponential(λ₂)" in md
    assert "the mean E\\[x\\] under ContinuousBernoulli(p) = p/(2·p - 1) - 1/(log(p)" in md
