"""Turning plain text and numbers from a claim into LaTeX or Markdown that prints them literally.

>>> escape_tex(r"50% of $x_1$")
'50\\% of \\$x\\_1\\$'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .._text import TEXT_SPECIALS, format_number

__all__ = [
    "Raw",
    "escape_md",
    "escape_tex",
    "format_number",
    "math_unicode",
    "number_tex",
    "symbol_is_identifier",
]


class Raw(str):
    """Markup produced on purpose (SymPy LaTeX, a badge, a safe file name): printed unescaped."""

    __slots__ = ()


# Characters TeX treats specially, as text-mode commands that exist in the OT1 fonts as well as
# in T1 (the preamble uses Latin Modern in T1 when installed, and OT1 Computer Modern if not).
# LaTeX's special characters, and those that text-mode fonts print wrongly (OT1: < > | ")
_TEX_SPECIALS = {
    **TEXT_SPECIALS,
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "\n": " ",
    "\r": " ",
    "\t": " ",
}

# Unicode that claims use in titles and justifications (‖, ≤, θ, σ², …) but that pdfLaTeX's
# utf8 input encoding does not know: each is typeset through its math-mode command instead.
_TEX_MATH = {
    "‖": r"\|", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "≪": r"\ll",
    "≫": r"\gg", "∝": r"\propto", "→": r"\to", "←": r"\leftarrow", "↦": r"\mapsto",
    "⇔": r"\Leftrightarrow", "⇒": r"\Rightarrow", "↔": r"\leftrightarrow", "∞": r"\infty",
    "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "∂": r"\partial", "∇": r"\nabla", "∈": r"\in",
    "∉": r"\notin", "⊂": r"\subset", "⊆": r"\subseteq", "∩": r"\cap", "∪": r"\cup",
    "×": r"\times", "·": r"\cdot", "∘": r"\circ", "±": r"\pm", "∓": r"\mp", "−": "-",
    "√": r"\surd", "∀": r"\forall", "∃": r"\exists", "∅": r"\emptyset", "∧": r"\wedge",
    "∨": r"\vee", "¬": r"\neg", "∼": r"\sim", "≡": r"\equiv", "≃": r"\simeq", "≅": r"\cong",
    "⊥": r"\perp", "∣": r"\mid", "∥": r"\parallel", "⟨": r"\langle", "⟩": r"\rangle",
    "ℓ": r"\ell", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}", "°": r"^{\circ}",
    "½": r"\tfrac{1}{2}", "¼": r"\tfrac{1}{4}", "¾": r"\tfrac{3}{4}", "µ": r"\mu",
    "ϑ": r"\vartheta", "ϕ": r"\phi", "φ": r"\varphi", "ε": r"\varepsilon", "ϵ": r"\epsilon",
    "ς": r"\varsigma", "ο": "o", "⊄": r"\not\subset", "⊅": r"\not\supset", "⊃": r"\supset",
    "⊇": r"\supseteq", "⌈": r"\lceil", "⌉": r"\rceil", "⌊": r"\lfloor", "⌋": r"\rfloor",
    "𝔼": r"\mathbb{E}", "ᵀ": r"^{\mathsf{T}}", "≺": r"\prec", "≻": r"\succ", "⋅": r"\cdot",
    "∖": r"\setminus", "↑": r"\uparrow", "↓": r"\downarrow", "⟹": r"\implies",
    "⟸": r"\impliedby", "⟺": r"\iff", "∎": r"\blacksquare",
}  # fmt: skip
_TEX_TEXT = {
    "–": r"\textendash{}", "—": r"\textemdash{}", "‘": "`", "’": "'", "“": "``", "”": "''",
    "…": r"\ldots{}", "•": r"\textbullet{}", "\u00a0": "~", "§": r"\S{}", "¶": r"\P{}",
    "©": r"\textcopyright{}", "†": r"\textdagger{}", "‡": r"\textdaggerdbl{}",
    "′": "'", "″": "''",
}  # fmt: skip
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿ", "0123456789+-n", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋ᵢⱼₙ", "0123456789+-ijn", strict=True))
# Combining accents wrap the character before them: "μ̂" → \hat{\mu}.
_ACCENTS = {
    "\u0302": r"\hat", "\u0304": r"\bar", "\u0305": r"\overline", "\u0303": r"\tilde",
    "\u0307": r"\dot", "\u0308": r"\ddot", "\u20d7": r"\vec",
}  # fmt: skip
_GREEK_CAPITALS = {"GAMMA", "DELTA", "THETA", "LAMDA", "XI", "PI", "SIGMA", "UPSILON", "PHI",
                   "PSI", "OMEGA"}  # fmt: skip


def _greek(char: str) -> str | None:
    name = unicodedata.name(char, "")
    match = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER (\w+)", name)
    if match is None:
        return None
    case, letter = match.groups()
    command = letter.lower().replace("lamda", "lambda")
    if case == "SMALL":
        return "\\" + command
    if letter in _GREEK_CAPITALS:
        return "\\" + command.capitalize()
    return None  # capital alpha, beta, … look like Latin letters; the caller falls back


def _math_of(char: str) -> str | None:
    if char in _TEX_MATH:
        return _TEX_MATH[char]
    if char in _SUPERSCRIPTS:
        return "^{" + _SUPERSCRIPTS[char] + "}"
    if char in _SUBSCRIPTS:
        return "_{" + _SUBSCRIPTS[char] + "}"
    return _greek(char)


def escape_tex(text: object) -> str:
    """``text`` as LaTeX that prints it literally (text mode, default fonts).

    >>> escape_tex(r"\\input{x}")
    '\\textbackslash{}input\\{x\\}'
    """
    tokens: list[str] = []
    maths: list[str | None] = []  # the math form of each token, for a following accent
    for char in unicodedata.normalize("NFC", str(text)):
        if char in _ACCENTS and tokens:
            base = maths[-1] if maths[-1] is not None else r"\text{" + tokens[-1] + "}"
            accented = _ACCENTS[char] + "{" + base + "}"
            tokens[-1], maths[-1] = r"\ensuremath{" + accented + "}", accented
            continue
        if char in _TEX_SPECIALS:
            tokens.append(_TEX_SPECIALS[char])
            maths.append(None)
        elif char in _TEX_TEXT:
            tokens.append(_TEX_TEXT[char])
            maths.append(None)
        elif ord(char) < 128:
            tokens.append(char)
            maths.append(char if char.isalnum() else None)
        elif (math_form := _math_of(char)) is not None:
            tokens.append(r"\ensuremath{" + math_form + "}")
            maths.append(math_form)
        elif ord(char) < 256 and unicodedata.category(char).startswith("L"):
            tokens.append(char)  # Latin-1 letters (é, ü, ß) are known to pdfLaTeX's utf8
            maths.append(None)
        elif (ascii_form := unicodedata.normalize("NFKD", char).encode("ascii", "ignore")) and (
            ascii_form.decode().isalnum()
        ):
            tokens.append(ascii_form.decode())  # Α → A, ﬁ → fi
            maths.append(None)
        else:
            # Anything else would stop pdfLaTeX ("Unicode character not set up"): name it.
            tokens.append(r"\texttt{[U+" + f"{ord(char):04X}" + "]}")
            maths.append(None)
    return "".join(tokens)


def math_unicode(latex: str) -> str:
    """LaTeX math with its non-ASCII characters as commands: ``f_θ`` → ``f_{\\theta}``.

    SymPy prints a symbol named ``θ`` or ``f_θ`` as is; pdfLaTeX cannot typeset that in math mode.
    """
    if latex.isascii():
        return latex
    out: list[str] = []
    for char in unicodedata.normalize("NFC", latex):
        if char.isascii():
            out.append(char)
        elif char in _ACCENTS and out:
            out[-1] = _ACCENTS[char] + "{" + out[-1] + "}"
        elif (math_form := _math_of(char)) is not None:
            out.append("{" + math_form + "}")
        else:
            out.append(r"\text{" + escape_tex(char) + "}")
    return "".join(out)


# CommonMark lets a backslash escape any ASCII punctuation. These characters can start emphasis,
# code, links, HTML, entities, strikethrough, table cells or (on GitHub, GitLab, Colab) math
# anywhere in a line; the others only matter at the start of a line (see _MD_LINE_START).
_MD_SPECIALS = frozenset("\\`*_[]<>|$&~")
_MD_LINE_START = re.compile(r"^(\s*\d*)([#+\-!]|(?<=\d)[.)])")


def escape_md(text: object) -> str:
    """``text`` as Markdown that prints it literally (no emphasis, links, HTML or math).

    >>> escape_md("50% of $x_1$")
    '50% of \\$x\\_1\\$'
    """
    flat = re.sub(r"[\r\n\t]+", " ", str(text))
    escaped = "".join("\\" + c if c in _MD_SPECIALS else c for c in flat)
    # a leading '#', '-', '1.' … would make a heading or a list item wherever text starts a line
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped, count=1)


_IDENTIFIER = re.compile(r"[^\W\d_][^\W_]*(_[^\W_]+|_\{[^\W_,]+(,[^\W_]+)*\})?")


def symbol_is_identifier(text: str) -> bool:
    """Whether a counterexample key reads as a symbol (``p_1``, ``theta``), not as text."""
    return _IDENTIFIER.fullmatch(text) is not None


_EXPONENT = re.compile(r"^([+-]?[\d.]+)e([+-]?)0*(\d+)$")


def number_tex(value: Any, digits: int = 10) -> str:
    """A number as LaTeX math: ``1.5 \\times 10^{-7}``, ``\\infty``.

    >>> number_tex(1.5e-07)
    '1.5 \\times 10^{-7}'
    """
    text = format_number(value, digits)
    lowered = text.lower()
    if lowered in ("inf", "+inf", "-inf"):
        return ("-" if lowered.startswith("-") else "") + r"\infty"
    if lowered == "nan":
        return r"\mathrm{NaN}"
    match = _EXPONENT.match(text)
    if match is not None:
        mantissa, sign, exponent = match.groups()
        return f"{mantissa} \\times 10^{{{'-' if sign == '-' else ''}{exponent}}}"
    if re.fullmatch(r"[+-]?[\d.]+", text):
        return text
    return r"\text{" + escape_tex(text) + "}"
