"""In a browser: the command centre open on the PM's screen; at the tea break an attendee scans the station's
QR on a phone (no account), picks the crowded tea break and sends. That answer makes the third about the
topic within the window (the catalogue's figure set to 3 for this meeting's size): the frequent request
appears on the command centre and the PM's notification count moves, without a reload."""

import pytest
from playwright.sync_api import expect

from huiwu.feedback import services
from huiwu.feedback.models import Surge, Topic
from huiwu.standards.models import Rule
from huiwu.standards.services import FigureInput, update_rule
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_an_answer_at_the_station_reaches_the_pm_live(start_server, browser, transactional_db):
    tenant = make_tenant()
    meeting = tenant.meeting
    meeting.owner = tenant.owner
    meeting.save(update_fields=["owner"])
    rule = Rule.objects.get(org=tenant.org, key="feedback.frequent_count")
    update_rule(
        rule=rule, actor=None, data=FigureInput(low=3, unit="people"), reason="百人会", version=rule.version
    )
    station = tenant.feedback_station
    topic = Topic.objects.get(org=tenant.org, name="茶歇拥挤")
    for n in range(2):
        services.answer(station=station, data=services.AnswerInput(topic=topic.pk), device=f"earlier-{n}")
    server = start_server()

    screen = browser.new_page(viewport={"width": 1600, "height": 900})
    sign_in(screen, server.url, tenant.owner)
    screen.goto(f"{server.url}/o/{tenant.org.slug}/onsite/for/{meeting.pk}/command/")
    expect(screen.locator("body")).to_have_attribute("data-live", "on")
    expect(screen.get_by_test_id("alert-feedback")).to_have_count(0)
    count = screen.get_by_test_id("notification-count")
    before = int(count.inner_text() or 0) if count.is_visible() else 0
    screen.evaluate("window.notReloaded = true")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(f"{server.url}/f/{station.token}/")
    phone.get_by_test_id("rating-3").check()
    phone.get_by_text("茶歇拥挤").click()
    phone.get_by_test_id("feedback-text").fill("茶歇区太挤了，能不能多放几张桌子")
    phone.get_by_test_id("feedback-send").click()
    expect(phone.get_by_test_id("feedback-done")).to_be_visible()

    alert = screen.get_by_test_id("alert-feedback")
    expect(alert).to_contain_text("茶歇拥挤", timeout=15000)
    expect(count).to_have_text(str(before + 1), timeout=15000)
    assert screen.evaluate("window.notReloaded === true")
    surge = Surge.objects.get()
    assert surge.count == 3 and surge.task.assignee == tenant.owner
