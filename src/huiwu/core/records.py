"""Create and update tenant records with their audit entries, in one place.

Apps whose records are plain forms (clients, meetings for now) call these from their services;
the audit action names follow ``<app>.<model>.created|changed``.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .audit import diff, log_action, snapshot
from .text import clean_fields

M = TypeVar("M", bound=models.Model)


def refuse_nulls(model: type[models.Model], fields: dict) -> None:
    """``None`` for a column that cannot be null is a user error (422), not a database crash."""
    errors = {}
    for name, value in fields.items():
        if value is None:
            field = model._meta.get_field(name)
            if isinstance(field, models.Field) and not field.null:
                errors[name] = field.error_messages["null"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_record(model: type[M], *, org, actor, action: str, fields: dict) -> M:
    refuse_nulls(model, fields)
    fields = clean_fields(model, fields)
    obj = model(org=org, **fields)
    obj.full_clean()
    obj.save()
    log_action(action, target=obj, actor=actor, org=org, changes=diff({}, snapshot(obj, list(fields))))
    return obj


@transaction.atomic
def update_record(obj: M, *, actor, action: str, fields: dict) -> M:
    refuse_nulls(type(obj), fields)
    fields = clean_fields(type(obj), fields)
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = snapshot(obj, list(fields))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    changes = diff(before, snapshot(obj, list(fields)))
    if changes:
        log_action(action, target=obj, actor=actor, changes=changes)
    return obj
