"""SLA timers and escalation, pure, with the clock in the test's hand; the timers drawn from the
service standards (the defaults: document 000's figures; document 001's where chosen)."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from huiwu.onsite import policies
from huiwu.standards.selectors import defaults

T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
RULES = defaults()
M = policies.table(RULES)
B = policies.table(
    {
        **RULES,
        "incident.respond": replace(RULES["incident.respond"], high=Decimal(5)),
        "incident.major_fixed": replace(RULES["incident.major_fixed"], high=Decimal(20)),
    }
)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_the_two_policies_of_the_domain():
    assert [(t.stage, t.minutes) for t in policies.timers(M, "general", T0, {})] == [
        ("respond", 3),
        ("resolve", 10),
    ]
    assert [t.minutes for t in policies.timers(M, "major", T0, {})] == [3, 10, 30]
    assert [(t.stage, t.minutes) for t in policies.timers(B, "major", T0, {})] == [
        ("respond", 5), ("decide", 10), ("resolve", 20)
    ]  # fmt: skip
    assert [t.minutes for t in policies.timers(B, "important", T0, {})] == [5, 10, 20]
    assert policies.update_every(RULES) == 30


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


def test_a_rule_not_in_force_sets_no_timer_and_minutes_may_be_fractions():
    rules = {
        **RULES,
        "incident.decide": replace(RULES["incident.decide"], enabled=False),
        "incident.respond": replace(RULES["incident.respond"], high=Decimal("1.5")),
        "incident.major_updates": replace(RULES["incident.major_updates"], enabled=False),
    }
    table = policies.table(rules)
    assert table["major"] == {"respond": 1.5, "resolve": 30}
    assert policies.update_every(rules) == 0  # no regular update asked for
    items = policies.timers(table, "general", T0, {})
    assert policies.escalation_level(items, at(1.4)) == 0 and policies.escalation_level(items, at(1.6)) == 1
    seconds = replace(RULES["incident.major_updates"], unit="s", high=Decimal(90))
    assert policies.update_every({**RULES, "incident.major_updates": seconds}) == 2  # whole minutes, up
