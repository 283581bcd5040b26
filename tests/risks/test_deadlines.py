"""The watched deadlines of the catalogue: the risk assessment report by T-15 and the backup plan
confirmed by T-3, on a clock the tests control: their states, the alerts told once, the stage gate,
the pages and the API."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from huiwu.events.enums import Stage
from huiwu.events.errors import GateNotPassed
from huiwu.events.services import MeetingInput, create_meeting
from huiwu.events.services.gates import missing_for, move_stage
from huiwu.notifications.models import Notification
from huiwu.onsite.command import panels
from huiwu.risks import deadlines
from huiwu.risks.deadlines import State
from huiwu.risks.errors import RegisterEmpty, ReportIncomplete
from huiwu.risks.models import DeadlineAlert, IssuedReport, Risk
from huiwu.risks.services import confirm_backup_plan, issue_report
from huiwu.standards.models import Rule
from huiwu.standards.services import FigureInput, set_override, update_rule

pytestmark = pytest.mark.integration

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
T = dt.date(2027, 3, 20)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def meeting_of(tenant, start: dt.date = T, stage: int = Stage.CONTRACTS):
    meeting = create_meeting(
        org=tenant.org,
        actor=tenant.owner,
        data=MeetingInput(
            name="新经济峰会", client=tenant.client, start_date=start, end_date=start, city="上海",
            expected_attendance=800, owner=tenant.owner,
        ),
    )  # fmt: skip
    meeting.stage = stage
    meeting.save(update_fields=["stage"])
    return meeting


def complete(meeting, owner) -> None:
    """Every risk with its measure, owner and deadline."""
    deadline = meeting.start_date - dt.timedelta(days=20)
    meeting.risks.update(owner=owner, mitigation="预案", review_date=deadline)


def states(meeting, now):
    return {d.key: d.state for d in deadlines.of_meetings([meeting], now)}


def test_the_states_follow_the_clock(tenant_a):
    meeting = meeting_of(tenant_a)
    report, backup = "safety.risk_report", "safety.backup_confirmed"
    by_key = {d.key: d for d in deadlines.of_meeting(meeting)}
    assert by_key[report].due_on == T - dt.timedelta(days=15)
    assert by_key[backup].due_on == T - dt.timedelta(days=3)
    assert by_key[report].stage == by_key[backup].stage == Stage.CONTRACTS
    due = T - dt.timedelta(days=15)
    assert states(meeting, at(due - dt.timedelta(days=3)))[report] == State.OPEN
    assert states(meeting, at(due - dt.timedelta(days=1)))[report] == State.SOON  # within two days
    assert states(meeting, at(due, 23))[report] == State.SOON  # the whole due day counts
    assert states(meeting, at(due + dt.timedelta(days=1), 0))[report] == State.OVERDUE
    complete(meeting, tenant_a.owner)
    issue_report(meeting=meeting, actor=tenant_a.owner)
    late = states(meeting, at(T))  # issued now, long before due: met
    assert late[report] == State.MET
    assert late[backup] == State.OVERDUE  # T itself: the backup plan was due by T-3


def test_met_late_when_done_after_the_due_day(tenant_a):
    meeting = meeting_of(tenant_a, start=timezone.localdate() + dt.timedelta(days=2))
    confirm_backup_plan(meeting=meeting, contact=tenant_a.contact, actor=tenant_a.owner)
    assert states(meeting, timezone.now())["safety.backup_confirmed"] == State.LATE


def test_the_catalogue_and_the_meetings_override_move_or_drop_a_deadline(tenant_a):
    meeting = meeting_of(tenant_a)
    rule = Rule.objects.get(org=tenant_a.org, key="safety.risk_report")
    update_rule(rule=rule, actor=None, data=FigureInput(low=20, unit="d"), reason="客户要求提前", version=1)
    assert {d.key: d.due_on for d in deadlines.of_meeting(meeting)}["safety.risk_report"] == T - dt.timedelta(
        days=20
    )
    backup = Rule.objects.get(org=tenant_a.org, key="safety.backup_confirmed")
    dropped = FigureInput(low=3, unit="d", enabled=False)
    set_override(meeting=meeting, rule=backup, actor=None, data=dropped, reason="政府会")
    assert [d.key for d in deadlines.of_meeting(meeting)] == ["safety.risk_report"]


def test_the_owner_is_told_once_when_due_and_once_when_missed(tenant_a):
    meeting = meeting_of(tenant_a)
    due = T - dt.timedelta(days=15)
    told = Notification.objects.filter(user=tenant_a.owner, title__contains=meeting.name)
    assert deadlines.watch(at(due - dt.timedelta(days=5))) == 0
    assert deadlines.watch(at(due - dt.timedelta(days=1))) == 1
    assert deadlines.watch(at(due)) == 0  # the same state: nothing again
    assert told.count() == 1
    assert deadlines.watch(at(due + dt.timedelta(days=2))) == 1
    assert told.count() == 2
    assert told.filter(title__startswith="错过").count() == 1  # the owner reads Chinese
    assert DeadlineAlert.objects.filter(meeting=meeting).count() == 2
    # day T moves a week later: the deadline is a new one, told again when it comes due
    meeting.start_date = meeting.end_date = T + dt.timedelta(days=7)
    meeting.save(update_fields=["start_date", "end_date"])
    assert deadlines.watch(at(due + dt.timedelta(days=6))) == 1


def test_a_met_deadline_is_not_told(tenant_a):
    meeting = meeting_of(tenant_a)
    complete(meeting, tenant_a.owner)
    issue_report(meeting=meeting, actor=tenant_a.owner)
    confirm_backup_plan(meeting=meeting, contact=tenant_a.contact, actor=tenant_a.owner)
    assert deadlines.watch(at(T - dt.timedelta(days=1))) == 0


def test_the_stage_gate_lists_them_until_met(tenant_a):
    planning = meeting_of(tenant_a, stage=Stage.PLANNING)
    assert not [m for m in missing_for(planning) if "风险评估报告" in m.text]
    meeting = meeting_of(tenant_a)
    texts = [m.text for m in missing_for(meeting) if m.kind == "check"]
    assert any("风险评估报告" in t and "2027-03-05" in t for t in texts)
    assert any("备用方案" in t for t in texts)
    with pytest.raises(GateNotPassed):
        move_stage(meeting=meeting, to_stage=Stage.ONSITE, actor=tenant_a.owner)
    complete(meeting, tenant_a.owner)
    issue_report(meeting=meeting, actor=tenant_a.owner)
    confirm_backup_plan(meeting=meeting, contact=tenant_a.contact, actor=tenant_a.owner)
    # the watched deadlines are met (the suppliers' needs and the budget are checks of their own)
    others = ("/suppliers/", "/budgets/")
    assert not [m for m in missing_for(meeting) if m.kind == "check" and not any(o in m.url for o in others)]


def test_issuing_the_report_needs_every_open_risk_complete(tenant_a):
    meeting = meeting_of(tenant_a)
    Risk.objects.filter(meeting=meeting).delete()
    with pytest.raises(RegisterEmpty):
        issue_report(meeting=meeting, actor=tenant_a.owner)
    Risk.objects.create(meeting=meeting, category="weather", title="暴雨", mitigation="室内备选")
    Risk.objects.create(
        meeting=meeting, category="technical", title="断网", status="closed"
    )  # a closed risk needs nothing more
    with pytest.raises(ReportIncomplete) as refused:
        issue_report(meeting=meeting, actor=tenant_a.owner)
    assert refused.value.details == {"risks": ["暴雨"]}
    assert "暴雨" in str(refused.value.message)
    assert not IssuedReport.objects.filter(meeting=meeting).exists()
    complete(meeting, tenant_a.owner)
    first = issue_report(meeting=meeting, actor=tenant_a.owner)
    second = issue_report(meeting=meeting, actor=tenant_a.owner)
    assert (first.number, second.number, first.risks) == (1, 2, 2)
    with first.file.open("rb") as pdf:
        text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "暴雨" in text and "第 1 版" in text


def test_register_page_issues_and_serves_the_report(owner_client, tenant_a):
    meeting = meeting_of(tenant_a)
    page = reverse("risks:register", kwargs={"org": tenant_a.org.slug, "meeting": meeting.pk})
    issue = reverse("risks:report-issue", kwargs={"org": tenant_a.org.slug, "meeting": meeting.pk})
    refused = owner_client.post(issue, follow=True)
    assert "每个未关闭的风险" in refused.content.decode()
    assert not IssuedReport.objects.filter(meeting=meeting).exists()
    complete(meeting, tenant_a.owner)
    owner_client.post(issue)
    html = owner_client.get(page).content.decode()
    assert 'data-testid="deadline-safety.risk_report"' in html and "已满足" in html
    pdf = owner_client.get(
        reverse("risks:issued-pdf", kwargs={"org": tenant_a.org.slug, "meeting": meeting.pk, "number": 1})
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages


def test_today_page_and_command_centre_show_a_missed_deadline(owner_client, tenant_a):
    start = timezone.localdate() + dt.timedelta(days=2)  # the backup plan was due yesterday
    meeting = meeting_of(tenant_a, start=start)
    html = owner_client.get(reverse("orgs:dashboard", kwargs={"org": tenant_a.org.slug})).content.decode()
    assert 'data-testid="today-deadlines"' in html and "备用方案" in html and "已逾期" in html
    alerts = panels(meeting, timezone.now())["alerts"]
    assert ("deadline", "与客户确认备用方案", start - dt.timedelta(days=3)) in [
        (k, str(t), a) for k, t, a in alerts
    ]


def test_the_api_lists_issues_and_confirms(api, tenant_a, tenant_b):
    meeting = meeting_of(tenant_a)
    client = api(tenant_a.raw_token)
    listed = client.get(f"/api/v1/meetings/{meeting.pk}/deadlines").json()
    assert [(d["key"], d["state"]) for d in listed] == [
        ("safety.risk_report", "open"),
        ("safety.backup_confirmed", "open"),
    ]
    refused = client.post(f"/api/v1/meetings/{meeting.pk}/risk-reports")
    assert refused.status_code == 422 and refused.json()["code"] == "risk_report_incomplete"
    complete(meeting, tenant_a.owner)
    issued = client.post(f"/api/v1/meetings/{meeting.pk}/risk-reports")
    assert issued.status_code == 201 and issued.json()["number"] == 1
    assert [r["number"] for r in client.get(f"/api/v1/meetings/{meeting.pk}/risk-reports").json()] == [1]
    other = client.put(
        f"/api/v1/meetings/{meeting.pk}/backup-confirmation", {"contact_id": tenant_b.contact.pk}
    )
    assert other.status_code == 404
    confirmed = client.put(
        f"/api/v1/meetings/{meeting.pk}/backup-confirmation", {"contact_id": tenant_a.contact.pk}
    )
    assert confirmed.status_code == 200 and confirmed.json()["contact_id"] == tenant_a.contact.pk
    assert {d["state"] for d in client.get(f"/api/v1/meetings/{meeting.pk}/deadlines").json()} == {"met"}
