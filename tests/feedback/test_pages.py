"""The feedback station's doors: the public page on a phone (its cookie, the e-badge's phone answering as
the badge, refusals shown and nothing written), the agency's page (answers escaped, the live region,
planners only for set-up), the topics page and the API."""

import pytest
from django.urls import reverse

from huiwu.attendees.enums import Status
from huiwu.feedback.models import Answer, Station, Topic
from huiwu.feedback.public import COOKIE
from huiwu.orgs.enums import Role
from tests.conftest import member

pytestmark = pytest.mark.integration


def station_url(station):
    return reverse("feedback_public:station", kwargs={"token": station.token})


def test_the_public_page_takes_one_answer_a_day_per_phone(client, tenant_a):
    station = tenant_a.feedback_station
    url = station_url(station)
    assert client.get("/f/nope/").status_code == 404
    first = client.get(url)
    assert first.status_code == 200 and COOKIE in first.cookies
    assert 'data-testid="rating-5"' in first.content.decode()
    bad = client.post(url, {"rating": "11", "text": "好"})
    assert bad.status_code == 422 and 'data-testid="feedback-error"' in bad.content.decode()
    assert client.post(url, {"text": "x\u202e"}).status_code == 422
    assert not Answer.objects.filter(station=station).exists()
    done = client.post(
        url, {"rating": "4", "topic": str(tenant_a.feedback_topic.pk), "text": "<script>x</script>"}
    )
    assert done.status_code == 200 and 'data-testid="feedback-done"' in done.content.decode()
    again = client.post(url, {"rating": "5"})
    assert (
        'data-testid="feedback-done"' in again.content.decode()
        and 'data-testid="rating-5"' not in again.content.decode()
    )
    assert Answer.objects.filter(station=station).count() == 1
    client.cookies.pop(COOKIE)  # another phone (or cleared cookies): a new cookie, a new answer
    client.get(url)
    assert client.post(url, {"rating": "3"}).status_code == 200
    assert Answer.objects.filter(station=station).count() == 2


def test_the_phone_that_opened_its_e_badge_answers_as_the_badge(client, tenant_a):
    attendee = tenant_a.attendee
    attendee.status = Status.CONFIRMED
    attendee.save(update_fields=["status"])
    client.get(reverse("attendees_public:badge", kwargs={"token": attendee.token}))
    url = station_url(tenant_a.feedback_station)
    page = client.get(url).content.decode()
    assert attendee.name in page
    client.post(url, {"rating": "5"})
    assert Answer.objects.get().attendee == attendee
    client.cookies.pop(COOKIE)  # a new phone cookie, the same badge: still one a day
    client.get(url)
    client.post(url, {"rating": "2"})
    assert Answer.objects.count() == 1


def test_a_closed_station_takes_nothing(client, tenant_a):
    Station.objects.filter(pk=tenant_a.feedback_station.pk).update(is_open=False)
    url = station_url(tenant_a.feedback_station)
    assert 'data-testid="feedback-closed"' in client.get(url).content.decode()
    assert client.post(url, {"rating": "5"}).status_code == 409
    assert not Answer.objects.exists()


def test_the_agency_page_shows_answers_escaped_and_planners_set_up(client, tenant_a):
    from huiwu.feedback import services

    services.answer(
        station=tenant_a.feedback_station, data=services.AnswerInput(text="<b>茶歇太挤</b>"), device="d"
    )
    url = reverse("feedback:meeting", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    page = client.get(url).content.decode()
    assert "&lt;b&gt;茶歇太挤&lt;/b&gt;" in page and "<b>茶歇太挤" not in page
    assert 'data-testid="make-station"' not in page
    assert client.post(url, {"action": "station", "name": "x"}).status_code == 403
    client.force_login(tenant_a.owner)
    assert client.post(url, {"action": "station", "name": "展区"}).status_code == 302
    assert Station.objects.filter(meeting=tenant_a.meeting, name="展区").exists()
    assert client.post(url, {"action": "station", "name": ""}).status_code == 302  # refused, told
    assert Station.objects.filter(meeting=tenant_a.meeting).count() == 2
    live = reverse("feedback:live", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    assert 'data-testid="feedback-figures"' in client.get(live).content.decode()
    poster = reverse(
        "feedback:poster", kwargs={"org": tenant_a.org.slug, "station": tenant_a.feedback_station.pk}
    )
    assert "<svg" in client.get(poster).content.decode()


def test_the_topics_page(client, tenant_a):
    url = reverse("feedback:topics", kwargs={"org": tenant_a.org.slug})
    client.force_login(tenant_a.owner)
    assert client.post(url, {"action": "add", "name": "茶歇拥挤", "active": "on"}).status_code == 422  # twice
    assert (
        client.post(
            url, {"action": "add", "name": "空调太冷", "words": "冷,空调", "active": "on"}
        ).status_code
        == 302
    )
    topic = Topic.objects.get(org=tenant_a.org, name="空调太冷")
    assert topic.word_list == ["冷", "空调"]
    client.post(url, {"action": "change", "topic": topic.pk, "name": "空调太冷", "words": "冷"})
    topic.refresh_from_db()
    assert not topic.active and topic.words == "冷"


def test_the_api(api, tenant_a):
    client = api(tenant_a.raw_token)
    meeting = tenant_a.meeting
    made = client.post(f"/api/v1/meetings/{meeting.pk}/feedback-stations", {"name": "签到区"})
    assert made.status_code == 201 and made.json()["link"].endswith("/")
    bad = client.post(f"/api/v1/meetings/{meeting.pk}/feedback-stations", {"name": " "})
    assert bad.status_code == 422 and bad.json()["code"] == "feedback_station"
    station = made.json()["id"]
    closed = client.put(f"/api/v1/feedback-stations/{station}/open", {"is_open": False})
    assert closed.json()["is_open"] is False
    listed = client.get(f"/api/v1/meetings/{meeting.pk}/feedback-stations").json()
    assert {s["name"] for s in listed} == {"茶歇区", "签到区"}
    figures = client.get(f"/api/v1/meetings/{meeting.pk}/feedback").json()
    assert figures["answers"] == 0 and figures["rating"] is None
    twice = client.post("/api/v1/feedback-topics", {"name": "茶歇拥挤"})
    assert twice.status_code == 422 and twice.json()["code"] == "feedback_topic"
    topic = client.post("/api/v1/feedback-topics", {"name": "音响", "words": "听不清"}).json()
    assert (
        client.put(f"/api/v1/feedback-topics/{topic['id']}", {"name": "音响效果"}).json()["name"]
        == "音响效果"
    )
    assert client.get(f"/api/v1/meetings/{meeting.pk}/feedback-answers").json() == []
