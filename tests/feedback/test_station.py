"""The feedback station: an answer's rules (a rating of 1-5, a topic of the list, 500 characters, no
direction marks, one a day per badge or phone, nothing written when refused), topics found in free text,
and the frequent request — the same topic from N people within M minutes (the catalogue's figures)
raised once as the PM's task due today, told at once, again only after that task is done."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiwu.attendees.enums import Status
from huiwu.events.enums import TaskStatus
from huiwu.events.models import Task
from huiwu.feedback import selectors, services
from huiwu.feedback.errors import (
    Answered,
    Closed,
    Empty,
    NotAllowed,
    RatingInvalid,
    TextInvalid,
    TopicInvalid,
    UnknownPhone,
)
from huiwu.feedback.models import Answer, Surge, Topic
from huiwu.notifications.models import Notification
from huiwu.onsite.signals import command_alerts
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership
from huiwu.standards.models import Rule
from huiwu.standards.services import FigureInput, update_rule

pytestmark = pytest.mark.integration


def owner(tenant):
    return Membership.objects.get(org=tenant.org, user=tenant.owner)


def station_of(tenant, name="茶歇区反馈站"):
    return services.make_station(meeting=tenant.meeting, membership=owner(tenant), name=name)


def say(station, n, *, topic=None, text="", rating=None, at=None):
    return services.answer(
        station=station, device=f"phone-{n}", now=at,
        data=services.AnswerInput(rating=rating, topic=topic.pk if topic else None, text=text),
    )  # fmt: skip


def test_a_station_seeds_the_usual_topics_once_and_is_set_up_by_planners(tenant_a):
    Topic.objects.filter(org=tenant_a.org).delete()
    station = station_of(tenant_a)
    assert station.token and Topic.objects.filter(org=tenant_a.org).count() == len(services.USUAL_TOPICS)
    station_of(tenant_a, "展区")
    assert Topic.objects.filter(org=tenant_a.org).count() == len(services.USUAL_TOPICS)
    onsite = tenant_a.other_member
    Membership.objects.filter(pk=onsite.pk).update(role=Role.ONSITE)
    onsite.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.make_station(meeting=tenant_a.meeting, membership=onsite, name="x")
    with pytest.raises(NotAllowed):
        services.make_station(meeting=tenant_a.meeting, membership=None, name="x")


def test_bad_answers_are_refused_and_nothing_is_written(tenant_a):
    station = station_of(tenant_a)
    topic = Topic.objects.filter(org=tenant_a.org).first()
    for bad, error in (
        ({"rating": 11}, RatingInvalid), ({"rating": 0}, RatingInvalid), ({"rating": "4.5"}, RatingInvalid),
        ({"rating": True}, RatingInvalid), ({"rating": "-1"}, RatingInvalid),
        ({"text": "好" * 100_000}, TextInvalid), ({"text": "好" * 501}, TextInvalid),
        ({"text": "abc\u202egnp.exe"}, TextInvalid), ({"text": "a\x00b"}, TextInvalid),
        ({}, Empty), ({"text": "   "}, Empty),
        ({"topic": 10**9}, TopicInvalid), ({"topic": "x"}, TopicInvalid),
    ):  # fmt: skip
        with pytest.raises(error):
            services.answer(station=station, data=services.AnswerInput(**bad), device="phone")
    other = Topic.objects.create(org=tenant_a.org, name="停用", active=False)
    with pytest.raises(TopicInvalid):  # not offered
        services.answer(station=station, data=services.AnswerInput(topic=other.pk), device="phone")
    with pytest.raises(UnknownPhone):  # no badge, no cookie
        services.answer(station=station, data=services.AnswerInput(rating=5))
    assert not Answer.objects.filter(station=station).exists()
    made = services.answer(
        station=station,
        data=services.AnswerInput(rating="5", topic=topic.pk, text="<b>好</b>"),
        device="phone",
    )
    assert made.text == "<b>好</b>" and made.rating == 5 and made.device != "phone"  # the cookie's hash
    with pytest.raises(Answered):
        services.answer(station=station, data=services.AnswerInput(rating=4), device="phone")
    tomorrow = timezone.now() + dt.timedelta(days=1)
    services.answer(station=station, data=services.AnswerInput(rating=4), device="phone", now=tomorrow)
    services.set_open(station=station, membership=owner(tenant_a), is_open=False)
    with pytest.raises(Closed):
        services.answer(station=station, data=services.AnswerInput(rating=4), device="another")
    assert Answer.objects.filter(station=station).count() == 2


def test_one_answer_a_day_per_badge_whatever_the_phone(tenant_a):
    station = station_of(tenant_a)
    attendee = tenant_a.attendee
    attendee.status = Status.CONFIRMED
    attendee.save(update_fields=["status"])
    services.answer(station=station, data=services.AnswerInput(rating=3), attendee=attendee, device="a")
    with pytest.raises(Answered):
        services.answer(station=station, data=services.AnswerInput(rating=3), attendee=attendee, device="b")
    assert Answer.objects.get(station=station).attendee == attendee


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(rating=st.one_of(st.integers(-5, 20), st.text(max_size=4), st.none()))
def test_a_rating_is_1_to_5_or_refused(tenant_a, rating):
    station = station_of(tenant_a)
    try:
        made = services.answer(
            station=station, data=services.AnswerInput(rating=rating, text="好"), device="p"
        )
    except RatingInvalid:
        assert str(rating).strip() not in {"1", "2", "3", "4", "5"} and rating is not None
        assert not Answer.objects.filter(station=station).exists()
    else:
        assert made.rating is None or 1 <= made.rating <= 5


def test_the_topic_is_found_in_free_text(tenant_a):
    Topic.objects.filter(org=tenant_a.org).delete()
    station = station_of(tenant_a)  # the usual topics
    crowded, temperature, _food = (
        Topic.objects.get(org=tenant_a.org, position=0),
        Topic.objects.get(org=tenant_a.org, position=2),
        Topic.objects.get(org=tenant_a.org, position=1),
    )
    made = say(station, 1, text="茶歇区太挤了，排队很久")
    assert made.topic == crowded and made.topic_found
    chosen = say(station, 2, text="太挤了", topic=temperature)
    assert chosen.topic == temperature and not chosen.topic_found  # what they chose wins
    listed = list(selectors.topics(tenant_a.org))
    counted = selectors.themes(["会场太冷", "WIFI 连不上", "很好", "空调太冷了"], listed)
    assert counted[temperature.name] == 2 and counted[""] == 1 and sum(counted.values()) == 4


def test_a_frequent_request_is_raised_once_as_the_pms_task_due_today(tenant_a):
    tenant_a.meeting.owner = tenant_a.owner
    tenant_a.meeting.save(update_fields=["owner"])
    station = station_of(tenant_a)
    topic = Topic.objects.filter(org=tenant_a.org, words__contains="拥挤").first()
    start = timezone.now()
    for n in range(4):
        say(station, n, topic=topic, at=start + dt.timedelta(minutes=n))
    assert not Surge.objects.exists()
    say(station, 4, topic=topic, at=start + dt.timedelta(minutes=5))
    surge = Surge.objects.get()
    assert surge.count == 5 and surge.window == 30
    task = surge.task
    assert task.assignee == tenant_a.meeting.owner
    assert (
        task.due_at.astimezone(tenant_a.meeting.tz).date()
        == timezone.localtime(start, tenant_a.meeting.tz).date()
    )
    assert Notification.objects.filter(
        user=tenant_a.meeting.owner, url__contains=f"/tasks/{task.pk}/"
    ).exists()
    alerts = [
        a
        for _r, found in command_alerts.send(sender=None, meeting=tenant_a.meeting, now=start)
        for a in found
    ]
    assert any(kind == "feedback" and topic.name in text for kind, text, _at in alerts)
    say(station, 5, topic=topic, at=start + dt.timedelta(minutes=6))
    assert Surge.objects.count() == 1 and Surge.objects.get().count == 6  # the same request, growing
    done_at = start + dt.timedelta(minutes=6, seconds=30)  # tables added after the sixth asked
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, completed_at=done_at)
    for n in range(6, 10):  # acted on: it takes N new people to raise it again
        say(station, n, topic=topic, at=start + dt.timedelta(minutes=7 + n))
    assert Surge.objects.count() == 1
    say(station, 10, topic=topic, at=start + dt.timedelta(minutes=20))
    assert Surge.objects.count() == 2 and Surge.objects.filter(number=2).exists()


def test_people_outside_the_window_do_not_count_and_the_figures_are_the_catalogues(tenant_a):
    station = station_of(tenant_a)
    topic = Topic.objects.filter(org=tenant_a.org, words__contains="拥挤").first()
    start = timezone.now() - dt.timedelta(hours=3)
    for n in range(4):
        say(station, n, topic=topic, at=start + dt.timedelta(minutes=20 * n))  # 4 people over 60 minutes
    assert not Surge.objects.exists()
    rule = Rule.objects.get(org=tenant_a.org, key="feedback.frequent_count")
    update_rule(
        rule=rule, actor=None, data=FigureInput(low=2, unit="people"), reason="小型会议", version=rule.version
    )
    say(station, 9, topic=topic, at=start + dt.timedelta(minutes=61))
    assert Surge.objects.get().count == 3  # at 40, 60 and 61 minutes: those at 0 and 20 are out of the window


def test_the_figures(tenant_a):
    station = station_of(tenant_a)
    topic = Topic.objects.filter(org=tenant_a.org, words__contains="拥挤").first()
    say(station, 1, rating=5, topic=topic)
    say(station, 2, rating=4, text="排队太久")
    say(station, 3, text="很好")
    found = selectors.figures(tenant_a.meeting)
    assert found.answers == 3 and found.rated == 2 and str(found.rating) == "4.5"
    assert (found.topics[0].topic.pk, found.topics[0].count) == (topic.pk, 2)
