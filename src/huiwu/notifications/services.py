"""Tell people things: in the app at once (live), by mail when they have an address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from huiwu.core import realtime

from .models import Notification, Told
from .selectors import unread_count

T = TypeVar("T")


def _push_count(user) -> None:
    realtime.publish(
        f"user:{user.pk}", {"type": "notifications.count", "count": unread_count(user)}, coalesce="count"
    )


@transaction.atomic
def notify(*, user, title: str, body: str = "", url: str = "", org=None, email: bool = False) -> Notification:
    """Create a notification. Side effects after commit: a live count update; a mail if ``email``.

    ``title`` and ``body`` are rendered by the caller in the recipient's language.
    """
    note = Notification.objects.create(user=user, org=org, title=title, body=body, url=url)
    _push_count(user)
    if email and user.email:
        link = f"{settings.SITE_URL}{url}" if url else ""
        transaction.on_commit(
            lambda: send_mail(title, f"{body}\n\n{link}".strip(), None, [user.email], fail_silently=True)
        )
    return note


@transaction.atomic
def mark_all_read(*, user) -> int:
    n = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    _push_count(user)
    return n


@transaction.atomic
def mark_read(*, user, org, notification_id: int) -> Notification | None:
    note = Notification.objects.filter(user=user, org=org, pk=notification_id).first()
    if note and note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
        _push_count(user)
    return note


def in_language(user: Any, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Render text for ``user`` in their own language (their saved one, else Chinese)."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return func(*args, **kwargs)


def claim(org_id: int, key: str) -> bool:
    """Whether this run is the first to tell ``key`` for the organisation (and so should): a reminder
    sent once whatever the runs and processes."""
    try:
        with transaction.atomic():
            Told.objects.create(org_id=org_id, key=key)
    except IntegrityError:
        return False
    return True
