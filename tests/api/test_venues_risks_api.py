"""Venues and risks through the API: the commands of the pages, their rules and codes."""

import pytest

from huiwu.api.services import create_token
from huiwu.risks.models import Drill, Plan, Risk
from huiwu.venues.models import Evaluation, Hold, Room

pytestmark = pytest.mark.integration


@pytest.fixture
def owner_api(api, tenant_a):
    return api(tenant_a.raw_token)


def test_a_venue_its_rooms_and_the_room_rules(owner_api, tenant_a):
    made = owner_api.post("/api/v1/venues", {"name": "国际会议中心", "city": "杭州", "day_rate": "38000.00"})
    assert made.status_code == 201 and made.json()["day_rate"] in ("38000.00", "38000", 38000)
    venue = made.json()["id"]
    twin = owner_api.post("/api/v1/venues", {"name": "国际会议中心", "city": "杭州"})
    assert twin.status_code == 422
    crowded = owner_api.post(f"/api/v1/venues/{venue}/rooms", {"name": "小厅", "area": 100, "theatre": 500})
    assert crowded.status_code == 422 and "theatre" in str(crowded.json()["details"])
    empty = owner_api.post(f"/api/v1/venues/{venue}/rooms", {"name": "空厅", "area": 100})
    assert empty.status_code == 422
    room = owner_api.post(f"/api/v1/venues/{venue}/rooms", {"name": "主厅", "area": 1200, "theatre": 1000})
    assert room.status_code == 201
    changed = owner_api.patch(
        f"/api/v1/rooms/{room.json()['id']}", {"led_screen": True, "ceiling_height": None}
    )
    assert changed.status_code == 200 and changed.json()["led_screen"] is True
    assert Room.objects.get(pk=room.json()["id"]).led_screen
    assert owner_api.patch(f"/api/v1/venues/{venue}", {"city": "苏州"}).json()["city"] == "苏州"
    assert [r["name"] for r in owner_api.get(f"/api/v1/venues/{venue}/rooms").json()] == ["主厅"]
    listed = owner_api.get("/api/v1/venues?city=苏州").json()
    assert [v["name"] for v in listed["items"]] == ["国际会议中心"]


def test_candidates_the_choice_and_a_booking_clash(owner_api, tenant_a, tenant_b):
    meeting = tenant_a.meeting
    meeting.expected_attendance = 600
    meeting.save()
    base = f"/api/v1/meetings/{meeting.pk}"
    small = Room.objects.create(venue=tenant_a.venue, name="小厅", area=200, theatre=200)
    for room in (tenant_a.room, small):
        assert owner_api.post(f"{base}/evaluations", {"room_id": room.pk}).status_code in (201, 409)
    again = owner_api.post(f"{base}/evaluations", {"room_id": small.pk})
    assert again.status_code == 409 and again.json()["code"] == "already_candidate"
    assert owner_api.post(f"{base}/evaluations", {"room_id": tenant_b.room.pk}).status_code == 404
    rows = owner_api.get(f"{base}/evaluations").json()
    assert {r["room_id"]: r["passes"] for r in rows} == {tenant_a.room.pk: True, small.pk: False}
    assert set(rows[0]["scores"]) == {"capacity", "transport", "facilities", "atmosphere", "cost"}
    failing = next(r for r in rows if r["room_id"] == small.pk)
    refused = owner_api.post(f"{base}/evaluations/{failing['id']}/choose", {"reason": "便宜"})
    assert refused.status_code == 422 and refused.json()["code"] == "fails_capacity_rule"
    good = next(r for r in rows if r["room_id"] == tenant_a.room.pk)
    blank = owner_api.post(f"{base}/evaluations/{good['id']}/choose", {"reason": " "})
    assert blank.status_code == 422 and blank.json()["code"] == "reason_required"
    chosen = owner_api.post(f"{base}/evaluations/{good['id']}/choose", {"reason": "容量与交通最好"})
    assert chosen.status_code == 200 and chosen.json()["chosen"]
    assert Evaluation.objects.get(pk=good["id"]).chosen
    booked = owner_api.post(f"{base}/holds", {"room_id": tenant_a.room.pk, "kind": "booked"})
    assert booked.status_code == 201 and booked.json()["end_date"] == meeting.end_date.isoformat()
    rival = type(meeting).objects.create(
        org=tenant_a.org, name="另一场", start_date=meeting.start_date, end_date=meeting.end_date
    )
    clash = owner_api.post(
        f"/api/v1/meetings/{rival.pk}/holds", {"room_id": tenant_a.room.pk, "kind": "hold"}
    )
    assert clash.status_code == 409 and clash.json()["code"] == "room_taken"
    assert owner_api.delete(f"{base}/holds/{tenant_a.room.pk}").status_code == 204
    assert not Hold.objects.filter(meeting=meeting).exists()
    assert owner_api.delete(f"{base}/holds/{tenant_a.room.pk}").status_code == 404


