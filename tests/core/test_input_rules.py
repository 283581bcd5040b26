"""The input rules hold at every door: replayed through the API (the malformed inputs agencies really
receive) and through the pages. Each refusal is a 422 (or 409) naming the field, and nothing changes."""

import datetime as dt

import pytest
from django.urls import reverse

from huiwu.attendees.models import Attendee
from huiwu.clients.models import Client, Contact
from huiwu.events.models import Meeting, Task, TemplateTask

pytestmark = pytest.mark.integration

NUL, RLO = "\x00", "\u202e"


@pytest.fixture
def call(api, tenant_a):
    return api(tenant_a.raw_token)


def _fields(response) -> list[str]:
    return sorted({d["field"].split(".")[-1] for d in response.json()["details"]})


@pytest.mark.parametrize("name", [f"远航{NUL}集团", f"远航{RLO}集团", "   ", "\u200b", "远航\x1b集团"])
def test_a_client_name_is_refused_at_the_api(call, tenant_a, name):
    before = Client.objects.count()
    response = call.post("/api/v1/clients", {"name": name})
    assert response.status_code == 422, response.json()
    assert _fields(response) == ["name"]
    assert Client.objects.count() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": f"张{RLO}三"}, "name"),
        ({"name": "张三", "phone": "138OO138OOO"}, "phone"),
        ({"name": "张三", "phone": f"{RLO}13812345678"}, "phone"),
        ({"name": f"张{NUL}三"}, "name"),
    ],
)
def test_a_contact_is_held_to_the_same_rules(call, tenant_a, data, field):
    before = Contact.objects.count()
    response = call.post(f"/api/v1/clients/{tenant_a.client.pk}/contacts", data)
    assert response.status_code == 422, response.json()
    assert _fields(response) == [field]
    assert Contact.objects.count() == before


def test_a_contact_phone_may_be_a_landline(call, tenant_a):
    response = call.post(
        f"/api/v1/clients/{tenant_a.client.pk}/contacts", {"name": "王经理", "phone": "021-6288 1234"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["phone"] == "021-6288 1234"


def _meeting(**extra) -> dict:
    return {"name": "新品发布会", "start_date": "2027-05-10", "end_date": "2027-05-10", **extra}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_meeting(name=f"发布{NUL}会"), "name"),
        (_meeting(name="   "), "name"),
        (_meeting(start_time="14:00", end_time="09:00"), "end_time"),
        (_meeting(start_time="09:00", end_time="09:00"), "end_time"),
        (_meeting(start_date="0001-01-01"), "start_date"),
        (_meeting(end_date=0), "end_date"),
    ],
)
def test_a_meeting_is_refused_with_the_field_named(call, tenant_a, data, field):
    before = Meeting.objects.count()
    response = call.post("/api/v1/meetings", data)
    assert response.status_code == 422, response.json()
    assert _fields(response) == [field]
    assert Meeting.objects.count() == before


def test_a_meeting_over_two_days_may_end_earlier_in_the_day(call):
    response = call.post(
        "/api/v1/meetings", _meeting(end_date="2027-05-11", start_time="14:00", end_time="12:00")
    )
    assert response.status_code == 201, response.json()


def test_a_stale_meeting_change_is_refused_and_changes_nothing(call, tenant_a):
    url = f"/api/v1/meetings/{tenant_a.meeting.pk}"
    seen = call.get(url).json()["version"]
    first = call.patch(url, {"name": "甲改的名字", "version": seen})
    assert first.status_code == 200 and first.json()["version"] == seen + 1
    second = call.patch(url, {"city": "杭州", "version": seen})
    assert second.status_code == 409
    assert second.json()["code"] == "stale_version"
    meeting = Meeting.objects.get(pk=tenant_a.meeting.pk)
    assert (meeting.name, meeting.city) == ("甲改的名字", tenant_a.meeting.city)


