"""The on-site team: the default structure scaled to the meeting, gaps, posts, the contact sheet."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from huiwu.clients.models import Contact
from huiwu.onsite import team
from huiwu.onsite.models import Post

pytestmark = pytest.mark.integration


def test_the_default_team_scales_with_attendance():
    small = dict(team.default_counts(200))
    assert small == {"coordinator": 1, "venue": 1, "tech": 1, "reception": 2, "emergency": 2, "catering": 1,
                     "checkin": small["checkin"]}  # fmt: skip
    big = dict(team.default_counts(1200))
    assert big["reception"] == 8 and big["emergency"] == 3 and big["checkin"] > small["checkin"]


def test_team_page_gaps_and_contact_sheet(owner_client, tenant_a):
    t = tenant_a
    org, meeting = t.org.slug, t.meeting
    url = reverse("onsite:team", kwargs={"org": org, "meeting": meeting.pk})
    owner_client.post(url, {"action": "default"})
    made = Post.objects.filter(meeting=meeting).count()
    assert made >= 9 and team.create_team(meeting=meeting) == 0  # idempotent
    assert len(team.gaps(meeting)) == made
    coordinator = Post.objects.get(meeting=meeting, role="coordinator")
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
