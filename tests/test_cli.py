"""Tests of the symkl command line: subcommands, exit codes, JSON schema, errors, check grammar."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import symkl
from symkl.cli import main
from symkl.cli._grammar import CheckSyntaxError, parse_claim
from symkl.cli._progress import ProgressBar

WRONG = """
import sympy
import symkl

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
KL_PQ, KL_QP = symkl.kl_divergence(p, q), symkl.kl_divergence(q, p)
SYMMETRIC = symkl.Claim("kl-symmetric", sympy.Eq(KL_PQ, KL_QP))
"""

BROKEN = "import symkl\n\nX = 1\nY = undefined_name\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_does_not_import_sympy() -> None:
    """`symkl --help` answers without importing SymPy."""
    code = (
        "import sys\nfrom symkl.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('sympy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False"
    assert "usage: symkl" in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    """`python -m symkl --version` prints the version."""
    result = subprocess.run(
        [sys.executable, "-m", "symkl", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"symkl {symkl.__version__}"


def test_list(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """`list` prints each entry's name, expected verdict, kind and title."""
    code, out, err = run(capsys, "list", str(catalog))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "ce-split  expect proved     claim: Cross-entropy is entropy plus KL",
        "swapped   expect refuted    claim: Swapped notation",
        "kl-chain  expect proved     derivation (2 steps): KL is CE minus H",
    ]


