"""An archived meeting is read-only: a save or delete of the meeting or of any row bound to it (a model
with a foreign key to the meeting) is refused with ``MeetingArchived``. Which meetings are archived is
read once per process every few seconds (a scan pays a set lookup, not a query); the process that
archives forgets its copy at once. De-identification and a person's erasure write inside ``unlocked()``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_delete, pre_save

from .errors import MeetingArchived

REFRESH = 5.0  # seconds
_copy: dict[str, Any] = {"at": 0.0, "ids": frozenset()}
_unlocked: ContextVar[bool] = ContextVar("archive_unlocked", default=False)


def archived_ids() -> frozenset[int]:
    now = time.monotonic()
    if now - _copy["at"] > REFRESH:
        from .models import Meeting

        _copy["ids"] = frozenset(
            Meeting.objects.filter(archived_at__isnull=False).values_list("pk", flat=True)
        )
        _copy["at"] = now
    ids: frozenset[int] = _copy["ids"]
    return ids


def forget() -> None:
    _copy["at"] = 0.0


@contextlib.contextmanager
def unlocked() -> Iterator[None]:
    token = _unlocked.set(True)
    try:
        yield
    finally:
        _unlocked.reset(token)


def _meeting_fields(model: type[models.Model]) -> list[str]:
    from .models import Meeting

    if model is Meeting:
        return ["pk"]
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.related_model is Meeting
    ]


def _guard(fields: list[str]) -> Callable[..., None]:
    def check(sender: type, instance: Any, **kwargs: Any) -> None:
        if _unlocked.get() or kwargs.get("raw"):
            return
        for name in fields:
            value = getattr(instance, name, None)
            if value is not None and value in archived_ids():
                raise MeetingArchived()

    return check


_receivers: list[Any] = []  # kept alive: signals hold weak references


def connect() -> None:
    for model in apps.get_models():
        if not model.__module__.startswith("huiwu."):
            continue
        fields = _meeting_fields(model)
        if fields:
            receiver = _guard(fields)
            _receivers.append(receiver)
            pre_save.connect(receiver, sender=model, weak=False)
            pre_delete.connect(receiver, sender=model, weak=False)
