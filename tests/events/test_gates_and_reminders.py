import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from huiwu.core.models import AuditEntry
from huiwu.events.enums import Stage, TaskStatus
from huiwu.events.models import StageTransition, Task
from huiwu.events.services import MeetingInput, create_meeting
from huiwu.events.services.gates import GateNotPassed, InvalidStage, missing_for, move_stage
from huiwu.events.services.meetings import KPIInput, RequirementInput, save_kpi, save_requirement
from huiwu.events.services.report import approve_report
from huiwu.events.services.tasks import send_task_reminders
from huiwu.notifications.models import Notification

pytestmark = pytest.mark.integration


@pytest.fixture
def meeting(tenant_a):
    today = timezone.localdate()
    return create_meeting(
        org=tenant_a.org,
        actor=tenant_a.owner,
        data=MeetingInput(
            name="年会",
            client=tenant_a.client,
            start_date=today + dt.timedelta(days=40),
            end_date=today + dt.timedelta(days=41),
        ),
    )


def test_gate_lists_what_is_missing_and_refuses_without_reason(meeting, tenant_a):
    texts = [m.text for m in missing_for(meeting)]
    assert texts[:3] == ["需求清单为空。", "尚未设定可衡量的 KPI。", "客户尚未确认需求分析报告。"]
    assert len(texts) == 3 + meeting.tasks.filter(stage=Stage.INTAKE).count()
    with pytest.raises(GateNotPassed):
        move_stage(meeting=meeting, to_stage=Stage.PLANNING, actor=tenant_a.owner)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.INTAKE
    assert StageTransition.objects.count() == 0


def test_gate_override_needs_a_reason_and_is_recorded(meeting, tenant_a):
    move_stage(meeting=meeting, to_stage=Stage.PLANNING, actor=tenant_a.owner, reason="客户要求提前推进")
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PLANNING
    t = StageTransition.objects.get()
    assert t.overridden is True and t.reason == "客户要求提前推进" and len(t.missing) > 3
    entry = AuditEntry.objects.get(action="events.meeting.stage_changed")
    assert entry.changes == {"stage": [1, 2]} and entry.data["overridden"] is True


def test_gate_passes_when_everything_is_done(meeting, tenant_a):
    save_requirement(
        meeting=meeting,
        actor=tenant_a.owner,
        data=RequirementInput(
            dimension="goal", title="品牌曝光", detail="", priority="must", requested_by=None
        ),
    )
    save_kpi(
        meeting=meeting,
        actor=tenant_a.owner,
        data=KPIInput(kind="attendance", name="", target=300, unit="人", measured_by="签到", actual=None),
    )
    meeting = approve_report(meeting=meeting, contact=tenant_a.contact, actor=tenant_a.owner)
    meeting.tasks.filter(stage=Stage.INTAKE).update(status=TaskStatus.SKIPPED)
    assert missing_for(meeting) == []
    move_stage(meeting=meeting, to_stage=Stage.PLANNING, actor=tenant_a.owner)
    assert StageTransition.objects.get().overridden is False


def test_stages_move_one_forward_or_any_back(meeting, tenant_a):
    with pytest.raises(InvalidStage):
        move_stage(meeting=meeting, to_stage=Stage.CONTRACTS, actor=tenant_a.owner, reason="跳级")
    move_stage(meeting=meeting, to_stage=Stage.PLANNING, actor=tenant_a.owner, reason="先推进")
    move_stage(meeting=meeting, to_stage=Stage.INTAKE, actor=tenant_a.owner)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.INTAKE


def test_reminders_are_sent_once_to_the_assignee(meeting, tenant_a, django_capture_on_commit_callbacks):
    now = timezone.now()
    meeting.tasks.update(assignee=None)  # only the two tasks below are anyone's
    soon = meeting.tasks.order_by("due_at")[0]
    late = meeting.tasks.order_by("due_at")[1]
    Task.objects.filter(pk=soon.pk).update(due_at=now + dt.timedelta(hours=20), assignee=tenant_a.owner)
    Task.objects.filter(pk=late.pk).update(due_at=now - dt.timedelta(hours=1), assignee=tenant_a.owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_task_reminders(at=now) == {"soon": 1, "overdue": 1}
    assert send_task_reminders(at=now) == {"soon": 0, "overdue": 0}
    titles = set(Notification.objects.filter(user=tenant_a.owner).values_list("title", flat=True))
    assert f"已逾期：{late.title}" in titles
    assert any(t.startswith(f"即将到期：{soon.title}") for t in titles)
    assert {m.subject for m in mail.outbox} >= {f"已逾期：{late.title}"}


def test_moving_a_task_resets_its_reminders(meeting, tenant_a):
    from huiwu.events.services.tasks import reschedule_task

    task = meeting.tasks.first()
    Task.objects.filter(pk=task.pk).update(reminded_overdue_at=timezone.now())
    reschedule_task(task=task, actor=tenant_a.owner, due=timezone.localdate() + dt.timedelta(days=9))
    task.refresh_from_db()
    assert task.reminded_overdue_at is None and task.rescheduled is True
