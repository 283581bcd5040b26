"""Shared fixtures: two tenants with one of every record, signed-in clients, API tokens,
a private Redis server and Huiwu servers in their own processes."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from huiwu.agenda.models import Proposal, Session, SessionSpeaker, Slot, Speaker
from huiwu.api.services import create_token
from huiwu.attendees.models import Attendee, ImportRun
from huiwu.checkin.models import Device, Gate, Scan
from huiwu.clients.models import Contact
from huiwu.core.models import AuditEntry
from huiwu.events.models import KPI, RequirementItem, Task, TaskAttachment
from huiwu.events.services.playbook import create_default_playbook
from huiwu.jobs.models import Job
from huiwu.notifications.models import Notification
from huiwu.onsite.models import Checklist, Cue, Incident, Post, SheetLine
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Invitation, Membership
from huiwu.orgs.services import invite_member
from huiwu.risks.models import IssuedReport, Plan, Risk, RiskRule
from huiwu.venues.models import Evaluation, Room, Venue, VenueFile
from tests.factories.events import ClientFactory, MeetingFactory
from tests.factories.orgs import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    from django.conf import settings

    os.environ["HUIWU_FAST_PASSWORD_HASHING"] = "1"  # servers started by tests inherit it
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Every test must run: a skipped test proves nothing. ------------------------------------
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_line(
            f"ERROR: {len(skipped)} test(s) were skipped; every test must run.", red=True
        )


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and session.exitstatus == 0:
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _writers_let_go(django_db_setup, django_db_blocker):
    """The live interaction's writer threads (votes, heartbeats) hold database connections: they let
    go before the test databases are dropped."""
    yield
    from huiwu.interaction import presence, recorder

    with django_db_blocker.unblock():
        recorder.get_recorder().stop()
        presence.get_presence().stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters are per user or device id; ids repeat between tests."""
    from django.core.cache import cache

    from huiwu.events import archived
    from huiwu.interaction import presence, store, voting
    from huiwu.webhooks.services import forget_subscriptions

    cache.clear()
    store.reset()  # the vote store and the polls' rules: poll and participant ids repeat between tests
    voting.forget_rules()
    presence.get_presence().forget()
    forget_subscriptions()  # which organisations listen for which events: ids repeat between tests
    archived.forget()  # which meetings are archived: the same
    yield
    archived.forget()


@pytest.fixture(autouse=True)
def _huey_immediate():
    """Tasks run inline unless a test asks for the real queue (see tests/jobs)."""
    HUEY.immediate = True
    yield
    HUEY.immediate = False


@dataclass
class Tenant:
    org: object
    owner: object
    membership: object
    client: object
    meeting: object
    job: object
    notification: object
    invitation: object
    token: object
    raw_token: str
    other_member: object
    audit_entry: object
    contact: object = None
    requirement: object = None
    kpi: object = None
    task: object = None
    attachment: object = None
    playbook: object = None
    template_task: object = None
    venue: object = None
    room: object = None
    evaluation: object = None
    risk: object = None
    plan: object = None
    venue_file: object = None
    rule: object = None
    session: object = None
    speaker: object = None
    slot: object = None
    attendee: object = None
    import_run: object = None
    gate: object = None
    device: object = None
    scan: object = None
    incident: object = None
    cue: object = None
    post: object = None
    checklist: object = None
    proposal: object = None
    endpoint: object = None
    delivery: object = None
    standard: object = None
    override: object = None
    issued_report: object = None
    inspection: object = None
    inspection_item: object = None
    inspection_photo: object = None
    staff_person: object = None
    certificate: object = None
    training: object = None
    supplier: object = None
    supplier_contact: object = None
    supplier_document: object = None
    supplier_case: object = None
    supplier_failure: object = None
    supplier_rating: object = None
    supplier_need: object = None
    candidate: object = None
    quote: object = None
    supplier_duty: object = None
    sheet_line: object = None
    supplier_portal_user: object = None
    portal_user: object = None
    clause: object = None
    contract_template: object = None
    contract: object = None
    contract_milestone: object = None
    contract_adjustment: object = None
    supplier_contract: object = None
    budget: object = None
    budget_line: object = None
    budget_review: object = None
    budget_revision: object = None
    budget_scenario: object = None
    feedback_topic: object = None
    feedback_station: object = None
    survey: object = None
    survey_question: object = None
    feedback_call: object = None
    live: object = None
    poll: object = None
    live_question: object = None
    prize: object = None
    winner: object = None


