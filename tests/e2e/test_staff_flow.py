"""In a browser: a freelancer joins the staff list with certificates (a scanned copy uploaded), fills the
emergency post, and is refused the tech post with what is missing named on the form."""

import pytest
from playwright.sync_api import expect

from huiwu.onsite.models import Post
from huiwu.staff.models import Certificate
from tests.conftest import make_tenant, png_bytes
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_certificates_then_posts(start_server, browser, transactional_db, tmp_path):
    tenant = make_tenant()
    server = start_server()
    o = f"{server.url}/o/{tenant.org.slug}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, server.url, tenant.owner)

    page.goto(f"{o}/staff/")
    page.fill("#id_name", "周杰")
    page.fill("#id_mobile", "13912345679")
    page.get_by_test_id("add-person").click()
    expect(page.locator("h1")).to_have_text("周杰")
    scan = tmp_path / "first-aid.png"
    scan.write_bytes(png_bytes())
    for kind, scanned in (("health", None), ("first_aid", scan)):
        page.locator("summary", has_text="登记证书").click()
        page.select_option("#id_kind", kind)
        page.fill("#id_issued_on", "2026-01-05")
        page.fill("#id_expires_on", "2028-01-05")
        if scanned:
            page.set_input_files("#id_scan", str(scanned))
        page.get_by_test_id("add-certificate").click()
        expect(page.locator(".messages, [role=status]").first).to_be_visible()
    expect(page.get_by_test_id("certificates")).to_contain_text("急救证书")
    assert Certificate.objects.filter(person__name="周杰").count() == 2
    assert Certificate.objects.get(person__name="周杰", kind="first_aid").scan.name.endswith(".png")
    expect(page.locator("#pm")).to_have_text("139****5679")  # masked until shown
    page.get_by_test_id("reveal").click()
    expect(page.get_by_test_id("revealed")).to_have_text("13912345679")

    page.goto(f"{o}/onsite/for/{tenant.meeting.pk}/team/")
    page.select_option("#id_role", "emergency")
    page.select_option("#id_crew", label="周杰")
    page.locator("form.form-grid button[type=submit]").click()
    post = Post.objects.get(meeting=tenant.meeting, role="emergency")
    expect(page.get_by_test_id(f"qualification-{post.pk}")).to_have_text("✓")

    page.select_option("#id_role", "tech")
    page.select_option("#id_crew", label="周杰")
    page.locator("form.form-grid button[type=submit]").click()
    expect(page.locator("form.form-grid")).to_contain_text("厂商认证")  # refused: the vendor certification
    assert not Post.objects.filter(meeting=tenant.meeting, role="tech").exists()
