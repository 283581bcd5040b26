"""In a browser: the project manager invites a supplier's person to the portal; on a phone, that person
opens the e-mailed link, creates an account, reads the supplier's part of the run sheet and acknowledges
it; the project manager's run-sheet page shows the acknowledgement without a reload."""

import email
import re

import pytest
from playwright.sync_api import expect

from huiwu.onsite import runsheet
from huiwu.suppliers.models import PortalUser
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in
from tests.suppliers.test_portal import _day

pytestmark = pytest.mark.e2e


def _link(server) -> str:
    for text in server.mails():
        for raw in text.split("-" * 79):
            message = email.message_from_string(raw.strip())
            body = message.get_payload(decode=True) if not message.is_multipart() else b""
            found = re.search(r"/portal/invite/[^/\s]+/", (body or b"").decode("utf-8", "replace"))
            if found:
                return found.group(0)
    raise AssertionError("no invitation mailed")


def test_invite_acknowledge_on_a_phone_and_the_pm_sees_it_live(start_server, browser, transactional_db):
    tenant = make_tenant()
    PortalUser.objects.all().delete()
    _day(tenant)
    runsheet.build(meeting=tenant.meeting, actor=tenant.owner)
    version = runsheet.publish(meeting=tenant.meeting, actor=tenant.owner)
    supplier = tenant.supplier
    server = start_server()

    pm = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(pm, server.url, tenant.owner)
    pm.goto(f"{server.url}/o/{tenant.org.slug}/suppliers/{supplier.pk}/")
    portal = pm.get_by_test_id("portal")
    portal.locator("input[name=email]").fill("zhou@vendor.example")
    pm.get_by_test_id("portal-invite").click()
    expect(pm.get_by_test_id("portal")).to_contain_text("zhou@vendor.example")
    pm.goto(f"{server.url}/o/{tenant.org.slug}/onsite/for/{tenant.meeting.pk}/run-sheet/")
    expect(pm.locator("body")).to_have_attribute("data-live", "on")
    ack = pm.get_by_test_id(f"ack-{supplier.pk}")
    expect(ack).to_contain_text("尚未确认")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(server.url + _link(server))
    phone.locator("#id_name").fill("周师傅")
    phone.locator("#id_username").fill("zhou-vendor")
    phone.locator("#id_password").fill("a-Long-passw0rd!")
    phone.get_by_test_id("accept").click()
    phone.get_by_test_id(f"portal-meeting-{tenant.meeting.pk}").click()
    lines = phone.get_by_test_id("portal-lines")
    expect(lines).to_contain_text("设备调试")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the portal fits a phone"
    phone.get_by_test_id("acknowledge").click()
    expect(phone.get_by_test_id("acknowledged")).to_contain_text("周师傅")

    expect(ack).to_contain_text("周师傅")  # pushed to the PM's page, no reload
    assert version.acknowledgements.get().user.username == "zhou-vendor"