def png_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (29, 78, 216)).save(buf, "PNG")
    return buf.getvalue()


def seeded_rule(org):
    from huiwu.risks.services import seed_rules

    seed_rules(org=org)
    return RiskRule.objects.filter(org=org).first()


def make_tenant() -> Tenant:
    membership = MembershipFactory(role=Role.OWNER)
    org, owner = membership.org, membership.user
    other = MembershipFactory(org=org, role=Role.PLANNER)
    client = ClientFactory(org=org)
    meeting = MeetingFactory(org=org, client=client)
    job = Job.objects.create(org=org, created_by=owner, kind="audit_export")
    note = Notification.objects.create(user=owner, org=org, title="hello")
    invitation, _raw = invite_member(
        org=org, email=f"new-{org.slug}@example.com", role=Role.PLANNER, actor=owner
    )
    token, raw = create_token(membership=membership, name="test")
    entry = AuditEntry.objects.filter(org=org).first()
    contact = Contact.objects.create(org=org, client=client, name="联系人")
    requirement = RequirementItem.objects.create(meeting=meeting, dimension="goal", title="品牌曝光")
    kpi = KPI.objects.create(meeting=meeting, target=1000, unit="人")
    task = Task.objects.create(
        org=org,
        meeting=meeting,
        title="任务",
        due_at=timezone.now(),
        checklist=[{"text": "a", "done": False}],
    )
    attachment = TaskAttachment.objects.create(
        task=task, file=ContentFile(b"x", name="a.txt"), name="a.txt", size=1
    )
    playbook = create_default_playbook(org=org)
    venue = Venue.objects.create(org=org, name=f"场馆{org.pk}", city="上海", day_rate=10000)
    room = Room.objects.create(venue=venue, name="大厅", area=1000, theatre=800)
    evaluation = Evaluation.objects.create(meeting=meeting, room=room)
    risk = Risk.objects.create(meeting=meeting, category="weather", title="暴雨")
    plan = Plan.objects.create(risk=risk, title="B计划", trigger="暴雨预警")
    venue_file = VenueFile.objects.create(
        venue=venue, file=ContentFile(png_bytes(), name="hall.png"), name="hall.png"
    )
    slot = Slot.objects.create(meeting=meeting, date=meeting.start_date, start=dt.time(9), duration=45)
    speaker = Speaker.objects.create(meeting=meeting, name="讲者")
    session = Session.objects.create(meeting=meeting, title="主旨演讲", audience=100)
    SessionSpeaker.objects.create(session=session, speaker=speaker)
    attendee = Attendee.objects.create(
        org=org, meeting=meeting, name="参会者", mobile=f"+86139{org.pk:08d}", email=f"a{org.pk}@example.com"
    )
    import_run = ImportRun.objects.create(org=org, meeting=meeting, filename="list.xlsx")
    gate = Gate.objects.create(org=org, meeting=meeting, name="北门")
    device = Device.objects.create(org=org, gate=gate, name="手机")
    scan = Scan.objects.create(  # an offline clash, to be reviewed
        org=org, meeting=meeting, gate=gate, scan_id=f"t{org.pk}", badge_digest="x", status="not_allowed",
        scanned_at=timezone.now(), offline=True, device_status="accepted", flagged=True,
    )  # fmt: skip
    incident = Incident.objects.create(
        org=org, meeting=meeting, number=1, tier="general", title="话筒故障", reported_at=timezone.now(),
        minutes={"general": {"respond": 3, "resolve": 10}},
    )  # fmt: skip
    cue = Cue.objects.create(org=org, meeting=meeting, title="开门", start=timezone.now(), minutes=5)
    post = Post.objects.create(org=org, meeting=meeting, role="coordinator")
    checklist = Checklist.objects.create(
        org=org,
        meeting=meeting,
        kind="briefing",
        title="晨会",
        due_at=timezone.now(),
        items=[{"text": "点名"}],
    )
    return Tenant(
        org,
        owner,
        membership,
        client,
        meeting,
        job,
        note,
        invitation,
        token,
        raw,
        other,
        entry,
        contact,
        requirement,
        kpi,
        task,
        attachment,
        playbook,
        playbook.tasks.first(),
        venue,
        room,
        evaluation,
        risk,
        plan,
        venue_file,
        seeded_rule(org),
        session,
        speaker,
        slot,
        attendee,
        import_run,
        gate,
        device,
        scan,
        incident,
        cue,
        post,
        checklist,
        Proposal.objects.create(meeting=meeting, before={str(session.pk): [None, None]}),
        *_webhook(org),
        *_standards(org, meeting),
        _issued_report(meeting),
        *_inspection(org, meeting),
        *_staff(org),
        *_suppliers(org, meeting),
        *_contracts(org, meeting),
        *_feedback(org, meeting),
        *_interaction(org, meeting, attendee),
    )


