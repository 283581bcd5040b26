"""With organisation A's token, every API operation gives 404 for B's objects and lists never
show B's records. Operations come from the OpenAPI schema, so new endpoints are covered."""

import json

import pytest

from huiwu.api.api import api as ninja_api

pytestmark = pytest.mark.integration

PARAMS = {
    "client_id": lambda t: t.client.pk,
    "meeting_id": lambda t: t.meeting.pk,
    "session_id": lambda t: t.session.pk,
    "attendee_id": lambda t: t.attendee.pk,
    "gate_id": lambda t: t.gate.pk,
    "job_id": lambda t: t.job.pk,
    "task_id": lambda t: t.task.pk,
    "playbook_id": lambda t: t.playbook.pk,
    "template_task_id": lambda t: t.template_task.pk,
    "proposal_id": lambda t: t.proposal.pk,
    "post_id": lambda t: t.post.pk,
    "checklist_id": lambda t: t.checklist.pk,
    "cue_id": lambda t: t.cue.pk,
    "incident_id": lambda t: t.incident.pk,
    "venue_id": lambda t: t.venue.pk,
    "room_id": lambda t: t.room.pk,
    "evaluation_id": lambda t: t.evaluation.pk,
    "risk_id": lambda t: t.risk.pk,
    "plan_id": lambda t: t.plan.pk,
    "standard_id": lambda t: t.standard.pk,
    "inspection_id": lambda t: t.inspection.pk,
    "item_id": lambda t: t.inspection_item.pk,
    "person_id": lambda t: t.staff_person.pk,
    "certificate_id": lambda t: t.certificate.pk,
    "training_id": lambda t: t.training.pk,
    "supplier_id": lambda t: t.supplier.pk,
    "supplier_contact_id": lambda t: t.supplier_contact.pk,
    "supplier_document_id": lambda t: t.supplier_document.pk,
    "supplier_case_id": lambda t: t.supplier_case.pk,
    "supplier_failure_id": lambda t: t.supplier_failure.pk,
    "supplier_rating_id": lambda t: t.supplier_rating.pk,
    "supplier_need_id": lambda t: t.supplier_need.pk,
    "candidate_id": lambda t: t.candidate.pk,
    "supplier_duty_id": lambda t: t.supplier_duty.pk,
    "quote_id": lambda t: t.quote.pk,
    "line_id": lambda t: t.sheet_line.pk,
    "clause_id": lambda t: t.clause.pk,
    "template_id": lambda t: t.contract_template.pk,
    "contract_id": lambda t: t.contract.pk,
    "milestone_id": lambda t: t.contract_milestone.pk,
    "adjustment_id": lambda t: t.contract_adjustment.pk,
    "budget_id": lambda t: t.budget.pk,
    "budget_line_id": lambda t: t.budget_line.pk,
    "budget_review_id": lambda t: t.budget_review.pk,
    "budget_revision_id": lambda t: t.budget_revision.pk,
    "budget_scenario_id": lambda t: t.budget_scenario.pk,
    "station_id": lambda t: t.feedback_station.pk,
    "topic_id": lambda t: t.feedback_topic.pk,
    "survey_id": lambda t: t.survey.pk,
    "question_id": lambda t: t.survey_question.pk,
    "call_id": lambda t: t.feedback_call.pk,
    "poll_id": lambda t: t.poll.pk,
    "live_question_id": lambda t: t.live_question.pk,
    "prize_id": lambda t: t.prize.pk,
    "winner_id": lambda t: t.winner.pk,
}
# A valid body per write operation, so that only the object lookup can refuse it (the first
# matching suffix wins, so the longer paths come first).
CUE = {"title": "x", "start": "2026-01-01T09:00:00+08:00", "end": "2026-01-01T09:05:00+08:00"}
BODIES = {
    "/meetings/{meeting_id}/polls": {"question": "x", "options": ["a", "b"]},
    "/polls/{poll_id}": {"question": "x", "options": ["a", "b"], "version": 1},
    "/polls/{poll_id}/open": {},
    "/polls/{poll_id}/close": {},
    "/prizes/{prize_id}/freeze": {},
    "/prizes/{prize_id}/draw": {},
    "/lottery-winners/{winner_id}/confirm": {},
    "/meetings/{meeting_id}/live": {"version": 1},
    "/live-questions/{live_question_id}/decide": {"action": "approve"},
    "/live-questions/{live_question_id}/merge": {"into": 1},
    "/meetings/{meeting_id}/prizes": {"name": "x"},
    "/redraw": {"reason": "x"},
    "/kpi-actuals": {"kpi_id": 1, "actual": "1", "unit": "人"},
    "/summary-report/send": {"version": 1, "to": "client@example.cn"},
    "/summary-report/answer": {"version": 1, "accepted": True, "person": "x"},
    "/summary-report": {"version": 1},
    "/follow-up/call": {"version": 1, "outcome": "x"},
    "/retrospective/causes": {"bone": "people", "text": "x"},
    "/retrospective/actions": {"title": "x", "assignee_id": 1, "due": "2027-01-01"},
    "/retrospective/lessons": {"text": "x", "kind": "standard"},
    "/retrospective/lesson-decisions": {"lesson_id": 1, "accept": True},
    "/meetings/{meeting_id}/satisfaction-survey": {"title": "x"},
    "/surveys/{survey_id}/questions": {"version": 1, "kind": "text", "text": "x"},
    "/survey-questions/{question_id}": {"version": 1, "kind": "text", "text": "x"},
    "/surveys/{survey_id}/open": {"version": 1},
    "/feedback-calls/{call_id}": {"version": 1, "status": "reached"},
    "/feedback-stations/{station_id}/open": {"is_open": False},
    "/feedback-topics/{topic_id}": {"name": "x"},
    "/meetings/{meeting_id}/budget": {"total": "1"},
    "/budgets/{budget_id}/categories": {
        "version": 1,
        "categories": [{"key": "x", "name": "x", "share": "100"}],
    },
    "/budgets/{budget_id}/lines": {"category_id": 1, "name": "x", "unit_price": "1"},
    "/budget-lines/{budget_line_id}": {"category_id": 1, "name": "x", "unit_price": "1", "version": 1},
    "/budget-reviews/{budget_review_id}/decisions": {"line_id": 1, "kind": "accept", "reason": "x"},
    "/budget-reviews/{budget_review_id}/sign-off": {},
    "/budget-revisions/{budget_revision_id}/approve": {"approver": "x", "approved_on": "2026-01-01"},
    "/budgets/{budget_id}/revisions": {"version": 1, "reason": "x"},
    "/budgets/{budget_id}/scenarios": {"name": "x", "attendance": 10},
    "/adjustments/{adjustment_id}/decide": {"accept": True},
    "/contracts/{contract_id}/send": {"signatory_id": 1},
    "/signing/confirm": {"code": "1", "seen": "x"},
    "/contracts/{contract_id}/paper": {"signed_on": "2026-01-01", "scan_base64": "JVBERi0="},
    "/terminate": {"reason": "x"},
    "/contracts/{contract_id}/milestones": {"milestones": [{"name": "x", "share": "100", "anchor": "end"}]},
    "/contracts/{contract_id}/terms": {},
    "/invoices": {"number": "x", "amount": "1", "tax_rate": "6", "received_on": "2026-01-01"},
    "/payments": {"amount": "1", "paid_on": "2026-01-01", "reference": "x"},
    "/attendance-changes": {"delta": 1, "asked_on": "2026-01-01"},
    "/smoothness": {"percent": "90"},
    "/meetings/{meeting_id}/contracts": {"template_id": 1, "client": True, "total": "1"},
    "/contracts/{contract_id}/clauses": {"version": 1, "clauses": [{"title": "x", "text": "x"}]},
    "/contracts/{contract_id}/approve": {"role": "finance"},
    "/contract-clauses/{clause_id}": {"version": 1, "title": "x"},
    "/contract-templates/{template_id}": {"kind": "supplier", "name": "x", "clause_ids": [1]},
    "/run-sheet/lines": {"task": "x", "starts_at": CUE["start"], "ends_at": CUE["end"]},
    "/run-sheet/lines/{line_id}": {"task": "x"},
    "/portal-invitations": {"email": "x@example.com"},
    "/run-sheet/publish": {},
    "/acknowledge": {"version_id": 1},
    "/reports": {"text": "x"},
    "/portal/suppliers/{supplier_id}/documents": {"kind": "licence", "title": "x"},
    "/meetings/{meeting_id}/kickoff": {"held_at": "2026-01-01T09:00:00+08:00"},
    "/kickoff/actions": {"title": "x", "owner_id": 1, "due": "2026-01-01"},
    "/meetings/{meeting_id}/supplier-duties": {"supplier_id": 1, "text": "x"},
    "/meetings/{meeting_id}/supplier-needs": {"category": "av", "title": "x"},
    "/supplier-needs/{supplier_need_id}/candidates": {"supplier_id": 1},
    "/candidates/{candidate_id}/quotes": {"lines": [{"item": "x", "quantity": "1"}]},
    "/answer": {"prices": ["1"], "issued_on": "2026-01-01", "valid_until": "2026-02-01"},
    "/candidates/{candidate_id}/inspection": {"inspected_on": "2026-01-01", "inspection": "pass"},
    "/candidates/{candidate_id}/review": {"items": []},
    "/candidates/{candidate_id}/trial": {"trial": "pass"},
    "/candidates/{candidate_id}/choose": {"reason": "x"},
    "/candidates/{candidate_id}/standing": {"standing": "backup"},
    "/suppliers/{supplier_id}/tier": {"tier": "A", "reason": "x"},
    "/blacklist": {"reason": "x"},
    "/blacklist/lift": {"reason": "x"},
    "/suppliers/{supplier_id}/documents": {"kind": "licence"},
    "/suppliers/{supplier_id}/cases": {"title": "x", "year": 2020, "attendance": 10},
    "/suppliers/{supplier_id}/failures": {"happened_on": "2026-01-01", "equipment": "x"},
    "/suppliers/{supplier_id}/ratings": {"meeting_id": 1, "scores": {}},
    "/suppliers/{supplier_id}": {"version": 0, "name": "x"},
    "/cues/{cue_id}/status": {"status": "standby", "version": 0},
    "/cues/{cue_id}": {**CUE, "version": 0},
    "/cues": CUE,
    "/posts": {"role": "coordinator"},
    "/certificates": {"kind": "health", "issued_on": "2026-01-01"},
    "/trainings": {"course": "x", "hours": "2", "taken_on": "2026-01-01"},
    "/staff/{person_id}": {"version": 0, "name": "x"},
    "/posts/{post_id}": {"title": "x"},
    "/ticks": {"index": 0, "version": 0},
    "/incidents": {"tier": "general", "title": "x"},
    "/decide": {"text": "x"},
    "/updates": {"text": "x"},
    "/plan": {"plan_id": 1},
    "/resolve": {"fix": "x"},
    "/venues/{venue_id}/rooms": {"name": "x", "area": 100, "theatre": 50},
    "/rooms/{room_id}": {"name": "x"},
    "/meetings/{meeting_id}/holds": {"room_id": 1},
    "/evaluations": {"room_id": 1},
    "/choose": {"reason": "x"},
    "/risks/{risk_id}/plans": {"title": "x", "trigger": "x", "steps": [{"text": "x", "minutes": 5}]},
    "/risks": {"category": "weather", "title": "x"},
    "/risks/{risk_id}": {"title": "x"},
    "/drills": {"held_on": "2026-01-01", "participants": "x"},
    "/kpis": {"target": 1, "unit": "人"},
    "/backup-confirmation": {"contact_id": 1},
    "/check": {"version": 0, "answer": True},
    "/move": {"room_id": None, "slot_id": None},
    "/attendees": {"name": "x", "mobile": "13800000000"},
    "/reveal": {"field": "mobile"},
    "/status": {"status": "cancelled"},
    "/schedule": {"time_limit": 1},
    "/requirements": {"dimension": "goal", "title": "x"},
    "/stage": {"to_stage": 2, "reason": "x"},
    "/communications": {"happened_at": "2026-01-01T10:00:00Z"},
    "/tasks/{task_id}": {"title": "x"},
    "/comments": {"body": "x"},
    "/playbooks/{playbook_id}/tasks": {"title": "x", "stage": 1, "offset": -3},
    "/report/approve": {"contact_id": 1},
    "/variant": {"variant": "001", "reason": "x", "version": 1},
    "/meetings/{meeting_id}/standards/{standard_id}": {"low": 20, "high": 21, "reason": "x"},
    "/standards/{standard_id}/remove": {"reason": "x"},
    "/standards/{standard_id}": {"low": 20, "high": 21, "reason": "x", "version": 1},
}


