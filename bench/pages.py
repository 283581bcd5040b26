"""Server time and SQL queries of the main pages and API lists, with a realistic organisation."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huiwu.api.services import create_token
from huiwu.demo import load_demo
from huiwu.orgs.models import Membership
from tests.factories.events import ClientFactory, MeetingFactory

ROUNDS = 30


def measure(client: Client, url: str, **kw) -> tuple[float, float, int]:
    times = []
    queries = 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url, **kw)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries


def run() -> None:
    org = load_demo()
    clients = [ClientFactory(org=org) for _ in range(20)]
    for i in range(200):
        MeetingFactory(org=org, client=clients[i % 20], stage=1 + i % 5)
    membership = Membership.objects.get(org=org, user__username="demo")
    _token, raw = create_token(membership=membership, name="bench")
    web = Client(SERVER_NAME="127.0.0.1")
    web.force_login(membership.user)
    api_headers = {"Authorization": f"Bearer {raw}"}
    print(f"\n# Pages and API ({org.meetings.count()} meetings, {ROUNDS} rounds, in-process, SQLite)")
    print(f"{'page':42} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, url, kw in [
        ("dashboard /o/demo/", "/o/demo/", {}),
        ("meetings /o/demo/meetings/", "/o/demo/meetings/", {}),
        ("clients /o/demo/clients/", "/o/demo/clients/", {}),
        ("audit trail /o/demo/audit/", "/o/demo/audit/", {}),
        ("API GET /api/v1/meetings?limit=100", "/api/v1/meetings?limit=100", {"headers": api_headers}),
        ("API GET /api/v1/me", "/api/v1/me", {"headers": api_headers}),
    ]:
        p50, p95, q = measure(web, url, **kw)
        print(f"{label:42} {p50:8.1f} {p95:8.1f} {q:8d}")
