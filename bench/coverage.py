"""The families' coverage table: torch's KL pairs, symkl's closed forms, agreement, timings.

Run ``python bench/coverage.py`` (needs torch; scipy optional) to regenerate ``docs/coverage.md``
(its last section, which pairs are proved against the definition, is ``bench/prove_pairs.py``'s).
``python bench/coverage.py --check`` recomputes, without torch, the columns that come from symkl
alone (which pairs and entropies have a closed form, the pairs beyond torch) and compares them
with the committed table; the test suite runs that check.
"""

from __future__ import annotations

import math
import signal
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import sympy

import symkl
from symkl import families as fam
from symkl._registry import entropy_closed_form, kl_closed_form
from symkl.measures import Measure

DOC = Path(__file__).resolve().parent.parent / "docs" / "coverage.md"
#: random parameter draws per pair and per entropy (``--draws N`` on the command line)
DRAWS = 4
Draw = Callable[[np.random.Generator], tuple[float, ...]]


def _pos(rng: np.random.Generator, lo: float = 0.2, hi: float = 5.0) -> float:
    return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))


def _unit(rng: np.random.Generator) -> tuple[float, ...]:
    return (float(rng.uniform(0.02, 0.98)),)


def _loc_scale(rng: np.random.Generator) -> tuple[float, ...]:
    return float(rng.uniform(-3, 3)), _pos(rng)


#: scalar families: name → (draw, symkl constructor, torch constructor name and keyword style)
SCALAR: dict[str, tuple[Draw, Callable[..., Any]]] = {
    "Normal": (_loc_scale, fam.Normal),
    "Laplace": (_loc_scale, fam.Laplace),
    "Gumbel": (_loc_scale, fam.Gumbel),
    "Cauchy": (_loc_scale, fam.Cauchy),
    "LogNormal": (_loc_scale, fam.LogNormal),
    "Exponential": (lambda r: (_pos(r),), fam.Exponential),
    "HalfNormal": (lambda r: (_pos(r),), fam.HalfNormal),
    "HalfCauchy": (lambda r: (_pos(r),), fam.HalfCauchy),
    "Chi2": (lambda r: (_pos(r, 0.5, 10),), fam.Chi2),
    "Poisson": (lambda r: (_pos(r),), fam.Poisson),
    "Gamma": (lambda r: (_pos(r), _pos(r)), fam.Gamma),
    "Beta": (lambda r: (_pos(r), _pos(r)), fam.Beta),
    "Kumaraswamy": (lambda r: (_pos(r), _pos(r)), fam.Kumaraswamy),
    "Weibull": (lambda r: (_pos(r), _pos(r, 0.5, 5)), fam.Weibull),
    "Pareto": (lambda r: (_pos(r, 0.2, 2), _pos(r, 0.5, 6)), fam.Pareto),
    "Uniform": (
        lambda r: (lambda lo: (lo, lo + _pos(r, 0.5, 4)))(float(r.uniform(-2, 3))),
        fam.Uniform,
    ),
    "StudentT": (lambda r: (_pos(r, 0.5, 10), float(r.uniform(-3, 3)), _pos(r)), fam.StudentT),
    "VonMises": (lambda r: (float(r.uniform(-3, 3)), _pos(r)), fam.VonMises),
    "ContinuousBernoulli": (_unit, fam.ContinuousBernoulli),
    "Bernoulli": (_unit, fam.Bernoulli),
    "Geometric": (_unit, fam.Geometric),
    "Binomial": (lambda r: (10.0, float(r.uniform(0.02, 0.98))), fam.Binomial),
    "NegativeBinomial": (
        lambda r: (_pos(r, 0.5, 8), float(r.uniform(0.02, 0.9))),
        fam.NegativeBinomial,
    ),
}
#: torch's vector pairs, compared in tests/test_families_torch.py
VECTOR = {
    ("Categorical", "Categorical"),
    ("Dirichlet", "Dirichlet"),
    ("MultivariateNormal", "MultivariateNormal"),
    ("OneHotCategorical", "OneHotCategorical"),
    ("LowRankMultivariateNormal", "LowRankMultivariateNormal"),
    ("LowRankMultivariateNormal", "MultivariateNormal"),
    ("MultivariateNormal", "LowRankMultivariateNormal"),
    ("Independent", "Independent"),
}
GENERIC = {
    ("ExponentialFamily", "ExponentialFamily"),
    ("TransformedDistribution", "TransformedDistribution"),
}


def _build(name: str, values: tuple[float, ...]) -> Any:
    ctor = SCALAR[name][1]
    if name == "Binomial":
        return ctor(int(values[0]), sympy.Float(values[1]))
    return ctor(*(sympy.Float(v) for v in values))


class _TooSlowError(Exception):
    pass


def _limited(fn: Callable[[], Any], seconds: int = 20) -> Any:
    """fn() or _TooSlowError after ``seconds`` (the table then says so)."""

    def stop(*_: object) -> None:
        raise _TooSlowError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return fn()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _closed(expr: sympy.Expr | None) -> bool:
    return expr is not None and not expr.has(sympy.Integral, Measure)


