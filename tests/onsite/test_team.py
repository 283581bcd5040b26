"""The on-site team: the default structure scaled to the meeting, gaps, posts, the contact sheet."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from huiwu.clients.models import Contact
from huiwu.onsite import team
from huiwu.onsite.models import Post
from huiwu.standards.models import Rule
from huiwu.standards.selectors import defaults, standard
from huiwu.standards.services import FigureInput, update_rule
from huiwu.venues.services.sizing import Figures, check_in_lanes, staff_plan
from tests.factories.staff import qualified

pytestmark = pytest.mark.integration


def test_the_default_team_scales_with_attendance():
    figures = Figures.of(defaults())
    small = dict(team.default_counts(200, figures))
    assert small == {"coordinator": 1, "venue": 1, "tech": 1, "reception": 2, "emergency": 2, "catering": 1,
                     "checkin": small["checkin"]}  # fmt: skip
    big = dict(team.default_counts(1200, figures))
    assert big["reception"] == 8 and big["emergency"] == 6 and big["checkin"] > small["checkin"]
    # the same team the venue page sizes: one statement of it
    lanes = check_in_lanes(800, figures).lanes
    assert sum(n for _role, n in team.default_counts(800, figures)) == sum(
        staff_plan(800, lanes, figures).values()
    )


def test_the_team_follows_the_organisations_standards(tenant_a):
    org, meeting = tenant_a.org, tenant_a.meeting
    standard(org, "team.emergency")  # the catalogue is made at the first read
    rule = Rule.objects.get(org=org, key="team.emergency")
    update_rule(rule=rule, actor=None, data=FigureInput(low=3, unit="people"), reason="大型活动", version=1)
    meeting.expected_attendance = 400
    meeting.save()
    team.create_team(meeting=meeting)
    assert Post.objects.filter(meeting=meeting, role="emergency").count() == 3


def test_team_page_gaps_and_contact_sheet(owner_client, tenant_a):
    t = tenant_a
    org, meeting = t.org.slug, t.meeting
    url = reverse("onsite:team", kwargs={"org": org, "meeting": meeting.pk})
    owner_client.post(url, {"action": "default"})
    made = Post.objects.filter(meeting=meeting).count()
    assert made >= 9 and team.create_team(meeting=meeting) == 0  # idempotent
    assert len(team.gaps(meeting)) == made
    coordinator = Post.objects.get(meeting=meeting, role="coordinator")
    qualified(t.org, member=t.owner)  # health and first-aid certificates: what every post asks
    edit = reverse("onsite:post", kwargs={"org": org, "post": coordinator.pk})
    bad = owner_client.post(
        edit, {"role": "coordinator", "member": t.owner.pk, "shift_start": "18:00", "shift_end": "08:00"}
    )
    assert bad.status_code == 400
    ok = owner_client.post(
        edit, {"role": "coordinator", "member": t.owner.pk, "phone": "13800001111", "radio": "1"}
    )
    assert ok.status_code == 302 and len(team.gaps(meeting)) == made - 1
    owner_client.post(
        url, {"role": "supplier", "title": "AV 供应商", "person": "王工 声光科技", "phone": "13900002222"}
    )
    Contact.objects.filter(pk=t.contact.pk).update(phone="021-5555-0000")
    page = owner_client.get(
        reverse("onsite:contacts", kwargs={"org": org, "meeting": meeting.pk})
    ).content.decode()
    assert "13800001111" in page and "王工 声光科技" in page and "021-5555-0000" in page and "119" in page
    pdf = owner_client.get(reverse("onsite:contacts-pdf", kwargs={"org": org, "meeting": meeting.pk}))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "王工" in text and "13900002222" in text
