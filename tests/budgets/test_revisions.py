"""Revisions: the plan frozen with a reason, the client's approval recorded (the first approved is the
baseline), one awaiting approval at a time, what changed from one to the next; the guard then holds
the forecast to the latest approved total."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from huiwu.budgets import guard, revisions, selectors, services
from huiwu.budgets.errors import NotAllowed, RevisionInvalid, RevisionPending, Stale
from huiwu.budgets.models import Revision
from huiwu.orgs.enums import Role
from tests.budgets import editor
from tests.budgets.test_budget import budget_of, line
from tests.budgets.test_guard_review import owner_membership
from tests.conftest import member

pytestmark = pytest.mark.integration


def test_baseline_then_a_revision_with_what_changed(tenant_a):
    budget = budget_of(tenant_a, total="100000")
    av = line(budget, unit_price="20000")
    me = owner_membership(tenant_a)
    with pytest.raises(RevisionInvalid):  # a reason is needed
        revisions.propose(budget=budget, membership=me, reason=" ", version=budget.version)
    base = revisions.propose(budget=budget, membership=me, reason="客户确认的基线", version=budget.version)
    with pytest.raises(RevisionPending):
        revisions.propose(budget=budget, membership=me, reason="再改", version=budget.version)
    today = timezone.localdate()
    with pytest.raises(RevisionInvalid):  # an approval in the future
        revisions.approve(
            revision=base, membership=me, approver="李华", approved_on=today + dt.timedelta(days=1)
        )
    with pytest.raises(RevisionInvalid):  # nobody named
        revisions.approve(revision=base, membership=me, approver="", approved_on=today)
    revisions.approve(revision=base, membership=me, approver="李华（客户方）", approved_on=today)
    with pytest.raises(RevisionInvalid):
        revisions.approve(revision=base, membership=me, approver="李华", approved_on=today)
    data = services.LineInput(category=av.category, name=av.name, unit_price="24000")
    services.save_line(budget=budget, membership=editor(budget), data=data, line=av, version=av.version)
    budget.refresh_from_db()
    with pytest.raises(Stale):
        revisions.propose(
            budget=budget, membership=me, reason="加 LED", total="104000", version=budget.version - 1
        )
    second = revisions.propose(
        budget=budget, membership=me, reason="加 LED", total="104000", version=budget.version
    )
    budget.refresh_from_db()
    assert budget.total == Decimal("104000.00")
    changed = revisions.diff(base, second)
    assert changed["change"] == "4000.00"
    assert [(x["name"], x["before"], x["after"]) for x in changed["lines"]] == [
        ("音响租赁", "20000.00", "24000.00")
    ]
    assert {c["key"] for c in changed["categories"]} == {
        c.key for c in budget.categories.all()
    }  # all re-planned
    # until the client approves it, the guard holds the forecast (107,200: the categories' new targets,
    # equipment's 24,000 above its 20,800) to the baseline's 100,000
    sheet = selectors.sheet(budget)
    assert sheet.total.planned == Decimal("100000.00") and sheet.total.forecast == Decimal("107200.00")
    assert {a.scope for a in guard.open_alerts(budget)} == {"equipment", "total"}
    revisions.approve(revision=second, membership=me, approver="李华（客户方）", approved_on=today)
    assert selectors.sheet(budget).total.planned == Decimal("104000.00")
    assert {a.scope for a in guard.open_alerts(budget)} == {"equipment"}  # +3.1% of 104,000: inside


def test_only_finance_or_the_pm_revises(tenant_a):
    budget = budget_of(tenant_a)
    viewer = member(tenant_a.org, Role.VIEWER)
    with pytest.raises(NotAllowed):
        revisions.propose(budget=budget, membership=viewer, reason="x", version=budget.version)
    assert not Revision.objects.filter(budget=budget).exists()


def test_the_revisions_on_the_page_and_in_the_api(client, api, tenant_a):
    budget = budget_of(tenant_a)
    url = reverse("budgets:meeting", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    client.force_login(tenant_a.owner)
    assert (
        client.post(url, {"action": "revise", "reason": "", "budget_version": budget.version}).status_code
        == 400
    )
    sent = {"action": "revise", "reason": "基线", "budget_version": budget.version}
    assert client.post(url, sent).status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="revision-pending"' in page and 'data-testid="approve-revision"' in page
    day = timezone.localdate().isoformat()
    assert client.post(url, {"action": "approve", "approver": "李华", "approved_on": day}).status_code == 302
    assert Revision.objects.get(budget=budget).approved_on is not None
    http = api(tenant_a.raw_token)
    listed = http.get(f"/api/v1/budgets/{budget.pk}/revisions").json()
    assert [r["number"] for r in listed] == [1] and listed[0]["approver"] == "李华"
    made = http.post(f"/api/v1/budgets/{budget.pk}/revisions", {"version": budget.version, "reason": "加场次",
                                                                  "total": "1.001"})  # fmt: skip
    assert made.status_code == 422 and Revision.objects.filter(budget=budget).count() == 1
    made = http.post(
        f"/api/v1/budgets/{budget.pk}/revisions", {"version": budget.version, "reason": "加场次"}
    )
    assert made.status_code == 201 and made.json()["number"] == 2
    ok = http.post(
        f"/api/v1/budget-revisions/{made.json()['id']}/approve", {"approver": "李华", "approved_on": day}
    )
    assert ok.status_code == 200 and ok.json()["approved_on"] == day


def test_the_finance_view_across_meetings(client, tenant_a, tenant_b):
    budget = budget_of(tenant_a, total="100000")
    line(budget, unit_price="26000")  # equipment over its 20,000
    budget_of(tenant_b)
    url = reverse("budgets:overview", kwargs={"org": tenant_a.org.slug})
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert client.get(url).status_code == 403
    client.force_login(tenant_a.owner)
    page = client.get(url).content.decode()
    assert tenant_a.meeting.name in page and tenant_b.meeting.name not in page
    assert "106000.00" in page  # the forecast
    other = client.get(url, {"client": tenant_a.client.pk, "start": "2999-01-01"}).content.decode()
    assert tenant_a.meeting.name not in other


def test_the_excel_export_has_a_sheet_per_level_and_runs_nothing(client, tenant_a):
    from io import BytesIO

    from openpyxl import load_workbook

    budget = budget_of(tenant_a, total="100000")
    line(budget, name='=HYPERLINK("http://x")', unit_price="26000", client_price="30000")
    url = reverse("budgets:export", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    client.force_login(tenant_a.owner)
    book = load_workbook(BytesIO(client.get(url).content))
    assert len(book.sheetnames) == 3  # the total, the categories, the lines
    lines = list(book.worksheets[2].values)
    assert lines[1][1].startswith("'=")  # text, not a formula
    assert lines[1][-1] == 4000 and lines[1][-2] == 30000  # the client's price, the margin
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert (
        len(next(load_workbook(BytesIO(client.get(url).content)).worksheets[2].values)) == len(lines[0]) - 2
    )


def test_the_clients_pdf_shows_no_cost_when_the_agency_resells(client, tenant_a):
    from huiwu.budgets import pdf

    budget = budget_of(tenant_a, total="100000")
    line(budget, name="音响租赁", unit_price="20000")
    shown = pdf.client_rows(budget)
    assert not shown["resells"] and shown["total"] == Decimal("20000.00")  # the plan is the client's money
    line(budget, key="catering", name="午餐", unit_price="80", quantity="100", client_price="9900")
    shown = pdf.client_rows(budget)
    assert shown["resells"] and shown["total"] == Decimal("9900.00")  # only the client's prices
    assert [r["line"].name for g in shown["groups"] for r in g["rows"]] == ["午餐"]
    url = reverse("budgets:client-pdf", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    client.force_login(tenant_a.owner)
    made = client.get(url)
    assert made.status_code == 200 and made.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(made.content)).pages)
    assert "午餐" in text and "9900.00" in text
    assert "8000" not in text and "音响租赁" not in text  # no cost, no line without a client price


def test_odd_ids_in_the_query_or_the_form_find_nothing(client, tenant_a):
    budget_of(tenant_a)
    url = reverse("budgets:meeting", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    client.force_login(tenant_a.owner)
    for odd in ("abc", "-1", "9" * 30, "１"):
        assert client.get(url, {"line": odd}).status_code == 200
        assert client.post(url, {"action": "adopt", "scenario": odd}).status_code == 302
        assert client.post(url, {"action": "line", "line": odd, "name": ""}).status_code == 400
