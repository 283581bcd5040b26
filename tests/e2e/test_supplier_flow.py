"""In a browser: a supplier added with a wrong credit code is refused at the field; with cases it becomes
tier A and its rating draws the score chart; for the meeting it is shortlisted, quoted, reviewed, trialled
and chosen, and the comparison shows it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from huiwu.suppliers.models import Candidate, Supplier
from huiwu.suppliers.services import CaseInput, RatingInput, add_case, rate
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in
from tests.factories.events import MeetingFactory
from tests.factories.suppliers import credit_code

pytestmark = pytest.mark.e2e


def test_add_rate_compare_and_choose(start_server, browser, transactional_db):
    tenant = make_tenant()
    server = start_server()
    o = f"{server.url}/o/{tenant.org.slug}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, server.url, tenant.owner)

    page.goto(f"{o}/suppliers/")
    page.fill("#id_name", "声光视听")
    page.fill("#id_credit_code", "91350100M000100Y44")
    page.get_by_role("checkbox", name="音视频设备").check()
    page.get_by_test_id("add-supplier").click()
    expect(page.locator("form.form-grid")).to_contain_text("统一社会信用代码")
    page.fill("#id_credit_code", credit_code(7))
    page.get_by_test_id("add-supplier").click()
    expect(page.locator("h1")).to_contain_text("声光视听")
    supplier = Supplier.objects.get(name="声光视听")
    for size in (1200, 1000, 900, 860, 820):
        add_case(supplier=supplier, actor=None, data=CaseInput(title="峰会", year=2025, attendance=size))
    past = MeetingFactory(org=tenant.org, start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 2))
    scores = {"punctuality": 5, "quality": 5, "responsiveness": 4, "compliance": 5, "cooperation": 4}
    rate(supplier=supplier, actor=None, data=RatingInput(meeting=past, scores=scores, incidents=1))
    page.reload()
    expect(page.get_by_test_id("tier")).to_have_text("A")
    expect(page.get_by_test_id("explain")).to_contain_text("820")
    expect(page.locator("#scores svg")).to_be_visible()  # the ECharts chart drew

    meeting = tenant.meeting
    meeting.expected_attendance = 800
    meeting.save()
    page.goto(f"{o}/suppliers/meeting/{meeting.pk}/")
    page.get_by_test_id("derive").click()
    page.get_by_test_id("needs").get_by_role("link", name="主会场音响、投影与舞台").click()
    page.get_by_test_id(f"add-{supplier.pk}").click()
    candidate = Candidate.objects.get(supplier=supplier)
    page.locator("summary", has_text="询价").click()
    page.fill("#id_lines", "线阵音箱 | 8 | 只\n技术支持 | 2 | 天")
    page.get_by_test_id("request").click()
    lines = list(candidate.quotes.get().lines.order_by("id"))
    page.fill("#id_issued_on", timezone.localdate().isoformat())
    page.fill("#id_valid_until", (timezone.localdate() + dt.timedelta(days=20)).isoformat())
    page.fill(f"#id_price_{lines[0].pk}", "1200.5")
    page.fill(f"#id_price_{lines[1].pk}", "3000")
    page.get_by_test_id("answer").click()
    expect(page.get_by_test_id("total")).to_contain_text("15604.00")
    page.get_by_test_id("choose").click()
    expect(page.get_by_test_id("missing")).to_contain_text("资质审核未完成")
    for label in (
        "营业执照有效，且与信用代码一致",
        "服务所需许可证（食品经营、网络视听等）有效",
        "责任保险覆盖本次会议",
        "案例已向证明人核实",
        "现场人员名单及其证书已确认",
    ):
        page.get_by_label(label).check()
    page.get_by_test_id("review").click()
    page.select_option("#id_trial", "pass")
    page.get_by_test_id("trial").click()
    page.fill("#id_reason", "A 级，报价合理")
    page.get_by_test_id("choose").click()
    expect(page.get_by_test_id("standing")).to_have_text("选定")
    page.goto(f"{o}/suppliers/needs/{candidate.need_id}/")
    expect(page.get_by_test_id(f"row-{supplier.pk}")).to_contain_text("15604.00")
