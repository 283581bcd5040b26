"""The suppliers' kickoff: those attending are the meeting's suppliers and members, the responsibility
split proposed from the choices and edited, action items become tasks with owners; the day's contact
sheet lists the chosen and backup suppliers' contacts from their records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from huiwu.events.models import Task
from huiwu.orgs.errors import NotAMember
from huiwu.suppliers.enums import Review
from huiwu.suppliers.models import Duty, Kickoff
from huiwu.suppliers.services import ContactInput, SupplierInput, add_contact, add_supplier
from huiwu.suppliers.services import kickoff as ko
from huiwu.suppliers.services import selection as sel
from tests.factories.orgs import UserFactory
from tests.factories.suppliers import credit_code

pytestmark = pytest.mark.integration


def chosen(tenant, name, category, seed, standing="chosen"):
    s = add_supplier(
        org=tenant.org,
        actor=None,
        data=SupplierInput(name=name, credit_code=credit_code(seed), categories=[category]),
    )
    add_contact(
        supplier=s, actor=None, data=ContactInput(name=f"{name}值班", mobile="13800138000", emergency=True)
    )
    need = sel.add_need(
        meeting=tenant.meeting, actor=None, data=sel.NeedInput(category=category, title=f"{category}需求")
    )
    c = sel.add_candidate(need=need, supplier=s, actor=None)
    if standing == "chosen":
        sel.review(candidate=c, actor=None, items=list(Review.values))
        sel.record_trial(candidate=c, actor=None, result="pass")
        q = sel.request_quote(candidate=c, actor=None, lines=[sel.LineInput(item="服务", quantity="1")])
        sel.answer_quote(
            quote=q,
            actor=None,
            prices=["1000"],
            issued_on=timezone.localdate(),
            valid_until=timezone.localdate(),
        )
        sel.choose(candidate=c, actor=None, reason="合适")
    else:
        sel.set_standing(candidate=c, actor=None, standing=standing)
    return s


def test_the_kickoff_is_held_with_the_meetings_suppliers_and_members(tenant_a):
    Kickoff.objects.filter(meeting=tenant_a.meeting).delete()
    av = chosen(tenant_a, "声光", "av", 1)
    other = add_supplier(
        org=tenant_a.org,
        actor=None,
        data=SupplierInput(name="路人", credit_code=credit_code(9), categories=["av"]),
    )
    when = timezone.now().replace(microsecond=0)
    data = ko.KickoffInput(held_at=when, place="一号会议室", suppliers=[av], members=[tenant_a.owner])
    with pytest.raises(ValidationError):
        ko.save_kickoff(meeting=tenant_a.meeting, actor=None, data=data.but(suppliers=[av, other]))
    with pytest.raises(NotAMember):
        ko.save_kickoff(meeting=tenant_a.meeting, actor=None, data=data.but(members=[UserFactory()]))
    assert not Kickoff.objects.filter(meeting=tenant_a.meeting).exists()
    made = ko.save_kickoff(meeting=tenant_a.meeting, actor=None, data=data)
    assert list(made.suppliers.all()) == [av] and made.place == "一号会议室"
    task = ko.add_action(
        kickoff=made,
        actor=tenant_a.owner,
        title="提交设备清单",
        owner=tenant_a.other_member.user,
        due=timezone.localdate() + dt.timedelta(days=3),
    )
    assert (task.assignee, task.meeting) == (tenant_a.other_member.user, tenant_a.meeting)
    assert list(made.tasks.all()) == [task]
    with pytest.raises(NotAMember):
        ko.add_action(kickoff=made, actor=None, title="x", owner=UserFactory(), due=timezone.localdate())
    assert Task.objects.filter(title="x").count() == 0


def test_the_split_is_proposed_from_the_choices_and_edited(tenant_a):
    av = chosen(tenant_a, "声光", "av", 1)
    food = chosen(tenant_a, "味和", "catering", 2)
    backup = chosen(tenant_a, "华音", "av", 3, standing="shortlisted")
    made = ko.propose_duties(meeting=tenant_a.meeting, actor=None)
    assert {(d.supplier.name, d.text) for d in made} == {
        ("声光", "会前设备搭建与调试"),
        ("味和", "茶歇与餐饮，留存食品样品"),
    }
    assert ko.propose_duties(meeting=tenant_a.meeting, actor=None) == []
    ko.add_duty(meeting=tenant_a.meeting, actor=None, supplier=food, text="贵宾室果盘")
    with pytest.raises(ValidationError):
        ko.add_duty(meeting=tenant_a.meeting, actor=None, supplier=food, text="贵宾室果盘")
    with pytest.raises(ValidationError):
        ko.add_duty(meeting=tenant_a.meeting, actor=None, supplier=backup, text="x")  # only shortlisted
    assert Duty.objects.filter(meeting=tenant_a.meeting, supplier=av).count() == 1


def test_the_contact_sheet_has_the_suppliers_from_their_records(client, tenant_a):
    chosen(tenant_a, "声光", "av", 1)
    chosen(tenant_a, "华音", "streaming", 2, standing="backup")
    client.force_login(tenant_a.owner)
    page = client.get(
        reverse("onsite:contacts", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    )
    html = page.content.decode()
    table = html.split('data-testid="supplier-contacts"', 1)[1].split("</table>", 1)[0]
    assert table.index("声光值班") < table.index("华音值班")  # the chosen before the backup
    assert "13800138000" in table and "备选" in table


def test_the_kickoff_page_and_api(client, api, tenant_a):
    Kickoff.objects.filter(meeting=tenant_a.meeting).delete()
    av = chosen(tenant_a, "声光", "av", 1)
    client.force_login(tenant_a.owner)
    url = reverse("suppliers:kickoff", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    bad = client.post(url, {"action": "save", "held_at": "", "suppliers": [av.pk]})
    assert bad.status_code == 400
    ok = client.post(
        url,
        {
            "action": "save",
            "held_at": "2026-11-20T14:00",
            "place": "会议室",
            "suppliers": [av.pk],
            "members": [tenant_a.owner.pk],
        },
    )
    assert ok.status_code == 302
    assert client.post(url, {"action": "propose"}).status_code == 302
    assert "会前设备搭建与调试" in client.get(url).content.decode()
    token = api(tenant_a.raw_token)
    mid = tenant_a.meeting.pk
    action = token.post(
        f"/api/v1/meetings/{mid}/kickoff/actions",
        {"title": "确认进场时间", "owner_id": tenant_a.owner.pk, "due": "2026-11-25"},
    )
    assert action.status_code == 201, action.json()
    body = token.get(f"/api/v1/meetings/{mid}/kickoff").json()
    assert body["supplier_ids"] == [av.pk] and body["actions"][0]["title"] == "确认进场时间"
    stranger = token.put(
        f"/api/v1/meetings/{mid}/kickoff", {"held_at": "2026-11-20T14:00:00+08:00", "supplier_ids": [999999]}
    )
    assert stranger.status_code == 404 and stranger.json()["code"] == "unknown_supplier"
