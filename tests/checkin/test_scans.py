import datetime as dt
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huiwu.attendees import services as people
from huiwu.checkin import services
from huiwu.checkin.models import CheckIn, Device, Gate, Scan
from huiwu.events.models import Meeting
from tests.conftest import make_tenant
from tests.factories.events import MeetingFactory, running_today

pytestmark = pytest.mark.integration


def _gate(t, **kwargs):
    return Gate.objects.create(org=t.org, meeting=t.meeting, name="A口", **kwargs)


def test_decisions(tenant_a, tenant_b):
    gate = _gate(tenant_a)
    guest = tenant_a.attendee
    code = people.badge_code(guest)
    first = services.scan(gate=gate, badge=code, scan_id="s1")
    assert first.status == "accepted" and first.attendee == guest
    again = services.scan(gate=gate, badge=code, scan_id="s2")
    assert again.status == "already_checked_in" and again.first_gate == "A口"
    assert services.scan(gate=gate, badge=code, scan_id="s1").status == "accepted"  # a retry: same answer
    assert services.scan(gate=gate, badge="HW1.x.y", scan_id="s1").reason == "scan id reused"
    assert CheckIn.objects.filter(attendee=guest).count() == 1 and Scan.objects.filter(gate=gate).count() == 2
    assert services.scan(gate=gate, badge="A" * 10_000, scan_id="s3").status == "invalid"
    assert services.scan(gate=gate, badge=code[:-2] + "zz", scan_id="s4").status == "invalid"
    other_org = people.badge_code(
        tenant_b.attendee
    )  # another organisation's badge: not even "another meeting"
    assert services.scan(gate=gate, badge=other_org, scan_id="s5").status == "invalid"
    sibling = MeetingFactory(org=tenant_a.org, client=tenant_a.meeting.client)
    cousin = people.save_attendee(
        meeting=sibling, actor=None, data=people.AttendeeInput(name="来宾", mobile="+8613600000001")
    )
    assert services.scan(gate=gate, badge=people.badge_code(cousin), scan_id="s5b").status == "wrong_meeting"
    people.reissue_badge(attendee=guest, actor=None)
    assert services.scan(gate=gate, badge=code, scan_id="s6").status == "revoked"
    vip_only = _gate(tenant_a, categories=["vip"])
    guest.refresh_from_db()
    assert services.scan(gate=vip_only, badge=people.badge_code(guest), scan_id="s7").status == "not_allowed"
    with pytest.raises(services.BadScan):
        services.scan(gate=gate, badge=code, scan_id="s8", scanned_at=timezone.now() + dt.timedelta(days=365))
    with pytest.raises(services.BadScan):
        services.scan(gate=gate, badge=code, scan_id="bad id with spaces")


@pytest.mark.django_db(transaction=True)
def test_two_gates_scanning_200_badges_at_once_admit_each_exactly_once():
    t = make_tenant()
    running_today(t.meeting)
    gates = [_gate(t), Gate.objects.create(org=t.org, meeting=t.meeting, name="B口")]
    codes = [people.badge_code(t.attendee)]
    for i in range(199):
        a = people.save_attendee(
            meeting=t.meeting, actor=None, data=people.AttendeeInput(name=f"来宾{i}", mobile=f"+86136{i:08d}")
        )
        codes.append(people.badge_code(a))
    answers: list[str] = []
    lock = threading.Lock()

    def gate_worker(k: int) -> None:
        try:
            for i, code in enumerate(codes):
                a = services.scan(gate=gates[k], badge=code, scan_id=f"g{k}-{i}")
                with lock:
                    answers.append(a.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=gate_worker, args=(k,)) for k in (0, 1)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert answers.count("accepted") == 200 and answers.count("already_checked_in") == 200
    assert CheckIn.objects.filter(meeting=t.meeting).count() == 200


def test_the_scan_api(api, tenant_a):
    gate = _gate(tenant_a)
    client = api(tenant_a.raw_token)
    code = people.badge_code(tenant_a.attendee)
    body = {"badge": code, "gate": gate.pk, "scan_id": "api-1"}
    first = client.post("/api/v1/checkin/scans", body).json()
    assert first["status"] == "accepted" and first["attendee"]["name"] == tenant_a.attendee.name
    assert client.post("/api/v1/checkin/scans", body).json()["status"] == "accepted"  # the retry
    batch = client.post(
        "/api/v1/checkin/scans/batch",
        {
            "scans": [
                {**body, "scan_id": "api-2"},
                {**body, "scan_id": "api-3", "scanned_at": "2099-01-01T00:00:00Z"},
                {
                    **body,
                    "scan_id": "api-3b",
                    "scanned_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat(),
                },
            ]
        },
    ).json()["results"]
    assert [r["status"] for r in batch] == ["already_checked_in", "invalid", "already_checked_in"]
    assert Scan.objects.get(scan_id="api-3b").scanned_at < timezone.now() - dt.timedelta(minutes=4)
    assert batch[0]["first_checkin"]["gate"] == "A口"
    assert (
        client.post("/api/v1/checkin/scans", {**body, "badge": "x" * 10_000, "scan_id": "api-4"}).json()[
            "status"
        ]
        == "invalid"
    )
    raw = Client().post(
        "/api/v1/checkin/scans",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {tenant_a.raw_token}"},
    )
    assert raw.status_code in (400, 422) and not Scan.objects.filter(scan_id="api-5").exists()


