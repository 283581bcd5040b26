import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from huiwu.core.models import AuditEntry
from huiwu.events.enums import Anchor, OffsetUnit, Stage, TaskStatus
from huiwu.events.models import Task
from huiwu.events.services import MeetingInput, create_meeting, update_meeting
from huiwu.events.services.default_playbook import DEFAULT_TASKS
from huiwu.events.services.playbook import DependencyCycle, check_no_cycle, compute_due
from huiwu.events.services.tasks import TaskInput, WaitingForDependencies, reschedule_task, update_task

pytestmark = pytest.mark.integration

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date.fromisoformat


def make(tenant, start="2026-10-08", end="2026-10-09", with_playbook=True):
    data = MeetingInput(name="峰会", start_date=D(start), end_date=D(end))
    return create_meeting(org=tenant.org, actor=tenant.owner, data=data, with_playbook=with_playbook)


def task(meeting, key):
    return meeting.tasks.get(template_task__key=key)


def test_default_playbook_plans_every_stage(tenant_a):
    meeting = make(tenant_a)
    assert meeting.tasks.count() == len(DEFAULT_TASKS)
    assert set(meeting.tasks.values_list("stage", flat=True)) == set(Stage.values)
    assert task(meeting, "requirement-report").due_at == dt.datetime(2026, 8, 24, 18, 0, tzinfo=SH)  # T-45
    assert task(meeting, "risk-report").due_at == dt.datetime(2026, 9, 23, 18, 0, tzinfo=SH)  # T-15
    assert task(meeting, "materials").due_at == dt.datetime(2026, 10, 5, 18, 0, tzinfo=SH)  # T-3
    assert task(meeting, "tech-ready").due_at == dt.datetime(2026, 10, 8, 7, 0, tzinfo=SH)  # 2 h before 9:00
    assert task(meeting, "follow-up").due_at == dt.datetime(2026, 11, 8, 18, 0, tzinfo=SH)  # end + 30
    # Summary report: 3 working days after Fri 9 Oct → Sat 10 (make-up), Mon 12, Tue 13.
    assert task(meeting, "summary-report").due_at == dt.datetime(2026, 10, 13, 18, 0, tzinfo=SH)
    report = task(meeting, "requirement-report")
    assert set(report.depends_on.values_list("template_task__key", flat=True)) == {
        "checklist",
        "profile-survey",
        "feasibility",
        "risk-preassessment",
    }
    assert (
        AuditEntry.objects.filter(action="events.meeting.tasks_created", target_id=str(meeting.pk)).count()
        == 1
    )


def test_playbook_tasks_are_translated_for_the_organisation(tenant_a):
    meeting = make(tenant_a)
    assert task(meeting, "summary-report").title == "向客户提交总结报告"


def test_moving_t_moves_every_open_task(tenant_a):
    meeting = make(tenant_a)
    done = task(meeting, "interviews")
    Task.objects.filter(pk=done.pk).update(status=TaskStatus.DONE, completed_at=dt.datetime.now(tz=SH))
    before_done = done.due_at
    moved = MeetingInput.of(meeting).but(start_date=D("2026-10-15"), end_date=D("2026-10-16"))
    update_meeting(meeting=meeting, actor=tenant_a.owner, data=moved)
    assert task(meeting, "requirement-report").due_at == dt.datetime(2026, 8, 31, 18, 0, tzinfo=SH)
    assert task(meeting, "tech-ready").due_at == dt.datetime(2026, 10, 15, 7, 0, tzinfo=SH)
    # End Fri 16 Oct + 3 working days = Wed 21 Oct.
    assert task(meeting, "summary-report").due_at == dt.datetime(2026, 10, 21, 18, 0, tzinfo=SH)
    assert task(meeting, "interviews").due_at == before_done  # finished work keeps its date
    entry = AuditEntry.objects.get(action="events.meeting.rescheduled")
    assert entry.changes == {"start_date": ["2026-10-08", "2026-10-15"]}
    assert entry.data["tasks_moved"] == len(DEFAULT_TASKS) - 1


def test_hand_rescheduled_task_shifts_with_t(tenant_a):
    meeting = make(tenant_a)
    venue = task(meeting, "venue")
    reschedule_task(task=venue, actor=tenant_a.owner, due=D("2026-09-01"))
    moved = MeetingInput.of(meeting).but(start_date=D("2026-10-15"), end_date=D("2026-10-16"))
    update_meeting(meeting=meeting, actor=tenant_a.owner, data=moved)
    assert task(meeting, "venue").due_at == dt.datetime(2026, 9, 8, 18, 0, tzinfo=SH)


def test_finishing_needs_dependencies_finished(tenant_a):
    meeting = make(tenant_a)
    report = task(meeting, "requirement-report")
    with pytest.raises(WaitingForDependencies) as err:
        update_task(task=report, actor=tenant_a.owner, data=TaskInput.of(report).but(status=TaskStatus.DONE))
    assert "问卷" in " ".join(err.value.details["waiting_for"])
    report.refresh_from_db()
    assert report.status == TaskStatus.TODO
    for dep in report.depends_on.all():
        update_task(task=dep, actor=tenant_a.owner, data=TaskInput.of(dep).but(status=TaskStatus.SKIPPED))
    update_task(task=report, actor=tenant_a.owner, data=TaskInput.of(report).but(status=TaskStatus.DONE))
    report.refresh_from_db()
    assert report.status == TaskStatus.DONE and report.completed_at is not None


