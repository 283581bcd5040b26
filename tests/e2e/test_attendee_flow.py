"""In a browser: import a spreadsheet with some bad rows and read the report, register one attendee on
the public page with a phone, open the e-badge, read its QR
from the screen and scan it at a gate, make the badge PDFs and read their text."""

import io
from pathlib import Path

import pytest
import zxingcpp
from openpyxl import Workbook
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from huiwu.attendees import services
from huiwu.attendees.models import Attendee
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in
from tests.factories.events import running_today

pytestmark = pytest.mark.e2e


def spreadsheet(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "手机", "单位", "饮食禁忌"])
    ws.append(["周一鸣", "13500000001", "星辰科技", "清真"])
    ws.append(["吴二", "12345", "蓝鲸资本", ""])
    ws.append(["郑三", "13500000003", "云帆数据", ""])
    ws.append(['=HYPERLINK("http://evil")', "13500000004", "", ""])
    wb.save(path)
    return path


def test_import_register_ebadge_and_badges(start_server, browser, transactional_db, tmp_path):
    tenant = make_tenant()
    running_today(tenant.meeting)  # the gate admits on the meeting's days
    reg = services.registration_of(tenant.meeting)
    reg.is_open = True
    reg.save()
    server = start_server()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, server.url, tenant.owner)

    page.goto(f"{server.url}/o/{tenant.org.slug}/meetings/{tenant.meeting.pk}/")
    page.get_by_test_id("attendees-link").click()
    page.get_by_test_id("import-link").click()
    page.locator("#id_file").set_input_files(str(spreadsheet(tmp_path / "名单.xlsx")))
    page.get_by_test_id("import-upload").click()
    expect(page.get_by_test_id("mapping")).to_contain_text("饮食禁忌")
    expect(page.get_by_test_id("preview")).to_contain_text("周一鸣")
    page.get_by_test_id("import-start").click()
    expect(page.get_by_test_id("job-summary")).to_contain_text("新增 2 人", timeout=30_000)
    page.get_by_test_id("job-back").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("不是有效手机号")
    expect(errors).to_contain_text("公式")
    expect(page.get_by_test_id("import-counts")).to_contain_text("新增 2")

    phone = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.goto(f"{server.url}/a/r/{reg.token}/")
    phone.locator("#id_name").fill("林小雨")
    phone.locator("#id_mobile").fill("137 0000 0088")
    phone.locator("#id_organisation").fill("明德大学")
    phone.locator("#id_consent").check()
    phone.get_by_role("button", name="报名").click()
    expect(phone.get_by_test_id("ebadge")).to_contain_text("林小雨")
    qr = phone.get_by_test_id("ebadge-qr")
    expect(qr).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # The QR as the guest shows it: drawn by the browser, read back from the screen like a scanner does.
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the browser did not draw the QR"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert [d.format for d in decoded] == [zxingcpp.BarcodeFormat.QRCode]
    guest = Attendee.objects.get(meeting=tenant.meeting, name="林小雨")
    assert decoded[0].text == services.badge_code(guest)

    page.goto(f"{server.url}/o/{tenant.org.slug}/checkin/gates/{tenant.gate.pk}/scanner/")
    page.get_by_test_id("scan-input").fill(decoded[0].text)
    page.get_by_test_id("scan-input").press("Enter")
    answer = page.get_by_test_id("scan-answer")
    expect(answer).to_have_attribute("data-status", "accepted")
    expect(answer).to_contain_text("林小雨")

    page.goto(f"{server.url}/o/{tenant.org.slug}/attendees/for/{tenant.meeting.pk}/")
    expect(page.get_by_test_id("attendee-table")).to_contain_text("林小雨")
    expect(page.get_by_test_id("attendee-table")).to_contain_text("137****0088")
    page.get_by_test_id("badges-button").click()
    download_link = page.get_by_role("link", name="下载")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages
    )
    for name in ("林小雨", "周一鸣", "郑三", "参会者"):
        assert name in text