def test_the_manual_desk_search_masks_and_scopes(api, tenant_a, tenant_b):
    client = api(tenant_a.raw_token)
    mine = tenant_a.attendee
    hits = client.get(f"/api/v1/checkin/search?meeting={tenant_a.meeting.pk}&q={mine.mobile[-4:]}").json()
    assert [h["id"] for h in hits] == [mine.pk] and "****" in hits[0]["mobile_masked"]
    assert not hits[0]["checked_in_today"]
    services.scan(gate=tenant_a.gate, badge=people.badge_code(mine), scan_id="desk-1")
    again = client.get(f"/api/v1/checkin/search?meeting={tenant_a.meeting.pk}&q={mine.mobile[-4:]}").json()
    assert again[0]["checked_in_today"]  # "today" where the meeting is
    assert mine.mobile[3:] not in str(hits)
    assert client.get(f"/api/v1/checkin/search?meeting={tenant_b.meeting.pk}&q=参会者").status_code == 404
    assert all(
        h["meeting_id"] == tenant_a.meeting.pk for h in client.get("/api/v1/checkin/search?q=参会者").json()
    )


def test_seed_checkin_prints_a_gate_a_token_and_badges(db, capsys, api):
    import json

    from django.core.management import call_command

    call_command("seed_checkin", "--attendees", "30")
    first = json.loads(capsys.readouterr().out)
    call_command("seed_checkin", "--attendees", "40")
    second = json.loads(capsys.readouterr().out)
    assert first["meeting"] == second["meeting"] and first["gate"] == second["gate"]
    lines = Path(second["badges"]).read_text().split()
    assert len(lines) == 40 and len(set(lines)) == 40
    answer = api(second["token"]).post(
        "/api/v1/checkin/scans", {"badge": lines[0], "gate": second["gate"], "scan_id": "seed-1"}
    )
    assert answer.json()["status"] == "accepted"


def test_gates_page_adds_a_gate_and_counts_today(owner_client, tenant_a):
    from django.urls import reverse

    page = reverse("checkin:gates", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    response = owner_client.post(
        page, {"name": "贵宾通道", "kind": "vip", "direction": "in", "categories": ["vip"], "is_active": "on"}
    )
    assert response.status_code == 302
    gate = Gate.objects.get(meeting=tenant_a.meeting, name="贵宾通道")
    assert gate.categories == ["vip"]
    services.scan(gate=tenant_a.gate, badge=people.badge_code(tenant_a.attendee), scan_id="p1")
    text = owner_client.get(page).content.decode()
    assert "贵宾通道" in text and "1" in text
    assert owner_client.post(page, {"name": "", "kind": "vip"}).status_code == 400


def test_the_scanner_page_scans_and_tells_the_butler(
    owner_client, tenant_a, django_capture_on_commit_callbacks
):
    import json as json_

    from django.urls import reverse

    from huiwu.notifications.models import Notification

    guest = tenant_a.attendee
    guest.category, guest.butler = "vip", tenant_a.other_member.user
    guest.save()
    page = reverse("checkin:scanner", kwargs={"org": tenant_a.org.slug, "gate": tenant_a.gate.pk})
    assert "scan-texts" in owner_client.get(page).content.decode()
    url, org = "/api/v1/checkin/scans", {"Huiwu-Org": tenant_a.org.slug}
    body = json_.dumps({"badge": people.badge_code(guest), "gate": tenant_a.gate.pk, "scan_id": "web-1"})
    with django_capture_on_commit_callbacks(execute=True):
        answer = owner_client.post(url, body, content_type="application/json", headers=org).json()
    assert answer["status"] == "accepted" and answer["attendee"]["name"] == guest.name
    assert Notification.objects.filter(user=tenant_a.other_member.user, title__contains=guest.name).exists()
    assert owner_client.post(url, "{bad", content_type="application/json", headers=org).status_code == 400
    spaces = json_.dumps({"badge": "x", "gate": tenant_a.gate.pk, "scan_id": "no spaces allowed"})
    refused = owner_client.post(url, spaces, content_type="application/json", headers=org)
    assert refused.status_code == 422 and refused.json()["code"] == "invalid"


def test_the_demo_summit_has_gates_and_first_arrivals(db):
    from huiwu.demo import load_demo
    from huiwu.events.models import Meeting

    org = load_demo()
    summit = Meeting.objects.get(org=org, name="新经济产业峰会")
    assert Gate.objects.filter(meeting=summit).count() == 4
    assert CheckIn.objects.filter(meeting=summit).count() == 49  # 40 + 2 VIPs + 6 synced offline + a walk-in
    assert Scan.objects.filter(meeting=summit, flagged=True).count() == 1
    assert CheckIn.objects.get(meeting=summit, scan__scan_id="demo-fast-0").entries == 2
    assert Device.objects.filter(gate__meeting=summit, paired_at__isnull=False).count() == 1


def test_exit_and_re_entry_each_count_once(tenant_a):
    entrance = _gate(tenant_a)
    exit_gate = Gate.objects.create(org=tenant_a.org, meeting=tenant_a.meeting, name="出口", direction="out")
    code = people.badge_code(tenant_a.attendee)
    assert services.scan(gate=exit_gate, badge=code, scan_id="x0").reason == "not inside"
    assert services.scan(gate=entrance, badge=code, scan_id="x1").status == "accepted"
    out = services.scan(gate=exit_gate, badge=code, scan_id="x2")
    assert (out.status, out.reason) == ("accepted", "exit")
    again_out = services.scan(gate=exit_gate, badge=code, scan_id="x3")
    assert (again_out.status, again_out.reason) == ("not_allowed", "not inside")
    back = services.scan(gate=entrance, badge=code, scan_id="x4")
    assert (back.status, back.reason) == ("accepted", "re-entry")
    assert services.scan(gate=entrance, badge=code, scan_id="x5").status == "already_checked_in"
    row = CheckIn.objects.get(attendee=tenant_a.attendee)
    assert row.inside and row.entries == 2 and row.gate == entrance
    assert services.scan(gate=entrance, badge=code, scan_id="x4").reason == "re-entry"  # a retry: same answer


def test_a_members_batch_may_name_any_gate_of_the_organisation(api, tenant_a, tenant_b):
    west = Gate.objects.create(org=tenant_a.org, meeting=tenant_a.meeting, name="西门")
    badge = people.badge_code(tenant_a.attendee)
    scans = [
        {"badge": badge, "gate": west.pk, "scan_id": "g-1"},
        {"badge": badge, "gate": tenant_b.gate.pk, "scan_id": "g-2"},
        {"badge": badge, "gate": tenant_a.gate.pk, "scan_id": "g-3"},
    ]
    results = api(tenant_a.raw_token).post("/api/v1/checkin/scans/batch", {"scans": scans}).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("accepted", ""), ("invalid", "gate"), ("already_checked_in", "")
    ]  # fmt: skip
    assert results[2]["first_checkin"]["gate"] == "西门"
    assert not Scan.objects.filter(scan_id="g-2").exists()


