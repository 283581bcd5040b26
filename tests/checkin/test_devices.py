"""Scanner devices: pairing once, their own gate only, revocation, the rate limit; and the scanner
page's and the paired phone's calls, which go to the same check-in API as any scanner (session or
device cookie, with the CSRF token)."""

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


SCAN = "/api/v1/checkin/scans"
BATCH = "/api/v1/checkin/scans/batch"


def _post_json(client, url, body, **kw):
    return client.post(url, json.dumps(body), content_type="application/json", **kw)


def _list(gate) -> str:
    return f"/api/v1/checkin/gates/{gate.pk}/list"


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
    assert response.cookies["hw_device"]["path"] == "/"  # the phone's pages and the check-in API
    answer = _post_json(phone, SCAN, {"badge": code_b, "gate": gate.pk, "scan_id": "p-1"}).json()
    assert answer["status"] == "accepted"
    assert Scan.objects.get(scan_id="p-1").device_id == device.pk
    assert Client().post(f"/c/pair/{code}/").status_code == 400  # a code pairs one phone only
    signed = phone.get(_list(gate)).json()
    assert offline.verify(signed["list"], signed["signature"])
    assert phone.get(f"/api/v1/meetings/{tenant_a.meeting.pk}").status_code == 401  # check-in only
    devices.revoke(device=device, actor=tenant_a.owner)
    refused = _post_json(phone, SCAN, {"badge": code_b, "gate": gate.pk, "scan_id": "p-2"})
    assert refused.status_code == 401 and set(refused.json()) == {"code", "message", "details"}
    assert phone.get(_list(gate)).status_code == 401 and not Scan.objects.filter(scan_id="p-2").exists()


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
    page = {"headers": {"Huiwu-Org": tenant_a.org.slug}}
    when = timezone.now() - dt.timedelta(minutes=10)
    first = {"badge": badge, "gate": west.pk, "scan_id": "off-1", "scanned_at": when.isoformat(),
             "device_status": "accepted"}  # fmt: skip
    assert (
        _post_json(owner_client, BATCH, {"scans": [first]}, **page).json()["results"][0]["status"]
        == "accepted"
    )
    # the same badge, admitted by another offline gate a minute later
    later = {
        **first,
        "gate": gate.pk,
        "scan_id": "off-2",
        "scanned_at": (when + dt.timedelta(minutes=1)).isoformat(),
    }
    results = _post_json(owner_client, BATCH, {"scans": [later, later]}, **page).json()["results"]
    assert [r["status"] for r in results] == ["already_checked_in", "already_checked_in"]
    assert results[0]["first_checkin"]["gate"] == "西门"
    clash = Scan.objects.get(scan_id="off-2")
    assert clash.flagged and clash.offline and clash.device_status == "accepted"
    assert CheckIn.objects.filter(attendee=tenant_a.attendee).count() == 1
    bad = _post_json(owner_client, BATCH, {"scans": "nope"}, **page)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert (
        owner_client.post(BATCH, "{bad", content_type="application/json", **page).json()["code"]
        == "malformed_json"
    )


def test_a_session_scans_only_in_an_organisation_it_belongs_to(client, tenant_a, tenant_b):
    badge = people.badge_code(tenant_a.attendee)
    scan = {"badge": badge, "gate": tenant_a.gate.pk, "scan_id": "s-1"}
    client.force_login(tenant_a.owner)
    assert _post_json(client, SCAN, scan).status_code == 401  # no organisation named
    assert _post_json(client, SCAN, scan, headers={"Huiwu-Org": tenant_b.org.slug}).status_code == 401
    foreign = {**scan, "gate": tenant_b.gate.pk}
    assert _post_json(client, SCAN, foreign, headers={"Huiwu-Org": tenant_a.org.slug}).status_code == 404
    from huiwu.orgs.enums import Role
    from tests.conftest import member

    client.force_login(member(tenant_a.org, Role.VIEWER).user)
    viewer = _post_json(client, SCAN, scan, headers={"Huiwu-Org": tenant_a.org.slug})
    assert viewer.status_code == 403 and not Scan.objects.filter(scan_id="s-1").exists()
    tenant_a.org.two_factor_required = True
    tenant_a.org.save()
    client.force_login(
        tenant_a.owner
    )  # an owner without a second factor, where the organisation asks for one
    assert _post_json(client, SCAN, scan, headers={"Huiwu-Org": tenant_a.org.slug}).status_code == 401


def test_cookie_calls_need_the_pages_csrf_token(tenant_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(tenant_a.owner)
    page = browser.get(
        reverse("checkin:scanner", kwargs={"org": tenant_a.org.slug, "gate": tenant_a.gate.pk})
    )
    token = page.content.decode().split('data-csrf="', 1)[1].split('"', 1)[0]
    scan = {"badge": people.badge_code(tenant_a.attendee), "gate": tenant_a.gate.pk, "scan_id": "c-1"}
    headers = {"Huiwu-Org": tenant_a.org.slug}
    forged = _post_json(browser, SCAN, scan, headers=headers)
    assert forged.status_code == 403 and forged.json()["code"] == "csrf_failed"
    assert not Scan.objects.filter(scan_id="c-1").exists()
    ok = _post_json(browser, SCAN, scan, headers={**headers, "X-CSRFToken": token})
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert (
        Client(enforce_csrf_checks=True).post(SCAN, {}).status_code == 401
    )  # no cookie: not a CSRF question


def test_the_signed_list_holds_what_a_gate_needs_and_no_more(owner_client, tenant_a):
    guest = tenant_a.attendee
    signed = owner_client.get(_list(tenant_a.gate), headers={"Huiwu-Org": tenant_a.org.slug}).json()
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
