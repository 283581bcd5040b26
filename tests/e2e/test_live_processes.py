"""Live updates end to end through real servers: one process on its own, and two processes that
share Redis (the socket on one, the write on the other)."""

import json
import time
from contextlib import contextmanager

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from huiwu.orgs.enums import Role
from tests.conftest import login_cookie, make_tenant

pytestmark = pytest.mark.e2e


@contextmanager
def open_socket(server, user, org_slug):
    cookie = login_cookie(user)
    with connect(
        server.url.replace("http", "ws") + f"/ws/live/?org={org_slug}",
        additional_headers={"Cookie": f"sessionid={cookie['sessionid']}", "Origin": server.url},
        open_timeout=10,
    ) as ws:
        hello = json.loads(ws.recv(timeout=10))
        assert hello["type"] == "hello"
        assert hello["topics"] == [f"user:{user.pk}", f"org:{user.memberships.get().org_id}"]
        yield ws


def change_role_over_http(server, owner, tenant, role):
    cookies = login_cookie(owner)
    with httpx.Client(base_url=server.url, cookies=cookies, timeout=10) as http:
        http.get(f"/o/{tenant.org.slug}/members/")
        url = f"/o/{tenant.org.slug}/members/{tenant.other_member.pk}/role/"
        response = http.post(url, data={"role": role}, headers={"X-CSRFToken": http.cookies["csrftoken"]})
        assert response.status_code == 302, response.text


def next_event(ws, wanted: str, timeout: float = 10) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        event = json.loads(ws.recv(timeout=deadline - time.time()))
        if event.get("type") == wanted:
            return event
    raise AssertionError(f"no {wanted} event")


def test_notification_count_is_pushed_on_one_process(start_server, transactional_db):
    tenant = make_tenant()
    server = start_server()
    with open_socket(server, tenant.other_member.user, tenant.org.slug) as ws:
        change_role_over_http(server, tenant.owner, tenant, Role.FINANCE)
        assert next_event(ws, "notifications.count") == {"type": "notifications.count", "count": 1}


def test_notification_count_crosses_processes_through_redis(start_server, redis_url, transactional_db):
    tenant = make_tenant()
    reader = start_server(redis_url=redis_url)
    writer = start_server(redis_url=redis_url, worker=False)
    with open_socket(reader, tenant.other_member.user, tenant.org.slug) as ws:
        change_role_over_http(writer, tenant.owner, tenant, Role.FINANCE)
        assert next_event(ws, "notifications.count")["count"] == 1
        change_role_over_http(writer, tenant.owner, tenant, Role.VIEWER)
        assert next_event(ws, "notifications.count")["count"] == 2


def test_socket_without_session_is_refused(start_server, transactional_db):
    server = start_server()
    with pytest.raises(InvalidStatus) as refused:
        connect(server.url.replace("http", "ws") + "/ws/live/", additional_headers={"Origin": server.url})
    assert refused.value.response.status_code == 403


def test_socket_from_a_foreign_origin_is_refused(start_server, transactional_db):
    tenant = make_tenant()
    server = start_server()
    cookie = login_cookie(tenant.owner)
    with pytest.raises(InvalidStatus) as refused:
        connect(
            server.url.replace("http", "ws") + "/ws/live/",
            additional_headers={
                "Origin": "http://evil.example",
                "Cookie": f"sessionid={cookie['sessionid']}",
            },
        )
    assert refused.value.response.status_code == 403


def test_healthz_of_a_real_server_reports_the_worker(start_server, transactional_db):
    server = start_server()
    body = httpx.get(server.url + "/healthz", timeout=5).json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["worker"]["status"] == "ok"


def test_an_incident_reported_on_one_process_reaches_a_command_centre_on_another(
    start_server, redis_url, transactional_db
):
    tenant = make_tenant()
    screen = start_server(redis_url=redis_url)  # the big screen's socket is here
    phone = start_server(redis_url=redis_url, worker=False)  # the report goes there
    with open_socket(screen, tenant.owner, tenant.org.slug) as ws:
        cookies = login_cookie(tenant.owner)
        with httpx.Client(base_url=phone.url, cookies=cookies, timeout=10) as http:
            url = f"/o/{tenant.org.slug}/onsite/for/{tenant.meeting.pk}/incidents/"
            http.get(url)
            data = {"tier": "major", "category": "medical", "title": "观众晕倒", "location": "A厅"}
            response = http.post(url, data=data, headers={"X-CSRFToken": http.cookies["csrftoken"]})
            assert response.status_code == 302, response.text
        event = next_event(ws, "incident.changed")
        assert event["meeting"] == tenant.meeting.pk
