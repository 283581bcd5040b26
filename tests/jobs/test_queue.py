"""Background jobs through the real queue: the configured store (SQLite file, or Redis when
REDIS_URL is set) and a real consumer with worker threads."""

import signal
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage, SqliteStorage
from openpyxl import load_workbook

from huiwu.jobs.enums import JobStatus
from huiwu.jobs.models import Job
from huiwu.jobs.services import execute_job, start_job
from huiwu.jobs.tasks import last_heartbeat

pytestmark = pytest.mark.integration


@pytest.fixture
def real_queue(tmp_path):
    """Switch Huey from inline mode to its real store and run a consumer in this process."""
    saved_storage = HUEY.storage
    saved_signals = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    name = f"test-{uuid.uuid4().hex[:8]}"
    if settings.REDIS_URL:
        HUEY.storage = RedisStorage(name=name, url=settings.REDIS_URL)
    else:
        HUEY.storage = SqliteStorage(name=name, filename=str(tmp_path / "queue.sqlite3"))
    HUEY.immediate = False
    consumer = HUEY.create_consumer(workers=2, worker_type="thread", periodic=False)
    consumer.start()
    yield HUEY
    consumer.stop(graceful=True)
    for sig, handler in saved_signals.items():
        signal.signal(sig, handler)
    HUEY.storage = saved_storage


def wait_for(job: Job, timeout: float = 20) -> Job:
    deadline = time.time() + timeout
    while time.time() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} still {job.status}")


def test_audit_export_runs_in_the_real_queue(real_queue, transactional_db, settings, tmp_path):
    from tests.conftest import make_tenant

    settings.MEDIA_ROOT = tmp_path / "media"
    tenant = make_tenant()
    job = start_job(membership=tenant.membership, kind="audit_export")
    assert job.status == JobStatus.QUEUED
    job = wait_for(job)
    assert job.status == JobStatus.DONE, job.error
    assert job.percent == 100
    rows = list(load_workbook(Path(settings.MEDIA_ROOT) / job.result_file).active.values)
    assert rows[0] == ("时间", "操作人", "操作", "记录", "变更")
    assert len(rows) - 1 == job.result["rows"] == tenant.org.audit_entries.count()


def test_heartbeat_goes_through_the_store(real_queue, transactional_db):
    from huiwu.jobs.tasks import beat

    beat()
    assert time.time() - last_heartbeat() < 5


def test_failed_job_records_the_error(transactional_db, monkeypatch):
    from huiwu.jobs import registry
    from tests.conftest import make_tenant

    tenant = make_tenant()

    def boom(job, progress):
        raise ValueError("broken input")

    monkeypatch.setitem(registry.KINDS, "boom", registry.JobKind("boom", "Boom", "jobs.run", boom))
    job = Job.objects.create(org=tenant.org, created_by=tenant.owner, kind="boom")
    execute_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "ValueError: broken input"


def test_job_page_polls_until_done_and_offers_download(
    owner_client, tenant_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("jobs:start", kwargs={"org": tenant_a.org.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, {"kind": "audit_export"})
    assert response.status_code == 302
    page = owner_client.get(response["Location"], headers={"HX-Request": "true"})
    html = page.content.decode()
    assert "hx-trigger" not in html  # finished: polling stops
    job = Job.objects.filter(org=tenant_a.org, kind="audit_export").latest("id")
    download = owner_client.get(reverse("jobs:download", kwargs={"org": tenant_a.org.slug, "job": job.pk}))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"  # an xlsx is a zip
    download.close()


def test_unknown_job_kind_is_refused(owner_client, tenant_a):
    response = owner_client.post(reverse("jobs:start", kwargs={"org": tenant_a.org.slug}), {"kind": "nope"})
    assert response.status_code == 400
    assert "没有这种类型的任务" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("planner", 403), ("admin", 200)])
def test_a_jobs_result_needs_the_permission_of_its_kind(
    client, api, tenant_a, settings, tmp_path, role, status
):
    """The audit export holds the whole audit trail: a viewer who guesses its id gets nothing."""
    from huiwu.api.services import create_token
    from huiwu.orgs.enums import Perm
    from huiwu.orgs.rules import can
    from tests.conftest import member

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "audit.xlsx").write_bytes(b"PK")
    job = Job.objects.create(
        org=tenant_a.org, created_by=tenant_a.owner, kind="audit_export", result_file="audit.xlsx"
    )
    membership = member(tenant_a.org, role)
    client.force_login(membership.user)
    kwargs = {"org": tenant_a.org.slug, "job": job.pk}
    assert client.get(reverse("jobs:detail", kwargs=kwargs)).status_code == status
    if can(membership, Perm.USE_API):
        _token, raw = create_token(membership=membership, name="t")
        assert api(raw).get(f"/api/v1/jobs/{job.pk}").status_code == status
    download = client.get(reverse("jobs:download", kwargs=kwargs))
    assert download.status_code == status
    download.close()