def test_cycle_is_refused():
    check_no_cycle({"a": {"b"}, "b": {"c"}, "c": set()})
    with pytest.raises(DependencyCycle):
        check_no_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}})
    with pytest.raises(DependencyCycle):
        check_no_cycle({"a": {"a"}})


@pytest.mark.parametrize(
    ("anchor", "offset", "unit", "expected"),
    [
        (Anchor.START, 0, OffsetUnit.DAYS, dt.datetime(2026, 10, 8, 18, 0, tzinfo=SH)),
        (Anchor.START, -1, OffsetUnit.WORKDAYS, dt.datetime(2026, 9, 30, 18, 0, tzinfo=SH)),
        (Anchor.END, 1, OffsetUnit.WORKDAYS, dt.datetime(2026, 10, 10, 18, 0, tzinfo=SH)),
        (Anchor.END, 120, OffsetUnit.MINUTES, dt.datetime(2026, 10, 9, 20, 0, tzinfo=SH)),
    ],
)
def test_compute_due(tenant_a, anchor, offset, unit, expected):
    meeting = make(tenant_a, with_playbook=False)
    assert compute_due(meeting, anchor=anchor, offset=offset, unit=unit) == expected


def test_a_meeting_created_six_days_before_t_starts_with_nothing_overdue(tenant_a):
    from huiwu.events.services.playbook import create_default_playbook
    from huiwu.orgs.enums import Role

    create_default_playbook(org=tenant_a.org)
    now = timezone.now()
    day = timezone.localdate() + dt.timedelta(days=6)
    data = MeetingInput(name="临时发布会", client=tenant_a.client, start_date=day, end_date=day)
    meeting = create_meeting(org=tenant_a.org, actor=tenant_a.owner, data=data)
    tasks = list(meeting.tasks.order_by("template_task__position"))
    assert tasks and all(t.due_at > now for t in tasks)
    assert all(t.due_at <= meeting.starts_at() or t.anchor == "end" or t.offset >= 0 for t in tasks)

    def plan(t):  # where the playbook puts it, before a date in the past is moved
        return (
            compute_due(meeting, anchor=t.anchor, offset=t.offset, unit=t.unit)
            if t.offset is not None
            else now
        )

    planned = sorted(
        tasks, key=lambda t: (plan(t) if t.anchor == "start" else now + dt.timedelta(days=999), t.pk)
    )
    moved = [t for t in planned if t.rescheduled]
    assert moved and [t.due_at for t in moved] == sorted(t.due_at for t in moved)  # order kept
    kept = [t for t in tasks if not t.rescheduled]
    assert kept  # the tasks close to T keep their own dates
    # Tasks go to people: the creator for the project manager's role, the planner to the planner's.
    pm = [t for t in tasks if t.role == Role.PROJECT_MANAGER]
    assert pm and {t.assignee for t in pm} == {tenant_a.owner}
    planner_tasks = [t for t in tasks if t.role == Role.PLANNER]
    assert planner_tasks and all(t.assignee == tenant_a.other_member.user for t in planner_tasks)


def test_compression_is_pure_and_leaves_a_past_meeting_alone():
    from huiwu.events.services.playbook import compress_for_lead_time

    now = dt.datetime(2027, 5, 1, 9, tzinfo=dt.UTC)
    t = now + dt.timedelta(days=6)
    dues = [t - dt.timedelta(days=60), t - dt.timedelta(days=45), t - dt.timedelta(days=3), t]
    out = compress_for_lead_time(dues, now=now, starts=t)
    assert out[2:] == dues[2:]
    assert now < out[0] < out[1] < dues[2]
    assert compress_for_lead_time(dues, now=t + dt.timedelta(days=1), starts=t) == dues


def test_the_deadlines_that_are_standards_come_from_the_organisations_catalogue(tenant_a):
    """The default playbook's risk report, briefing and photos follow the catalogue: an organisation that
    asks for its risk report at T-20 and its photos within 12 hours gets a playbook that says so."""
    from huiwu.events.models import PlaybookTemplate
    from huiwu.events.services.default_playbook import FOLLOWS
    from huiwu.standards.models import Rule
    from huiwu.standards.services import FigureInput, update_rule

    assert all(row[4] is None for row in DEFAULT_TASKS if row[0] in FOLLOWS)  # no figure written twice
    PlaybookTemplate.objects.filter(org=tenant_a.org).delete()
    report = Rule.objects.get(org=tenant_a.org, key="safety.risk_report")
    update_rule(
        rule=report, actor=None, data=FigureInput(low=20, unit="d"), reason="提前", version=report.version
    )
    photos = Rule.objects.get(org=tenant_a.org, key="care.photos")
    update_rule(
        rule=photos, actor=None, data=FigureInput(low=12, unit="h"), reason="更快", version=photos.version
    )
    meeting = make(tenant_a)
    assert task(meeting, "risk-report").due_at == dt.datetime(2026, 9, 18, 18, 0, tzinfo=SH)  # T-20
    template = PlaybookTemplate.objects.get(org=tenant_a.org, meeting_type="")
    by_key = {t.key: (t.offset, t.unit) for t in template.tasks.all()}
    assert by_key["risk-report"] == (-20, OffsetUnit.DAYS)
    assert by_key["photos"] == (720, OffsetUnit.MINUTES)
    assert by_key["briefing"] == (-60, OffsetUnit.MINUTES)
    assert by_key["summary-report"] == (3, OffsetUnit.WORKDAYS)
