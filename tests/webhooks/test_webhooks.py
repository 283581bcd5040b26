"""Webhooks against a real HTTP receiver (a server in a thread of the test): events fanned out after
commit, signed, retried with back-off, paused after failing in a row, sent again on request."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from huiwu.attendees import services as people
from huiwu.checkin import services as checkin
from huiwu.core.errors import DomainError
from huiwu.notifications.models import Notification
from huiwu.onsite import services as onsite
from huiwu.webhooks import services, signing
from huiwu.webhooks.models import Delivery, Endpoint
from tests.factories.events import running_today

pytestmark = pytest.mark.integration


class Receiver:
    """Records each POST (headers, body) and answers with the next status in ``answers`` (else 200)."""

    def __init__(self):
        self.requests: list[tuple[dict, bytes]] = []
        self.answers: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                code = outer.answers.pop(0) if outer.answers else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok" if code < 300 else b"nope")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def _endpoint(t, receiver, events):
    return services.create_endpoint(org=t.org, actor=t.owner, url=receiver.url, events=events)


def test_events_are_signed_sent_after_commit_and_carry_no_personal_data(
    tenant_a, tenant_b, receiver, django_capture_on_commit_callbacks
):
    t = tenant_a
    endpoint = _endpoint(t, receiver, ["checkin.accepted", "incident.reported"])
    _endpoint(tenant_b, receiver, ["checkin.accepted"])  # another organisation's: hears nothing of A
    running_today(t.meeting)
    with django_capture_on_commit_callbacks(execute=True):
        checkin.scan(
            gate=checkin.gates().get(pk=t.gate.pk), badge=people.badge_code(t.attendee), scan_id="wh-1"
        )
    with django_capture_on_commit_callbacks(execute=True):
        onsite.report(meeting=t.meeting, actor=t.owner, tier="general", title="投影闪烁")
    assert len(receiver.requests) == 2
    (headers, body), _incident = receiver.requests
    payload = json.loads(body)
    assert payload["type"] == "checkin.accepted" and payload["organisation"] == t.org.slug
    assert payload["data"]["attendee"]["name"] == t.attendee.name
    assert t.attendee.mobile not in body.decode() and t.attendee.email not in body.decode()
    assert headers["huiwu-event"] == "checkin.accepted" and headers["huiwu-delivery"] == payload["id"]
    assert signing.verify(endpoint.secret, headers["huiwu-signature"], body)
    assert not signing.verify("whsec_other", headers["huiwu-signature"], body)
    assert not signing.verify(endpoint.secret, headers["huiwu-signature"], body + b" ")
    stale = int(timezone.now().timestamp()) - 3600
    assert not signing.verify(endpoint.secret, signing.signature(endpoint.secret, stale, body), body)
    delivery = Delivery.objects.get(endpoint=endpoint, event="checkin.accepted")
    assert delivery.status == "succeeded" and delivery.response_code == 200 and delivery.attempts == 1


def test_a_rolled_back_write_sends_nothing(tenant_a, receiver, django_capture_on_commit_callbacks):
    _endpoint(tenant_a, receiver, ["incident.reported"])
    with pytest.raises(DomainError), django_capture_on_commit_callbacks(execute=True):
        onsite.report(meeting=tenant_a.meeting, actor=tenant_a.owner, tier="nonsense", title="x")
    assert receiver.requests == [] and not Delivery.objects.filter(endpoint__url=receiver.url).exists()


def test_failures_are_retried_with_backoff_then_the_endpoint_is_paused_and_its_owner_told(
    tenant_a, receiver, django_capture_on_commit_callbacks, monkeypatch
):
    scheduled = []
    monkeypatch.setattr(services, "_enqueue", lambda pk, delay=None: scheduled.append((pk, delay)))
    endpoint = _endpoint(tenant_a, receiver, ["webhook.ping"])
    receiver.answers = [500] * 100
    for _n in range(services.PAUSE_AFTER):
        delivery = services.send_ping(endpoint=endpoint, actor=tenant_a.owner)
        for _attempt in range(services.MAX_ATTEMPTS):
            services.attempt(delivery.pk)
        delivery.refresh_from_db()
        assert delivery.status == "failed" and delivery.attempts == services.MAX_ATTEMPTS
        assert delivery.response_code == 500 and delivery.response_excerpt == "nope"
    delays = [d for _pk, d in scheduled if d]
    assert delays[: len(services.BACKOFF_SECONDS)] == list(services.BACKOFF_SECONDS)  # growing waits
    endpoint.refresh_from_db()
    assert endpoint.paused and endpoint.failures == services.PAUSE_AFTER
    assert Notification.objects.filter(
        user=tenant_a.owner, url__contains=f"/webhooks/{endpoint.pk}/"
    ).exists()
    with pytest.raises(DomainError):  # paused: nothing more is sent until someone resumes it
        services.send_ping(endpoint=endpoint, actor=tenant_a.owner)
    services.resume_endpoint(endpoint=endpoint, actor=tenant_a.owner)
    receiver.answers = []
    again = services.redeliver(delivery=delivery, actor=tenant_a.owner)
    services.attempt(again.pk)
    again.refresh_from_db()
    assert again.status == "succeeded" and again.event_id == delivery.event_id  # the same event, sent again


def test_addresses_are_checked(tenant_a, settings):
    with pytest.raises(DomainError):
        services.create_endpoint(
            org=tenant_a.org, actor=tenant_a.owner, url="ftp://x.example", events=["webhook.ping"]
        )
    with pytest.raises(DomainError):
        services.create_endpoint(
            org=tenant_a.org, actor=tenant_a.owner, url="https://x.example", events=["nope"]
        )
    settings.HUIWU_WEBHOOKS_ALLOW_INSECURE = False  # production: https to public addresses only
    for url in [
        "http://hooks.example.com/x",
        "https://127.0.0.1/x",
        "https://10.0.0.8/x",
        "https://localhost/x",
    ]:
        with pytest.raises(DomainError):
            services.create_endpoint(org=tenant_a.org, actor=tenant_a.owner, url=url, events=["webhook.ping"])
    assert not Endpoint.objects.filter(org=tenant_a.org).exclude(pk=tenant_a.endpoint.pk).exists()


def test_the_pages_add_an_endpoint_show_deliveries_and_send_again(
    owner_client, client, tenant_a, tenant_b, receiver, django_capture_on_commit_callbacks
):
    org = tenant_a.org.slug
    page = reverse("webhooks:endpoints", kwargs={"org": org})
    bad = owner_client.post(page, {"url": "ftp://x", "events": ["webhook.ping"]})
    assert bad.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        added = owner_client.post(page, {"url": receiver.url, "events": ["webhook.ping", "job.finished"]})
    endpoint = Endpoint.objects.get(org=tenant_a.org, url=receiver.url)
    assert added["Location"] == reverse("webhooks:endpoint", kwargs={"org": org, "endpoint": endpoint.pk})
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("webhooks:ping", kwargs={"org": org, "endpoint": endpoint.pk}))
    delivery = Delivery.objects.get(endpoint=endpoint)
    detail = owner_client.get(added["Location"]).content.decode()
    assert f'data-testid="delivery-{delivery.pk}"' in detail and "HTTP 200" in detail
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("webhooks:resend", kwargs={"org": org, "delivery": delivery.pk}))
    assert len(receiver.requests) == 2
    # the built-in receiver checks signatures
    inbox = reverse("webhook-inbox", kwargs={"endpoint": endpoint.pk})
    headers, body = receiver.requests[0]
    ok = client.post(
        inbox, body, content_type="application/json", headers={"Huiwu-Signature": headers["huiwu-signature"]}
    )
    assert ok.status_code == 204
    assert (
        client.post(
            inbox, body, content_type="application/json", headers={"Huiwu-Signature": "t=1,v1=00"}
        ).status_code
        == 401
    )
    # another organisation's endpoint and deliveries are not found
    other = services.create_endpoint(
        org=tenant_b.org, actor=tenant_b.owner, url=receiver.url, events=["webhook.ping"]
    )
    assert (
        owner_client.get(reverse("webhooks:endpoint", kwargs={"org": org, "endpoint": other.pk})).status_code
        == 404
    )
    theirs = services.send_ping(endpoint=other, actor=tenant_b.owner)
    assert (
        owner_client.post(reverse("webhooks:resend", kwargs={"org": org, "delivery": theirs.pk})).status_code
        == 404
    )


def test_an_event_no_one_listens_to_costs_no_query(tenant_a, django_assert_num_queries):
    services.subscribed(tenant_a.org.pk, "checkin.accepted")  # read once
    with django_assert_num_queries(0):
        for _ in range(100):
            services.emit(tenant_a.org, "checkin.accepted", {"x": 1})


def test_the_demo_has_an_endpoint_with_deliveries_its_own_receiver_accepts(
    client, db, django_capture_on_commit_callbacks, monkeypatch
):
    from huiwu.demo import load_demo

    queued = []
    monkeypatch.setattr(services, "_enqueue", lambda pk, delay=None: queued.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        org = load_demo()
    endpoint = Endpoint.objects.get(org=org)
    events = set(endpoint.deliveries.values_list("event", flat=True))
    assert {"webhook.ping", "agenda.published", "checkin.accepted", "incident.reported"} <= events
    assert sorted(queued) == sorted(endpoint.deliveries.values_list("pk", flat=True))
    delivery = endpoint.deliveries.get(event="webhook.ping")
    body = json.dumps(delivery.payload).encode()
    stamp = int(timezone.now().timestamp())
    path = endpoint.url.removeprefix(settings.SITE_URL)
    signed = {"Huiwu-Signature": signing.signature(endpoint.secret, stamp, body)}
    assert client.post(path, body, content_type="application/json", headers=signed).status_code == 204
