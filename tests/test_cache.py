"""Tests of symkl.cache: where it lives, what it keys on, and that it never breaks a run."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest
import sympy

from symkl import cache as cache_module
from symkl.cache import ProofCache, cache_dir, relation_key
from symkl.prover import Proof, Verdict

x = sympy.Symbol("x", positive=True)
y = sympy.Symbol("y", positive=True)
REL = sympy.Eq(sympy.log(x * y), sympy.log(x) + sympy.log(y), evaluate=False)
PROOF = Proof(
    Verdict.REFUTED,
    "counterexample",
    {"x": 0.25, "n": 2, "lhs": 1.5, "rhs": "nan"},
    0.125,
    ("each probability is in (0, 1]", "Σ p = 1"),
    "confirmed at 50 digits with mpmath",
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SYMKL_CACHE_DIR": "/c/explicit", "XDG_CACHE_HOME": "/c/xdg"}, "/c/explicit"),
        ({"XDG_CACHE_HOME": "/c/xdg"}, "/c/xdg/symkl"),
        ({"HOME": "/c/home"}, "/c/home/.cache/symkl"),
    ],
)
def test_cache_dir_precedence(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SYMKL_CACHE_DIR wins over XDG_CACHE_HOME, which wins over ~/.cache."""
    for name in ("SYMKL_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache_dir() == Path(expected)


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    """A stored proof comes back equal, counterexample and assumptions included."""
    cache = ProofCache(tmp_path)
    assert cache.get(REL) is None
    cache.put(REL, PROOF)
    assert cache.get(REL) == PROOF
    assert ProofCache(tmp_path).get(REL) == PROOF  # a new process sees it too


def test_key_includes_symbol_assumptions(tmp_path: Path) -> None:
    """The same text with different assumptions is a different claim, so a miss."""
    cache = ProofCache(tmp_path)
    cache.put(REL, PROOF)
    a, b = sympy.symbols("x y")  # no positivity: log(x*y) = log x + log y is false
    assert (
        cache.get(sympy.Eq(sympy.log(a * b), sympy.log(a) + sympy.log(b), evaluate=False)) is None
    )


def test_key_includes_settings_and_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other prover settings or another symkl/SymPy fingerprint miss the stored proof."""
    ProofCache(tmp_path).put(REL, PROOF)
    assert ProofCache(tmp_path, settings="samples=10").get(REL) is None
    monkeypatch.setattr(cache_module, "_FINGERPRINT", "another version")
    assert ProofCache(tmp_path).get(REL) is None


@pytest.mark.parametrize(
    "method", ["timeout", "memory limit", "worker crashed", "worker hung", "error"]
)
def test_transient_results_are_not_stored(tmp_path: Path, method: str) -> None:
    """A verdict that reflects a time limit or a crash is not cached."""
    cache = ProofCache(tmp_path)
    cache.put(REL, Proof(Verdict.UNDECIDED, method))
    assert cache.get(REL) is None


@pytest.mark.parametrize(
    "garbage", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 400, b""]
)
def test_corrupt_file_is_rebuilt(tmp_path: Path, garbage: bytes) -> None:
    """A corrupt cache file is replaced by a fresh one, never an error."""
    (tmp_path / "proofs.sqlite3").write_bytes(garbage)
    cache = ProofCache(tmp_path)
    assert cache.get(REL) is None
    cache.put(REL, PROOF)
    assert cache.get(REL) == PROOF


def test_unreadable_row_is_a_miss(tmp_path: Path) -> None:
    """A row whose JSON does not decode is treated as absent, then overwritten."""
    cache = ProofCache(tmp_path)
    cache.put(REL, PROOF)
    with sqlite3.connect(tmp_path / "proofs.sqlite3") as db:
        db.execute("UPDATE proofs SET proof = '{not json'")
    assert cache.get(REL) is None
    cache.put(REL, PROOF)
    assert cache.get(REL) == PROOF


def test_unusable_folder_disables_the_cache(tmp_path: Path) -> None:
    """A cache folder that cannot be created means no caching, not a crash."""
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    cache = ProofCache(blocker / "cache")
    cache.put(REL, PROOF)
    assert cache.get(REL) is None


@dataclasses.dataclass(frozen=True)
class _Pair:
    f: sympy.Expr
    wrt: tuple[sympy.Symbol, ...]


class _Keyed:
    def _symkl_cache_key_(self) -> str:
        return "k1"


class _ProvesItself:
    def _symkl_prove_(self) -> Proof:
        return PROOF

    def key(self) -> str:
        return "k2"


class _KeyOnly:
    def key(self) -> str:  # a key() without _symkl_prove_ is not a relation's key
        return "k3"


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        (sympy.Eq(x, 1, evaluate=False), "Equality(Symbol('x', positive=True), Integer(1))"),
        (_Pair(x + 1, (x,)), "_Pair((Add(Symbol('x', positive=True), Integer(1)), "
                             "(Symbol('x', positive=True),)))"),
        (_Keyed(), "_Keyed:k1"),
        (_ProvesItself(), "_ProvesItself:k2"),
        (_KeyOnly(), None),
        (object(), None),
    ],
)  # fmt: skip
def test_relation_key(relation: object, expected: str | None) -> None:
    """srepr for SymPy, fields for dataclasses, a custom key, else None (not cached)."""
    assert relation_key(relation) == expected


def test_optimize_relations_have_keys() -> None:
    """symkl.optimize relations are keyed by their key(), so they are cached."""
    optimize = pytest.importorskip("symkl.optimize")
    relation = optimize.SameArgmin(x**2, 2 * x**2, x)
    assert relation_key(relation) == f"SameArgmin:{relation.key()}"


def _writer(directory: str, start: int) -> None:
    cache = ProofCache(directory)
    for k in range(start, start + 25):
        cache.put(sympy.Eq(x, k, evaluate=False), Proof(Verdict.PROVED, f"m{k}"))
    os._exit(0)


def test_concurrent_writers_do_not_corrupt(tmp_path: Path) -> None:
    """Four processes writing at once leave every proof readable."""
    cache = ProofCache(tmp_path)
    cache.get(REL)  # the parent holds a connection across the fork, as the runner does
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(tmp_path), 25 * w)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [w.exitcode for w in workers] == [0] * 4
    methods = [cache.get(sympy.Eq(x, k, evaluate=False)) for k in range(100)]
    assert [m.method if m else None for m in methods] == [f"m{k}" for k in range(100)]


def test_clear_forgets_everything(tmp_path: Path) -> None:
    """clear() empties the cache."""
    cache = ProofCache(tmp_path)
    cache.put(REL, PROOF)
    cache.clear()
    assert cache.get(REL) is None
