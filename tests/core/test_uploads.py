"""Every upload: one size limit, one content check, a server-chosen name, and served back as what its
content was checked as (images inline as images, everything else as a download), never as a page."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from huiwu.attendees.models import Attendee
from huiwu.events.models import TaskAttachment
from huiwu.onsite.models import Incident
from tests.conftest import png_bytes

pytestmark = pytest.mark.integration

SCRIPT = b"<html><script>alert(document.domain)</script></html>"


def png_with_script() -> bytes:
    """A valid PNG carrying an HTML page in a text chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buf, "PNG", pnginfo=info)
    assert SCRIPT in buf.getvalue()
    return buf.getvalue()


def png_bomb(width=30_000, height=30_000) -> bytes:
    """A 30,000 × 30,000 PNG header of a few dozen bytes: decoding it would need 2.7 GB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )


def _headers(response) -> dict:
    return {k: response[k] for k in ("Content-Type", "Content-Disposition", "X-Content-Type-Options")}


def test_a_png_named_html_is_stored_under_our_name_and_served_as_an_image(owner_client, tenant_a):
    page = owner_client.post(
        reverse("venues:file-add", kwargs={"org": tenant_a.org.slug, "venue": tenant_a.venue.pk}),
        {"kind": "floor_plan", "file": SimpleUploadedFile("floorplan.html", png_with_script(), "text/html")},
        follow=True,
    )
    assert "图片已添加。" in page.content.decode()
    row = tenant_a.venue.files.get(name="floorplan.html")
    assert row.file.name.endswith(".png") and "floorplan" not in row.file.name
    served = owner_client.get(
        reverse("venues:file", kwargs={"org": tenant_a.org.slug, "venue": tenant_a.venue.pk, "file": row.pk})
    )
    assert _headers(served) == {
        "Content-Type": "image/png",
        "Content-Disposition": 'inline; filename="floorplan.png"',
        "X-Content-Type-Options": "nosniff",
    }
    assert "sandbox" in served["Content-Security-Policy"]
    served.close()


def test_a_decompression_bomb_is_refused_before_it_is_decoded(owner_client, tenant_a):
    before = tenant_a.venue.files.count()
    page = owner_client.post(
        reverse("venues:file-add", kwargs={"org": tenant_a.org.slug, "venue": tenant_a.venue.pk}),
        {"kind": "photo", "file": SimpleUploadedFile("hall.png", png_bomb())},
        follow=True,
    )
    assert page.status_code == 200
    assert "图片超过 40 百万像素。" in page.content.decode()
    assert tenant_a.venue.files.count() == before


def test_an_incident_photo_has_the_same_limit_and_check(owner_client, tenant_a, settings):
    url = reverse("onsite:incidents", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    before = Incident.objects.count()
    settings.MAX_UPLOAD_BYTES = 200
    big = owner_client.post(
        url,
        {"tier": "general", "category": "equipment", "title": "话筒", "photo": SimpleUploadedFile(
            "mic.png", png_bytes((400, 400)))},
    )  # fmt: skip
    assert big.status_code == 400
    assert "文件超过 200\xa0字节。" in big.content.decode()
    assert Incident.objects.count() == before
    settings.MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    done = owner_client.post(
        url,
        {"tier": "general", "category": "equipment", "title": "话筒", "photo": SimpleUploadedFile(
            "mic.html", png_with_script())},
    )  # fmt: skip
    assert done.status_code == 302
    incident = Incident.objects.latest("pk")
    assert incident.photo.name.endswith(".png") and "mic" not in incident.photo.name
    page = owner_client.get(done["Location"]).content.decode()
    assert 'data-testid="incident-photo"' in page
    served = owner_client.get(
        reverse("onsite:incident-photo", kwargs={"org": tenant_a.org.slug, "incident": incident.pk})
    )
    assert served["Content-Type"] == "image/png"
    served.close()


def test_a_document_is_only_ever_a_download(owner_client, tenant_a):
    owner_client.post(
        reverse("tasks:attach", kwargs={"org": tenant_a.org.slug, "task": tenant_a.task.pk}),
        {"file": SimpleUploadedFile("notes.html", SCRIPT, "text/html")},
    )
    row = TaskAttachment.objects.get(task=tenant_a.task, name="notes.html")
    assert row.file.name.endswith(".bin")
    served = owner_client.get(
        reverse(
            "tasks:attachment",
            kwargs={"org": tenant_a.org.slug, "task": tenant_a.task.pk, "attachment": row.pk},
        )
    )
    assert _headers(served) == {
        "Content-Type": "application/octet-stream",
        "Content-Disposition": 'attachment; filename="notes.html"',
        "X-Content-Type-Options": "nosniff",
    }
    served.close()


def test_an_attendee_photo_is_checked_and_served_through_the_app(owner_client, tenant_a, settings):
    attendee = tenant_a.attendee
    edit = reverse("attendees:edit", kwargs={"org": tenant_a.org.slug, "attendee": attendee.pk})
    form = owner_client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "photo"}
    data.update(name=attendee.name, category="regular", photo=SimpleUploadedFile("me.svg", png_bytes()))
    data = {k: v for k, v in data.items() if v != []}
    response = owner_client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    attendee = Attendee.objects.get(pk=attendee.pk)
    assert attendee.photo.name.endswith(".png") and "me" not in attendee.photo.name.rsplit("/", 1)[-1][:2]
    profile = owner_client.get(
        reverse("attendees:profile", kwargs={"org": tenant_a.org.slug, "attendee": attendee.pk})
    ).content.decode()
    photo_url = reverse("attendees:photo", kwargs={"org": tenant_a.org.slug, "attendee": attendee.pk})
    assert f'src="{photo_url}"' in profile
    served = owner_client.get(photo_url)
    assert served["Content-Type"] == "image/png"
    served.close()
