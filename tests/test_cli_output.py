"""What the CLI prints: lines as entries finish, progress, report summary, check --json, help."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import symkl.cli._run as cli_run
from symkl.catalog import Catalog
from symkl.cli import build_parser, main
from symkl.cli._progress import ProgressBar
from symkl.prover import Verdict
from symkl.runner import EntryResult, StepResult, Verified

WRONG_STEP = """
import sympy
import symkl

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
BAD = symkl.Derivation(
    "bad-chain",
    symkl.cross_entropy(p, q),
    [symkl.Step(symkl.entropy(q) + symkl.kl_divergence(p, q), why="swap the arguments")],
)
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class Recorder(io.StringIO):
    """A stream that logs each write and flush into a shared list of events."""

    def __init__(self, events: list[tuple[str, str]], tty: bool = False, label: str = "write"):
        super().__init__()
        self.events, self.tty, self.label = events, tty, label

    def write(self, text: str) -> int:
        self.events.append((self.label, text))
        return super().write(text)

    def flush(self) -> None:
        self.events.append(("flush", ""))

    def isatty(self) -> bool:
        return self.tty


def _result(name: str, ok: bool = True) -> EntryResult:
    verdict = Verdict.PROVED if ok else Verdict.REFUTED
    step = StepResult(1, "=", verdict, "termwise-sum" if ok else "counterexample", 0.01)
    return EntryResult(name, name, "", "claim", verdict, Verdict.PROVED, 0.01, (step,))


def _fake_verify(events: list[tuple[str, str]]) -> Callable[..., list[Verified]]:
    def verify_catalog(
        catalog: Catalog,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        on_result: Callable[[EntryResult], None] | None = None,
        **options: Any,
    ) -> list[Verified]:
        verified = []
        for done, entry in enumerate(catalog.entries):
            events.append(("start", entry.name))
            if progress is not None:
                progress(done, len(catalog.entries), entry.name)
            verified.append(Verified(entry, _result(entry.name, ok=entry.name != "swapped")))
            if on_result is not None:
                on_result(verified[-1].result)
        return verified

    return verify_catalog


def test_verify_prints_each_line_flushed_as_its_entry_finishes(
    monkeypatch: pytest.MonkeyPatch, catalog: Path
) -> None:
    """In a pipe, entry k's line is written and flushed before entry k+1 starts."""
    events: list[tuple[str, str]] = []
    monkeypatch.setattr(cli_run, "verify_catalog", _fake_verify(events))
    monkeypatch.setattr("sys.stdout", Recorder(events))
    monkeypatch.setattr("sys.stderr", Recorder([]))
    assert main(["verify", str(catalog)]) == 1
    starts = [i for i, (kind, _) in enumerate(events) if kind == "start"]
    bounds = zip(starts, [*starts[1:], len(events)], strict=True)
    for name, (begin, end) in zip(["ce-split", "swapped", "kl-chain"], bounds, strict=True):
        between = events[begin:end]
        flushed = between.index(("flush", ""))  # a ValueError if the line was never flushed
        line = "".join(text for kind, text in between[:flushed] if kind == "write")
        assert line.split()[1] == name
        assert line.endswith("\n")


@pytest.mark.slow
def test_real_runner_streams_lines(monkeypatch: pytest.MonkeyPatch, catalog: Path) -> None:
    """With the real runner, an entry's line is out before a later entry starts (-j 1)."""
    events: list[tuple[str, str]] = []
    monkeypatch.setattr("sys.stdout", Recorder(events, label="out"))
    monkeypatch.setattr("sys.stderr", Recorder(events, tty=True, label="bar"))
    assert main(["verify", str(catalog), "--jobs", "1"]) == 0
    texts = [(kind, text) for kind, text in events if kind != "flush"]
    line = next(i for i, (kind, text) in enumerate(texts) if kind == "out" and "swapped" in text)
    start = next(i for i, (kind, text) in enumerate(texts) if kind == "bar" and "kl-chain" in text)
    assert line < start


