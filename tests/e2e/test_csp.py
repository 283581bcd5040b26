"""In a browser: the pages of every area run under the Content-Security-Policy without a single
violation (no inline script or handler left in a template) and without a script error."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_pages_run_under_the_csp(start_server, browser, transactional_db):
    tenant = make_tenant()
    server = start_server()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, server.url, tenant.owner)
    o, m = f"{server.url}/o/{tenant.org.slug}", tenant.meeting.pk
    urls = [
        f"{o}/",
        f"{o}/meetings/{m}/",
        f"{o}/meetings/{m}/survey/",
        f"{o}/tasks/{tenant.task.pk}/",
        f"{o}/venues/for/{m}/",
        f"{o}/agenda/for/{m}/",
        f"{o}/attendees/for/{m}/",
        f"{o}/attendees/{tenant.attendee.pk}/",
        f"{o}/attendees/{tenant.attendee.pk}/profile/",
        f"{o}/checkin/for/{m}/",
        f"{o}/checkin/gates/{tenant.gate.pk}/scanner/",
        f"{o}/onsite/for/{m}/incidents/",
        f"{o}/onsite/incidents/{tenant.incident.pk}/",
        f"{o}/onsite/for/{m}/run-of-show/",
        f"{o}/onsite/for/{m}/command/",
        f"{o}/audit/",
    ]
    for url in urls:
        page.goto(url)
        expect(page.locator("main h1").first).to_be_visible()
        page.wait_for_timeout(200)
    assert problems == [], "\n".join(problems)
    # The inline behaviours that moved to ui.js still work: the incidents list counts down.
    page.goto(f"{o}/onsite/for/{m}/incidents/")
    expect(page.locator(".countdown").first).to_have_text(re.compile(r"−?\d+:\d\d"))
