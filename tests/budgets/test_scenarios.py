"""Scenarios: per-person lines scaled to another attendance, compared with the plan category by
category, adopted as a whole — stale when a line changed since, nothing of it written."""

from decimal import Decimal

import pytest
from django.urls import reverse

from huiwu.budgets import scenarios, selectors, services
from huiwu.budgets.errors import NotAllowed, ScenarioInvalid, Stale
from huiwu.budgets.models import Line
from huiwu.orgs.enums import Role
from tests.budgets import editor
from tests.budgets.test_budget import budget_of, line
from tests.budgets.test_guard_review import owner_membership
from tests.conftest import member

pytestmark = pytest.mark.integration


def planned_budget(tenant, attendance=800):
    meeting = tenant.meeting
    meeting.expected_attendance = attendance
    meeting.save(update_fields=["expected_attendance"])
    budget = budget_of(tenant, total="500000")
    lunch = line(budget, key="catering", name="自助午餐", quantity="1600", unit="份", unit_price="88")
    hall = line(budget, key="venue", name="主会场", quantity="2", unit="天", unit_price="60000")
    return budget, lunch, hall


def test_a_scenario_scales_the_per_person_lines_and_is_adopted_whole(tenant_a):
    budget, lunch, hall = planned_budget(tenant_a)
    me = owner_membership(tenant_a)
    made = scenarios.make(budget=budget, membership=me, name="1000 人", attendance=1000)
    assert (
        made.lines[str(lunch.pk)]["quantity"] == "2000.00" and made.lines[str(hall.pk)]["quantity"] == "2.00"
    )
    compared = scenarios.compare(made)
    catering = next(r for r in compared["rows"] if r.name == lunch.category.name)
    assert (catering.planned, catering.scenario, catering.change) == (
        Decimal("140800.00"), Decimal("176000.00"), Decimal("35200.00"))  # fmt: skip
    assert compared["total"].change == Decimal("35200.00")
    scenarios.adopt(scenario=made, membership=me)
    assert Line.objects.get(pk=lunch.pk).quantity == Decimal("2000.00")
    assert selectors.sheet(budget).lines[lunch.pk].planned == Decimal("176000.00")
    with pytest.raises(ScenarioInvalid):  # once
        scenarios.adopt(scenario=made, membership=me)


def test_a_line_changed_since_makes_the_adoption_stale(tenant_a):
    budget, lunch, hall = planned_budget(tenant_a)
    me = owner_membership(tenant_a)
    made = scenarios.make(budget=budget, membership=me, name="600 人", attendance=600)
    data = services.LineInput(
        category=hall.category, name=hall.name, quantity="2", unit="天", unit_price="65000"
    )
    services.save_line(budget=budget, membership=editor(budget), data=data, line=hall, version=hall.version)
    with pytest.raises(Stale):
        scenarios.adopt(scenario=made, membership=me)
    assert Line.objects.get(pk=lunch.pk).quantity == Decimal("1600.00")  # nothing of it written
    made.refresh_from_db()
    assert made.adopted_at is None


@pytest.mark.parametrize("attendance", [0, -5, "many", 10**7])
def test_bad_attendance_and_who(tenant_a, attendance):
    budget, _lunch, _hall = planned_budget(tenant_a)
    with pytest.raises(ScenarioInvalid):
        scenarios.make(budget=budget, membership=owner_membership(tenant_a), name="x", attendance=attendance)
    with pytest.raises(NotAllowed):
        scenarios.make(budget=budget, membership=member(tenant_a.org, Role.VIEWER), name="x", attendance=10)


def test_scenarios_on_the_page_and_in_the_api(client, api, tenant_a):
    budget, lunch, _hall = planned_budget(tenant_a)
    url = reverse("budgets:meeting", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    client.force_login(tenant_a.owner)
    assert client.post(url, {"action": "scenario", "name": "千人", "attendance": "0"}).status_code == 400
    assert client.post(url, {"action": "scenario", "name": "千人", "attendance": "1000"}).status_code == 302
    made = budget.scenarios.get()
    assert f'data-testid="scenario-{made.pk}"' in client.get(url).content.decode()
    http = api(tenant_a.raw_token)
    listed = http.get(f"/api/v1/budgets/{budget.pk}/scenarios").json()
    assert listed[0]["total"]["change"] == "35200.00"
    other = http.post(f"/api/v1/budgets/{budget.pk}/scenarios", {"name": "六百人", "attendance": 600})
    assert other.status_code == 201 and other.json()["total"]["change"] == "-35200.00"
    assert http.post(f"/api/v1/budget-scenarios/{made.pk}/adopt").status_code == 200
    stale = http.post(f"/api/v1/budget-scenarios/{other.json()['id']}/adopt")
    assert stale.status_code == 409  # the lunch changed when the first was adopted
    assert Line.objects.get(pk=lunch.pk).quantity == Decimal("2000.00")
