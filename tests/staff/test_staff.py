"""Staff qualifications: certificates, experience and training against the personnel standards; the
on-site team refuses (or, by the organisation's rule, records the reason for) someone unqualified."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from huiwu.core.models import AuditEntry
from huiwu.core.uploads import NotAnImage
from huiwu.notifications.models import Notification
from huiwu.onsite import team
from huiwu.onsite.errors import ReasonRequired, Unqualified
from huiwu.onsite.models import Post
from huiwu.orgs.enums import Role
from huiwu.staff import qualifications, selectors, services
from huiwu.staff.errors import CertificateDates, DetailRequired, OnStaff, Stale, TrainingAhead, TrainingHours
from huiwu.staff.models import Certificate, Person, Training
from huiwu.standards.models import Rule
from huiwu.standards.selectors import standard, standards
from huiwu.standards.services import FigureInput, set_override, update_rule
from tests.conftest import member, png_bytes
from tests.factories.staff import CertificateFactory, PersonFactory, qualified

pytestmark = pytest.mark.integration

FIRST, LAST = dt.date(2026, 12, 1), dt.date(2026, 12, 2)  # the factory's meeting


def _rules(org):
    return standards(org)


def _warn(org):
    """The organisation's rule says "warn": someone unqualified may be assigned with a reason."""
    standard(org, "personnel.refuse_unqualified")
    rule = Rule.objects.get(org=org, key="personnel.refuse_unqualified")
    update_rule(
        rule=rule, actor=None, data=FigureInput(enabled=False), reason="临时用工", version=rule.version
    )


# --- what a person lacks ---


def test_everyone_on_site_needs_health_and_first_aid(tenant_a):
    person = PersonFactory(org=tenant_a.org)
    lacking = qualifications.missing(
        person, team.REQUIRES["coordinator"], first=FIRST, last=LAST, rules=_rules(tenant_a.org)
    )
    assert [m.key for m in lacking] == ["personnel.health_certificate", "personnel.first_aid_certificate"]
    assert "未登记" in lacking[0].text
    CertificateFactory(person=person, kind="health")
    CertificateFactory(person=person, kind="first_aid", expires_on=dt.date(2026, 12, 1))  # ends on day one
    lacking = qualifications.missing(
        person, team.REQUIRES["coordinator"], first=FIRST, last=LAST, rules=_rules(tenant_a.org)
    )
    assert [m.key for m in lacking] == ["personnel.first_aid_certificate"]
    assert "2026-12-01" in lacking[0].text and "2026-12-02" in lacking[0].text
    assert (
        qualifications.missing(
            None, team.REQUIRES["emergency"], first=FIRST, last=LAST, rules=_rules(tenant_a.org)
        )[0].key
        == qualifications.NO_RECORD
    )
    assert team.REQUIRES.get("supplier") is None


def test_tech_needs_three_years_and_a_vendor_certification(tenant_a):
    person = qualified(tenant_a.org)
    person.working_since = dt.date(2024, 6, 1)  # 2.5 years before the meeting
    person.save()
    lacking = qualifications.missing(
        person, team.REQUIRES["tech"], first=FIRST, last=LAST, rules=_rules(tenant_a.org)
    )
    assert [m.key for m in lacking] == ["personnel.tech_experience", "personnel.tech_vendor_certification"]
    assert "2.4 年，要求 3 年" in lacking[0].text  # rounded down: never more than served
    person.working_since = dt.date(2023, 12, 1)
    person.save()
    CertificateFactory(person=person, kind="vendor", detail="Shure")
    assert (
        qualifications.missing(
            person, team.REQUIRES["tech"], first=FIRST, last=LAST, rules=_rules(tenant_a.org)
        )
        == []
    )


def test_reception_needs_etiquette_and_languages_as_the_standard_says(tenant_a):
    org = tenant_a.org
    person = qualified(org, reception=True)  # etiquette + English
    assert (
        qualifications.missing(person, team.REQUIRES["reception"], first=FIRST, last=LAST, rules=_rules(org))
        == []
    )
    rule = Rule.objects.get(org=org, key="personnel.reception_languages")
    update_rule(
        rule=rule, actor=None, data=FigureInput(low=2, unit="count"), reason="国际会议", version=rule.version
    )
    lacking = qualifications.missing(
        person, team.REQUIRES["reception"], first=FIRST, last=LAST, rules=_rules(org)
    )
    assert [m.key for m in lacking] == ["personnel.reception_languages"] and "1，要求 2" in lacking[0].text
    CertificateFactory(person=person, kind="language", detail=" 英语 ")  # the same language again: still one
    assert qualifications.missing(
        person, team.REQUIRES["reception"], first=FIRST, last=LAST, rules=_rules(org)
    )
    CertificateFactory(person=person, kind="language", detail="日语")
    assert (
        qualifications.missing(person, team.REQUIRES["reception"], first=FIRST, last=LAST, rules=_rules(org))
        == []
    )