def _interaction(org, meeting, attendee):
    """A live interaction with a poll, a question shown and a drawn prize with its winner."""
    from huiwu.interaction import fairness
    from huiwu.interaction.models import Draw, Live, Participant, Poll, Prize, Question, Winner

    live = Live.objects.create(org=org, meeting=meeting, code=f"T{org.pk:05d}", screen_token=f"s-{org.pk}",
                               client_token=f"c-{org.pk}")  # fmt: skip
    poll = Poll.objects.create(org=org, meeting=meeting, question="最期待？",
                               options=[{"id": "1", "label": "甲"}, {"id": "2", "label": "乙"}])  # fmt: skip
    person = Participant.objects.create(live=live, attendee=attendee, name="观众")
    question = Question.objects.create(live=live, participant=person, text="何时发布？", status="approved")
    prize = Prize.objects.create(org=org, meeting=meeting, name="一等奖")
    pool, seed = f"a{attendee.pk}", "0" * 64
    now = timezone.now()
    draw = Draw.objects.create(
        prize=prize,
        status="drawn",
        pool=pool,
        pool_size=1,
        pool_hash=fairness.digest(pool),
        seed=seed,
        seed_hash=fairness.digest(seed),
        frozen_at=now,
        drawn_at=now,
        picks=1,
    )
    winner = Winner.objects.create(draw=draw, position=0, entry=pool, attendee=attendee, shown_as="参*者")
    return live, poll, question, prize, winner


def _feedback(org, meeting):
    from huiwu.attendees.models import Attendee
    from huiwu.feedback.models import Call, Question, Station, Survey, Topic

    topic = Topic.objects.create(org=org, name="茶歇拥挤", words="拥挤,排队")
    station = Station.objects.create(org=org, meeting=meeting, name="茶歇区", token=f"fb-{org.pk}")
    survey = Survey.objects.create(org=org, meeting=meeting, title="满意度调查")
    question = Question.objects.create(survey=survey, kind="satisfaction", text="总体满意度", required=True)
    call = Call.objects.create(
        meeting=meeting, attendee=Attendee.objects.filter(meeting=meeting).first(), due_at=timezone.now()
    )
    return topic, station, survey, question, call


