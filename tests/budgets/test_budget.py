"""The budget's three levels: made with the organisation's categories (the venue's and equipment's
shares from the catalogue), shares adding up to 100%, lines saved against their version; the forecast
rule reading what the contracts commit and what is paid, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from huiwu.budgets import selectors, services
from huiwu.budgets.errors import AmountInvalid, CurrencyInvalid, Exists, LineInvalid, SharesInvalid, Stale
from huiwu.budgets.models import Budget, Line
from huiwu.contracts import payments, signing
from huiwu.contracts.enums import Anchor, State
from huiwu.contracts.models import Contract
from tests.budgets import editor
from tests.contracts.test_drafting import supplier_contract

pytestmark = pytest.mark.integration


def budget_of(tenant, total="500000"):
    Budget.objects.filter(meeting=tenant.meeting).delete()  # the fixture's
    return services.create(meeting=tenant.meeting, membership=editor(tenant.meeting), total=total)


def line(budget, key="equipment", **kw):
    category = budget.categories.get(key=key)
    data = {"category": category, "name": "音响租赁", "unit_price": "20000", **kw}
    return services.save_line(budget=budget, membership=editor(budget), data=services.LineInput(**data))


def test_a_budget_starts_with_the_catalogues_categories(tenant_a):
    budget = budget_of(tenant_a)
    shares = {c.key: c.share for c in budget.categories.all()}
    assert shares["venue"] == Decimal("40.00") and shares["equipment"] == Decimal("20.00")
    assert sum(shares.values()) == 100
    with pytest.raises(Exists):
        services.create(meeting=tenant_a.meeting, membership=editor(tenant_a.meeting), total="1")
    budget.delete()
    for bad in ("-1", "1.005", "12345678901234567890", "abc"):
        with pytest.raises(AmountInvalid):
            services.create(meeting=tenant_a.meeting, membership=editor(tenant_a.meeting), total=bad)


def test_another_currency_needs_its_rate(tenant_b):
    Budget.objects.filter(meeting=tenant_b.meeting).delete()
    with pytest.raises(CurrencyInvalid):
        services.create(
            meeting=tenant_b.meeting, membership=editor(tenant_b.meeting), total="1000", currency="USD"
        )


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(shares=st.lists(st.decimals(min_value="0", max_value="100", places=2), min_size=1, max_size=8))
@example(shares=[Decimal("100")]).via("the rare sum of exactly 100, every run")
@example(shares=[Decimal("40"), Decimal("60.00")]).via("the rare sum of exactly 100, every run")
def test_category_shares_must_add_up_to_100(tenant_a, shares):
    budget = Budget.objects.get(meeting=tenant_a.meeting)
    Line.objects.filter(category__budget=budget).delete()  # the fixture's line: categories may go
    rows = [services.CategoryInput(key=f"c{n}", name=f"类别{n}", share=s) for n, s in enumerate(shares)]
    before = list(budget.categories.values_list("key", "share"))
    if sum(shares) != 100:
        with pytest.raises(SharesInvalid):
            services.set_categories(
                budget=budget, membership=editor(budget), rows=rows, version=budget.version
            )
        assert list(budget.categories.values_list("key", "share")) == before  # nothing half-written
    else:
        saved = services.set_categories(
            budget=budget, membership=editor(budget), rows=rows, version=budget.version
        )
        assert sum(c.share for c in saved.categories.all()) == 100


def test_lines_refuse_bad_input_and_stale_saves(tenant_a, tenant_b):
    budget = budget_of(tenant_a)
    made = line(budget, quantity="3", unit="天", tax_rate="6")
    assert selectors.planned(made) == Decimal("63600.00")
    with pytest.raises(AmountInvalid):
        line(budget, unit_price="-100")  # negative only on a credit line
    assert line(budget, unit_price="-100", credit=True).unit_price == Decimal("-100.00")
    with pytest.raises(AmountInvalid):
        line(budget, unit_price="1.001")
    other = budget_of(tenant_b)
    with pytest.raises(LineInvalid):  # a category of another meeting's budget
        services.save_line(
            budget=budget,
            membership=editor(budget),
            data=services.LineInput(category=other.categories.first(), name="x", unit_price="1"),
        )
    data = services.LineInput(category=made.category, name="音响租赁（含3天技术支持）", unit_price="20000")
    services.save_line(budget=budget, membership=editor(budget), data=data, line=made, version=1)
    with pytest.raises(Stale):  # the second of two editors who both saw version 1
        services.save_line(budget=budget, membership=editor(budget), data=data, line=made, version=1)
    assert Line.objects.get(pk=made.pk).version == 2


def test_the_forecast_follows_the_contracts_commitment_and_payments(tenant_a):
    contract = supplier_contract(tenant_a)  # 8,000.00
    budget = budget_of(tenant_a)
    av = line(budget, unit_price="7500", contract=contract)
    spare = line(budget, key="venue", name="场地", unit_price="200000")
    figures = selectors.sheet(budget)
    assert figures.lines[av.pk].forecast == Decimal("7500.00")  # not signed: the plan
    Contract.objects.filter(pk=contract.pk).update(state=State.APPROVED)
    contract.refresh_from_db()
    signing.record_paper(contract=contract, actor=None, scan=b"%PDF-1.4", signed_on=timezone.localdate())
    figures = selectors.sheet(budget)
    assert figures.lines[av.pk].committed == Decimal("8000.00") == figures.lines[av.pk].forecast
    assert figures.lines[av.pk].variance_share == Decimal("6.67")
    advance = contract.milestones.get(anchor=Anchor.SIGNED)
    payments.record_payment(
        milestone=advance,
        actor=None,
        data=payments.PaymentInput(amount="2400", paid_on=timezone.localdate(), reference="B-1"),
    )
    figures = selectors.sheet(budget)
    assert figures.lines[av.pk].actual == Decimal("2400.00") and figures.lines[av.pk].forecast == Decimal(
        "8000.00"
    )
    assert figures.lines[spare.pk].committed == 0
    # the categories keep their targets while their lines forecast less: 500,000 in all
    assert figures.total.forecast == Decimal("500000.00") and figures.total.committed == Decimal("8000.00")
    venue = budget.categories.get(key="venue")
    assert figures.lined[venue.pk].forecast == Decimal("200000.00") == figures.categories[venue.pk].planned


def test_the_sheet_reads_in_a_fixed_number_of_queries(tenant_a):
    contract = supplier_contract(tenant_a)
    budget = budget_of(tenant_a)
    for n in range(5):
        line(budget, name=f"行{n}", unit_price="100", contract=contract)
    with CaptureQueriesContext(connection) as few:
        selectors.sheet(budget)
    for n in range(50):
        line(budget, key="catering", name=f"餐{n}", unit_price="10")
    with CaptureQueriesContext(connection) as many:
        selectors.sheet(budget)
    assert len(many) == len(few)


def test_the_budget_page(client, tenant_a):
    from django.urls import reverse

    from huiwu.orgs.enums import Role
    from tests.conftest import member

    Budget.objects.filter(meeting=tenant_a.meeting).delete()
    url = reverse("budgets:meeting", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert 'data-testid="make-budget"' not in client.get(url).content.decode()
    assert client.post(url, {"total": "1000"}).status_code == 403
    client.force_login(tenant_a.owner)
    assert client.post(url, {"total": "1.001", "currency": "CNY"}).status_code == 400
    assert client.post(url, {"total": "300000", "currency": "CNY"}).status_code == 302
    budget = Budget.objects.get(meeting=tenant_a.meeting)
    equipment = budget.categories.get(key="equipment")
    sent = {
        "action": "line",
        "category": equipment.pk,
        "name": "LED 屏",
        "quantity": "2",
        "unit_price": "9000",
        "tax_rate": "6",
    }
    assert client.post(url, sent).status_code == 302
    made = Line.objects.get(category=equipment)
    page = client.get(url, {"line": made.pk}).content.decode()
    assert "19080.00" in page and 'name="version" value="1"' in page
    assert (
        client.post(url, {**sent, "line": made.pk, "version": "1", "unit_price": "8800"}).status_code == 302
    )
    stale = client.post(url, {**sent, "line": made.pk, "version": "1", "unit_price": "8000"})
    assert stale.status_code == 400 and Line.objects.get(pk=made.pk).unit_price == Decimal("8800.00")


def test_the_budget_api(api, tenant_a):
    client = api(tenant_a.raw_token)
    meeting = tenant_a.meeting
    shown = client.get(f"/api/v1/meetings/{meeting.pk}/budget").json()
    assert shown["total"] == "100000.00" and shown["lines"][0]["figures"]["planned"] == "40000.00"
    again = client.post(f"/api/v1/meetings/{meeting.pk}/budget", {"total": "1"})
    assert again.status_code == 409 and again.json()["code"] == "budget_exists"
    base = f"/api/v1/budgets/{shown['id']}"
    bad = client.put(
        f"{base}/categories", {"version": 1, "categories": [{"key": "a", "name": "甲", "share": "99"}]}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "budget_shares"
    catering = next(c for c in shown["categories"] if c["key"] == "catering")
    made = client.post(
        f"{base}/lines",
        {"category_id": catering["id"], "name": "午餐", "quantity": "300", "unit_price": "88"},
    )
    assert made.status_code == 201 and made.json()["figures"]["forecast"] == "26400.00"
    line = made.json()
    body = {
        "category_id": catering["id"],
        "name": "午餐",
        "quantity": "320",
        "unit_price": "88",
        "version": 1,
    }
    assert client.put(f"/api/v1/budget-lines/{line['id']}", body).status_code == 200
    stale = client.put(f"/api/v1/budget-lines/{line['id']}", body)
    assert stale.status_code == 409 and stale.json()["code"] == "budget_stale"
    huge = client.post(f"{base}/lines", {"category_id": catering["id"], "name": "x", "unit_price": "9" * 20})
    assert huge.status_code == 422 and huge.json()["code"] == "budget_amount"
