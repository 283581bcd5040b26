"""Personal data after the meeting: archiving de-identifies (no original name, phone, e-mail or ID
number remains anywhere in the archived meeting's records, the audit trail or the archive's search
index; counts stay), the archived meeting is read-only, the retention job on a controllable clock, a
person's export and erasure (once)."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from huiwu.attendees.models import Attendee
from huiwu.attendees.services import AttendeeInput, save_attendee
from huiwu.checkin.models import CheckIn, Gate, Scan
from huiwu.core.audit import log_action
from huiwu.events.errors import MeetingArchived
from huiwu.events.models import Meeting
from huiwu.feedback import services as feedback
from huiwu.feedback.models import Answer
from huiwu.notifications.models import Notification
from huiwu.notifications.services import notify
from huiwu.onsite.models import Incident
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership
from huiwu.wrapup import archive, people, privacy
from huiwu.wrapup.errors import AlreadyErased, NotEnded, NotPersonal
from huiwu.wrapup.models import Archive, Deidentified
from tests.conftest import member
from tests.factories.events import MeetingFactory

pytestmark = pytest.mark.integration
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(body: str) -> str:
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


PEOPLE = [
    ("诸葛明亮", "+8613912345678", "zhuge.mingliang@example.cn", id_number("11010119800101123")),
    ("欧阳晓岚", "+8615887654321", "ouyang.xl@example.org", id_number("31010419920315456")),
    ("Zacharias Quill", "+8618600001111", "z.quill@example.net", id_number("44030519751231789")),
]


def owner(tenant):
    return Membership.objects.get(org=tenant.org, user=tenant.owner)


def originals():
    out = []
    for name, mobile, email, number in PEOPLE:
        out += [name, mobile, mobile[3:], email, number]
    return out


def everything() -> str:
    """Every row of every table, as text."""
    parts = []
    for model in apps.get_models():
        parts.append(serializers.serialize("json", model._default_manager.all(), ensure_ascii=False))
    return "\n".join(parts)


def fill(tenant):
    """The attendees, and their details everywhere a meeting's work writes them."""
    meeting, org = tenant.meeting, tenant.org
    made = []
    for name, mobile, email, number in PEOPLE:
        made.append(
            save_attendee(
                meeting=meeting,
                actor=tenant.owner,
                data=AttendeeInput(
                    name=name,
                    mobile=mobile,
                    email=email,
                    id_number=number,
                    allergies="花生",
                    hotel="锦江饭店",
                    note=f"{name} 的助理电话 13700001234",
                ),
            )
        )
    first = made[0]
    now = timezone.now()
    gate = Gate.objects.create(org=org, meeting=meeting, name="东门")
    for n, a in enumerate(made):
        scan = Scan.objects.create(
            org=org,
            meeting=meeting,
            gate=gate,
            scan_id=f"p{n}",
            attendee=a,
            status="accepted",
            scanned_at=now,
            badge_digest="x",
        )
        CheckIn.objects.create(
            meeting=meeting, attendee=a, day=meeting.start_date, gate=gate, scan=scan, at=now
        )
    station = feedback.make_station(meeting=meeting, membership=owner(tenant), name="茶歇")
    feedback.answer(
        station=station,
        attendee=first,
        now=now,
        data=feedback.AnswerInput(
            rating=4, text=f"我是{PEOPLE[0][0]}，请打 {PEOPLE[0][1][3:]} 或写信 {PEOPLE[0][2]}"
        ),
    )
    Incident.objects.create(
        org=org,
        meeting=meeting,
        number=9,
        tier="general",
        title=f"{PEOPLE[1][0]}的手机丢失",
        description=f"联系 {PEOPLE[1][1]}，身份证 {PEOPLE[1][3]}",
        reported_at=now,
        minutes={},
    )
    notify(user=tenant.owner, org=org, title=f"VIP {PEOPLE[2][0]} 已到达")
    log_action(
        "attendees.attendee.revealed",
        target=made[2],
        actor=tenant.owner,
        org=org,
        data={"name": PEOPLE[2][0], "email": PEOPLE[2][2]},
    )
    return made


def test_archiving_leaves_no_original_anywhere_and_keeps_the_counts(tenant_a, tenant_b):
    made = fill(tenant_a)
    dump = everything()
    assert all(o in dump for o in originals() if not o[0].isdigit())  # they are there before
    stored = archive.archive(meeting=tenant_a.meeting, actor=tenant_a.owner)
    dump = everything()
    left = [o for o in originals() if o in dump]
    assert left == []
    assert stored.figures["came"] == 3 and stored.figures["attendees"] == len(stored.guests)
    aliases = {g["name"] for g in stored.guests}
    assert {privacy.pseudonym(tenant_a.org.pk, a) for a in made} <= aliases  # stable pseudonyms
    assert not any(o in stored.search for o in originals())
    assert "[phone]" in Answer.objects.get(station__meeting=tenant_a.meeting).text
    meeting = Meeting.objects.get(pk=tenant_a.meeting.pk)
    assert meeting.archived_at is not None
    assert archive.search(tenant_a.org, q="茶歇").exists() or archive.search(tenant_a.org).count() == 1
    assert not archive.search(tenant_b.org).exists()


