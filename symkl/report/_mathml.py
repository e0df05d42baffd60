"""SymPy expressions as presentation MathML, including symkl's measures and distributions.

>>> from symkl import Discrete, kl_divergence
>>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
>>> mathml(kl_divergence(p, q))
'<math xmlns="http://www.w3.org/1998/Math/MathML"><mrow><msub><mi>D</mi>...</math>'

SymPy's presentation printer prints any object it does not know as a lower-case function call
(``kldivergence(indexeddiscrete(str(), n), …)``), so symkl's classes get their textbook forms
here: H(p), H(p, q), D_KL(p ‖ q), E_p[f], Σ_i f, ∫ f dx. Objects printed by their own ``_latex``
that are not handled below fall back to their plain ``str`` in an ``<mtext>``: readable, never
broken. The output is MathML Core (no ``mfenced``), which browsers render without JavaScript.
"""

from __future__ import annotations

import re
from typing import Any
from xml.dom.minidom import Element

import sympy
from sympy.printing.mathml import MathMLPresentationPrinter

__all__ = ["SymklMathMLPrinter", "finish", "mathml", "mathml_inner"]


class SymklMathMLPrinter(MathMLPresentationPrinter):
    """The presentation printer with symkl's measures, distributions and optimisation markers."""

    # --- small DOM helpers ---------------------------------------------------------------------
    def element(self, tag: str, *children: Any, text: str | None = None, **attrs: str) -> Element:
        """An element with ``children`` (DOM nodes, or strings printed as ``<mo>``)."""
        node: Element = self.dom.createElement(tag)
        for key, value in sorted(attrs.items()):
            node.setAttribute(key.rstrip("_"), value)
        if text is not None:
            node.appendChild(self.dom.createTextNode(text))
        for child in children:
            node.appendChild(self.op(child) if isinstance(child, str) else child)
        return node

    def op(self, symbol: str) -> Element:
        """An operator such as ``(``, ``‖`` or ``=``."""
        return self.element("mo", text=symbol)

    def ident(self, name: str, *, upright: bool = False) -> Element:
        """An identifier; multi-letter names are upright anyway, ``upright`` forces it."""
        if upright:
            return self.element("mi", text=name, mathvariant="normal")
        return self.element("mi", text=name)

    def row(self, *children: Any) -> Element:
        """An ``<mrow>`` of ``children``."""
        return self.element("mrow", *children)

    def fenced(self, left: str, right: str, *children: Any) -> Element:
        """``children`` between two stretchy fences, separated by commas."""
        items: list[Any] = [left]
        for i, child in enumerate(children):
            if i:
                items.append(",")
            items.append(child)
        items.append(right)
        return self.row(*items)

    # --- symkl objects ------------------------------------------------------------------------
    def _base_sub(self, head: Element, base: sympy.Expr) -> Element:
        if base == sympy.E:
            return head
        return self.element("msub", head, self._print(base))

    def _print_Entropy(self, e: Any) -> Element:
        head = self._base_sub(self.ident("H"), e.base)
        return self.row(head, self.fenced("(", ")", self._print(e.dist)))

    def _print_CrossEntropy(self, e: Any) -> Element:
        head = self._base_sub(self.ident("H"), e.base)
        return self.row(head, self.fenced("(", ")", self._print(e.p), self._print(e.q)))

    def _print_KLDivergence(self, e: Any) -> Element:
        head = self.element("msub", self.ident("D"), self.ident("KL", upright=True))
        if e.base != sympy.E:
            head = self.element(
                "msubsup",
                self.ident("D"),
                self.ident("KL", upright=True),
                self.fenced("(", ")", self._print(e.base)),
            )
        return self.row(head, self.row("(", self._print(e.p), "‖", self._print(e.q), ")"))

    def _print_Expectation(self, e: Any) -> Element:
        head = self.element("msub", self.ident("𝔼"), self._print(e.p))
        return self.row(head, self.row("[", self._print(e.f), "]"))

    def _print_OutcomeSum(self, e: Any) -> Element:
        from ..distributions import IndexedDiscrete, Kind

        body = self._print(e._as_outcome_function(self))
        support = e.support
        if support.kind is Kind.CONTINUOUS:
            var = self._print(support.variable)
            return self.row(self.op("∫"), body, self.element("mspace", width="0.2em"),
                            self.ident("d", upright=True), var)  # fmt: skip
        if isinstance(e.over, IndexedDiscrete):
            under = self.row(self.ident("i"), "=", self.element("mn", text="1"))
            head = self.element("munderover", self.op("∑"), under, self._print(e.over.n))
        else:
            head = self.element("munder", self.op("∑"), self.ident("x"))
        return self.row(head, body)

    def node(self, expr: Any) -> Element:
        """``expr`` printed as a DOM node."""
        node: Element = self._print(expr)
        return node

    def _print_Distribution(self, e: Any) -> Element:
        if re.fullmatch(r"[^\W\d]\w*", e.name):
            return self.node(sympy.Symbol(e.name))
        return self.element("mtext", text=e.name)  # Cat(1/3, 1/3, 1/3): text, not a symbol

    def _print_Family(self, e: Any) -> Element:
        label = getattr(e, "label", type(e).__name__)
        params = getattr(e, "probs", None) or getattr(e, "concentration", None)
        if type(e).__name__ == "MultivariateNormal":
            args = [self._print(sympy.Matrix(e.loc)), self._print(e.covariance_matrix)]
        elif params is not None and type(e).__name__ in ("Categorical", "Dirichlet"):
            args = [self.fenced("(", ")", *(self._print(a) for a in params))]
        else:
            args = [self._print(a) for a in e.args]
        return self.row(self.ident(label, upright=True), self.fenced("(", ")", *args))

    def _print_Coordinate(self, e: Any) -> Element:
        return self.element("msub", self.ident("x"), self._print(e.args[1]))

    def _print_Maximize(self, e: Any) -> Element:
        return self.row(self.ident("max", upright=True), self._print(e.args[0]))

    def _print_Indexed(self, e: Any) -> Element:
        # p[i] prints as p_i (SymPy writes a bare function application)
        indices = [self._print(i) for i in e.indices]
        sub = indices[0] if len(indices) == 1 else self.row(*_commas(self, indices))
        return self.element("msub", self._print(e.base.label), sub)

    def _print_IndexedBase(self, e: Any) -> Element:
        return self.node(e.label)

    def emptyPrinter(self, expr: Any) -> Element:
        # Anything unknown reads as its plain text (e.g. a user's custom relation type).
        return self.element("mtext", text=str(expr))


def _commas(printer: SymklMathMLPrinter, items: list[Element]) -> list[Any]:
    out: list[Any] = []
    for i, item in enumerate(items):
        if i:
            out.append(",")
        out.append(item)
    return out


_PRINTER_SETTINGS: dict[str, Any] = {"ln_notation": False, "mat_delim": "("}


def finish(xml: str) -> str:
    """Typographic touches on printed MathML: a real minus sign instead of a hyphen."""
    return xml.replace("<mo>-</mo>", "<mo>&#8722;</mo>")


def mathml_inner(expr: Any) -> str:
    """The MathML of ``expr`` without the enclosing ``<math>`` element."""
    printer = SymklMathMLPrinter(dict(_PRINTER_SETTINGS))
    text: str = printer.doprint(sympy.sympify(expr, strict=False) if _plain(expr) else expr)
    return finish(text)


def _plain(expr: Any) -> bool:
    return isinstance(expr, (int, float, str))


def mathml(expr: Any, *, display: bool = False) -> str:
    """``expr`` as one ``<math>`` element (``display=True``: a centred block)."""
    attrs = ' display="block"' if display else ""
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML"{attrs}>{mathml_inner(expr)}</math>'
