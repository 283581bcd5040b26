"""Creates that happen once however often they are sent.

A form carries a key made when the page was drawn (``core.forms.OnceField``), an API client may send
an ``Idempotency-Key`` header: a double click, or a retry after a lost answer, sends the same key
again, and the second request gets the object the first one created instead of a twin. The key is
claimed in the shared cache (Redis when configured), so two app servers agree too."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .errors import Conflict

T = TypeVar("T", bound=models.Model)
TTL = 15 * 60  # a key is remembered this long (seconds)
WAIT = 10.0  # how long a twin request waits for the first one to finish


class StillSaving(Conflict):
    code = "still_saving"
    default_message = _("The same form is still being saved: reload the page in a moment.")


def once(*, scope: str, key: str, model: type[T], create: Callable[[], T]) -> T:
    """``create()`` unless this ``key`` (within ``scope``) created something already: then that."""
    key = (key or "").strip()[:100]
    if not key:
        return create()
    slot = f"huiwu:once:{scope}:{key}"
    deadline = time.monotonic() + WAIT
    while True:
        if cache.add(slot, 0, TTL):  # this request is the first: it creates
            try:
                obj = create()
            except BaseException:
                cache.delete(slot)
                raise
            # the twin may use the object only once it is committed
            transaction.on_commit(lambda pk=obj.pk: cache.set(slot, pk, TTL))
            return obj
        pk = cache.get(slot)
        if pk:
            found = model._default_manager.filter(pk=pk).first()
            if found is not None:
                return found
        if time.monotonic() > deadline:
            raise StillSaving()
        time.sleep(0.05)
