"""The ±5% guard (an alert once per crossing, cleared when back inside, from the budget's own writes
and from the contracts' money) and the weekly review (decisions for lines over plan, money moved from
another category's unspent part, sign-off with a snapshot and the trend since)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from huiwu.budgets import guard, reviews, selectors, services
from huiwu.budgets.enums import DecisionKind, Direction
from huiwu.budgets.errors import Decided, DecisionInvalid, NotAllowed, ReviewClosed, ReviewOpen, Undecided
from huiwu.budgets.models import Alert, Category, Decision
from huiwu.contracts import payments, signing
from huiwu.contracts.enums import Anchor, State
from huiwu.contracts.models import Contract
from huiwu.events.enums import Stage
from huiwu.events.services.gates import missing_for
from huiwu.notifications.models import Notification
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership
from huiwu.webhooks.models import Endpoint
from tests.budgets import editor
from tests.budgets.test_budget import budget_of, line
from tests.conftest import member
from tests.contracts.test_drafting import supplier_contract

pytestmark = pytest.mark.integration


def owner_membership(tenant):
    return Membership.objects.get(org=tenant.org, user=tenant.owner)


def full_budget(tenant):
    """100,000 in the catalogue's categories, equipment's 20,000 in one AV line, the rest unspent."""
    budget = budget_of(tenant, total="100000")
    av = line(budget, unit_price="20000")
    return budget, av


def signed_at(tenant, budget, av, total):
    """The AV line's contract signed (on paper) at ``total``: the line's commitment."""
    contract = supplier_contract(tenant)
    Contract.objects.filter(pk=contract.pk).update(total=Decimal(total), state=State.APPROVED)
    data = services.LineInput(category=av.category, name=av.name, unit_price=av.unit_price, contract=contract)
    av = services.save_line(budget=budget, membership=editor(budget), data=data, line=av, version=av.version)
    contract.refresh_from_db()
    signing.record_paper(contract=contract, actor=None, scan=b"%PDF-1.4", signed_on=timezone.localdate())
    return av


def test_a_line_over_plan_crosses_once_and_clears_when_back_inside(
    tenant_a, django_capture_on_commit_callbacks
):
    budget, av = full_budget(tenant_a)
    assert guard.open_alerts(budget) == []
    data = services.LineInput(category=av.category, name=av.name, unit_price="26000")
    with django_capture_on_commit_callbacks(execute=True):
        av = services.save_line(
            budget=budget, membership=editor(budget), data=data, line=av, version=av.version
        )
    alerts = guard.open_alerts(budget)
    # equipment 26,000 against 20,000 (+30%), total 106,000 against 100,000 (+6%)
    assert {(a.scope, a.direction) for a in alerts} == {
        ("total", Direction.OVER),
        ("equipment", Direction.OVER),
    }
    told = Notification.objects.filter(org=tenant_a.org).count()
    assert told >= 2 and mail.outbox
    for price in ("26500", "25900"):  # still outside: no new alert, nobody told again
        data = services.LineInput(category=av.category, name=av.name, unit_price=price)
        av = services.save_line(
            budget=budget, membership=editor(budget), data=data, line=av, version=av.version
        )
    assert Alert.objects.filter(budget=budget).count() == 2
    assert Notification.objects.filter(org=tenant_a.org).count() == told
    data = services.LineInput(category=av.category, name=av.name, unit_price="20500")
    av = services.save_line(budget=budget, membership=editor(budget), data=data, line=av, version=av.version)
    assert guard.open_alerts(budget) == []  # 100,500: inside ±5%, equipment +2.5% inside its 5%
    cleared = Alert.objects.get(budget=budget, scope="total")
    assert cleared.cleared_at is not None and cleared.cleared_forecast == Decimal("100500.00")
    data = services.LineInput(category=av.category, name=av.name, unit_price="30000")
    services.save_line(budget=budget, membership=editor(budget), data=data, line=av, version=av.version)
    assert Alert.objects.filter(budget=budget, scope="total").count() == 2  # a new crossing, a new alert


def test_the_tolerance_is_the_catalogues_and_a_category_may_have_its_own(tenant_a):
    from huiwu.standards.models import Rule
    from huiwu.standards.services import FigureInput, update_rule

    budget, av = full_budget(tenant_a)
    rule = Rule.objects.get(org=tenant_a.org, key="budget.total_variance")
    update_rule(
        rule=rule, actor=None, data=FigureInput(high=10, unit="%"), reason="大型活动", version=rule.version
    )
    Category.objects.filter(pk=av.category_id).update(tolerance=40)
    assert guard.tolerance(budget) == Decimal(10)
    data = services.LineInput(category=av.category, name=av.name, unit_price="26000")
    services.save_line(budget=budget, membership=editor(budget), data=data, line=av, version=av.version)
    assert guard.open_alerts(budget) == []  # +6% inside 10%, equipment +30% inside its own 40%


def test_a_payment_in_contracts_moves_the_forecast_past_the_guard(tenant_a):
    contract = supplier_contract(tenant_a)  # 8,000.00
    budget = budget_of(tenant_a, total="100000")
    av = line(budget, unit_price="20000", contract=contract)
    Contract.objects.filter(pk=contract.pk).update(total=Decimal("26000"), state=State.APPROVED)
    contract.refresh_from_db()
    hooks = Endpoint.objects.create(
        org=tenant_a.org, url="https://hooks.example.com/x", secret="s" * 32, events=["budget.guard_crossed"]
    )
    assert hooks.pk and guard.open_alerts(budget) == []
    signing.record_paper(contract=contract, actor=None, scan=b"%PDF-1.4", signed_on=timezone.localdate())
    assert {a.scope for a in guard.open_alerts(budget)} == {"total", "equipment"}
    advance = contract.milestones.get(anchor=Anchor.SIGNED)
    payments.record_payment(
        milestone=advance,
        actor=None,
        data=payments.PaymentInput(amount="2400", paid_on=timezone.localdate(), reference="B-1"),
    )
    assert selectors.sheet(budget).lines[av.pk].actual == Decimal("2400.00")
    assert Alert.objects.filter(budget=budget).count() == 2  # still the same crossing


def test_the_review_decides_every_line_over_plan_then_signs_off(tenant_a):
    budget, av = full_budget(tenant_a)
    me = owner_membership(tenant_a)
    av = signed_at(tenant_a, budget, av, "26000")
    review = reviews.open_review(budget=budget, membership=me)
    with pytest.raises(ReviewOpen):
        reviews.open_review(budget=budget, membership=me)
    with pytest.raises(Undecided):
        reviews.sign_off(review=review, membership=me)
    with pytest.raises(DecisionInvalid):  # accepting needs a reason
        reviews.decide(
            review=review, membership=me, data=reviews.DecisionInput(line=av, kind=DecisionKind.ACCEPT)
        )
    contingency = budget.categories.get(key="contingency")
    venue = budget.categories.get(key="venue")
    line(budget, key="venue", name="会场", unit_price="40000")  # the venue has nothing unspent
    with pytest.raises(DecisionInvalid):
        reviews.decide(review=review, membership=me, data=reviews.DecisionInput(
            line=av, kind=DecisionKind.MOVE, source=venue, amount="6000"))  # fmt: skip
    before = list(Category.objects.filter(budget=budget).values_list("key", "moved"))
    with pytest.raises(DecisionInvalid):  # more than the contingency's 5,000
        reviews.decide(review=review, membership=me, data=reviews.DecisionInput(
            line=av, kind=DecisionKind.MOVE, source=contingency, amount="999999"))  # fmt: skip
    assert list(Category.objects.filter(budget=budget).values_list("key", "moved")) == before
    made = reviews.decide(review=review, membership=me, data=reviews.DecisionInput(
        line=av, kind=DecisionKind.MOVE, source=contingency, amount="5000", reason="用备用金"))  # fmt: skip
    assert made.variance == Decimal("6000.00") and made.decided_by == tenant_a.owner
    sheet = selectors.sheet(budget)
    assert sheet.categories[contingency.pk].planned == Decimal("0.00")
    assert sheet.total.forecast == Decimal("101000.00")  # the contingency absorbed 5,000 of the 6,000
    assert guard.open_alerts(budget) == []  # the total back inside; equipment 26,000 of 25,000 (+4%)
    with pytest.raises(Decided):
        reviews.decide(review=review, membership=me, data=reviews.DecisionInput(
            line=av, kind=DecisionKind.ACCEPT, reason="x"))  # fmt: skip
    done = reviews.sign_off(review=review, membership=me, notes="第1周")
    assert done.snapshot["total"]["forecast"] == "101000.00"
    with pytest.raises(ReviewClosed):
        reviews.decide(review=done, membership=me, data=reviews.DecisionInput(
            line=av, kind=DecisionKind.ACCEPT, reason="x"))  # fmt: skip
    Contract.objects.filter(pk=av.contract_id).update(change_price=100)
    contract = Contract.objects.get(pk=av.contract_id)
    payments.record_attendance_change(contract=contract, actor=None, delta=200, asked_on=timezone.localdate())
    moved = reviews.trend(selectors.sheet(budget), reviews.last_signed(budget))
    assert moved["lines"][av.pk] > 0  # the charged attendance raised the commitment since


def test_only_finance_or_the_pm_reviews(tenant_a, tenant_b):
    budget, _av = full_budget(tenant_a)
    viewer = member(tenant_a.org, Role.VIEWER)
    with pytest.raises(NotAllowed):
        reviews.open_review(budget=budget, membership=viewer)
    with pytest.raises(NotAllowed):  # a member of another organisation
        reviews.open_review(budget=budget, membership=owner_membership(tenant_b))
    assert not budget.reviews.exists()


def test_a_line_of_another_budget_or_inside_its_plan_is_refused(tenant_a, tenant_b):
    budget, av = full_budget(tenant_a)
    _other, theirs = full_budget(tenant_b)
    review = reviews.open_review(budget=budget, membership=owner_membership(tenant_a))
    for target in (av, theirs):  # inside its plan; another organisation's
        with pytest.raises(DecisionInvalid):
            reviews.decide(review=review, membership=owner_membership(tenant_a), data=reviews.DecisionInput(
                line=target, kind=DecisionKind.ACCEPT, reason="x"))  # fmt: skip
    assert not Decision.objects.exists()


def test_the_stage_gate_holds_a_budget_outside(tenant_a):
    budget, av = full_budget(tenant_a)
    tenant_a.meeting.stage = Stage.CONTRACTS
    tenant_a.meeting.save(update_fields=["stage"])
    assert not any("budget" in m.url for m in missing_for(tenant_a.meeting))
    signed_at(tenant_a, budget, av, "26000")
    found = [m for m in missing_for(tenant_a.meeting) if m.url.endswith("review/")]
    assert len(found) == 2


def test_the_review_page_and_the_guard_card(client, tenant_a):
    budget, av = full_budget(tenant_a)
    av = signed_at(tenant_a, budget, av, "26000")
    kw = {"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk}
    url = reverse("budgets:review", kwargs=kw)
    client.force_login(tenant_a.owner)
    assert 'data-testid="budget-alerts"' in client.get(reverse("budgets:guard", kwargs=kw)).content.decode()
    assert client.post(url, {"action": "open"}).status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="decide"' in page and "disabled" in page
    bad = client.post(url, {"action": "decide", "line": av.pk, "kind": "move", "amount": "1"})
    assert bad.status_code == 400 and not Decision.objects.exists()
    contingency = budget.categories.get(key="contingency")
    sent = {"action": "decide", "line": av.pk, "kind": "move", "amount": "5000", "source": contingency.pk}
    assert client.post(url, sent).status_code == 302
    ok = client.post(url, {"action": "decide", "line": av.pk, "kind": "accept", "reason": "x"})
    assert ok.status_code == 400  # decided already: no longer a choice
    assert client.post(url, {"action": "sign_off", "notes": "ok"}).status_code == 302
    assert budget.reviews.get().signed_off_at is not None
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert client.post(url, {"action": "open"}).status_code == 403
    assert client.get(url).status_code == 200


def test_the_review_api(api, tenant_a):
    budget, av = full_budget(tenant_a)
    av = signed_at(tenant_a, budget, av, "26000")
    client = api(tenant_a.raw_token)
    shown = client.get(f"/api/v1/meetings/{tenant_a.meeting.pk}/budget").json()
    assert {a["scope"] for a in shown["alerts"] if a["cleared_at"] is None} == {"total", "equipment"}
    assert shown["tolerance"] == "5"
    made = client.post(f"/api/v1/budgets/{budget.pk}/reviews")
    assert made.status_code == 201
    assert client.post(f"/api/v1/budgets/{budget.pk}/reviews").json()["code"] == "budget_review_open"
    review = made.json()["id"]
    early = client.post(f"/api/v1/budget-reviews/{review}/sign-off", {})
    assert early.status_code == 409 and early.json()["code"] == "budget_undecided"
    contingency = budget.categories.get(key="contingency")
    body = {"line_id": av.pk, "kind": "move", "amount": "5000.001", "source_id": contingency.pk}
    assert client.post(f"/api/v1/budget-reviews/{review}/decisions", body).status_code == 422
    body["amount"] = "5000"
    decided = client.post(f"/api/v1/budget-reviews/{review}/decisions", body)
    assert decided.status_code == 201 and decided.json()["variance"] == "6000.00"
    done = client.post(f"/api/v1/budget-reviews/{review}/sign-off", {"notes": "ok"}).json()
    assert done["snapshot"]["total"]["forecast"] == "101000.00" and len(done["decisions"]) == 1
    listed = client.get(f"/api/v1/budgets/{budget.pk}/reviews").json()
    assert [r["number"] for r in listed] == [1]


@pytest.mark.parametrize("page", ["budgets:meeting", "budgets:review"])
def test_the_pages_read_in_a_fixed_number_of_queries(client, tenant_a, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    budget, av = full_budget(tenant_a)
    av = signed_at(tenant_a, budget, av, "26000")
    me = owner_membership(tenant_a)
    review = reviews.open_review(budget=budget, membership=me)
    contingency = budget.categories.get(key="contingency")
    reviews.decide(review=review, membership=me, data=reviews.DecisionInput(
        line=av, kind=DecisionKind.MOVE, source=contingency, amount="5000"))  # fmt: skip
    reviews.sign_off(review=review, membership=me)
    url = reverse(page, kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    client.force_login(tenant_a.owner)
    for n in range(3):
        line(budget, key="catering", name=f"餐{n}", unit_price="10")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(40):
        line(budget, key="design", name=f"物料{n}", unit_price="10", contract=av.contract)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries][len(few) - 3 :]
