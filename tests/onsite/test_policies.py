"""SLA timers and escalation, pure, with the clock in the test's hand."""

import datetime as dt

import pytest

from huiwu.onsite import policies

T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
M = policies.PRESETS["000"]["minutes"]
B = policies.PRESETS["001"]["minutes"]


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_the_two_policies_of_the_domain():
    assert [(t.stage, t.minutes) for t in policies.timers(M, "general", T0, {})] == [
        ("respond", 3),
        ("resolve", 10),
    ]
    assert [t.minutes for t in policies.timers(M, "major", T0, {})] == [3, 30]
    assert [(t.stage, t.minutes) for t in policies.timers(B, "important", T0, {})] == [
        ("respond", 5), ("decide", 10), ("resolve", 20)
    ]  # fmt: skip


def test_escalation_follows_the_clock():
    items = policies.timers(M, "general", T0, {})
    assert policies.escalation_level(items, at(2.9)) == 0
    assert policies.escalation_level(items, at(3.1)) == 1  # no response in 3 minutes: the coordinator
    assert policies.escalation_level(items, at(6.1)) == 2  # overdue as long again: the duty manager
    answered = policies.timers(M, "general", T0, {"respond": at(2)})
    assert policies.escalation_level(answered, at(9)) == 0
    assert policies.escalation_level(answered, at(10.5)) == 1
    late_answer = policies.timers(M, "general", T0, {"respond": at(4)})
    assert policies.escalation_level(late_answer, at(10.5)) == 2  # a second timer lapsed
    assert policies.running(answered).stage == "resolve"
    done = policies.timers(M, "general", T0, {"respond": at(2), "resolve": at(9)})
    assert policies.met(done) is True and policies.escalation_level(done, at(60)) == 0
    assert policies.met(policies.timers(M, "general", T0, {"respond": at(2), "resolve": at(11)})) is False
    assert policies.met(answered) is None


def test_a_policy_table_is_checked():
    good = {"general": {"respond": 3, "resolve": 10}, "important": {"respond": 3, "resolve": 20},
            "major": {"respond": 3, "decide": 10, "resolve": 30}}  # fmt: skip
    assert policies.clean_minutes(good)["major"] == {"respond": 3, "decide": 10, "resolve": 30}
    for bad in (
        {},
        {**good, "critical": {"respond": 1, "resolve": 2}},
        {**good, "general": {"respond": 3}},
        {**good, "general": {"respond": 30, "resolve": 10}},
        {**good, "general": {"respond": 0, "resolve": 10}},
        {**good, "general": {"respond": "3", "resolve": 10}},
        {**good, "general": {"respond": 3, "resolve": 10, "panic": 1}},
    ):
        with pytest.raises(policies.PolicyError):
            policies.clean_minutes(bad)
