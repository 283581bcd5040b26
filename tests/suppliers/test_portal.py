"""The shared run sheet and the supplier portal: built from the duties, the run-of-show and the team;
versioned; each supplier told of its own changes only; acknowledged once, of the newest version; the
portal's people invited by e-mail, seeing their own supplier's part only; a report becomes a task before
the meeting and an incident (attributed to the supplier) on its days."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from huiwu.notifications.models import Notification
from huiwu.onsite import runsheet
from huiwu.onsite.errors import SheetNoCues, SheetNoDuties, SheetNotYours, SheetOutdated, SheetUnchanged
from huiwu.onsite.models import Cue, Incident, Post, SheetLine
from huiwu.orgs.errors import InvitationUsed, InvitationWrongUser
from huiwu.suppliers.enums import Dimension
from huiwu.suppliers.errors import PortalAlready, ReportEmpty
from huiwu.suppliers.models import Duty, PortalUser
from huiwu.suppliers.services import RatingInput, portal, rate
from huiwu.suppliers.services.kickoff import propose_duties
from tests.factories.orgs import UserFactory

from .test_kickoff import chosen

pytestmark = pytest.mark.integration


def _day(tenant):
    """The meeting's first day, with the operational cues the run-of-show would build."""
    meeting = tenant.meeting
    tz = zoneinfo.ZoneInfo(meeting.timezone)
    Cue.objects.filter(meeting=meeting).delete()
    day = meeting.start_date
    at = lambda h, m: dt.datetime.combine(day, dt.time(h, m), tzinfo=tz)  # noqa: E731
    for key, start, minutes in (("tech", at(8, 45), 15), ("doors", at(8, 55), 5), ("restock", at(10, 20), 10),
                                ("restock", at(15, 0), 10), ("briefing", at(8, 0), 15)):  # fmt: skip
        n = Cue.objects.filter(meeting=meeting, operation__startswith=key).count()
        Cue.objects.create(org=meeting.org, meeting=meeting, operation=f"{key}:{day}:{n}", title=key,
                           start=start, minutes=minutes)  # fmt: skip
    Post.objects.create(org=meeting.org, meeting=meeting, role="tech", person="李技术", radio="3")
    return day


@pytest.fixture
def sheet(tenant_a):
    Duty.objects.filter(meeting=tenant_a.meeting).delete()
    SheetLine.objects.filter(meeting=tenant_a.meeting).delete()
    av = chosen(tenant_a, "声光", "av", 11)
    food = chosen(tenant_a, "餐饮", "catering", 12)
    propose_duties(meeting=tenant_a.meeting, actor=tenant_a.owner)
    _day(tenant_a)
    people = {}
    for s in (av, food):
        user = UserFactory(email=f"{s.pk}@vendor.example")
        PortalUser.objects.create(supplier=s, user=user)
        people[s.pk] = user
    return tenant_a, av, food, people


def test_the_sheet_is_built_from_duties_cues_and_team_and_rebuilt_without_losing_edits(tenant_a, sheet):
    tenant, av, food, _people = sheet
    with pytest.raises(SheetNoCues):
        Cue.objects.filter(meeting=tenant.meeting).exclude(operation="").update(operation="")
        runsheet.build(meeting=tenant.meeting, actor=None)
    _day(tenant)
    made = runsheet.build(meeting=tenant.meeting, actor=None)
    lines = list(SheetLine.objects.filter(meeting=tenant.meeting).select_related("supplier"))
    assert made == len(lines) == 3  # AV at tech ready; catering at each of the two restocks
    av_line = next(line for line in lines if line.supplier == av)
    tz = zoneinfo.ZoneInfo(tenant.meeting.timezone)
    assert av_line.starts_at.astimezone(tz).time() == dt.time(7, 45)  # an hour before tech ready
    assert av_line.ends_at.astimezone(tz).time() == dt.time(9, 0)
    assert (av_line.person, av_line.phone) == ("声光值班", "+8613800138000")
    assert av_line.counterpart.endswith("李技术") and av_line.radio == "3"
    assert sum(1 for line in lines if line.supplier == food) == 2
    # edited by hand: a rebuild after the cue moved leaves it, moves the others
    data = runsheet.SheetLineInput.of(av_line).but(place="主会场后台")
    runsheet.save_line(meeting=tenant.meeting, actor=None, data=data, line=av_line)
    Cue.objects.filter(meeting=tenant.meeting, operation__startswith="restock").update(
        start=timezone.now().replace(microsecond=0)
    )
    assert runsheet.build(meeting=tenant.meeting, actor=None) == 2
    assert runsheet.build(meeting=tenant.meeting, actor=None) == 0  # idempotent
    av_line.refresh_from_db()
    assert av_line.place == "主会场后台" and av_line.edited
    Duty.objects.filter(meeting=tenant.meeting).delete()
    with pytest.raises(SheetNoDuties):
        runsheet.build(meeting=tenant.meeting, actor=None)


