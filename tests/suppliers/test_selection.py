"""Choosing a meeting's suppliers: needs derived from the requirements (interpretation for N languages),
size and mode, or opened by a feasibility gap; candidates, quotes checked as money, the site inspection,
the qualification review and the trial before the choice; critical categories need a backup, or the
stage gate says so."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from huiwu.core.models import AuditEntry
from huiwu.events.enums import MeetingMode, Stage
from huiwu.events.languages import languages
from huiwu.events.services.gates import missing_for
from huiwu.events.services.meetings import RequirementInput, save_requirement
from huiwu.suppliers import selectors
from huiwu.suppliers.enums import Review
from huiwu.suppliers.errors import (
    AlreadyCandidate,
    Blacklisted,
    NotReady,
    Price,
    QuoteAnswered,
    QuoteDates,
    QuoteLines,
    ReasonRequired,
    WrongCategory,
)
from huiwu.suppliers.models import Candidate, Need, QuoteLine, Supplier
from huiwu.suppliers.services import SupplierInput, add_supplier, blacklist
from huiwu.suppliers.services import selection as sel
from huiwu.venues.models import Evaluation
from huiwu.venues.services.catalogue import choose as choose_venue
from huiwu.venues.services.feasibility import gaps_for, gaps_to_tasks
from tests.factories.suppliers import credit_code

pytestmark = pytest.mark.integration

TODAY = timezone.localdate


def require(meeting, actor, title):
    save_requirement(
        meeting=meeting,
        actor=actor,
        data=RequirementInput(
            dimension="special", title=title, detail="", priority="must", requested_by=None
        ),
    )


def supplier(org, name, categories=("av",), seed=1):
    return add_supplier(
        org=org,
        actor=None,
        data=SupplierInput(name=name, credit_code=credit_code(seed), categories=list(categories)),
    )


def ready(candidate, total_price="100.00"):
    """Everything a candidate needs before it is chosen."""
    sel.review(candidate=candidate, actor=None, items=list(Review.values))
    sel.record_trial(candidate=candidate, actor=None, result="pass")
    quote = sel.request_quote(
        candidate=candidate, actor=None, lines=[sel.LineInput(item="整体服务", quantity="1")]
    )
    sel.answer_quote(
        quote=quote,
        actor=None,
        prices=[total_price],
        issued_on=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=30),
    )
    candidate.refresh_from_db()
    return candidate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中英日韩同传", ["中文", "英语", "日语", "韩语"]),
        ("English and Japanese interpretation", ["英语", "日语"]),
        ("同传，5 种语言（含中英）", ["中文", "英语", "#3", "#4", "#5"]),
        ("会议全程直播", []),
    ],
)
def test_languages_named_by_a_requirement(text, expected):
    assert languages(text) == expected


def test_needs_are_derived_from_requirements_size_and_mode(tenant_a):
    meeting = tenant_a.meeting
    meeting.mode, meeting.expected_attendance = MeetingMode.HYBRID, 300
    meeting.save()
    Need.objects.filter(meeting=meeting).delete()
    require(meeting, tenant_a.owner, "中英日韩同传")
    require(meeting, tenant_a.owner, "嘉宾接送机")
    made = sel.derive_needs(meeting=meeting, actor=tenant_a.owner)
    by = {n.category: n for n in made}
    assert set(by) == {"venue", "av", "catering", "streaming", "translation", "transport"}
    assert (by["translation"].quantity, by["translation"].source) == (4, "requirements")
    assert "4" in by["translation"].title and "韩语" in by["translation"].title
    assert by["catering"].quantity == 600  # 300 people × 2 days
    assert sel.derive_needs(meeting=meeting, actor=None) == []
    assert Need.objects.filter(meeting=meeting).count() == 6


def test_the_agenda_says_the_catering_interpretation_and_stream_more_exactly(tenant_a):
    from huiwu.agenda.models import Session

    meeting = tenant_a.meeting
    meeting.expected_attendance = 300
    meeting.save()
    Need.objects.filter(meeting=meeting).delete()
    require(meeting, tenant_a.owner, "中英日韩同传")
    require(meeting, tenant_a.owner, "分论坛另需直播备用线路")
    for title, kind, fmt, langs, audience in (
        ("午餐", "meal", "onsite", [], 280), ("茶歇", "tea-break", "onsite", [], 0),
        ("主论坛", "keynote", "hybrid", ["中文", "English"], 0),
        ("分论坛", "forum", "onsite", ["中文", "日本語"], 120),
    ):  # fmt: skip
        Session.objects.create(meeting=meeting, title=title, session_type=kind, format=fmt, languages=langs,
                               audience=audience)  # fmt: skip
    by: dict[str, list] = {}
    for d in sel.derived_needs(meeting):
        by.setdefault(d.category, []).append(d)
    catering = {(d.source, d.quantity) for d in by["catering"]}
    assert ("agenda", 280 + 300) in catering  # the meal's audience, the tea break's meeting size
    assert ("meeting", 600) not in catering
    assert [(d.source, d.quantity) for d in by["translation"]] == [("agenda", 3)]  # replaces the 4 counted
    # a requirement's own words stay beside the agenda's sessions streamed
    assert {(d.source, d.quantity) for d in by["streaming"]} == {("requirements", None), ("agenda", 1)}


def test_a_feasibility_gap_opens_the_supplier_search(tenant_a):
    meeting = tenant_a.meeting
    room = tenant_a.room
    room.interpretation_booths, room.interpretation_languages = 3, ["中文", "English", "日本語", "日语"]
    room.bandwidth_mbps, room.network_redundant = 1000, True
    room.save()
    meeting.expected_attendance = 600
    meeting.save()
    require(meeting, tenant_a.owner, "中英日韩同传")
    choose_venue(
        evaluation=Evaluation.objects.get(pk=tenant_a.evaluation.pk), actor=tenant_a.owner, reason="合适"
    )
    gap = [g for g in gaps_for(meeting) if g.kind == "interpretation"]
    assert len(gap) == 1 and "4" in gap[0].text
    gaps_to_tasks(meeting=meeting, actor=tenant_a.owner)
    need = Need.objects.get(meeting=meeting, category="translation")
    assert (need.source, need.quantity) == ("feasibility", 4)


def test_candidates_are_of_the_category_and_not_blacklisted(tenant_a, tenant_b):
    org = tenant_a.org
    need = sel.add_need(
        meeting=tenant_a.meeting, actor=None, data=sel.NeedInput(category="av", title="分会场音响")
    )
    av, food, bad = (
        supplier(org, "声光", seed=1),
        supplier(org, "味和", ("catering",), seed=2),
        supplier(org, "速达", seed=3),
    )
    blacklist(supplier=bad, actor=None, reason="开幕前音响失效")
    with pytest.raises(WrongCategory):
        sel.add_candidate(need=need, supplier=food, actor=None)
    with pytest.raises(Blacklisted):
        sel.add_candidate(need=need, supplier=bad, actor=None)
    with pytest.raises(ValidationError):
        sel.add_candidate(need=need, supplier=supplier(tenant_b.org, "别家", seed=4), actor=None)
    sel.add_candidate(need=need, supplier=av, actor=None)
    with pytest.raises(AlreadyCandidate):
        sel.add_candidate(need=need, supplier=av, actor=None)
    # av is taken, the caterer and the blacklisted are left out: the tenant's other AV company remains
    assert [o.supplier.name for o in selectors.shortlist(need)] == ["声光科技"]


def test_quotes_are_money_and_nothing_is_half_written(tenant_a):
    need = sel.add_need(meeting=tenant_a.meeting, actor=None, data=sel.NeedInput(category="av", title="音响"))
    c = sel.add_candidate(need=need, supplier=supplier(tenant_a.org, "声光"), actor=None)
    for bad in (
        [],
        [sel.LineInput(item="x", quantity="0")],
        [sel.LineInput(item="", quantity="1")],
        [sel.LineInput(item="x", quantity="1.234")],
        [sel.LineInput(item="x", quantity="NaN")],
    ):
        with pytest.raises(QuoteLines):
            sel.request_quote(candidate=c, actor=None, lines=bad)
    quote = sel.request_quote(
        candidate=c,
        actor=None,
        lines=[
            sel.LineInput(item="线阵音箱", quantity="8", unit="只"),
            sel.LineInput(item="技术支持", quantity="1.5", unit="天"),
        ],
    )
    later = TODAY() + dt.timedelta(days=30)
    for prices in (["100.001", "10"], ["-1", "10"], ["abc", "10"], ["100"], ["1e20", "1"]):
        with pytest.raises(Price):
            sel.answer_quote(quote=quote, actor=None, prices=prices, issued_on=TODAY(), valid_until=later)
    with pytest.raises(QuoteDates):
        sel.answer_quote(
            quote=quote,
            actor=None,
            prices=["1", "1"],
            issued_on=TODAY(),
            valid_until=TODAY() - dt.timedelta(1),
        )
    with pytest.raises(QuoteDates):
        sel.answer_quote(
            quote=quote, actor=None, prices=["1", "1"], issued_on=TODAY() + dt.timedelta(1), valid_until=later
        )
    assert not QuoteLine.objects.filter(quote=quote, unit_price__isnull=False).exists()
    answered = sel.answer_quote(
        quote=quote, actor=None, prices=["1200.50", "3000"], issued_on=TODAY(), valid_until=later
    )
    assert answered.total == Decimal("14104.00")  # 8 × 1200.50 + 1.5 × 3000
    with pytest.raises(QuoteAnswered):
        sel.answer_quote(quote=quote, actor=None, prices=["1", "1"], issued_on=TODAY(), valid_until=later)


def test_a_supplier_is_chosen_once_reviewed_trialled_and_quoted(tenant_a):
    need = sel.add_need(meeting=tenant_a.meeting, actor=None, data=sel.NeedInput(category="av", title="音响"))
    first = sel.add_candidate(need=need, supplier=supplier(tenant_a.org, "声光", seed=1), actor=None)
    second = sel.add_candidate(need=need, supplier=supplier(tenant_a.org, "华音", seed=2), actor=None)
    with pytest.raises(NotReady) as refused:
        sel.choose(candidate=first, actor=None, reason="评分最高")
    assert len(refused.value.details["missing"]) == 3  # review, trial, quote
    with pytest.raises(ReasonRequired):
        sel.record_trial(candidate=first, actor=None, result="waived", notes=" ")
    ready(first)
    with pytest.raises(ReasonRequired):
        sel.choose(candidate=first, actor=None, reason="")
    sel.choose(candidate=first, actor=tenant_a.owner, reason="评分最高，报价合理")
    entry = AuditEntry.objects.get(org=tenant_a.org, action="suppliers.candidate.chosen")
    assert entry.data["total"] == "100.00" and entry.data["reason"] == "评分最高，报价合理"
    ready(second, "90.00")
    sel.choose(candidate=second, actor=None, reason="更便宜")
    standings = dict(Candidate.objects.filter(need=need).values_list("supplier__name", "standing"))
    assert standings == {"声光": "backup", "华音": "chosen"}


def test_a_critical_need_without_a_backup_is_a_gap_of_the_stage_gate(tenant_a):
    meeting = tenant_a.meeting
    meeting.stage = Stage.PLANNING
    meeting.save()
    Need.objects.filter(meeting=meeting).delete()
    gate = [m.text for m in missing_for(meeting)]
    assert any("供应商需求" in t for t in gate)
    need = sel.add_need(
        meeting=meeting, actor=None, data=sel.NeedInput(category="catering", title="自助午餐")
    )
    sel.add_need(meeting=meeting, actor=None, data=sel.NeedInput(category="photography", title="摄影"))
    texts = [g.text for g in selectors.gaps(meeting)]
    assert texts == ["自助午餐 尚未选定供应商", "自助午餐 尚无备选供应商"]
    chosen = ready(
        sel.add_candidate(need=need, supplier=supplier(tenant_a.org, "味和", ("catering",), 1), actor=None)
    )
    sel.choose(candidate=chosen, actor=None, reason="B 级，报价最低")
    backup = sel.add_candidate(
        need=need, supplier=supplier(tenant_a.org, "老字号", ("catering",), 2), actor=None
    )
    sel.set_standing(candidate=backup, actor=None, standing="backup")
    assert selectors.gaps(meeting) == []
    assert not any("自助午餐" in m.text for m in missing_for(meeting))


def test_the_pages_compare_and_choose(client, tenant_a):
    org = tenant_a.org
    client.force_login(tenant_a.owner)
    meeting_url = reverse("suppliers:meeting", kwargs={"org": org.slug, "meeting": tenant_a.meeting.pk})
    assert client.post(meeting_url, {"action": "derive"}).status_code == 302
    need = Need.objects.get(meeting=tenant_a.meeting, category="av", source="meeting")
    av = supplier(org, "声光", seed=1)
    need_url = reverse("suppliers:need", kwargs={"org": org.slug, "supplier_need": need.pk})
    assert "声光" in client.get(need_url).content.decode()
    added = client.post(need_url, {"action": "add", "supplier": av.pk})
    candidate = Candidate.objects.get(need=need, supplier=av)
    url = reverse("suppliers:candidate", kwargs={"org": org.slug, "candidate": candidate.pk})
    assert added.url == url
    bad = client.post(url, {"action": "request", "lines": "线阵音箱 | 0 | 只"})
    assert bad.status_code == 400
    assert (
        client.post(url, {"action": "request", "lines": "线阵音箱 | 8 | 只\n技术支持 | 2 | 天"}).status_code
        == 302
    )
    line_ids = list(QuoteLine.objects.filter(quote__candidate=candidate).values_list("pk", flat=True))
    answer = {
        "action": "answer",
        "issued_on": TODAY().isoformat(),
        "valid_until": (TODAY() + dt.timedelta(20)).isoformat(),
        f"price_{line_ids[0]}": "1200.555",
        f"price_{line_ids[1]}": "3000",
    }
    refused = client.post(url, answer)
    assert refused.status_code == 400 and "两位小数" in refused.content.decode()
    answer[f"price_{line_ids[0]}"] = "1200.50"
    assert client.post(url, answer).status_code == 302
    page = client.get(url).content.decode()
    assert "15,604.00" in page or "15604.00" in page
    refused = client.post(url, {"action": "choose", "reason": "好", "version": candidate.version})
    assert refused.status_code == 400 and "资质审核" in refused.content.decode()
    compare = client.get(need_url).content.decode()
    assert 'data-testid="comparison"' in compare and "1/5" not in compare


def test_the_api_walks_a_need_to_its_choice(api, tenant_a):
    client = api(tenant_a.raw_token)
    mid = tenant_a.meeting.pk
    av = supplier(tenant_a.org, "声光", seed=1)
    need = client.post(
        f"/api/v1/meetings/{mid}/supplier-needs", {"category": "av", "title": "主会场音响"}
    ).json()
    c = client.post(f"/api/v1/supplier-needs/{need['id']}/candidates", {"supplier_id": av.pk})
    assert c.status_code == 201, c.json()
    cid = c.json()["id"]
    q = client.post(f"/api/v1/candidates/{cid}/quotes", {"lines": [{"item": "音响", "quantity": "2"}]}).json()
    bad = client.post(
        f"/api/v1/quotes/{q['id']}/answer",
        {"prices": ["-5"], "issued_on": TODAY().isoformat(), "valid_until": TODAY().isoformat()},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "supplier_quote_price"
    ok = client.post(
        f"/api/v1/quotes/{q['id']}/answer",
        {"prices": ["2500.5"], "issued_on": TODAY().isoformat(), "valid_until": TODAY().isoformat()},
    )
    assert ok.json()["total"] == "5001.00"
    early = client.post(f"/api/v1/candidates/{cid}/choose", {"reason": "好"})
    assert early.status_code == 422 and early.json()["code"] == "supplier_not_ready_to_choose"
    client.post(f"/api/v1/candidates/{cid}/review", {"items": list(Review.values)})
    client.post(f"/api/v1/candidates/{cid}/trial", {"trial": "waived", "trial_notes": "长期合作，设备同型号"})
    chosen = client.post(f"/api/v1/candidates/{cid}/choose", {"reason": "A 级，报价合理"})
    assert chosen.status_code == 200 and chosen.json()["standing"] == "chosen"
    needs = client.get(f"/api/v1/meetings/{mid}/supplier-needs").json()
    assert [g["text"] for g in needs["gaps"]] == ["主会场音响 尚无备选供应商"]


def test_the_demo_summit_has_its_suppliers_compared_and_chosen(db):
    from huiwu.demo import load_demo

    org = load_demo(today=TODAY())
    summit = org.meetings.get(name="新经济产业峰会")
    chosen = dict(Candidate.objects.filter(need__meeting=summit).values_list("supplier__name", "standing"))
    assert chosen == {
        "声光视听科技（上海）有限公司": "chosen", "华音演艺设备租赁有限公司": "backup",
        "味和餐饮管理有限公司": "chosen", "云视互动直播技术有限公司": "chosen",
        "译通同传会议服务有限公司": "chosen",
    }  # fmt: skip
    av = Need.objects.get(meeting=summit, category="av")
    totals = sorted(str(r.quote.total) for r in selectors.comparison(av))
    assert totals == ["150000.00", "165000.00"]
    assert "catering" in {g.need.category for g in selectors.gaps(summit)}  # no backup caterer yet
    # the agenda says the catering, the interpretation and the stream more exactly than the size
    sources = dict(Need.objects.filter(meeting=summit).values_list("category", "source"))
    assert sources["catering"] == "agenda" and sources["translation"] == "agenda"
    assert summit.kickoff.tasks.count() == 2 and summit.supplier_duties.count() == 5
    tiers = {s.name[:4]: (s.tier, s.blacklisted) for s in Supplier.objects.filter(org=org)}
    assert tiers == {
        "声光视听": ("A", False), "华音演艺": ("B", False), "味和餐饮": ("B", False),
        "云视互动": ("B", False), "译通同传": ("C", False), "速达会展": ("C", True),
    }  # fmt: skip
    av = Supplier.objects.get(org=org, name__startswith="声光")
    assert (av.tier_basis["level"], av.tier_basis["failure_rate"], str(av.score)) == (820, "1.1", "4.65")
    assert selectors.expiring(org, today=timezone.localdate(), days=30).get().title == "食品经营许可证"
    # the shared run sheet, published and acknowledged by the AV and the catering suppliers' people
    version = summit.sheet_versions.get()
    acks = {
        a.supplier.name[:2]: a.user.username
        for a in version.acknowledgements.select_related("supplier", "user")
    }
    assert acks == {"声光": "demo-av", "味和": "demo-catering"}
    assert {s.name[:2] for s in version.suppliers.all()} >= {"声光", "味和", "云视", "译通"}