def _draws(
    first: str, second: str, salt: str = ""
) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    rng = np.random.default_rng(zlib.crc32(f"{first}|{second}{salt}".encode()))
    return [(SCALAR[first][0](rng), SCALAR[second][0](rng)) for _ in range(DRAWS)]


def _warm_up(pairs: list[tuple[str, str]]) -> None:
    """One untimed KL per pair at other parameters: the timings are then those of a process that
    has met the pair before (the first call of a code path pays SymPy's caches and lazy imports,
    ~0.1 s, which the table would otherwise report as the pair's cost)."""
    for first, second in pairs:
        vp, vq = _draws(first, second, salt="|warm-up")[0]
        try:
            kl = symkl.kl_divergence(_build(first, vp), _build(second, vq))
            _limited(lambda kl=kl: _value(kl.doit()))
        except (symkl.SymklError, _TooSlowError):
            pass


def kl_has_closed_form(first: str, second: str) -> bool:
    """symkl returns a closed form (no integral left) for KL(first ‖ second) at random draws."""
    if (first, second) in VECTOR:
        return True  # checked against torch in tests/test_families_torch.py
    if first not in SCALAR or second not in SCALAR:
        return False
    vp, vq = _draws(first, second)[0]
    try:
        return _closed(_limited(lambda: kl_closed_form(_build(first, vp), _build(second, vq))))
    except (symkl.SymklError, _TooSlowError):
        return False


def entropy_has_closed_form(name: str) -> bool:
    """symkl returns a closed entropy for the family at a random draw."""
    values = SCALAR[name][0](np.random.default_rng(5))
    return _closed(entropy_closed_form(_build(name, values)))


