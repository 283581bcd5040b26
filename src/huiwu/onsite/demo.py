"""The reference summit's incidents for the demo organisation: a microphone fixed within its timers, and a
speaker running late, responded to and waiting for a decision; the run-of-show built from the agenda."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from huiwu.staff.models import Person

from . import checklists, cues, runsheet, services, team
from .models import Checklist, Incident, Post


def load(summit, users, vendors=None) -> None:
    if Incident.objects.filter(meeting=summit).exists():
        return
    cues.build_from_agenda(meeting=summit)  # the run-of-show of the published agenda
    team.create_team(meeting=summit)
    checklists.create_defaults(meeting=summit)
    materials = Checklist.objects.get(meeting=summit, key="materials")
    for i in range(len(materials.items)):
        materials = checklists.tick(checklist=materials, index=i, actor=users["zhaoqiang"], done=True,
                                    version=materials.version)  # fmt: skip
    checklists.sign(checklist=materials, actor=summit.owner)
    crew = {p.name: p for p in Person.objects.filter(org=summit.org, member__isnull=True)}
    filled = {  # through the team's command: each is checked against the post's qualifications
        "coordinator": ({"member": summit.owner}, "13801230001", "1"),
        "tech": ({"member": users["zhaoqiang"]}, "13801230002", "2"),
        "reception": ({"crew": crew["孙丽"]}, "13912345678", "3"),
        "emergency": ({"crew": crew["周杰"]}, "13912345679", "4"),
    }
    for role, (who, phone, radio) in filled.items():
        post = Post.objects.filter(meeting=summit, role=role).first()
        data = team.PostInput.of(post).but(phone=phone, radio=radio, **who)
        team.change_post(post=post, actor=summit.owner, data=data)
    av = {"title": "音视频供应商", "person": "声光科技 王工", "phone": "13901230003"}
    Post.objects.create(org=summit.org, meeting=summit, role="supplier", position=99, **av)
    now, staff, pm = timezone.now(), users["zhaoqiang"], summit.owner
    services.set_duty_manager(org=summit.org, actor=pm, duty_manager=pm)
    mic = services.report(
        meeting=summit, actor=staff, tier="general", category="equipment", title="主会场1号话筒无声",
        location="主会场", now=now - dt.timedelta(minutes=50),
    )  # fmt: skip
    services.respond(incident=mic, actor=staff, now=now - dt.timedelta(minutes=48))
    services.resolve(incident=mic, actor=staff, cause="电池耗尽", fix="更换备用话筒并补充电池",
                     now=now - dt.timedelta(minutes=44))  # fmt: skip
    services.close(incident=mic, actor=pm, now=now - dt.timedelta(minutes=30))
    late = services.report(
        meeting=summit, actor=staff, tier="important", category="speaker", title="第二位主旨演讲嘉宾航班延误",
        location="贵宾休息室", description="预计晚到40分钟", now=now - dt.timedelta(minutes=6),
    )  # fmt: skip
    services.respond(incident=late, actor=pm, now=now - dt.timedelta(minutes=4))
    plan_b = "已联系嘉宾助理，备选：对调第三、四个议程"
    services.add_update(incident=late, actor=pm, text=plan_b, now=now - dt.timedelta(minutes=2))

    _run_sheet(summit, vendors or {})


def _run_sheet(summit, vendors) -> None:
    """The shared run sheet built from the duties, the run-of-show and the team, published; the AV and
    the catering suppliers' people have the portal and have acknowledged it."""
    from huiwu.suppliers.models import PortalUser, Supplier

    runsheet.build(meeting=summit, actor=summit.owner)
    version = runsheet.publish(meeting=summit, actor=summit.owner, note="T-3 定稿：进场、调试、茶歇时间")
    for username, prefix in (("demo-av", "声光"), ("demo-catering", "味和")):
        supplier = Supplier.objects.filter(org=summit.org, name__startswith=prefix).first()
        person = vendors.get(username)
        if supplier is None or person is None:
            continue
        PortalUser.objects.get_or_create(
            supplier=supplier, user=person, defaults={"invited_by": summit.owner}
        )
        if version.suppliers.filter(pk=supplier.pk).exists():
            runsheet.acknowledge(version=version, supplier=supplier, user=person)