def test_a_retried_create_with_the_same_key_makes_one_meeting(call, django_capture_on_commit_callbacks):
    headers = {"Idempotency-Key": "retry-42"}
    with django_capture_on_commit_callbacks(execute=True):  # each request commits, as in production
        first = call.post("/api/v1/meetings", _meeting(), headers=headers)
    with django_capture_on_commit_callbacks(execute=True):
        again = call.post("/api/v1/meetings", _meeting(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Meeting.objects.filter(name="新品发布会").count() == 1


def _attendee(**extra) -> dict:
    return {"name": "林小雨", "mobile": "13700000088", **extra}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_attendee(name="---"), "name"),
        (_attendee(name=f"林{RLO}小雨"), "name"),
        (_attendee(arrival_at=0), "arrival_at"),
        (_attendee(arrival_at="9999-12-31T23:59:59-12:00"), "arrival_at"),
        (_attendee(arrival_at="0001-01-01T09:00:00+08:00"), "arrival_at"),
        (
            _attendee(arrival_at="2027-05-10T09:00:00+08:00", departure_at="2027-05-09T18:00:00+08:00"),
            "departure_at",
        ),
    ],
)
def test_an_attendee_is_refused_with_the_field_named(call, tenant_a, data, field):
    before = Attendee.objects.count()
    response = call.post(f"/api/v1/meetings/{tenant_a.meeting.pk}/attendees", data)
    assert response.status_code == 422, response.json()
    assert _fields(response) == [field]
    assert Attendee.objects.count() == before


@pytest.mark.parametrize(
    ("name", "stored"),
    [("小美👩\u200d💻", "小美👩\u200d💻"), ("王五😀", "王五😀"), ("张\u200b三", "张三")],
)
def test_wechat_names_are_welcome(call, tenant_a, name, stored):
    response = call.post(f"/api/v1/meetings/{tenant_a.meeting.pk}/attendees", _attendee(name=name))
    assert response.status_code == 201, response.json()
    assert Attendee.objects.get(pk=response.json()["id"]).name == stored


def test_a_time_without_an_offset_is_beijing_time(call, tenant_a):
    response = call.post(
        f"/api/v1/meetings/{tenant_a.meeting.pk}/attendees", _attendee(arrival_at="2027-05-10T09:00:00")
    )
    assert response.status_code == 201, response.json()
    arrival = Attendee.objects.get(pk=response.json()["id"]).arrival_at
    assert arrival == dt.datetime(2027, 5, 10, 1, 0, tzinfo=dt.UTC)


def test_a_local_time_that_does_not_exist_is_refused(call, tenant_a, settings):
    settings.TIME_ZONE = "Europe/Berlin"  # 02:30 on the last Sunday of March does not happen there
    response = call.post(
        f"/api/v1/meetings/{tenant_a.meeting.pk}/attendees", _attendee(arrival_at="2027-03-28T02:30:00")
    )
    assert response.status_code == 422
    assert _fields(response) == ["arrival_at"]


def test_the_same_id_card_number_twice_in_a_meeting_is_refused(call, tenant_a):
    url = f"/api/v1/meetings/{tenant_a.meeting.pk}/attendees"
    first = call.post(url, _attendee(id_number="11010519491231002X"))
    assert first.status_code == 201, first.json()
    second = call.post(url, {"name": "另一个人", "mobile": "13700000099", "id_number": "11010519491231002X"})
    assert second.status_code == 409
    assert second.json()["code"] == "duplicate_id_number"
    assert not Attendee.objects.filter(name="另一个人").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"due_date": "0001-01-01"}, "due_date"), ({"assignee_id": 1180591620717411303424}, "assignee_id")],
)
def test_a_task_change_out_of_range_is_a_422(call, tenant_a, data, field):
    before = Task.objects.get(pk=tenant_a.task.pk).due_at
    response = call.patch(f"/api/v1/tasks/{tenant_a.task.pk}", data)
    assert response.status_code == 422, response.json()
    assert _fields(response) == [field]
    assert Task.objects.get(pk=tenant_a.task.pk).due_at == before


def test_a_playbook_offset_beyond_the_limit_is_refused(call, tenant_a):
    before = TemplateTask.objects.count()
    response = call.post(
        f"/api/v1/playbooks/{tenant_a.playbook.pk}/tasks", {"title": "太远", "stage": 1, "offset": 576000}
    )
    assert response.status_code == 422, response.json()
    assert _fields(response) == ["offset"]
    assert TemplateTask.objects.count() == before


