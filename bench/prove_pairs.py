"""Every KL pair torch registers, and every family entropy, proved against the definition.

Run: ``python bench/prove_pairs.py`` (``--only NAME`` to run the pairs/entropies whose name
contains NAME; ``--write`` also rewrites the "Proved against the definition" section of
``docs/coverage.md``). Each pair is built with SYMBOLIC parameters carrying their domains (a scale
``positive=True``, a location ``real=True``; a probability ≤ 1 and Uniform's low < high are the
families' own domain facts, listed in each proof's assumptions), and ``symkl.prove`` is asked
``Eq(KL, KL.doit())`` with a 60 s timeout. The vector families use a fixed small dimension
(2 or 3) with symbolic entries. Prints ``name: verdict method seconds`` per claim and a summary
(counts per verdict, CPU seconds of this process and its forked workers). torch is not needed:
the pairs are those of the committed coverage table (torch 2.13.0's registry).
"""

from __future__ import annotations

import importlib.util
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import sympy
from sympy import Eq, Matrix, Symbol

import symkl
from symkl import families as fam
from symkl.families._base import Domain


def _coverage() -> ModuleType:
    """bench/coverage.py by path (bench/ is no package; ``coverage`` is also a PyPI name)."""
    where = Path(__file__).resolve().parent / "coverage.py"
    spec = importlib.util.spec_from_file_location("coverage_table", where)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_TABLE = _coverage()
DOC: Path = _TABLE.DOC
GENERIC: set[tuple[str, str]] = _TABLE.GENERIC
SCALAR: dict[str, Any] = _TABLE.SCALAR

#: seconds each claim may take (symkl.prove's worker is stopped after it: UNDECIDED, "timeout")
TIMEOUT = 60.0
#: total_count of Binomial, shared by every member (torch's Binomial KL needs equal counts)
COUNT = Symbol("n", integer=True, positive=True)


#: why a claim is not PROVED, as far as it is known (written next to it in docs/coverage.md)
REASONS: dict[str, str] = {}


def scalar(name: str, suffix: str) -> Any:
    """The family ``name`` with one symbol per parameter, carrying the parameter's domain."""
    ctor = SCALAR[name][1]
    args: list[sympy.Expr] = []
    for spec in ctor.params:
        if spec.count:
            args.append(COUNT)
        elif spec.domain is Domain.REAL:
            args.append(Symbol(f"{spec.name}{suffix}", real=True))
        else:  # POSITIVE, or UNIT: (0, 1], the bound 1 is the family's domain fact
            args.append(Symbol(f"{spec.name}{suffix}", positive=True))
    if name == "NegativeBinomial":  # torch has no NegativeBinomial pair; one total_count
        args[0] = Symbol("total_count", positive=True)
    return ctor(*args)


def _pos(name: str) -> Symbol:
    return Symbol(name, positive=True)


def _real(name: str) -> Symbol:
    return Symbol(name, real=True)


def _mvn(s: str) -> Any:
    return fam.MultivariateNormal(
        [_real(f"mu{s}1"), _real(f"mu{s}2")], Matrix([[_pos(f"v{s}1"), 0], [0, _pos(f"v{s}2")]])
    )


def _low_rank(s: str) -> Any:
    return fam.LowRankMultivariateNormal(
        [_real(f"mu{s}1"), _real(f"mu{s}2")],
        [[_real(f"w{s}1")], [_real(f"w{s}2")]],
        [_pos(f"d{s}1"), _pos(f"d{s}2")],
    )


#: the vector families at dimension 2 (3 for the simplex families), symbolic entries
VECTOR_BUILD: dict[str, Callable[[str], Any]] = {
    "Categorical": lambda s: fam.Categorical([_pos(f"p{s}{i}") for i in range(1, 4)]),
    "OneHotCategorical": lambda s: fam.OneHotCategorical([_pos(f"p{s}{i}") for i in range(1, 4)]),
    "Dirichlet": lambda s: fam.Dirichlet([_pos(f"c{s}{i}") for i in range(1, 4)]),
    "MultivariateNormal": _mvn,
    "LowRankMultivariateNormal": _low_rank,
    "Independent": lambda s: fam.Independent(
        [fam.Normal(_real(f"loc{s}{i}"), _pos(f"scale{s}{i}")) for i in (1, 2)]
    ),
}


