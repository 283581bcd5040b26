"""The contract's money: milestones from the catalogue (30/50/20) adding up to 100%, due dates in Chinese
working days, invoices and payments in the contract's currency, overdue reminders, the flexible window
against a controllable clock, penalties and refunds proposed from what happened and decided once by
finance; what the budget reads."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiwu.contracts import drafting, payments, signing
from huiwu.contracts.enums import Anchor, Decision, State
from huiwu.contracts.errors import (
    Amount,
    CurrencyInvalid,
    Decided,
    InvoiceDuplicate,
    SharesInvalid,
    TooMuch,
    WrongState,
)
from huiwu.contracts.models import Adjustment, Contract, Milestone
from huiwu.onsite import services as onsite
from huiwu.orgs.enums import Role
from tests.conftest import make_tenant, member
from tests.contracts.test_drafting import supplier_contract

pytestmark = pytest.mark.integration

M = payments.MilestoneInput


def signed(contract, when=None):
    """Signed on paper (the e-signature is test_signing's): the money starts from here."""
    Contract.objects.filter(pk=contract.pk).update(state=State.APPROVED)
    contract.refresh_from_db()
    return signing.record_paper(
        contract=contract, actor=None, scan=b"%PDF-1.4", signed_on=timezone.localdate(when), now=when
    )


def test_a_drawn_contract_has_the_catalogues_plan(tenant_a):
    contract = supplier_contract(tenant_a)  # 8,000.00 from the quote; an AV supplier
    plan = list(contract.milestones.all())
    assert [(m.share, m.amount, m.anchor) for m in plan] == [
        (Decimal("30.00"), Decimal("2400.00"), Anchor.SIGNED),
        (Decimal("50.00"), Decimal("4000.00"), Anchor.START),
        (Decimal("20.00"), Decimal("1600.00"), Anchor.END),
    ]
    contract.refresh_from_db()
    assert contract.technical_fee == contract.total and contract.free_change_people == 50


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(shares=st.lists(st.decimals(min_value="0.01", max_value="100", places=2), min_size=1, max_size=6))
def test_shares_must_add_up_to_100_and_amounts_to_the_total(tenant_a, shares):
    if not hasattr(tenant_a, "_plan_case"):
        tenant_a._plan_case = supplier_contract(tenant_a)
    contract = tenant_a._plan_case
    rows = [M(name=f"第{n}期", share=s, anchor=Anchor.START) for n, s in enumerate(shares)]
    before = list(contract.milestones.values_list("share", flat=True))
    if sum(shares) != 100:
        with pytest.raises(SharesInvalid):
            payments.set_plan(contract=contract, actor=None, rows=rows)
        assert list(contract.milestones.values_list("share", flat=True)) == before  # nothing half-written
    else:
        made = payments.set_plan(contract=contract, actor=None, rows=rows)
        assert sum(m.amount for m in made) == contract.total and all(m.amount >= 0 for m in made)


def test_bad_shares_and_terms_are_refused(tenant_a):
    contract = supplier_contract(tenant_a)
    for bad in (["30", "50", "10"], ["30.001", "49.999", "20"], ["-10", "90", "20"], ["abc"], ["0", "100"]):
        with pytest.raises(SharesInvalid):
            payments.set_plan(
                contract=contract, actor=None, rows=[M(name="x", share=s, anchor=Anchor.END) for s in bad]
            )
    with pytest.raises(CurrencyInvalid):  # another currency without its rate
        payments.set_terms(contract=contract, actor=None, data=payments.TermsInput(currency="USD"))
    with pytest.raises(Amount):
        payments.set_terms(contract=contract, actor=None, data=payments.TermsInput(technical_fee="1.005"))
    usd = payments.set_terms(
        contract=contract, actor=None, data=payments.TermsInput(currency="usd", rate="7.1234")
    )
    assert usd.currency == "USD" and usd.rate == Decimal("7.123400")


def test_due_dates_count_chinese_working_days(tenant_a):
    contract = supplier_contract(tenant_a)
    signed(contract, when=dt.datetime(2026, 9, 29, 10, tzinfo=dt.UTC))  # before the National Day week
    contract.refresh_from_db()
    advance = contract.milestones.get(anchor=Anchor.SIGNED)  # 5 working days after signing
    # 30 Sep, then the holiday week off, 8, 9, 10 (a make-up Saturday), 12 Oct — not 6 Oct
    assert payments.due_on(advance) == dt.date(2026, 10, 12)
    start = contract.milestones.get(anchor=Anchor.START)
    assert payments.due_on(start) == contract.meeting.start_date - dt.timedelta(days=7)


def test_invoices_and_payments_with_their_refusals(tenant_a):
    contract = supplier_contract(tenant_a)
    advance = contract.milestones.get(anchor=Anchor.SIGNED)
    today = timezone.localdate()
    with pytest.raises(WrongState):  # not signed yet
        payments.record_payment(
            milestone=advance,
            actor=None,
            data=payments.PaymentInput(amount="1", paid_on=today, reference="r"),
        )
    signed(contract)
    invoice = payments.InvoiceInput(number="No.001", amount="2400", tax_rate="6", received_on=today)
    payments.record_invoice(milestone=advance, actor=None, data=invoice)
    with pytest.raises(InvoiceDuplicate):
        payments.record_invoice(milestone=advance, actor=None, data=invoice)
    for bad, error in (
        ({"amount": "-1"}, Amount),
        ({"amount": "1.005"}, Amount),
        ({"amount": "2400.01"}, TooMuch),
        ({"currency": "USD"}, CurrencyInvalid),
        ({"paid_on": today + dt.timedelta(days=1)}, ValidationError),
        ({"reference": " "}, ValidationError),
    ):
        data = {"amount": "1000", "paid_on": today, "reference": "BANK-1", **bad}
        with pytest.raises(error):
            payments.record_payment(milestone=advance, actor=None, data=payments.PaymentInput(**data))
    assert not advance.payments.exists()
    payments.record_payment(
        milestone=advance,
        actor=None,
        data=payments.PaymentInput(amount="2400", paid_on=today, reference="B-1"),
    )
    assert payments.paid_for(contract.meeting) == Decimal("2400.00")
    assert payments.committed_for(contract.meeting) == Decimal("8000.00")
    with pytest.raises(WrongState):  # two milestones unpaid
        drafting.end(contract=contract, actor=None, terminate=False)


def test_overdue_milestones_are_told_once_a_day(tenant_a, django_capture_on_commit_callbacks):
    contract = supplier_contract(tenant_a)
    later = timezone.localdate()
    meeting = contract.meeting
    meeting.start_date = meeting.end_date = later + dt.timedelta(days=60)
    meeting.save()
    signed(contract, when=timezone.now() - dt.timedelta(days=30))
    assert [m.anchor for m, _due, _left in payments.overdue(tenant_a.org, today=later)] == [Anchor.SIGNED]
    with django_capture_on_commit_callbacks(execute=True):
        assert payments.remind_overdue(today=later) == 1
    assert payments.remind_overdue(today=later) == 0  # once a day
    assert payments.remind_overdue(today=later + dt.timedelta(days=1)) == 1
    rows = payments.calendar(tenant_a.org, start=later, end=later + dt.timedelta(days=400), today=later)
    assert rows[0]["overdue"] and len(rows) == 3


@pytest.mark.parametrize(
    ("days_before_t", "earlier", "delta", "free", "charged"),
    [
        (20, 0, 30, 30, 0),  # inside the window
        (15, 0, 50, 50, 0),  # on its last day, all of it
        (20, 40, 30, 10, 20),  # 40 used already: 10 left
        (14, 0, -5, 0, 5),  # after T-15: charged even when fewer
    ],
)
def test_the_flexible_window_against_the_clock(tenant_a, days_before_t, earlier, delta, free, charged):
    contract = supplier_contract(tenant_a)
    Contract.objects.filter(pk=contract.pk).update(change_price="100.00")
    signed(contract)
    t = contract.meeting.start_date
    asked = t - dt.timedelta(days=days_before_t)
    if earlier:
        payments.record_attendance_change(
            contract=contract, actor=None, delta=earlier, asked_on=asked, today=asked
        )
    change = payments.record_attendance_change(
        contract=contract, actor=None, delta=delta, asked_on=asked, today=asked
    )
    assert (change.free_people, change.charged_people) == (free, charged)
    assert change.charge == Decimal(100 * charged) and change.rule
    with pytest.raises(ValidationError):
        payments.record_attendance_change(contract=contract, actor=None, delta=0, asked_on=asked, today=asked)


def test_a_penalty_is_proposed_from_an_interrupting_incident_and_decided_once(
    tenant_a, django_capture_on_commit_callbacks
):
    contract = supplier_contract(tenant_a)
    signed(contract)
    incident = tenant_a.incident
    incident.supplier = tenant_a.supplier
    incident.save()
    with django_capture_on_commit_callbacks(execute=True):
        onsite.resolve(incident=incident, actor=None, fix="换备用机", interrupted=True)
    penalty = Adjustment.objects.get(contract=contract, kind="penalty")
    assert penalty.amount == Decimal("800.00") and penalty.state == Decision.PROPOSED
    assert payments.propose_from_incidents(contract=contract) == []  # once per incident
    finance = member(tenant_a.org, Role.FINANCE)
    with pytest.raises(ValidationError):  # waived without a reason
        payments.decide(adjustment=penalty, membership=finance, accept=False)
    payments.decide(adjustment=penalty, membership=finance, accept=True)
    with pytest.raises(Decided):
        payments.decide(
            adjustment=penalty, membership=member(tenant_a.org, Role.FINANCE), accept=False, reason="x"
        )
    assert payments.net_total(contract) == Decimal("7200.00")


def test_a_refund_below_the_smoothness_floor(tenant_a):
    contract = supplier_contract(tenant_a)
    signed(contract)
    assert payments.record_smoothness(contract=contract, actor=None, percent="96.5") is None
    refund = payments.record_smoothness(contract=contract, actor=None, percent="93.2")
    assert refund.amount == Decimal("1600.00") and "93.20" in refund.basis
    again = payments.record_smoothness(contract=contract, actor=None, percent="90")
    assert Adjustment.objects.filter(contract=contract, kind="refund").count() == 1 and again.pk != refund.pk


@pytest.mark.django_db(transaction=True)
def test_two_finance_users_deciding_at_once():
    tenant_a = make_tenant()
    contract = supplier_contract(tenant_a)
    signed(contract)
    payments.record_smoothness(contract=contract, actor=None, percent="50")
    refund = Adjustment.objects.get(contract=contract)
    people = [member(tenant_a.org, Role.FINANCE), member(tenant_a.org, Role.FINANCE)]
    results: list[str] = []

    def decide(who, accept):
        try:
            payments.decide(adjustment=refund, membership=who, accept=accept, reason="协商")
            results.append("ok")
        except Decided:
            results.append("decided")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(p, n == 0)) for n, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["decided", "ok"]
    assert Adjustment.objects.get(pk=refund.pk).state in (Decision.ACCEPTED, Decision.WAIVED)
    assert Milestone.objects.filter(contract=contract).count() == 3


