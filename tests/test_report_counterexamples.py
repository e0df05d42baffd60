"""Every counterexample printed in the committed reports, re-evaluated at 50 digits: it violates its
claim, and the printed sides are the claim's own.

The printed values are read back from ``reports/*.md``. A table that shows only some variables
("… and 2 more") is completed from symkl's proof of the same entry, after checking that the
proof's values are the ones printed. (In)equalities are judged by the independent oracle
(:mod:`_oracle`); a gradient counterexample by differentiating both sides; an argmin one by
evaluating both objectives at its two points.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _oracle
import mpmath
import pytest
import sympy
from _catalog_run import CATALOG
from _oracle_eval import _Compiler

import symkl
from symkl.derivation import Claim, Derivation
from symkl.measures import Measure
from symkl.report._escape import format_number

REPORTS = Path(__file__).resolve().parent.parent / "reports"
#: Printed values have 10 significant digits: sides agree with the exact ones to this.
PRINTED_TOLERANCE = 1e-6
#: Counterexamples that are not points: a proof that the gradients are equal (the claim said they
#: differ), a score equation at a claimed estimate. Listed, so a new kind cannot slip by.
NOT_POINTS = {"DifferentGradient", "Maximizer"}


@dataclass
class Printed:
    """One counterexample table of one report."""

    report: str
    entry: str
    step: int | None
    rows: list[tuple[str, str]] = field(default_factory=list)
    more: int = 0
    lhs: str = ""
    rhs: str = ""


def _key(cell: str) -> str:
    """The variable's name from its printed form: ``$p_{1}$`` → p_1, ``$\\text{p\\_1 (a)}$``."""
    inner = cell.strip().strip("$")
    text = re.fullmatch(r"\\text\{(.*)\}", inner)
    if text:
        return text.group(1).replace("\\_", "_").replace("\\ ", " ")
    return re.sub(r"_\{([^}]*)\}", r"_\1", inner)


def printed_counterexamples() -> list[Printed]:
    """Every counterexample table in reports/*.md."""
    found: list[Printed] = []
    for path in sorted(REPORTS.glob("*.md")):
        entry = ""
        current: Printed | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            named = re.fullmatch(r"\| Entry \| (.*) \|", line)
            if named:
                entry = named.group(1).replace("\\", "")
            heading = re.fullmatch(r"## Counterexample(?: to step \((\d+)\))?", line)
            if heading:
                step = int(heading.group(1)) if heading.group(1) else None
                current = Printed(path.name, entry, step)
                found.append(current)
                continue
            if current is None:
                continue
            if line.startswith("## "):
                current = None
                continue
            row = re.fullmatch(r"\|(.*?)\|(.*)\|", line)
            if not row or row.group(1).strip() in ("Variable", "Side", "---"):
                continue
            name, value = (cell.strip() for cell in row.groups())
            more = re.fullmatch(r"… and (\d+) more variables", name)
            if more:
                current.more = int(more.group(1))
            elif name == "**left-hand side**":
                current.lhs = value
            elif name == "**right-hand side**":
                current.rhs = value
            else:
                current.rows.append((_key(name), value))
    return found


PRINTED = printed_counterexamples()
ENTRIES = {e.name: e for e in CATALOG.entries}  # loaded once per session


def _number(text: str) -> Any:
    """A printed value as a 50-digit number (0.294 exactly, not its binary neighbour)."""
    try:
        with mpmath.workdps(_oracle.DPS):
            return +mpmath.mpf(text)
    except (ValueError, TypeError):
        return text


def _relation_and_facts(printed: Printed) -> tuple[Any, tuple[sympy.Basic, ...], object]:
    """The printed entry's relation (or step), its facts, and the goal symkl proves."""
    entry = ENTRIES[printed.entry]
    if isinstance(entry, Claim):
        return entry.relation, tuple(entry.where), entry.goal()
    assert isinstance(entry, Derivation)
    assert printed.step is not None
    k = printed.step - 1
    return entry.step_relations()[k], tuple(entry.where), entry.step_goals()[k]


def _point(printed: Printed, goal: object) -> dict[str, Any]:
    """The printed values; when some are not shown, symkl's own (checked against the shown)."""
    if not printed.more:
        return {k: _number(v) for k, v in printed.rows}
    proof = symkl.prove(goal)
    example = dict(proof.counterexample or {})
    shown = {k: format_number(v) for k, v in example.items() if k not in ("lhs", "rhs")}
    for key, value in printed.rows:
        assert shown.get(key) == value, (
            f"{printed.report}: printed {key} = {value}, symkl finds {shown.get(key)}: "
            "regenerate the reports"
        )
    return {k: v for k, v in example.items() if k not in ("lhs", "rhs")}


