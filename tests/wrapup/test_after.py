"""After the count: the summary report due 3 Chinese working days after the last day (across a holiday),
drafted from the data, edited against its version, sent with its PDF and Word files, accepted once; the
follow-ups (photos and video, the letter's merge fields, the client's call a month on); the
retrospective's fishbone resting on the meeting's facts, its actions as tasks, and lessons that change
the standards or the playbook only when an owner accepts them."""

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee
from huiwu.events.enums import KPIKind, TaskStatus
from huiwu.events.models import KPI, Task, TemplateTask
from huiwu.notifications.models import Notification
from huiwu.onsite.models import Incident
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership
from huiwu.standards.models import Rule
from huiwu.wrapup import followup, kpis, retro, summary
from huiwu.wrapup.errors import (
    FollowUpInvalid,
    LessonDecided,
    NotAllowed,
    NotEnded,
    NotOwner,
    ReportAccepted,
    ReportInvalid,
    RetroInvalid,
    Stale,
)
from huiwu.wrapup.models import Bone, LessonKind, LessonStatus, ReportStatus
from tests.conftest import member

pytestmark = pytest.mark.integration
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def owner(tenant):
    return Membership.objects.get(org=tenant.org, user=tenant.owner)


def test_three_working_days_across_the_national_day_holiday(tenant_a):
    meeting = tenant_a.meeting
    meeting.start_date, meeting.end_date = dt.date(2025, 9, 29), dt.date(2025, 9, 30)
    meeting.save()
    # 1-8 October 2025 off; the 9th and 10th work, and Saturday the 11th is a make-up working day
    assert summary.due_on(meeting) == dt.date(2025, 10, 11)


def test_the_deadline_is_watched_and_told_once_per_state(tenant_a):
    meeting = tenant_a.meeting  # ends Wednesday 2 December 2026, 18:00
    assert summary.due_on(meeting) == dt.date(2026, 12, 7)  # Thu 3, Fri 4, Mon 7
    soon = dt.datetime(2026, 12, 6, 10, tzinfo=SHANGHAI)
    late = dt.datetime(2026, 12, 8, 0, 1, tzinfo=SHANGHAI)
    assert summary.deadline(meeting, None, soon).state == "soon"
    assert summary.watch(soon) == 1 and summary.watch(soon) == 0
    assert summary.watch(late) == 1 and summary.watch(late) == 0
    titles = list(Notification.objects.filter(user=tenant_a.owner).values_list("title", flat=True))
    assert sum("summary report" in t or "总结报告" in t for t in titles) == 2


def test_drafted_edited_sent_and_accepted_once(tenant_a, django_capture_on_commit_callbacks):
    meeting = tenant_a.meeting
    me = owner(tenant_a)
    kpi = KPI.objects.create(meeting=meeting, kind=KPIKind.ATTENDANCE, target=1000, unit="人")
    kpis.record_actual(kpi=kpi, membership=me, actual="1200", unit="人", explanation="线上报名踊跃")
    Incident.objects.create(
        org=tenant_a.org,
        meeting=meeting,
        number=7,
        tier="important",
        title="嘉宾取消",
        reported_at=timezone.now(),
        minutes={},
    )
    made = summary.start(meeting=meeting, membership=me)
    assert summary.start(meeting=meeting, membership=me).pk == made.pk
    assert "1200" in made.highlights and "嘉宾取消" in made.improvements and "+20" in made.comparison
    with pytest.raises(Stale):
        summary.save(summary=made, membership=me, sections={"overview": "x"}, version=made.version + 1)
    with pytest.raises(ReportInvalid):
        summary.save(summary=made, membership=me, sections={"status": "accepted"}, version=made.version)
    with pytest.raises(ReportInvalid):
        summary.save(summary=made, membership=me, sections={"plan": "x" * 20_001}, version=made.version)
    made = summary.save(summary=made, membership=me, sections={"plan": "- 茶歇区按 20% 设座"}, version=1)
    with pytest.raises(ReportInvalid):
        summary.send(summary=made, membership=me, to="not an address", version=made.version)
    with pytest.raises(ReportInvalid):  # not sent yet
        summary.record_answer(summary=made, membership=me, accepted=True, person="王总", version=made.version)
    mail.outbox.clear()
    with pytest.raises(NotAllowed):  # a viewer may not
        summary.send(summary=made, membership=member(tenant_a.org, Role.VIEWER), to="a@b.cn", version=2)
    with django_capture_on_commit_callbacks(execute=True):
        made = summary.send(summary=made, membership=me, to="client@example.cn", version=made.version)
    assert made.status == ReportStatus.SENT and summary.deadline(meeting, made).state in ("met", "late")
    (sent,) = mail.outbox
    names = [a[0] for a in sent.attachments]
    assert names == ["summary-report.pdf", "summary-report.docx"]
    from docx import Document

    doc = Document(io.BytesIO(sent.attachments[1][1]))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "茶歇区按 20% 设座" in text and doc.tables[0].rows[1].cells[0].text == kpi.label
    with pytest.raises(ReportInvalid):
        summary.record_answer(summary=made, membership=me, accepted=True, person="  ", version=made.version)
    made = summary.record_answer(
        summary=made, membership=me, accepted=True, person="王总", note="很好", version=made.version
    )
    assert made.status == ReportStatus.ACCEPTED
    with pytest.raises(ReportAccepted):
        summary.save(summary=made, membership=me, sections={"plan": "y"}, version=made.version)


