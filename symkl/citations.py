"""Where a claim comes from: a work, the part of it that states the claim, and how to print both.

A catalog entry's ``source`` is made with :func:`cite`; it is still a string (its plain text,
what ``symkl show`` and ``--json`` print), and it also carries the structured citations the
reports typeset: the work in italics or quotes, the part (a section, an answer, a theorem), the
address when the work has one, and the seed document it was read from as a footnote only::

    >>> print(cite(BISHOP, "Appendix B"))
    Christopher M. Bishop, Pattern Recognition and Machine Learning (Springer, 2006), Appendix B

A user's own claim files may cite their own works the same way (``Work(...)``), or pass any
plain string as ``source``: a string that is not a known citation is printed as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import MalformedClaimError

__all__ = [
    "BISHOP",
    "CHYZAK_NIELSEN",
    "COVER_THOMAS",
    "CV_DIFFERENCE",
    "CV_PRACTICE",
    "EVANS",
    "FORBES",
    "GIL",
    "KNOWN_WORKS",
    "LEI_MAO",
    "LOAIZA_GANEM",
    "MURPHY",
    "PENNY",
    "Citation",
    "Sources",
    "Work",
    "cite",
    "lookup",
]


@dataclass(frozen=True)
class Work:
    """A cited work: a book, an article, a blog post or a Q&A thread.

    ``title`` is the work's own title (printed in italics for a book, in quotes otherwise);
    a work whose document shows no title has a ``description`` instead. ``parts`` lists the
    parts a citation may name (empty: any non-empty locator, e.g. "Theorem 2.6.3"), and
    ``labels`` how each is printed ("answer 2" → "answer 2 (score 22, by zewen liu)").
    ``whole`` marks a short work cited as a whole; ``short`` names it in tables (the reports'
    index); ``seed`` is the file name of the seed document it was read from.
    """

    key: str
    kind: str
    title: str = ""
    description: str = ""
    author: str = ""
    venue: str = ""
    url: str | None = None
    seed: str | None = None
    parts: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    whole: bool = False
    short: str = ""

    def label(self, part: str) -> str:
        """How ``part`` is printed: its label, or the part itself."""
        return dict(self.labels).get(part, part)

    def knows(self, part: str) -> bool:
        """Whether ``part`` is a part of this work a citation may name."""
        if not part:
            return self.whole
        return part in self.parts if self.parts else True

    def text(self) -> str:
        """The work in plain text: author, title (quoted) or description, venue."""
        name = f"“{self.title}”" if self.title and self.kind != "book" else self.title
        head = ", ".join(x for x in (self.author, name or self.description) if x)
        return f"{head} ({self.venue})" if self.venue else head


@dataclass(frozen=True)
class Citation:
    """One part of one work, with an optional detail (a quotation or a remark)."""

    work: Work
    part: str = ""
    detail: str = ""

    def text(self) -> str:
        """The citation in plain text."""
        out = self.work.text()
        if self.part:
            out += f", {self.work.label(self.part)}"
        return out + (f": {self.detail}" if self.detail else "")


class Sources(str):
    """A ``source`` string that also carries its structured citations (``.citations``)."""

    citations: tuple[Citation, ...]

    def __new__(cls, citations: Iterable[Citation]) -> Sources:
        cited = tuple(citations)
        obj = super().__new__(cls, "; ".join(c.text() for c in cited))
        obj.citations = cited
        _KNOWN[str(obj)] = obj
        return obj

    def __add__(self, other: str) -> str:
        """``cite(a, …) + cite(b, …)`` cites both; adding plain text gives plain text."""
        if isinstance(other, Sources):
            return Sources(self.citations + other.citations)
        return str(self) + other

    def __getnewargs__(self) -> tuple[tuple[Citation, ...]]:  # type: ignore[override]
        # pickled to worker processes and back: rebuilt from the citations, not the text
        return (self.citations,)

    @property
    def works(self) -> tuple[Work, ...]:
        """The works cited, each once, in order."""
        return tuple(dict.fromkeys(c.work for c in self.citations))


_KNOWN: dict[str, Sources] = {}


def cite(work: Work, part: str = "", detail: str = "") -> Sources:
    """Cite ``part`` of ``work``; ``+`` joins citations: ``cite(A, "x") + cite(B, "y")``.

    >>> cite(CV_DIFFERENCE, "answer 2").citations[0].work.key
    'cv-difference'
    """
    if not isinstance(work, Work):
        raise MalformedClaimError(f"cite() takes a Work first, got {work!r}")
    if not work.knows(part):
        known = ", ".join(repr(p) for p in work.parts) or "a locator such as 'Theorem 2.6.3'"
        raise MalformedClaimError(f"{work.key} has no part {part!r}; its parts: {known}")
    return Sources([Citation(work, part, detail)])


def lookup(text: object) -> Sources | None:
    """The structured citations behind ``text`` (a :class:`Sources` or its plain text)."""
    if isinstance(text, Sources):
        return text
    return _KNOWN.get(str(text)) if isinstance(text, str) else None


# --- The works the built-in catalog cites -------------------------------------------------------

CV_DIFFERENCE = Work(
    key="cv-difference",
    short="Cross Validated, CE vs KL",
    kind="thread",
    description="Q&A thread on the difference between cross-entropy and KL divergence",
    venue="Cross Validated",
    seed="000_a763d7db240be4c5.txt",
    parts=("question", "answer 1", "answer 2", "answer 3", "answer 4", "comments on answer 2"),
    labels=(
        ("answer 1", "answer 1 (score 69)"),
        ("answer 2", "answer 2 (score 22, by zewen liu)"),
        ("answer 3", "answer 3 (score 3)"),
        ("answer 4", "answer 4 (score 1)"),
    ),
)
LEI_MAO = Work(
    key="lei-mao",
    short="Lei Mao’s blog",
    kind="blog post",
    author="Lei Mao",
    description="blog post on cross entropy, KL divergence and maximum likelihood estimation",
    seed="001_8d6328440cde4c6b.txt",
    parts=(
        "Shannon Entropy",
        "Cross Entropy",
        "Kullback-Leibler Divergence",
        "Maximum Likelihood Estimation",
        "Maximum Likelihood Estimation and Cross Entropy",
        "Cross Entropy and KL Divergence",
        "Optimization Using Cross Entropy or KL Divergence",
    ),
    labels=tuple(
        (s, f"section “{s}”")
        for s in (
            "Shannon Entropy",
            "Cross Entropy",
            "Kullback-Leibler Divergence",
            "Maximum Likelihood Estimation",
            "Maximum Likelihood Estimation and Cross Entropy",
            "Cross Entropy and KL Divergence",
            "Optimization Using Cross Entropy or KL Divergence",
        )
    ),
)
CV_PRACTICE = Work(
    key="cv-practice",
    short="Cross Validated, CE vs KL in practice",
    kind="thread",
    title="Cross entropy vs KL divergence: What's minimized directly in practice?",
    venue="Q&A thread, Cross Validated",
    seed="002_5e987451e931c6e2.txt",
    parts=("question", "question, Motivation", "answer", "comments on the answer"),
    labels=(
        ("question", "question (by Josh)"),
        ("question, Motivation", "question (by Josh), “Motivation”"),
        ("answer", "answer (by Sebastian)"),
        ("comments on the answer", "comments on the answer (Josh and Sebastian)"),
    ),
)
COVER_THOMAS = Work(
    key="cover-thomas",
    short="Cover & Thomas",
    kind="book",
    author="Thomas M. Cover and Joy A. Thomas",
    title="Elements of Information Theory",
    venue="2nd ed., Wiley, 2006",
)
BISHOP = Work(
    key="bishop",
    short="Bishop",
    kind="book",
    author="Christopher M. Bishop",
    title="Pattern Recognition and Machine Learning",
    venue="Springer, 2006",
)
MURPHY = Work(
    key="murphy",
    short="Murphy",
    kind="book",
    author="Kevin P. Murphy",
    title="Probabilistic Machine Learning: Advanced Topics",
    venue="MIT Press, 2023",
)
FORBES = Work(
    key="forbes",
    short="Forbes et al.",
    kind="book",
    author="Catherine Forbes, Merran Evans, Nicholas Hastings and Brian Peacock",
    title="Statistical Distributions",
    venue="4th ed., Wiley, 2011",
)
PENNY = Work(
    key="penny",
    short="Penny",
    kind="article",
    author="Will D. Penny",
    title="KL-Divergences of Normal, Gamma, Dirichlet and Wishart densities",
    venue="technical report, University College London, 2001",
    whole=True,
)
GIL = Work(
    key="gil",
    short="Gil, Alajaji & Linder",
    kind="article",
    author="Manuel Gil, Fady Alajaji and Tamás Linder",
    title="Rényi divergence measures for commonly used univariate continuous distributions",
    venue="Information Sciences 249, 2013",
    whole=True,
)
EVANS = Work(
    key="evans",
    short="Evans et al.",
    kind="article",
    author="Ronald J. Evans, J. Boersma, N. M. Blachman and A. A. Jagers",
    title="The entropy of a Poisson distribution",
    venue="SIAM Review 30, 1988",
    whole=True,
)
LOAIZA_GANEM = Work(
    key="loaiza-ganem",
    short="Loaiza-Ganem & Cunningham",
    kind="article",
    author="Gabriel Loaiza-Ganem and John P. Cunningham",
    title="The continuous Bernoulli: fixing a pervasive error in variational autoencoders",
    venue="NeurIPS 2019",
    whole=True,
)
CHYZAK_NIELSEN = Work(
    key="chyzak-nielsen",
    short="Chyzak & Nielsen",
    kind="article",
    author="Frédéric Chyzak and Frank Nielsen",
    title="A closed-form formula for the Kullback-Leibler divergence between Cauchy distributions",
    venue="2019",
    whole=True,
)

LIN = Work(
    key="lin",
    short="Lin",
    kind="article",
    author="Jianhua Lin",
    title="Divergence measures based on the Shannon entropy",
    venue="IEEE Transactions on Information Theory 37(1), 1991",
    whole=True,
)

#: Every work above, by key: a catalog entry cites only these (tests/test_citations.py).
KNOWN_WORKS: dict[str, Work] = {
    w.key: w
    for w in (CV_DIFFERENCE, LEI_MAO, CV_PRACTICE, COVER_THOMAS, BISHOP, MURPHY, FORBES, PENNY,
              GIL, EVANS, LOAIZA_GANEM, CHYZAK_NIELSEN, LIN)
}  # fmt: skip
