"""The command line under hostile input: clear errors, exit codes 0-2, no traceback, no code run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symkl.report
from symkl.cli import EXIT_BUG, main
from symkl.cli import _commands as _cli_commands
from symkl.cli import _grammar as _check_grammar
from symkl.errors import InvalidParameterError

#: Each payload would create a file named PWNED in the working folder if anything executed it.
PAYLOADS = [
    "__import__('pathlib').Path('PWNED').touch()",
    "exec(\"open('PWNED', 'w')\")",
    "eval('1') or open('PWNED', 'w')",
    "$(touch PWNED)",
    "`touch PWNED`",
    "; touch PWNED #",
    "p.__class__.__init__.__globals__['os'].system('touch PWNED')",
    "(lambda: open('PWNED', 'w'))()",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "{0.__class__}",
    "H(p) = __builtins__",
    "\\input{PWNED}",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # only --help and --version leave through argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty working folder; no test may leave a file named PWNED anywhere under it."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert list(tmp_path.rglob("PWNED")) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_code_in_a_check_claim_is_never_run(
    capsys: pytest.CaptureFixture[str], workdir: Path, payload: str
) -> None:
    """check: a code-carrying claim or side is a usage error naming it; nothing runs."""
    for claim in (payload, f"H(p) = {payload}", f"KL(p||{payload}) >= 0"):
        code, out, err = run(capsys, "check", "--timeout", "5", claim)
        assert (code, out) == (2, ""), claim
        assert err.startswith("symkl: ")
        assert err.count("\n") == 1


@pytest.mark.parametrize("payload", PAYLOADS)
def test_code_in_names_and_paths_is_never_run(
    capsys: pytest.CaptureFixture[str], workdir: Path, catalog: Path, payload: str
) -> None:
    """show NAME, list/verify/report PATH, --out, --templates: names are only names."""
    argvs = [
        ["show", payload, str(catalog)],
        ["list", payload],
        ["verify", payload + ".py"],
        ["report", str(catalog), "--templates", payload],
        ["report", str(catalog), "--format", payload],
    ]
    for argv in argvs:
        code, _out, err = run(capsys, *argv)
        assert code == 2, argv
        assert "Traceback" not in err
        assert err.count("\n") == 1


@pytest.mark.slow
def test_odd_file_names_are_verified_as_files(
    capsys: pytest.CaptureFixture[str], workdir: Path, catalog: Path
) -> None:
    """A derivation file whose name holds shell and Python syntax is read, not interpreted."""
    odd = workdir / "$(touch PWNED); __import__('os') `x`.py"
    odd.write_text((catalog / "claims.py").read_text())
    code, out, err = run(capsys, "verify", str(odd))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith("3 entries: 2 proved, 0 checked, 1 refuted")


def test_check_parsing_is_inside_the_budget(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parse that hangs is cut at --timeout: UNDECIDED by timeout, exit 1, the text echoed."""

    def slow(text: str) -> object:
        import time

        time.sleep(60)
        raise AssertionError("unreachable")

    monkeypatch.setattr(_check_grammar, "parse_claim", slow)
    code, out, err = run(capsys, "check", "--timeout", "0.5", "H(p) >= 0")
    assert (code, err) == (1, "")
    assert out.splitlines() == ["H(p) >= 0", "undecided by timeout", "no result within 0.5 s"]


