"""A state machine of the gates: random scans, retries, exits, re-entries, replaced badges and
status changes, against a model of what each answer must be. Exactly once is the invariant."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from huiwu.attendees import services as people
from huiwu.attendees.models import Attendee
from huiwu.checkin import services
from huiwu.checkin.models import CheckIn, Gate, Scan
from tests.conftest import make_tenant
from tests.factories.events import running_today

pytestmark = pytest.mark.integration


class Gates(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        self.t = make_tenant()
        running_today(self.t.meeting)
        self.days = (self.t.meeting.start_date, self.t.meeting.end_date)
        self.open_today = True
        self.people = [self.t.attendee] + [
            people.save_attendee(
                meeting=self.t.meeting,
                actor=None,
                data=people.AttendeeInput(name=f"来宾{i}", mobile=f"+86137{i:08d}"),
            )
            for i in range(3)
        ]
        self.gates = [
            Gate.objects.create(org=self.t.org, meeting=self.t.meeting, name="东门"),
            Gate.objects.create(org=self.t.org, meeting=self.t.meeting, name="贵宾", categories=["vip"]),
            Gate.objects.create(org=self.t.org, meeting=self.t.meeting, name="出口", direction="out"),
        ]
        self.codes = {a.pk: people.badge_code(a) for a in self.people}
        self.old_codes: dict[int, str] = {}
        self.inside: dict[int, bool] = {}  # attendee -> inside (today); absent: never admitted
        self.confirmed = {a.pk: True for a in self.people}
        self.sent: dict[str, tuple[str, str]] = {}  # scan id -> (badge, status)
        self.n = 0

    def _expect(self, gate, pk) -> str:
        if not self.confirmed[pk] or (gate.categories and "regular" not in gate.categories):
            return "not_allowed"
        if not self.open_today:
            return "not_allowed"
        if gate.direction == "out":
            return "accepted" if self.inside.get(pk) else "not_allowed"
        return "already_checked_in" if self.inside.get(pk) else "accepted"

    @rule(g=st.integers(0, 2), i=st.integers(0, 3))
    def scan(self, g, i):
        gate, pk = self.gates[g], self.people[i].pk
        expected = self._expect(gate, pk)
        self.n += 1
        answer = services.scan(gate=gate, badge=self.codes[pk], scan_id=f"m{self.n}")
        assert answer.status == expected, (gate.name, pk, self.inside.get(pk))
        if expected == "accepted":
            self.inside[pk] = gate.direction != "out"
        self.sent[f"m{self.n}"] = (self.codes[pk], answer.status)

    @precondition(lambda self: self.sent)
    @rule(data=st.data())
    def retry(self, data):
        scan_id = data.draw(st.sampled_from(sorted(self.sent)))
        badge, status = self.sent[scan_id]
        assert services.scan(gate=self.gates[0], badge=badge, scan_id=scan_id).status == status
        assert (
            services.scan(gate=self.gates[0], badge=badge + "x", scan_id=scan_id).reason == "scan id reused"
        )

    @rule(i=st.integers(0, 3))
    def reissue(self, i):
        attendee = Attendee.objects.get(pk=self.people[i].pk)
        self.old_codes[attendee.pk] = self.codes[attendee.pk]
        attendee = people.reissue_badge(attendee=attendee, actor=None)
        self.codes[attendee.pk] = people.badge_code(attendee)

    @precondition(lambda self: self.old_codes)
    @rule(data=st.data())
    def old_badge(self, data):
        pk = data.draw(st.sampled_from(sorted(self.old_codes)))
        self.n += 1
        assert (
            services.scan(gate=self.gates[0], badge=self.old_codes[pk], scan_id=f"m{self.n}").status
            == "revoked"
        )

    @rule(i=st.integers(0, 3), confirmed=st.booleans())
    def change_status(self, i, confirmed):
        pk = self.people[i].pk
        Attendee.objects.filter(pk=pk).update(status="confirmed" if confirmed else "cancelled")
        self.confirmed[pk] = confirmed

    @rule(open_today=st.booleans())
    def reschedule(self, open_today):
        """The meeting moves: today is one of its days, or it starts next week."""
        start, end = (
            self.days
            if open_today
            else (self.days[0] + dt.timedelta(days=7), self.days[1] + dt.timedelta(days=7))
        )
        type(self.t.meeting).objects.filter(pk=self.t.meeting.pk).update(start_date=start, end_date=end)
        self.t.meeting.start_date, self.t.meeting.end_date = start, end
        self.open_today = open_today

    @rule(junk=st.text(max_size=300))
    def junk(self, junk):
        self.n += 1
        assert services.scan(gate=self.gates[0], badge=junk, scan_id=f"m{self.n}").status == "invalid"

    @invariant()
    def exactly_once(self):
        if not hasattr(self, "t"):
            return
        rows = CheckIn.objects.filter(meeting=self.t.meeting)
        assert rows.count() == len(self.inside)
        assert {r.attendee_id: r.inside for r in rows} == self.inside
        accepted_in = Scan.objects.filter(meeting=self.t.meeting, status="accepted", reason="").count()
        assert accepted_in == len(self.inside)


Gates.TestCase.settings = settings(
    max_examples=25, stateful_step_count=30, deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


@pytest.mark.django_db(transaction=True)
class TestGates(Gates.TestCase):
    pass
