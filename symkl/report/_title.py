r"""Titles and justifications with their formulas typeset in LaTeX math mode.

>>> print(title_tex("Gibbs' inequality: D_KL(p‖q) ≥ 0"))
Gibbs' inequality: $D_{\mathrm{KL}}(p \Vert q) \ge 0$

Catalog titles are plain text with formulas inside ("H(q, f_θ) = H(q) + KL(q‖f_θ)"). Escaped as
text, ``D_KL`` printed as "D_KL" with a literal underscore. Here a formula is a run of
mathematical tokens — one-letter names, names with a subscript (``q_θ``, ``D_KL``), Greek
letters, digits, operators, brackets and function names such as ``log`` — that contains at
least one subscript, operator or bracket; it is printed in math mode, everything else as
escaped text. A run that does not look like a formula stays text, so prose is never mangled.
"""

from __future__ import annotations

import re
import unicodedata

from ._escape import escape_tex, math_unicode

__all__ = ["formula_spans", "math_of", "title_html", "title_md", "title_tex"]

_FUNCTIONS = {"log", "ln", "exp", "max", "min", "argmin", "argmax", "KL", "E", "H", "softmax",
              "dx"}  # fmt: skip
_GREEK = "αβγδεζηθικλμνξοπρστυφχψωΓΔΘΛΞΠΣΦΨΩϑϕϵ"
# a name: one letter (or Greek), or a known function, with an optional subscript and accent
_SCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉ᵢⱼₙ"
_NAME = (
    rf"(?:(?:(?<![A-Za-z])(?:[A-Za-z{_GREEK}]|"
    + "|".join(sorted(_FUNCTIONS, key=len, reverse=True))
    + r")(?![A-Za-z])|[∇Σ∑∏Π∂])[\u0302\u0304]?"
    # only letters, digits and commas in a subscript: nothing TeX could execute gets through
    + rf"(?:_(?:\{{[A-Za-z0-9{_GREEK},]+\}}|[A-Za-z0-9{_GREEK}]+(?:,[A-Za-z0-9]+)?))?"
    + rf"[\u0302\u0304]?[{_SCRIPTS}]*)"
)
_NUMBER = r"(?:\d+(?:\.\d+)?)"
_OPERATOR = r"(?:[=≤≥<>+−\-/·×‖|,;∫⌈⌉⌊⌋½¼¾∞≠≈∝→]|\*\*)"
_CLOSE = rf"[)\]‖](?:_[A-Za-z0-9]+)?[{_SCRIPTS}]*"  # ‖p − q‖₁², softmax(z)_k
# a word as an argument, D_KL(p‖uniform) or N(x; m, s²): only right after an opening bracket,
# ‖, a comma or a semicolon and right before a closing one, so prose is never taken for it
_ARGUMENT = r"(?<=[(\[‖,;])(?:[A-Za-z]{2,})(?=[)\]‖,;])"
_TOKEN = re.compile(rf"{_ARGUMENT}|{_NAME}|{_NUMBER}|{_CLOSE}|{_OPERATOR}|[(\[]| ")
_STRONG = re.compile(r"[_=≤≥<>‖|∑Σ∏Π∫∇∂⌈⌉⌊⌋(\[]|\*\*")

_MATH_TEXT = {
    "‖": r"\Vert", "|": r"\mid", "≤": r"\le", "≥": r"\ge", "−": "-", "·": r"\cdot", "×": r"\times",
    "Σ": r"\sum", "∑": r"\sum", "Π": r"\prod", "∏": r"\prod", "∫": r"\int", "∇": r"\nabla",
    "∂": r"\partial", "⌈": r"\lceil", "⌉": r"\rceil", "⌊": r"\lfloor", "⌋": r"\rfloor",
    "½": r"\tfrac{1}{2}", "¼": r"\tfrac{1}{4}", "¾": r"\tfrac{3}{4}", "∞": r"\infty",
    "≠": r"\ne", "≈": r"\approx", "∝": r"\propto", "→": r"\to",
}  # fmt: skip
_NAMED = {
    "log": r"\log", "ln": r"\ln", "exp": r"\exp", "max": r"\max", "min": r"\min", "dx": r"\,dx",
    "argmin": r"\operatorname*{arg\,min}", "argmax": r"\operatorname*{arg\,max}",
    "KL": r"\mathrm{KL}", "E": r"\mathbb{E}", "softmax": r"\operatorname{softmax}",
}  # fmt: skip


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += char in "(["
        depth -= char in ")]"
        if depth < 0:
            return False
    return depth == 0


def _name_tex(token: str) -> str:
    scripts = token[len(token.rstrip(_SCRIPTS)) :]
    token = token.rstrip(_SCRIPTS)
    accent = token[-1] if token[-1:] in "\u0302\u0304" else ""
    token = token.rstrip("\u0302\u0304")
    base, _, sub = token.partition("_")
    if base[-1:] in "\u0302\u0304":  # θ̂_k: the accent sits on the name
        accent, base = base[-1], base[:-1]
    head = math_unicode(_MATH_TEXT.get(base, _NAMED.get(base, base)))
    if head == base and len(base) > 1 and base.isascii():  # a word argument: upright
        head = r"\mathrm{" + base + "}"
    if accent:
        head = ("\\hat{" if accent == "\u0302" else "\\bar{") + head + "}"
    head += math_unicode(scripts) if scripts else ""
    if not sub:
        return head
    sub = sub.strip("{}")
    # a multi-letter subscript is a label (KL, i), upright; one letter or a Greek one, italic
    letters = re.sub(r"[^A-Za-z]", "", sub)
    if len(letters) > 1 and letters == sub.replace(",", "").replace("i", "i"):
        sub_tex = r"\mathrm{" + sub + "}"
    else:
        sub_tex = math_unicode(sub)
    return f"{head}_{{{sub_tex}}}"


