"""The audit trail: ``log_action`` after every business write, ``history_for`` to show it."""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from collections.abc import Sequence
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


# Phone numbers never enter the trail in full, whoever the record belongs to (attendees, contacts).
MASKED_FIELDS = frozenset({"phone", "mobile"})


def _masked(name: str, value):
    if name in MASKED_FIELDS and isinstance(value, str) and value:
        from .text import mask_mobile

        return mask_mobile(value)
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [_masked(k, before.get(k)), _masked(k, v)] for k, v in after.items() if before.get(k) != v}


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


def log_actions(action: str, *, org, items: Sequence[tuple[models.Model, dict]], actor=None) -> int:
    """Record ``action`` on many targets at once (one insert), each with its data: a change that many
    records follow (a rule of the organisation changed)."""
    entries = []
    for target, data in items:
        target_type, target_id = target_key(target)
        entries.append(
            AuditEntry(
                org=org, actor=actor if actor is not None and actor.is_authenticated else None, action=action,
                target_type=target_type, target_id=target_id, target_repr=str(target)[:300],
                data={k: _plain(v) for k, v in data.items()},
            )
        )  # fmt: skip
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


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


# Labels of changed values that are not columns of the target (e.g. the evaluation weights recorded
# on the organisation), per action, registered next to the service that records them.
CHANGE_LABELS: dict[str, dict[str, Any]] = {}


def register_change_labels(action: str, labels: dict[str, Any]) -> None:
    CHANGE_LABELS.setdefault(action, {}).update(labels)


def action_label(action: str):
    return ACTION_LABELS.get(action, action)


_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


def _shown(value, choices: dict | None):
    """An audited value as a person reads it: labels for choices, 是/否, lists joined, local times."""
    from django.utils import timezone
    from django.utils.translation import gettext

    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return "、".join(str(_shown(v, choices)) for v in value) if value else None
    if choices and value in choices:
        return choices[value]
    if isinstance(value, str) and _ISO_MOMENT.fullmatch(value):
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    if value == "":
        return None
    return value


def readable_changes(entry: AuditEntry) -> list[tuple[Any, Any, Any]]:
    """``[(field label, old, new)]`` as a person reads them: verbose field names, choice labels
    (also inside lists, from a model's ``AUDIT_LIST_CHOICES``), 是/否, local times."""
    from django.apps import apps

    try:
        model = apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    own = CHANGE_LABELS.get(entry.action, {})
    for name, (old, new) in entry.changes.items():
        label, choices = own.get(name, name.replace("_", " ")), None
        if model is not None and name not in own:
            try:
                field = model._meta.get_field(name)
                label = getattr(field, "verbose_name", label)
                choices = dict(field.choices) if getattr(field, "choices", None) else None
            except FieldDoesNotExist:  # a field since removed, or not a column: its name in words
                pass
            listed = getattr(model, "AUDIT_LIST_CHOICES", {}).get(name)
            if listed:
                choices = dict(listed)
        rows.append((label, _shown(old, choices), _shown(new, choices)))
    return rows
