"""The survey after the meeting: the usual questions (one per session of the agenda), changed only while a
draft and against the version seen, sent at T+1 to those who came (VIPs and staff left to the calls), once
each even when two rounds run, reminded once; answers checked in full (a rating of 11, a choice not offered,
100 KB of text, direction marks) and kept only when all hold, once per person. The figures: satisfaction of
10 with the VIPs' calls, NPS, response rate, sessions, themes; the report's PDF; the 48-hour calls."""

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from huiwu.agenda.models import Session
from huiwu.attendees.enums import Category, Status
from huiwu.attendees.models import Attendee
from huiwu.feedback import calls, satisfaction, surveys
from huiwu.feedback.errors import CallInvalid, SurveyAnswered, SurveyClosed, SurveyInvalid, SurveyStale
from huiwu.feedback.models import Call, CallStatus, QuestionKind, Recipient, Response, Survey
from huiwu.notifications.models import Notification
from huiwu.orgs.models import Membership

pytestmark = pytest.mark.integration
NUMBERS = itertools.count()


def owner(tenant):
    return Membership.objects.get(org=tenant.org, user=tenant.owner)


def people(tenant, n, **kw):
    made = []
    for _ in range(n):
        i = next(NUMBERS)
        data = {"name": f"参会者{i}", "email": f"p{i}@example.com", "status": Status.CONFIRMED, **kw}
        made.append(Attendee.objects.create(org=tenant.org, meeting=tenant.meeting, **data))
    return made


def opened(tenant, **kw):
    Survey.objects.filter(meeting=tenant.meeting).delete()  # the fixture's
    survey = surveys.make_survey(meeting=tenant.meeting, membership=owner(tenant))
    return surveys.open_survey(survey=survey, membership=owner(tenant), version=survey.version, **kw)


def answers(survey, **by_kind):
    """Values for a survey's questions by their kind (the first question of each kind)."""
    out = {}
    for q in survey.questions.all():
        if q.kind in by_kind and q.kind not in {k for k, _v in out.values()}:
            out[q.pk] = (q.kind, by_kind[q.kind])
    return {pk: v for pk, (_k, v) in out.items()}


@given(st.lists(st.integers(0, 10), max_size=60))
def test_nps_is_promoters_minus_detractors_in_points(scores):
    found = satisfaction.nps(scores)
    if not scores:
        assert found.score is None
        return
    promoters = sum(s >= 9 for s in scores) / len(scores)
    detractors = sum(s <= 6 for s in scores) / len(scores)
    assert abs(found.score - (promoters - detractors) * 100) <= 0.5
    assert -100 <= found.score <= 100 and found.answers == len(scores)


def test_the_known_figures():
    assert satisfaction.nps([10, 9, 8, 7, 6, 0]).score == 0  # 2 promoters, 2 detractors of 6
    assert satisfaction.nps([10, 10, 10, 9]).score == 100
    assert satisfaction.nps([9, 8, 5]).score == 0
    assert satisfaction.nps([10, 9, 9, 8, 6, 5, 3]).score == 0  # 3 − 3
    assert satisfaction.nps([10, 9, 8]).score == 67
    assert satisfaction.mean([9, 10, 9, 9]) == Decimal("9.3")  # 9.25 rounds half up
    assert satisfaction.rate(1, 3) == Decimal("33.3") and satisfaction.rate(0, 0) is None


def test_the_usual_questions_and_a_draft_changed_against_its_version(tenant_a):
    Survey.objects.filter(meeting=tenant_a.meeting).delete()  # the fixture's
    survey = surveys.make_survey(meeting=tenant_a.meeting, membership=owner(tenant_a))
    kinds = [q.kind for q in survey.questions.all()]
    assert kinds[:2] == [QuestionKind.SATISFACTION, QuestionKind.NPS] and kinds[-1] == QuestionKind.TEXT
    placed = Session.objects.filter(meeting=tenant_a.meeting, slot__isnull=False).count()
    assert kinds.count(QuestionKind.SESSION) == placed
    assert survey.send_at.astimezone(tenant_a.meeting.tz).date() == tenant_a.meeting.end_date + dt.timedelta(
        days=1
    )
    with pytest.raises(SurveyInvalid):
        surveys.make_survey(meeting=tenant_a.meeting, membership=owner(tenant_a))
    me = owner(tenant_a)
    for bad in (
        surveys.QuestionInput(kind="choice", text="来自哪里", choices=["北京"]),
        surveys.QuestionInput(kind="choice", text="来自哪里", choices=["北京", "北京"]),
        surveys.QuestionInput(kind="nope", text="x"),
        surveys.QuestionInput(kind="rating", text=""),
        surveys.QuestionInput(kind="session", text="某场"),
    ):
        with pytest.raises(SurveyInvalid):
            surveys.save_question(survey=survey, membership=me, data=bad, version=survey.version)
    made = surveys.save_question(
        survey=survey, membership=me, version=survey.version,
        data=surveys.QuestionInput(kind="multi", text="参加了哪些活动", choices=["主论坛", "AI 区", "晚宴"]),
    )  # fmt: skip
    with pytest.raises(SurveyStale):  # the version before that change
        surveys.remove_question(survey=survey, membership=me, question=made, version=survey.version)
    survey.refresh_from_db()
    surveys.open_survey(survey=survey, membership=me, version=survey.version)
    survey.refresh_from_db()
    with pytest.raises(SurveyClosed):  # sent: the questions stay as asked
        surveys.remove_question(survey=survey, membership=me, question=made, version=survey.version)


