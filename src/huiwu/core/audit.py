"""The audit trail: ``log_action`` after every business write, ``history_for`` to show it."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import AuditEntry


def target_key(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The current values of ``fields`` as JSON-ready data (foreign keys by their text)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def log_action(
    action: str,
    *,
    target: models.Model,
    actor=None,
    org=None,
    changes: dict | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Record ``action`` (``app.object.past_verb``) on ``target``. Call inside the write's transaction."""
    target_type, target_id = target_key(target)
    if org is None:
        org = getattr(target, "org", None)
    return AuditEntry.objects.create(
        org=org,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=str(target)[:300],
        changes=changes or {},
        data={k: _plain(v) for k, v in (data or {}).items()},
    )


def history_for(obj: models.Model, *, limit: int = 50):
    target_type, target_id = target_key(obj)
    return (
        AuditEntry.objects.filter(target_type=target_type, target_id=target_id)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


# Translated labels for audit actions, registered by each app next to its services.
ACTION_LABELS: dict[str, Any] = {}


def register_actions(labels: dict[str, Any]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str):
    return ACTION_LABELS.get(action, action)


def readable_changes(entry: AuditEntry) -> list[tuple[Any, Any, Any]]:
    """``[(field label, old, new)]`` with verbose field names and choice labels where known."""
    from django.apps import apps

    try:
        model = apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, (old, new) in entry.changes.items():
        label, choices = name, None
        if model is not None:
            try:
                field = model._meta.get_field(name)
                label = getattr(field, "verbose_name", name)
                choices = dict(field.choices) if getattr(field, "choices", None) else None
            except FieldDoesNotExist:  # a field since removed: show its raw name
                pass
        if choices:
            old, new = choices.get(old, old), choices.get(new, new)
        rows.append((label, old, new))
    return rows