def test_outside_the_meetings_days_a_gate_refuses_and_the_desk_asks_to_confirm(api, client, tenant_a):
    """Six days before the meeting: the scanner and the API answer not_allowed; the desk admits only
    once the staff member confirms, and the scan records that it was confirmed."""
    t, guest = tenant_a, tenant_a.attendee
    Meeting.objects.filter(pk=t.meeting.pk).update(
        start_date=t.meeting.start_date + dt.timedelta(days=6),
        end_date=t.meeting.end_date + dt.timedelta(days=6),
    )
    body = {"badge": people.badge_code(guest), "gate": t.gate.pk, "scan_id": "early-1"}
    answer = api(t.raw_token).post("/api/v1/checkin/scans", body).json()
    assert (answer["status"], answer["reason"]) == ("not_allowed", "outside days")
    assert not CheckIn.objects.filter(attendee=guest).exists()

    client.force_login(t.owner)
    url = reverse("checkin:desk-admit", kwargs={"org": t.org.slug, "gate": t.gate.pk, "attendee": guest.pk})
    asked = client.post(url).content.decode()
    assert 'data-status="not_allowed"' in asked and 'data-testid="confirm-outside-days"' in asked
    assert not CheckIn.objects.filter(attendee=guest).exists()
    confirmed = client.post(url, {"confirm": "outside-days"}).content.decode()
    assert 'data-status="accepted"' in confirmed
    assert CheckIn.objects.filter(attendee=guest).count() == 1
    assert Scan.objects.get(attendee=guest, status="accepted").reason == "confirmed outside days"

    # confirming needs a signed-in person at the desk (not a device, not an anonymous call)
    other = people.save_attendee(
        meeting=t.meeting, actor=None, data=people.AttendeeInput(name="来宾", mobile="+8613600000001")
    )
    code, gate = people.badge_code(other), services.gates().get(pk=t.gate.pk)
    assert services.scan(gate=gate, badge=code, scan_id="early-2", confirmed=True).status == "not_allowed"
    # a gate that lists its own days (an arrival-day desk at the hotel) is open on those
    arrival = Gate.objects.create(
        org=t.org, meeting=t.meeting, name="酒店报到", days=[timezone.localdate().isoformat()]
    )
    arrival = services.gates().get(pk=arrival.pk)
    assert services.scan(gate=arrival, badge=code, scan_id="early-3").status == "accepted"
