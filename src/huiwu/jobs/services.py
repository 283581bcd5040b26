"""Start background jobs and record their progress."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from huiwu.orgs.access import require
from huiwu.orgs.models import Membership

from .enums import JobStatus
from .errors import NotAWorkbook, UnknownJobKind
from .models import Job
from .registry import KINDS

log = logging.getLogger(__name__)


@transaction.atomic
def start_job(*, membership: Membership, kind: str, params: dict | None = None) -> Job:
    """Queue a job of ``kind`` for the membership's organisation; it is enqueued after commit."""
    if kind not in KINDS:
        raise UnknownJobKind()
    require(membership, KINDS[kind].perm)
    job = Job.objects.create(org=membership.org, created_by=membership.user, kind=kind, params=params or {})
    from .tasks import run_job

    transaction.on_commit(lambda: run_job(job.pk))
    return job


def start_import(*, membership: Membership, upload, kind: str, params: dict | None = None) -> Job:
    """Queue the import job ``kind`` of an uploaded Excel workbook (checked to be one, at most
    ``uploads.WORKBOOK_BYTES``; what it holds is measured by the job): stored for the job under a name of
    ours, passed as ``params["file"]``."""
    from huiwu.core import uploads

    if kind not in KINDS:
        raise UnknownJobKind()
    require(membership, KINDS[kind].perm)
    if not uploads.is_workbook(upload):
        raise NotAWorkbook()
    rel = uploads.keep_for_job(upload, org_slug=membership.org.slug, prefix=kind, suffix=".xlsx")
    return start_job(membership=membership, kind=kind, params={**(params or {}), "file": rel})


def execute_job(job_id: int) -> None:
    """Run a queued job in the worker: status, progress at most every half second, result or error."""
    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        log.warning("job %s is gone; nothing to run", job_id)
        return
    if job.status != JobStatus.QUEUED:
        return  # already run (a retried delivery)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    last = [0.0]

    def progress(done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done >= total:
            last[0] = now
            Job.objects.filter(pk=job.pk).update(done=done, total=total, message=message[:300])

    language = (job.created_by.language if job.created_by else "") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):  # files and messages in the starter's language
            result = KINDS[job.kind].run(job, progress) or {}
    except Exception as exc:
        log.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        _emit_finished(job, JobStatus.FAILED, {})
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        result=result,
        result_file=result.get("file", ""),
        finished_at=timezone.now(),
    )
    _emit_finished(job, JobStatus.DONE, result)


def _emit_finished(job: Job, status: str, result: dict) -> None:
    """Webhook ``job.finished``: the kind, the outcome and its summary (never the file itself)."""
    from huiwu.webhooks.services import emit

    summary = {k: result[k] for k in ("summary", "status", "created", "updated") if k in result}
    emit(job.org_id, "job.finished", {"job": {"id": job.pk, "kind": job.kind, "status": status, **summary}})
