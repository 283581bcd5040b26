"""The budget page and the weekly review page of a meeting with 500 line items: server time (p50, p95)
and SQL queries, against the same pages with 50 lines (the count must not grow).

The lines are drawn at random with a fixed seed — quantities from 1 to 2,000 with two decimals,
prices from cents to a million, tax rates of 0, 3, 6, 9 and 13%, credit lines, names of any length —;
a fifth share signed contracts (several lines to one contract), a tenth name a supplier whose quote the
meeting accepted, and some are over plan and decided in a signed-off review."""

import random
import statistics
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huiwu.budgets import reviews, selectors, services
from huiwu.budgets.enums import DecisionKind
from huiwu.contracts import signing
from huiwu.contracts.enums import State
from huiwu.contracts.models import Contract
from huiwu.core.errors import DomainError
from huiwu.demo import load_demo
from huiwu.events.models import Meeting
from huiwu.orgs.models import Membership
from tests.factories.events import MeetingFactory

ROUNDS = 30
LINES = 500
CHARS = "会场设备餐饮物料AV直播同传礼仪x0 =+'\"<>&"


def _measure(client: Client, url: str) -> tuple[float, float, int]:
    times, queries = [], 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries


def _budget(org, membership, lines: int, rng: random.Random):
    summit = Meeting.objects.get(org=org, name="新经济产业峰会")
    meeting = MeetingFactory(org=org, client=summit.client, owner=membership.user)
    budget = services.create(meeting=meeting, membership=membership, total="5000000")
    categories = list(budget.categories.all())
    template = Contract.objects.filter(org=org, kind="supplier").first()
    contracts = []
    for n in range(max(lines // 25, 1)):  # signed contracts, each shared by several lines
        c = Contract.objects.create(
            org=org, meeting=meeting, kind="supplier", supplier=template.supplier, template=template.template,
            number=f"B-{meeting.pk}-{n}", title="bench", total=Decimal(rng.randint(1000, 900000)),
            state=State.APPROVED,
        )  # fmt: skip
        signing.record_paper(contract=c, actor=None, scan=b"%PDF-1.4", signed_on=timezone.localdate())
        contracts.append(c)
    supplier = template.supplier
    made = []
    refused = [0]
    while len(made) < lines:
        credit = rng.random() < 0.03
        price = Decimal(rng.randint(1, 100_000_000)) / 100
        data = services.LineInput(
            category=rng.choice(categories),
            name="".join(rng.choice(CHARS) for _ in range(rng.randint(1, 60))).strip() or "x",
            quantity=str(Decimal(rng.randint(1, 200_000)) / 100),
            unit=rng.choice(["", "天", "份", "人·天", "项"]),
            unit_price=str(-price if credit else price),
            tax_rate=rng.choice(["0", "3", "6", "9", "13"]),
            credit=credit,
            contract=rng.choice(contracts) if rng.random() < 0.2 else None,
            supplier=supplier if rng.random() < 0.1 else None,
            client_price=str(price * 2) if rng.random() < 0.3 else None,
        )
        try:  # a drawn name the input rules refuse (no letter or digit) is refused here as in the page
            made.append(
                services.save_line(budget=budget, membership=membership, data=data, guard_after=False)
            )
        except (DomainError, ValidationError):
            refused[0] += 1
    review = reviews.open_review(budget=budget, membership=membership)
    by_id = {ln.pk: ln for ln in made}
    for line_id in reviews.over_plan(selectors.sheet(budget)):  # every line over plan decided
        data = reviews.DecisionInput(line=by_id[line_id], kind=DecisionKind.ACCEPT, reason="bench")
        reviews.decide(review=review, membership=membership, data=data)
    reviews.sign_off(review=review, membership=membership)
    reviews.open_review(budget=budget, membership=membership)  # the next week's, with its trend
    return meeting


def run() -> None:
    org = load_demo()
    membership = Membership.objects.get(org=org, user__username="demo")
    rng = random.Random(20261207)  # noqa: S311  (reproducible test data, not secrets)
    web = Client(SERVER_NAME="127.0.0.1")
    web.force_login(membership.user)
    print(f"\n# Budget pages ({ROUNDS} rounds, in-process, {connection.vendor})")
    print(f"{'page':42} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for lines in (50, LINES):
        meeting = _budget(org, membership, lines, rng)
        for label, url in (
            (f"budget, {lines} lines", f"/o/{org.slug}/budgets/for/{meeting.pk}/"),
            (f"weekly review, {lines} lines", f"/o/{org.slug}/budgets/for/{meeting.pk}/review/"),
        ):
            p50, p95, q = _measure(web, url)
            print(f"{label:42} {p50:8.1f} {p95:8.1f} {q:8d}")