def test_a_meetings_override_turns_a_requirement_off(tenant_a):
    org, meeting = tenant_a.org, tenant_a.meeting
    person = PersonFactory(org=org)
    CertificateFactory(person=person, kind="health")
    rule = Rule.objects.get(org=org, key="personnel.first_aid_certificate")
    set_override(meeting=meeting, rule=rule, actor=None, data=FigureInput(enabled=False), reason="线上会议")
    post = Post(org=org, meeting=meeting, role="coordinator", crew=person)
    assert team.lacking(post) == []


@settings(max_examples=60, deadline=None)
@given(
    since=st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
    on=st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
)
def test_years_never_overstate_experience(since, on):
    years = qualifications.years_between(since, on)
    assert years >= 0
    if on >= since:
        assert years <= Decimal((on - since).days) / Decimal("365.25")


# --- the team's command ---


def test_an_unqualified_person_is_refused_a_post_with_what_is_missing(tenant_a):
    org, meeting = tenant_a.org, tenant_a.meeting
    person = PersonFactory(org=org, name="新人")
    CertificateFactory(person=person, kind="health")
    with pytest.raises(Unqualified) as refused:
        team.add_post(
            meeting=meeting, actor=tenant_a.owner, data=team.PostInput(role="emergency", crew=person)
        )
    assert refused.value.details["missing"][0]["key"] == "personnel.first_aid_certificate"
    assert "新人" in str(refused.value.message) and refused.value.details["field"] == "crew"
    assert not Post.objects.filter(crew=person).exists()
    # a member without a staff record is refused too; a supplier's contact is not asked
    with pytest.raises(Unqualified):
        team.add_post(
            meeting=meeting, actor=tenant_a.owner, data=team.PostInput(role="tech", member=tenant_a.owner)
        )
    team.add_post(
        meeting=meeting, actor=tenant_a.owner, data=team.PostInput(role="supplier", person="声光科技 王工")
    )
    # a free-text name on a team post has no record to show
    with pytest.raises(Unqualified) as no_record:
        team.add_post(
            meeting=meeting, actor=tenant_a.owner, data=team.PostInput(role="reception", person="临时工")
        )
    assert no_record.value.details["missing"][0]["key"] == qualifications.NO_RECORD


def test_when_the_rule_says_warn_a_reason_is_recorded(tenant_a):
    org, meeting = tenant_a.org, tenant_a.meeting
    _warn(org)
    person = PersonFactory(org=org)
    data = team.PostInput(role="emergency", crew=person)
    with pytest.raises(ReasonRequired):
        team.add_post(meeting=meeting, actor=tenant_a.owner, data=data)
    post = team.add_post(
        meeting=meeting, actor=tenant_a.owner, data=data.but(unqualified_reason="急救员病假，临时顶岗")
    )
    assert post.unqualified == ["personnel.health_certificate", "personnel.first_aid_certificate"]
    assert post.unqualified_reason == "急救员病假，临时顶岗"
    # changing the radio keeps the record; someone qualified clears it
    post = team.change_post(post=post, actor=None, data=team.PostInput.of(post).but(radio="5"))
    assert post.unqualified_reason and post.radio == "5"
    other = qualified(org, name="合格者")
    post = team.change_post(post=post, actor=None, data=team.PostInput.of(post).but(crew=other))
    assert post.unqualified == [] and post.unqualified_reason == ""


def test_a_members_staff_record_fills_the_post_as_the_member(tenant_a):
    org, meeting = tenant_a.org, tenant_a.meeting
    person = qualified(org, member=tenant_a.owner, tech=True)
    post = team.add_post(meeting=meeting, actor=tenant_a.owner, data=team.PostInput(role="tech", crew=person))
    assert post.member == tenant_a.owner and post.crew == person and post.who == tenant_a.owner.name
    # choosing the member links the member's record: the person's page lists the post
    by_member = team.add_post(
        meeting=meeting, actor=None, data=team.PostInput(role="coordinator", member=tenant_a.owner)
    )
    assert by_member.crew == person and set(person.posts.all()) == {post, by_member}
    foreign = PersonFactory()  # another organisation's record
    with pytest.raises(ValidationError) as refused:
        team.add_post(meeting=meeting, actor=None, data=team.PostInput(role="tech", crew=foreign))
    assert "crew" in refused.value.message_dict
    with pytest.raises(ValidationError) as mismatch:  # a member with another member's record
        team.add_post(
            meeting=meeting,
            actor=None,
            data=team.PostInput(role="tech", crew=person, member=tenant_a.other_member.user),
        )
    assert "crew" in mismatch.value.message_dict
    assert Post.objects.filter(meeting=meeting).count() == 3  # the fixture's post and the two above


