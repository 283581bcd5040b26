"""In a browser: open a gate's scanner, scan a badge (a hand scanner types the code and Enter), see it
admitted in green, scan it again and see amber with the first check-in."""

import pytest
from playwright.sync_api import expect

from huiwu.attendees import services as people
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_scanner_page_admits_once(start_server, browser, transactional_db):
    tenant = make_tenant()
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