def test_publishing_tells_each_supplier_of_its_own_changes_and_acknowledgement_is_of_the_newest(
    tenant_a, sheet, django_capture_on_commit_callbacks
):
    tenant, av, food, people = sheet
    runsheet.build(meeting=tenant.meeting, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = runsheet.publish(meeting=tenant.meeting, actor=tenant.owner)
    with pytest.raises(SheetNotYours):  # a supplier without a line in it
        runsheet.acknowledge(version=first, supplier=tenant.supplier, user=people[av.pk])
    assert first.number == 1 and set(first.suppliers.all()) == {av, food}
    assert any(c["who"] == "声光值班" for c in first.contacts)  # the shared contacts
    assert any(c["phone"] == "120" for c in first.contacts)
    assert Notification.objects.filter(user=people[av.pk]).count() == 1
    assert Notification.objects.filter(user=people[food.pk]).count() == 1
    assert len(mail.outbox) == 2
    with pytest.raises(SheetUnchanged):
        runsheet.publish(meeting=tenant.meeting, actor=tenant.owner)
    ack = runsheet.acknowledge(version=first, supplier=av, user=people[av.pk])
    assert runsheet.acknowledge(version=first, supplier=av, user=people[av.pk]).at == ack.at  # once
    # the AV line moves: only AV is told, with the change in words
    line = SheetLine.objects.get(meeting=tenant.meeting, supplier=av)
    data = runsheet.SheetLineInput.of(line).but(starts_at=line.starts_at - dt.timedelta(minutes=30))
    runsheet.save_line(meeting=tenant.meeting, actor=None, data=data, line=line)
    second = runsheet.publish(meeting=tenant.meeting, actor=tenant.owner, note="提前调试")
    assert list(second.changes) == [str(av.pk)] and "→" in second.changes[str(av.pk)][0]
    assert Notification.objects.filter(user=people[av.pk]).count() == 2
    assert Notification.objects.filter(user=people[food.pk]).count() == 1
    with pytest.raises(SheetOutdated):
        runsheet.acknowledge(version=first, supplier=food, user=people[food.pk])
    runsheet.acknowledge(version=second, supplier=food, user=people[food.pk])
    rows = {r["supplier"]: r["ack"] for r in runsheet.acknowledgements(second)}
    assert rows[av] is None and rows[food] is not None


def test_the_portal_shows_a_supplier_its_own_part_and_takes_its_acknowledgement(client, tenant_a, sheet):
    tenant, av, food, people = sheet
    runsheet.build(meeting=tenant.meeting, actor=None)
    version = runsheet.publish(meeting=tenant.meeting, actor=tenant.owner)
    client.force_login(people[av.pk])
    assert client.get("/").url == reverse("portal:home")  # no organisation: to the portal
    home = client.get(reverse("portal:home")).content.decode()
    assert tenant.meeting.name in home and "餐饮" not in home
    url = reverse("portal:meeting", kwargs={"supplier": av.pk, "meeting": tenant.meeting.pk})
    page = client.get(url).content.decode()
    tasks = {s: SheetLine.objects.filter(supplier=s).first().task for s in (av, food)}
    assert tasks[av] in page
    assert "餐饮值班" in page  # the shared contacts name the other supplier's emergency contact
    assert tasks[food] not in page  # but not its lines
    assert client.post(url, {"action": "acknowledge", "version": version.pk}).status_code == 302
    assert version.acknowledgements.get().supplier == av
    # another supplier's page, quote or meeting: not found
    other = reverse("portal:meeting", kwargs={"supplier": food.pk, "meeting": tenant.meeting.pk})
    assert client.get(other).status_code == 404
    assert (
        client.get(reverse("portal:quote", kwargs={"supplier": av.pk, "quote": tenant.quote.pk})).status_code
        == 404
    )
    # the team's page shows it
    client.force_login(tenant.owner)
    acks = client.get(
        reverse("onsite:run-sheet-acks", kwargs={"org": tenant.org.slug, "meeting": tenant.meeting.pk})
    )
    assert people[av.pk].name in acks.content.decode()


def test_a_report_is_a_task_before_the_meeting_and_an_incident_attributed_on_its_days(tenant_a, sheet):
    tenant, av, _food, people = sheet
    meeting = tenant.meeting
    with pytest.raises(ReportEmpty):
        runsheet.report_problem(meeting=meeting, supplier=av, user=people[av.pk], text="  ")
    tz = zoneinfo.ZoneInfo(meeting.timezone)
    before = dt.datetime.combine(meeting.start_date - dt.timedelta(days=3), dt.time(10), tzinfo=tz)
    done = runsheet.report_problem(
        meeting=meeting, supplier=av, user=people[av.pk], text="音箱晚到一天", now=before
    )
    assert done.task is not None and done.task.assignee == meeting.owner and "音箱晚到一天" in done.task.title
    on_day = dt.datetime.combine(meeting.start_date, dt.time(9), tzinfo=tz)
    done = runsheet.report_problem(meeting=meeting, supplier=av, user=people[av.pk], text="主音箱无声",
                                   place="主会场", now=on_day)  # fmt: skip
    incident = Incident.objects.get(pk=done.incident.pk)
    assert (incident.supplier, incident.category, incident.tier) == (av, "equipment", "general")
    # the rating after the meeting counts the incidents attributed to the supplier
    past = timezone.localdate() - dt.timedelta(days=30)
    type(meeting).objects.filter(pk=meeting.pk).update(start_date=past, end_date=past)
    meeting.refresh_from_db()
    scores = dict.fromkeys(Dimension.values, 4)
    with pytest.raises(ValidationError):
        rate(supplier=av, actor=None, data=RatingInput(meeting=meeting, scores=scores, incidents=0))
    assert rate(supplier=av, actor=None, data=RatingInput(meeting=meeting, scores=scores)).incidents == 1


def test_invitations_to_the_portal(client, tenant_a, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation, raw = portal.invite(
            supplier=tenant_a.supplier, email=" Li@Vendor.example ", actor=tenant_a.owner
        )
    assert invitation.email == "li@vendor.example" and len(mail.outbox) == 1 and raw in mail.outbox[0].body
    url = reverse("portal:invitation", kwargs={"token": raw})
    response = client.post(url, {"name": "李工", "username": "li-vendor", "password": "a-Long-passw0rd!"})
    assert response.status_code == 302
    access = PortalUser.objects.get(user__username="li-vendor")
    assert access.supplier == tenant_a.supplier and access.user.email == "li@vendor.example"
    with pytest.raises(InvitationUsed):
        portal.accept(raw_token=raw, user=access.user)
    with pytest.raises(PortalAlready):
        portal.invite(supplier=tenant_a.supplier, email="li@vendor.example", actor=tenant_a.owner)
    _inv, raw2 = portal.invite(supplier=tenant_a.supplier, email="wang@vendor.example", actor=tenant_a.owner)
    with pytest.raises(InvitationWrongUser):
        portal.accept(raw_token=raw2, user=access.user)
    assert client.get(reverse("portal:invitation", kwargs={"token": "nonsense"})).status_code == 404
    portal.revoke(access=access, actor=tenant_a.owner)
    page = reverse(
        "portal:meeting", kwargs={"supplier": tenant_a.supplier.pk, "meeting": tenant_a.meeting.pk}
    )
    assert client.get(page).status_code == 404  # revoked: nothing any more


def test_the_portal_api_acts_for_the_suppliers_person_only(client, tenant_a, sheet):
    tenant, av, food, people = sheet
    runsheet.build(meeting=tenant.meeting, actor=None)
    version = runsheet.publish(meeting=tenant.meeting, actor=tenant.owner)
    client.force_login(people[av.pk])
    base = f"/api/v1/portal/suppliers/{av.pk}"
    mine = client.get("/api/v1/portal/assignments").json()
    assert [(a["supplier_id"], [m["id"] for m in a["meetings"]]) for a in mine] == [
        (av.pk, [tenant.meeting.pk])
    ]
    seen = client.get(f"{base}/meetings/{tenant.meeting.pk}").json()
    assert seen["run_sheet"]["number"] == 1 and seen["run_sheet"]["lines"]
    assert {q["answered"] for q in seen["quotes"]} == {True}  # answered before it was chosen
    assert "lines" in seen["run_sheet"] and all("supplier" not in line for line in seen["run_sheet"]["lines"])

    def post(path, body):
        return client.post(path, body, content_type="application/json")

    done = post(f"{base}/meetings/{tenant.meeting.pk}/acknowledge", {"version_id": version.pk})
    assert done.status_code == 200 and version.acknowledgements.get().user == people[av.pk]
    reported = post(f"{base}/meetings/{tenant.meeting.pk}/reports", {"text": "LED 屏晚到半天"})
    assert reported.status_code == 201 and reported.json()["task_id"]
    assert (
        post(f"{base}/meetings/{tenant.meeting.pk}/reports", {"text": " "}).json()["code"]
        == "supplier_report_empty"
    )
    added = post(f"{base}/documents", {"kind": "licence", "title": "营业执照", "issued_on": "2024-01-02"})
    assert added.status_code == 201 and av.documents.filter(title="营业执照").exists()
    # the caterer's records, through the AV supplier's person: not found
    assert client.get(f"/api/v1/portal/suppliers/{food.pk}/documents").status_code == 404
    assert post(f"/api/v1/portal/suppliers/{food.pk}/meetings/{tenant.meeting.pk}/acknowledge",
                {"version_id": version.pk}).status_code == 404  # fmt: skip
