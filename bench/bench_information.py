"""Each information-theory catalog entry: verdict, method and seconds to prove, as a table.

Run from the repository root: ``python bench/bench_information.py [module ...]`` (default: the
information modules of ``derivations/``, maximum entropy among them). Derivations report
each step.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import symkl


def _load(path: Path) -> object:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(entry: object) -> list[tuple[str, object]]:
    if isinstance(entry, symkl.Derivation):
        return [(f"{entry.name} step {k}", r) for k, r in enumerate(entry.step_relations(), 1)]
    assert isinstance(entry, symkl.Claim)
    return [(entry.name, entry.relation)]


def main(argv: list[str]) -> None:
    root = Path(__file__).resolve().parent.parent / "derivations"
    names = argv or ["information", "theorems", "maximum_entropy"]
    print("| entry | expected | verdict | method | seconds |\n|---|---|---|---|---|")
    for name in names:
        module = _load(root / f"{name}.py")
        for value in vars(module).values():
            if not isinstance(value, (symkl.Claim, symkl.Derivation)):
                continue
            for label, claim in _rows(value):
                start = time.perf_counter()
                proof = symkl.prove(claim, where=value.where)
                seconds = time.perf_counter() - start
                expected = getattr(value.expect, "value", value.expect)
                print(
                    f"| {label} | {expected} | {proof.verdict.value} | {proof.method} | "
                    f"{seconds:.1f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main(sys.argv[1:])
