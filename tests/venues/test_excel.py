import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from huiwu.jobs.models import Job
from huiwu.venues.models import Room, Venue

pytestmark = pytest.mark.integration


def export(client, tenant) -> bytes:
    r = client.get(reverse("venues:export", kwargs={"org": tenant.org.slug}))
    assert r.status_code == 200
    return r.content


def import_file(client, tenant, content: bytes, capture, name="venues.xlsx") -> Job | None:
    with capture(execute=True):
        client.post(
            reverse("venues:import", kwargs={"org": tenant.org.slug}),
            {"file": SimpleUploadedFile(name, content)},
        )
    return Job.objects.filter(org=tenant.org, kind="venue_import").order_by("-id").first()


def test_export_then_import_into_another_organisation(
    client, tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.owner)
    content = export(client, tenant_a)
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[1][0] == tenant_a.venue.name and "room_theatre" in rows[0]
    client.force_login(tenant_b.owner)
    Venue.objects.filter(org=tenant_b.org).delete()
    job = import_file(client, tenant_b, content, django_capture_on_commit_callbacks)
    assert job.result == {"errors": [], "created": 1, "updated": 0}
    room = Room.objects.get(venue__org=tenant_b.org)
    assert (room.venue.name, room.name, room.theatre) == (tenant_a.venue.name, "大厅", 800)
    job = import_file(client, tenant_b, content, django_capture_on_commit_callbacks)
    assert job.result == {"errors": [], "created": 0, "updated": 1}


def test_one_bad_row_saves_nothing(owner_client, tenant_a, django_capture_on_commit_callbacks):
    wb = load_workbook(io.BytesIO(export(owner_client, tenant_a)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    good = [c.value for c in ws[2]]
    new = list(good)
    new[header.index("name")] = "新场馆"
    bad = list(good)
    bad[header.index("name")] = "坏场馆"
    bad[header.index("room_theatre")] = -5
    ws.append(new)
    ws.append(bad)
    buf = io.BytesIO()
    wb.save(buf)
    job = import_file(owner_client, tenant_a, buf.getvalue(), django_capture_on_commit_callbacks)
    assert job.result["created"] == 0
    assert job.result["errors"][0].startswith("第 4 行，theatre：")
    assert not Venue.objects.filter(name__in=["新场馆", "坏场馆"]).exists()


def test_a_file_that_is_not_a_workbook(owner_client, tenant_a, django_capture_on_commit_callbacks):
    job = import_file(owner_client, tenant_a, b"name,city\n", django_capture_on_commit_callbacks)
    assert job.result["errors"] == ["文件已损坏或不是 Excel 工作簿（.xlsx）。"]
    before = Job.objects.count()
    response = owner_client.post(
        reverse("venues:import", kwargs={"org": tenant_a.org.slug}),
        {"file": SimpleUploadedFile("x.csv", b"a,b")},
        follow=True,
    )
    assert "请选择 Excel 文件" in response.content.decode()
    assert Job.objects.count() == before