def test_the_money_on_the_page_and_the_calendar(client, tenant_a):
    from django.urls import reverse

    contract = supplier_contract(tenant_a)
    org = tenant_a.org.slug
    page = reverse("contracts:contract", kwargs={"org": org, "contract": contract.pk})
    money = reverse("contracts:money", kwargs={"org": org, "contract": contract.pk})
    client.force_login(tenant_a.owner)  # the PM and finance
    assert 'data-testid="milestones"' in client.get(page).content.decode()
    plan = {"action": "plan", "name_0": "预付", "share_0": "40", "anchor_0": "signed", "days_0": "3",
            "working_0": "on", "name_1": "尾款", "share_1": "50", "anchor_1": "end",
            "days_1": "10"}  # fmt: skip
    shown = client.post(money, plan, follow=True).content.decode()
    assert "100%" in shown and contract.milestones.count() == 3  # refused: 90%
    client.post(money, {**plan, "share_1": "60"})
    assert [m.share for m in contract.milestones.all()] == [Decimal("40.00"), Decimal("60.00")]
    signed(contract)
    first = contract.milestones.first()
    paid = {"action": "payment", "milestone": first.pk, "amount": "3200", "reference": "B-9",
            "paid_on": timezone.localdate().isoformat()}  # fmt: skip
    client.post(money, paid)
    assert payments.paid_for(contract.meeting) == Decimal("3200.00")
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert client.post(money, {"action": "payment", "milestone": first.pk}).status_code == 403
    assert client.get(reverse("contracts:calendar", kwargs={"org": org})).status_code == 403
    client.force_login(tenant_a.owner)
    calendar = client.get(reverse("contracts:calendar", kwargs={"org": org}), {"to": "2030-01-01"})
    assert calendar.status_code == 200 and contract.number in calendar.content.decode()
