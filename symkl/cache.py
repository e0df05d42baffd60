"""Proof results on disk, so a second ``symkl verify`` only looks its verdicts up.

One SQLite file in the user cache folder (``$SYMKL_CACHE_DIR``, else ``$XDG_CACHE_HOME/symkl``,
else ``~/.cache/symkl``). A result is keyed by the relation's structure (``sympy.srepr``), the
prover's settings, and the versions of symkl and SymPy plus a fingerprint of symkl's own source,
so a changed prover never serves a stale verdict. The cache is an optimisation only: a corrupt
or unreadable file is rebuilt or ignored, never an error::

    >>> import sympy
    >>> from symkl import Discrete, entropy
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> cache = ProofCache.default()
    >>> cache.get(sympy.Ge(entropy(p), 0)) is None
    True
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from ._sources import PACKAGE, verdict_sources
from ._version import __version__

__all__ = ["ProofCache", "cache_dir", "relation_key"]

#: Proofs with these methods depend on a time or memory limit or a process dying, not the claim.
_TRANSIENT_METHODS = frozenset(
    {"timeout", "memory limit", "worker crashed", "worker hung", "error"}
)
_FILE_NAME = "proofs.sqlite3"
#: Seconds a writer waits for another process's lock before giving up on caching that result.
_LOCK_TIMEOUT = 10.0


def cache_dir() -> Path:
    """The cache folder: ``$SYMKL_CACHE_DIR``, ``$XDG_CACHE_HOME/symkl`` or ``~/.cache/symkl``."""
    explicit = os.environ.get("SYMKL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "symkl"


_FINGERPRINT: str | None = None


def _fingerprint() -> str:
    """symkl and SymPy versions plus a hash of the source that decides verdicts
    (:func:`symkl._sources.verdict_sources`): a prover change is a new cache, an edit to the
    reports or the command line is not, and an editable install shares the cache of a wheel."""
    global _FINGERPRINT  # computed once per process; the source does not change under us
    if _FINGERPRINT is None:
        import sympy

        digest = hashlib.sha256(f"{__version__}|{sympy.__version__}".encode())
        for relative in verdict_sources():
            with contextlib.suppress(OSError):
                digest.update(relative.as_posix().encode())
                digest.update((PACKAGE / relative).read_bytes())
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT


def relation_key(relation: object) -> str | None:
    """A stable text for ``relation``'s structure, or None when it has none (then: not cached).

    SymPy objects use ``srepr`` (assumptions included). A relation with its own prover
    (:class:`~symkl.relations.SelfProving`, e.g. :class:`symkl.optimize.SameArgmin`) is keyed by
    its ``key()``, any object by its ``_symkl_cache_key_()``; a dataclass by its fields. Anything
    else is not cached, because a lossy repr could map two different claims to one verdict.
    """
    import sympy  # here, not at the top: importing the cache does not load SymPy

    from .relations import Goal, SelfProving

    if isinstance(relation, Goal):
        inner = relation_key(relation.relation)
        if inner is None:
            return None
        return f"Goal({inner}|where={sympy.srepr(sympy.Tuple(*relation.where))})"
    custom = getattr(relation, "_symkl_cache_key_", None)
    if not callable(custom) and isinstance(relation, SelfProving):
        custom = getattr(relation, "key", None)
    if callable(custom):
        return f"{type(relation).__qualname__}:{custom()}"
    if isinstance(relation, sympy.Basic):
        text: str = sympy.srepr(relation)
        return text
    if dataclasses.is_dataclass(relation) and not isinstance(relation, type):
        fields = [getattr(relation, f.name) for f in dataclasses.fields(relation)]
        return f"{type(relation).__qualname__}({sympy.srepr(tuple(fields))})"
    return None


def _encode(proof: Any) -> str:
    return json.dumps(
        {
            "verdict": proof.verdict.value,
            "method": proof.method,
            "counterexample": proof.counterexample,
            "seconds": proof.seconds,
            "assumptions": list(proof.assumptions),
            "detail": proof.detail,
        },
        default=str,  # an exotic counterexample value is kept as its text
    )


def _decode(text: str) -> Any:
    from ._proof import Proof, Verdict  # the verdict types, without loading the prover

    data = json.loads(text)
    return Proof(
        verdict=Verdict(data["verdict"]),
        method=str(data["method"]),
        counterexample=data["counterexample"],
        seconds=float(data["seconds"]),
        assumptions=tuple(data["assumptions"]),
        detail=str(data["detail"]),
    )


class ProofCache:
    """A key-value store of proofs in one SQLite file; every failure degrades to a cache miss."""

    def __init__(self, directory: Path | str, *, settings: str = "") -> None:
        self.directory = Path(directory)
        self.settings = settings
        self._connection: sqlite3.Connection | None = None
        self._pid = -1  # a connection must not cross a fork: reopen in each process
        self._disabled = False
        self._inherited: list[sqlite3.Connection] = []

    @classmethod
    def default(cls, *, settings: str = "") -> ProofCache:
        """The cache in :func:`cache_dir`."""
        return cls(cache_dir(), settings=settings)

    @property
    def path(self) -> Path:
        return self.directory / _FILE_NAME

    def _open(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT, isolation_level=None)
        try:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS proofs (key TEXT PRIMARY KEY, proof TEXT NOT NULL)"
            )
            connection.execute("SELECT COUNT(*) FROM proofs WHERE key = ''").fetchone()
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def _connect(self) -> sqlite3.Connection | None:
        if self._disabled:
            return None
        if self._connection is not None:
            if self._pid == os.getpid():
                return self._connection
            # Inherited through fork: closing it here could disturb the parent's locks, so keep
            # it referenced (workers leave by os._exit) and open a connection of our own.
            self._inherited.append(self._connection)
            self._connection = None
        try:
            self._connection = self._open()
        except sqlite3.DatabaseError:
            # Not a database (corrupt, truncated, something else): start afresh.
            try:
                self.path.unlink(missing_ok=True)
                self._connection = self._open()
            except (OSError, sqlite3.Error):
                self._disabled = True
                return None
        except (OSError, sqlite3.Error):
            self._disabled = True  # unwritable folder and the like: run without a cache
            return None
        self._pid = os.getpid()
        return self._connection

    def _key(self, relation: object) -> str | None:
        text = relation_key(relation)
        if text is None:
            return None
        material = f"{_fingerprint()}|{self.settings}|{text}"
        return hashlib.sha256(material.encode()).hexdigest()

    def get(self, relation: object) -> Any:
        """The cached :class:`~symkl.prover.Proof` of ``relation``, or None."""
        key = self._key(relation)
        connection = self._connect()
        if key is None or connection is None:
            return None
        try:
            row = connection.execute("SELECT proof FROM proofs WHERE key = ?", (key,)).fetchone()
            return None if row is None else _decode(row[0])
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None  # an unreadable row is a miss; the next put overwrites it

    def put(self, relation: object, proof: Any) -> None:
        """Store ``proof`` unless it only reflects a time limit or a crash."""
        if proof.method in _TRANSIENT_METHODS:
            return
        key = self._key(relation)
        connection = self._connect()
        if key is None or connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            connection.execute(
                "INSERT OR REPLACE INTO proofs (key, proof) VALUES (?, ?)", (key, _encode(proof))
            )

    def clear(self) -> None:
        """Forget every cached proof."""
        connection = self._connect()
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("DELETE FROM proofs")

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None
