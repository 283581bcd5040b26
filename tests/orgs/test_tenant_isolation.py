"""A member of organisation A gets 404 for every page of organisation B and for every object of
B reached through A's pages. The list of pages comes from the URL conf, so a new page is covered
the day it is added (and fails here until its object kind is mapped below)."""

import pytest
from django.urls import reverse

from tests.urlconf import all_routes, org_routes

pytestmark = pytest.mark.integration

# How to find tenant B's object for each URL keyword.
OBJECTS = {
    "member": lambda t: t.other_member.pk,
    "invitation": lambda t: t.invitation.pk,
    "token": lambda t: t.token.pk,
    "job": lambda t: t.job.pk,
    "notification": lambda t: t.notification.pk,
    "client": lambda t: t.client.pk,
    "meeting": lambda t: t.meeting.pk,
    "contact": lambda t: t.contact.pk,
    "item": lambda t: t.requirement.pk,
    "kpi": lambda t: t.kpi.pk,
    "task": lambda t: t.task.pk,
    "index": lambda t: 0,
    "attachment": lambda t: t.attachment.pk,
    "playbook": lambda t: t.playbook.pk,
    "ttask": lambda t: t.template_task.pk,
    "venue": lambda t: t.venue.pk,
    "room": lambda t: t.room.pk,
    "evaluation": lambda t: t.evaluation.pk,
    "risk": lambda t: t.risk.pk,
    "plan": lambda t: t.plan.pk,
    "file": lambda t: t.venue_file.pk,
    "rule": lambda t: t.rule.pk,
    "session": lambda t: t.session.pk,
    "speaker": lambda t: t.speaker.pk,
    "slot": lambda t: t.slot.pk,
    "attendee": lambda t: t.attendee.pk,
    "run": lambda t: t.import_run.pk,
    "upload": lambda t: "attendees-0",
    "field": lambda t: "mobile",
    "gate": lambda t: t.gate.pk,
    "device": lambda t: t.device.pk,
    "scan": lambda t: t.scan.pk,
    "incident": lambda t: t.incident.pk,
    "cue": lambda t: t.cue.pk,
    "post": lambda t: t.post.pk,
    "checklist": lambda t: t.checklist.pk,
    "proposal": lambda t: t.proposal.pk,
    "endpoint": lambda t: t.endpoint.pk,
    "delivery": lambda t: t.delivery.pk,
    "standard": lambda t: t.standard.pk,
    "override": lambda t: t.override.pk,
    "number": lambda t: t.issued_report.number,
    "inspection": lambda t: t.inspection.pk,
    "inspection_item": lambda t: t.inspection_item.pk,
    "photo": lambda t: t.inspection_photo.pk,
    "person": lambda t: t.staff_person.pk,
    "certificate": lambda t: t.certificate.pk,
    "training": lambda t: t.training.pk,
    "supplier": lambda t: t.supplier.pk,
    "supplier_contact": lambda t: t.supplier_contact.pk,
    "supplier_document": lambda t: t.supplier_document.pk,
    "supplier_case": lambda t: t.supplier_case.pk,
    "supplier_failure": lambda t: t.supplier_failure.pk,
    "supplier_rating": lambda t: t.supplier_rating.pk,
    "supplier_need": lambda t: t.supplier_need.pk,
    "candidate": lambda t: t.candidate.pk,
    "supplier_duty": lambda t: t.supplier_duty.pk,
    "sheet_line": lambda t: t.sheet_line.pk,
    "supplier_portal_user": lambda t: t.supplier_portal_user.pk,
    "clause": lambda t: t.clause.pk,
    "station": lambda t: t.feedback_station.pk,
    "contract_template": lambda t: t.contract_template.pk,
    "contract": lambda t: t.contract.pk,
    "archive": lambda t: archive_of(t).pk,
}


def archive_of(tenant):
    """An archive of the tenant (a meeting of its own: archiving the tenant's meeting would make it
    read-only for the other pages)."""
    from huiwu.wrapup.models import Archive
    from tests.factories.events import MeetingFactory

    found = Archive.objects.filter(org=tenant.org).first()
    if found is None:
        past = MeetingFactory(org=tenant.org, name="往届", start_date="2025-05-01", end_date="2025-05-02")
        found = Archive.objects.create(org=tenant.org, meeting=past, first_day=past.start_date,
                                       last_day=past.end_date)  # fmt: skip
    return found


ROUTES = org_routes()


def test_every_org_route_is_covered():
    unknown = {k for r in ROUTES for k in r.kwargs if k != "org" and k not in OBJECTS}
    assert unknown == set(), f"map these URL keywords to a tenant-B object in OBJECTS: {unknown}"
    assert len(ROUTES) >= 20


