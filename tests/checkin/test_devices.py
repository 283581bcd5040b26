"""Scanner devices: pairing once, their own gate only, revocation, the rate limit, and the session
endpoints of the scanner page (scan, sync, signed list)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huiwu.attendees import services as people
from huiwu.checkin import devices, offline
from huiwu.checkin.models import CheckIn, Device, Gate, Scan

pytestmark = pytest.mark.integration


def _post_json(client, url, body, **kw):
    return client.post(url, json.dumps(body), content_type="application/json", **kw)


def test_pairing_gives_the_phone_its_gate_once(tenant_a, tenant_b):
    gate = tenant_a.gate
    device, code = devices.add(gate=gate, name="手机3", actor=tenant_a.owner)
    phone = Client(enforce_csrf_checks=False)
    assert phone.get("/c/").status_code == 401  # not paired yet
    assert phone.get(f"/c/pair/{code}/").status_code == 200  # a confirmation page: link previews pair nothing
    assert Device.objects.get(pk=device.pk).token_hash is None
    response = phone.post(f"/c/pair/{code}/")
    assert response.status_code == 302 and response.cookies["hw_device"]["httponly"]
    page = phone.get("/c/")
    assert page.status_code == 200 and gate.name in page.content.decode()
    code_b = people.badge_code(tenant_a.attendee)
    answer = _post_json(phone, "/c/scan/", {"badge": code_b, "scan_id": "p-1"}).json()
    assert answer["status"] == "accepted"
    assert Scan.objects.get(scan_id="p-1").device_id == device.pk
    assert Client().post(f"/c/pair/{code}/").status_code == 400  # a code pairs one phone only
    signed = phone.get("/c/list/").json()
    assert offline.verify(signed["list"], signed["signature"])
    devices.revoke(device=device, actor=tenant_a.owner)
    assert _post_json(phone, "/c/scan/", {"badge": code_b, "scan_id": "p-2"}).status_code == 401
    assert phone.get("/c/list/").status_code == 401 and not Scan.objects.filter(scan_id="p-2").exists()


def test_an_expired_pairing_code_pairs_nothing(tenant_a):
    device, code = devices.add(gate=tenant_a.gate, name="旧码", actor=tenant_a.owner)
    Device.objects.filter(pk=device.pk).update(pairing_expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client().post(f"/c/pair/{code}/")
    assert response.status_code == 400 and "hw_device" not in response.cookies


def test_a_device_token_scans_at_its_gate_only(api, client, tenant_a, tenant_b):
    _device, code = devices.add(gate=tenant_a.gate, name="扫码枪", actor=tenant_a.owner)
    paired = _post_json(client, "/api/v1/checkin/devices/pair", {"code": code}).json()
    token = paired["token"]
    assert paired["gate"] == tenant_a.gate.pk and token.startswith("hwd_")
    scanner = api(token)
    badge = people.badge_code(tenant_a.attendee)
    ok = scanner.post("/api/v1/checkin/scans", {"badge": badge, "gate": tenant_a.gate.pk, "scan_id": "d-1"})
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    other = Gate.objects.create(org=tenant_a.org, meeting=tenant_a.meeting, name="西门")
    wrong = scanner.post("/api/v1/checkin/scans", {"badge": badge, "gate": other.pk, "scan_id": "d-2"})
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong_gate"
    foreign = scanner.post(
        "/api/v1/checkin/scans", {"badge": badge, "gate": tenant_b.gate.pk, "scan_id": "d-3"}
    )
    assert foreign.status_code == 403
    batch = scanner.post(
        "/api/v1/checkin/scans/batch",
        {
            "scans": [
                {"badge": badge, "gate": other.pk, "scan_id": "d-4"},
                {"badge": badge, "gate": tenant_a.gate.pk, "scan_id": "d-5"},
            ]
        },
    ).json()["results"]
    assert [(r["status"], r["reason"]) for r in batch] == [("invalid", "gate"), ("already_checked_in", "")]
    assert scanner.get(f"/api/v1/meetings/{tenant_a.meeting.pk}").status_code == 401  # check-in only
    assert scanner.get(f"/api/v1/checkin/gates/{tenant_a.gate.pk}/list").status_code == 200
    assert scanner.get(f"/api/v1/checkin/gates/{other.pk}/list").status_code == 403
    assert not Scan.objects.filter(scan_id__in=["d-2", "d-3", "d-4"]).exists()


def test_a_flood_from_one_device_is_refused_and_records_nothing(api, client, tenant_a, monkeypatch):
    monkeypatch.setattr(devices.time, "time", lambda: 1_000_005.0)  # one rate window, whatever the clock
    _device, code = devices.add(gate=tenant_a.gate, name="洪水", actor=tenant_a.owner)
    scanner = api(_post_json(client, "/api/v1/checkin/devices/pair", {"code": code}).json()["token"])
    statuses = [
        scanner.post(
            "/api/v1/checkin/scans", {"badge": "HW1.x.y", "gate": tenant_a.gate.pk, "scan_id": f"f-{i}"}
        ).status_code
        for i in range(devices.RATE_LIMIT + 5)
    ]
    assert statuses.count(200) == devices.RATE_LIMIT and statuses[-1] == 429
    assert Scan.objects.filter(scan_id__startswith="f-").count() == devices.RATE_LIMIT
    # the owner's own token is another bucket
    assert (
        api(tenant_a.raw_token)
        .post("/api/v1/checkin/scans", {"badge": "HW1.x.y", "gate": tenant_a.gate.pk, "scan_id": "owner-1"})
        .status_code
        == 200
    )


def test_the_scanner_page_syncs_offline_scans_and_flags_clashes(owner_client, tenant_a):
    gate = tenant_a.gate
    west = Gate.objects.create(org=tenant_a.org, meeting=tenant_a.meeting, name="西门")
    badge = people.badge_code(tenant_a.attendee)
    org = tenant_a.org.slug
    when = timezone.now() - dt.timedelta(minutes=10)
    first = {"badge": badge, "scan_id": "off-1", "scanned_at": when.isoformat(), "device_status": "accepted"}
    url = reverse("checkin:sync", kwargs={"org": org, "gate": west.pk})
    assert _post_json(owner_client, url, {"scans": [first]}).json()["results"][0]["status"] == "accepted"
    # the same badge, admitted by another offline gate a minute later
    later = {**first, "scan_id": "off-2", "scanned_at": (when + dt.timedelta(minutes=1)).isoformat()}
    url = reverse("checkin:sync", kwargs={"org": org, "gate": gate.pk})
    results = _post_json(owner_client, url, {"scans": [later, later, {"badge": badge}]}).json()["results"]
    assert [r["status"] for r in results] == ["already_checked_in", "already_checked_in", "invalid"]
    assert results[0]["first_checkin"]["gate"] == "西门"
    clash = Scan.objects.get(scan_id="off-2")
    assert clash.flagged and clash.offline and clash.device_status == "accepted"
    assert CheckIn.objects.filter(attendee=tenant_a.attendee).count() == 1
    assert _post_json(owner_client, url, {"scans": "nope"}).status_code == 400
    assert owner_client.post(url, "{bad", content_type="application/json").status_code == 400


def test_the_signed_list_holds_what_a_gate_needs_and_no_more(owner_client, tenant_a):
    guest = tenant_a.attendee
    url = reverse("checkin:list", kwargs={"org": tenant_a.org.slug, "gate": tenant_a.gate.pk})
    signed = owner_client.get(url).json()
    assert offline.verify(signed["list"], signed["signature"])
    assert not offline.verify(signed["list"].replace(guest.name, "X"), signed["signature"])
    text = signed["list"]
    assert guest.name in text
    for private in (
        guest.mobile,
        guest.mobile[-8:],
        guest.email,
        guest.badge_secret,
        people.badge_code(guest),
    ):
        assert private not in text
    body = json.loads(text)
    assert body["people"][0][0] == offline.badge_hash(people.badge_code(guest))


def test_bad_input_gets_a_clear_status_and_records_nothing(api, client, tenant_a, tenant_b):
    _device, code = devices.add(gate=tenant_a.gate, name="坏输入", actor=tenant_a.owner)
    token = _post_json(client, "/api/v1/checkin/devices/pair", {"code": code}).json()["token"]
    scanner, gate = api(token), tenant_a.gate.pk
    badge = people.badge_code(tenant_a.attendee)

    def post(body):
        return scanner.post("/api/v1/checkin/scans", {"gate": gate, **body})

    next_year = (timezone.now() + dt.timedelta(days=365)).isoformat()
    late = post({"badge": badge, "scan_id": "b-1", "scanned_at": next_year})
    assert late.status_code == 422 and late.json()["code"] == "invalid"
    huge = post({"badge": "A" * 10_000, "scan_id": "b-2"}).json()
    assert (huge["status"], huge["attendee"]) == ("invalid", None)
    tampered = post({"badge": badge[:-4] + "AAAA", "scan_id": "b-3"}).json()
    assert tampered["status"] == "invalid" and tampered["attendee"] is None
    foreign = post({"badge": people.badge_code(tenant_b.attendee), "scan_id": "b-4"}).json()
    assert foreign["status"] == "invalid" and foreign["attendee"] is None  # nothing about B's guest
    assert post({"badge": badge, "scan_id": "b-5"}).json()["status"] == "accepted"
    reused = post({"badge": badge + "x", "scan_id": "b-5"}).json()
    assert (reused["status"], reused["reason"]) == ("invalid", "scan id reused")
    broken = Client().post(
        "/api/v1/checkin/scans",
        "{oops",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert broken.status_code == 400 and broken.json()["code"] == "malformed_json"
    assert scanner.post("/api/v1/checkin/scans", {"gate": gate, "scan_id": "b-6"}).status_code == 422
    forged_token = api(token[:-2] + "xx").post(
        "/api/v1/checkin/scans", {"gate": gate, "badge": badge, "scan_id": "b-7"}
    )
    assert forged_token.status_code == 401
    assert set(Scan.objects.filter(scan_id__startswith="b-").values_list("scan_id", flat=True)) == {
        "b-2", "b-3", "b-4", "b-5"
    }  # fmt: skip
    assert CheckIn.objects.filter(attendee=tenant_a.attendee).count() == 1