def _contracts(org, meeting):
    from huiwu.contracts.models import Adjustment, Clause, Contract, ContractClause, Milestone, Template

    template = Template.objects.filter(org=org, kind="client").first()
    contract = Contract.objects.create(
        org=org, meeting=meeting, number=f"HT-T-{org.pk}", kind="client", title="客户服务协议",
        template=template, client=meeting.client, total="1000.00",
    )  # fmt: skip
    ContractClause.objects.create(contract=contract, title="服务内容", text="承办会议")
    milestone = Milestone.objects.create(contract=contract, name="全款", share="100", amount="1000.00",
                                         anchor="end")  # fmt: skip
    adjustment = Adjustment.objects.create(contract=contract, kind="refund", basis="测试", base="1000.00",
                                           share="20", amount="200.00")  # fmt: skip
    from django.core.files.base import ContentFile

    from huiwu.contracts.models import Sending
    from huiwu.suppliers.models import Supplier

    supplier_contract = Contract.objects.create(
        org=org, meeting=meeting, number=f"HT-S-{org.pk}", kind="supplier", title="供应商服务合同",
        supplier=Supplier.objects.filter(org=org).first(), total="500.00", state="sent",
    )  # fmt: skip
    Sending.objects.create(
        contract=supplier_contract, number=1, version=1, digest="0" * 64, document_sha256="0" * 64,
        document=ContentFile(b"%PDF-1.4\n%%EOF\n", name="sent.pdf"), sent_at=timezone.now(),
    )  # fmt: skip
    from huiwu.budgets import services as budgets
    from tests.budgets import editor

    budget = budgets.create(meeting=meeting, membership=editor(meeting), total="100000")
    venue = budget.categories.get(key="venue")
    budget_line = budgets.save_line(
        budget=budget,
        membership=editor(budget),
        data=budgets.LineInput(category=venue, name="场地", unit_price="40000"),
    )
    from huiwu.budgets.models import Review

    budget_review = Review.objects.create(budget=budget, number=1)
    from huiwu.budgets.models import Revision

    budget_revision = Revision.objects.create(budget=budget, number=1, reason="基线", total=budget.total)
    from huiwu.budgets.models import Scenario

    budget_scenario = Scenario.objects.create(budget=budget, name="1000 人", attendance=1000, lines={})
    return (
        Clause.objects.filter(org=org).first(),
        template,
        contract,
        milestone,
        adjustment,
        supplier_contract,
        budget,
        budget_line,
        budget_review,
        budget_revision,
        budget_scenario,
    )


def _suppliers(org, meeting):
    from huiwu.suppliers.models import (
        Candidate,
        Case,
        Contact,
        Document,
        Duty,
        Failure,
        Kickoff,
        Need,
        PortalUser,
        Quote,
        QuoteLine,
        Rating,
        Supplier,
    )

    supplier = Supplier.objects.create(org=org, name="声光科技", credit_code="91350100M000100Y43",
                                       categories_text=",av,", cities_text=",上海,")  # fmt: skip
    contact = Contact.objects.create(
        supplier=supplier, name="王工", mobile=f"+86139{org.pk:08d}", emergency=True
    )
    document = Document.objects.create(
        supplier=supplier, kind="licence", number="L-1", file=ContentFile(png_bytes(), name="licence.png"),
        file_name="licence.png",
    )  # fmt: skip
    case = Case.objects.create(
        supplier=supplier, title="年会", year=2025, attendance=800, equipment_units=100
    )
    failure = Failure.objects.create(supplier=supplier, case=case, happened_on=dt.date(2025, 6, 1),
                                     equipment="无线麦", units=1)  # fmt: skip
    rating = Rating.objects.create(supplier=supplier, meeting=meeting, scores={}, weights={}, score="4.50")
    need = Need.objects.create(meeting=meeting, category="av", title="主会场音响")
    candidate = Candidate.objects.create(need=need, supplier=supplier)
    quote = Quote.objects.create(candidate=candidate)
    QuoteLine.objects.create(quote=quote, item="线阵音箱", quantity=8, unit="只")
    duty = Duty.objects.create(meeting=meeting, supplier=supplier, text="设备调试")
    Kickoff.objects.create(meeting=meeting, held_at=timezone.now(), place="会议室")
    now = timezone.now()
    line = SheetLine.objects.create(org=org, meeting=meeting, supplier=supplier, task="设备调试",
                                    starts_at=now, ends_at=now + dt.timedelta(hours=1))  # fmt: skip
    person = UserFactory(email=f"vendor{org.pk}@example.com")
    access = PortalUser.objects.create(supplier=supplier, user=person)
    return (
        supplier,
        contact,
        document,
        case,
        failure,
        rating,
        need,
        candidate,
        quote,
        duty,
        line,
        access,
        person,
    )