def body_for(path: str) -> dict:
    return next((b for suffix, b in BODIES.items() if path.endswith(suffix)), {"name": "x"})


def operations():
    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1")
    for path, item in schema["paths"].items():
        for method in item:
            yield method, path


ALL_OPERATIONS = list(operations())
# the supplier portal's operations take a supplier's person's session, not a member's token
PORTAL = [op for op in ALL_OPERATIONS if op[1].startswith("/api/v1/portal/")]
OPERATIONS = [op for op in ALL_OPERATIONS if op not in PORTAL]


def test_every_path_parameter_is_mapped():
    names = {seg[1:-1] for _m, p in ALL_OPERATIONS for seg in p.split("/") if seg.startswith("{")}
    assert names - set(PARAMS) == set(), "map new path parameters to a tenant-B object in PARAMS"


def _by_segment(ops) -> dict[str, list]:
    """Operations grouped by their path's first segment (/meetings, /suppliers, …): one pair of
    tenants serves a group, and a failure still names every operation that failed."""
    found: dict[str, list] = {}
    for method, path in ops:
        found.setdefault(path.removeprefix("/api/v1/").split("/")[0], []).append((method, path))
    return found


WITH_IDS = _by_segment([op for op in OPERATIONS if "{" in op[1]])
LISTS = _by_segment([op for op in OPERATIONS if "{" not in op[1] and op[0] == "get"])