def test_the_archived_meeting_is_read_only_and_an_unended_one_is_not_archived(client, tenant_a):
    meeting = tenant_a.meeting
    later = MeetingFactory(
        org=tenant_a.org,
        start_date=timezone.localdate() + dt.timedelta(days=3),
        end_date=timezone.localdate() + dt.timedelta(days=4),
    )
    with pytest.raises(NotEnded):
        archive.archive(meeting=later)
    with pytest.raises(NotEnded):
        archive.start(meeting=later, membership=owner(tenant_a))
    archive.archive(meeting=meeting)
    gate = Gate.objects.filter(meeting=meeting).first() or Gate(org=tenant_a.org, meeting=meeting, name="x")
    with pytest.raises(MeetingArchived):
        gate.name = "改名"
        gate.save()
    client.force_login(tenant_a.owner)
    url = reverse("wrapup:retro", kwargs={"org": tenant_a.org.slug, "meeting": meeting.pk})
    response = client.post(url, {"action": "start"}, HTTP_REFERER="http://testserver" + url)
    assert response.status_code == 302


def test_retention_on_a_controllable_clock(tenant_a):
    org = tenant_a.org
    org.retention_days = 30
    org.save()
    fill(tenant_a)
    meeting = tenant_a.meeting  # its last day: 2 December 2026
    assert privacy.run_retention(dt.datetime(2026, 12, 20, 3, tzinfo=SHANGHAI)).get(org.pk) is None
    done = privacy.run_retention(dt.datetime(2027, 1, 2, 3, tzinfo=SHANGHAI))
    assert meeting.pk in done[org.pk]
    n = Deidentified.objects.get(meeting=meeting).people
    assert n == Attendee.objects.filter(meeting=meeting).count() >= 3
    assert privacy.run_retention(dt.datetime(2027, 1, 3, 3, tzinfo=SHANGHAI)).get(org.pk) is None
    assert not any(o in everything() for o in originals())
    told = Notification.objects.filter(user=tenant_a.owner, org=org).order_by("-pk").first()
    assert str(n) in told.body and not any(o in told.body for o in originals())
    assert not Archive.objects.filter(meeting=meeting).exists()  # de-identified, not archived


def test_a_persons_export_and_erasure_once(tenant_a):
    made = fill(tenant_a)
    me = owner(tenant_a)
    with pytest.raises(NotPersonal):
        people.find(org=tenant_a.org, membership=member(tenant_a.org, Role.VIEWER), query=PEOPLE[0][2])
    found = people.find(org=tenant_a.org, membership=me, query="139 1234 5678")
    assert [a.pk for a in found] == [made[0].pk]
    data = people.export(org=tenant_a.org, membership=me, attendees=found)
    record = data["records"][0]
    assert record["name"] == PEOPLE[0][0] and record["id_number"] == PEOPLE[0][3] and record["checkins"]
    assert json.dumps(data, ensure_ascii=False)
    planner = member(tenant_a.org, Role.PLANNER)
    with pytest.raises(NotPersonal):
        people.erase(membership=planner, attendee=made[0])
    erased = people.erase(membership=me, attendee=made[0], reference="PIPL-2026-001")
    assert erased.pseudonym.startswith("P-") and erased.kept
    with pytest.raises(AlreadyErased):
        people.erase(membership=me, attendee=made[0])
    dump = everything()
    assert not any(o in dump for o in PEOPLE[0])
    assert PEOPLE[1][0] in dump  # the others untouched
    assert Answer.objects.get(attendee=made[0]).text == ""
    assert people.find(org=tenant_a.org, membership=me, query=PEOPLE[0][2]) == []


def test_the_person_page_and_the_archive_pages(client, tenant_a):
    fill(tenant_a)
    client.force_login(tenant_a.owner)
    url = reverse("wrapup:person", kwargs={"org": tenant_a.org.slug})
    assert client.get(url).status_code == 200
    page = client.post(url, {"action": "find", "q": PEOPLE[1][2]}).content.decode()
    assert PEOPLE[1][0] in page
    download = client.post(url, {"action": "export", "q": PEOPLE[1][2]})
    assert (
        download["Content-Type"].startswith("application/json") and PEOPLE[1][1] in download.content.decode()
    )
    assert client.post(url, {"action": "find", "q": "<script>"}).status_code == 200
    stored = archive.archive(meeting=tenant_a.meeting)
    listing = client.get(
        reverse("wrapup:archives", kwargs={"org": tenant_a.org.slug}), {"q": tenant_a.meeting.name}
    )
    assert tenant_a.meeting.name in listing.content.decode()
    one = client.get(reverse("wrapup:archived", kwargs={"org": tenant_a.org.slug, "archive": stored.pk}))
    assert one.status_code == 200 and PEOPLE[0][0] not in one.content.decode()


def test_the_registration_consent_says_what_the_product_does(tenant_a):
    from django.utils import translation

    from huiwu.attendees.services import registration_of

    org = tenant_a.org
    org.retention_days = 90
    org.save()
    wording = registration_of(tenant_a.meeting).consent_wording
    assert "90" in wording and org.name in wording
    with translation.override("zh-hans"):
        assert "90 天后" in registration_of(tenant_a.meeting).consent_wording