def build(name: str, suffix: str) -> Any:
    """A symbolic member of the family ``name`` (scalar or vector)."""
    return VECTOR_BUILD[name](suffix) if name in VECTOR_BUILD else scalar(name, suffix)


def torch_pairs(path: Path = DOC) -> list[tuple[str, str]]:
    """torch's KL pairs as the committed coverage table lists them (without the generic ones)."""
    section = path.read_text(encoding="utf-8").split("## torch's KL pairs")[1]
    pairs = []
    for line in section.split("## Extra pairs")[0].splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[2] in ("yes", "no"):
            pairs.append((cells[0], cells[1]))
    return [p for p in pairs if p not in GENERIC]


def claims() -> list[tuple[str, object]]:
    """(name, Eq(measure, closed form)) for every torch pair, then every family's entropy."""
    out: list[tuple[str, object]] = []
    for first, second in torch_pairs():
        kl = symkl.kl_divergence(build(first, "1"), build(second, "2"))
        out.append((f"KL({first} ‖ {second})", Eq(kl, kl.doit(), evaluate=False)))
    for name in [*sorted(SCALAR), *sorted(VECTOR_BUILD)]:
        h = symkl.entropy(build(name, "1"))
        out.append((f"H({name})", Eq(h, h.doit(), evaluate=False)))
    return out


def cpu() -> float:
    """CPU seconds (user + system) of this process and its reaped children."""
    own = time.process_time()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + kids.ru_utime + kids.ru_stime


def run(only: str = "") -> dict[str, tuple[str, str, float]]:
    """name → (verdict, method, CPU seconds) for the selected claims, printed as they finish."""
    results = {}
    for name, relation in claims():
        if only not in name:
            continue
        start = cpu()
        proof = symkl.prove(relation, timeout=TIMEOUT)
        took = cpu() - start
        results[name] = (proof.verdict.value, proof.method, took)
        print(f"{name}: {proof.verdict.value} {proof.method} {took:.1f}", flush=True)
    return results


def section(results: dict[str, tuple[str, str, float]]) -> str:
    """The Markdown section the coverage table carries (no timings or sample counts: they vary
    from run to run, the verdicts do not)."""
    pairs = {k: v for k, v in results.items() if k.startswith("KL(")}
    entropies = {k: v for k, v in results.items() if k.startswith("H(")}
    lines = [
        _TABLE.PROVED,
        "",
        "Generated by `python bench/prove_pairs.py --write`: each closed form `.doit()` returns,",
        "with symbolic parameters (vector families at dimension 2 or 3), given to `symkl.prove`",
        f"as `Eq(measure, closed form)` with a {TIMEOUT:.0f} s timeout.",
        "",
        "| claims | proved | checked | other |",
        "|---|---|---|---|",
    ]
    for label, group in (("torch KL pairs", pairs), ("entropies", entropies)):
        verdicts = [v[0] for v in group.values()]
        proved, checked = verdicts.count("proved"), verdicts.count("checked")
        other = len(verdicts) - proved - checked
        lines.append(f"| {len(verdicts)} {label} | {proved} | {checked} | {other} |")
    lines += ["", "Not proved:", ""]
    lines += [
        f"- {k}: {v[0]} ({v[1].split(' (')[0]}){': ' + REASONS[k] if k in REASONS else ''}"
        for k, v in results.items()
        if v[0] != "proved"
    ] or ["- none"]
    return "\n".join(lines) + "\n"


def write(results: dict[str, tuple[str, str, float]], path: Path = DOC) -> None:
    """Replace (or append) the section in ``docs/coverage.md``."""
    text = path.read_text(encoding="utf-8")
    head = text.split(_TABLE.PROVED)[0].rstrip("\n") + "\n\n"
    path.write_text(head + section(results), encoding="utf-8")


def main(argv: list[str]) -> None:
    only = argv[argv.index("--only") + 1] if "--only" in argv else ""
    start = cpu()
    results = run(only)
    seconds = cpu() - start
    verdicts = [v[0] for v in results.values()]
    counts = ", ".join(f"{v} {verdicts.count(v)}" for v in sorted(set(verdicts)))
    print(f"summary: {len(results)} claims: {counts}; CPU {seconds:.1f} s")
    if "--write" in argv and not only:
        write(results)
        print(f"wrote {DOC}")


if __name__ == "__main__":
    main(sys.argv[1:])
