"""In a browser: two venues with rooms, both evaluated for a meeting, compared and one chosen,
the gaps turned into tasks, a risk with its Plan B, and the risk report as PDF."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from huiwu.events.services.meetings import RequirementInput, save_requirement
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def add_venue(page, base, name, hall, seats, area):
    page.goto(base + "/venues/new/")
    page.get_by_label("名称").fill(name)
    page.get_by_label("城市").fill("上海")
    page.get_by_label("至火车站（分钟）").fill("25")
    page.get_by_label("日租金（元）").fill("60000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main h1")).to_have_text(name)
    page.get_by_role("link", name="添加厅室").click()
    page.get_by_label("名称").fill(hall)
    page.get_by_label("面积（平方米）").fill(str(area))
    page.get_by_label("剧院式").fill(str(seats))
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text(hall)


def test_evaluate_choose_gaps_risk_and_report(start_server, browser, transactional_db):
    tenant = make_tenant()
    meeting = tenant.meeting
    meeting.expected_attendance = 800
    meeting.save()
    save_requirement(
        meeting=meeting,
        actor=tenant.owner,
        data=RequirementInput(
            dimension="special", title="中英同传", detail="", priority="must", requested_by=None
        ),
    )
    server = start_server()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, server.url, tenant.owner)
    base = f"{server.url}/o/{tenant.org.slug}"

    add_venue(page, base, "世博会议中心", "世博大厅", 1000, 1200)
    add_venue(page, base, "江景酒店", "江景宴会厅", 700, 900)

    page.goto(f"{base}/venues/for/{meeting.pk}/")
    for room in ("世博会议中心 · 世博大厅", "江景酒店 · 江景宴会厅"):
        page.get_by_label("厅室").select_option(label=room)
        page.get_by_role("button", name="添加").click()
    rows = page.get_by_test_id("candidate")
    expect(rows.filter(has_text="世博大厅")).to_contain_text("容量 1,000 ≥ 1.15 × 800 = 920")
    expect(rows.filter(has_text="江景宴会厅")).to_contain_text("不达标")
    expect(page.locator("#radar svg")).to_be_visible()
    best = rows.filter(has_text="世博大厅")
    best.locator("textarea").fill("容量达标，交通便利")
    best.get_by_role("button", name="选定").click()
    expect(rows.filter(has_text="世博大厅")).to_contain_text("已选定")

    expect(page.get_by_test_id("gaps")).to_contain_text("需要同传")
    page.get_by_role("button", name="将缺口转为任务").click()
    page.goto(f"{base}/meetings/{meeting.pk}/tasks/")
    expect(page.locator("main")).to_contain_text("弥补缺口：需要同传")

    page.goto(f"{base}/risks/for/{meeting.pk}/")
    form = page.locator("form", has=page.locator("#id_category"))
    form.locator("#id_category").select_option("weather")
    form.locator("#id_title").fill("暴雨导致户外区关闭")
    form.locator("#id_likelihood").select_option("4")
    form.locator("#id_impact").select_option("4")
    form.get_by_role("button", name="添加").click()
    risk = page.locator("section.risk", has_text="暴雨导致户外区关闭")
    risk.locator("summary", has_text="添加应急预案").click()
    risk.get_by_label("预案").fill("户外转室内")
    risk.get_by_label("触发条件").fill("暴雨预警")
    risk.get_by_label("步骤").fill("移入室内连廊 | 赵强 | 15")
    risk.get_by_role("button", name="添加").click()
    expect(page.locator("section.risk", has_text="暴雨导致户外区关闭")).to_contain_text("移入室内连廊")

    pdf = page.request.get(server.url + page.get_by_test_id("risk-pdf").get_attribute("href"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "风险评估报告" in text and "暴雨导致户外区关闭" in text and "移入室内连廊" in text
