"""Moments and their values in words a student reads: E|x − μ₂|, ψ(a), Γ(s), exp(−λ·μ).

The step derivations name each expectation (:func:`moment_words`) and show its value on one line
of text when it has one (:func:`readable`); the proofs list log-densities in the same words
(:func:`plain`).

>>> from sympy import Symbol
>>> moment_words(Phi(PhiKind.ABS, Symbol("m")), "x")
'the mean absolute distance E|x − m|'
"""

from __future__ import annotations

import re

import sympy

from .._unicode import text_math
from ._moments import Phi, PhiKind

__all__ = ["moment_words", "plain", "readable"]


#: What each basis function's expectation is called, in words a student reads.
_WORDS = {
    PhiKind.ONE: "E[1] = 1, the total probability",
    PhiKind.X: "the mean E[x]",
    PhiKind.X2: "the second moment E[x²] (variance plus squared mean)",
    PhiKind.LOG: "the mean logarithm E[log x]",
    PhiKind.LOG1M: "the mean E[log(1 − x)]",
    PhiKind.ABS: "the mean absolute distance E|x − m|",
    PhiKind.LOGFACT: "the mean E[log k!] (a convergent series, kept as it is)",
    PhiKind.LOG2: "the mean squared logarithm E[(log x)²]",
    PhiKind.EXPNEG: "the exponential moment E[exp(−(x − m)/c)]",
    PhiKind.POW: "the power moment E[(x/c)^j]",
    PhiKind.LOGQUAD: "the mean E[log(1 + ((x − m)/c)²)]",
    PhiKind.LOGCHOOSE: "the mean E[log C(n, x)] (a finite sum, kept as it is)",
    PhiKind.LOGMULTICHOOSE: "the mean E[log C(x + r − 1, x)] (a convergent series, kept as it is)",
}


def moment_words(phi: Phi, variable: str = "x") -> str:
    """The name of E[φ] in words, with the shift and scale of φ and the outcome's letter.

    >>> moment_words(Phi(PhiKind.X), "k")
    'the mean E[k]'
    """
    x = sympy.Symbol(variable)
    text = _WORDS[phi.kind]
    shifted = (PhiKind.ABS, PhiKind.EXPNEG, PhiKind.LOGQUAD)
    if phi.kind in shifted and phi.shift != 0:
        text = text.replace("x − m", f"x − {text_math(phi.shift)}")
    elif phi.kind in shifted:  # no shift: e^{−x/c}, not e^{−(x)/c}
        text = text.replace("((x − m)/c)", "(x/c)").replace("(x − m)/c", "x/c")
        text = text.replace("x − m", "x")
    if phi.kind in (PhiKind.EXPNEG, PhiKind.POW, PhiKind.LOGQUAD):
        # a unit scale of the exponential is left out: e^{−x}, e^{−(x − 2)}, not e^{−x/1}
        unit = phi.kind is PhiKind.EXPNEG and phi.scale == 1
        divisor = "" if unit else f"/{_factor_text(phi.scale)}"
        text = text.replace("/c", divisor).replace("^j", f"^{text_math(phi.shift)}")
    text = text.replace("(x/1)", "x")
    if phi.kind is PhiKind.LOGCHOOSE:
        text = text.replace("C(n,", f"C({_factor_text(phi.shift)},")
    if phi.kind is PhiKind.LOGMULTICHOOSE:
        text = text.replace("x + r − 1", f"x + {_factor_text(phi.shift)} − 1")
    return re.sub(r"(?<![A-Za-z])x(?![A-Za-z])", str(x), text)


def _factor_text(value: sympy.Expr) -> str:
    """``value`` as a divisor a student reads: σ·√ν for sqrt(ν)*σ, in parentheses when it is
    a product or a sum (x/(σ·√ν), not x/σ·√ν).

    >>> _factor_text(sympy.Symbol("s") * sympy.sqrt(sympy.Symbol("n")))
    '(√n·s)'
    """
    shown = text_math(value)
    shown = re.sub(r"sqrt\((\w+)\)", r"√\1", shown)
    shown = re.sub(r"sqrt\(", "√(", shown)
    shown = re.sub(r"(?<!\*)\*(?!\*)", "·", shown)
    atomic = re.fullmatch(r"[\w√]+", shown) is not None
    return shown if atomic else f"({shown})"


#: a value printed without Python syntax: letters, digits, + − / ( ) and the names below
_PLAIN = re.compile(r"[\w\s+\-−/()²³·.,√]*")
_NAMES = {
    r"polygamma\(0, ": "ψ(",
    r"loggamma\(": "log Γ(",
    r"EulerGamma": "γ",
    r"binomial\(": "C(",
    # γ(s, z) with two arguments, the lower incomplete gamma function; Γ(s) the gamma function
    r"lowergamma\(": "γ(",
    r"(?<![a-z])gamma\(": "Γ(",
    # I(s, b, 0, z), the regularised incomplete beta function (said in words where it is shown)
    r"betainc_regularized\(": "I(",
}


def plain(value: sympy.Expr) -> str:
    """``value`` as one line of text without Python syntax: · for *, k!, C(n, k) and ψ, log Γ, γ.

    >>> plain(sympy.log(sympy.binomial(5, sympy.Symbol("k"))))
    'log(C(5, k))'
    """
    shown = text_math(value).replace("**", "^").replace("*", "·")
    shown = re.sub(r"factorial\((\w+)\)", r"\1!", shown)
    for pattern, name in _NAMES.items():
        shown = re.sub(pattern, name, shown)
    return shown


def readable(value: sympy.Expr) -> str:
    """``value`` as one line a student reads (ψ, log Γ, Γ, γ by name), or '' when it has none.

    >>> readable(2 * sympy.exp(-sympy.Symbol("m")) * sympy.gamma(sympy.Symbol("a")))
    '2·exp(-m)·Γ(a)'
    """
    shown = re.sub(r"(?<!\*)\*(?!\*)", "·", text_math(value))  # a product as μ + γ·σ
    for pattern, name in _NAMES.items():
        shown = re.sub(pattern, name, shown)
    # √2, √π and squares as a reader writes them (the folded-normal mean E|x − m|)
    shown = re.sub(r"sqrt\((\w+)\)", r"√\1", shown).replace("sqrt(", "√(")
    shown = re.sub(r"(?<![A-Za-z])pi(?![A-Za-z])", "π", shown)
    shown = re.sub(r"\^2(?!\d)", "²", re.sub(r"\^3(?!\d)", "³", shown))
    words = set(re.findall(r"[A-Za-z]{2,}", shown)) - {"log", "exp", "erf"}
    return shown if _PLAIN.fullmatch(shown) and not words else ""
