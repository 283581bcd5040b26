"""Reads of background jobs."""

from __future__ import annotations

from django.http import Http404

from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.models import Membership

from .models import Job
from .registry import KINDS


def job_for(membership: Membership, pk: int) -> Job:
    """A job of the membership's organisation whose kind its role may run.

    A job's progress and result carry what its kind may show (an audit export holds the whole
    audit trail), so reading it needs the kind's permission, not merely membership: 403 without
    it, 404 for another organisation's job or a kind no longer known."""
    job = get_scoped(Job.objects.select_related("created_by"), membership.org, pk=pk)
    kind = KINDS.get(job.kind)
    if kind is None:
        raise Http404
    require(membership, kind.perm)
    return job