def test_sent_at_t_plus_1_to_those_who_came_once_and_reminded_once(tenant_a):
    came = people(tenant_a, 3)
    vip = people(tenant_a, 1, category=Category.VIP)[0]
    Attendee.objects.filter(pk=tenant_a.attendee.pk).update(status=Status.CONFIRMED)
    survey = opened(tenant_a)
    assert surveys.send(survey=survey, now=survey.send_at - dt.timedelta(minutes=1))["sent"] == 0
    at = survey.send_at
    outcome = surveys.send_due(now=at)
    assert outcome["sent"] == 4  # nobody checked in: every confirmed non-VIP (the fixture's attendee too)
    assert not Recipient.objects.filter(survey=survey, attendee=vip).exists()
    assert surveys.send_due(now=at + dt.timedelta(minutes=5))["sent"] == 0  # never twice
    assert len(mail.outbox) == 4 and all("/f/s/" in m.body for m in mail.outbox)
    recipient = Recipient.objects.get(survey=survey, attendee=came[0])
    survey.refresh_from_db()
    surveys.submit(recipient=recipient, values=answers(survey, satisfaction=9, nps=10))
    mail.outbox.clear()
    assert surveys.send_due(now=at + dt.timedelta(hours=23))["reminded"] == 0
    assert surveys.send_due(now=at + dt.timedelta(hours=25))["reminded"] == 3  # not the one who answered
    assert surveys.send_due(now=at + dt.timedelta(hours=50))["reminded"] == 0  # once
    assert len(mail.outbox) == 3


def test_only_those_who_checked_in_when_anybody_did(tenant_a):
    from huiwu.checkin.models import CheckIn, Scan

    came, _away = people(tenant_a, 2)
    scan = Scan.objects.create(org=tenant_a.org, meeting=tenant_a.meeting, gate=tenant_a.gate, scan_id="s1",
                               badge_digest="x", status="accepted", scanned_at=timezone.now())  # fmt: skip
    CheckIn.objects.create(meeting=tenant_a.meeting, attendee=came, day=timezone.localdate(),
                           gate=tenant_a.gate, scan=scan, at=timezone.now())  # fmt: skip
    assert surveys.audience(tenant_a.meeting) == [came]


def test_answers_are_checked_in_full_and_kept_once(tenant_a):
    people(tenant_a, 1)
    survey = opened(tenant_a)
    surveys.send(survey=survey, now=survey.send_at)
    recipient = Recipient.objects.filter(survey=survey).first()
    good = answers(survey, satisfaction=9, nps=10, text="茶歇区太挤")
    text_q = next(pk for pk, v in good.items() if v == "茶歇区太挤")
    for bad in (
        {**good, next(iter(good)): 11}, {**good, next(iter(good)): "9.5"}, {**good, next(iter(good)): True},
        {**good, text_q: "好" * 100_000}, {**good, text_q: "a\u2067b"}, {text_q: "只写了字"},
    ):  # fmt: skip
        with pytest.raises(SurveyInvalid):
            surveys.submit(recipient=recipient, values=bad)
    assert not Response.objects.exists()
    surveys.submit(recipient=recipient, values=good)
    recipient.refresh_from_db()
    with pytest.raises(SurveyAnswered):
        surveys.submit(recipient=recipient, values=good)
    assert Response.objects.count() == 1


