import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from huiwu.attendees import services
from huiwu.attendees.models import ASKABLE, Attendee, Registration, RevokedBadge
from huiwu.core.models import AuditEntry
from huiwu.jobs.models import Job
from huiwu.orgs.enums import Role
from tests.conftest import member

pytestmark = pytest.mark.integration


def url(name, **kwargs):
    return reverse(f"attendees:{name}", kwargs=kwargs)


@pytest.fixture
def vip(tenant_a):
    return services.save_attendee(
        meeting=tenant_a.meeting,
        actor=tenant_a.owner,
        data=services.AttendeeInput(
            name="张三",
            mobile="+8613812341234",
            email="zhang@example.com",
            category="vip",
            organisation="星海科技",
            diets=["halal"],
            allergies="花生过敏",
            services=["headset", "driver"],
            hotel="外滩酒店",
            butler=tenant_a.owner,
            id_number="11010519491231002X",
        ),
    )


def test_personal_data_is_masked_for_roles_that_may_not_see_it(client, tenant_a, vip):
    planner = member(tenant_a.org, Role.PLANNER)
    client.force_login(planner.user)
    page = client.get(url("list", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk)).content.decode()
    assert "138****1234" in page and "13812341234" not in page and "zhang@example.com" not in page
    edit = client.get(url("edit", org=tenant_a.org.slug, attendee=vip.pk)).content.decode()
    assert "13812341234" not in edit and "11010519491231002X" not in edit and "138****1234" in edit
    reveal = url("reveal", org=tenant_a.org.slug, attendee=vip.pk, field="mobile")
    assert client.post(reveal).status_code == 403
    # the planner may still edit the record; empty personal fields keep what is stored
    response = client.post(
        url("edit", org=tenant_a.org.slug, attendee=vip.pk),
        {"name": "张三", "category": "vip", "language": "zh-hans", "title": "总裁"},
    )
    assert response.status_code == 302
    vip.refresh_from_db()
    assert (vip.title, vip.mobile, vip.email, vip.id_number_hint) == (
        "总裁",
        "+8613812341234",
        "zhang@example.com",
        "002X",
    )


def test_seeing_personal_data_in_full_is_audited(owner_client, tenant_a, vip):
    page = owner_client.get(url("list", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk)).content.decode()
    assert "138****1234" in page and "13812341234" not in page  # masked by default for everyone
    for field, full in (
        ("mobile", "13812341234"),
        ("email", "zhang@example.com"),
        ("id_number", "11010519491231002X"),
    ):
        response = owner_client.post(url("reveal", org=tenant_a.org.slug, attendee=vip.pk, field=field))
        assert full in response.content.decode()
    entries = AuditEntry.objects.filter(action="attendees.attendee.revealed", actor=tenant_a.owner)
    assert sorted(e.data["field"] for e in entries) == ["email", "id_number", "mobile"]
    # the audit trail itself never holds the full values
    assert not AuditEntry.objects.filter(changes__icontains="13812341234").exists()
    assert not AuditEntry.objects.filter(changes__icontains="11010519491231002X").exists()


def test_the_guest_profile_shows_what_reception_needs(owner_client, tenant_a, vip):
    page = owner_client.get(url("profile", org=tenant_a.org.slug, attendee=vip.pk)).content.decode()
    expected = (
        "张三",
        "星海科技",
        "花生过敏",
        "外滩酒店",
        str(tenant_a.owner),
        "专车司机",
        "同传耳机",
        "138****1234",
    )
    for text in expected:
        assert text in page


def test_adding_the_same_mobile_twice_is_refused(owner_client, tenant_a, vip):
    response = owner_client.post(
        url("new", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk),
        {"name": "张三二", "mobile": "138 1234 1234", "category": "regular", "language": "zh-hans"},
    )
    assert response.status_code == 400
    assert Attendee.objects.filter(meeting=tenant_a.meeting, mobile="+8613812341234").count() == 1


def test_reissuing_a_badge_revokes_the_old_code(owner_client, tenant_a, vip):
    old = services.badge_code(vip)
    assert services.find_badge(tenant_a.meeting, old) == (vip, "ok")
    owner_client.post(url("reissue", org=tenant_a.org.slug, attendee=vip.pk))
    vip.refresh_from_db()
    new = services.badge_code(vip)
    assert new != old
    assert services.find_badge(tenant_a.meeting, new) == (vip, "ok")
    assert services.find_badge(tenant_a.meeting, old) == (vip, "revoked")
    assert RevokedBadge.objects.filter(attendee=vip).count() == 1
    assert services.find_badge(tenant_a.meeting, old[:-2] + "xx")[1] == "forged"


