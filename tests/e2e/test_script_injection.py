"""In a browser: text that anyone typed (an anonymous questionnaire answer, a task title, a room name)
reaches the charts' data as text, never as markup: a planted </script> runs nothing."""

import pytest
from playwright.sync_api import expect

from huiwu.events.models import Task
from huiwu.events.services import survey as survey_services
from huiwu.venues.models import Room
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e

PAYLOAD = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def test_planted_script_tags_stay_text(start_server, browser, transactional_db):
    tenant = make_tenant()
    survey = survey_services.survey_for(tenant.meeting)
    survey.is_open = True
    survey.save()
    survey_services.submit_response(survey=survey, source="198.51.100.7", age_band="", industry=PAYLOAD)
    Task.objects.filter(pk=tenant.task.pk).update(title=PAYLOAD)
    Room.objects.filter(pk=tenant.room.pk).update(name=PAYLOAD)
    server = start_server()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, server.url, tenant.owner)
    base = f"{server.url}/o/{tenant.org.slug}/meetings/{tenant.meeting.pk}"

    pages = [
        (f"{base}/", "#gantt", lambda data: [row["title"] for row in data]),
        (f"{base}/survey/", "#survey-charts", lambda data: [name for name, _n in data["industry"]]),
        (
            f"{server.url}/o/{tenant.org.slug}/venues/for/{tenant.meeting.pk}/",
            "#radar",
            lambda data: [s["name"] for s in data["series"]],
        ),
    ]
    for url, box, texts in pages:
        page.goto(url)
        expect(page.locator(box)).to_be_attached()
        # The charts' scripts replace their boxes: read the data as the browser parsed the page.
        data = page.evaluate(
            """async (box) => {
                const html = await (await fetch(location.href)).text();
                const doc = new DOMParser().parseFromString(html, "text/html");
                return JSON.parse(doc.querySelector(box + ' script[type="application/json"]').textContent);
            }""",
            box,
        )
        assert any(PAYLOAD in t for t in texts(data)), url
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator(f"{box} img[src=x]").count() == 0
    assert dialogs == []
