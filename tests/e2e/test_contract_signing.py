"""In a browser: the project manager draws the supplier's contract and submits it; the PM and finance
approve it as two people; the PM sends it; the supplier's person signs in the portal with the code
mailed to them; finance's signatory signs in the app; both download the signed PDF, and pyHanko's
validator finds both signatures intact and issued by the organisation's CA."""

import email
import re

import pytest
from playwright.sync_api import expect

from huiwu.contracts import esign
from huiwu.contracts.models import Authority, Contract
from huiwu.orgs.enums import Role
from tests.conftest import make_tenant, member
from tests.contracts.test_drafting import chosen_with_quote
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def _code(server, to: str) -> str:
    """The newest one-time code mailed to ``to``."""
    found = None
    for text in server.mails():
        for raw in text.split("-" * 79):
            message = email.message_from_string(raw.strip())
            if to not in (message.get("To") or ""):
                continue
            body = message.get_payload(decode=True) if not message.is_multipart() else b""
            code = re.search(r"^\s+(\d{6})\s*$", (body or b"").decode("utf-8", "replace"), re.M)
            if code:
                found = code.group(1)
    assert found, f"no code mailed to {to}"
    return found


def _sign(page, server, to: str) -> None:
    page.get_by_test_id("send-code").click()
    expect(page.get_by_role("status")).to_contain_text("验证码已发送")
    page.get_by_test_id("code").fill(_code(server, to))
    page.get_by_test_id("agree").check()
    page.get_by_test_id("sign").click()
    expect(page.get_by_test_id("signed-by-you")).to_be_visible()


def test_draft_approve_and_both_sides_sign(start_server, browser, transactional_db):
    tenant = make_tenant()
    Contract.objects.all().delete()
    meeting = tenant.meeting
    meeting.owner, meeting.city = tenant.owner, "上海"
    meeting.save()
    chosen_with_quote(tenant)
    finance = member(tenant.org, Role.FINANCE).user
    vendor = tenant.portal_user
    server = start_server()
    org = tenant.org.slug

    pm = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(pm, server.url, tenant.owner)
    pm.goto(f"{server.url}/o/{org}/contracts/for/{meeting.pk}/")
    pm.locator("#id_template").select_option(label="供应商服务合同")
    pm.locator("#id_party").select_option(value=f"s{tenant.supplier.pk}")
    pm.locator("form button[type=submit]").last.click()
    expect(pm.get_by_test_id("state")).to_contain_text("草稿")
    pm.get_by_test_id("submit-review").click()
    pm.get_by_test_id("approve-pm").click()
    expect(pm.get_by_test_id("approvals")).to_contain_text(tenant.owner.name)
    contract_url = pm.url.split("#")[0]

    books = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(books, server.url, finance)
    books.goto(contract_url)
    books.get_by_test_id("approve-finance").click()
    expect(books.get_by_test_id("state")).to_contain_text("已批准")

    pm.goto(contract_url)
    pm.locator("#id_signatory").select_option(value=str(finance.pk))
    pm.get_by_test_id("send").click()
    expect(pm.get_by_test_id("state")).to_contain_text("待签署")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(phone, server.url, vendor)
    phone.goto(f"{server.url}/portal/")
    contract = Contract.objects.get(meeting=meeting)
    phone.get_by_test_id(f"portal-contract-{contract.pk}").click()
    _sign(phone, server, vendor.email)
    expect(phone.get_by_test_id("state")).to_contain_text("部分签署")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the portal fits a phone"

    books.goto(contract_url)
    _sign(books, server, finance.email)
    expect(books.get_by_test_id("state")).to_contain_text("已签署")
    expect(books.get_by_test_id("verdict")).to_have_class(re.compile("ok"))

    ca = Authority.objects.get(org=tenant.org).ca_cert.encode()
    for page in (books, phone):
        page.reload()
        href = page.get_by_test_id("signed-pdf").get_attribute("href")
        pdf = page.request.get(server.url + href if href.startswith("/") else href).body()
        verdict = esign.verify(pdf, ca_cert_pem=ca)
        assert verdict.good and verdict.fields() == {"agency", "party"}
