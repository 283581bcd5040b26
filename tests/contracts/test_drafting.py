"""Contracts drawn from templates: the counterparty and its answered quote checked, every clause
rendered (a variable without a value refused by name), the text the contract's own with versions; the
internal review — no sequence of actions approves a version without both finance and the PM."""

from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huiwu.contracts import drafting
from huiwu.contracts.enums import State
from huiwu.contracts.errors import (
    Amount,
    ApproverInvalid,
    Incomplete,
    PartyInvalid,
    QuoteInvalid,
    Stale,
    WrongState,
)
from huiwu.contracts.models import Approval, Template
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Membership
from huiwu.suppliers.enums import Review
from huiwu.suppliers.services import selection as sel
from tests.conftest import member

pytestmark = pytest.mark.integration


def chosen_with_quote(tenant):
    """Tenant's AV supplier reviewed, trialled, quoted (8 × 1,000.00) and chosen."""
    c = tenant.candidate
    sel.review(candidate=c, actor=None, items=list(Review.values))
    sel.record_trial(candidate=c, actor=None, result="pass")
    today = timezone.localdate()
    sel.answer_quote(quote=tenant.quote, actor=None, prices=["1000"], issued_on=today, valid_until=today)
    sel.choose(candidate=c, actor=None, reason="合适")
    tenant.quote.refresh_from_db()
    return tenant.supplier, tenant.quote


def supplier_contract(tenant):
    tenant.meeting.city, tenant.meeting.owner = "上海", tenant.owner
    tenant.meeting.save()
    supplier, quote = chosen_with_quote(tenant)
    template = Template.objects.get(org=tenant.org, kind="supplier")
    data = drafting.DraftInput(template=template, supplier=supplier, quote=quote)
    return drafting.draft(meeting=tenant.meeting, actor=tenant.owner, data=data)


def test_a_supplier_contract_is_drawn_from_its_template_and_quote(tenant_a, tenant_b):
    template = Template.objects.get(org=tenant_a.org, kind="supplier")
    with pytest.raises(PartyInvalid):  # not chosen yet
        drafting.draft(
            meeting=tenant_a.meeting,
            actor=None,
            data=drafting.DraftInput(template=template, supplier=tenant_a.supplier, quote=tenant_a.quote),
        )
    contract = supplier_contract(tenant_a)
    assert (
        contract.number.startswith(f"HT-{tenant_a.meeting.start_date.year}-")
        and str(contract.total) == "8000.00"
    )
    texts = [c.text for c in contract.clauses.all()]
    assert [c.title for c in contract.clauses.all()] == [
        "合同双方",
        "服务范围",
        "服务标准",
        "付款方式",
        "违约责任",
    ]
    assert (
        "声光科技" in texts[0]
        and "线阵音箱 8只" in texts[1]
        and "8,000.00" in texts[3]
        and "{{" not in "".join(texts)
    )
    assert contract.versions.get().number == 1
    other = tenant_b.quote
    with pytest.raises(QuoteInvalid):
        drafting.draft(
            meeting=tenant_a.meeting,
            actor=None,
            data=drafting.DraftInput(template=template, supplier=tenant_a.supplier, quote=other),
        )


def test_a_client_agreement_needs_its_amount_and_the_meetings_client(tenant_a, tenant_b):
    template = Template.objects.get(org=tenant_a.org, kind="client")
    meeting = tenant_a.meeting
    for bad in ("-1", "1.005", "abc", "1e20"):
        with pytest.raises(Amount):
            drafting.draft(
                meeting=meeting,
                actor=None,
                data=drafting.DraftInput(template=template, client=meeting.client, total=bad),
            )
    with pytest.raises(PartyInvalid):
        drafting.draft(
            meeting=meeting,
            actor=None,
            data=drafting.DraftInput(template=template, client=tenant_b.client, total="1"),
        )
    meeting.city = ""
    meeting.save()
    with pytest.raises(Incomplete) as missing:
        drafting.draft(
            meeting=meeting,
            actor=None,
            data=drafting.DraftInput(template=template, client=meeting.client, total="280000"),
        )
    assert missing.value.details["names"] == ["meeting.city"]
    meeting.city = "上海"
    meeting.save()
    made = drafting.draft(
        meeting=meeting,
        actor=None,
        data=drafting.DraftInput(template=template, client=meeting.client, total="280000.50"),
    )
    assert made.kind == "client" and "280,000.50" in "".join(c.text for c in made.clauses.all())


def test_the_text_is_the_contracts_own_with_versions_and_only_a_draft_changes(tenant_a):
    contract = supplier_contract(tenant_a)
    rows = [drafting.ClauseText(c.title, c.text) for c in contract.clauses.all()]
    rows[4] = drafting.ClauseText(rows[4].title, rows[4].text + "另：设备故障 30 分钟内修复。")
    changed = drafting.change_clauses(contract=contract, actor=None, clauses=rows, reason="补充", version=1)
    assert changed.version == 2 and changed.versions.first().reason == "补充"
    with pytest.raises(Stale):
        drafting.change_clauses(contract=contract, actor=None, clauses=rows[:3], reason="", version=1)
    drafting.submit(contract=changed, actor=None)
    with pytest.raises(WrongState):
        drafting.change_clauses(contract=changed, actor=None, clauses=rows[:3], reason="", version=2)


