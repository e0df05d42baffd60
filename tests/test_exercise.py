"""Tests of the exercise sheets: blanks, prover-refuted wrong steps, answer keys, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

import symkl
from symkl.catalog import load
from symkl.derivation import Derivation
from symkl.measures import expectation
from symkl.prover import Verdict
from symkl.report import make_exercises, render_exercises, write_exercises
from symkl.report._mutate import mutations
from symkl.runner import EntryResult, verify

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)

#: The small catalog's derivation, plus a misconception chain with a wrong step as published.
EXTRA = """
WRONG_CHAIN = symkl.Derivation(
    "swapped-chain",
    symkl.kl_divergence(p, q),
    [symkl.Step(symkl.cross_entropy(q, p) - symkl.entropy(p), why="notation")],
    title="A chain with the arguments swapped",
    expect="refuted",
)
"""


@pytest.fixture(scope="module")
def verified(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[EntryResult], list[symkl.Claim | Derivation]]:
    """The small catalog (tests/conftest.py) and a wrong chain, verified once, no cache."""
    from conftest import SMALL_CATALOG

    folder = tmp_path_factory.mktemp("exercise-catalog")
    (folder / "claims.py").write_text(SMALL_CATALOG + EXTRA)
    catalog = load([folder])
    return verify(catalog.entries), list(catalog.entries)


def test_mutations_are_typical_slips() -> None:
    """Candidates swap arguments, flip signs, invert logs; none equals the original."""
    expr = symkl.cross_entropy(p, q) - symkl.entropy(p)
    found = {str(m.expr): m.change for m in mutations(expr)}
    assert found["H(q, p) - H(p)"] == "the two distributions are swapped"
    assert found["H(p, q) + H(p)"] == "a sign is flipped"
    assert str(expr) not in found
    inverted = list(mutations(expectation(p, -sympy.log(q / p))))
    assert "E_p[-log(p/q)]" in {str(m.expr) for m in inverted}


@pytest.mark.slow
def test_blank_mode_blanks_the_justifications(verified: tuple) -> None:
    """A blank sheet shows the chain without its reasons; the key has them with verdicts."""
    results, entries = verified
    (exercise, wrong) = make_exercises(results, entries, mode="blank")
    assert (exercise.mode, wrong.mode) == ("blank", "error")  # the wrong chain stays wrong
    docs = render_exercises([exercise], formats=("md", "html", "tex"))
    student, key = docs["kl-chain-exercise.md"], docs["kl-chain-answers.md"]
    assert "linearity of expectation" not in student
    assert "Give the reason for each step" in student
    assert "linearity of expectation" in key
    assert "**proved**" in key
    assert 'class="badge' not in docs["kl-chain-exercise.html"]  # no verdicts on the sheet
    assert '<span class="blank"></span>' in docs["kl-chain-exercise.html"]
    assert r"\rule{0.3\linewidth}{0.4pt}" in docs["kl-chain-exercise.tex"]


@pytest.mark.slow
def test_error_mode_replaces_a_step_the_prover_refutes(verified: tuple) -> None:
    """A find-the-error sheet changes one step; the key names it and the prover refutes it."""
    results, entries = verified
    exercise = make_exercises(results, entries, mode="error", seed=3)[0]
    assert exercise.mode == "error"
    assert exercise.wrong_step is not None
    assert exercise.correct is not None
    step = exercise.student.steps[exercise.wrong_step - 1]
    assert step.expr != exercise.correct
    assert step.verdict is Verdict.REFUTED
    assert step.counterexample is not None
    # the replaced step, checked again independently, is still refuted
    previous = [exercise.student.start, *(s.expr for s in exercise.student.steps)]
    claim = sympy.Eq(previous[exercise.wrong_step - 1], step.expr)
    assert symkl.prove(claim).verdict is Verdict.REFUTED
    key = render_exercises([exercise], formats=("md",))["kl-chain-answers.md"]
    assert f"**Step ({exercise.wrong_step}) is wrong**: {exercise.change}" in key
    assert "## Counterexample to step" in key


@pytest.mark.slow
def test_a_published_misconception_is_its_own_exercise(verified: tuple) -> None:
    """A chain that is wrong as written is a find-the-error sheet pointing at its refuted step."""
    results, entries = verified
    wrong = make_exercises(results, entries, mode="blank")[1]
    assert (wrong.name, wrong.mode, wrong.wrong_step, wrong.correct) == (
        "swapped-chain", "error", 1, None,
    )  # fmt: skip


@pytest.mark.slow
def test_same_seed_same_bytes_other_seed_other_choice(verified: tuple, tmp_path: Path) -> None:
    """Sheets are deterministic per seed, and the seed changes which step goes wrong."""
    results, entries = verified
    first = write_exercises(results, entries, tmp_path / "a", seed=7, mode="error")
    second = write_exercises(results, entries, tmp_path / "b", seed=7, mode="error")
    assert [p.name for p in first] == [p.name for p in second]
    assert {p.suffix for p in first} >= {".tex", ".md", ".html"}  # every format, each stable
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    choices = {
        (e.wrong_step, str(e.student.steps[e.wrong_step - 1].expr))
        for seed in range(6)
        for e in make_exercises(results, entries, mode="error", seed=seed)[:1]
        if e.wrong_step is not None
    }
    assert len(choices) > 1


def test_exercise_index_links_sheets_and_keys(verified: tuple) -> None:
    """The index lists each exercise with its kind and links its answer key, in each format."""
    results, entries = verified
    docs = render_exercises(make_exercises(results, entries, mode="blank"))
    assert "[answers](kl-chain-answers.md)" in docs["exercises.md"]
    assert 'href="swapped-chain-answers.html"' in docs["exercises.html"]
    assert r"\href{kl-chain-exercise.pdf}" in docs["exercises.tex"]
    assert "find the error" in docs["exercises.md"]


def test_unknown_mode_is_an_error_naming_it(verified: tuple) -> None:
    """A mode other than mixed, blank or error raises, naming the bad value."""
    results, entries = verified
    with pytest.raises(ValueError, match="unknown exercise mode 'hard'"):
        make_exercises(results, entries, mode="hard")
