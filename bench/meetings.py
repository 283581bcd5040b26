"""Meetings at agency scale: creating one from the default playbook, and the workspace, board,
my-tasks and calendar pages for an organisation with 200 meetings and 12,000 tasks."""

import datetime as dt
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huiwu.accounts.models import User
from huiwu.clients.services import ClientInput, create_client
from huiwu.events.enums import Stage
from huiwu.events.models import Meeting, Task
from huiwu.events.services import MeetingInput, create_meeting
from huiwu.orgs.enums import Role
from huiwu.orgs.services import add_member, create_organization

MEETINGS = 200
TASKS_PER_MEETING = 60
ROUNDS = 20


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def timed_page(client: Client, url: str) -> tuple[float, float, int]:
    times, queries = [], 0
    for _ in range(ROUNDS):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(times), pct(times, 0.95), queries


def run() -> None:
    owner = User.objects.create_user(username="bench-owner", password="bench-only", name="压测")
    org = create_organization(name="压测会务公司", slug="bench", owner=owner)
    staff = [
        User.objects.create_user(username=f"bench-{i}", password="bench-only", name=f"员工{i}")
        for i in range(8)
    ]
    for i, user in enumerate(staff):
        add_member(org=org, user=user, role=[Role.PROJECT_MANAGER, Role.PLANNER][i % 2], actor=owner)
    clients = [
        create_client(org=org, actor=owner, data=ClientInput(name=f"客户{i}", industry="", size="", notes=""))
        for i in range(20)
    ]
    today = timezone.localdate()

    create_times = []
    web = Client(SERVER_NAME="127.0.0.1")
    web.force_login(owner)
    figures = {}
    for n in range(MEETINGS):
        start = today + dt.timedelta(days=(n * 3) % 300 - 30)
        t0 = time.perf_counter()
        meeting = create_meeting(
            org=org,
            actor=owner,
            data=MeetingInput(
                name=f"会议{n}",
                client=clients[n % 20],
                start_date=start,
                end_date=start,
                stage=1 + n % 5,
                owner=staff[n % 8],
                expected_attendance=300,
            ),
        )
        create_times.append((time.perf_counter() - t0) * 1000)
        extra = TASKS_PER_MEETING - meeting.tasks.count()
        Task.objects.bulk_create(
            Task(
                org=org,
                meeting=meeting,
                title=f"附加任务{i}",
                stage=1 + i % 5,
                assignee=staff[(n + i) % 8],
                due_at=timezone.now() + dt.timedelta(days=i - 20),
            )
            for i in range(extra)
        )
        Task.objects.filter(meeting=meeting).update(assignee=staff[n % 8])
        if n + 1 in (10, MEETINGS):
            figures[n + 1] = _pages(web, org, meeting, staff[n % 8])

    tasks = Task.objects.filter(org=org).count()
    print(f"\n# Meetings ({MEETINGS} meetings, {tasks} tasks; in-process, {connection.vendor})")
    print(
        f"create a meeting with the default playbook: p50 {statistics.median(create_times):.1f} ms, "
        f"p95 {pct(create_times, 0.95):.1f} ms"
    )
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'queries at 10 meetings':>24}")
    for label, (p50, p95, q) in figures[MEETINGS].items():
        q10 = figures[10][label][2]
        flag = "" if q == q10 else "  <-- grows with rows"
        print(f"{label:34} {p50:8.1f} {p95:8.1f} {q:8d} {q10:24d}{flag}")
    assert Meeting.objects.filter(org=org, stage=Stage.INTAKE).exists()


def _pages(web: Client, org, meeting: Meeting, member: User) -> dict:
    other = Client(SERVER_NAME="127.0.0.1")
    other.force_login(member)
    base = f"/o/{org.slug}"
    return {
        "workspace (one meeting, 60 tasks)": timed_page(web, f"{base}/meetings/{meeting.pk}/"),
        "pipeline board (all meetings)": timed_page(web, f"{base}/meetings/"),
        "my tasks (a planner)": timed_page(other, f"{base}/tasks/"),
        "agency calendar (this month)": timed_page(web, f"{base}/tasks/calendar/"),
        "all tasks of one meeting": timed_page(web, f"{base}/meetings/{meeting.pk}/tasks/"),
    }
