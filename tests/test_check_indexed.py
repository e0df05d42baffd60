"""``p[i]`` in ``symkl check`` is p's i-th probability: p's facts come with it (issue 11, A16)."""

from __future__ import annotations

import pytest

from symkl.cli import main


@pytest.mark.parametrize(
    "claim",
    ["Sum(p[i],(i,1,n)) = 1", "Sum(p[i]*i,(i,1,n)) >= 1", "Sum(p[i]**2,(i,1,n)) <= 1"],
)
def test_true_claims_about_entries_are_not_refuted(
    claim: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Σ p[i] = 1 and its consequences hold: checked or proved, exit 0."""
    assert main(["check", claim]) == 0
    out = capsys.readouterr().out
    assert "refuted" not in out


def test_a_false_claim_about_entries_is_refuted(capsys: pytest.CaptureFixture[str]) -> None:
    """Σ p[i]² ≤ 1/2 fails at a one-hot p: refuted, exit 1."""
    assert main(["check", "Sum(p[i]**2,(i,1,n)) <= 1/2"]) == 1
    assert "refuted by counterexample" in capsys.readouterr().out
