"""Workbooks built to hurt: entity bombs, external entities, compression bombs, a hidden first sheet,
too many rows and too many bad rows. Each is a clear refusal (nothing imported, no 500), through the
importer and through the column-mapping page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from huiwu.attendees import importing
from huiwu.attendees.importing import FileRejected, run_import
from huiwu.attendees.models import Attendee
from huiwu.core import workbooks
from huiwu.jobs.models import Job
from tests.factories.events import MeetingFactory

pytestmark = pytest.mark.integration

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    + "]>"
)


def _workbook_bytes(rows=(("姓名", "手机"), ("张三", "13812341234"))) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace_part(data: bytes, name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, text.encode() if item.filename == name else src.read(item.filename))
    return out.getvalue()


def billion_laughs() -> bytes:
    sheet = (
        LAUGHS + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return _replace_part(_workbook_bytes(), "xl/worksheets/sheet1.xml", sheet)


def external_entity() -> bytes:
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    return _replace_part(_workbook_bytes(), "xl/worksheets/sheet1.xml", sheet)


def compression_bomb() -> bytes:
    """A few hundred KB that unpack to 100 MB of sheet XML."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with dst.open("xl/worksheets/sheet1.xml", "w") as part:
                    part.write(
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    )
                    part.write(b"<sheetData>")
                    part.write(b" " * (100 * 1024 * 1024))
                    part.write(b"</sheetData></worksheet>")
            else:
                dst.writestr(item, src.read(item.filename))
    assert len(out.getvalue()) < 1024 * 1024
    return out.getvalue()


def hidden_first_sheet() -> bytes:
    wb = Workbook()
    secret = wb.active
    secret.title = "旧名单"
    secret.append(["姓名", "手机"])
    secret.append(["隐藏的人", "13800000001"])
    secret.sheet_state = "hidden"
    shown = wb.create_sheet("名单")
    shown.append(["姓名", "手机"])
    shown.append(["看得见的人", "13800000002"])
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def meeting(db):
    return MeetingFactory()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (billion_laughs, "damaged"),
        (external_entity, "damaged"),
        (compression_bomb, "compression bomb"),
    ],
)
def test_a_hostile_workbook_is_refused_by_the_importer(meeting, tmp_path, content, message):
    path = tmp_path / "list.xlsx"
    path.write_bytes(content())
    with pytest.raises(FileRejected) as exc:
        run_import(meeting=meeting, path=path, filename="list.xlsx")
    assert message in exc.value.message
    assert not Attendee.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("content", [billion_laughs, external_entity, compression_bomb])
def test_the_mapping_page_turns_a_hostile_workbook_into_a_clear_message(
    owner_client, tenant_a, content, django_capture_on_commit_callbacks
):
    """The file is read in the queue, not in the page request; the job tells what is wrong with it."""
    kwargs = {"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk}
    before = Attendee.objects.filter(meeting=tenant_a.meeting).count()
    with django_capture_on_commit_callbacks(execute=True):
        upload = owner_client.post(
            reverse("attendees:import", kwargs=kwargs),
            {
                "file": SimpleUploadedFile("名单.xlsx", content()),
                "consent_method": "client",
                "consent_scope": "报名",
            },
        )
    assert upload.status_code == 302 and "/jobs/" in upload["Location"]
    job = Job.objects.filter(org=tenant_a.org, kind="attendee_import_header").latest("pk")
    assert job.status == "done" and "header" not in job.result
    page = owner_client.get(upload["Location"], follow=True)
    assert page.status_code == 200
    text = page.content.decode()
    assert "损坏" in text or "压缩炸弹" in text
    assert Attendee.objects.filter(meeting=tenant_a.meeting).count() == before
    mapping = reverse(
        "attendees:import-map", kwargs={**kwargs, "upload": job.params["file"].rsplit("/", 1)[1]}
    )
    again = owner_client.get(mapping, follow=True)  # the mapping page sends back to the upload, saying why
    assert "损坏" in again.content.decode() or "压缩炸弹" in again.content.decode()


def test_only_the_visible_sheet_is_read(meeting, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(hidden_first_sheet())
    outcome = run_import(meeting=meeting, path=path)
    assert outcome.imported == 1
    assert list(Attendee.objects.filter(meeting=meeting).values_list("name", flat=True)) == ["看得见的人"]


def test_too_many_rows_refuse_the_file(meeting, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    rows = [("姓名", "手机")] + [(f"人{i}", f"138000000{i:02d}") for i in range(20)]
    path = tmp_path / "list.xlsx"
    path.write_bytes(_workbook_bytes(rows))
    with pytest.raises(FileRejected, match="rows"):
        run_import(meeting=meeting, path=path)
    assert not Attendee.objects.filter(meeting=meeting).exists()


def test_the_stored_error_list_is_capped_but_every_bad_row_is_counted(meeting, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ERRORS", 3)
    rows = [("姓名", "手机")] + [(f"人{i}", "12345") for i in range(10)] + [("好人", "13812340000")]
    path = tmp_path / "list.xlsx"
    path.write_bytes(_workbook_bytes(rows))
    outcome = run_import(meeting=meeting, path=path)
    assert (outcome.imported, outcome.error_rows, len(outcome.errors)) == (1, 10, 3)


def test_the_archive_check_counts_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_ENTRIES", 3)
    path = tmp_path / "list.xlsx"
    path.write_bytes(_workbook_bytes())
    with pytest.raises(workbooks.WorkbookRefused, match="too many parts"):
        workbooks.check_archive(path)
