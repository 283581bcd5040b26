"""Chinese working days: statutory holidays off, make-up workdays (调休) on.

The official calendar comes from the ``chinese-calendar`` package, which knows the years the
State Council has published. For a year it does not know yet, Monday to Friday count as working
days and :func:`calendar_known` says so, so the page can warn that dates may move once the year's
holidays are announced.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=4096)
def calendar_known(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=65536)
def is_workday(day: dt.date) -> bool:
    if calendar_known(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``day`` (before it when ``n`` is negative).

    ``n == 0`` gives ``day`` itself when it is a working day, else the next working day.
    Counting starts from the day after (or before) ``day``: T-3 working days on a Monday is the
    previous Wednesday when no holiday intervenes.
    """
    if n == 0:
        while not is_workday(day):
            day += dt.timedelta(days=1)
        return day
    step = dt.timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_workday(day):
            remaining -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """The ``n`` with ``add_workdays(start, n) == end`` when ``end`` is a working day.

    Forward it counts the working days in ``(start, end]``; backward, minus those in ``[end, start)``.
    """
    if end >= start:
        return sum(1 for i in range(1, (end - start).days + 1) if is_workday(start + dt.timedelta(days=i)))
    return -sum(1 for i in range((start - end).days) if is_workday(end + dt.timedelta(days=i)))
