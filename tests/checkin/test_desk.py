"""The manual desk: masked search, check-in by hand (once), badge reprint and replacement, walk-ins."""

import pytest
from django.urls import reverse

from huiwu.attendees import services as people
from huiwu.attendees.models import Attendee, RevokedBadge
from huiwu.checkin.models import CheckIn, Scan
from huiwu.orgs.enums import Role
from tests.conftest import member

pytestmark = pytest.mark.integration


def _url(t, name, **kw):
    return reverse(f"checkin:{name}", kwargs={"org": t.org.slug, "gate": t.gate.pk, **kw})


def test_search_admit_once_and_reprint(client, tenant_a, tenant_b):
    onsite = member(tenant_a.org, Role.ONSITE)
    client.force_login(onsite.user)
    guest = tenant_a.attendee
    assert client.get(_url(tenant_a, "desk")).status_code == 200
    hits = client.get(_url(tenant_a, "desk-search"), {"q": guest.mobile[-4:]}).content.decode()
    assert guest.name in hits and guest.mobile[3:] not in hits and "****" in hits
    found = client.get(_url(tenant_a, "desk-search"), {"q": "参会者"}).content.decode()
    assert f'admit-{guest.pk}"' in found and f'admit-{tenant_b.attendee.pk}"' not in found
    first = client.post(_url(tenant_a, "desk-admit", attendee=guest.pk)).content.decode()
    assert 'data-status="accepted"' in first
    again = client.post(_url(tenant_a, "desk-admit", attendee=guest.pk)).content.decode()
    assert 'data-status="already_checked_in"' in again and tenant_a.gate.name in again
    assert CheckIn.objects.filter(attendee=guest).count() == 1
    assert Scan.objects.filter(attendee=guest, user=onsite.user).count() == 2
    pdf = client.get(_url(tenant_a, "desk-badge", attendee=guest.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.post(_url(tenant_a, "desk-admit", attendee=tenant_b.attendee.pk)).status_code == 404
    assert client.get(_url(tenant_a, "desk-badge", attendee=tenant_b.attendee.pk)).status_code == 404


def test_a_lost_badge_gets_a_new_code(owner_client, tenant_a):
    guest = tenant_a.attendee
    old = people.badge_code(guest)
    response = owner_client.post(_url(tenant_a, "desk-replace", attendee=guest.pk))
    assert response.status_code == 200
    guest.refresh_from_db()
    assert people.badge_code(guest) != old and RevokedBadge.objects.filter(attendee=guest).exists()


def test_a_walk_in_is_registered_checked_in_and_badged(owner_client, tenant_a):
    url = _url(tenant_a, "desk-walk-in")
    bad = owner_client.post(
        url, {"name": "", "mobile": "123", "category": "regular"}, headers={"HX-Request": "true"}
    )
    assert bad.status_code == 200 and bad["HX-Retarget"] == "#walk-in"
    assert owner_client.post(url, {"name": "", "mobile": "123"}).status_code == 400
    assert not Attendee.objects.filter(source="walk_in").exists()
    ok = owner_client.post(
        url, {"name": "现场来宾", "mobile": "13912345678", "organisation": "某公司", "category": "media"}
    )
    assert ok.status_code == 200 and 'data-status="accepted"' in ok.content.decode()
    walk_in = Attendee.objects.get(source="walk_in")
    assert walk_in.mobile == "+8613912345678" and CheckIn.objects.filter(attendee=walk_in).exists()
    dup = owner_client.post(url, {"name": "又来", "mobile": "13912345678", "category": "regular"})
    assert dup.status_code == 400 and Attendee.objects.filter(source="walk_in").count() == 1