def test_the_figures_and_the_report(client, tenant_a):
    Call.objects.filter(meeting=tenant_a.meeting).delete()  # the fixture's
    people(tenant_a, 4)
    vip = people(tenant_a, 1, category=Category.VIP)[0]
    survey = opened(tenant_a)
    surveys.send(survey=survey, now=survey.send_at)
    for recipient, (score, nps) in zip(
        Recipient.objects.filter(survey=survey), ((9, 10), (10, 9), (8, 6)), strict=False
    ):
        surveys.submit(
            recipient=recipient, values=answers(survey, satisfaction=score, nps=nps, text="茶歇排队太久")
        )
    made = calls.make_list(meeting=tenant_a.meeting, membership=owner(tenant_a))
    assert [c.attendee for c in made] == [vip]
    said = calls.CallInput(status=CallStatus.REACHED, satisfaction="10", outcome="很满意，明年还来")
    calls.record(call=made[0], membership=owner(tenant_a), version=1, data=said)
    found = satisfaction.figures(tenant_a.meeting)
    assert found.satisfaction == Decimal("9.3")  # 9, 10, 8 and the VIP's 10
    assert found.nps.score == 33 and found.response_rate == Decimal("60.0")  # 3 of 5
    assert found.calls == found.calls_reached == 1
    assert dict(found.themes).get("茶歇拥挤") == 3
    client.force_login(tenant_a.owner)
    url = reverse("feedback:report", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    page = client.get(url).content.decode()
    assert "9.3/10" in page and "<svg" in page
    pdf = client.get(url, {"pdf": "1"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pdf["Content-Type"] == "application/pdf" and "9.3/10" in text and tenant_a.meeting.name in text


def test_the_calls_are_due_48_hours_after_the_end_and_watched(tenant_a):
    Call.objects.filter(meeting=tenant_a.meeting).delete()  # the fixture's
    tenant_a.meeting.owner = tenant_a.owner
    tenant_a.meeting.save(update_fields=["owner"])
    people(tenant_a, 2, category=Category.VIP)
    made = calls.make_list(meeting=tenant_a.meeting, membership=owner(tenant_a))
    assert len(made) == 2 and calls.make_list(meeting=tenant_a.meeting, membership=owner(tenant_a)) == []
    assert made[0].due_at == tenant_a.meeting.ends_at() + dt.timedelta(hours=48)
    for bad in (
        calls.CallInput(status=CallStatus.PENDING), calls.CallInput(status="x"),
        calls.CallInput(status=CallStatus.REACHED, satisfaction="11"),
        calls.CallInput(status=CallStatus.NO_ANSWER, satisfaction="8"),
    ):  # fmt: skip
        with pytest.raises(CallInvalid):
            calls.record(call=made[0], membership=owner(tenant_a), data=bad, version=1)
    calls.record(
        call=made[0], membership=owner(tenant_a), data=calls.CallInput(status=CallStatus.NO_ANSWER), version=1
    )
    with pytest.raises(SurveyStale):
        calls.record(
            call=made[0], membership=owner(tenant_a), data=calls.CallInput(status="declined"), version=1
        )
    late = made[0].due_at + dt.timedelta(minutes=1)
    assert calls.watch(now=late) == 2 and calls.watch(now=late) == 0  # told once each
    assert (
        Notification.objects.filter(user=tenant_a.owner, title__contains=tenant_a.meeting.name).count() >= 2
    )
    assert Call.objects.get(pk=made[0].pk).attempts == 1


def test_the_survey_page_for_a_person(client, tenant_a):
    people(tenant_a, 1)
    survey = opened(tenant_a)
    surveys.send(survey=survey, now=survey.send_at)
    recipient = Recipient.objects.filter(survey=survey).first()
    url = reverse("feedback_public:survey", kwargs={"token": recipient.token})
    assert client.get("/f/s/nope/").status_code == 404
    page = client.get(url).content.decode()
    assert 'data-testid="survey-send"' in page
    q = {f"q{pk}": v for pk, v in answers(survey, satisfaction=11, nps=9).items()}
    refused = client.post(url, q)
    assert refused.status_code == 422 and 'value="9" checked' in refused.content.decode()
    q = {f"q{pk}": v for pk, v in answers(survey, satisfaction=8, nps=9).items()}
    assert 'data-testid="survey-done"' in client.post(url, q).content.decode()
    assert 'data-testid="survey-send"' not in client.get(url).content.decode()
    Survey.objects.filter(pk=survey.pk).update(status="closed")