def test_export_follows_the_filters_masks_by_role_and_is_audited(client, tenant_a, vip):
    services.save_attendee(
        meeting=tenant_a.meeting,
        actor=None,
        data=services.AttendeeInput(
            name='=HYPERLINK("http://evil")', mobile="+8613900000009", category="regular"
        ),
    )
    planner = member(tenant_a.org, Role.PLANNER)
    client.force_login(planner.user)
    response = client.get(url("export", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk) + "?category=vip")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "张三" and rows[1][3] == "138****1234"
    response = client.get(url("export", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [c.value for c in sheet["A"][1:]]
    assert '\'=HYPERLINK("http://evil")' in names
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert AuditEntry.objects.filter(action="attendees.exported", actor=planner.user).count() == 2


def _xlsx_upload(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "名单.xlsx"
    return buf


def test_web_import_maps_columns_previews_and_reports(
    owner_client, tenant_a, django_capture_on_commit_callbacks
):
    org, meeting = tenant_a.org.slug, tenant_a.meeting.pk
    upload = _xlsx_upload(
        [
            ["嘉宾姓名", "手机号码", "公司", "自定义列"],
            ["周一", "13500000001", "甲", "x"],
            ["坏行", "123", "乙", "y"],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):  # the file is read in the queue
        response = owner_client.post(
            url("import", org=org, meeting=meeting),
            {"file": upload, "consent_method": "client", "consent_scope": "接待"},
        )
    assert response.status_code == 302
    reading = Job.objects.filter(kind="attendee_import_header").latest("pk")
    assert reading.status == "done"
    mapping_url = reading.result["link"]
    assert (
        owner_client.get(response["Location"])["Location"] == mapping_url
    )  # done: straight on to the columns
    page = owner_client.get(mapping_url).content.decode()
    assert "周一" in page and "自定义列" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            mapping_url, {"col0": "name", "col1": "mobile", "col2": "organisation", "col3": ""}
        )
    assert response.status_code == 302
    job = owner_client.get(response["Location"]).context["job"]
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.result["summary"].startswith("新增 1 人")  # in the language of the one who started it
    report = owner_client.get(job.result["link"]).content.decode()
    assert "123" not in report or "mobile" in report.lower()
    assert Attendee.objects.filter(meeting_id=meeting, name="周一", organisation="甲").exists()
    assert not Attendee.objects.filter(meeting_id=meeting, name="坏行").exists()


def test_two_columns_on_one_field_are_refused_on_the_mapping_page(
    owner_client, tenant_a, django_capture_on_commit_callbacks
):
    org, meeting = tenant_a.org.slug, tenant_a.meeting.pk
    upload = _xlsx_upload([["姓名", "手机"], ["周一", "13500000001"]])
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            url("import", org=org, meeting=meeting),
            {"file": upload, "consent_method": "client", "consent_scope": "x"},
        )
    mapping_url = Job.objects.filter(kind="attendee_import_header").latest("pk").result["link"]
    response = owner_client.post(mapping_url, {"col0": "name", "col1": "name"})
    assert response.status_code == 400
    assert not Attendee.objects.filter(meeting_id=meeting, name="周一").exists()


def test_badge_pdf_has_the_chinese_name_as_text(
    owner_client, tenant_a, vip, django_capture_on_commit_callbacks
):
    single = owner_client.get(url("badge-pdf", org=tenant_a.org.slug, attendee=vip.pk))
    text = PdfReader(io.BytesIO(single.content)).pages[0].extract_text()
    assert "张三" in text and "星海科技" in text
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            url("badges", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk), {"layout": "a4"}
        )
    job = owner_client.get(response["Location"]).context["job"]
    job.refresh_from_db()
    assert job.status == "done", job.error
    pdf = owner_client.get(reverse("jobs:download", kwargs={"org": tenant_a.org.slug, "job": job.pk}))
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    assert len(reader.pages) == 1  # two attendees on one A4 sheet
    assert "张三" in reader.pages[0].extract_text() and "参会者" in reader.pages[0].extract_text()


def _open_registration(meeting, **kwargs):
    reg = services.registration_of(meeting)
    for k, v in {"is_open": True, **kwargs}.items():
        setattr(reg, k, v)
    reg.save()
    return reg


def test_public_registration_confirms_then_waitlists_then_promotes(
    client, tenant_a, django_capture_on_commit_callbacks
):
    reg = _open_registration(tenant_a.meeting, capacity=2)  # the tenant's attendee holds one place
    page = reverse("attendees_public:register", kwargs={"token": reg.token})
    data = {"name": "王一", "mobile": "13700000011", "organisation": "甲", "consent": "on"}
    response = client.post(page, data)
    assert response.status_code == 302
    first = Attendee.objects.get(mobile="+8613700000011")
    assert first.status == "confirmed" and first.source == "registration" and first.consent_method == "online"
    badge = client.get(response["Location"]).content.decode()
    assert "王一" in badge and "data:image/svg+xml" in badge
    client.post(page, {**data, "name": "王二", "mobile": "13700000012", "email": "wang2@example.com"})
    second = Attendee.objects.get(mobile="+8613700000012")
    assert second.status == "waitlisted"
    assert (
        "data:image/svg+xml"
        not in client.get(reverse("attendees_public:badge", kwargs={"token": second.token})).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(attendee=first, status="cancelled", actor=None)
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert [m.to for m in mail.outbox] == [["wang2@example.com"]] and second.token in mail.outbox[0].body


def test_public_registration_refuses_bad_input_and_changes_nothing(client, tenant_a):
    reg = _open_registration(tenant_a.meeting, approval=True)
    page = reverse("attendees_public:register", kwargs={"token": reg.token})
    before = Attendee.objects.count()
    for bad in (
        {"name": "王一", "mobile": "123", "organisation": "甲", "consent": "on"},
        {"name": "王一\u202e", "mobile": "13700000011", "organisation": "甲", "consent": "on"},
        {"name": "王一", "mobile": "13700000011", "organisation": "甲"},  # no consent
    ):
        assert client.post(page, bad).status_code == 400
    assert Attendee.objects.count() == before
    client.post(page, {"name": "王一", "mobile": "13700000011", "organisation": "甲", "consent": "on"})
    assert Attendee.objects.get(mobile="+8613700000011").status == "pending"  # approval on
    again = client.post(
        page, {"name": "王一", "mobile": "13700000011", "organisation": "甲", "consent": "on"}
    )
    assert again.status_code == 200  # a neutral answer: nothing says who is on the list
    assert 'data-testid="registration-received"' in again.content.decode()
    assert Attendee.objects.filter(mobile="+8613700000011").count() == 1
    reg.is_open = False
    reg.save()
    assert "closed" in client.get(page).content.decode().lower() or client.get(page).status_code == 200


def test_a_registration_for_someone_on_the_list_is_answered_neutrally(
    client, tenant_a, django_capture_on_commit_callbacks
):
    reg = _open_registration(tenant_a.meeting)
    page = reverse("attendees_public:register", kwargs={"token": reg.token})
    data = {"name": "冒名者", "email": tenant_a.attendee.email, "organisation": "甲", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {**data, "mobile": "13700000021"})
    text = response.content.decode()
    assert response.status_code == 200 and 'data-testid="registration-received"' in text
    assert tenant_a.attendee.name not in text
    assert [m.to for m in mail.outbox] == [[tenant_a.attendee.email]]  # the person on file, not the asker
    assert tenant_a.attendee.token in mail.outbox[0].body


def test_public_registration_is_limited_per_address(client, tenant_a):
    reg = _open_registration(tenant_a.meeting)
    page = reverse("attendees_public:register", kwargs={"token": reg.token})
    for i in range(services.PUBLIC_PER_ADDRESS_PER_HOUR):
        data = {"name": f"来宾{i}", "mobile": f"137000001{i:02d}", "organisation": "甲", "consent": "on"}
        assert client.post(page, data).status_code == 302
    blocked = client.post(
        page, {"name": "又一位", "mobile": "13700000199", "organisation": "甲", "consent": "on"}
    )
    assert blocked.status_code == 429
    assert not Attendee.objects.filter(name="又一位").exists()


def test_invitation_rsvp_and_a_colleague(owner_client, client, tenant_a, django_capture_on_commit_callbacks):
    guest = tenant_a.attendee
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url("invite", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk))
    guest.refresh_from_db()
    assert guest.rsvp == "invited" and guest.invited_at
    link = reverse("attendees_public:rsvp", kwargs={"token": guest.token})
    assert any(link in m.body for m in mail.outbox)
    client.post(link, {"action": "accept"})
    guest.refresh_from_db()
    assert guest.rsvp == "accepted"
    response = client.post(
        link, {"action": "colleague", "name": "同事甲", "mobile": "13600000099", "consent": "on"}
    )
    assert response.status_code == 302
    colleague = Attendee.objects.get(mobile="+8613600000099")
    assert colleague.invited_by == guest and colleague.source == "colleague"
    client.post(link, {"action": "decline"})
    guest.refresh_from_db()
    assert guest.rsvp == "declined" and guest.status == "cancelled"


def test_reminders_go_only_to_those_who_have_not_answered(
    owner_client, tenant_a, vip, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url("invite", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk))
    services.answer(attendee=vip, accept=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            url("invite", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk), {"reminder": "1"}
        )
    assert [m.to for m in mail.outbox] == [[tenant_a.attendee.email]]
    tenant_a.attendee.refresh_from_db()
    assert tenant_a.attendee.reminders == 1


def test_registration_settings_need_a_way_to_recognise_people(owner_client, tenant_a):
    page = url("registration", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk)
    data = {"is_open": "on", "capacity": "100", "waitlist": "on", "consent_text": "", "intro": ""}
    fields = {f"ask_{n}": "off" for n in ASKABLE}
    assert owner_client.post(page, {**data, **fields}).status_code == 400
    assert owner_client.post(page, {**data, **fields, "ask_mobile": "required"}).status_code == 302
    reg = Registration.objects.get(meeting=tenant_a.meeting)
    assert reg.is_open and reg.capacity == 100 and reg.fields["mobile"] == "required"


def test_the_demo_summit_has_its_attendees(db):
    from huiwu.attendees.models import ImportRun
    from huiwu.demo import load_demo
    from huiwu.events.models import Meeting

    org = load_demo()
    summit = Meeting.objects.get(org=org, name="新经济产业峰会")
    people = Attendee.objects.filter(meeting=summit)
    assert people.count() > 150
    assert people.filter(category="vip", butler__isnull=False).count() == 6
    assert people.filter(category="speaker").exists() and people.filter(rsvp="invited").exists()
    run = ImportRun.objects.get(meeting=summit)
    assert run.imported == 140 and {e["row"] for e in run.errors} == {143, 144, 145, 146}
    assert Registration.objects.get(meeting=summit).is_open


def test_the_tag_filter_matches_whole_tags_in_chinese_too(tenant_a):
    from huiwu.attendees.selectors import filtered

    services.save_attendee(
        meeting=tenant_a.meeting,
        actor=None,
        data=services.AttendeeInput(name="甲", mobile="+8613600000001", tags=["合作伙伴", "VIP2"]),
    )
    services.save_attendee(
        meeting=tenant_a.meeting,
        actor=None,
        data=services.AttendeeInput(name="乙", mobile="+8613600000002", tags=["合作"]),
    )
    names = lambda tag: sorted(a.name for a in filtered(tenant_a.meeting, {"tag": tag}))  # noqa: E731
    assert names("合作伙伴") == ["甲"] and names("合作") == ["乙"] and names("VIP") == []


def test_the_list_shows_who_has_checked_in(owner_client, tenant_a):
    from huiwu.checkin import services as checkin
    from tests.factories.events import running_today

    running_today(tenant_a.meeting)
    checkin.scan(gate=tenant_a.gate, badge=services.badge_code(tenant_a.attendee), scan_id="list-1")
    page = owner_client.get(url("list", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk)).content.decode()
    cell = page.split(f'data-testid="checked-in-{tenant_a.attendee.pk}">', 1)[1].split("</td>", 1)[0]
    assert cell.startswith("✓ ")


def test_every_door_needs_a_mobile_or_an_email(owner_client, api, tenant_a):
    """One rule, in the model: the service refuses a person nobody can tell apart or reach, and so do
    the page, the API and the import (which checks its rows with the same function)."""
    from django.core.exceptions import ValidationError

    from huiwu.attendees.importing import clean_row

    with pytest.raises(ValidationError) as refused:
        services.save_attendee(
            meeting=tenant_a.meeting, actor=None, data=services.AttendeeInput(name="无名氏")
        )
    assert "mobile" in refused.value.message_dict
    response = api(tenant_a.raw_token).post(
        f"/api/v1/meetings/{tenant_a.meeting.pk}/attendees", {"name": "无名氏"}
    )
    assert response.status_code == 422 and "mobile" in str(response.json())
    page = owner_client.post(url("new", org=tenant_a.org.slug, meeting=tenant_a.meeting.pk),
                             {"name": "无名氏", "category": "regular"})  # fmt: skip
    assert page.status_code == 400 and "手机号或邮箱" in page.content.decode()
    assert clean_row(["无名氏"], {0: "name"}, "Asia/Shanghai")[1][0][0] == "mobile"
    assert not Attendee.objects.filter(name="无名氏").exists()
