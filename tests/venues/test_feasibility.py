from decimal import Decimal

import pytest

from huiwu.events.models import Task
from huiwu.events.services.meetings import RequirementInput, save_requirement
from huiwu.venues.models import Evaluation
from huiwu.venues.services.catalogue import choose
from huiwu.venues.services.feasibility import gaps_for, gaps_to_tasks

pytestmark = pytest.mark.integration


def require(tenant, title):
    save_requirement(
        meeting=tenant.meeting,
        actor=tenant.owner,
        data=RequirementInput(
            dimension="special", title=title, detail="", priority="must", requested_by=None
        ),
    )


def test_no_venue_is_a_gap(tenant_a):
    assert [g.kind for g in gaps_for(tenant_a.meeting)] == ["venue"]


def test_requirements_against_the_chosen_room_become_tasks_once(tenant_a):
    meeting = tenant_a.meeting
    meeting.expected_attendance = 600
    meeting.budget_max = Decimal(40_000)  # venue: 2 days × ¥10,000 > 40% of ¥40,000
    meeting.save()
    for title in ("中英同传", "全程直播", "无障碍通道与轮椅", "户外互动区"):
        require(tenant_a, title)
    choose(evaluation=tenant_a.evaluation, actor=tenant_a.owner, reason="唯一候选")  # 800 ≥ 690
    kinds = [g.kind for g in gaps_for(meeting)]
    assert kinds == ["interpretation", "accessibility", "equipment", "weather", "budget"]
    assert gaps_to_tasks(meeting=meeting, actor=tenant_a.owner) == 5
    assert gaps_to_tasks(meeting=meeting, actor=tenant_a.owner) == 0
    titles = list(
        Task.objects.filter(meeting=meeting, title__startswith="弥补缺口").values_list("title", flat=True)
    )
    assert len(titles) == 5
    assert any("同传" in t for t in titles)


def test_a_fitting_venue_has_no_gaps(tenant_a):
    room = tenant_a.room
    room.interpretation_booths, room.bandwidth_mbps, room.network_redundant = 2, 1000, True
    room.save()
    require(tenant_a, "中英同传")
    require(tenant_a, "直播")
    tenant_a.meeting.expected_attendance = 600
    tenant_a.meeting.save()
    choose(evaluation=Evaluation.objects.get(pk=tenant_a.evaluation.pk), actor=tenant_a.owner, reason="合适")
    assert gaps_for(tenant_a.meeting) == []
