"""Webhooks: endpoints (create, change, pause and resume, rotate the secret), events fanned out to
them after commit, and deliveries: signed, sent by the queue, retried with exponential back-off,
logged, sent again on request. An endpoint whose deliveries keep failing is paused and its owner told.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import time
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_fields
from huiwu.core.tokens import new_secret

from . import signing
from .errors import BadEndpointUrl, EndpointPaused, UnknownEvent
from .events import EVENTS
from .models import Delivery, DeliveryStatus, Endpoint

if TYPE_CHECKING:
    from huiwu.accounts.models import User
    from huiwu.orgs.models import Organization

register_actions(
    {
        "webhooks.endpoint.created": _("added a webhook endpoint"),
        "webhooks.endpoint.changed": _("changed a webhook endpoint"),
        "webhooks.endpoint.deleted": _("removed a webhook endpoint"),
        "webhooks.endpoint.secret_rotated": _("made a new secret for a webhook endpoint"),
        "webhooks.endpoint.resumed": _("resumed a webhook endpoint"),
        "webhooks.endpoint.paused": _("paused a webhook endpoint (deliveries kept failing)"),
        "webhooks.delivery.resent": _("sent a webhook delivery again"),
    }
)

MAX_ATTEMPTS = 6  # then the delivery has failed for good
BACKOFF_SECONDS = (30, 120, 600, 1800, 7200)  # before attempts 2, 3, …: about 3 hours in all
PAUSE_AFTER = 5  # deliveries failed for good in a row
TIMEOUT = (10.0, 5.0)  # seconds: the whole request, the connection (httpx is loaded when one is sent)
EXCERPT = 500
USER_AGENT = "Huiwu-Webhooks/1"


def _insecure_allowed() -> bool:
    """Plain http and local addresses: for development and tests only, never in production."""
    return getattr(settings, "HUIWU_WEBHOOKS_ALLOW_INSECURE", not settings.PRODUCTION)


def _public_host(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False
    addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
    return bool(addresses) and all(a.is_global for a in addresses)


def check_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    scheme_ok = parts.scheme == "https" or (parts.scheme == "http" and _insecure_allowed())
    if not scheme_ok or not parts.hostname or len(url) > 500 or parts.username or parts.password:
        raise BadEndpointUrl(details={"field": "url"})
    if not _insecure_allowed() and not _public_host(parts.hostname):
        raise BadEndpointUrl(details={"field": "url"})  # no deliveries into the private network
    return url


def _events(events: Iterable[str] | None) -> list[str]:
    chosen = sorted(set(events or ()))
    if not chosen or any(e not in EVENTS for e in chosen):
        raise UnknownEvent(details={"field": "events"})
    return chosen


@transaction.atomic
def create_endpoint(
    *, org: Organization, actor: User | None, url: str, events: list[str], description: str = ""
) -> Endpoint:
    fields = clean_fields(Endpoint, {"description": description})
    endpoint = Endpoint.objects.create(
        org=org, url=check_url(url), events=_events(events), description=fields["description"],
        secret="whsec_" + new_secret(24), created_by=actor,
    )  # fmt: skip
    transaction.on_commit(forget_subscriptions)
    log_action("webhooks.endpoint.created", target=endpoint, actor=actor, org=org,
               data={"url": endpoint.url, "events": endpoint.events})  # fmt: skip
    return endpoint


@transaction.atomic
def update_endpoint(
    *, endpoint: Endpoint, actor: User | None, url: str | None = None, events: list[str] | None = None,
    description: str | None = None, is_active: bool | None = None,
) -> Endpoint:  # fmt: skip
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = {"url": endpoint.url, "events": endpoint.events, "description": endpoint.description,
              "is_active": endpoint.is_active}  # fmt: skip
    if url is not None:
        endpoint.url = check_url(url)
    if events is not None:
        endpoint.events = _events(events)
    if description is not None:
        endpoint.description = clean_fields(Endpoint, {"description": description})["description"]
    if is_active is not None:
        endpoint.is_active = is_active
    endpoint.save()
    transaction.on_commit(forget_subscriptions)
    after = {k: getattr(endpoint, k) for k in before}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        log_action(
            "webhooks.endpoint.changed", target=endpoint, actor=actor, org=endpoint.org, changes=changes
        )
    return endpoint


@transaction.atomic
def rotate_secret(*, endpoint: Endpoint, actor: User | None) -> str:
    Endpoint.objects.filter(pk=endpoint.pk).update(secret="whsec_" + new_secret(24))
    log_action("webhooks.endpoint.secret_rotated", target=endpoint, actor=actor, org=endpoint.org)
    return Endpoint.objects.get(pk=endpoint.pk).secret


@transaction.atomic
def resume_endpoint(*, endpoint: Endpoint, actor: User | None) -> Endpoint:
    Endpoint.objects.filter(pk=endpoint.pk).update(paused_at=None, failures=0)
    transaction.on_commit(forget_subscriptions)
    log_action("webhooks.endpoint.resumed", target=endpoint, actor=actor, org=endpoint.org)
    return Endpoint.objects.get(pk=endpoint.pk)


@transaction.atomic
def delete_endpoint(*, endpoint: Endpoint, actor: User | None) -> None:
    log_action("webhooks.endpoint.deleted", target=endpoint, actor=actor, org=endpoint.org,
               data={"url": endpoint.url})  # fmt: skip
    endpoint.delete()
    transaction.on_commit(forget_subscriptions)


# ---- events and deliveries ----------------------------------------------------------------------------


SUBSCRIPTIONS_TTL = 5.0  # seconds a process trusts what it read of an organisation's endpoints
_subscriptions: dict[int, tuple[float, frozenset[str]]] = {}


def subscribed(org_id: int, event: str) -> bool:
    """Does any live endpoint of the organisation want ``event``? Read at most every few seconds per
    process, so a hot path (a gate scanning) pays nothing when nobody listens."""
    now = time.monotonic()
    seen = _subscriptions.get(org_id)
    if seen is None or now - seen[0] > SUBSCRIPTIONS_TTL:
        wanted = frozenset(
            e for events in Endpoint.objects.filter(org_id=org_id, is_active=True, paused_at__isnull=True)
            .values_list("events", flat=True) for e in events
        )  # fmt: skip
        seen = _subscriptions[org_id] = (now, wanted)
    return event in seen[1]


def forget_subscriptions() -> None:
    _subscriptions.clear()


def emit(org: Organization | int, event: str, data: dict[str, Any]) -> None:
    """Tell the organisation's endpoints about ``event`` once the current transaction commits (an
    event of a write that rolled back is never sent). ``data`` holds ids, names and statuses, never
    phone numbers, e-mails or ID numbers."""
    if event not in EVENTS:
        raise ValueError(event)
    org_id = org.pk if hasattr(org, "pk") else org
    if not subscribed(org_id, event):
        return
    moment = timezone.now()
    transaction.on_commit(lambda: _fan_out(org_id, event, data, moment))


def _fan_out(org_id: int, event: str, data: dict[str, Any], moment: dt.datetime) -> list[Delivery]:
    endpoints = [
        e for e in Endpoint.objects.filter(org_id=org_id, is_active=True, paused_at__isnull=True)
        if event in e.events
    ]  # fmt: skip
    return [_queue(e, event, data, moment) for e in endpoints]


def _queue(
    endpoint: Endpoint,
    event: str,
    data: dict[str, Any],
    moment: dt.datetime,
    event_id: uuid.UUID | None = None,
) -> Delivery:
    event_id = event_id or uuid.uuid4()
    payload = {
        "id": str(event_id),
        "type": event,
        "created_at": moment.isoformat(),
        "organisation": endpoint.org.slug,
        "data": json.loads(json.dumps(data, cls=DjangoJSONEncoder)),
    }
    delivery = Delivery.objects.create(endpoint=endpoint, event=event, event_id=event_id, payload=payload)
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int, delay: int | None = None) -> None:
    from .tasks import deliver

    if delay:
        deliver.schedule((delivery_id,), delay=delay)
    else:
        deliver(delivery_id)


@transaction.atomic
def send_ping(*, endpoint: Endpoint, actor: User | None) -> Delivery:
    """A test event, sent at once, to check the address and the signature check of the receiver."""
    if endpoint.paused:
        raise EndpointPaused()
    return _queue(endpoint, "webhook.ping", {"endpoint": endpoint.pk, "by": str(actor)}, timezone.now())


@transaction.atomic
def redeliver(*, delivery: Delivery, actor: User | None) -> Delivery:
    """Send a delivery again (same event id, so a receiver can tell it is the same event)."""
    endpoint = delivery.endpoint
    if endpoint.paused:
        raise EndpointPaused()
    again = Delivery.objects.create(
        endpoint=endpoint, event=delivery.event, event_id=delivery.event_id, payload=delivery.payload
    )
    log_action("webhooks.delivery.resent", target=endpoint, actor=actor, org=endpoint.org,
               data={"event": delivery.event, "event_id": str(delivery.event_id)})  # fmt: skip
    transaction.on_commit(lambda: _enqueue(again.pk))
    return again


def attempt(delivery_id: int, *, now: dt.datetime | None = None) -> Delivery | None:
    """One attempt (the queue's task): POST the signed payload; on failure schedule the next attempt
    after the back-off, or give up after MAX_ATTEMPTS. Claimed by a conditional UPDATE, so two workers
    never send the same attempt."""
    now = now or timezone.now()
    delivery = Delivery.objects.select_related("endpoint__org").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
        return delivery
    claimed = Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(
        attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return None
    delivery.refresh_from_db()
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    import httpx

    code, excerpt, error, started = None, "", "", time.perf_counter()
    try:
        check_url(endpoint.url)  # again at sending time: the name may resolve elsewhere now
        stamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            signing.HEADER: signing.signature(endpoint.secret, stamp, body),
            "Huiwu-Event": delivery.event,
            "Huiwu-Delivery": str(delivery.event_id),
        }
        timeout = httpx.Timeout(TIMEOUT[0], connect=TIMEOUT[1])
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            response = client.post(endpoint.url, content=body, headers=headers)
        code, excerpt = response.status_code, response.text[:EXCERPT]
    except BadEndpointUrl:
        error = str(BadEndpointUrl.default_message)
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
    delivery.duration_ms = int((time.perf_counter() - started) * 1000)
    delivery.response_code, delivery.response_excerpt, delivery.error = code, excerpt, error
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, now, None
        delivery.save()
        Endpoint.objects.filter(pk=endpoint.pk).update(failures=0)
        return delivery
    if delivery.attempts < MAX_ATTEMPTS:
        wait = BACKOFF_SECONDS[min(delivery.attempts - 1, len(BACKOFF_SECONDS) - 1)]
        delivery.status, delivery.next_attempt_at = DeliveryStatus.RETRYING, now + dt.timedelta(seconds=wait)
        delivery.save()
        _enqueue(delivery.pk, delay=wait)
        return delivery
    delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    delivery.save()
    _failed_for_good(endpoint, now)
    return delivery


def _failed_for_good(endpoint: Endpoint, now: dt.datetime) -> None:
    Endpoint.objects.filter(pk=endpoint.pk).update(failures=F("failures") + 1)
    paused = Endpoint.objects.filter(
        pk=endpoint.pk, failures__gte=PAUSE_AFTER, paused_at__isnull=True
    ).update(paused_at=now)
    if not paused:
        return
    from huiwu.notifications.services import in_language, notify

    log_action("webhooks.endpoint.paused", target=endpoint, actor=None, org=endpoint.org)
    owner = endpoint.created_by
    if owner is None:
        return

    def text() -> tuple[str, str]:
        return (
            str(_("Webhook endpoint paused: %(url)s") % {"url": endpoint.url}),
            str(
                _("%(n)s deliveries in a row failed. Fix the receiver, then resume the endpoint.")
                % {"n": PAUSE_AFTER}
            ),
        )

    title, body = in_language(owner, text)
    link = reverse("webhooks:endpoint", kwargs={"org": endpoint.org.slug, "endpoint": endpoint.pk})
    notify(user=owner, org=endpoint.org, title=title, body=body, url=link, email=True)