# --- records and bad input ---


def test_certificate_bad_input_changes_nothing(tenant_a):
    person = PersonFactory(org=tenant_a.org)
    base = services.CertificateInput(
        kind="health", issued_on=dt.date(2026, 3, 1), expires_on=dt.date(2026, 2, 1)
    )
    with pytest.raises(CertificateDates):
        services.add_certificate(person=person, actor=None, data=base)
    with pytest.raises(CertificateDates):
        services.add_certificate(person=person, actor=None, data=base.but(expires_on=dt.date(2026, 3, 1)))
    with pytest.raises(DetailRequired):
        services.add_certificate(person=person, actor=None, data=base.but(kind="vendor", expires_on=None))
    page = SimpleUploadedFile("scan.png", b"<html>not an image</html>", content_type="image/png")
    with pytest.raises(NotAnImage):
        services.add_certificate(person=person, actor=None, data=base.but(expires_on=None), scan=page)
    with pytest.raises(Exception):  # noqa: B017  (a ValidationError at kind)
        services.add_certificate(person=person, actor=None, data=base.but(kind="passport", expires_on=None))
    assert not Certificate.objects.filter(person=person).exists()
    scan = SimpleUploadedFile("scan.html", png_bytes(), content_type="text/html")
    made = services.add_certificate(person=person, actor=None, data=base.but(expires_on=None), scan=scan)
    assert made.scan.name.endswith(".png")


@pytest.mark.parametrize("hours", ["0", "-1", "abc", "201", "1.25", "NaN", "Infinity"])
def test_training_hours_must_make_sense(tenant_a, hours):
    person = PersonFactory(org=tenant_a.org)
    with pytest.raises(TrainingHours):
        services.add_training(
            person=person,
            actor=None,
            data=services.TrainingInput(course="礼仪", hours=hours, taken_on=dt.date(2026, 3, 1)),
        )
    assert not Training.objects.filter(person=person).exists()


def test_training_is_recorded_once_given_and_adds_up_per_year(tenant_a):
    person = PersonFactory(org=tenant_a.org)
    with pytest.raises(TrainingAhead):
        services.add_training(
            person=person,
            actor=None,
            data=services.TrainingInput(
                course="未来", hours=2, taken_on=timezone.localdate() + dt.timedelta(days=3)
            ),
        )
    for hours, day in ((16, dt.date(2026, 3, 1)), ("8.5", dt.date(2026, 6, 1)), (30, dt.date(2025, 6, 1))):
        services.add_training(
            person=person, actor=None, data=services.TrainingInput(course="课程", hours=hours, taken_on=day)
        )
    assert selectors.training_hours(tenant_a.org, 2026)[person.pk] == Decimal("24.5")
    short = dict(selectors.short_of_training(tenant_a.org, year=2026, need=Decimal(40)))
    assert short[person] == Decimal("24.5")


def test_a_member_has_one_staff_record_and_edits_carry_the_version(tenant_a):
    org = tenant_a.org
    person = services.add_person(
        org=org, actor=None, data=services.PersonInput(member=tenant_a.owner, mobile="13800138000")
    )
    assert person.name == tenant_a.owner.name and person.mobile == "+8613800138000"
    with pytest.raises(OnStaff):
        services.add_person(org=org, actor=None, data=services.PersonInput(member=tenant_a.owner))
    data = services.PersonInput.of(person).but(notes="资深")
    services.change_person(person=person, actor=None, data=data, version=0)
    with pytest.raises(Stale):
        services.change_person(person=person, actor=None, data=data.but(notes="旧"), version=0)
    assert Person.objects.get(pk=person.pk).notes == "资深"


# --- reminders ---


