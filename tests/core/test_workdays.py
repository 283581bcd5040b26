import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huiwu.core.workdays import add_workdays, calendar_known, is_workday, workdays_between

pytestmark = pytest.mark.unit

D = dt.date.fromisoformat


def test_statutory_holiday_is_not_a_workday():
    assert is_workday(D("2026-10-01")) is False  # National Day


def test_make_up_workday_on_a_weekend_is_a_workday():
    assert is_workday(D("2026-09-20")) is True  # Sunday, 调休
    assert is_workday(D("2026-10-10")) is True  # Saturday, 调休


def test_three_working_days_after_the_national_day_holiday_start():
    # Wed 30 Sep + 3 working days: 1-7 Oct off, Thu 8, Fri 9, Sat 10 (make-up day).
    assert add_workdays(D("2026-09-30"), 3) == D("2026-10-10")


def test_working_days_before_the_holiday():
    # T = Thu 8 Oct 2026; T-3 working days: back over the holiday to Wed 30 Sep, Tue 29, Mon 28.
    assert add_workdays(D("2026-10-08"), -3) == D("2026-09-28")


def test_spring_festival_make_up_saturday():
    assert add_workdays(D("2026-02-13"), 1) == D("2026-02-14")  # Sat 14 Feb is a make-up day


def test_zero_means_this_or_next_workday():
    assert add_workdays(D("2026-10-03"), 0) == D("2026-10-08")
    assert add_workdays(D("2026-10-08"), 0) == D("2026-10-08")


def test_unknown_year_counts_weekdays_and_says_so():
    assert calendar_known(2026) is True
    assert calendar_known(2031) is False
    assert add_workdays(D("2031-01-03"), 1) == D("2031-01-06")  # Fri → Mon


@given(
    st.dates(min_value=D("2024-01-01"), max_value=D("2026-12-01")),
    st.integers(min_value=-40, max_value=40).filter(bool),
)
def test_add_then_count_round_trips(day, n):
    target = add_workdays(day, n)
    assert is_workday(target)
    assert workdays_between(day, target) == n
