"""The supplier catalogue in Excel: export in the reader's language, import as a job through the same
commands (a known credit code is changed, a new one added), one refused row and nothing is kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from huiwu.contracts.models import Contract
from huiwu.jobs.models import Job
from huiwu.suppliers.models import Supplier
from tests.factories.suppliers import credit_code

pytestmark = pytest.mark.integration

HEADER = [
    "名称",
    "统一社会信用代码",
    "服务类别",
    "服务区域（城市）",
    "网站",
    "地址",
    "备注",
    "联系人",
    "角色",
    "手机",
    "邮箱",
]


def workbook(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run(client, tenant, content: bytes, capture) -> Job:
    with capture(execute=True):
        client.post(reverse("suppliers:import", kwargs={"org": tenant.org.slug}),
                    {"file": SimpleUploadedFile("suppliers.xlsx", content)})  # fmt: skip
    return Job.objects.filter(org=tenant.org, kind="supplier_import").order_by("-id").first()


def test_export_then_import_into_another_organisation(
    client, tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.owner)
    response = client.get(reverse("suppliers:export", kwargs={"org": tenant_a.org.slug}))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("名称", "统一社会信用代码", "服务类别")
    assert rows[1][:3] == ("声光科技", "91350100M000100Y43", "音视频设备")
    Contract.objects.filter(org=tenant_b.org, supplier__isnull=False).delete()  # they hold the supplier
    Supplier.objects.filter(org=tenant_b.org).delete()
    client.force_login(tenant_b.owner)
    job = run(client, tenant_b, response.content, django_capture_on_commit_callbacks)
    assert job.result == {"errors": [], "created": 1, "updated": 0}
    made = Supplier.objects.get(org=tenant_b.org)
    assert (made.name, made.categories, made.cities) == ("声光科技", ["av"], ["上海"])
    assert made.contacts.get().name == "王工"
    job = run(client, tenant_b, response.content, django_capture_on_commit_callbacks)
    assert job.result == {"errors": [], "created": 0, "updated": 1}
    assert made.contacts.count() == 1


def test_bad_rows_are_named_and_nothing_is_kept(owner_client, tenant_a, django_capture_on_commit_callbacks):
    before = Supplier.objects.filter(org=tenant_a.org).count()
    good = credit_code(11)
    content = workbook([
        ["好供应商", good, "餐饮、直播", "杭州", "", "", "", "周敏", "宴会经理", "13616640001", ""],
        ["错码", "91350100M000100Y44", "AV equipment", "", "", "", "", "", "", "", ""],
        ["未知类别", credit_code(12), "火箭", "", "", "", "", "", "", "", ""],
        ["重复", good, "catering", "", "", "", "", "", "", "", ""],
        [None] * 11,
        ["坏电话", credit_code(13), "av", "", "", "", "", "王", "", "12345", ""],
    ])  # fmt: skip
    job = run(owner_client, tenant_a, content, django_capture_on_commit_callbacks)
    errors = job.result["errors"]
    assert job.result["created"] == 0 and len(errors) == 4, errors
    assert errors[0].startswith("第 3 行，统一社会信用代码：")
    assert errors[1].startswith("第 4 行，服务类别：") and "火箭" in errors[1]
    assert errors[2].startswith("第 5 行，统一社会信用代码：") and "第 2 行" in errors[2]
    assert errors[3].startswith("第 7 行，手机：")
    assert Supplier.objects.filter(org=tenant_a.org).count() == before


def test_english_headers_and_category_names_are_read(
    owner_client, tenant_a, django_capture_on_commit_callbacks
):
    header = ["name", "unified social credit code", "categories", "service area (cities)"]
    row = ["Lingo Interpreting", credit_code(21), "Translation and interpretation, etiquette", "北京"]
    content = workbook([row], header=header)
    job = run(owner_client, tenant_a, content, django_capture_on_commit_callbacks)
    assert job.result == {"errors": [], "created": 1, "updated": 0}
    assert Supplier.objects.get(name="Lingo Interpreting").categories == ["translation", "etiquette"]


def test_a_file_that_is_not_a_workbook_or_lacks_the_header(
    owner_client, tenant_a, django_capture_on_commit_callbacks
):
    job = run(owner_client, tenant_a, b"name,city\n", django_capture_on_commit_callbacks)
    assert job.result["errors"] == ["文件已损坏或不是 Excel 工作簿（.xlsx）。"]
    job = run(owner_client, tenant_a, workbook([["x"]], header=["随便"]), django_capture_on_commit_callbacks)
    assert job.result["errors"] and job.result["created"] == 0