def test_expiring_certificates_and_short_training_are_reminded_once(tenant_a):
    org = tenant_a.org
    today = dt.date(2026, 12, 6)
    person = PersonFactory(org=org, member=tenant_a.other_member.user, name="赵强")
    ending = CertificateFactory(person=person, kind="health", expires_on=today + dt.timedelta(days=20))
    CertificateFactory(person=person, kind="first_aid", expires_on=today + dt.timedelta(days=60))
    assert list(selectors.expiring(org, today=today, days=30)) == [ending]
    sent = services.remind(today)
    assert sent >= 2  # the certificate, and the training short of 40 h
    told = Notification.objects.filter(org=org, user=tenant_a.other_member.user)
    assert told.filter(title__contains="赵强").count() == 2
    assert Notification.objects.filter(org=org, user=tenant_a.owner, title__contains="赵强").count() == 2
    assert services.remind(today) == 0  # told once
    assert services.remind(today + dt.timedelta(days=1)) == 0
    assert services.remind(dt.date(2027, 1, 2)) > 0  # a new month (and year) of training is told again


def test_a_standard_not_in_force_is_not_reminded(tenant_a):
    org = tenant_a.org
    for key, low, unit in (
        ("personnel.certificate_expiry_notice", 30, "d"),
        ("personnel.training_hours", 40, "h/yr"),
    ):
        standard(org, key)
        rule = Rule.objects.get(org=org, key=key)
        data = FigureInput(low=low, unit=unit, enabled=False)
        update_rule(rule=rule, actor=None, data=data, reason="不适用", version=rule.version)
    person = PersonFactory(org=org)
    CertificateFactory(person=person, expires_on=dt.date(2026, 12, 10))
    before = Notification.objects.count()
    services.remind(dt.date(2026, 12, 6))
    assert Notification.objects.count() == before


# --- pages, personal data, API ---


def test_staff_pages_mask_phones_and_audit_the_reveal(client, tenant_a):
    org = tenant_a.org
    person = services.add_person(
        org=org, actor=None, data=services.PersonInput(name="孙丽", mobile="13912345678")
    )
    client.force_login(tenant_a.owner)
    listing = client.get(reverse("staff:list", kwargs={"org": org.slug})).content.decode()
    assert "139****5678" in listing and "13912345678" not in listing
    page = client.get(reverse("staff:person", kwargs={"org": org.slug, "person": person.pk})).content.decode()
    assert "13912345678" not in page
    shown = client.post(reverse("staff:reveal", kwargs={"org": org.slug, "person": person.pk}))
    assert "13912345678" in shown.content.decode()
    assert AuditEntry.objects.filter(org=org, action="staff.person.revealed").count() == 1
    planner = member(org, Role.PLANNER)  # no personal data for a planner
    client.force_login(planner.user)
    assert (
        client.post(reverse("staff:reveal", kwargs={"org": org.slug, "person": person.pk})).status_code == 403
    )


def test_certificates_and_training_through_the_page(client, tenant_a):
    org = tenant_a.org
    person = services.add_person(org=org, actor=None, data=services.PersonInput(name="周杰"))
    client.force_login(tenant_a.owner)
    url = reverse("staff:person", kwargs={"org": org.slug, "person": person.pk})
    bad = client.post(
        url,
        {"action": "certificate", "kind": "first_aid", "issued_on": "2026-05-01", "expires_on": "2026-04-01"},
    )
    assert bad.status_code == 400 and "证书的有效期须晚于发证日期" in bad.content.decode()
    scan = SimpleUploadedFile("cert.png", png_bytes(), content_type="image/png")
    ok = client.post(
        url,
        {
            "action": "certificate",
            "kind": "first_aid",
            "number": "RC-1",
            "issued_on": "2026-05-01",
            "expires_on": "2029-05-01",
            "scan": scan,
        },
    )
    assert ok.status_code == 302
    certificate = Certificate.objects.get(person=person)
    opened = client.get(reverse("staff:scan", kwargs={"org": org.slug, "certificate": certificate.pk}))
    assert opened.status_code == 200 and opened["Content-Type"] == "image/png"
    assert b"".join(opened.streaming_content).startswith(b"\x89PNG")
    assert AuditEntry.objects.filter(org=org, action="staff.certificate.scan_viewed").exists()
    trained = client.post(
        url, {"action": "training", "course": "红十字救护员复训", "hours": "16", "taken_on": "2026-06-01"}
    )
    assert trained.status_code == 302
    hours = client.get(url).content.decode()
    assert "16" in hours[hours.index('data-testid="hours"') :].split("</p>")[0]


