"""Exercise sheets: a student version of each derivation and a separate answer key.

>>> from symkl.catalog import Catalog, load
>>> from symkl.runner import verify_catalog
>>> verified = verify_catalog(Catalog(load().entries[:1]))
>>> [p.name for p in write_exercises(verified, None, Path("out"), mode="blank", formats=["md"])]
['one-hot-ce-is-kl-exercise.md', 'one-hot-ce-is-kl-answers.md', 'exercises.md']

Each derivation becomes one of two exercises, chosen per derivation from ``seed``:

* **blank**: the chain with its justifications left blank, to be filled in;
* **find the error**: one step replaced by a plausible wrong one (arguments swapped, a sign
  flipped, … see :mod:`._mutate`). A replacement is used only when the prover *refutes* it, and
  the answer key prints that verdict with its counterexample; if no candidate is refuted, the
  exercise falls back to blanks. A derivation that is itself a misconception (a refuted step)
  is a "find the error" exercise as it stands.

The same results and seed give the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sympy

from .._proof import Proof, Verdict
from .._results import prove_entry
from .._verdicts import EntryResult, StepResult, weakest
from ..cache import ProofCache
from ..catalog import Entry
from ..prover import prove
from ._context import EntryView, entry_view, file_stems
from ._entries import DerivationData, as_derivation
from ._environment import ReportFormat, environment
from ._errors import ReportFormatError
from ._escape import Raw
from ._mutate import mutations
from ._reports import Results, _render, parse_formats, verified_pairs
from ._write import write_atomic

__all__ = ["MODES", "Exercise", "make_exercises", "render_exercises", "write_exercises"]

#: ``mixed`` picks blank or find-the-error per derivation (from the seed).
MODES = ("mixed", "blank", "error")
#: At most this many candidate wrong steps are tried (each costs a proof).
MAX_CANDIDATES = 4


@dataclass(frozen=True)
class Exercise:
    """One derivation as an exercise; ``student`` is the chain the student sees."""

    name: str
    stem: str
    title: str
    mode: str
    student: EntryView
    #: the step that was replaced (or is wrong as published), for "error" exercises
    wrong_step: int | None = None
    #: what was changed, in words ("the two distributions are swapped")
    change: str = ""
    #: the original expression of the wrong step (None when the chain was wrong as published)
    correct: sympy.Expr | None = None

    @property
    def knock_on(self) -> int | None:
        """The step after a replaced one, when it is refuted only for starting from it."""
        if self.correct is None or self.wrong_step is None:
            return None
        after = [s for s in self.student.steps if s.index == self.wrong_step + 1]
        return after[0].index if after and after[0].verdict is Verdict.REFUTED else None


def _rng(seed: int, name: str) -> random.Random:
    # a string seed is hashed with SHA-512: the same on every run and machine
    return random.Random(f"symkl-exercise:{seed}:{name}")


def _prove(relation: object, timeout: float | None) -> Proof:
    return prove(relation, timeout=timeout)  # as the runner proves a step, in this process


def _check_step(
    entry: DerivationData,
    index: int,
    previous: sympy.Expr,
    expr: sympy.Expr,
    timeout: float | None,
    cache: ProofCache | None,
) -> StepResult:
    """The verdict on ``previous`` —relation of step ``index``→ ``expr`` under the derivation's
    facts (proved as the runner proves a step: :func:`symkl._results.prove_entry`)."""
    single = entry.step_alone(index, previous, expr)
    return prove_entry(single, timeout=timeout, prove_fn=_prove, cache=cache).steps[0]


def _wrong_version(
    entry: DerivationData,
    result: EntryResult,
    rng: random.Random,
    timeout: float | None,
    cache: ProofCache | None,
) -> tuple[DerivationData, EntryResult, int, str, sympy.Expr] | None:
    """A copy of ``entry`` with one step refuted by the prover, and its per-step verdicts."""
    exprs = [entry.start, *(s.expr for s in entry.steps)]
    order = list(range(1, len(entry.steps) + 1))
    rng.shuffle(order)
    tried = 0
    for index in order:
        step = entry.steps[index - 1]
        candidates = list(mutations(step.expr))
        rng.shuffle(candidates)
        for candidate in candidates:
            if tried >= MAX_CANDIDATES:
                return None
            tried += 1
            checked = _check_step(entry, index, exprs[index - 1], candidate.expr, timeout, cache)
            if checked.verdict is not Verdict.REFUTED:
                continue  # still right (or not settled): not a fair "find the error"
            by_index = {s.index: s for s in result.steps}
            by_index[index] = replace(checked, index=index)
            if index < len(entry.steps):  # the next step now starts from the wrong line
                after = entry.steps[index]
                then = _check_step(entry, index + 1, candidate.expr, after.expr, timeout, cache)
                by_index[index + 1] = replace(then, index=index + 1)
            new_steps = tuple(by_index[i] for i in sorted(by_index))
            changed = entry.with_step(index, candidate.expr)
            changed_result = replace(
                result, steps=new_steps, verdict=weakest([s.verdict for s in new_steps]),
                expected=Verdict.REFUTED,
            )  # fmt: skip
            return changed, changed_result, index, candidate.change, step.expr
    return None


def make_exercises(
    results: Results,
    entries: Sequence[Entry] | None = None,
    *,
    seed: int = 0,
    mode: str = "mixed",
    timeout: float | None = 60.0,
    cache: ProofCache | None = None,
) -> list[Exercise]:
    """One :class:`Exercise` per derivation among ``results``, in order (``results`` and
    ``entries`` as for :func:`~symkl.report.render_reports`)."""
    if mode not in MODES:
        raise ValueError(f"unknown exercise mode {mode!r}; expected one of {', '.join(MODES)}")
    chosen = [
        (r, d)
        for e, r in verified_pairs(results, entries)
        if r.kind == "derivation" and (d := as_derivation(e)) is not None and d.error is None
    ]
    stems = file_stems([r.name for r, _ in chosen])
    exercises = []
    for (result, entry), stem in zip(chosen, stems, strict=True):
        rng = _rng(seed, entry.name)
        refuted = [s.index for s in result.steps if s.verdict is Verdict.REFUTED]
        if refuted:  # a misconception as published: find its error
            view = entry_view(result, entry, stem=Raw(stem))
            exercises.append(Exercise(entry.name, stem, entry.title, "error", view, refuted[0]))
            continue
        want_error = mode == "error" or (mode == "mixed" and rng.random() < 0.5)
        wrong = _wrong_version(entry, result, rng, timeout, cache) if want_error else None
        if wrong is None:
            view = entry_view(result, entry, stem=Raw(stem))
            exercises.append(Exercise(entry.name, stem, entry.title, "blank", view))
            continue
        changed, changed_result, index, change, correct = wrong
        view = entry_view(changed_result, changed, stem=Raw(stem))
        exercises.append(
            Exercise(entry.name, stem, entry.title, "error", view, index, change, correct)
        )
    return exercises


def render_exercises(
    exercises: Sequence[Exercise],
    *,
    formats: Sequence[ReportFormat | str] = ("tex", "md", "html"),
    templates: Path | None = None,
    title: str = "Exercises",
) -> dict[str, str]:
    """Every sheet's text by file name: ``<stem>-exercise.<fmt>``, ``<stem>-answers.<fmt>`` and
    an index ``exercises.<fmt>``."""
    documents: dict[str, str] = {}
    for fmt in parse_formats(formats):
        env = environment(fmt, templates)
        name = f"exercise.{fmt.value}.j2"
        for exercise in exercises:
            for key, suffix in ((False, "exercise"), (True, "answers")):
                context: dict[str, Any] = {"exercise": exercise, "key": key}
                documents[f"{exercise.stem}-{suffix}.{fmt.value}"] = _render(env, name, context)
        index: dict[str, Any] = {"exercises": exercises, "title": title}
        documents[f"exercises.{fmt.value}"] = _render(env, f"exercises.{fmt.value}.j2", index)
    return documents


def write_exercises(
    results: Results,
    entries: Sequence[Entry] | None,
    out_dir: Path,
    *,
    seed: int = 0,
    formats: Sequence[ReportFormat | str] = ("tex", "md", "html"),
    mode: str = "mixed",
    templates: Path | None = None,
    timeout: float | None = 60.0,
    cache: ProofCache | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Write a student sheet and an answer key per derivation, and an index, to ``out_dir``.

    Deterministic for a given ``seed``: the same results give the same bytes. With
    ``pdf=True`` each ``.tex`` is built with ``latexmk`` (the PDFs are returned too).
    """
    parsed = parse_formats(formats)
    if pdf and ReportFormat.TEX not in parsed:
        raise ReportFormatError(f"pdf=True needs the tex format, got formats {formats!r}")
    exercises = make_exercises(results, entries, seed=seed, mode=mode, timeout=timeout, cache=cache)
    documents = render_exercises(exercises, formats=parsed, templates=templates)
    written = []
    for name, text in documents.items():
        path = Path(out_dir) / name
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    if pdf:
        from ._pdf import build_pdfs

        written += build_pdfs([p for p in written if p.suffix == ".tex"])
    return written
