import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from huiwu.jobs.models import Job
from huiwu.standards.models import Rule, RuleChange
from huiwu.standards.selectors import catalogue_version, standard
from huiwu.standards.services import FigureInput, update_rule

pytestmark = pytest.mark.integration


def exported(client, tenant):
    response = client.get(reverse("standards:export", kwargs={"org": tenant.org.slug}))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def edited(wb, changes: dict[str, dict]) -> bytes:
    ws = wb.active
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        key = row[header.index("key")].value
        for column, value in changes.get(key, {}).items():
            row[header.index(column)].value = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def imported(client, tenant, content, capture, reason="年度修订") -> Job:
    with capture(execute=True):
        client.post(
            reverse("standards:import", kwargs={"org": tenant.org.slug}),
            {"file": SimpleUploadedFile("standards.xlsx", content), "reason": reason},
        )
    return Job.objects.filter(org=tenant.org, kind="standards_import").order_by("-id").first()


def test_export_edit_and_import_changes_the_rows_that_differ(
    owner_client, tenant_a, django_capture_on_commit_callbacks
):
    wb = exported(owner_client, tenant_a)
    rows = list(wb.active.values)
    assert (
        rows[0][:3] == ("key", "area", "standard")
        and len(rows) - 1 == Rule.objects.filter(org=tenant_a.org).count()
    )
    content = edited(wb, {"health.co2": {"high": 800}, "green.led_lighting": {"in force": "no"}})
    job = imported(owner_client, tenant_a, content, django_capture_on_commit_callbacks)
    assert job.result == {"errors": [], "changed": 2}
    org = tenant_a.org
    assert standard(org, "health.co2").high == 800 and not standard(org, "green.led_lighting").enabled
    assert RuleChange.objects.filter(rule__key="health.co2", rule__org=org, reason="年度修订").exists()
    # the same file again: the two rows now stand as the rules do, nothing changes
    job = imported(owner_client, tenant_a, content, django_capture_on_commit_callbacks)
    assert job.result == {"errors": [], "changed": 0}


def test_one_bad_or_stale_row_keeps_nothing(owner_client, tenant_a, django_capture_on_commit_callbacks):
    org = tenant_a.org
    wb = exported(owner_client, tenant_a)
    co2 = Rule.objects.get(org=org, key="health.co2")
    update_rule(rule=co2, actor=None, data=FigureInput(high=900, unit="ppm"), reason="在导出之后", version=1)
    content = edited(
        wb,
        {
            "health.co2": {"high": 800},  # changed since the export: stale
            "health.pm25": {"high": 50},  # fine on its own
            "health.humidity": {"low": 70, "high": 50},  # upside down
            "health.temperature": {"unit": "m"},  # not a temperature
            "venue.fire_exit_width": {"in force": "maybe"},
        },
    )
    before = catalogue_version(org)
    job = imported(owner_client, tenant_a, content, django_capture_on_commit_callbacks)
    assert job.result["changed"] == 0 and len(job.result["errors"]) == 4
    text = " ".join(job.result["errors"])
    assert (
        "有人刚刚修改了这条标准" in text
        and "最小值大于最大值" in text
        and "单位" in text
        and "yes 或 no" in text
    )
    assert standard(org, "health.pm25").high == 75 and standard(org, "health.co2").high == 900
    assert catalogue_version(org) == before


def test_a_file_that_is_not_the_export_is_refused(owner_client, tenant_a, django_capture_on_commit_callbacks):
    job = imported(owner_client, tenant_a, b"not a workbook", django_capture_on_commit_callbacks)
    assert job.result["changed"] == 0 and job.result["errors"]
    refused = owner_client.post(
        reverse("standards:import", kwargs={"org": tenant_a.org.slug}),
        {"file": SimpleUploadedFile("standards.xlsx", b"x"), "reason": ""},
    )
    assert refused.status_code == 302 and Job.objects.filter(kind="standards_import").count() == 1