def _staff(org):
    from huiwu.staff.models import Certificate, Person, Training

    person = Person.objects.create(org=org, name="孙丽", mobile=f"+86137{org.pk:08d}")
    certificate = Certificate.objects.create(
        person=person, kind="health", number="H-1", issued_on=dt.date(2026, 1, 5),
        scan=ContentFile(png_bytes(), name="health.png"),
    )  # fmt: skip
    training = Training.objects.create(person=person, course="礼仪", hours=8, taken_on=dt.date(2026, 3, 1))
    return person, certificate, training


def _inspection(org, meeting):
    from huiwu.inspections.models import Inspection, Item, Photo

    inspection = Inspection.objects.create(
        org=org, meeting=meeting, kind="safety", place="场地", post="emergency", due_at=timezone.now()
    )
    item = Item.objects.create(inspection=inspection, key="safety.first_aid_aed", measured=False)
    photo = Photo.objects.create(
        item=item, file=ContentFile(png_bytes(), name="aed.png"), taken_at=timezone.now()
    )
    return inspection, item, photo


def _issued_report(meeting):
    pdf = ContentFile(b"%PDF-1.4\n", name="report.pdf")
    return IssuedReport.objects.create(
        meeting=meeting, number=1, issued_at=timezone.now(), standards_version=1, risks=1, file=pdf
    )


def _standards(org, meeting):
    from huiwu.standards.models import Override, Rule

    rule = Rule.objects.get(org=org, key="health.temperature")
    return rule, Override.objects.create(meeting=meeting, rule=rule, low=23, high=25, reason="客户要求")


def _webhook(org):
    from huiwu.webhooks.models import Delivery, Endpoint

    endpoint = Endpoint.objects.create(
        org=org, url="https://hooks.example.com/x", events=["webhook.ping"], secret="s"
    )
    return endpoint, Delivery.objects.create(
        endpoint=endpoint, event="webhook.ping", payload={}, status="succeeded"
    )


@pytest.fixture
def tenant_a(db):
    return make_tenant()


@pytest.fixture
def tenant_b(db):
    return make_tenant()


@pytest.fixture
def owner_client(client, tenant_a):
    client.force_login(tenant_a.owner)
    return client


def member(org, role) -> Membership:
    return MembershipFactory(org=org, role=role)


@pytest.fixture
def api(client):
    """``api(token).get(path)`` etc.: the Django test client with a bearer token."""

    class Api:
        def __init__(self, token: str):
            self.auth = {"Authorization": f"Bearer {token}"}

        def _headers(self, kw):
            return {**self.auth, **kw.pop("headers", {})}

        def get(self, path, **kw):
            return client.get(path, headers=self._headers(kw), **kw)

        def delete(self, path, **kw):
            return client.delete(path, headers=self._headers(kw), **kw)

        def post(self, path, data=None, **kw):
            return client.post(path, data, content_type="application/json", headers=self._headers(kw), **kw)

        def patch(self, path, data=None, **kw):
            return client.patch(path, data, content_type="application/json", headers=self._headers(kw), **kw)

        def put(self, path, data=None, **kw):
            return client.put(path, data, content_type="application/json", headers=self._headers(kw), **kw)

    return Api


