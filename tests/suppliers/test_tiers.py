"""The tier rule (pure): tier A by cases of the same level and the failure rate, B and C by the
organisation's figures, the score asked once rated; the unified social credit code's check character."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huiwu.suppliers import tiers, uscc

RULES = tiers.Rules(
    a=tiers.Bar(cases=5, failure_rate=Decimal(2), score=Decimal(4)),
    b=tiers.Bar(cases=2, failure_rate=Decimal(5), score=Decimal(3)),
)


def record(sizes, units=0, failed=0, score=None):
    return tiers.Record(
        attendances=sizes,
        units=units,
        failed=failed,
        score=None if score is None else Decimal(score),
        ratings=0 if score is None else 1,
    )


def test_tier_a_holds_up_to_its_fifth_largest_case():
    v = tiers.judge(record([1500, 1200, 900, 800, 800, 300, 120], units=500, failed=6), RULES)
    assert (v.tier, v.level, v.cases, v.counted) == ("A", 800, 7, 5)
    assert v.failure_rate == Decimal("1.2")
    assert v.basis() == {
        "cases": 7,
        "level": 800,
        "counted": 5,
        "failure_rate": "1.2",
        "score": None,
        "short": [],
    }


def test_for_one_meeting_only_cases_of_at_least_its_size_count():
    sizes = [1500, 1200, 900, 800, 800]
    assert tiers.judge(record(sizes), RULES, attendance=800).tier == "A"
    big = tiers.judge(record(sizes), RULES, attendance=1000)
    assert (big.tier, big.counted, big.short) == ("B", 2, ("cases",))


def test_failure_rate_and_score_keep_a_supplier_from_a():
    five = [1000] * 5
    over = tiers.judge(record(five, units=100, failed=3), RULES)
    assert (over.tier, over.short, over.failure_rate) == ("B", ("failures",), Decimal("3.0"))
    assert tiers.judge(record(five, units=100, failed=2), RULES).tier == "A"  # 2% is "at most 2%"
    low = tiers.judge(record(five, score="3.90"), RULES)
    assert (low.tier, low.short) == ("B", ("score",))
    assert tiers.judge(record(five), RULES).tier == "A"  # never rated: the score is not asked yet


def test_failures_without_units_supplied_are_not_a_low_rate():
    assert tiers.judge(record([1000] * 5, units=0, failed=1), RULES).tier != "A"
    caterer = tiers.judge(record([1000] * 5, units=0, failed=0), RULES)
    assert (caterer.tier, caterer.failure_rate) == ("A", None)


def test_c_below_b_and_what_keeps_it():
    one = tiers.judge(record([300]), RULES)
    assert (one.tier, one.short) == ("C", ("cases",))
    poor = tiers.judge(record([300, 300], units=10, failed=1), RULES)
    assert (poor.tier, poor.short) == ("C", ("failures",))


def test_a_rule_not_in_force_is_not_asked():
    loose = tiers.Rules(a=tiers.Bar(cases=5, failure_rate=None, score=None), b=RULES.b)
    assert tiers.judge(record([1000] * 5, units=10, failed=5), loose).tier == "A"
    no_cases = tiers.Rules(a=tiers.Bar(cases=None, failure_rate=Decimal(2), score=None), b=RULES.b)
    assert tiers.judge(record([50]), no_cases).tier == "A"


sizes_st = st.lists(st.integers(min_value=1, max_value=20_000), max_size=12)


@given(sizes_st, st.integers(0, 500), st.integers(0, 50), st.integers(1, 20_000), st.integers(1, 20_000))
def test_a_bigger_meeting_never_gets_a_better_tier(sizes, units, failed, small, big):
    small, big = min(small, big), max(small, big)
    rec = record(sizes, units=units, failed=failed)
    order = {"A": 0, "B": 1, "C": 2}
    assert (
        order[tiers.judge(rec, RULES, attendance=small).tier]
        <= order[tiers.judge(rec, RULES, attendance=big).tier]
    )


@given(sizes_st, st.integers(0, 500), st.integers(0, 50))
def test_standing_tier_a_holds_for_a_meeting_of_its_level(sizes, units, failed):
    rec = record(sizes, units=units, failed=failed)
    standing = tiers.judge(rec, RULES)
    if standing.tier == "A" and standing.level:
        assert tiers.judge(rec, RULES, attendance=standing.level).tier == "A"
        assert tiers.judge(rec, RULES, attendance=standing.level + 1).tier != "A" or standing.counted > 5


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"])
def test_real_credit_codes_are_valid(code):
    assert uscc.is_valid(code)
    assert uscc.is_valid(uscc.normalise(f" {code[:6]}-{code[6:].lower()} "))


@given(st.integers(0, 16), st.sampled_from(uscc.ALPHABET))
def test_any_one_character_changed_is_caught(position, char):
    code = "91350100M000100Y43"
    changed = code[:position] + char + code[position + 1 :]
    assert uscc.is_valid(changed) == (changed == code)


def test_codes_outside_the_alphabet_or_length_are_refused():
    assert not uscc.is_valid("91350100M000100Y4")
    assert not uscc.is_valid("91350100I000100Y43")  # I is not in the alphabet
    assert not uscc.is_valid("")
