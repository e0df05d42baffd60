"""The ``symkl check`` grammar in a few lines, for ``--help`` (no SymPy import here).

>>> "I(X;Y|Z)" in GRAMMAR_HELP
True
"""

__all__ = ["GRAMMAR_HELP"]

#: The grammar in a few lines, for ``symkl check --help``.
GRAMMAR_HELP = (
    "Names: H(p) entropy, H(p,q) or CE(p,q) cross-entropy, KL(p||q), JS(p||q), TV(p,q), "
    "E_p[f] or E(p,f), sum(f) over outcomes, Sum(f, (i,1,n)) with p[i], log, exp, sqrt, abs; "
    "single letters p, q, r, ... are distributions over n outcomes. Random variables U..Z of "
    "one joint table: H(X), H(X,Y), H(Y|X), I(X;Y), I(X;Y|Z) (two variables: an m x n table). "
    "Relations: =, <=, >=, <, >."
)
