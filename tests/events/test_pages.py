import pytest
from django.urls import reverse
from django.utils import timezone

from huiwu.clients.models import Client
from huiwu.core.models import AuditEntry
from huiwu.events.models import Meeting, Task
from tests.factories.events import ClientFactory, MeetingFactory

pytestmark = pytest.mark.integration

SCRIPT = '<script>alert("x")</script>'


def url(name, tenant, **kw):
    return reverse(name, kwargs={"org": tenant.org.slug, **kw})


def test_create_meeting_in_the_page_is_audited_and_shown(owner_client, tenant_a):
    response = owner_client.post(
        url("events:create", tenant_a),
        {
            "name": "新品发布会",
            "client": tenant_a.client.pk,
            "meeting_type": "brand_launch",
            "mode": "hybrid",
            "stage": 1,
            "start_date": "2026-12-10",
            "end_date": "2026-12-11",
            "expected_attendance": 300,
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(org=tenant_a.org, name="新品发布会")
    page = owner_client.get(response["Location"]).content.decode()
    assert "创建了会议" in page  # the history on the record
    entry = AuditEntry.objects.get(
        target_type="events.meeting", target_id=str(meeting.pk), action="events.meeting.created"
    )
    assert entry.changes["expected_attendance"] == [None, 300]


def test_end_before_start_is_refused_and_nothing_saved(owner_client, tenant_a):
    before = Meeting.objects.count()
    response = owner_client.post(
        url("events:create", tenant_a),
        {
            "name": "反了",
            "meeting_type": "summit",
            "mode": "onsite",
            "stage": 1,
            "start_date": "2026-12-10",
            "end_date": "2026-12-01",
            "expected_attendance": 10,
        },
    )
    assert response.status_code == 400
    assert "结束日期不能早于 T 日。" in response.content.decode()
    assert Meeting.objects.count() == before


def test_negative_attendance_is_refused(owner_client, tenant_a):
    response = owner_client.post(
        url("events:create", tenant_a),
        {
            "name": "负数",
            "meeting_type": "summit",
            "mode": "onsite",
            "stage": 1,
            "start_date": "2026-12-10",
            "end_date": "2026-12-10",
            "expected_attendance": -1,
        },
    )
    assert response.status_code == 400


def test_client_of_another_org_cannot_be_chosen(owner_client, tenant_a, tenant_b):
    response = owner_client.post(
        url("events:create", tenant_a),
        {
            "name": "串户",
            "client": tenant_b.client.pk,
            "meeting_type": "summit",
            "mode": "onsite",
            "stage": 1,
            "start_date": "2026-12-10",
            "end_date": "2026-12-10",
            "expected_attendance": 1,
        },
    )
    assert response.status_code == 400
    assert not Meeting.objects.filter(name="串户").exists()


def test_script_in_text_is_shown_as_text(owner_client, tenant_a):
    owner_client.post(url("clients:create", tenant_a), {"name": SCRIPT, "notes": SCRIPT})
    client = Client.objects.get(name=SCRIPT)
    html = owner_client.get(url("clients:detail", tenant_a, client=client.pk)).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_duplicate_client_name_is_a_form_error(owner_client, tenant_a):
    response = owner_client.post(url("clients:create", tenant_a), {"name": tenant_a.client.name})
    assert response.status_code == 400
    assert Client.objects.filter(org=tenant_a.org, name=tenant_a.client.name).count() == 1


def test_edit_client_records_old_and_new(owner_client, tenant_a):
    owner_client.post(
        url("clients:edit", tenant_a, client=tenant_a.client.pk), {"name": "改名后", "industry": "制造"}
    )
    entry = AuditEntry.objects.filter(action="clients.client.changed").get()
    assert entry.changes == {"name": [tenant_a.client.name, "改名后"], "industry": ["", "制造"]}


@pytest.mark.parametrize(
    "name", ["events:list", "clients:list", "orgs:dashboard", "orgs:audit", "areas:onsite"]
)
def test_list_pages_do_not_grow_queries_with_rows(owner_client, tenant_a, name, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert owner_client.get(url(name, tenant_a)).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _ in range(3):
        m = MeetingFactory(org=tenant_a.org, client=ClientFactory(org=tenant_a.org), stage=4)
        Task.objects.create(
            org=tenant_a.org, meeting=m, title="t", due_at=timezone.now(), assignee=tenant_a.owner
        )
    assert count() == one


def test_workspace_queries_do_not_grow_with_tasks(owner_client, tenant_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from huiwu.events.services import MeetingInput, create_meeting

    meeting = create_meeting(
        org=tenant_a.org,
        actor=tenant_a.owner,
        data=MeetingInput(
            name="大会",
            client=tenant_a.client,
            start_date=timezone.localdate(),
            end_date=timezone.localdate(),
        ),
    )
    pages = [
        url(n, tenant_a, meeting=meeting.pk)
        for n in ("events:detail", "events:tasks", "reports:requirements")
    ]

    def counts():
        out = []
        for page in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert owner_client.get(page).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    counts()  # the first visit creates the questionnaire
    before = counts()
    for i in range(3):
        Task.objects.create(
            org=tenant_a.org,
            meeting=meeting,
            title=f"追加{i}",
            due_at=timezone.now(),
            assignee=tenant_a.other_member.user,
        )
    assert counts() == before


def test_shell_shows_navigation_and_switcher(owner_client, tenant_a, tenant_b):
    from huiwu.orgs.enums import Role
    from huiwu.orgs.services import add_member

    add_member(org=tenant_b.org, user=tenant_a.owner, role=Role.VIEWER)
    html = owner_client.get(url("orgs:dashboard", tenant_a)).content.decode()
    for label in ["今天", "客户", "会议", "场地", "供应商", "参会者", "现场", "服务标准"]:
        assert f">{label}</a>" in html
    for unbuilt in ["报告"]:  # areas not built yet have no menu entry
        assert f">{unbuilt}</a>" not in html
    assert f'href="/o/{tenant_b.org.slug}/"' in html  # the organisation switcher