def test_the_team_page_shows_what_each_post_lacks(client, tenant_a):
    org, meeting = tenant_a.org, tenant_a.meeting
    _warn(org)
    person = PersonFactory(org=org, name="顶岗者")
    client.force_login(tenant_a.owner)
    url = reverse("onsite:team", kwargs={"org": org.slug, "meeting": meeting.pk})
    refused = client.post(url, {"role": "emergency", "crew": person.pk})
    assert refused.status_code == 400 and "请填写理由" in refused.content.decode()
    done = client.post(url, {"role": "emergency", "crew": person.pk, "unqualified_reason": "临时顶岗"})
    assert done.status_code == 302
    post = Post.objects.get(meeting=meeting, crew=person)
    page = client.get(url).content.decode()
    cell = page[page.index(f'data-testid="qualification-{post.pk}"') :].split("</td>")[0]
    assert "error" in cell and "临时顶岗" in cell and "<li>" in cell


def test_staff_through_the_api(api, tenant_a, tenant_b):
    owner_api = api(tenant_a.raw_token)
    made = owner_api.post(
        "/api/v1/staff", {"name": "孙丽", "mobile": "139 1234 5678", "working_since": "2020-03-01"}
    )
    assert made.status_code == 201 and made.json()["mobile"] == "139****5678"
    pid = made.json()["id"]
    bad = owner_api.post(
        f"/api/v1/staff/{pid}/certificates",
        {"kind": "health", "issued_on": "2026-05-01", "expires_on": "2026-01-01"},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "certificate_dates"
    for kind, detail in (("health", ""), ("first_aid", ""), ("etiquette", ""), ("language", "英语")):
        ok = owner_api.post(
            f"/api/v1/staff/{pid}/certificates",
            {"kind": kind, "detail": detail, "issued_on": "2026-01-01", "expires_on": "2028-01-01"},
        )
        assert ok.status_code == 201
    hours = owner_api.post(
        f"/api/v1/staff/{pid}/trainings", {"course": "礼仪", "hours": "0", "taken_on": "2026-02-01"}
    )
    assert hours.status_code == 422 and hours.json()["code"] == "training_hours"
    assert (
        owner_api.post(
            f"/api/v1/staff/{pid}/trainings", {"course": "礼仪", "hours": "12.5", "taken_on": "2026-02-01"}
        ).status_code
        == 201
    )
    stale = owner_api.patch(f"/api/v1/staff/{pid}", {"version": 3, "notes": "x"})
    assert stale.status_code == 409
    assert owner_api.patch(f"/api/v1/staff/{pid}", {"version": 0, "notes": "英语流利"}).json()["version"] == 1
    assert owner_api.post(f"/api/v1/staff/{pid}/reveal").json()["mobile"] == "+8613912345678"
    attention = owner_api.get("/api/v1/staff-attention").json()
    assert attention["notice_days"] == 30 and attention["training_hours"] == "40"
    assert any(row["person_id"] == pid for row in attention["short_of_training"])
    # the team: refused with the missing items, then filled
    posts = f"/api/v1/meetings/{tenant_a.meeting.pk}/posts"
    refused = owner_api.post(posts, {"role": "tech", "crew_id": pid})
    assert refused.status_code == 422 and refused.json()["code"] == "post_unqualified"
    assert [m["key"] for m in refused.json()["details"]["missing"]] == ["personnel.tech_vendor_certification"]
    filled = owner_api.post(posts, {"role": "reception", "crew_id": pid})
    assert filled.status_code == 201 and filled.json()["lacking"] == [] and filled.json()["crew_id"] == pid
    assert (
        owner_api.post(posts, {"role": "reception", "crew_id": tenant_b.staff_person.pk}).status_code == 404
    )


def test_the_today_page_lists_certificates_ending(tenant_a):
    from huiwu.areas.today import today_for

    org = tenant_a.org
    day = dt.date(2026, 12, 6)
    now = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    crew = PersonFactory(org=org, name="周杰")
    theirs = CertificateFactory(person=crew, kind="first_aid", expires_on=day + dt.timedelta(days=10))
    planner = member(org, Role.PLANNER)
    own = PersonFactory(org=org, member=planner.user)
    mine = CertificateFactory(person=own, kind="health", expires_on=day + dt.timedelta(days=25))
    CertificateFactory(person=own, kind="first_aid", expires_on=day + dt.timedelta(days=90))  # not yet
    assert today_for(org, tenant_a.owner, now).certificates == [theirs, mine]  # who runs on-site work
    assert today_for(org, planner.user, now).certificates == [mine]  # a planner: their own
