"""One pipeline: verify_catalog gives (entry, result) pairs; both report commands build alike."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from symkl import _fork
from symkl.catalog import load
from symkl.report import build_reports
from symkl.runner import Verified, verify_catalog


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_pairs_in_catalog_order_then_load_errors(catalog: Path, tmp_path: Path) -> None:
    """Each entry beside its own result, then each load error with no entry."""
    broken = tmp_path / "broken.py"
    broken.write_text("import symkl\nthis is not python\n")
    loaded = load([catalog, broken])
    verified = verify_catalog(loaded)
    assert [(e.name if e else None, r.name) for e, r in verified[:3]] == [
        ("ce-split", "ce-split"), ("swapped", "swapped"), ("kl-chain", "kl-chain"),
    ]  # fmt: skip
    ((entry, error),) = verified[3:]
    assert entry is None
    assert error.kind == "error"
    assert "broken.py" in error.name


@pytest.mark.slow
def test_reports_need_no_join_by_name(catalog: Path, tmp_path: Path) -> None:
    """Two entries with the same name keep their own results (a join by name would mix them)."""
    ((entry, result),) = verify_catalog(load([catalog]))[:1]
    other = Verified(entry, result)
    written = build_reports([other], tmp_path / "out", formats=["md"], draw=False)
    assert [p.name for p in written] == ["ce-split.md", "index.md"]
    assert "Cross-entropy is entropy plus KL" in (tmp_path / "out" / "ce-split.md").read_text()


@pytest.mark.slow
def test_both_report_commands_share_build_reports(
    catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`symkl report` and `python -m symkl.report` both end in report.build_reports."""
    import symkl.report._build as build
    from symkl.cli import main
    from symkl.report.__main__ import regenerate

    calls: list[str] = []
    monkeypatch.setattr(build, "build_reports", lambda *a, **k: calls.append("build") or [])
    monkeypatch.setattr("symkl.report.build_reports", build.build_reports)
    assert main(["report", str(catalog), "--out", str(tmp_path / "a"), "--format", "md"]) == 0
    monkeypatch.setattr("symkl.catalog.load", lambda *a: load([catalog]))
    regenerate(tmp_path / "b", figures=False, formats=["md"])
    assert calls == ["build", "build"]


def test_fork_sends_back_result_warnings_and_death() -> None:
    """The one fork primitive: a result, an error's text, and a killed child's signal."""

    def crash(conn: object) -> None:
        import os

        os.kill(os.getpid(), 9)

    process, conn = _fork.fork(lambda c: c.send_bytes(_fork.reply(lambda: 1 / 0)), duplex=False)
    assert _fork.receive(conn) == ("error", "ZeroDivisionError: division by zero")
    process.join()
    process, conn = _fork.fork(crash, duplex=False)
    with pytest.raises(EOFError):
        _fork.receive(conn)
    process.join()
    assert _fork.exit_reason(process.exitcode) == "worker was stopped by SIGKILL"
    assert sys.platform != "win32"
