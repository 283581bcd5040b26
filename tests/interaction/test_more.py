"""The rest of the live interaction: a run-of-show cue opens and closes its polls, heartbeats become
watch time and the client's figures, the stream page allows only its stream's origin, the client's view
and the speaker's tablet, the proof and the published rule, an archived meeting takes no one in."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from huiwu.interaction import presence, services
from huiwu.interaction.errors import PollInvalid, RoomInvalid
from huiwu.interaction.models import Audience, Live, Participant, Poll, Question
from huiwu.interaction.services import PollInput
from huiwu.onsite import cues
from huiwu.orgs.models import Membership

pytestmark = pytest.mark.integration


def owner_of(tenant):
    return Membership.objects.get(org=tenant.org, user=tenant.owner)


def test_a_cue_going_live_opens_its_polls_and_done_closes_them(tenant_a):
    who = owner_of(tenant_a)
    meeting = tenant_a.meeting
    live = Live.objects.get(meeting=meeting)
    assert live.code  # the tenant's
    data = PollInput(question="开场投票", options=["好", "很好"], cue_id=tenant_a.cue.pk)
    poll = services.create_poll(meeting=meeting, membership=who, data=data)
    cue = tenant_a.cue
    cue = cues.set_status(cue=cue, status="live", actor=tenant_a.owner, version=cue.version)
    assert Poll.objects.get(pk=poll.pk).status == "open"
    cues.set_status(cue=cue, status="done", actor=tenant_a.owner, version=cue.version)
    assert Poll.objects.get(pk=poll.pk).status == "closed"
    bad = PollInput(question="x", options=["a", "b"], cue_id=tenant_b_cue_id(tenant_a))
    with pytest.raises(PollInvalid):
        services.create_poll(meeting=meeting, membership=who, data=bad)


def tenant_b_cue_id(tenant):
    from huiwu.onsite.models import Cue

    return Cue.objects.exclude(meeting=tenant.meeting).values_list("pk", flat=True).first() or 999999


def test_heartbeats_become_watch_time_and_the_clients_figures(tenant_a):
    live = Live.objects.get(meeting=tenant_a.meeting)
    tracker = presence.Presence()
    people = [services.join(live=live) for _ in range(3)]
    times = iter([100.0, 100.0, 100.0, 130.0, 130.0, 400.0])
    import huiwu.interaction.presence as module

    real = module.time.monotonic
    module.time.monotonic = lambda: next(times)
    try:
        tracker.note(live.pk, people[0].pk, True)  # 100
        tracker.note(live.pk, people[1].pk, False)  # 100
        tracker.note(live.pk, people[2].pk, True)  # 100
        tracker.note(live.pk, people[0].pk, True)  # 130: 30 s watched
        tracker.note(live.pk, people[1].pk, False)  # 130: present, not watching
        tracker.note(live.pk, people[2].pk, True)  # 400: a sleeping page counts at most GAP
    finally:
        module.time.monotonic = real
    tracker.flush(sockets={live.pk: 7})
    watched = dict(Participant.objects.filter(live=live).values_list("pk", "watch_seconds"))
    assert (
        watched[people[0].pk] == 30 and watched[people[1].pk] == 0 and watched[people[2].pk] == presence.GAP
    )
    assert Participant.objects.filter(pk=people[1].pk, seen_at__isnull=False).exists()
    Audience.objects.create(live=live, process="other", sockets=5, at=timezone.now())
    Audience.objects.create(live=live, process="gone", sockets=100, at=timezone.now() - presence.FRESH * 2)
    figures = presence.figures(live.pk)
    assert figures["viewers"] == 12 and figures["peak"] >= 12
    assert figures["participants"] == 4 and figures["active"] == 1  # the tenant's question
    assert figures["participation"] == 25
    assert figures["watch_hours"] == round((30 + presence.GAP) / 3600 / 2, 1)
    from decimal import Decimal

    from huiwu.events.models import KPI
    from huiwu.wrapup import kpis

    Participant.objects.filter(pk=people[0].pk).update(watch_seconds=4 * 3600)
    Participant.objects.filter(pk=people[2].pk).update(watch_seconds=int(4.4 * 3600))
    watch = KPI.objects.create(meeting=tenant_a.meeting, kind="watch_time", target=4, unit="小时")
    offered = kpis.suggest(watch)
    assert (offered.value, offered.source) == (
        Decimal("4.2"),
        "live",
    )  # the KPI "online watch time" of the issue
    views = KPI.objects.create(meeting=tenant_a.meeting, kind="online_views", target=100, unit="人")
    assert kpis.suggest(views).value == 2


def test_the_public_pages_of_the_screens_and_the_stream(client, tenant_a):
    who = owner_of(tenant_a)
    live = Live.objects.get(meeting=tenant_a.meeting)
    live = services.change_live(live=live, membership=who, stream_url="https://cdn.example.com/a/live.flv?k=1",
                                stream_kind="", moderated=True, version=live.version)  # fmt: skip
    assert live.stream_kind == "flv"
    watch = client.get(reverse("interaction-public:watch", kwargs={"code": live.code}))
    policy = watch["Content-Security-Policy"]
    assert (
        "media-src 'self' blob: https://cdn.example.com" in policy
        and "connect-src 'self' https://cdn.example.com" in policy
    )
    assert 'id="stream-player"' in watch.content.decode() and "no-store" in watch["Cache-Control"]
    room = client.get(reverse("interaction-public:room", kwargs={"code": live.code}))
    assert (
        "cdn.example.com" not in room["Content-Security-Policy"]
        and 'data-testid="watch-link"' in room.content.decode()
    )
    with pytest.raises(RoomInvalid):
        services.change_live(live=live, membership=who, stream_url="javascript:alert(1)", stream_kind="",
                             version=live.version)  # fmt: skip
    view = client.get(reverse("interaction-public:client", kwargs={"token": live.client_token}))
    assert view.status_code == 200 and 'data-testid="stat-viewers"' in view.content.decode()
    assert (
        client.get(reverse("interaction-public:client", kwargs={"token": live.screen_token})).status_code
        == 404
    )
    speaker = client.get(reverse("interaction-public:speaker", kwargs={"token": live.screen_token}))
    assert "何时发布？" in speaker.content.decode()
    proof = client.get(
        reverse("interaction-public:proof", kwargs={"token": live.screen_token, "prize": tenant_a.prize.pk})
    )
    assert proof.json()["winners"][0]["entry"].startswith("a")
    other = reverse("interaction-public:proof", kwargs={"token": live.screen_token, "prize": 10**6})
    assert client.get(other).status_code == 404
    rule = client.get(reverse("interaction-public:rule"))
    assert b"def picks" in rule.content and rule["Content-Disposition"].endswith('fairness.py"')


def test_an_archived_meeting_takes_no_one_in(client, tenant_a):
    from huiwu.events import archived
    from huiwu.events.models import Meeting

    live = Live.objects.get(meeting=tenant_a.meeting)
    Meeting.objects.filter(pk=tenant_a.meeting.pk).update(archived_at=timezone.now())
    archived.forget()
    live.refresh_from_db()
    live.meeting.refresh_from_db()
    from huiwu.events.errors import MeetingArchived

    with pytest.raises(MeetingArchived):
        services.join(live=live)
    assert Question.objects.filter(live=live).count() == 1