def test_finance_and_the_pm_approve_as_two_people(tenant_a):
    contract = supplier_contract(tenant_a)
    owner = Membership.objects.get(org=tenant_a.org, user=tenant_a.owner)  # the PM, and may approve finance
    drafting.submit(contract=contract, actor=None)
    drafting.approve(contract=contract, membership=owner, role="pm")
    with pytest.raises(ApproverInvalid):
        drafting.approve(contract=contract, membership=owner, role="finance")
    drafting.approve(contract=contract, membership=member(tenant_a.org, Role.FINANCE), role="finance")
    contract.refresh_from_db()
    assert contract.state == State.APPROVED
    drafting.back_to_draft(contract=contract, actor=None)  # changed after approval: approved again
    rows = [drafting.ClauseText(c.title, c.text + "。") for c in contract.clauses.all()]
    contract = drafting.change_clauses(contract=contract, actor=None, clauses=rows, reason="", version=1)
    drafting.submit(contract=contract, actor=None)
    drafting.approve(contract=contract, membership=owner, role="pm")
    contract.refresh_from_db()
    assert contract.state == State.IN_REVIEW  # finance's approval was of version 1


ACTIONS = st.lists(
    st.sampled_from(["submit", "draft", "finance", "pm", "pm-as-finance", "edit"]), max_size=12
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(actions=ACTIONS)
def test_no_sequence_approves_a_version_without_finance_and_the_pm(tenant_a, actions):
    contract = supplier_contract(tenant_a) if not hasattr(tenant_a, "_contract") else tenant_a._contract
    tenant_a._contract = contract
    contract.refresh_from_db()
    pm = Membership.objects.get(org=tenant_a.org, user=tenant_a.meeting.owner)  # may approve finance too
    finance = member(tenant_a.org, Role.FINANCE)
    for action in actions:
        contract.refresh_from_db()
        try:
            if action == "submit":
                drafting.submit(contract=contract, actor=None)
            elif action == "draft":
                drafting.back_to_draft(contract=contract, actor=None)
            elif action == "finance":
                drafting.approve(contract=contract, membership=finance, role="finance")
            elif action == "pm":
                drafting.approve(contract=contract, membership=pm, role="pm")
            elif action == "pm-as-finance":
                drafting.approve(contract=contract, membership=pm, role="finance")
            elif action == "edit":
                rows = [drafting.ClauseText(c.title, c.text + "。") for c in contract.clauses.all()]
                drafting.change_clauses(
                    contract=contract, actor=None, clauses=rows, reason="", version=contract.version
                )
        except (WrongState, ApproverInvalid, Stale):
            pass
        contract.refresh_from_db()
        if contract.state == State.APPROVED:
            roles = set(
                Approval.objects.filter(contract=contract, version=contract.version).values_list(
                    "role", flat=True
                )
            )
            people = Approval.objects.filter(contract=contract, version=contract.version).values_list(
                "user", flat=True
            )
            assert roles == {"finance", "pm"} and len(set(people)) == 2
    # the planner is neither finance nor the PM
    planner = member(tenant_a.org, Role.PLANNER)
    if contract.state == State.IN_REVIEW:
        with pytest.raises(ApproverInvalid):
            drafting.approve(contract=contract, membership=planner, role="finance")


def test_the_contract_pages(owner_client, tenant_a):
    tenant_a.meeting.city, tenant_a.meeting.owner = "上海", tenant_a.owner
    tenant_a.meeting.save()
    chosen_with_quote(tenant_a)
    org = tenant_a.org.slug
    url = f"/o/{org}/contracts/for/{tenant_a.meeting.pk}/"
    template = Template.objects.get(org=tenant_a.org, kind="supplier")
    page = owner_client.get(url).content.decode()
    assert "声光科技" in page  # the chosen supplier is offered
    made = owner_client.post(url, {"template": template.pk, "party": f"s{tenant_a.supplier.pk}"})
    assert made.status_code == 302
    contract = (
        tenant_a.meeting.contracts.exclude(number__startswith="HT-T-")
        .exclude(number__startswith="HT-S-")
        .get()
    )
    there = made["Location"]
    shown = owner_client.get(there).content.decode()
    assert "线阵音箱 8只" in shown and contract.number in shown
    form = {f"title_{n}": c.title for n, c in enumerate(contract.clauses.all())}
    form |= {f"text_{n}": c.text for n, c in enumerate(contract.clauses.all())}
    form["text_4"] += "（含税）"
    saved = owner_client.post(there, {**form, "action": "text", "version": 1, "reason": "写明含税"})
    assert saved.status_code == 302
    contract.refresh_from_db()
    assert contract.version == 2 and "写明含税" in owner_client.get(there).content.decode()
    owner_client.post(there, {"action": "submit"})
    owner_client.post(there, {"action": "approve", "role": "pm"})
    contract.refresh_from_db()
    assert contract.state == State.IN_REVIEW and contract.approvals.get().role == "pm"


def test_the_contracts_api(api, tenant_a):
    tenant_a.meeting.city = "上海"
    tenant_a.meeting.save()
    client = api(tenant_a.raw_token)
    template = Template.objects.get(org=tenant_a.org, kind="client")
    base = f"/api/v1/meetings/{tenant_a.meeting.pk}/contracts"
    bad = client.post(base, {"template_id": template.pk, "client": True, "total": "12.345"})
    assert bad.status_code == 422 and bad.json()["code"] == "contract_amount"
    made = client.post(base, {"template_id": template.pk, "client": True, "total": "280000"})
    assert made.status_code == 201 and made.json()["total"] == "280000.00" and made.json()["state"] == "draft"
    pk = made.json()["id"]
    rows = made.json()["clauses"]
    rows[0]["text"] += "（补充）"
    changed = client.put(f"/api/v1/contracts/{pk}/clauses", {"version": 1, "clauses": rows, "reason": "补充"})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert client.post(f"/api/v1/contracts/{pk}/submit").json()["state"] == "in_review"
    wrong = client.put(f"/api/v1/contracts/{pk}/clauses", {"version": 2, "clauses": rows})
    assert wrong.status_code == 409 and wrong.json()["code"] == "contract_state"
    approved = client.post(f"/api/v1/contracts/{pk}/approve", {"role": "finance"})
    assert approved.status_code == 200 and [a["role"] for a in approved.json()["approvals"]] == ["finance"]
    assert client.post(f"/api/v1/contracts/{pk}/approve", {"role": "pm"}).status_code == 403  # not the PM


def test_the_contract_pdf_names_its_version_and_hash_on_every_page(owner_client, tenant_a):
    import io

    from pypdf import PdfReader

    from huiwu.contracts import pdf

    contract = supplier_contract(tenant_a)
    rows = [drafting.ClauseText(c.title, c.text) for c in contract.clauses.all()]
    rows.append(drafting.ClauseText("附加条款", "本合同一式两份。\n" * 120))  # long enough for a second page
    contract = drafting.change_clauses(contract=contract, actor=None, clauses=rows, reason="", version=1)
    before = pdf.digest(contract)
    response = owner_client.get(f"/o/{tenant_a.org.slug}/contracts/{contract.pk}/contract.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) >= 2
    for page in pages:
        text = page.extract_text().replace("\n", "")
        assert before in text and f"{contract.number}-v2" in text
    assert "违约责任" in "".join(p.extract_text() for p in pages)
    rows[0] = drafting.ClauseText(rows[0].title, rows[0].text + "。")
    contract = drafting.change_clauses(contract=contract, actor=None, clauses=rows, reason="", version=2)
    assert pdf.digest(contract) != before


def test_the_demo_summit_has_its_contracts_and_budget(db):
    from huiwu.demo import load_demo

    org = load_demo()
    summit = org.meetings.get(name="新经济产业峰会")
    states = {(c.supplier.name[:2] if c.supplier else "client"): c.state for c in summit.contracts.all()}
    assert states == {"声光": "in_force", "味和": "sent", "client": "in_force"}
    av = summit.contracts.get(supplier__name__startswith="声光")
    assert str(av.total) == "165000.00" and {a.role for a in av.approvals.all()} == {"finance", "pm"}
    from huiwu.contracts import payments, signing

    assert signing.verdict_of(av).good and signing.verdict_of(av).fields() == {"agency", "party"}
    advance = av.milestones.get(anchor="signed")
    assert payments.paid_for(summit) == advance.amount == Decimal("49500.00")
    client = summit.contracts.get(kind="client")
    assert signing.verdict_of(client).good and client.in_force_at is not None
    # the budget (one demo load for both): tight, the AV line 6% over once signed, decided and inside
    from huiwu.budgets import guard, selectors

    budget = summit.budget
    sheet = selectors.sheet(budget)
    line = budget.categories.get(key="equipment").lines.get(contract=av)
    assert sheet.lines[line.pk].variance_share == Decimal("6.00")
    assert sheet.lines[line.pk].actual == Decimal("49500.00")  # the advance paid
    assert [r.signed_off_at is not None for r in budget.reviews.order_by("number")] == [True, True]
    assert budget.reviews.get(number=2).decisions.get().line == line
    assert budget.revisions.get(number=1).approved_on is not None
    assert guard.open_alerts(budget) == [] and abs(sheet.total.variance_share) <= 5
