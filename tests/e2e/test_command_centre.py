"""In a browser: the command centre open on a big screen; an incident reported from a phone appears without a
reload, its timer lapses and the escalation shows, it is resolved and leaves the open list."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from huiwu.onsite.models import Incident
from huiwu.onsite.services import watch
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_an_incident_from_a_phone_reaches_the_command_centre(start_server, browser, transactional_db):
    tenant = make_tenant()
    Incident.objects.all().delete()
    server = start_server()
    screen = browser.new_page(viewport={"width": 1600, "height": 900})
    sign_in(screen, server.url, tenant.owner)
    screen.goto(f"{server.url}/o/{tenant.org.slug}/onsite/for/{tenant.meeting.pk}/command/")
    expect(screen.locator("body")).to_have_attribute("data-live", "on")
    incidents = screen.get_by_test_id("panel-incidents")
    expect(incidents).not_to_contain_text("投影仪黑屏")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(phone, server.url, tenant.owner)
    phone.goto(f"{server.url}/o/{tenant.org.slug}/onsite/for/{tenant.meeting.pk}/incidents/")
    phone.locator("#id_tier").select_option("general")
    phone.locator("#id_category").select_option("equipment")
    phone.locator("#id_title").fill("投影仪黑屏")
    phone.locator("#id_location").fill("B厅")
    phone.get_by_test_id("report").locator("button[type=submit]").click()
    expect(phone.get_by_test_id("timers")).to_be_visible()
    expect(incidents).to_contain_text("投影仪黑屏")  # pushed, no reload

    incident = Incident.objects.get()
    Incident.objects.filter(pk=incident.pk).update(
        reported_at=incident.reported_at - dt.timedelta(minutes=10)
    )
    watch()  # the minute's SLA watch (a periodic task of the server's worker): escalates it
    phone.locator("#text").fill("正在排查信号线")
    phone.locator("button[name=action][value=update]").click()
    expect(screen.get_by_test_id(f"escalated-{incident.pk}")).to_be_visible()
    assert Incident.objects.get().escalation >= 1

    phone.locator("#id_fix").fill("更换HDMI线")
    phone.get_by_test_id("resolve").click()
    expect(incidents).not_to_contain_text("投影仪黑屏")
    assert Incident.objects.get().status == "resolved"
