"""Kinds of background job. Each app registers its own with :func:`job_kind`.

A job function takes the :class:`~huiwu.jobs.models.Job` and a ``progress(done, total)`` callback
and returns a dict: ``{"file": <path under MEDIA_ROOT>, ...}`` when it produced a download.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JobKind:
    name: str
    label: Any
    perm: str
    run: Callable


KINDS: dict[str, JobKind] = {}


def job_kind(name: str, *, label, perm: str):
    def register(func):
        KINDS[name] = JobKind(name=name, label=label, perm=perm, run=func)
        return func

    return register
