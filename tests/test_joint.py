"""Joint tables, marginals, conditionals, channels, uniform, mixtures and laws of g(X)."""

import pytest
import sympy
from sympy import Rational, S, Symbol

import symkl
from symkl.distributions import Discrete, UniformDiscrete
from symkl.errors import InvalidDistributionError, SupportMismatchError, UnsupportedMeasureError
from symkl.information import Joint, mixture

Q = Rational(1, 4)


def test_marginals_sum_out_the_other_variable() -> None:
    """p(x) and p(y) are the row and column sums of the table."""
    joint = Joint([[Q, Q], [Rational(1, 2), 0]], names=("X", "Y"))
    assert joint.marginal("X").probs == (Rational(1, 2), Rational(1, 2))
    assert joint.marginal("Y").probs == (Rational(3, 4), Rational(1, 4))


def test_conditional_rows_are_normalised() -> None:
    """p(y | x) divides each row by its mass."""
    rows = Joint([[Q, Q], [Rational(1, 2), 0]]).conditional("Y", given="X")
    assert [r.probs for r in rows] == [(Rational(1, 2), Rational(1, 2)), (1, 0)]


def test_conditioning_on_a_zero_probability_event_names_it() -> None:
    """A row of zeros cannot be conditioned on; the error names the event."""
    with pytest.raises(InvalidDistributionError, match="X = 2"):
        Joint([[Rational(1, 2), Rational(1, 2)], [0, 0]]).conditional("Y", given="X")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([[0.5, 0.6], [0, 0]], "sum to 1"),
        ([[-0.5, 1], [0.5, 0]], "-0.5"),
        ([[0.5], [0.25, 0.25]], "same shape"),
        ([0.5, 0.5], "two axes"),
    ],
)
def test_bad_tables_are_rejected_with_the_value(table: object, message: str) -> None:
    """Tables that do not sum to 1, negative entries and ragged rows raise, naming them."""
    with pytest.raises(InvalidDistributionError, match=message):
        Joint(table)


def test_unknown_variable_name_lists_the_known_ones() -> None:
    """Marginalising over a name the joint does not have raises."""
    with pytest.raises(InvalidDistributionError, match="'Z'"):
        Joint.symbolic("p", (2, 2)).marginal("Z")


def test_symbolic_table_records_its_normalisation() -> None:
    """Joint.symbolic gives positive symbols whose sum 1 is a domain fact."""
    joint = Joint.symbolic("p", (2, 3))
    assert len(joint.probs) == 6
    assert all(v.is_positive for v in joint.probs)
    assert sympy.Eq(sympy.Add(*joint.probs), 1) in joint.domain_facts()


def test_symbolic_sizes_give_an_indexed_table() -> None:
    """Two Symbol sizes give p[i, j]; three are refused; explicit sizes come back on subs."""
    from symkl.joint import IndexedJoint

    m, n = Symbol("m", integer=True, positive=True), Symbol("n", integer=True, positive=True)
    table = Joint.symbolic("p", (m, n))
    assert isinstance(table, IndexedJoint)
    assert table.marginal("Y").support.upper == n
    explicit = table.subs({m: 2, n: 3})
    assert isinstance(explicit, Joint)
    assert explicit.shape == (2, 3)
    with pytest.raises(UnsupportedMeasureError, match="two Symbol sizes"):
        Joint.symbolic("p", (m, n, 2))
    with pytest.raises(InvalidDistributionError, match="positive integer"):
        Joint.symbolic("p", (Symbol("t"), n))
    with pytest.raises(InvalidDistributionError, match="'Z'"):
        table.marginal("Z")


def test_product_of_marginals_is_independent() -> None:
    """Each cell of the product is p(x) p(y)."""
    product = Joint([[Q, Q], [Rational(1, 2), 0]]).product_of_marginals()
    assert product.probs == (Rational(3, 8), Rational(1, 8), Rational(3, 8), Rational(1, 8))


def test_from_channel_multiplies_rows_by_the_input() -> None:
    """p(x, y) = p(x) W(y | x); a channel of the wrong height is refused."""
    joint = Joint.from_channel([S.Half, S.Half], [[1, 0], [S.Half, S.Half]])
    assert joint.probs == (S.Half, 0, Q, Q)
    with pytest.raises(SupportMismatchError, match="one row per outcome"):
        Joint.from_channel([S.Half, S.Half], [[1, 0]])


def test_joint_survives_substitution() -> None:
    """SymPy rebuilds a Joint from its args (subs), keeping names and shape."""
    joint = Joint.symbolic("p", (2, 2))
    a = joint.probs[0]
    rebuilt = joint.subs(a, Q)
    assert isinstance(rebuilt, Joint)
    assert rebuilt.names == ("X", "Y")
    assert rebuilt.probs[0] == Q