def _close(printed: str, exact: Any) -> bool:
    value = _number(printed)
    if isinstance(value, str):
        return False
    if mpmath.isinf(exact) or mpmath.isinf(value):
        return bool(exact == value)
    return bool(abs(exact - value) <= PRINTED_TOLERANCE * (1 + abs(exact)))


def _at_measure(expr: sympy.Expr, point: dict[str, Any]) -> Any:
    """``expr`` (measures included, 0·log 0 = 0) at ``point`` with the oracle's evaluator."""
    names = {str(s): s for s in expr.free_symbols}
    env = {names[k]: mpmath.mpf(v) for k, v in point.items() if k in names}
    with mpmath.workdps(_oracle.DPS):
        return _Compiler({}).compile(expr)(env)


def _at(expr: sympy.Expr, point: dict[str, Any]) -> Any:
    """``expr`` at ``point`` (names → numbers) at 50 digits."""
    names = {str(s): s for s in expr.free_symbols}
    values = {names[k]: sympy.Float(mpmath.nstr(v, 60), 60) for k, v in point.items() if k in names}
    assert set(values) == set(expr.free_symbols), f"{expr}: no value for some of {names}"
    with mpmath.workdps(_oracle.DPS):
        return mpmath.mpf(sympy.N(expr.xreplace(values), _oracle.DPS))


def _plain(expr: sympy.Expr) -> sympy.Expr:
    return expr.doit() if expr.has(Measure) else expr


def test_the_reports_print_counterexamples() -> None:
    """The parser finds the committed counterexamples (a format change must not empty the test)."""
    assert len(PRINTED) >= 10, [p.report for p in PRINTED]
    assert any(p.more for p in PRINTED), "no truncated table: the completion path is untested"
    assert all(p.entry in ENTRIES for p in PRINTED), [p.entry for p in PRINTED]


@pytest.mark.slow
@pytest.mark.parametrize("printed", PRINTED, ids=[p.report for p in PRINTED])
def test_a_printed_counterexample_violates_its_claim(printed: Printed) -> None:
    """At 50 digits the printed point violates the claim, and the printed sides are its own."""
    relation, where, goal = _relation_and_facts(printed)
    kind = type(relation).__name__
    if kind in NOT_POINTS:
        pytest.skip(f"a {kind} counterexample is not a point")
    point = _point(printed, goal)
    if isinstance(relation, (sympy.Eq, sympy.Ge, sympy.Gt, sympy.Le, sympy.Lt)):
        lhs, rhs, violated = _oracle.evaluate_at(relation, point, where)
        assert violated, f"{printed.report}: lhs = {lhs}, rhs = {rhs} at {point} hold the claim"
    elif kind == "SameGradient":
        component = sympy.Symbol(str(point.pop("component")))
        names = {str(s): s for s in relation.wrt}
        wrt = names.get(str(component), component)
        lhs, rhs = (_at(sympy.diff(_plain(s), wrt), point) for s in (relation.lhs, relation.rhs))
        assert abs(lhs - rhs) > mpmath.mpf(10) ** -30 * (1 + abs(lhs)), (lhs, rhs)
    elif kind == "SameArgmin":
        values = {
            label: {
                k[: -len(f" ({label})")]: v for k, v in point.items() if k.endswith(f"({label})")
            }
            for label in ("a", "b")
        }
        shared = {k: v for k, v in point.items() if not k.endswith((" (a)", " (b)"))}
        shared = {k: v for k, v in shared.items() if not k.startswith(("lhs(", "rhs("))}
        fa, fb, ga, gb = (
            _at_measure(e, {**shared, **values[label]})
            for e in (relation.lhs, relation.rhs)
            for label in ("a", "b")
        )
        assert (fa < fb and ga > gb) or (fa > fb and ga < gb) or ((fa == fb) != (ga == gb)), (
            f"{printed.report}: the two objectives order the points alike ({fa}, {fb}; {ga}, {gb})"
        )
        for label, exact in (("lhs(a)", fa), ("lhs(b)", fb), ("rhs(a)", ga), ("rhs(b)", gb)):
            shown = dict(printed.rows).get(label)
            assert shown is None or _close(shown, exact), (label, shown, exact)
        return
    else:
        pytest.fail(f"{printed.report}: no way to evaluate a {kind} counterexample")
    assert _close(printed.lhs, lhs), f"{printed.report}: printed lhs {printed.lhs}, exact {lhs}"
    assert _close(printed.rhs, rhs), f"{printed.report}: printed rhs {printed.rhs}, exact {rhs}"
    assert not math.isnan(float(lhs))
    assert not math.isnan(float(rhs))