def _by_app(routes) -> dict[str, list]:
    """The routes grouped by their app's namespace: one pair of tenants serves a whole app's pages
    (building two tenants per page made this file the suite's slowest), and a failure still names
    every page that failed."""
    found: dict[str, list] = {}
    for r in routes:
        found.setdefault(r.name.split(":")[0], []).append(r)
    return found


APPS = _by_app(ROUTES)
NESTED = _by_app([r for r in ROUTES if len(r.kwargs) > 1])


@pytest.mark.parametrize("app", sorted(APPS))
def test_other_orgs_pages_are_not_found(app, owner_client, tenant_a, tenant_b):
    wrong = []
    for route in APPS[app]:
        kwargs = {k: (tenant_b.org.slug if k == "org" else OBJECTS[k](tenant_b)) for k in route.kwargs}
        url = reverse(route.name, kwargs=kwargs)
        got = owner_client.get(url).status_code
        posted = owner_client.post(url, {"name": "x", "role": "viewer", "kind": "audit_export"}).status_code
        if (got, posted) != (404, 404):
            wrong.append((route.name, got, posted))
    assert wrong == []


@pytest.mark.parametrize("app", sorted(NESTED))
def test_other_orgs_objects_are_not_found_through_own_org(app, owner_client, tenant_a, tenant_b):
    def state():
        return {
            "role": type(tenant_b.other_member).objects.get(pk=tenant_b.other_member.pk).role,
            "revoked": type(tenant_b.token).objects.get(pk=tenant_b.token.pk).revoked_at,
        }

    before, wrong = state(), []
    for route in NESTED[app]:
        kwargs = {k: (tenant_a.org.slug if k == "org" else OBJECTS[k](tenant_b)) for k in route.kwargs}
        url = reverse(route.name, kwargs=kwargs)
        got = owner_client.get(url).status_code
        posted = owner_client.post(url, {"name": "x", "role": "viewer"}).status_code
        if got not in (404, 405) or posted != 404:
            wrong.append((route.name, got, posted))
    assert wrong == []
    assert state() == before


@pytest.mark.parametrize("app", sorted(APPS))
def test_anonymous_is_sent_to_sign_in(app, client, tenant_a):
    wrong = []
    for route in APPS[app]:
        kwargs = {k: (tenant_a.org.slug if k == "org" else OBJECTS[k](tenant_a)) for k in route.kwargs}
        response = client.get(reverse(route.name, kwargs=kwargs))
        where = response.get("Location", "")
        if response.status_code not in (302, 405) or (
            response.status_code == 302 and not where.startswith(reverse("accounts:login"))
        ):
            wrong.append((route.name, response.status_code, where))
    assert wrong == []


# The supplier portal: its pages name a supplier and one of its objects; a supplier's person sees their
# own supplier's only, a member of the organisation (not a supplier's person) none of them.
PORTAL_OBJECTS = {
    "supplier": lambda t: t.supplier.pk,
    "meeting": lambda t: t.meeting.pk,
    "quote": lambda t: t.quote.pk,
    "contract": lambda t: t.supplier_contract.pk,
}
PORTAL_ROUTES = [r for r in all_routes() if r.name.startswith("portal:") and "token" not in r.kwargs]


def test_every_portal_route_is_covered():
    unknown = {k for r in PORTAL_ROUTES for k in r.kwargs if k not in PORTAL_OBJECTS}
    assert unknown == set(), f"map these URL keywords in PORTAL_OBJECTS: {unknown}"
    assert len(PORTAL_ROUTES) >= 3


@pytest.mark.parametrize("route", [r for r in PORTAL_ROUTES if r.kwargs], ids=lambda r: r.name)
def test_a_suppliers_person_sees_nothing_of_another_supplier(route, client, tenant_a, tenant_b):
    """B's supplier person asks for A's supplier's pages (and for A's objects under B's supplier): 404,
    nothing changes; A's owner, who is no supplier's person, gets 404 too."""
    theirs = {k: PORTAL_OBJECTS[k](tenant_a) for k in route.kwargs}
    mixed = {
        k: (tenant_b.supplier.pk if k == "supplier" else PORTAL_OBJECTS[k](tenant_a)) for k in route.kwargs
    }
    client.force_login(tenant_b.portal_user)
    for kwargs in [theirs] + ([mixed] if len(route.kwargs) > 1 else []):
        url = reverse(route.name, kwargs=kwargs)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "report", "text": "x", "form_key": "k"}).status_code == 404
    own = {k: PORTAL_OBJECTS[k](tenant_b) for k in route.kwargs}
    mine = client.get(reverse(route.name, kwargs=own))
    assert mine.status_code == 200
    if mine.streaming:  # a file: read to the end, which closes it
        b"".join(mine.streaming_content)
    client.force_login(tenant_a.owner)
    assert client.get(reverse(route.name, kwargs=theirs)).status_code == 404
