import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from huiwu.events.services import MeetingInput, create_meeting
from huiwu.events.services.meetings import RequirementInput, save_requirement
from huiwu.risks.errors import BadSteps
from huiwu.risks.models import BackupConfirmation, Plan, Risk
from huiwu.risks.services import PlanInput, Step, add_plan, heat_map, parse_steps, suggest_risks

pytestmark = pytest.mark.integration


def summit(tenant, month=7, attendance=800, mode="hybrid", meeting_type="summit"):
    day = dt.date(2026, month, 15)
    return create_meeting(
        org=tenant.org,
        actor=tenant.owner,
        data=MeetingInput(
            name=f"峰会{month}{mode}",
            client=tenant.client,
            start_date=day,
            end_date=day,
            expected_attendance=attendance,
            mode=mode,
            meeting_type=meeting_type,
            city="上海",
        ),
    )


def test_risks_are_suggested_when_a_meeting_is_created(tenant_a):
    meeting = summit(tenant_a)
    titles = set(meeting.risks.values_list("title", flat=True))
    assert titles == {
        "暴雨或台风导致户外区域关闭",
        "台风导致城市交通中断",
        "主话筒或投影故障",
        "直播中断或遭攻击",
        "医疗急救",
        "签到与茶歇拥挤",
    }
    assert all(r.suggested and r.review_date == dt.date(2026, 6, 30) for r in meeting.risks.all())


def test_typhoons_are_for_coastal_cities_in_summer(tenant_a):
    day = dt.date(2026, 8, 10)
    inland = create_meeting(
        org=tenant_a.org,
        actor=tenant_a.owner,
        data=MeetingInput(name="成都会", start_date=day, end_date=day, city="成都", expected_attendance=50),
    )
    coastal = create_meeting(
        org=tenant_a.org,
        actor=tenant_a.owner,
        data=MeetingInput(name="厦门会", start_date=day, end_date=day, city="厦门", expected_attendance=50),
    )
    assert not inland.risks.filter(title="台风导致城市交通中断").exists()
    assert coastal.risks.get(title="台风导致城市交通中断").impact == 5


def test_a_small_onsite_training_in_winter_gets_fewer(tenant_a):
    meeting = summit(tenant_a, month=1, attendance=80, mode="onsite", meeting_type="training")
    assert set(meeting.risks.values_list("title", flat=True)) == {"主话筒或投影故障"}


def test_requirements_trigger_rules_and_suggestions_do_not_repeat(tenant_a):
    meeting = summit(tenant_a, month=1, attendance=80, mode="onsite", meeting_type="training")
    save_requirement(
        meeting=meeting,
        actor=tenant_a.owner,
        data=RequirementInput(
            dimension="special", title="外宾 12 人", detail="", priority="must", requested_by=None
        ),
    )
    added = suggest_risks(meeting=meeting, actor=tenant_a.owner)
    assert [r.title for r in added] == ["外宾：安保、翻译与交通"]
    assert suggest_risks(meeting=meeting, actor=tenant_a.owner) == []


def test_plan_steps_are_parsed_and_bad_ones_refused(tenant_a):
    assert parse_steps("AI 互动区移入室内 | 赵强 | 15\n\n短信推送新路线｜李娜｜10") == (
        Step(text="AI 互动区移入室内", owner="赵强", minutes=15),
        Step(text="短信推送新路线", owner="李娜", minutes=10),
    )
    for bad in ("只有一段", "a | b | soon"):
        with pytest.raises(BadSteps):
            parse_steps(bad)
    # what the lines say is the command's to judge, whichever door sent them
    for steps in (
        (),
        (Step(text="a", minutes=99999),),
        (Step(text=" ", minutes=5),),
        (Step(text="a\x00", minutes=5),),
    ):
        with pytest.raises(BadSteps):
            add_plan(
                risk=tenant_a.risk, actor=tenant_a.owner, data=PlanInput(title="B", trigger="t", steps=steps)
            )
    assert not tenant_a.risk.plans.filter(title="B").exists()


def test_heat_map_places_risks(tenant_a):
    r = Risk(meeting=tenant_a.meeting, category="medical", title="x", likelihood=2, impact=5)
    grid = heat_map([r])
    assert grid[0][1]["risks"] == [r] and grid[0][1]["score"] == 10 and grid[0][1]["level"] == "mid"
    assert grid[4][0]["level"] == "low" and grid[0][4]["level"] == "high"