def _math(span: str) -> str:
    out: list[str] = []
    for token in _TOKEN.findall(span):
        if token == " ":
            out.append(" ")
        elif token == "**":
            out.append("^")
        elif token[:1] in ")]‖" and len(token) > 1:
            scripts = token[len(token.rstrip(_SCRIPTS)) :]
            close, _, sub = token.rstrip(_SCRIPTS).partition("_")
            text = _MATH_TEXT.get(close, close) + (f"_{{{math_unicode(sub)}}}" if sub else "")
            out.append(" " + text + math_unicode(scripts) + " ")
        elif token in _MATH_TEXT:
            out.append(" " + _MATH_TEXT[token] + " ")
        elif token[:1].isalpha() or token[:1] in _GREEK or token[:1] in "∇Σ∑∏Π∂":
            out.append(_name_tex(unicodedata.normalize("NFC", token)))
        else:
            out.append(math_unicode(token))
    text = re.sub(r" +", " ", "".join(out)).strip()
    # x**2 → x^{2}: a power's exponent in braces
    return re.sub(r"\^ ?([0-9A-Za-z]+)", r"^{\1}", text)


def _spans(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into (is_formula, piece) parts."""
    parts: list[tuple[bool, str]] = []
    pos = 0
    while pos < len(text):
        match = re.compile(rf"(?:{_TOKEN.pattern})+").match(text, pos)
        if match is None or not match.group().strip():
            end = pos + (1 if match is None else max(1, len(match.group())))
            parts.append((False, text[pos:end]))
            pos = end
            continue
        run = match.group()
        while not _balanced(run) and " (" in run:  # "c_k / n (Lagrange …": the formula ends
            run = run[: run.rindex(" (")]
        if not run.strip():
            parts.append((False, text[pos]))
            pos += 1
            continue
        # punctuation that ends or starts a clause is text, and so are spaces around a formula
        stripped = run.strip(" ,;:")
        lead = run[: run.index(stripped)] if stripped else run
        tail = run[len(lead) + len(stripped) :]
        formula = bool(_STRONG.search(stripped)) and _balanced(stripped)
        formula = formula and bool(re.search(rf"[A-Za-z0-9{_GREEK}]", stripped))
        start = pos + len(lead)  # where the formula itself begins, after the spaces it took
        if stripped[:1] in "([" and start > 0 and text[start - 1].isalnum():
            formula = False  # the arguments of a word: Bernoulli(p) is text
        elif re.fullmatch(r"[(\[].*[)\]]", stripped) and not re.search(r"[_=≤≥‖]", stripped):
            formula = False  # a parenthesised remark, e.g. (five outcomes)
        parts.append((False, lead))
        parts.append((formula, stripped))
        parts.append((False, tail))
        pos += len(run)
    merged: list[tuple[bool, str]] = []
    for formula, piece in (p for p in parts if p[1]):
        if merged and not formula and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + piece)  # adjacent text is one piece
        else:
            merged.append((formula, piece))
    return merged


def formula_spans(text: object) -> list[tuple[bool, str]]:
    """``text`` cut into ``(is_formula, piece)`` parts, as the titles are typeset."""
    return _spans(str(text))


def math_of(formula: str) -> str:
    """A formula piece of :func:`formula_spans` as LaTeX math (without the ``$``)."""
    return _math(formula)


def title_tex(text: object) -> str:
    """``text`` as LaTeX: formulas in ``$…$``, the rest escaped like any claim text."""
    out = []
    for formula, piece in _spans(str(text)):
        out.append(f"${_math(piece)}$" if formula else escape_tex(piece))
    return "".join(out)


def title_md(text: object) -> str:
    r"""``text`` as Markdown: formulas as ``$…$`` math (GitHub, GitLab, Colab), the rest escaped.

    >>> print(title_md("Gibbs: D_KL(p‖q) ≥ 0"))
    Gibbs: $D_{\mathrm{KL}}(p \Vert q) \ge 0$
    """
    from ._escape import _MD_SPECIALS, escape_md

    out = []
    for formula, piece in _spans(str(text)):
        if formula:
            out.append(f"${_math(piece)}$")
        elif not out:  # only the line's start can open a heading or a list
            out.append(escape_md(piece))
        else:
            flat = re.sub(r"[\r\n\t]+", " ", piece)
            out.append("".join("\\" + c if c in _MD_SPECIALS else c for c in flat))
    return "".join(out)


_SUBSCRIPTED = re.compile(
    rf"(?<![A-Za-z0-9])([A-Za-z{_GREEK}∇Σ∂][A-Za-z{_GREEK}\u0302\u0304]*)"
    rf"_(\{{[A-Za-z0-9{_GREEK},]+\}}|[A-Za-z0-9{_GREEK}]+(?:,[A-Za-z0-9]+)?)"
)


def title_html(text: object) -> str:
    """``text`` as HTML with subscripts: ``D_KL(p‖q)`` → ``D<sub>KL</sub>(p‖q)``; the rest
    (and the subscripts themselves) escaped, so the result is safe markup.

    >>> title_html("q_θ <b>")
    'q<sub>θ</sub> &lt;b&gt;'
    """
    from markupsafe import escape

    source = str(text)
    out: list[str] = []
    pos = 0
    for match in _SUBSCRIPTED.finditer(source):
        out.append(str(escape(source[pos : match.start()])))
        base, sub = match.group(1), match.group(2).strip("{}")
        out.append(f"{escape(base)}<sub>{escape(sub)}</sub>")
        pos = match.end()
    out.append(str(escape(source[pos:])))
    return "".join(out)
