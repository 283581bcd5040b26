"""In a browser: lay out the grid, build a small agenda by drag and drop, see a rule violation
flagged, run the solver, see a valid agenda, publish, open the public page on a phone, download ICS."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from huiwu.agenda import services
from huiwu.venues.models import Room
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def drag(page, source, target):
    """HTML5 drag and drop through the page's own handlers: dragstart on the card, dragover and drop
    on the cell, one DataTransfer carrying the session (Debian's Chromium ignores synthetic mouse drags)."""
    data = page.evaluate_handle("new DataTransfer()")
    source.dispatch_event("dragstart", {"dataTransfer": data})
    target.dispatch_event("dragover", {"dataTransfer": data})
    target.dispatch_event("drop", {"dataTransfer": data})


def test_grid_checks_solver_publish_and_public_page(start_server, browser, transactional_db):
    tenant = make_tenant()
    tenant.evaluation.chosen = True
    tenant.evaluation.save()
    small = Room.objects.create(venue=tenant.venue, name="小厅", area=200, theatre=120)
    services.save_session(
        meeting=tenant.meeting,
        actor=tenant.owner,
        data=services.SessionInput(title="圆桌对话", audience=60, speakers=[tenant.speaker]),
    )
    server = start_server()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, server.url, tenant.owner)
    base = f"{server.url}/o/{tenant.org.slug}"

    page.goto(f"{base}/meetings/{tenant.meeting.pk}/")
    page.get_by_test_id("agenda-link").click()
    page.get_by_test_id("default-grid").click()
    expect(page.locator("table.agenda-grid")).to_contain_text("09:00")

    page.get_by_test_id("session-new").click()
    page.locator("#id_title").fill("工作坊：大模型落地")
    page.get_by_label("预计人数").fill("40")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("tray")).to_contain_text("工作坊：大模型落地")

    # the same speaker in both rooms at 09:00: flagged as soon as the second card lands
    keynote = page.get_by_test_id(f"session-{tenant.session.pk}")
    drag(page, keynote, page.locator(f'td[data-room="{tenant.room.pk}"]').first)
    expect(page.locator(f'td[data-room="{tenant.room.pk}"]').first).to_contain_text("主旨演讲")
    expect(page.get_by_test_id("no-problems")).to_be_visible()
    panel = page.locator(".session-card", has_text="圆桌对话")
    drag(page, panel, page.locator(f'td[data-room="{small.pk}"]').first)
    expect(page.locator('[data-rule="speaker"]')).to_contain_text("讲者")
    expect(page.locator(".session-card.has-problem")).to_have_count(2)

    page.get_by_label("排哪些环节").select_option("1")
    page.get_by_label("时间上限（秒）").fill("5")
    page.get_by_test_id("run-solver").click()
    expect(page.get_by_test_id("job-summary")).to_be_visible(timeout=30_000)
    page.get_by_test_id("job-back").click()  # the proposal: before → after, nothing moved yet
    expect(page.get_by_test_id("proposal-ok")).to_be_visible()
    expect(page.get_by_test_id("proposal-moves")).to_contain_text("圆桌对话")
    page.get_by_test_id("proposal-apply").click()
    expect(page.get_by_test_id("no-problems")).to_be_visible()
    expect(page.get_by_test_id("last-proposal")).to_be_visible()
    expect(page.get_by_test_id("tray")).to_contain_text("所有环节都已安排")

    page.get_by_test_id("publish").click()
    public_url = page.get_by_test_id("public-link").get_attribute("href")

    phone = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.goto(server.url + public_url)
    expect(phone.get_by_test_id("public-sessions")).to_contain_text("主旨演讲")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    phone.locator("[data-save]").first.click()
    expect(phone.locator("[data-mine-count]")).to_have_text("1")
    with phone.expect_download() as download:
        phone.get_by_test_id("agenda-ics").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") >= 2
