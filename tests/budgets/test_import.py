"""A budget's lines from an agency's spreadsheet: columns found by their names, an amount taken for a
unit price, every row through the one command; a bad row names its row and nothing is kept; the job
runs in the queue and its page says so; our own export reads back."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from huiwu.budgets import excel, importing, selectors
from huiwu.budgets.errors import NotAllowed
from huiwu.budgets.models import Line
from huiwu.core.errors import DomainError
from huiwu.jobs.models import Job
from huiwu.orgs.enums import Role
from tests.budgets.test_budget import budget_of
from tests.budgets.test_guard_review import owner_membership
from tests.conftest import member

pytestmark = pytest.mark.integration

SHEET = [
    ["序号", "类别", "费用项目", "数量", "单位", "单价（元）", "税率", "备注"],
    [1, "场地", "主会场租赁", 2, "天", 60000, 6, "含布场"],
    [2, "equipment", "AV 设备租赁（含3天技术支持）", 1, "项", 20000, None, None],
    [None, None, None, None, None, None, None, None],
    [3, "餐饮", "自助午餐", 300, "份", 88.5, 0, ""],
]


def test_the_usual_spreadsheet_is_read_by_its_column_names(tenant_a):
    budget = budget_of(tenant_a, total="500000")
    made = importing.load_rows(budget=budget, membership=owner_membership(tenant_a), rows=SHEET)
    assert made == 3
    lines = {ln.name: ln for ln in Line.objects.filter(category__budget=budget)}
    assert selectors.planned(lines["主会场租赁"]) == Decimal("127200.00")  # 2 × 60,000 + 6%
    assert lines["自助午餐"].unit_price == Decimal("88.50") and lines["自助午餐"].category.key == "catering"


def test_an_amount_is_divided_when_exact_else_kept_whole(tenant_a):
    budget = budget_of(tenant_a)
    rows = [["类别", "项目", "数量", "金额"], ["餐饮", "茶歇", 3, 100], ["餐饮", "午餐", 4, 100]]
    importing.load_rows(budget=budget, membership=owner_membership(tenant_a), rows=rows)
    lines = {ln.name: ln for ln in Line.objects.filter(category__budget=budget)}
    assert (lines["茶歇"].quantity, selectors.planned(lines["茶歇"])) == (Decimal(1), Decimal("100.00"))
    assert (lines["午餐"].quantity, lines["午餐"].unit_price) == (Decimal(4), Decimal("25.00"))


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (["场地", "x", 1, "一万"], "第 3 行"),  # text in a number cell
        (["场地", "x", 1, "1.001"], "第 3 行"),  # more than two decimals
        (["场地", "x", 1, "-5"], "第 3 行"),  # negative, not a credit line
        (["场地", "x", 1, "9" * 20], "第 3 行"),  # a 20-digit amount
        (["不存在", "x", 1, "5"], "第 3 行"),  # a category of no budget
        (["场地", "", 1, "5"], "第 3 行"),  # no item
    ],
)
def test_a_bad_row_is_named_and_nothing_is_kept(tenant_a, row, says):
    budget = budget_of(tenant_a)
    rows = [["类别", "项目", "数量", "单价"], ["场地", "好的一行", 1, "100"], row]
    with pytest.raises(DomainError) as refused:
        importing.load_rows(budget=budget, membership=owner_membership(tenant_a), rows=rows)
    assert any(says in e for e in refused.value.details["errors"])
    assert not Line.objects.filter(category__budget=budget).exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(
        st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats(allow_nan=True)),
        min_size=4,
        max_size=4,
    )
)
def test_any_row_is_saved_or_named_never_a_crash(tenant_a, cells):
    budget = budget_of(tenant_a)
    rows = [["类别", "项目", "数量", "单价"], cells]
    try:
        importing.load_rows(budget=budget, membership=owner_membership(tenant_a), rows=rows)
    except DomainError as exc:
        assert exc.details["errors"] is not None
        assert not Line.objects.filter(category__budget=budget).exists()


def test_missing_columns_and_who_may_import(tenant_a):
    budget = budget_of(tenant_a)
    with pytest.raises(DomainError, match="单价"):
        importing.load_rows(
            budget=budget, membership=owner_membership(tenant_a), rows=[["类别", "项目"], ["场地", "x"]]
        )
    viewer = member(tenant_a.org, Role.VIEWER)
    with pytest.raises(NotAllowed):
        importing.load_rows(budget=budget, membership=viewer, rows=SHEET)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_our_export_reads_back_through_the_job(
    client, tenant_a, django_capture_on_commit_callbacks, language
):
    from django.utils import translation

    source = budget_of(tenant_a)
    importing.load_rows(budget=source, membership=owner_membership(tenant_a), rows=SHEET)
    data = BytesIO()
    with translation.override(language):
        excel.export_workbook(source, margins=True).save(data)
    Line.objects.filter(category__budget=source).delete()
    url = reverse("budgets:import", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    client.force_login(tenant_a.owner)
    upload = SimpleUploadedFile("预算.xlsx", data.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"file": upload}).status_code == 302
    job = Job.objects.get(kind="budget_import")
    assert job.status == "done" and job.result["created"] == 3, job.result
    assert Line.objects.filter(category__budget=source).count() == 3


def test_a_workbook_is_refused_cleanly(client, tenant_a, django_capture_on_commit_callbacks):
    budget_of(tenant_a)
    url = reverse("budgets:import", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    client.force_login(tenant_a.owner)
    wb = Workbook()
    wb.active.append(["no", "columns"])
    data = BytesIO()
    wb.save(data)
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert client.post(url, {"file": SimpleUploadedFile("x.xlsx", data.getvalue())}).status_code == 403
    client.force_login(tenant_a.owner)
    with django_capture_on_commit_callbacks(execute=True):
        for content in (b"hello", data.getvalue()):  # not a workbook; a workbook without our columns
            client.post(url, {"file": SimpleUploadedFile("x.xlsx", content)})
    results = [j.result for j in Job.objects.filter(kind="budget_import").order_by("pk")]
    assert len(results) == 2 and all(r["errors"] and r["created"] == 0 for r in results), results
    assert not Line.objects.filter(category__budget__meeting=tenant_a.meeting).exists()
