"""The HTML format's filters: MathML for relations and steps, verdict badges, numbers.

>>> str(verdict_html(Verdict.PROVED, "termwise-sum"))
'<span class="badge proved">proved</span> <code class="method">termwise-sum</code>'

Everything returned here is :class:`markupsafe.Markup` built from escaped parts; the HTML
environment autoescapes every other value, so a title holding ``<script>`` prints literally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from xml.dom.minidom import Element

import sympy
from markupsafe import Markup, escape

from .._proof import Verdict
from ..relations import Maximize, RelationKind
from ._context import RelationView
from ._escape import format_number, symbol_is_identifier
from ._mathml import SymklMathMLPrinter, finish, mathml
from ._mle import mle_view
from ._title import title_html

__all__ = ["html_filters", "relation_mathml", "verdict_html"]

_MATH_OPEN = '<math xmlns="http://www.w3.org/1998/Math/MathML"{}>'
#: The relations written with one symbol between the sides (their words are that symbol).
_PLAIN = (RelationKind.EQ, RelationKind.LE, RelationKind.GE, RelationKind.LT, RelationKind.GT)


def _printer() -> SymklMathMLPrinter:
    return SymklMathMLPrinter({"ln_notation": False, "mat_delim": "("})


def _wrap(printer: SymklMathMLPrinter, node: Element, display: bool) -> Markup:
    attrs = ' display="block"' if display else ""
    body = finish(node.toxml().encode("ascii", "xmlcharrefreplace").decode())
    return Markup(_MATH_OPEN.format(attrs) + body + "</math>")


def _under_op(printer: SymklMathMLPrinter, name: str, wrt: Sequence[Any]) -> Element:
    """``arg min`` / ``arg max`` with the variables under it, or ∇ with them as a subscript."""
    over = printer.row(*_commas(printer, [printer._print(_label(w)) for w in wrt]))
    if name == "∇":
        return printer.element("msub", printer.op("∇"), over)
    return printer.element("munder", printer.element("mo", text=name, movablelimits="true"), over)


def _label(w: Any) -> Any:
    return w.label if isinstance(w, sympy.IndexedBase) else w


def _commas(printer: SymklMathMLPrinter, items: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for i, item in enumerate(items):
        if i:
            out.append(",")
        out.append(item)
    return out


def _side(printer: SymklMathMLPrinter, relation: RelationView, side: Any) -> Element:
    if side is None:
        return printer.element("mtext", text="(not available)")
    if relation.kind is RelationKind.SAME_ARGMIN and isinstance(side, Maximize):
        return printer.row(
            _under_op(printer, "arg max", relation.wrt), printer._print(side.args[0])
        )
    if relation.kind is RelationKind.SAME_ARGMIN:
        return printer.row(_under_op(printer, "arg min", relation.wrt), printer._print(side))
    if relation.kind is RelationKind.SAME_GRADIENT:
        return printer.row(_under_op(printer, "∇", relation.wrt), printer._print(side))
    return printer.node(side)


def _mle(printer: SymklMathMLPrinter, relation: Any) -> Element:
    view = mle_view(relation)

    def params() -> list[Any]:
        return _commas(printer, [printer.node(_label(p)) for p in view.parameters])

    def objective() -> Element:  # a fresh DOM node each time: a node has one parent
        x_i = printer.element("msub", printer.ident("x"), printer.ident("i"))
        under = printer.row(printer.ident("i"), "=", printer.element("mn", text="1"))
        total = printer.element("munderover", printer.op("∑"), under, printer.ident("n"))
        pmf = printer.row(
            printer.ident("log", upright=True),
            printer.element("mspace", width="0.25em"),
            printer.ident(view.model, upright=True),
            printer.row("(", x_i, ";", *params(), ")"),
        )
        return printer.row(total, pmf)

    def group(items: list[Element]) -> Element:
        return items[0] if len(items) == 1 else printer.row("(", *_commas(printer, items), ")")

    hats = group([_hat(printer, p) for p, _ in view.estimates])
    values = group([printer.node(v) for _, v in view.estimates])
    argmax = _under_op(printer, "arg max", view.parameters)
    claim = printer.row(hats, "=", argmax, objective(), "=", values)
    where = printer.row(
        printer.element("mtext", text="where\u00a0"),
        objective(),
        "=",
        printer.node(view.log_likelihood),
    )
    # an mtable's cells are not in display style unless told: keep arg max's limits below it
    return printer.element(
        "mtable",
        printer.element("mtr", printer.element("mtd", claim)),
        printer.element("mtr", printer.element("mtd", where)),
        columnalign="left",
        displaystyle="true",
    )


def _hat(printer: SymklMathMLPrinter, parameter: Any) -> Element:
    if isinstance(parameter, sympy.Indexed):
        base = printer.element("mover", printer._print(parameter.base.label), printer.op("^"),
                               accent="true")  # fmt: skip
        return printer.element("msub", base, printer._print(parameter.indices[0]))
    return printer.element("mover", printer._print(parameter), printer.op("^"), accent="true")


def relation_mathml(relation: RelationView, *, display: bool = True) -> Markup:
    """A claim's whole relation as one ``<math>`` element."""
    printer = _printer()
    source, kind = relation.source, relation.kind
    if kind is RelationKind.MAXIMIZER:
        return _wrap(printer, _mle(printer, source), display)
    if kind in _PLAIN or relation.optimisation:
        lhs, rhs = _side(printer, relation, relation.lhs), _side(printer, relation, relation.rhs)
        symbol = kind.words if kind in _PLAIN else "="
        return _wrap(printer, printer.row(lhs, symbol, rhs), display)
    wrt = getattr(source, "wrt", ())
    first, second = getattr(source, "lhs", None), getattr(source, "rhs", None)
    gradient_is = kind is RelationKind.GRADIENT_IS
    if (gradient_is or kind is RelationKind.DIFFERENT_GRADIENT) and None not in (first, second):
        nabla = _under_op(printer, "∇", wrt)
        left = printer.row(nabla, printer.node(first))
        right = printer.node(second) if gradient_is else printer.row(
            _under_op(printer, "∇", wrt), printer.node(second)
        )  # fmt: skip
        return _wrap(printer, printer.row(left, "=" if gradient_is else "≠", right),
                     display)  # fmt: skip
    return _wrap(printer, printer.element("mtext", text=str(source)), display)


