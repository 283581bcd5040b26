"""The check-in dashboard's figures, the review of offline clashes, reminders to those not arrived."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from huiwu.attendees import services as people
from huiwu.checkin import dashboard, devices, services
from huiwu.checkin.models import Gate, Scan
from huiwu.orgs.enums import Role
from tests.conftest import member

pytestmark = pytest.mark.integration


def _guests(t, n, **data):
    return [
        people.save_attendee(
            meeting=t.meeting,
            actor=None,
            data=people.AttendeeInput.parse({"name": f"嘉宾{i}", "mobile": f"+86133{i:08d}", **data}),
        )
        for i in range(n)
    ]


def test_figures_count_by_category_and_gate_and_estimate_the_queue(tenant_a):
    t = tenant_a
    Scan.objects.filter(meeting=t.meeting).delete()  # the fixture's offline clash
    vips = _guests(t, 2, category="vip")
    desk = Gate.objects.create(org=t.org, meeting=t.meeting, name="人工台", kind="manual")
    # yesterday at 10:00 there: the figures of a morning, whatever the hour the test runs at
    now = dt.datetime.combine(
        timezone.now().astimezone(t.meeting.tz).date() - dt.timedelta(days=1),
        dt.time(10),
        tzinfo=t.meeting.tz,
    )
    services.scan(
        gate=t.gate,
        badge=people.badge_code(t.attendee),
        scan_id="d1",
        scanned_at=now - dt.timedelta(minutes=7),
    )
    services.scan(
        gate=desk, badge=people.badge_code(vips[0]), scan_id="d2", scanned_at=now - dt.timedelta(minutes=1)
    )
    services.scan(gate=desk, badge="junk", scan_id="d3", scanned_at=now)
    day = dashboard.meeting_today(t.meeting, now)
    f = dashboard.figures(t.meeting, day, now)
    assert (f["expected"], f["checked_in"], f["not_arrived"]) == (3, 2, 1)
    assert {c["category"]: (c["arrived"], c["expected"]) for c in f["categories"]} == {
        "regular": (1, 1),
        "vip": (1, 2),
    }
    lanes = {lane["name"]: lane for lane in f["gates"]}
    assert lanes["人工台"]["admitted"] == 1 and lanes["人工台"]["per_minute"] == 0.1
    assert (
        lanes["人工台"]["minutes"] == 1.1 and not lanes["人工台"]["over_target"]
    )  # one minute at the desk, 0.1 minutes of waiting (M/M/1, λ = 0.1/min, μ = 1/min)
    assert (
        f["curve"][-1] == 2
        and sum(sum(g["values"]) for g in f["per_gate"]) == Scan.objects.filter(meeting=t.meeting).count()
    )
    # a fast lane (15 s a scan) with 31 scans in 10 minutes and one scanner is fine; 300 a minute is not
    for i in range(30):
        services.scan(gate=t.gate, badge="junk", scan_id=f"q{i}", scanned_at=now)
    Scan.objects.filter(scan_id__startswith="q").update(status="already_checked_in")
    fast = {lane["name"]: lane for lane in dashboard.figures(t.meeting, day, now)["gates"]}[t.gate.name]
    assert fast["per_minute"] == 3.1 and not fast["over_target"] and fast["minutes"] == 1.1
    row = {"org": t.org, "meeting": t.meeting, "gate": t.gate, "badge_digest": "x", "status": "not_allowed"}
    Scan.objects.bulk_create([Scan(scan_id=f"r{i}", scanned_at=now, **row) for i in range(3000)])
    fast = {lane["name"]: lane for lane in dashboard.figures(t.meeting, day, now)["gates"]}[t.gate.name]
    assert fast["over_target"] and fast["minutes"] is None


def test_the_page_and_its_figures_are_the_organisations_own(owner_client, tenant_a, tenant_b):
    url = reverse("checkin:figures", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    assert json.loads(owner_client.get(url).content)["expected"] == 1
    other = reverse("checkin:figures", kwargs={"org": tenant_a.org.slug, "meeting": tenant_b.meeting.pk})
    assert owner_client.get(other).status_code == 404
    page = owner_client.get(
        reverse("checkin:gates", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    )
    assert page.status_code == 200 and tenant_a.attendee.name in page.content.decode()  # not arrived yet
    assert owner_client.get(url + "?day=not-a-day").status_code == 200


def test_offline_clashes_are_listed_until_reviewed(client, tenant_a):
    onsite = member(tenant_a.org, Role.ONSITE)
    client.force_login(onsite.user)
    Scan.objects.filter(meeting=tenant_a.meeting).delete()  # the fixture's offline clash
    device, _code = devices.add(gate=tenant_a.gate, name="手机1", actor=onsite.user)
    badge = people.badge_code(tenant_a.attendee)
    services.scan(gate=tenant_a.gate, badge=badge, scan_id="c1")
    item = services.Item(
        gate=tenant_a.gate, badge=badge, scan_id="c2", scanned_at=timezone.now(), device_status="accepted"
    )
    (answer,) = services.scan_many([item], device=device, offline=True)
    assert answer.status == "already_checked_in"
    page_url = reverse("checkin:gates", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    page = client.get(page_url).content.decode()
    assert 'data-testid="clashes"' in page and "手机1" in page
    clash = Scan.objects.get(scan_id="c2")
    response = client.post(reverse("checkin:review", kwargs={"org": tenant_a.org.slug, "scan": clash.pk}))
    assert response.status_code == 302
    clash.refresh_from_db()
    assert clash.flagged and clash.reviewed_by == onsite.user  # kept on record
    assert 'data-testid="clashes"' not in client.get(page_url).content.decode()


def test_those_not_arrived_get_a_reminder(owner_client, tenant_a, django_capture_on_commit_callbacks):
    guests = _guests(tenant_a, 2)
    people.save_attendee(
        meeting=tenant_a.meeting,
        actor=None,
        attendee=guests[0],
        data=people.AttendeeInput.of(guests[0]).but(email="g0@example.com"),
    )
    services.scan(gate=tenant_a.gate, badge=people.badge_code(tenant_a.attendee), scan_id="a1")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("checkin:remind", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [
        ["g0@example.com"]
    ]  # the arrived one and the one without e-mail: none
    job_page = owner_client.get(response["Location"]).content.decode()
    assert "嘉宾1" in job_page