def test_the_report_is_not_drafted_before_the_end(tenant_a):
    meeting = tenant_a.meeting
    meeting.end_date = timezone.localdate() + dt.timedelta(days=2)
    meeting.save()
    with pytest.raises(NotEnded):
        summary.start(meeting=meeting, membership=owner(tenant_a))


def test_the_pages_and_the_word_file_in_chinese(client, tenant_a):
    client.force_login(tenant_a.owner)
    args = {"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk}
    url = reverse("wrapup:summary", kwargs=args)
    assert client.get(url).status_code == 200
    client.post(url, {"action": "start"})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "总结报告" in page
    from docx import Document

    response = client.get(url, {"file": "docx"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    doc = Document(io.BytesIO(response.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["概况", "亮点", "改进之处", "数据对比", "改进计划"]
    assert client.get(url, {"file": "pdf"})["Content-Type"] == "application/pdf"
    for name in ("follow", "retro"):
        there = reverse(f"wrapup:{name}", kwargs=args)
        assert client.get(there).status_code == 200
        client.post(there, {"action": "start"})
        assert client.get(there).status_code == 200


def test_follow_ups_photos_letter_and_the_clients_call(tenant_a):
    meeting = tenant_a.meeting
    me = owner(tenant_a)
    for n in range(3):
        Attendee.objects.create(
            org=tenant_a.org,
            meeting=meeting,
            name=f"来宾{n}",
            email=f"p{n}@example.cn",
            status=Status.CONFIRMED,
        )
    made = followup.start(meeting=meeting, membership=me)
    task = made.call_task
    assert timezone.localdate(task.due_at, meeting.tz) == dt.date(2027, 1, 1)  # 30 days after the end
    assert followup.media_due(meeting) == meeting.ends_at() + dt.timedelta(hours=24)
    for bad in ("javascript:alert(1)", "not a link", "https://" + "a" * 600 + ".cn"):
        with pytest.raises(FollowUpInvalid):
            followup.save(follow=made, membership=me, photos_url=bad, version=made.version)
    with pytest.raises(FollowUpInvalid):
        followup.save(follow=made, membership=me, letter="亲爱的{姓名}", version=made.version)
    made = followup.save(
        follow=made,
        membership=me,
        photos_url="https://photos.example.cn/a",
        letter="{name} 您好，感谢参加 {meeting}。<b>",
        version=made.version,
    )
    mail.outbox.clear()
    mailed = sum(1 for a in followup.audience(meeting) if a.email)  # the fixture's attendee too
    assert mailed >= 3 and followup.send(follow=made, what=followup.MEDIA)["sent"] == mailed
    assert followup.send(follow=made, what=followup.MEDIA)["sent"] == 0  # nobody twice
    followup.send(follow=made, what=followup.LETTER)
    letters = [m for m in mail.outbox if "感谢参加" in m.body]
    assert len(letters) == mailed and any(m.body.startswith("来宾0 您好") for m in letters)
    assert all("<b>" in m.body for m in letters)  # plain text, kept as written
    with pytest.raises(FollowUpInvalid):
        followup.record_call(
            follow=made, membership=me, outcome="满意", satisfaction="11", version=made.version
        )
    with pytest.raises(FollowUpInvalid):
        followup.record_call(follow=made, membership=me, outcome=" ", version=made.version)
    made = followup.record_call(
        follow=made, membership=me, outcome="客户满意，考虑明年续约", satisfaction="9", version=made.version
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and made.call_satisfaction == 9


def test_the_fishbone_actions_and_lessons(tenant_a, tenant_b):
    meeting = tenant_a.meeting
    me = owner(tenant_a)
    planner = member(tenant_a.org, Role.PLANNER)
    found = retro.start(meeting=meeting, membership=planner)
    incident = Incident.objects.get(meeting=meeting)
    cause = retro.add_cause(
        retro=found, membership=planner, bone=Bone.EQUIPMENT, text="", evidence=f"incident:{incident.pk}"
    )
    assert "话筒故障" in cause.text and cause.evidence_label
    other = Incident.objects.get(meeting=tenant_b.meeting)
    with pytest.raises(RetroInvalid):
        retro.add_cause(
            retro=found, membership=planner, bone=Bone.EQUIPMENT, text="x", evidence=f"incident:{other.pk}"
        )
    with pytest.raises(RetroInvalid):
        retro.add_cause(retro=found, membership=planner, bone="luck", text="x")
    with pytest.raises(RetroInvalid):
        retro.add_action(
            retro=found,
            membership=planner,
            title="备用话筒",
            assignee=tenant_b.owner,
            due=timezone.localdate(),
        )
    action = retro.add_action(
        retro=found,
        membership=planner,
        title="每个会场备两支无线话筒",
        assignee=tenant_a.owner,
        due=timezone.localdate() + dt.timedelta(days=7),
        cause=cause,
    )
    assert Task.objects.get(pk=action.task_id).assignee == tenant_a.owner
    rule = Rule.objects.get(org=tenant_a.org, key="venue.tea_break_seats")
    with pytest.raises(RetroInvalid):  # the figure it has already
        retro.propose(
            retro=found,
            membership=planner,
            text="茶歇座位",
            kind=LessonKind.STANDARD,
            rule_key=rule.key,
            low=rule.low,
        )
    lesson = retro.propose(
        retro=found,
        membership=planner,
        text="茶歇区座位按 25% 配置",
        kind=LessonKind.STANDARD,
        rule_key=rule.key,
        low="25",
    )
    with pytest.raises(NotOwner):
        retro.decide(lesson=lesson, membership=planner, accept=True)
    retro.decide(lesson=lesson, membership=me, accept=True)
    rule.refresh_from_db()
    assert rule.low == Decimal(25)
    with pytest.raises(LessonDecided):
        retro.decide(lesson=lesson, membership=me, accept=False, reason="x")
    stale = retro.propose(
        retro=found, membership=planner, text="再调", kind=LessonKind.STANDARD, rule_key=rule.key, low="30"
    )
    Rule.objects.filter(pk=rule.pk).update(version=rule.version + 1)
    with pytest.raises(Stale):
        retro.decide(lesson=stale, membership=me, accept=True)
    with pytest.raises(RetroInvalid):  # declined needs a reason
        retro.decide(lesson=stale, membership=me, accept=False)
    assert (
        retro.decide(lesson=stale, membership=me, accept=False, reason="先观察").status
        == LessonStatus.DECLINED
    )
    task = retro.propose(
        retro=found,
        membership=planner,
        text="T-3 确认茶歇座位",
        kind=LessonKind.PLAYBOOK,
        task_title="确认茶歇区座位数",
        task_stage="3",
        task_offset="-3",
    )
    retro.decide(lesson=task, membership=me, accept=True)
    assert TemplateTask.objects.filter(template=task.template, title="确认茶歇区座位数", offset=-3).exists()


def test_the_demo_summit_after_the_fact(db):
    from huiwu.demo import load_demo
    from huiwu.events.models import Meeting
    from huiwu.wrapup import facts
    from huiwu.wrapup.demo import NAME
    from huiwu.wrapup.models import Lesson, Summary

    org = load_demo()
    past = Meeting.objects.get(org=org, name=NAME)
    zone = KPI.objects.get(meeting=past, name="AI 互动区参与率")
    assert zone.actual == Decimal(92)
    assert any("拥挤" in f.label and "15%" in f.label for f in facts.themes(past))
    lesson = Lesson.objects.get(retro__meeting=past)
    assert lesson.status == LessonStatus.ACCEPTED
    assert Rule.objects.get(org=org, key="venue.tea_break_seats").low == Decimal(20)
    assert Summary.objects.get(meeting=past).status == ReportStatus.ACCEPTED
    assert past.archived_at is not None and past.archive.guests
    assert not Attendee.objects.filter(meeting=past, name__startswith="参会者").exists()


def test_photos_not_mailed_in_time_are_told_once(tenant_a):
    meeting = tenant_a.meeting
    due = followup.media_due(meeting)
    assert followup.watch(due - dt.timedelta(minutes=1)) == 0
    assert followup.watch(due + dt.timedelta(minutes=1)) == 1
    assert followup.watch(due + dt.timedelta(hours=2)) == 0
    assert Notification.objects.filter(user=tenant_a.owner, url__contains="follow-up").count() == 1
