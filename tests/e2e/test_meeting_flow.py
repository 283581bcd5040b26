"""In a browser: a client, a meeting from the default playbook, its tasks and Gantt chart, moving
T (the tasks move), the requirement checklist and KPIs, the report as PDF (text checked)."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_client_meeting_playbook_move_t_and_report(start_server, browser, transactional_db):
    tenant = make_tenant()
    server = start_server()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, server.url, tenant.owner)
    base = f"{server.url}/o/{tenant.org.slug}"

    # A client
    page.goto(base + "/clients/new/")
    page.get_by_label("公司").fill("远航新能源集团")
    page.get_by_label("行业").fill("新能源")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main h1")).to_have_text("远航新能源集团")

    # A meeting from the default playbook
    t_day = timezone.localdate() + dt.timedelta(days=70)
    page.goto(base + "/meetings/new/")
    page.get_by_label("名称").fill("远航新能源发布会")
    page.get_by_label("客户").select_option(label="远航新能源集团")
    page.get_by_label("T 日（首日）").fill(t_day.isoformat())
    page.get_by_label("结束日期").fill(t_day.isoformat())
    page.get_by_label("预计人数").fill("300")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main h1")).to_have_text("远航新能源发布会")
    expect(page.get_by_test_id("day-t")).to_have_text(t_day.isoformat())
    expect(page.locator("#gantt canvas")).to_be_visible()
    workspace = page.url

    def report_due() -> str:
        page.goto(workspace + "tasks/")
        row = page.locator("tr", has_text="需求分析报告经客户确认")
        return row.locator("time").inner_text()

    assert report_due().startswith((t_day - dt.timedelta(days=45)).isoformat())

    # Move T one week later: the tasks move with it
    page.goto(workspace + "edit/")
    new_t = t_day + dt.timedelta(days=7)
    page.get_by_label("T 日（首日）").fill(new_t.isoformat())
    page.get_by_label("结束日期").fill(new_t.isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("day-t")).to_have_text(new_t.isoformat())
    assert report_due().startswith((new_t - dt.timedelta(days=45)).isoformat())

    # The requirement checklist and a KPI
    page.goto(workspace + "requirements/")
    page.locator("#id_req-dimension").select_option("special")
    page.locator("#id_req-title").fill("线上直播同步发布")
    page.locator("#id_req-priority").select_option("must")
    page.locator("form", has=page.locator("#id_req-title")).get_by_role("button", name="添加").click()
    expect(page.locator("main")).to_contain_text("线上直播同步发布")
    page.locator("#id_kpi-kind").select_option("attendance")
    page.locator("#id_kpi-target").fill("300")
    page.locator("#id_kpi-unit").fill("人")
    page.locator("form", has=page.locator("#id_kpi-unit")).get_by_role("button", name="添加").click()
    expect(page.locator("main")).to_contain_text("300 人")

    # The report, in the page and as PDF
    page.goto(workspace + "report/")
    expect(page.locator("main")).to_contain_text("必须达成需求 1 项")
    href = page.get_by_test_id("report-pdf").get_attribute("href")
    pdf = page.request.get(server.url + href)
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "需求分析报告" in text
    assert "远航新能源发布会" in text
    assert "线上直播同步发布" in text
    assert re.search(r"300(\.00)?\s*人", text)


def test_questionnaire_answers_reach_the_charts_live(start_server, browser, transactional_db):
    from huiwu.events.services.survey import survey_for

    tenant = make_tenant()
    survey = survey_for(tenant.meeting)
    survey.interests = ["智能制造", "政策解读"]
    survey.save()
    server = start_server()
    staff = browser.new_page()
    sign_in(staff, server.url, tenant.owner)
    staff.goto(f"{server.url}/o/{tenant.org.slug}/meetings/{tenant.meeting.pk}/survey/")
    expect(staff.locator("body")).to_have_attribute("data-live", "on")
    expect(staff.locator("[data-survey-total]")).to_have_text("0")

    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(staff.get_by_test_id("survey-link").get_attribute("href"))
    phone.get_by_label("35-44 岁").check()
    phone.get_by_label("行业").fill("制造业")
    phone.get_by_label("智能制造").check()
    phone.get_by_test_id("survey-submit").click()
    expect(phone.locator("h1")).to_have_text("谢谢！")

    expect(staff.locator("[data-survey-total]")).to_have_text("1")