def symkl_side(torch_pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Everything the table says that comes from symkl alone."""
    covered = {pair: kl_has_closed_form(*pair) for pair in torch_pairs}
    extra = sorted(
        (a, b) for a in SCALAR for b in SCALAR if (a, b) not in covered and kl_has_closed_form(a, b)
    )
    entropies = {name: entropy_has_closed_form(name) for name in sorted(SCALAR)}
    return {"covered": covered, "extra": extra, "entropies": entropies}


def _value(expr: sympy.Expr) -> float:
    value = sympy.N(expr, 20)
    return math.inf if value in (sympy.oo, sympy.zoo) else float(value)


def _relative(ours: float, theirs: float) -> float:
    if math.isinf(theirs) or math.isinf(ours):
        return 0.0 if ours == theirs else math.inf
    return abs(ours - theirs) / max(1e-300, abs(theirs))


def _torch_dist(torch: Any, name: str, values: tuple[float, ...]) -> Any:
    d = torch.distributions
    t = [torch.tensor(v, dtype=torch.float64) for v in values]
    if name in ("Bernoulli", "Geometric", "ContinuousBernoulli"):
        return getattr(d, name)(probs=t[0])
    if name in ("Binomial", "NegativeBinomial"):
        return getattr(d, name)(t[0], probs=t[1])
    if name == "Pareto":
        return d.Pareto(t[0], t[1])
    if name == "Weibull":
        return d.Weibull(t[0], t[1])
    return getattr(d, name)(*t)


def measure() -> dict[str, Any]:
    """Compare with torch (and scipy's entropies), time every .doit(); needs torch."""
    import torch

    pairs = sorted((p.__name__, q.__name__) for p, q in torch.distributions.kl._KL_REGISTRY)
    side = symkl_side(pairs)
    errors: dict[tuple[str, str], float] = {}
    slowest = (0.0, "")
    _warm_up([p for p, ok in side["covered"].items() if ok and p not in VECTOR])
    for pair, ok in side["covered"].items():
        if not ok or pair in VECTOR:
            continue
        worst = 0.0
        for vp, vq in _draws(*pair):
            start = time.process_time()  # CPU: wall time on a loaded machine is noise
            kl = symkl.kl_divergence(_build(pair[0], vp), _build(pair[1], vq))
            try:
                ours = _limited(lambda kl=kl: _value(kl.doit()))
            except _TooSlowError:
                ours = math.nan
            took = time.process_time() - start
            slowest = max(slowest, (took, f"KL({pair[0]} ‖ {pair[1]})"))
            theirs = float(
                torch.distributions.kl_divergence(
                    _torch_dist(torch, pair[0], vp), _torch_dist(torch, pair[1], vq)
                )
            )
            worst = max(worst, _relative(ours, theirs))
        errors[pair] = worst
    entropy_errors: dict[str, float] = {}
    for name, ok in side["entropies"].items():
        if not ok:
            continue
        rng = np.random.default_rng(7)
        worst = 0.0
        for _ in range(DRAWS):
            values = SCALAR[name][0](rng)
            start = time.process_time()
            ours = _value(symkl.entropy(_build(name, values)).doit())
            slowest = max(slowest, (time.process_time() - start, f"H({name})"))
            try:
                theirs = float(_torch_dist(torch, name, values).entropy())
            except NotImplementedError:
                worst = math.nan
                break
            worst = max(worst, _relative(ours, theirs))
        entropy_errors[name] = worst
    return {
        "pairs": pairs,
        **side,
        "errors": errors,
        "entropy_errors": entropy_errors,
        "slowest": slowest,
    }


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def render(data: dict[str, Any]) -> str:
    """The Markdown table."""
    pairs, covered = data["pairs"], data["covered"]
    real = [p for p in pairs if p not in GENERIC]
    n_cov = sum(covered[p] for p in real)
    finite = [e for e in data["errors"].values() if not math.isnan(e)]
    ent = data["entropies"]
    ent_err = [e for e in data["entropy_errors"].values() if not math.isnan(e)]
    matching = sum(e <= 1e-9 for e in finite) + len(VECTOR & set(real))
    lines = [
        "# Coverage of torch.distributions",
        "",
        "Generated by `python bench/coverage.py` (torch 2.13.0); `python bench/coverage.py",
        "--check` verifies the symkl columns without torch. Errors are the largest relative",
        f"difference between symkl's `.doit()` and torch over {DRAWS} random parameter draw(s).",
        "",
        "| | |",
        "|---|---|",
        f"| torch KL pairs | {len(pairs)} ({len(GENERIC)} are torch's generic base classes) |",
        f"| covered by a symkl closed form | {n_cov} of {len(real)} |",
        f"| matching torch (≤ 1e-9 relative) | {matching} |",
        f"| max relative error against torch, KL | {max(finite):.1e} |",
        f"| extra pairs beyond torch | {len(data['extra'])} |",
        f"| entropies in closed form | {sum(ent.values())} of {len(ent)} scalar families |",
        f"| max relative error against torch, entropy | {max(ent_err):.1e} |",
        f"| slowest `.doit()`, CPU time (with `N()`, after a warm-up at other parameters) | "
        f"{data['slowest'][0]:.2f} s, {data['slowest'][1]} |",
        "",
        "## torch's KL pairs",
        "",
        "| p | q | symkl | max rel. error |",
        "|---|---|---|---|",
    ]
    for p in pairs:
        err = data["errors"].get(p)
        shown = "vector pair (tests)" if p in VECTOR else ("–" if err is None else f"{err:.1e}")
        lines.append(f"| {p[0]} | {p[1]} | {_yes(covered[p])} | {shown} |")
    lines += ["", "## Extra pairs (closed form in symkl, not registered in torch)", ""]
    lines += [f"- {a} ‖ {b}" for a, b in data["extra"]]
    lines += [
        "",
        "## Entropies",
        "",
        "| family | symkl | max rel. error vs torch |",
        "|---|---|---|",
    ]
    for name, ok in ent.items():
        err = data["entropy_errors"].get(name)
        shown = "–" if err is None else ("torch has none" if math.isnan(err) else f"{err:.1e}")
        lines.append(f"| {name} | {_yes(ok)} | {shown} |")
    return "\n".join(lines) + "\n"


#: the section bench/prove_pairs.py writes (kept when the table is regenerated)
PROVED = "## Proved against the definition"


def proved_section(path: Path = DOC) -> str:
    """The committed "proved against the definition" section, with its blank line before."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return "\n" + PROVED + text.split(PROVED, 1)[1] if PROVED in text else ""


def check(path: Path = DOC) -> list[str]:
    """Differences between the committed table's symkl columns and symkl now (empty: current)."""
    text = path.read_text(encoding="utf-8")
    problems = []
    section = text.split("## torch's KL pairs")[1].split("## Extra pairs")[0]
    pairs = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[2] in ("yes", "no"):
            pairs.append(((cells[0], cells[1]), cells[2] == "yes"))
    side = symkl_side([p for p, _ in pairs])
    for pair, said in pairs:
        if side["covered"][pair] != said:
            problems.append(f"KL{pair}: table says {_yes(said)}, symkl now {_yes(not said)}")
    extra_said = [
        tuple(line[2:].split(" ‖ "))
        for line in text.split("## Extra pairs")[1].split("## Entropies")[0].splitlines()
        if line.startswith("- ")
    ]
    if sorted(extra_said) != side["extra"]:
        problems.append(
            f"extra pairs: table lists {len(extra_said)}, symkl now {len(side['extra'])}"
        )
    for line in text.split("## Entropies")[1].splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        known = len(cells) == 3 and cells[1] in ("yes", "no") and cells[0] in side["entropies"]
        if known and side["entropies"][cells[0]] != (cells[1] == "yes"):
            problems.append(f"H({cells[0]}): table says {cells[1]}")
    return problems


if __name__ == "__main__":
    if "--check" in sys.argv:
        found = check()
        print("\n".join(found) or "docs/coverage.md is current")
        sys.exit(1 if found else 0)
    if "--draws" in sys.argv:
        DRAWS = int(sys.argv[sys.argv.index("--draws") + 1])
    DOC.write_text(render(measure()) + proved_section(), encoding="utf-8")
    print(f"wrote {DOC}")