def test_uniform_explicit_and_symbolic() -> None:
    """uniform(3) is explicit; uniform(n) is symbolic and becomes explicit when n is set."""
    assert Discrete.uniform(3).probs == (Rational(1, 3),) * 3
    n = Symbol("n", integer=True, positive=True)
    u = Discrete.uniform(n)
    assert isinstance(u, UniformDiscrete)
    assert u.value_at(1) == 1 / n
    assert u.subs(n, 2).probs == (S.Half, S.Half)
    with pytest.raises(InvalidDistributionError, match="0"):
        Discrete.uniform(0)
    with pytest.raises(InvalidDistributionError, match="integer"):
        Discrete.uniform(Symbol("t"))


def test_map_merges_outcomes_with_equal_labels() -> None:
    """The law of g(X) adds the probabilities of outcomes g sends to one value."""
    p = Discrete([Q, Q, S.Half])
    assert p.map([0, 0, 1]).probs == (S.Half, S.Half)
    assert p.map(lambda k: k % 2).probs == (Rational(3, 4), Q)
    with pytest.raises(InvalidDistributionError, match="one label per outcome"):
        p.map([0, 1])


def test_mixture_weights_and_validation() -> None:
    """w·p + (1 − w)·q; a weight outside [0, 1] or sizes that differ are refused."""
    assert mixture([1, 0], [0, 1], Q).probs == (Q, Rational(3, 4))
    with pytest.raises(InvalidDistributionError, match="3/2"):
        mixture([1, 0], [0, 1], Rational(3, 2))
    with pytest.raises(SupportMismatchError, match="one size"):
        mixture([1, 0], [S.Half, Q, Q], S.Half)


def test_flat_table_with_the_wrong_shape_is_refused() -> None:
    """A flat table whose length is not the product of the sizes names both."""
    with pytest.raises(InvalidDistributionError, match=r"shape \(3, 2\) has 6 cells, got 4"):
        Joint([0.25] * 4, shape=(3, 2))


def test_table_not_summing_to_one_shows_the_table() -> None:
    """The sum error quotes the nested table the user wrote, and the total."""
    with pytest.raises(
        InvalidDistributionError, match=r"got 0\.9 .*\[\[0\.5, 0\.2\], \[0\.1, 0\.1\]\]"
    ):
        Joint([[0.5, 0.2], [0.1, 0.1]])


def test_negative_entry_is_named() -> None:
    """A negative cell is named with its position."""
    with pytest.raises(InvalidDistributionError, match=r"non-negative, got -0\.1 at position 2"):
        Joint([[0.5, -0.1], [0.3, 0.3]])


def test_unknown_variable_in_a_measure_is_named() -> None:
    """A measure over a variable the table does not have lists the known ones."""
    table = Joint([[0.25, 0.25], [0.25, 0.25]])
    with pytest.raises(InvalidDistributionError, match=r"unknown variable 'W'.*\('X', 'Y'\)"):
        symkl.mutual_information(table, "X", "W")


def test_conditioning_on_a_zero_probability_outcome_is_named() -> None:
    """Conditioning on X = 2 when p(X = 2) = 0 names the outcome."""
    with pytest.raises(InvalidDistributionError, match="cannot condition on X = 2"):
        Joint([[0.5, 0.5], [0, 0]]).conditional("Y", given="X")


@pytest.mark.parametrize(
    ("joint", "shown"),
    [
        (lambda: Joint([[S(1) / 4, S(1) / 4], [S(1) / 2, 0]]), "Joint([[1/4, 1/4], [1/2, 0]])"),
        (
            lambda: Joint([[0.5, 0], [0, 0.5]], names=("A", "B"), name="q"),
            "Joint([[0.5, 0], [0, 0.5]], names=('A', 'B'), name='q')",
        ),
        (
            lambda: Joint.symbolic("p", (2, 3)),
            "Joint([[p_1_1, p_1_2, p_1_3], [p_2_1, p_2_2, p_2_3]])",
        ),
        (
            lambda: Joint([[[S(1) / 4, 0], [0, 0]], [[0, 0], [0, S(3) / 4]]]),
            "Joint([[[1/4, 0], [0, 0]], [[0, 0], [0, 3/4]]])",
        ),
    ],
)
def test_a_joint_prints_as_its_table(joint, shown: str) -> None:  # type: ignore[no-untyped-def]
    """print(Joint(...)) shows the nested table, and names only when they are not the default."""
    assert str(joint()) == shown
    assert repr(joint()) == shown