def step_symbol_mathml(relation: RelationView) -> Markup:
    """The relation symbol heading a derivation step: =, ≤, or = with arg min / ∇ above it."""
    printer = _printer()
    if relation.optimisation:
        name = "arg min" if relation.kind is RelationKind.SAME_ARGMIN else "∇"
        above = _under_op(printer, name, relation.wrt)
        node = printer.element("mover", printer.op("="), above)
        return _wrap(printer, node, False)
    symbol = relation.kind.words if relation.kind in _PLAIN else "∼"
    return _wrap(printer, printer.op(symbol), False)


def verdict_html(value: object, method: object = "") -> Markup:
    """A coloured verdict badge, then the method that settled it."""
    name = value.value if isinstance(value, Verdict) else str(value)
    known = name if name in {v.value for v in Verdict} else "undecided"
    badge = Markup('<span class="badge {}">{}</span>').format(known, name)
    if method:
        return badge + Markup(' <code class="method">{}</code>').format(method)
    return badge


def symbol_html(name: object) -> Markup:
    """A counterexample key as MathML (``p_1`` → p₁) when it is an identifier, else text."""
    text = str(name)
    if symbol_is_identifier(text):
        return Markup(mathml(sympy.Symbol(text)))
    return Markup("<code>{}</code>").format(text)


def html_filters() -> dict[str, Callable[..., Any]]:
    """The filters the HTML templates use (``math``, ``relation``, ``verdict`` …)."""
    return {
        "math": lambda expr: Markup(mathml(expr)),
        "display_math": lambda expr: Markup(mathml(expr, display=True)),
        "relation": relation_mathml,
        "step_symbol": step_symbol_mathml,
        "verdict": verdict_html,
        "symbol": symbol_html,
        "number": lambda value: escape(format_number(value)),
        "title_html": lambda text: Markup(title_html(text)),
    }
