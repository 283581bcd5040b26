"""The one reading of money, percentages and rates that contracts, budgets and quotes share."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huiwu.core.money import amount_of, decimal_of, percent_of, rate_of

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20000", Decimal("20000.00")),
        (" 88.5 ", Decimal("88.50")),
        (12, Decimal("12.00")),
        ("1.001", None),
        ("-5", None),
        ("9" * 20, None),
        ("1e12", None),
        ("NaN", None),
        ("Infinity", None),
        ("一万", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_an_amount(typed, expected):
    assert amount_of(typed) == expected


def test_a_negative_amount_only_where_allowed():
    assert amount_of("-120.5", negative=True) == Decimal("-120.50")
    assert amount_of("-120.5") is None


PERCENTS = [
    ("5", Decimal("5.00")),
    ("100", Decimal("100.00")),
    ("100.01", None),
    ("-1", None),
    ("2.555", None),
]


@pytest.mark.parametrize(("typed", "expected"), PERCENTS)
def test_a_percentage(typed, expected):
    assert percent_of(typed) == expected


@pytest.mark.parametrize(("typed", "ok"), [("7.1", True), ("0.000001", True), ("0", False), ("1e6", False),
                                           ("7.1234567", False), ("x", False)])  # fmt: skip
def test_a_rate(typed, ok):
    assert (rate_of(typed) is not None) is ok


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.decimals(allow_nan=True)))
def test_any_input_is_a_value_or_none_never_an_error(value):
    for read in (decimal_of, amount_of, percent_of, rate_of):
        found = read(value)
        assert found is None or (isinstance(found, Decimal) and found.is_finite())
