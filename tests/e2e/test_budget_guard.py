"""In a browser: finance records on the contract's page a change of attendance charged beyond the
free window; the AV line's commitment grows, the budget's forecast goes past +5% and the alert shows
on the meeting's workspace without a reload; in the weekly review a decision moves money from the
contingency, the forecast comes back inside and the workspace shows it, again without a reload.

(A payment inside its contract does not move the forecast — the contract already commits it, and
the forecast is actual plus what is still committed — so the money that moves it here is the
contract's charge, recorded in the contracts app as a payment is.)"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from huiwu.budgets import services
from huiwu.budgets.models import Budget
from huiwu.contracts import signing
from huiwu.contracts.enums import State
from huiwu.contracts.models import Contract
from huiwu.orgs.enums import Role
from tests.budgets import editor
from tests.conftest import make_tenant, member
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_a_charge_crosses_the_guard_live_and_a_review_decision_clears_it(
    start_server, browser, transactional_db
):
    tenant = make_tenant()
    meeting = tenant.meeting
    meeting.owner = tenant.owner
    meeting.start_date = meeting.end_date = timezone.localdate() + dt.timedelta(days=60)  # inside the window
    meeting.save()
    contract = tenant.supplier_contract
    Contract.objects.filter(pk=contract.pk).update(
        total=Decimal("40000"), state=State.APPROVED, change_price=Decimal("120"), free_change_people=50
    )
    contract.refresh_from_db()
    signing.record_paper(contract=contract, actor=None, scan=b"%PDF-1.4", signed_on=timezone.localdate())
    Budget.objects.filter(meeting=meeting).delete()  # the fixture's
    budget = services.create(meeting=meeting, membership=editor(meeting), total="200000")  # equipment 40,000
    equipment = budget.categories.get(key="equipment")
    data = services.LineInput(category=equipment, name="AV 设备租赁", unit_price="40000", contract=contract)
    av = services.save_line(budget=budget, membership=editor(budget), data=data)
    finance = member(tenant.org, Role.FINANCE).user
    server = start_server()
    org = tenant.org.slug

    pm = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(pm, server.url, tenant.owner)
    pm.goto(f"{server.url}/o/{org}/meetings/{meeting.pk}/")
    guard = pm.get_by_test_id("budget-guard")
    expect(guard.get_by_test_id("budget-inside")).to_be_visible()
    pm.evaluate("window.notReloaded = true")

    money = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(money, server.url, finance)
    money.goto(f"{server.url}/o/{org}/contracts/{contract.pk}/")
    money.get_by_test_id("attendance-open").click()
    money.get_by_test_id("attendance-delta").fill("150")  # 50 free, 100 charged at 120
    money.get_by_test_id("save-attendance").click()
    expect(money.get_by_test_id("attendance-changes")).to_contain_text("12000")

    # the workspace, not reloaded: the total (212,000 of 200,000) and the equipment (52,000 of 40,000)
    alerts = guard.get_by_test_id("budget-alerts")
    expect(alerts).to_be_visible(timeout=15000)
    expect(alerts.get_by_role("alert")).to_have_count(2)

    money.goto(f"{server.url}/o/{org}/budgets/for/{meeting.pk}/review/")
    money.get_by_test_id("open-review").click()
    expect(money.get_by_test_id("review-open")).to_be_visible()
    money.locator('select[name="line"]').select_option(str(av.pk))
    money.locator('select[name="kind"]').select_option("move")
    contingency = budget.categories.get(key="contingency")
    money.locator('select[name="source"]').select_option(str(contingency.pk))
    money.locator('input[name="amount"]').fill("10000")
    money.locator('input[name="reason"]').fill("不可预见费调剂")
    money.get_by_test_id("decide").click()
    expect(money.get_by_test_id(f"decision-{av.pk}")).to_be_visible()
    money.get_by_test_id("sign-off").click()
    expect(money.get_by_test_id("past-review-1")).to_be_visible()

    # back inside: 202,000 of 200,000 (+1%), equipment 52,000 of 50,000 (+4%)
    expect(guard.get_by_test_id("budget-inside")).to_be_visible(timeout=15000)
    assert pm.evaluate("window.notReloaded === true")  # the same page all along
