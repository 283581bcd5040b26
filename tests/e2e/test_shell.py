"""In a real browser against a real server: sign in, switch to English and back, open every area,
and see the notification count change live."""

import re

import pytest
from playwright.sync_api import expect

from huiwu.orgs.enums import Role
from tests.conftest import make_tenant
from tests.e2e.contrast import contrast
from tests.factories.orgs import PASSWORD

pytestmark = pytest.mark.e2e

# areas not built yet (reports) have no menu entry
AREAS_ZH = ["今天", "客户", "会议", "场地", "供应商", "参会者", "现场"]
AREAS_EN = ["Today", "Clients", "Meetings", "Venues", "Suppliers", "Attendees", "On-site"]


def sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或邮箱").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("sign-in").click()


def test_sign_in_switch_language_and_open_every_area(start_server, browser, transactional_db):
    tenant = make_tenant()
    server = start_server()
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    sign_in(page, server.url, tenant.owner)
    expect(page).to_have_url(re.compile(rf"/o/{tenant.org.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    sidebar = page.locator("aside.sidebar nav")

    page.get_by_test_id("lang-en").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for label in AREAS_EN:
        sidebar.get_by_role("link", name=label, exact=True).click()
        expect(page.locator("main h1")).to_be_visible()
        assert page.title().endswith("Huiwu")

    page.get_by_test_id("lang-zh-hans").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    for label in AREAS_ZH:
        sidebar.get_by_role("link", name=label, exact=True).click()
        expect(page.locator("main h1")).to_be_visible()
        assert page.title().endswith("会务")
    expect(page.locator("main h1")).to_have_text("现场")

    page.locator(".user-menu summary").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_phone_layout_has_a_menu(start_server, browser, transactional_db):
    tenant = make_tenant()
    server = start_server()
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    sign_in(page, server.url, tenant.owner)
    expect(page.locator("aside.sidebar")).to_be_hidden()
    page.locator(".nav-toggle summary").click()
    link = page.locator(".nav-toggle nav").get_by_role("link", name="会议", exact=True)
    assert contrast(link)["text"] >= 4.5  # WCAG 2.1 AA for text
    page.keyboard.press("Tab")  # from the menu button to the first link, as a keyboard user goes
    assert contrast(page.locator(":focus"))["outline"] >= 3  # and 3:1 for the focus ring
    page.locator(".nav-toggle nav").get_by_role("link", name="会议", exact=True).click()
    expect(page.locator("main h1")).to_have_text("会议")


def test_notification_count_updates_live(start_server, browser, transactional_db):
    tenant = make_tenant()
    server = start_server()
    page = browser.new_page()
    sign_in(page, server.url, tenant.other_member.user)
    expect(page.locator("body")).to_have_attribute("data-live", "on")
    badge = page.get_by_test_id("notification-count")
    expect(badge).to_be_hidden()
    # The owner, in another browser, changes this member's role: the member is notified live.
    owner = browser.new_page()
    sign_in(owner, server.url, tenant.owner)
    owner.goto(f"{server.url}/o/{tenant.org.slug}/members/")
    owner.locator(f"#role-{tenant.other_member.pk}").select_option(Role.FINANCE)
    owner.locator(f"#role-{tenant.other_member.pk}").locator("xpath=..").get_by_role("button").click()
    expect(badge).to_have_text("1")
    expect(badge).to_be_visible()
