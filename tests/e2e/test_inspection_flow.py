"""In a browser: the meeting workspace open on a desk; on a phone, the venue lead inspects the main hall
and finds it too warm; the task the failure opens appears on the desk without a reload; the re-check
passes and the task is done."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from huiwu.events.enums import TaskStatus
from huiwu.inspections.models import Item
from huiwu.standards.selectors import standard
from huiwu.venues.models import Evaluation
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_a_failed_inspection_on_a_phone_reaches_the_desk(start_server, browser, transactional_db):
    tenant = make_tenant()
    meeting = tenant.meeting
    meeting.start_date = meeting.end_date = timezone.localdate() + dt.timedelta(days=3)
    meeting.owner = tenant.owner
    meeting.save(update_fields=["start_date", "end_date", "owner"])
    Evaluation.objects.filter(pk=tenant.evaluation.pk).update(chosen=True)
    server = start_server()
    o = f"{server.url}/o/{tenant.org.slug}"

    desk = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in(desk, server.url, tenant.owner)
    desk.goto(f"{o}/meetings/{meeting.pk}/")
    expect(desk.locator("body")).to_have_attribute("data-live", "on")
    due = desk.get_by_test_id("due-tasks")
    expect(due).not_to_contain_text("巡检不合格")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(phone, server.url, tenant.owner)
    phone.goto(f"{o}/inspections/for/{meeting.pk}/")
    phone.get_by_test_id("generate").click()
    phone.get_by_test_id("inspection-environment").first.click()
    item = phone.get_by_test_id("item-health.temperature")
    figure = standard(tenant.org, "health.temperature", meeting=meeting).describe()  # the client's own
    expect(item).to_contain_text(figure)
    item.get_by_test_id("value").fill("28.5")
    item.locator("textarea").fill("空调未开启")
    item.get_by_test_id("check").click()
    expect(phone.get_by_test_id("item-health.temperature").get_by_test_id("result")).to_have_text("不合格")
    expect(due).to_contain_text("巡检不合格")  # pushed to the desk, no reload
    expect(due).to_contain_text("28.5 °C")

    fixed = phone.get_by_test_id("item-health.temperature")
    fixed.get_by_test_id("value").fill("24")
    fixed.get_by_test_id("check").click()
    expect(phone.get_by_test_id("item-health.temperature").get_by_test_id("result")).to_have_text("合格")
    expect(due).not_to_contain_text("巡检不合格")  # done: off the list, again without a reload
    task = Item.objects.get(inspection__meeting=meeting, key="health.temperature").task
    assert task.status == TaskStatus.DONE