def test_tty_bar_is_kept_below_the_lines(monkeypatch: pytest.MonkeyPatch, catalog: Path) -> None:
    """On a terminal, each entry line is printed above the bar, which is redrawn and erased."""
    events: list[tuple[str, str]] = []
    monkeypatch.setattr(cli_run, "verify_catalog", _fake_verify(events))
    monkeypatch.setattr("sys.stdout", out := Recorder([], tty=True))
    monkeypatch.setattr("sys.stderr", err := Recorder([], tty=True))
    main(["verify", str(catalog)])
    bar = err.getvalue()
    assert "] 2/3 kl-chain" in bar
    assert bar.endswith("\r\x1b[K")  # erased before the summary
    assert out.getvalue().splitlines()[-1].startswith("3 entries: ")


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_failing_step_shows_its_formula_and_justification(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A failing derivation step prints `before = after    [why]` under its verdict."""
    (tmp_path / "bad.py").write_text(WRONG_STEP)
    code, out, _ = run(capsys, "verify", str(tmp_path / "bad.py"))
    lines = out.splitlines()
    assert code == 1
    assert lines[1] == "      step 1 (=): refuted by counterexample"
    assert lines[2] == "        H(p, q) = H(q) + KL(p || q)    [swap the arguments]"
    assert lines[3].startswith("        counterexample: ")


@pytest.mark.slow
def test_verbose_shows_the_formula_of_passing_claims(
    capsys: pytest.CaptureFixture[str], catalog: Path
) -> None:
    """`-v` lists every step, each with its formula and justification."""
    code, out, _ = run(capsys, "verify", "-v", str(catalog))
    assert code == 0
    assert "        H(p, q) = H(p) + KL(p || q)    [linearity]" in out.splitlines()
    assert "        KL(p || q) = E_p[-log(q/p)]    [definition]" in out.splitlines()


def _fake_writers(monkeypatch: pytest.MonkeyPatch) -> None:
    import symkl.report._build as build

    def reports(verified: Any, entries: Any, out_dir: Path, **options: Any) -> list[Path]:
        assert options["pdf"] is False  # the CLI builds the PDFs itself, with progress
        names = [out_dir / f"{e.name}.{ext}" for e, _ in verified for ext in options["formats"]]
        return [*names, out_dir / "index.tex"]

    def build_pdf(tex: Path) -> Path:
        return tex.with_suffix(".pdf")

    monkeypatch.setattr(build, "write_reports", reports)
    monkeypatch.setattr("symkl.report._pdf.build_pdf", build_pdf)


@pytest.mark.slow
def test_report_prints_a_summary_and_progress_lines(
    capsys: pytest.CaptureFixture[str], catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not on a terminal: a stderr line per entry and per PDF; stdout one summary line."""
    _fake_writers(monkeypatch)
    out_dir = catalog.parent / "out"
    code, out, err = run(
        capsys, "report", str(catalog), "--out", str(out_dir), "--format", "tex,md", "--pdf"
    )
    assert code == 0
    assert out == f"11 files in {out_dir}: 4 pdf, 4 tex, 3 md\n"
    lines = err.splitlines()
    assert [line.split()[:3] for line in lines[:3]] == [
        ["[1/3]", "ok", "ce-split"],
        ["[2/3]", "ok", "swapped"],
        ["[3/3]", "ok", "kl-chain"],
    ]
    pdfs = lines[3:]  # in the order latexmk finishes them
    assert [line.split()[:2] for line in pdfs] == [[f"[{k}/4]", "pdf"] for k in range(1, 5)]
    names = ("ce-split", "index", "kl-chain", "swapped")
    assert sorted(line.split()[2] for line in pdfs) == [str(out_dir / f"{n}.pdf") for n in names]


@pytest.mark.slow
def test_report_verbose_lists_every_file(
    capsys: pytest.CaptureFixture[str], catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report -v` adds every written path after the summary line."""
    _fake_writers(monkeypatch)
    out_dir = catalog.parent / "out"
    code, out, _ = run(
        capsys, "report", str(catalog), "--out", str(out_dir), "--format", "md", "-v"
    )
    assert code == 0
    assert out.splitlines() == [
        f"4 files in {out_dir}: 3 md, 1 tex",
        *(str(out_dir / f"{name}.md") for name in ("ce-split", "swapped", "kl-chain")),
        str(out_dir / "index.tex"),
    ]


def test_pdf_phase_draws_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a TTY the PDF phase shows `n/total PDF name` and erases the bar at the end."""
    monkeypatch.setattr("symkl.report._pdf.build_pdf", lambda tex: tex.with_suffix(".pdf"))
    stream = Recorder([], tty=True)
    built = cli_run.build_pdfs_with_progress(
        [Path("a.tex"), Path("b.tex")], ProgressBar.for_stream(stream, lines=True)
    )
    assert built == [Path("a.pdf"), Path("b.pdf")]
    text = stream.getvalue()
    assert "0/2 PDF: running latexmk" in text
    assert "2/2 PDF " in text
    assert text.endswith("\r\x1b[K")
    assert "\n" not in text  # a bar redrawn in place, never a scrolling line


def test_report_pdf_needs_tex(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """`--pdf` without the tex format is a usage error before any proof."""
    code, out, err = run(capsys, "report", str(catalog), "--pdf", "--format", "md")
    assert (code, out) == (2, "")
    assert err == "symkl: --pdf needs the tex format, got --format md\n"


def _check_schema() -> dict[str, Any]:
    text = resources.files("symkl").joinpath("schema/check.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.mark.parametrize(
    ("claim", "verdict", "code"),
    [("KL(p||q) >= 0", "proved", 0), ("H(q,p) = H(p) + KL(p||q)", "refuted", 1)],
)
def test_check_json(
    capsys: pytest.CaptureFixture[str], claim: str, verdict: str, code: int
) -> None:
    """`check --json` prints one document valid against schema/check.json; exit as in text."""
    got, out, err = run(capsys, "check", "--json", claim)
    document = json.loads(out)
    jsonschema.validate(document, _check_schema())
    assert (got, err) == (code, "")
    assert (document["claim"], document["verdict"], document["ok"]) == (claim, verdict, code == 0)
    if verdict == "refuted":
        assert set(document["counterexample"]) >= {"lhs", "rhs", "p_1"}


def test_check_json_bad_claim_prints_no_document(capsys: pytest.CaptureFixture[str]) -> None:
    """Text outside the grammar: exit 2, one line on stderr naming it, nothing on stdout."""
    code, out, err = run(capsys, "check", "--json", "H(p) = = 1")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.Action]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += [(f"{name} {option}", act) for option, act in _options(sub)]
        elif (action.option_strings or action.nargs is not None) and not isinstance(
            action, (argparse._HelpAction, argparse._VersionAction)
        ):  # every option and optional positional; a required positional has no default
            found.append(((action.option_strings[:1] or [action.dest])[0], action))
    return found


def test_every_option_states_its_default() -> None:
    """Each option and optional argument of every subcommand says `(default: ...)` in --help."""
    options = _options(build_parser())
    missing = [name for name, action in options if "(default" not in (action.help or "")]
    assert len(options) > 30
    assert missing == []