@pytest.mark.slow
def test_verify_all_expected(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """Every entry with its expected verdict: exit 0, one ok line each, a summary."""
    code, out, err = run(capsys, "verify", str(catalog))
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert [line.split()[:3] for line in lines[:3]] == [
        ["ok", "ce-split", "proved"],
        ["ok", "swapped", "refuted"],
        ["ok", "kl-chain", "proved"],
    ]
    assert lines[3].startswith("3 entries: 2 proved, 0 checked, 1 refuted, 0 undecided; 0 failed")


@pytest.mark.slow
def test_verify_unexpected_verdict_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A claim that misses its expected verdict fails the run with its counterexample shown."""
    (tmp_path / "wrong.py").write_text(WRONG)
    code, out, _ = run(capsys, "verify", str(tmp_path / "wrong.py"))
    assert code == 1
    assert out.splitlines()[0].startswith("FAIL  kl-symmetric  refuted, expected proved")
    assert "      step 1 (=): refuted by counterexample" in out.splitlines()
    assert "counterexample: p_1 = " in out


@pytest.mark.slow
def test_load_error_is_reported_and_others_still_verified(
    capsys: pytest.CaptureFixture[str], catalog: Path
) -> None:
    """A module that fails to import: path:line on stderr, exit 2, other entries verified."""
    (catalog / "broken.py").write_text(BROKEN)
    code, out, err = run(capsys, "verify", str(catalog))
    assert code == 2
    assert err.splitlines() == [
        f"{catalog / 'broken.py'}:4: NameError: name 'undefined_name' is not defined"
    ]
    assert "ok    kl-chain" in out
    assert "; 1 failed" in out


def test_list_with_a_load_error_exits_2(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """`list` still lists the loadable entries, prints the error with its line, and exits 2."""
    (catalog / "broken.py").write_text(BROKEN)
    code, out, err = run(capsys, "list", str(catalog))
    assert code == 2
    assert [line.split()[0] for line in out.splitlines()] == ["ce-split", "swapped", "kl-chain"]
    assert err.startswith(f"{catalog / 'broken.py'}:4: NameError")


def _schema() -> dict[str, Any]:
    text = resources.files("symkl").joinpath("schema/verify.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.mark.slow
def test_json_matches_the_shipped_schema(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """`verify --json` prints one document valid against symkl/schema/verify.json."""
    (catalog / "broken.py").write_text(BROKEN)
    code, out, _ = run(capsys, "verify", "--json", str(catalog))
    document = json.loads(out)
    jsonschema.validate(document, _schema())
    assert code == 2
    assert [(r["name"], r["verdict"], r["ok"]) for r in document["results"]] == [
        ("ce-split", "proved", True),
        ("swapped", "refuted", True),
        ("kl-chain", "proved", True),
        (f"{catalog / 'broken.py'}:4", "undecided", False),
    ]
    assert document["summary"]["failed"] == 1
    refuted = document["results"][1]["steps"][0]
    assert set(refuted["counterexample"]) >= {"lhs", "rhs"}


@pytest.mark.parametrize(
    "document",
    [
        {"symkl": "0.1.0", "results": []},
        {"symkl": "0.1.0", "results": [{"name": "x"}], "summary": {}},
    ],
)
def test_schema_rejects_incomplete_documents(document: dict[str, Any]) -> None:
    """The schema is strict enough to reject documents missing DESIGN's fields."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, _schema())


@pytest.mark.slow
def test_jobs_and_cache_give_the_same_json(
    capsys: pytest.CaptureFixture[str], catalog: Path
) -> None:
    """--jobs 2 with a warm cache reports the same verdicts, steps marked cached."""
    run(capsys, "verify", str(catalog))
    code, out, _ = run(capsys, "verify", "--json", "--jobs", "2", str(catalog))
    results = json.loads(out)["results"]
    assert code == 0
    assert [r["verdict"] for r in results] == ["proved", "refuted", "proved"]
    assert all(s["cached"] for r in results for s in r["steps"])
    _, out, _ = run(capsys, "verify", "--json", "--no-cache", str(catalog))
    assert not any(s["cached"] for r in json.loads(out)["results"] for s in r["steps"])


@pytest.mark.slow
def test_show_derivation(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """`show` prints each step with relation, justification, verdict and method."""
    code, out, _ = run(capsys, "show", "kl-chain", str(catalog), "--no-cache")
    lines = out.splitlines()
    assert code == 0
    assert lines[:6] == [
        "kl-chain: KL is CE minus H",
        "",
        "     KL(p || q)",
        "  =  E_p[-log(q/p)]    [definition]",
        "       -> proved by definition",
        "          assuming each probability is in (0, 1]; p ≪ q (q > 0 wherever p > 0)",
    ]
    assert "  =  H(p, q) - H(p)    [linearity of expectation]" in lines
    assert lines[-1] == "verdict: proved (expected proved) ok"


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_show_refuted_claim(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """A refuted claim shows its counterexample; expected refuted, so exit 0."""
    code, out, _ = run(capsys, "show", "swapped", str(catalog))
    assert code == 0
    assert "       -> refuted by counterexample" in out.splitlines()
    assert "counterexample: p_1 = " in out


@pytest.mark.slow
def test_show_pretty(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """--pretty lays expressions out with SymPy's 2-D printer."""
    code, out, _ = run(capsys, "show", "kl-chain", str(catalog), "--pretty")
    assert code == 0
    assert "⎛q⎞" in out


def test_show_unknown_name_suggests(capsys: pytest.CaptureFixture[str], catalog: Path) -> None:
    """An unknown entry name is a usage error with close matches."""
    code, out, err = run(capsys, "show", "kl-chian", str(catalog))
    assert (code, out) == (2, "")
    assert err == "symkl: no entry named 'kl-chian'; did you mean kl-chain?\n"


@pytest.mark.parametrize(
    ("claim", "code", "lines"),
    [
        ("H(p,q) = H(p) + KL(p||q)", 0, ["H(p, q) = H(p) + KL(p || q)", "proved by termwise-sum"]),
        ("KL(p‖q) ≥ 0", 0, ["KL(p || q) >= 0", "proved by gibbs"]),
        (
            "H(q,p) = KL(p||q) + H(p)",
            1,
            ["H(q, p) = H(p) + KL(p || q)", "refuted by counterexample"],
        ),
        ("KL(p||q) > 0", 1, ["KL(p || q) > 0", "refuted by counterexample"]),
        ("H(p) < log(n)", 1, ["H(p) < log(n)", "refuted by counterexample"]),
    ],
)
def test_check(capsys: pytest.CaptureFixture[str], claim: str, code: int, lines: list[str]) -> None:
    """`check` prints the relation (strict ones as typed, not "?") and the verdict; exit 0 when
    proved, 1 when refuted."""
    got, out, err = run(capsys, "check", claim)
    assert (got, err) == (code, "")
    assert out.splitlines()[:2] == lines


def test_check_shows_counterexample(capsys: pytest.CaptureFixture[str]) -> None:
    """A refuted check prints the point and both sides."""
    _, out, _ = run(capsys, "check", "KL(p||q) = KL(q||p)")
    assert re.fullmatch(
        r"counterexample: p_1 = \S+, p_2 = \S+, q_1 = \S+, q_2 = \S+, n = 2; "
        r"lhs = (\S+), rhs = (\S+)",
        out.splitlines()[2],
    ), out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "H(p) = "], "symkl: the right side of 'H(p) =' is empty"),
        (["check", "__import__('os').system('echo hi') = 1"], "symkl: unknown name '__import__'; "),
        (["check", "p.__class__ = 1"], "symkl: unexpected '.' in 'p.__class__'"),
        (
            ["check", "H(p) != 1"],
            "symkl: unsupported relation '!=' in 'H(p) != 1'; use =, <=, >=, < or >",
        ),
        (["check", "KL(p) = 0"], "symkl: KL takes two distributions, got 1"),
        (["check", "H(p = 1"], "symkl: unbalanced brackets in 'H(p = 1'"),
        (["verify", "missing.py"], "symkl: no such derivation file or folder: missing.py"),
        (
            ["verify", "--jobs", "x"],
            "symkl verify: argument --jobs/-j: expected a number of processes",
        ),
        (
            ["verify", "--timeout", "-1"],
            "symkl verify: argument --timeout: must be a positive, finite number of seconds up to "
            "604800, got '-1' (use --no-timeout for no limit)",
        ),
        (
            ["check", "--timeout", "inf", "H(p) >= 0"],
            "symkl check: argument --timeout: must be a positive, finite number of seconds up to "
            "604800, got 'inf'",
        ),
        (
            ["check", "--timeout", "nan", "H(p) >= 0"],
            "symkl check: argument --timeout: must be a positive, finite number of seconds",
        ),
        (
            ["check", "--samples", "100000000", "H(p) >= 0"],
            "symkl check: argument --samples: must be from 1 to 100000, got '100000000'",
        ),
        (
            ["check", "--samples", "0", "H(p) >= 0"],
            "symkl check: argument --samples: must be from 1 to 100000, got '0'",
        ),
        (
            ["check", "--memory-limit", "0", "H(p) >= 0"],
            "symkl check: argument --memory-limit: must be from 0.0625 to 1024 GiB, got '0'",
        ),
        (
            ["verify", "--jobs", "100000"],
            "symkl verify: argument --jobs/-j: must be 0 (one per CPU) up to 1024, got '100000'",
        ),
        (
            ["check", "--timeout", "1", "--no-timeout", "H(p) >= 0"],
            "symkl check: argument --no-timeout: not allowed with argument --timeout",
        ),
        (
            ["check", "--timeout", "5", "H(p) <= 10**10**10"],
            "symkl: exponent 10000000000 in '10**10**10' is too large (at most 1000 in size)",
        ),
        (
            ["check", "--timeout", "2", "H(p) <= (2*n)**(10**9)"],
            "symkl: exponent 1000000000 in '(2*n)**(10**9)' is too large",
        ),
        (
            ["check", "H(p) <= 2**2**2**2**2**2"],
            "symkl: exponent 65536 in '2**2**2**2**2**2' is too large",
        ),
        (
            ["check", "H(p, base=1) >= 0"],
            "symkl: a logarithm base must be a positive number other than 1, got 1",
        ),
        (["check", "H(p) = (lambda: 1)()"], "symkl: unknown name 'lambda'"),
        (["check", "H(p) = 1/0"], "symkl: '1/0' is undefined (zoo), e.g. a division by zero"),
        (["verify", "bad\0name.py"], "symkl verify: argument PATHS: a path cannot contain a NUL"),
        (
            ["report", "--format", "pdf"],
            "symkl report: argument --format: expected a comma-separated list of tex, md and html",
        ),
        (["report", "--templates", "missing"], "symkl: no such templates folder: missing"),
        (["show", "x", "notes.txt"], "symkl: no such derivation file or folder: notes.txt"),
        (["frobnicate"], "symkl: argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A user mistake: exit 2, one line on stderr naming the problem, nothing on stdout."""
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(message)


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    """`symkl` alone shows the help and exits 2."""
    code, out, _ = run(capsys)
    assert code == 2
    assert out.startswith("usage: symkl")


@pytest.mark.slow
def test_report_calls_the_writer(
    capsys: pytest.CaptureFixture[str], catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report` of a user's file verifies and passes each entry beside its result, and the
    options, on to the writer, and draws none of the catalog's figures."""
    import symkl.report._build as build

    calls: list[tuple[Any, ...]] = []
    drawn: list[Path] = []

    def fake(results: Any, entries: Any, out_dir: Path, **options: Any) -> list[Path]:
        pairs = [(e.name, r.name) for e, r in results]
        calls.append((pairs, entries, out_dir, options))
        return [out_dir / "index.md"]

    monkeypatch.setattr(build, "write_reports", fake)
    monkeypatch.setattr(build, "draw_figures", lambda folder: drawn.append(folder) or [])
    out_dir = catalog.parent / "out"
    code, out, _ = run(capsys, "report", str(catalog), "--out", str(out_dir), "--format", "md")
    assert code == 0
    assert out == f"1 file in {out_dir}: 1 md\n"
    names = ["ce-split", "swapped", "kl-chain"]
    options = {"formats": ("md",), "templates": None, "pdf": False, "title": None,
               "catalog_figures": False}  # fmt: skip
    assert calls == [([(n, n) for n in names], None, out_dir, options)]
    assert drawn == []


@pytest.mark.slow
def test_report_exercise_writes_sheets(
    capsys: pytest.CaptureFixture[str], catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report --exercise --seed N --title T` writes exercise sheets with that seed and title."""
    import symkl.report._build as build

    seen: list[dict[str, Any]] = []

    def sheets(results: Any, entries: Any, out_dir: Path, **options: Any) -> list[Path]:
        seen.append({"out": out_dir, **options})
        return [out_dir / "exercises.md"]

    def reports(results: Any, entries: Any, out_dir: Path, **options: Any) -> list[Path]:
        seen.append({"out": out_dir, **options})
        return [out_dir / "index.md"]

    monkeypatch.setattr(build, "write_exercises", sheets)
    monkeypatch.setattr(build, "write_reports", reports)
    out_dir = catalog.parent / "out"
    argv = ["report", str(catalog), "--out", str(out_dir), "--format", "html", "--exercise",
            "--seed", "5", "--exercise-mode", "error", "--title", "Week 3"]  # fmt: skip
    code, out, _ = run(capsys, *argv, "-v")
    assert code == 0
    assert out.splitlines() == [
        f"2 files in {out_dir}: 2 md",
        str(out_dir / "index.md"),
        str(out_dir / "exercises" / "exercises.md"),
    ]
    assert seen[0]["title"] == "Week 3"
    assert (seen[1]["out"], seen[1]["seed"], seen[1]["mode"]) == (out_dir / "exercises", 5, "error")
    assert seen[1]["formats"] == ("html",)


@pytest.mark.slow
def test_no_progress_bar_when_not_a_terminal(
    capsys: pytest.CaptureFixture[str], catalog: Path
) -> None:
    """stderr that is not a TTY gets no progress output."""
    code, _, err = run(capsys, "verify", str(catalog))
    assert (code, err) == (0, "")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal() -> None:
    """On a TTY the bar shows done/total and the claim name, and is erased at the end."""
    stream = _Tty()
    bar = ProgressBar.for_stream(stream)
    bar(1, 4, "gibbs")
    bar.close()
    assert stream.getvalue() == "\r\x1b[K[#####...............] 1/4 gibbs\r\x1b[K"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H(p,q) = H(p) + KL(p||q)", "Eq(H(p, q), H(p) + KL(p || q))"),
        ("H(p, base=2) = H(p)/log(2)", "Eq(H_2(p), H(p)/log(2))"),
        ("E_p[-log(q/p)] = D_KL(p‖q)", "Eq(E_p[-log(q/p)], KL(p || q))"),
        ("sum(-p*log(q)) = CE(p, q)", "Eq(OutcomeSum(-log(q)*p, p), H(p, q))"),
        (
            "Sum(-p[i]*log(q[i]), (i, 1, n)) = H(p,q)",
            "Eq(Sum(-log(q[i])*p[i], (i, 1, n)), H(p, q))",
        ),
        ("H(p) <= log(n)", "H(p) <= log(n)"),
        ("H(r)^2 >= 0", "H(r)**2 >= 0"),
    ],
)
def test_grammar(text: str, expected: str) -> None:
    """The check grammar maps typed text to the intended SymPy relation."""
    assert str(parse_claim(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "H(p)",
            "a claim needs exactly one of =, <=, >=, <, > between two sides; found no relation",
        ),
        (
            "H(p) = H(q) = 1",
            "a claim needs exactly one of =, <=, >=, <, > between two sides; found 2",
        ),
        ("H(p, q, r) = 0", "H takes one distribution (entropy) or two (cross-entropy), got 3"),
        ("E_p[log(q) = 0", "unbalanced '[' after 'E_p['"),
        ("lambda: 1 = 1", "unknown name 'lambda'"),
        ("H(x) = 0", "unknown name 'x'"),
        ("'a' = 1", "unexpected text 'a'"),
    ],
)
def test_grammar_errors(text: str, message: str) -> None:
    """Bad input raises CheckSyntaxError (a ValueError) naming the problem."""
    with pytest.raises(CheckSyntaxError, match="^" + re.escape(message)):
        parse_claim(text)
