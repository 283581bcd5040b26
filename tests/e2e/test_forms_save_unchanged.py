"""In a browser, in Chinese and in English: open the edit form of a meeting, a task (and its
reschedule form), an agenda session, a speaker, an attendee, a team post, and the cue and incident
forms; save each without touching it. Nothing changes, and the browser warns about no input value
(it does when a date arrives as 2026/12/10 instead of 2026-12-10)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from huiwu.agenda.models import Session, Speaker
from huiwu.attendees.models import Attendee
from huiwu.events.models import Meeting, Task
from huiwu.onsite.models import Cue, Incident, Post
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e

NOT_COMPARED = {"updated_at", "version"}


def _row(model, pk):
    return {k: v for k, v in model.objects.filter(pk=pk).values().get().items() if k not in NOT_COMPARED}


def _submit(page, field: str):
    """Press the save button of the form holding the input ``field``."""
    form = page.locator("form", has=page.locator(f"[name={field}]")).first
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit], button:not([type])").first.click()
    assert navigation.value.status == 200, page.locator("main").inner_text()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_edit_forms_save_unchanged(start_server, browser, transactional_db, language):
    tenant = make_tenant()
    tenant.owner.language = language
    tenant.owner.save(update_fields=["language"])
    # Values a form could damage: a due time whose UTC day is the day before, times with seconds.
    Task.objects.filter(pk=tenant.task.pk).update(due_at=dt.datetime(2026, 12, 3, 23, 0, tzinfo=dt.UTC))
    Attendee.objects.filter(pk=tenant.attendee.pk).update(
        arrival_at=dt.datetime(2026, 12, 9, 6, 30, tzinfo=dt.UTC),
        departure_at=dt.datetime(2026, 12, 11, 10, 0, tzinfo=dt.UTC),
        consent_at=dt.datetime(2026, 11, 20, 1, 14, 37, 512000, tzinfo=dt.UTC),
        consent_scope="报名",
    )
    Post.objects.filter(pk=tenant.post.pk).update(shift_start=dt.time(7, 30), shift_end=dt.time(18, 0))
    Speaker.objects.filter(pk=tenant.speaker.pk).update(
        rehearsal_date=tenant.meeting.start_date, rehearsal_start=dt.time(8, 15)
    )
    server = start_server()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type in {"warning", "error"} else None)
    page.on("response", lambda r: warnings.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    sign_in(page, server.url, tenant.owner)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans" if language == "zh-hans" else "en")
    base = f"{server.url}/o/{tenant.org.slug}"

    cases = [
        (Meeting, tenant.meeting.pk, f"{base}/meetings/{tenant.meeting.pk}/edit/", "start_date"),
        (Task, tenant.task.pk, f"{base}/tasks/{tenant.task.pk}/", "title"),
        (Task, tenant.task.pk, f"{base}/tasks/{tenant.task.pk}/", "due"),
        (Session, tenant.session.pk, f"{base}/agenda/sessions/{tenant.session.pk}/", "title"),
        (Speaker, tenant.speaker.pk, f"{base}/agenda/speakers/{tenant.speaker.pk}/", "rehearsal_date"),
        (Attendee, tenant.attendee.pk, f"{base}/attendees/{tenant.attendee.pk}/", "arrival_at"),
        (Post, tenant.post.pk, f"{base}/onsite/posts/{tenant.post.pk}/", "shift_start"),
    ]
    for model, pk, url, field in cases:
        before = _row(model, pk)
        page.goto(url)
        expect(page.locator(f"[name={field}]")).to_be_visible()
        _submit(page, field)
        assert _row(model, pk) == before, url

    # The reschedule form shows the day the task is due where the meeting is (Beijing: 12-04).
    page.goto(f"{base}/tasks/{tenant.task.pk}/")
    expect(page.locator("[name=due]")).to_have_value("2026-12-04")

    # The cue form offers the day shown as an ISO date; a cue added with it lands on that day.
    page.goto(f"{base}/onsite/for/{tenant.meeting.pk}/run-of-show/?day={tenant.meeting.start_date}")
    expect(page.locator("[name=day]")).to_have_value(tenant.meeting.start_date.isoformat())
    page.locator("[name=title]").fill("签到开放")
    page.locator("[name=start]").fill("08:30")
    page.locator("[name=end]").fill("09:00")
    cues = Cue.objects.filter(meeting=tenant.meeting).count()
    _submit(page, "day")
    added = Cue.objects.filter(meeting=tenant.meeting).latest("pk")
    assert Cue.objects.filter(meeting=tenant.meeting).count() == cues + 1
    assert added.start.astimezone(tenant.meeting.tz).date() == tenant.meeting.start_date

    # The incident page opens without a warning either.
    before = _row(Incident, tenant.incident.pk)
    page.goto(f"{base}/onsite/incidents/{tenant.incident.pk}/")
    expect(page.locator("main h1")).to_be_visible()
    assert _row(Incident, tenant.incident.pk) == before

    assert warnings == [], "\n".join(warnings)
