"""Claim files on the command line: sibling imports, and every input error exits 2 naming it."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from symkl.cli import main
from symkl.cli._load import EMPTY_MESSAGE

HELPER = """
import sympy
import symkl

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
"""

CLAIMS = """
import sympy
import symkl
from {helper} import p, q

CE = symkl.Claim(
    "ce-split",
    sympy.Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q)),
)
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def with_helper(tmp_path: Path) -> Iterator[Path]:
    """A folder with a claim file that imports a helper module lying next to it."""
    helper = f"symkl_sibling_{tmp_path.name.replace('-', '_')}"
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / f"{helper}.py").write_text(HELPER)
    (folder / "claims.py").write_text(CLAIMS.format(helper=helper))
    yield folder
    sys.modules.pop(helper, None)


@pytest.mark.slow
def test_claim_file_imports_its_sibling(
    capsys: pytest.CaptureFixture[str], with_helper: Path
) -> None:
    """`verify dir/claims.py` imports dir/helper.py; sys.path is as before afterwards."""
    before = list(sys.path)
    assert str(with_helper) not in sys.path
    code, out, err = run(capsys, "verify", str(with_helper / "claims.py"))
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split()[:3] == ["ok", "ce-split", "proved"]
    assert sys.path == before


def test_helper_module_in_a_named_folder_is_not_an_error(
    capsys: pytest.CaptureFixture[str], with_helper: Path
) -> None:
    """A folder's module without claims (the helper) is skipped quietly; the claims verify."""
    code, out, err = run(capsys, "list", str(with_helper))
    assert (code, err) == (0, "")
    assert out.split()[0] == "ce-split"


@pytest.mark.parametrize("command", ["verify", "list", "report"])
def test_empty_claim_file_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """A claim file with nothing in it is an input error: exit 2, the file named on stderr."""
    empty = tmp_path / "empty.py"
    empty.write_text("# nothing here yet\n")
    argv = [command, str(empty)] + (["--out", str(tmp_path / "out")] if command == "report" else [])
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.splitlines()[0] == f"{empty}: {EMPTY_MESSAGE}"


def test_folder_without_claims_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A folder whose modules define no claim at all is an input error naming the folder."""
    (tmp_path / "helper.py").write_text("X = 1\n")
    code, _, err = run(capsys, "verify", str(tmp_path))
    assert code == 2
    assert err.splitlines() == [f"{tmp_path}: {EMPTY_MESSAGE}"]


def test_syntax_error_exits_2_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A claim file that does not parse: exit 2 (an input error), path:line: SyntaxError."""
    bad = tmp_path / "bad.py"
    bad.write_text("import symkl\n\ndef f(:\n")
    code, _, err = run(capsys, "verify", str(bad))
    assert code == 2
    assert err.startswith(f"{bad}:3: SyntaxError: ")


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_malformed_claim_exits_2_and_the_rest_still_verify(
    capsys: pytest.CaptureFixture[str], with_helper: Path
) -> None:
    """A malformed claim beside good ones: the good ones verify, and the run exits 2."""
    (with_helper / "more.py").write_text(
        "import symkl\nODD = symkl.Claim('odd', 'not a relation')\n"
    )
    code, out, err = run(capsys, "verify", str(with_helper))
    assert code == 2
    assert f"{with_helper / 'more.py'}:2: " in err
    assert out.splitlines()[0].split()[:2] == ["ok", "ce-split"]


def test_json_lists_an_empty_file_as_an_error_result(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`verify --json` of an empty file: one error result naming it, exit 2."""
    empty = tmp_path / "empty.py"
    empty.write_text("")
    code, out, _ = run(capsys, "verify", "--json", str(empty))
    results = json.loads(out)["results"]
    assert code == 2
    assert [(r["name"], r["kind"], r["ok"]) for r in results] == [(str(empty), "error", False)]
    assert EMPTY_MESSAGE in results[0]["error"]