def test_weights_are_whole_percents_summing_to_100(api, owner_api, tenant_a):
    bad = owner_api.put(
        "/api/v1/venue-weights",
        {"capacity": 50, "transport": 50, "facilities": 50, "atmosphere": 0, "cost": 0},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "bad_weights"
    good = {"capacity": 40, "transport": 20, "facilities": 20, "atmosphere": 10, "cost": 10}
    assert owner_api.put("/api/v1/venue-weights", good).json() == good
    assert owner_api.get("/api/v1/venue-weights").json() == good
    _token, raw = create_token(membership=tenant_a.other_member, name="planner")
    assert api(raw).put("/api/v1/venue-weights", good).status_code == 403


def test_the_register_plans_and_drills(api, owner_api, tenant_a, tenant_b):
    base = f"/api/v1/meetings/{tenant_a.meeting.pk}/risks"
    made = owner_api.post(
        base,
        {
            "category": "crowding",
            "title": "签到拥堵",
            "likelihood": 4,
            "impact": 3,
            "owner_id": tenant_a.owner.pk,
        },
    )
    assert made.status_code == 201 and made.json()["score"] == 12
    url = f"/api/v1/risks/{made.json()['id']}"
    assert owner_api.patch(url, {"owner_id": tenant_b.owner.pk}).status_code == 404
    assert owner_api.patch(url, {"impact": 5, "review_date": "2026-12-01"}).json()["score"] == 20
    assert owner_api.patch(url, {"title": "\x00"}).status_code == 422
    assert Risk.objects.get(pk=made.json()["id"]).title == "签到拥堵"
    cleared = owner_api.patch(url, {"owner_id": None})
    assert cleared.status_code == 200 and cleared.json()["owner_id"] is None
    steps = [{"text": "开放第二签到通道", "owner": "李娜", "minutes": 10}]
    plan = owner_api.post(f"{url}/plans", {"title": "分流", "trigger": "排队超过 15 分钟", "steps": steps})
    assert plan.status_code == 201 and plan.json()["steps"] == steps
    long = owner_api.post(
        f"{url}/plans", {"title": "x", "trigger": "t", "steps": [{"text": "等", "minutes": 5000}]}
    )
    assert long.status_code == 422 and long.json()["code"] == "bad_steps"
    assert Plan.objects.filter(risk_id=made.json()["id"]).count() == 1
    drill = owner_api.post(
        f"/api/v1/plans/{plan.json()['id']}/drills", {"held_on": "2026-12-08", "participants": "签到组"}
    )
    assert drill.status_code == 201 and Drill.objects.filter(plan_id=plan.json()["id"]).exists()
    assert owner_api.get(f"/api/v1/plans/{plan.json()['id']}").json()["drills"][0]["participants"] == "签到组"
    assert owner_api.get(base).json()[0]["id"] == made.json()["id"]  # highest score first
    _token, raw = create_token(membership=tenant_a.other_member, name="planner")
    assert api(raw).post(base, {"category": "weather", "title": "台风"}).status_code == 201  # planners edit
