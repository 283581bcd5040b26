"""Incidents: report, respond, escalate on a lapsed timer (a controllable clock), resolve, close; major
incidents alert everyone on site and the client, and ask for an update every 30 minutes."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from huiwu.clients.models import Contact
from huiwu.core.errors import DomainError
from huiwu.notifications.models import Notification
from huiwu.onsite import services
from huiwu.onsite.models import Incident, IncidentUpdate
from huiwu.orgs.enums import Role
from huiwu.risks.models import Plan
from tests.conftest import make_tenant, member

pytestmark = pytest.mark.integration

T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def later(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def _kinds(incident) -> list[str]:
    return list(IncidentUpdate.objects.filter(incident=incident).values_list("kind", flat=True))


@pytest.fixture
def clean(tenant_a, tenant_b):
    Incident.objects.all().delete()  # the tenants' fixture incidents


def test_a_general_incident_escalates_when_nobody_responds(
    tenant_a, clean, django_capture_on_commit_callbacks
):
    t = tenant_a
    manager = member(t.org, Role.PROJECT_MANAGER).user
    services.set_duty_manager(org=t.org, actor=t.owner, duty_manager=manager)
    incident = services.report(
        meeting=t.meeting, actor=t.owner, tier="general", title="主话筒无声", location="主会场", now=T0
    )
    assert incident.number == 1 and incident.minutes["general"] == {"respond": 3, "resolve": 10}
    assert services.watch(later(2.5)) == {"escalated": 0, "reminded": 0}
    assert services.watch(later(3.5))["escalated"] == 1
    assert services.watch(later(4))["escalated"] == 0  # told once
    incident.refresh_from_db()
    assert incident.escalation == 1
    assert services.watch(later(6.5))["escalated"] == 1
    incident.refresh_from_db()
    assert incident.escalation == 2 and Notification.objects.filter(user=manager).exists()
    services.respond(incident=incident, actor=t.owner, now=later(7))
    services.resolve(incident=incident, actor=t.owner, fix="换备用话筒", now=later(8))
    services.close(incident=incident, actor=t.owner, now=later(9))
    assert _kinds(incident) == ["reported", "escalated", "escalated", "responded", "resolved", "closed"]
    with pytest.raises(services.IncidentClosed):
        services.add_update(incident=incident, actor=t.owner, text="again", now=later(10))
    second = services.report(
        meeting=t.meeting, actor=t.owner, tier="important", title="讲者取消", now=later(11)
    )
    assert second.number == 2


def test_a_major_incident_alerts_everyone_and_asks_for_updates(
    tenant_a, clean, django_capture_on_commit_callbacks
):
    t = tenant_a
    onsite = member(t.org, Role.ONSITE).user
    Contact.objects.filter(pk=t.contact.pk).update(email="client@example.com")
    plan = Plan.objects.create(risk=t.risk, title="疏散", trigger="火警", steps=[{"text": "广播疏散"}])
    with django_capture_on_commit_callbacks(execute=True):
        incident = services.report(meeting=t.meeting, actor=onsite, tier="major", title="配电间冒烟", now=T0)
    assert Notification.objects.filter(user=onsite).exists()
    assert any("client@example.com" in m.to for m in mail.outbox)
    services.respond(incident=incident, actor=onsite, now=later(1))
    services.activate_plan(incident=incident, actor=onsite, plan=plan, now=later(2))
    assert services.watch(later(29))["reminded"] == 0
    assert services.watch(later(33))["reminded"] == 1  # 30 minutes since the last update
    assert services.watch(later(34))["reminded"] == 0
    with pytest.raises(DomainError):
        services.close(incident=incident, actor=onsite, now=later(40))  # not resolved
    services.resolve(incident=incident, actor=onsite, fix="断电排查", now=later(40))
    with pytest.raises(DomainError):
        services.close(incident=incident, actor=onsite, now=later(41))  # a major one needs its cause
    services.resolve(incident=incident, actor=onsite, cause="线路老化", now=later(41))
    services.close(incident=incident, actor=onsite, now=later(42))
    assert "plan" in _kinds(incident) and "update_due" in _kinds(incident)


def test_bad_input_changes_nothing(tenant_a, tenant_b, clean):
    t = tenant_a
    with pytest.raises(DomainError):
        services.report(meeting=t.meeting, actor=t.owner, tier="catastrophic", title="x")
    with pytest.raises(DomainError):
        services.report(meeting=t.meeting, actor=t.owner, tier="general", title="  ")
    assert not Incident.objects.exists()
    with pytest.raises(DomainError):
        services.set_duty_manager(org=t.org, actor=t.owner, duty_manager=tenant_b.owner)
    incident = services.report(meeting=t.meeting, actor=t.owner, tier="general", title="灯光故障")
    other_plan = Plan.objects.create(risk=tenant_b.risk, title="别家", trigger="x")
    with pytest.raises(DomainError):
        services.activate_plan(incident=incident, actor=t.owner, plan=other_plan)


@pytest.mark.django_db(transaction=True)
def test_two_people_updating_at_once_lose_nothing():
    t = make_tenant()
    Incident.objects.all().delete()
    incident = services.report(meeting=t.meeting, actor=t.owner, tier="general", title="网络中断")

    def post(i: int) -> None:
        try:
            services.add_update(incident=incident, actor=t.owner, text=f"进展{i}")
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert IncidentUpdate.objects.filter(incident=incident, kind="note").count() == 6


def test_the_pages(owner_client, tenant_a, tenant_b, clean):
    org = tenant_a.org.slug
    url = reverse("onsite:incidents", kwargs={"org": org, "meeting": tenant_a.meeting.pk})
    assert owner_client.get(url).status_code == 200
    bad = owner_client.post(url, {"tier": "nope", "category": "equipment", "title": "x"})
    assert bad.status_code == 400 and not Incident.objects.exists()
    response = owner_client.post(
        url, {"tier": "general", "category": "equipment", "title": "投影仪黑屏", "location": "B厅"}
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    page = owner_client.get(response["Location"]).content.decode()
    assert "投影仪黑屏" in page and 'data-testid="timers"' in page
    act = reverse("onsite:act", kwargs={"org": org, "incident": incident.pk})
    owner_client.post(act, {"action": "respond"})
    owner_client.post(act, {"action": "resolve", "fix": "重启"})
    owner_client.post(act, {"action": "close"})
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.fix == "重启"
    owner_client.post(act, {"action": "update", "text": "迟到的更新"})
    assert not IncidentUpdate.objects.filter(text="迟到的更新").exists()
    assert timezone.now() >= incident.closed_at


def test_figures_and_the_major_incident_report(owner_client, tenant_a, clean):
    import io

    from pypdf import PdfReader

    from huiwu.onsite import selectors

    t = tenant_a
    quick = services.report(meeting=t.meeting, actor=t.owner, tier="general", title="话筒", now=T0)
    services.respond(incident=quick, actor=t.owner, now=later(2))
    services.resolve(incident=quick, actor=t.owner, fix="换电池", now=later(8))
    slow = services.report(meeting=t.meeting, actor=t.owner, tier="general", title="投影", now=T0)
    services.respond(incident=slow, actor=t.owner, now=later(4))
    services.resolve(incident=slow, actor=t.owner, fix="换机", now=later(12))
    fire = services.report(meeting=t.meeting, actor=t.owner, tier="major", title="配电间冒烟", now=T0)
    general = {f["tier"]: f for f in selectors.for_meeting(t.meeting)}["general"]
    assert (general["count"], general["respond_minutes"], general["resolve_minutes"], general["sla_met"]) == (
        2, 3.0, 10.0, 50
    )  # fmt: skip
    major = {f["tier"]: f for f in selectors.for_org(t.org)}["major"]
    assert (major["count"], major["open"], major["sla_met"]) == (1, 1, None)
    services.resolve(
        incident=fire, actor=t.owner, cause="线路老化", fix="断电", compensation="茶歇券", now=later(20)
    )
    response = owner_client.get(
        reverse("onsite:incident-pdf", kwargs={"org": t.org.slug, "incident": fire.pk})
    )
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "配电间冒烟" in text and "线路老化" in text and "茶歇券" in text
    page = owner_client.get(reverse("onsite:figures", kwargs={"org": t.org.slug})).content.decode()
    assert 'data-testid="incident-figures"' in page


def test_the_timers_come_from_the_standards_and_the_meetings_override(owner_client, tenant_a, clean):
    from huiwu.onsite.models import SlaPolicy
    from huiwu.standards.models import Rule
    from huiwu.standards.services import FigureInput, choose_variant, set_override

    t = tenant_a
    url = reverse("onsite:policy", kwargs={"org": t.org.slug})
    page = owner_client.get(url).content.decode()
    assert 'data-testid="timers"' in page and "3 分钟" in page
    respond = Rule.objects.get(org=t.org, key="incident.respond")
    choose_variant(rule=respond, actor=t.owner, variant="001", reason="按 001 执行", version=respond.version)
    assert "5 分钟" in owner_client.get(url).content.decode()
    incident = services.report(meeting=t.meeting, actor=t.owner, tier="major", title="断电", now=T0)
    assert incident.minutes["major"] == {"respond": 5, "decide": 10, "resolve": 30}
    hot = Rule.objects.get(org=t.org, key="incident.major_fixed")
    set_override(meeting=t.meeting, rule=hot, actor=t.owner, data=FigureInput(high=15), reason="客户要求")
    sooner = services.report(meeting=t.meeting, actor=t.owner, tier="major", title="再次断电", now=T0)
    assert sooner.minutes["major"]["resolve"] == 15
    incident.refresh_from_db()
    assert incident.minutes["major"]["resolve"] == 30  # a reported incident keeps its timers
    ok = owner_client.post(url, {"duty_manager": t.owner.pk})
    assert ok.status_code == 302 and SlaPolicy.objects.get(org=t.org).duty_manager == t.owner
    viewer = member(t.org, Role.VIEWER).user
    owner_client.force_login(viewer)
    assert owner_client.get(url).status_code == 200
    assert owner_client.post(url, {"duty_manager": ""}).status_code == 403
    assert SlaPolicy.objects.get(org=t.org).duty_manager == t.owner
