"""In a browser: open a gate's scanner, scan a badge (a hand scanner types the code and Enter), see it
admitted in green, scan it again and see amber with the first check-in."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from huiwu.attendees import services as people
from huiwu.attendees.models import Attendee
from huiwu.checkin import offline, services
from huiwu.checkin.models import CheckIn, Gate, Scan
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in
from tests.factories.events import MeetingFactory, running_today

pytestmark = pytest.mark.e2e


def test_scanner_page_admits_once(start_server, browser, transactional_db):
    tenant = make_tenant()
    running_today(tenant.meeting)
    code = people.badge_code(tenant.attendee)
    server = start_server()
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(phone, server.url, tenant.owner)
    phone.goto(f"{server.url}/o/{tenant.org.slug}/checkin/for/{tenant.meeting.pk}/")
    phone.get_by_test_id(f"scanner-{tenant.gate.pk}").click()
    phone.get_by_test_id("scan-input").fill(code)
    phone.get_by_test_id("scan-input").press("Enter")
    answer = phone.get_by_test_id("scan-answer")
    expect(answer).to_have_attribute("data-status", "accepted")
    expect(answer).to_contain_text(tenant.attendee.name)
    phone.wait_for_timeout(3100)  # the same code within 3 s counts as one scan
    phone.get_by_test_id("scan-input").fill(code)
    phone.get_by_test_id("scan-input").press("Enter")
    expect(answer).to_have_attribute("data-status", "already_checked_in")
    expect(answer).to_contain_text("北门")
    phone.get_by_test_id("scan-input").fill("not-a-badge")
    phone.get_by_test_id("scan-input").press("Enter")
    expect(answer).to_have_attribute("data-status", "invalid")


def _scan(phone, code):
    phone.get_by_test_id("scan-input").fill(code)
    phone.get_by_test_id("scan-input").press("Enter")


def test_offline_scans_are_decided_on_the_phone_and_synced(start_server, browser, transactional_db):
    tenant = make_tenant()
    running_today(tenant.meeting)
    Scan.objects.filter(meeting=tenant.meeting).delete()  # the fixture's offline clash
    guests = [tenant.attendee] + [
        people.save_attendee(
            meeting=tenant.meeting,
            actor=None,
            data=people.AttendeeInput(name=f"来宾{i}", mobile=f"+86135{i:08d}"),
        )
        for i in range(3)
    ]
    server = start_server()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    sign_in(phone, server.url, tenant.owner)
    phone.goto(f"{server.url}/o/{tenant.org.slug}/checkin/gates/{tenant.gate.pk}/scanner/")
    state = phone.get_by_test_id("net-state")
    expect(state).to_contain_text("4")  # the list of 4 people is on the phone
    phone.wait_for_function("caches.keys().then(k => k.length > 0)")  # the service worker kept the page
    answer = phone.get_by_test_id("scan-answer")
    _scan(phone, people.badge_code(guests[0]))
    expect(answer).to_have_attribute("data-status", "accepted")

    context.set_offline(True)
    phone.reload()  # the page itself comes from the service worker
    expect(state).to_have_attribute("data-net", "offline")
    for guest in guests[1:]:
        _scan(phone, people.badge_code(guest))
        expect(answer).to_have_attribute("data-status", "accepted")
        expect(answer).to_contain_text(guest.name)
    _scan(phone, people.badge_code(guests[0]))  # admitted online before: the phone knows
    expect(answer).to_have_attribute("data-status", "already_checked_in")
    expect(state).to_have_attribute("data-pending", "4")
    assert CheckIn.objects.filter(meeting=tenant.meeting).count() == 1

    dashboard = browser.new_page()  # another device, online all along
    sign_in(dashboard, server.url, tenant.owner)
    dashboard.goto(f"{server.url}/o/{tenant.org.slug}/checkin/for/{tenant.meeting.pk}/")
    expect(dashboard.locator("body")).to_have_attribute("data-live", "on")
    checked_in = dashboard.locator('[data-fig="checked_in"]')
    expect(checked_in).to_have_text("1")

    context.set_offline(False)
    expect(state).to_have_attribute("data-pending", "0", timeout=15_000)
    assert CheckIn.objects.filter(meeting=tenant.meeting).count() == 4
    assert Scan.objects.filter(meeting=tenant.meeting, offline=True).count() == 4
    assert not Scan.objects.filter(flagged=True).exists()
    expect(checked_in).to_have_text("4")  # pushed live, no reload
    expect(dashboard.locator('[data-fig="not_arrived"]')).to_have_text("0")


def test_the_phone_decides_as_the_server_does(start_server, browser, transactional_db):
    """The same lists, the same scans in the same order: offline.js answers what services.scan does."""
    tenant = make_tenant()
    running_today(tenant.meeting)
    org, meeting = tenant.org, tenant.meeting
    add = lambda name, **data: people.save_attendee(  # noqa: E731
        meeting=meeting,
        actor=None,
        data=people.AttendeeInput(
            name=name, mobile=f"+86138{len(name):04d}{abs(hash(name)) % 10000:04d}", **data
        ),
    )
    vip, pending, reissued = add("贵宾甲", category="vip"), add("待审乙"), add("换证丙")
    Attendee.objects.filter(pk=pending.pk).update(status="pending")
    old_code = people.badge_code(reissued)
    reissued = people.reissue_badge(attendee=reissued, actor=None)
    next_week = dt.timedelta(days=7)
    sibling = MeetingFactory(  # next week: its gate is not open today
        org=org, client=meeting.client, start_date=meeting.start_date + next_week,
        end_date=meeting.end_date + next_week,
    )  # fmt: skip
    cousin = people.save_attendee(
        meeting=sibling, actor=None, data=people.AttendeeInput(name="别会", mobile="+8613911112222")
    )
    stranger = make_tenant().attendee
    gates = {
        "all": tenant.gate,
        "vip": Gate.objects.create(org=org, meeting=meeting, name="贵宾台", categories=["vip"]),
        "exit": Gate.objects.create(org=org, meeting=meeting, name="出口", direction="out"),
        "later": Gate.objects.create(org=org, meeting=meeting, name="次日", days=["2099-01-01"]),
        "closed": Gate.objects.create(org=org, meeting=meeting, name="关闭", is_active=False),
        "next week": Gate.objects.create(org=org, meeting=sibling, name="下周"),
    }
    code = {
        "guest": people.badge_code(tenant.attendee), "vip": people.badge_code(vip),
        "pending": people.badge_code(pending), "new": people.badge_code(reissued), "old": old_code,
        "cousin": people.badge_code(cousin), "stranger": people.badge_code(stranger),
        "forged": people.badge_code(vip)[:-3] + "abc", "junk": "hello", "long": "HW1." + "a" * 300 + ".b",
    }  # fmt: skip
    sequence = [
        ("exit", "guest"), ("vip", "guest"), ("vip", "vip"), ("all", "vip"), ("all", "guest"),
        ("all", "guest"),
        ("exit", "guest"), ("exit", "guest"), ("all", "guest"), ("later", "new"), ("closed", "new"),
        ("all", "pending"), ("all", "old"), ("all", "new"), ("all", "cousin"), ("all", "stranger"),
        ("all", "forged"), ("all", "junk"), ("all", "long"), ("exit", "vip"), ("vip", "vip"),
        ("next week", "cousin"), ("next week", "guest"),
    ]  # fmt: skip
    lists = {name: offline.signed_list(gate) for name, gate in gates.items()}
    online = [
        [(a := services.scan(gate=gates[g], badge=code[c], scan_id=f"eq{i}")).status, a.reason]
        for i, (g, c) in enumerate(sequence)
    ]
    server = start_server()
    page = browser.new_page()
    sign_in(page, server.url, tenant.owner)
    page.goto(f"{server.url}/o/{org.slug}/checkin/gates/{tenant.gate.pk}/scanner/")
    page.wait_for_function("window.HuiwuOffline !== undefined")
    phone = page.evaluate(
        """async ([lists, sequence, codes]) => {
            const off = window.HuiwuOffline;
            const shared = new Map();
            const ix = {};
            for (const [name, signed] of Object.entries(lists)) {
                const ok = await off.verify(signed.key, signed.list, signed.signature);
                if (!ok) throw new Error("signature");
                ix[name] = off.index(JSON.parse(signed.list));
                ix[name].checked = shared;  // one memory: as if one phone had made every scan
            }
            const out = [];
            for (const [gate, who] of sequence) {
                const answer = await off.decide(ix[gate], codes[who], new Date());
                out.push([answer.status, answer.reason]);
            }
            return out;
        }""",
        [lists, sequence, code],
    )
    # the same answers and reasons; only why a code is invalid the phone cannot tell (it holds hashes)
    assert [s for s, _r in phone] == [s for s, _r in online]
    assert [p for p in phone if p[0] != "invalid"] == [o for o in online if o[0] != "invalid"]
    assert ["not_allowed", "outside days"] in online and ["not_allowed", "day"] in online
    assert {status for status, _reason in online} == {
        "accepted",
        "already_checked_in",
        "invalid",
        "revoked",
        "not_allowed",
        "wrong_meeting",
    }


def test_a_phone_paired_by_qr_scans_at_its_gate_without_signing_in(start_server, browser, transactional_db):
    tenant = make_tenant()
    running_today(tenant.meeting)
    server = start_server()
    lead = browser.new_page()
    sign_in(lead, server.url, tenant.owner)
    lead.goto(f"{server.url}/o/{tenant.org.slug}/checkin/for/{tenant.meeting.pk}/")
    lead.locator(f"#device-{tenant.gate.pk}").fill("北门2号机")
    lead.get_by_test_id(f"pair-{tenant.gate.pk}").click()
    expect(lead.get_by_test_id("pairing-qr").locator("svg")).to_be_visible()
    link = lead.get_by_test_id("pairing-link").get_attribute("href")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.goto(link)
    phone.get_by_test_id("pair").click()
    expect(phone.get_by_test_id("net-state")).to_contain_text("1")  # its gate's list is on the phone
    _scan(phone, people.badge_code(tenant.attendee))
    expect(phone.get_by_test_id("scan-answer")).to_have_attribute("data-status", "accepted")
    assert Scan.objects.get(meeting=tenant.meeting, status="accepted").device.name == "北门2号机"
    lead.goto(f"{server.url}/o/{tenant.org.slug}/checkin/for/{tenant.meeting.pk}/")
    lead.get_by_test_id(f"unpair-{Scan.objects.get(status='accepted').device_id}").click()
    phone.reload()
    expect(phone.get_by_test_id("unpaired")).to_be_visible()