def test_check_memory_blow_up_is_undecided(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim needing more than --memory-limit: UNDECIDED by memory limit, exit 1."""
    monkeypatch.setattr(_check_grammar, "parse_claim", lambda text: bytearray(2**32))
    code, out, err = run(capsys, "check", "--memory-limit", "1", "H(p) >= 0")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[1] == "undecided by memory limit"
    assert lines[2].startswith("the proof needed more memory than 1 GiB: MemoryError")


@pytest.mark.parametrize("side", ["1j", "2.5j", "sqrt(-1)", "log(-2)"])
def test_check_complex_values_are_a_clear_error(
    capsys: pytest.CaptureFixture[str], side: str
) -> None:
    """`H(p) = 1j` reads 1j as SymPy's I (no NameError) and says the side is not real: exit 2."""
    code, out, err = run(capsys, "check", f"H(p) = {side}")
    assert (code, out) == (2, "")
    assert err.startswith(f"symkl: '{side}' is not real (")
    assert err.endswith("); symkl check compares real quantities\n")


def test_a_symkl_error_from_a_measure_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SymklError raised while reading the claim (here from entropy) is exit 2, one line."""

    def entropy(*args: object, **kwargs: object) -> object:
        raise InvalidParameterError("log base must be positive and not 1, got 7")

    monkeypatch.setattr(_check_grammar, "entropy", entropy)
    code, out, err = run(capsys, "check", "H(p, base=7) >= 0")
    assert (code, out) == (2, "")
    assert err == "symkl: in 'H(p, base=7)': log base must be positive and not 1, got 7\n"


def test_internal_errors_are_one_line_and_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception symkl did not expect: one line saying it is a bug, exit 3, no traceback."""

    def broken(args: object) -> int:
        raise KeyError("zoo")

    monkeypatch.setitem(_cli_commands.COMMANDS, "list", broken)
    code, out, err = run(capsys, "list")
    assert (code, out) == (EXIT_BUG, "")
    assert err == "symkl: internal error (a bug in symkl; please report it): KeyError: 'zoo'\n"


def test_help_states_defaults_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """--help of verify and check names the default timeout, jobs, samples and exit code 3."""
    _, out, _ = run(capsys, "verify", "--help")
    text = " ".join(out.split())
    assert "(default: 60)" in text
    assert "(default: 1)" in text
    assert "(default: 4)" in text
    assert "3 internal error (a bug in symkl" in text
    _, out, _ = run(capsys, "check", "--help")
    text = " ".join(out.split())
    assert "(default: 60)" in text
    assert "1 to 100000 (default: 200)" in text


# --- fuzz -----------------------------------------------------------------------------------

_ATOMS = [
    "H(p)", "H(p, q)", "KL(p||q)", "CE(p,q)", "E_p[log(q)]", "sum(p)", "Sum(p[i], (i, 1, n))",
    "log(n)", "0", "1", "-1", "1j", "1e999", "10**10**10", "2**2**2**2**2**2", "(2*n)**(10**9)",
    "1/0", "base=1", "base=0", "p[", "]", "(", ")", "||", "=", "<=", ">=", "<", "**", "^", "*",
    "__import__", "lambda", "x", "p.q", "'s'", "\x00", "é", "∞", "≤", "9" * 120, "nan", "inf",
]  # fmt: skip
_CLAIMS = st.one_of(
    st.lists(st.sampled_from(_ATOMS), max_size=6).map(" ".join),
    st.text(max_size=40),
    st.sampled_from(PAYLOADS),
)
_VALUES = st.one_of(
    st.sampled_from(
        ["0", "-1", "nan", "inf", "-inf", "1e400", "1e-300", "", "x", "9" * 5000, "\x00", "2"]
    ),
    st.text(max_size=10),
)
_WITH_VALUE = ["--timeout", "--jobs", "--samples", "--memory-limit", "--format", "--templates"]
_FLAGS = ["--json", "--pretty", "--no-cache", "-v", "--no-timeout", "--bogus", "--pdf", "-j"]
_OPTIONS = st.one_of(
    st.tuples(st.sampled_from(_WITH_VALUE), _VALUES).map(list),
    st.sampled_from(_FLAGS).map(lambda flag: [flag]),
)


@st.composite
def _argv(draw: st.DrawFn, catalog: str) -> list[str]:
    command = draw(st.sampled_from(["list", "verify", "show", "report", "check", "", "nope"]))
    options = [item for option in draw(st.lists(_OPTIONS, max_size=3)) for item in option]
    if command == "check":
        # A small budget keeps each example quick; hostile limits from `options` come later.
        return ["check", "--timeout", "10", "--samples", "20", draw(_CLAIMS), *options]
    if command == "show":
        return ["show", draw(st.sampled_from(["ce-split", "kl-chain", "nope", *PAYLOADS])),
                catalog, *options]  # fmt: skip
    if command in ("list", "verify", "report"):
        # Never the built-in catalog: the small one, or a path that does not exist.
        path = draw(st.sampled_from([catalog, "missing.py", "notes.txt", *PAYLOADS[:3]]))
        return (
            [command, path, *options, "--out", "out"]
            if command == "report"
            else [command, path, *options]
        )
    return [command, *options] if command else options


def _fuzz(capsys: pytest.CaptureFixture[str], catalog: Path, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err + out, argv
    if code == 2:  # one line naming the problem, or (no command at all) the usage text
        one_line = err.startswith("symkl") and err.count("\n") == 1
        assert one_line or (err == "" and out.startswith("usage: symkl")), (argv, err)
    assert not list(Path.cwd().rglob("PWNED")), argv


@pytest.fixture
def fuzz_env(workdir: Path, catalog: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder, the small catalog, and no figure drawing (that is the report's test)."""
    monkeypatch.setattr(symkl.report, "draw_figures", lambda folder: [], raising=False)
    monkeypatch.setenv("SYMKL_CACHE_DIR", str(workdir / "cache"))
    return catalog


_FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=_FIXTURES, derandomize=True)
@given(data=st.data())
def test_fuzz_every_subcommand(
    capsys: pytest.CaptureFixture[str], fuzz_env: Path, data: st.DataObject
) -> None:
    """Random and hostile arguments to every subcommand: exit 0-2, no traceback, nothing run."""
    _fuzz(capsys, fuzz_env, data.draw(_argv(str(fuzz_env))))


@pytest.mark.fuzz
@settings(max_examples=400, deadline=None, suppress_health_check=_FIXTURES)
@given(data=st.data())
def test_fuzz_every_subcommand_at_length(
    capsys: pytest.CaptureFixture[str], fuzz_env: Path, data: st.DataObject
) -> None:
    """The same fuzz, ten times the examples and not derandomized."""
    _fuzz(capsys, fuzz_env, data.draw(_argv(str(fuzz_env))))