@pytest.mark.parametrize("group", sorted(WITH_IDS))
def test_other_orgs_objects_are_not_found(group, api, tenant_a, tenant_b):
    client, wrong = api(tenant_a.raw_token), []
    for method, path in WITH_IDS[group]:
        url = path
        for name, get in PARAMS.items():
            url = url.replace("{" + name + "}", str(get(tenant_b)))
        call = getattr(client, method)
        response = call(url, body_for(path)) if method in ("post", "patch", "put") else call(url)
        code = response.json().get("code") if response.status_code == 404 else None
        if (response.status_code, code) != (404, "not_found"):
            wrong.append((method, path, response.status_code))
    assert wrong == []
    tenant_b.client.refresh_from_db()
    tenant_b.meeting.refresh_from_db()
    assert tenant_b.client.name != "x" and tenant_b.meeting.name != "x"


@pytest.mark.parametrize("group", sorted(LISTS))
def test_lists_show_only_own_records(group, api, tenant_a, tenant_b):
    foreign = (tenant_b.client.name, tenant_b.meeting.name, tenant_b.owner.username, tenant_b.org.slug)
    for _method, path in LISTS[group]:
        response = api(tenant_a.raw_token).get(path)
        assert response.status_code == 200, path
        text = json.dumps(response.json(), ensure_ascii=False)
        assert [f for f in foreign if f in text] == [], path


def test_a_suppliers_person_reaches_no_other_suppliers_records(client, tenant_a, tenant_b):
    """B's supplier's person, signed in, names A's supplier (or A's objects under B's supplier): 404."""
    client.force_login(tenant_b.portal_user)
    wrong = []
    for method, path in [op for op in PORTAL if "{" in op[1]]:
        # with B's own supplier, A's object in the path must still be refused (if the path names one)
        for own_supplier in (False, True) if path.count("{") > 1 else (False,):
            url = path
            for name, get in PARAMS.items():
                owner = tenant_b if (own_supplier and name == "supplier_id") else tenant_a
                url = url.replace("{" + name + "}", str(get(owner)))
            call = getattr(client, method)
            if method in ("post", "patch", "put"):
                response = call(url, json.dumps(body_for(path)), content_type="application/json")
            else:
                response = call(url)
            if response.status_code != 404:
                wrong.append((method, url, response.status_code))
    assert wrong == []
    assert not tenant_a.meeting.incidents.filter(title__contains="x").exists()


def test_the_portal_api_wants_a_suppliers_person(api, tenant_a):
    assert api(tenant_a.raw_token).get("/api/v1/portal/assignments").status_code == 401