# --- Processes: Redis and Huiwu servers -------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url():
    """A private Redis server on loopback, for tests of several processes sharing Redis."""
    exe = shutil.which("redis-server")
    assert exe, "redis-server is needed (make test installs it)"
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="huiwu-redis-")
    proc = subprocess.Popen(
        [
            exe,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(5)
    shutil.rmtree(workdir, ignore_errors=True)


def database_env() -> dict[str, str]:
    """Environment that points a child process at the test database this session uses."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"HUIWU_SQLITE_PATH": str(s["NAME"])}
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return {"DATABASE_URL": f"postgres://{s['USER']}:{s['PASSWORD']}@{host}:{port}/{s['NAME']}"}


class ServerProcess:
    def __init__(self, *, redis_url: str = "", worker: bool = True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        dropped = ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        env.update(database_env())
        self.tmp = tempfile.mkdtemp(prefix="huiwu-server-")
        env["HUIWU_QUEUE_PATH"] = str(Path(self.tmp) / "queue.sqlite3")
        env["HUIWU_LIVE_COALESCE_SECONDS"] = "0.1"
        env["HUIWU_EMAIL_FILE_PATH"] = str(Path(self.tmp) / "mail")  # what the server mails, to read
        if redis_url:
            env["REDIS_URL"] = redis_url
            env["HUIWU_QUEUE_NAME"] = f"test-{self.port}"
        args = [sys.executable, "-m", "huiwu", "serve", "--port", str(self.port), "--no-migrate"]
        if not worker:
            args.append("--no-worker")
        self.log = Path(self.tmp) / "server.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code in (200, 503):
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()}")

    def _mail_files(self) -> list[Path]:
        folder = Path(self.tmp) / "mail"
        return sorted(folder.glob("*")) if folder.exists() else []

    def forget_mails(self) -> None:
        """From now on ``mails`` shows only what is sent after this (a server shared between tests)."""
        self._forgotten = set(self._mail_files())

    def mails(self) -> list[str]:
        """The messages the server sent (its mail backend writes each to a file)."""
        forgotten = getattr(self, "_forgotten", set())
        return [f.read_text() for f in self._mail_files() if f not in forgotten]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def _shared_servers():
    """One plain server (with its worker) per test process and database, shared by the browser tests
    that ask for nothing special: starting one costs seconds, and each test makes its own
    organisation in a database flushed after it. A test that asks for Redis or no worker gets its own."""
    shared: dict[str, ServerProcess] = {}
    yield shared
    for server in shared.values():
        server.stop()


@pytest.fixture(autouse=True)
def _shared_server_only_for_browser_tests(request, _shared_servers):
    """The shared server (and its worker's periodic tasks) runs only while browser tests follow each
    other: any other test finds it stopped, as it found the database before the server existed."""
    if "e2e" not in request.keywords and _shared_servers:
        for server in _shared_servers.values():
            server.stop()
        _shared_servers.clear()


@pytest.fixture
def start_server(_shared_servers):
    servers: list[ServerProcess] = []

    def start(**kwargs) -> ServerProcess:
        if not kwargs:
            key = json.dumps(database_env(), sort_keys=True)
            server = _shared_servers.get(key)
            if server is None or server.proc.poll() is not None:
                server = _shared_servers[key] = ServerProcess()
            server.forget_mails()
            return server
        server = ServerProcess(**kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def login_cookie(user) -> dict[str, str]:
    """A real session for ``user`` in the test database, usable by a browser or a WebSocket client."""
    from django.test import Client

    c = Client()
    c.force_login(user)
    return {"sessionid": c.cookies["sessionid"].value}


__all__ = ["PASSWORD", "Invitation", "OrganizationFactory", "UserFactory", "login_cookie", "member"]
