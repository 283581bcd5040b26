"""On a phone (390 px), no page is wider than the screen: wide tables and the calendar scroll inside
their own box, the page itself does not."""

import pytest
from playwright.sync_api import expect

from huiwu.venues.models import Evaluation, Room
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e
# the elements that reach past the screen, to name them when a page is too wide
WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 391).slice(0, 5)
    .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_pages_fit_a_phone(start_server, browser, transactional_db):
    tenant = make_tenant()
    second = Room.objects.create(venue=tenant.venue, name="多功能厅（可分隔）", area=600, theatre=500)
    Evaluation.objects.create(meeting=tenant.meeting, room=second)  # two candidates: the radar compares them
    server = start_server()
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(phone, server.url, tenant.owner)
    o, m = f"{server.url}/o/{tenant.org.slug}", tenant.meeting.pk
    wide = {}
    phone.goto(f"{o}/venues/for/{m}/")
    expect(phone.locator("#radar svg")).to_be_visible()
    for url in [
        f"{o}/tasks/calendar/",
        f"{o}/attendees/for/{m}/",
        f"{o}/checkin/for/{m}/",
        f"{o}/onsite/for/{m}/run-of-show/",
        f"{o}/meetings/{m}/",
        f"{o}/audit/",
        f"{o}/venues/for/{m}/",
        f"{o}/agenda/for/{m}/",
        f"{o}/inspections/for/{m}/",
        f"{o}/inspections/{tenant.inspection.pk}/",
        f"{o}/suppliers/",
        f"{o}/suppliers/{tenant.supplier.pk}/",
        f"{o}/suppliers/meeting/{m}/",
        f"{o}/suppliers/needs/{tenant.supplier_need.pk}/",
        f"{o}/suppliers/candidates/{tenant.candidate.pk}/",
        f"{o}/suppliers/meeting/{m}/kickoff/",
        f"{o}/onsite/for/{m}/run-sheet/",
        f"{o}/contracts/library/",
        f"{o}/contracts/for/{m}/",
        f"{o}/contracts/{tenant.contract.pk}/",
        f"{o}/",
    ]:
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            culprits = phone.evaluate(WIDEST)
            wide[url.removeprefix(o)] = (width, culprits)
    assert wide == {}