def test_register_page_add_risk_plan_drill_confirm_and_pdf(owner_client, tenant_a):
    m = tenant_a.meeting
    page = reverse("risks:register", kwargs={"org": tenant_a.org.slug, "meeting": m.pk})
    r = owner_client.post(
        page,
        {
            "category": "weather",
            "title": "户外区暴雨",
            "likelihood": 4,
            "impact": 4,
            "owner": tenant_a.owner.pk,
            "mitigation": "室内连廊备用",
            "review_date": "2026-11-16",
            "status": "open",
        },
    )
    assert r.status_code == 302
    risk = Risk.objects.get(title="户外区暴雨")
    url = reverse("risks:plan-add", kwargs={"org": tenant_a.org.slug, "risk": risk.pk})
    owner_client.post(
        url,
        {
            "title": "户外转室内",
            "trigger": "暴雨预警",
            "steps_text": "移入室内连廊 | 赵强 | 15",
            "resources": "",
            "notify": "客户、全体供应商",
        },
    )
    plan = Plan.objects.get(title="户外转室内")
    assert plan.steps == [{"text": "移入室内连廊", "owner": "赵强", "minutes": 15}]
    bad = owner_client.post(
        url, {"title": "坏", "trigger": "t", "steps_text": "没有分隔", "resources": "", "notify": ""}
    )
    assert bad.status_code == 302 and not Plan.objects.filter(title="坏").exists()
    drill = reverse("risks:drill-add", kwargs={"org": tenant_a.org.slug, "plan": plan.pk})
    owner_client.post(drill, {"held_on": "2026-11-10", "participants": "现场组", "findings": "用时 12 分钟"})
    assert plan.drills.get().findings == "用时 12 分钟"
    backup = reverse("risks:backup", kwargs={"org": tenant_a.org.slug, "meeting": m.pk})
    owner_client.post(backup, {"contact": tenant_a.contact.pk})
    assert BackupConfirmation.objects.get(meeting=m).contact == tenant_a.contact
    html = owner_client.get(page).content.decode()
    assert "户外转室内" in html and "热力图" in html
    pdf = owner_client.get(reverse("risks:report-pdf", kwargs={"org": tenant_a.org.slug, "meeting": m.pk}))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = text.replace("\n", "")  # a table cell wraps where its column ends (longer ids, other widths)
    assert "风险评估报告" in text and "户外区暴雨" in text and "移入室内连廊" in text
    due = (m.start_date - dt.timedelta(days=15)).isoformat()
    assert f"应于 {due} 前完成（服务标准第 1 版）" in text  # T-15, and the catalogue version it used


def test_backup_confirmed_by_another_clients_contact_is_refused(owner_client, tenant_a, tenant_b):
    backup = reverse("risks:backup", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    owner_client.post(backup, {"contact": tenant_b.contact.pk})
    assert not BackupConfirmation.objects.exists()


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, -1)])
def test_levels_outside_1_to_5_are_refused(owner_client, tenant_a, likelihood, impact):
    page = reverse("risks:register", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    r = owner_client.post(
        page,
        {
            "category": "weather",
            "title": "越界",
            "likelihood": likelihood,
            "impact": impact,
            "status": "open",
        },
    )
    assert r.status_code == 400
    assert not Risk.objects.filter(title="越界").exists()


def test_the_rule_table_is_editable(owner_client, tenant_a):
    from huiwu.risks.models import RiskRule

    rules = reverse("risks:rules", kwargs={"org": tenant_a.org.slug})
    assert "台风导致城市交通中断" in owner_client.get(rules).content.decode()  # seeded defaults
    r = owner_client.post(
        rules,
        {
            "category": "security",
            "title": "大型活动安保报备",
            "mitigation": "向公安机关报备",
            "likelihood": 3,
            "impact": 4,
            "min_attendance": 1000,
            "cities": "北京、上海",
            "months": [],
            "when_requirement_mentions": "",
        },
    )
    assert r.status_code == 302
    rule = RiskRule.objects.get(org=tenant_a.org, title="大型活动安保报备")
    assert rule.cities == ["北京", "上海"] and rule.min_attendance == 1000
    edit = reverse("risks:rule-edit", kwargs={"org": tenant_a.org.slug, "rule": rule.pk})
    assert owner_client.post(edit, {"delete": "1"}).status_code == 302
    assert not RiskRule.objects.filter(pk=rule.pk).exists()
    bad = owner_client.post(rules, {"category": "security", "title": "", "likelihood": 9, "impact": 1})
    assert bad.status_code == 400


def test_outdoor_parts_get_a_weather_risk_in_any_season(tenant_a):
    meeting = summit(tenant_a, month=1, attendance=80, mode="onsite", meeting_type="training")
    save_requirement(
        meeting=meeting,
        actor=tenant_a.owner,
        data=RequirementInput(
            dimension="scenario", title="户外拓展半天", detail="", priority="flexible", requested_by=None
        ),
    )
    assert [r.title for r in suggest_risks(meeting=meeting, actor=tenant_a.owner)] == [
        "户外环节遭遇高温、低温或大风"
    ]


def test_the_register_shows_the_worst_first_and_flags_overdue_reviews(owner_client, tenant_a):
    meeting = tenant_a.meeting
    Risk.objects.filter(meeting=meeting).delete()
    likely = Risk.objects.create(meeting=meeting, category="weather", title="小雨", likelihood=5, impact=1)
    grave = Risk.objects.create(
        meeting=meeting, category="safety", title="踩踏", likelihood=3, impact=4,
        review_date=dt.date(2026, 1, 10),
    )  # fmt: skip
    page = owner_client.get(
        reverse("risks:register", kwargs={"org": tenant_a.org.slug, "meeting": meeting.pk})
    )
    assert [r.pk for r in page.context["risks"]] == [grave.pk, likely.pk]  # 12 before 5, not 3 after 5
    assert page.content.decode().count('data-testid="risk-overdue"') == 1