# --- the same rules through the pages -------------------------------------------------------------


def test_the_client_page_refuses_control_characters_and_the_export_survives(owner_client, tenant_a):
    url = reverse("clients:create", kwargs={"org": tenant_a.org.slug})
    response = owner_client.post(url, {"name": "远航\x1b\x07集团", "industry": "能源"})
    assert response.status_code == 400
    assert "不可见的控制字符" in response.content.decode()
    assert not Client.objects.filter(name__startswith="远航").exists()


def test_the_meeting_form_refuses_a_stale_version(owner_client, tenant_a):
    url = reverse("events:edit", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    form = owner_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(name="第一次保存", version=tenant_a.meeting.version, client=tenant_a.client.pk)
    data["owner"] = data.get("owner") or ""
    saved = owner_client.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    stale = owner_client.post(url, {**data, "name": "第二次保存"})
    assert stale.status_code == 400
    assert "有人刚刚修改了这个会议" in stale.content.decode()
    assert Meeting.objects.get(pk=tenant_a.meeting.pk).name == "第一次保存"


def test_a_double_click_on_the_new_meeting_form_makes_one_meeting(
    owner_client, tenant_a, django_capture_on_commit_callbacks
):
    url = reverse("events:create", kwargs={"org": tenant_a.org.slug})
    key = owner_client.get(url).context["form"]["form_key"].value()
    data = {"name": "双击的会", "start_date": "2027-05-10", "end_date": "2027-05-10", "form_key": key}
    data.update(meeting_type="summit", mode="onsite", stage=1, expected_attendance=0)
    with django_capture_on_commit_callbacks(execute=True):
        first = owner_client.post(url, data)
    with django_capture_on_commit_callbacks(execute=True):
        second = owner_client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Meeting.objects.filter(name="双击的会").count() == 1


def test_the_audit_trail_reads_as_words_and_masks_phones(owner_client, tenant_a, call):
    created = call.post(
        f"/api/v1/clients/{tenant_a.client.pk}/contacts", {"name": "王经理", "phone": "13812345678"}
    )
    assert created.status_code == 201
    page = owner_client.get(reverse("orgs:audit", kwargs={"org": tenant_a.org.slug}))
    text = page.content.decode()
    assert "138****5678" in text and "13812345678" not in text
    assert page.context["page"].paginator.per_page == 50


def test_audited_values_are_shown_as_labels_and_local_times():
    from django.utils import translation

    from huiwu.core.audit import readable_changes
    from huiwu.core.models import AuditEntry

    entry = AuditEntry(
        target_type="attendees.attendee",
        changes={
            "diets": [[], ["vegetarian"]],
            "pickup": [False, True],
            "arrival_at": [None, "2026-12-09T06:30:00+00:00"],
        },
    )
    with translation.override("zh-hans"):
        rows = {str(label): (old, new) for label, old, new in readable_changes(entry)}
    assert rows == {"饮食需求": (None, "素食"), "接站": ("否", "是"), "到达时间": (None, "2026-12-09 14:30")}


def test_a_speaker_name_with_a_direction_override_is_refused(owner_client, tenant_a):
    url = reverse("agenda:speaker-edit", kwargs={"org": tenant_a.org.slug, "speaker": tenant_a.speaker.pk})
    response = owner_client.post(url, {"name": f"讲{RLO}者"})
    assert response.status_code == 400
    assert "会反转文字方向" in response.content.decode()
    tenant_a.speaker.refresh_from_db()
    assert tenant_a.speaker.name == "讲者"


def test_an_incident_title_with_a_direction_override_is_refused(owner_client, tenant_a):
    from huiwu.onsite.models import Incident

    url = reverse("onsite:incidents", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    before = Incident.objects.count()
    response = owner_client.post(url, {"tier": "general", "category": "equipment", "title": f"话{RLO}筒"})
    assert response.status_code == 400
    assert Incident.objects.count() == before
