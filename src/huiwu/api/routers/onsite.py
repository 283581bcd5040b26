"""On site, as the pages run it: the team's posts, checklist ticks, run-of-show cues (a change carries
the version it saw: a stale one is a 409), incidents from the report to the close, and the
organisation's incident timers. Reads need VIEW, changes OPERATE_ONSITE, the timers MANAGE_ORG."""

from dataclasses import replace

from ninja import Router, Status

from huiwu.events.models import Meeting
from huiwu.onsite import checklists, cues, selectors, services, team
from huiwu.onsite.models import Checklist, Cue, Incident, Post
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.risks.selectors import plan_in
from huiwu.suppliers.models import Supplier

from .. import lookups
from ..errors import UnknownSupplier
from ..schemas.base import ErrorOut
from ..schemas.onsite import (
    ActivatePlanIn,
    ChecklistOut,
    CueChangeIn,
    CueIn,
    CueOut,
    CueStatusIn,
    DecideIn,
    IncidentDetailOut,
    IncidentIn,
    IncidentOut,
    PolicyIn,
    PolicyOut,
    PostIn,
    PostOut,
    PostPatch,
    ResolveIn,
    TextIn,
    TickIn,
)

router = Router(tags=["on site"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _meeting(request, meeting_id: int, perm=Perm.VIEW) -> Meeting:
    require(request.membership, perm)
    return get_scoped(Meeting, request.org, pk=meeting_id)


# --- the team ---


def _post(request, post_id: int, perm=Perm.VIEW) -> Post:
    require(request.membership, perm)
    return get_scoped(Post.objects.select_related("meeting"), request.org, pk=post_id)


def _with_lacking(posts: list[Post]) -> list[Post]:
    """The posts with what the one filling each lacks now (``team.qualification_of``)."""
    if posts:
        lacking = team.qualification_of(posts[0].meeting, posts)
        for p in posts:
            p.lacking = [{"key": m.key, "text": m.text} for m in lacking[p.pk]]  # type: ignore[attr-defined]
    return posts


@router.get("/meetings/{meeting_id}/posts", response={200: list[PostOut], **ERRORS}, summary="The team")
def list_posts(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    return _with_lacking(
        list(
            Post.objects.filter(meeting=meeting)
            .select_related("meeting", "member", "crew")
            .prefetch_related("crew__certificates")
        )
    )


@router.post("/meetings/{meeting_id}/posts", response={201: PostOut, **ERRORS}, summary="Add a post")
def add_post(request, meeting_id: int, payload: PostIn):
    meeting = _meeting(request, meeting_id, Perm.OPERATE_ONSITE)
    data = payload.dict()
    member = lookups.member(request, data.pop("member_id"))
    crew = lookups.crew(request, data.pop("crew_id"))
    post = team.add_post(
        meeting=meeting, actor=request.user, data=team.PostInput(member=member, crew=crew, **data)
    )
    return Status(201, _with_lacking([post])[0])


@router.get("/posts/{post_id}", response={200: PostOut, **ERRORS})
def get_post(request, post_id: int):
    return _with_lacking([_post(request, post_id)])[0]


@router.patch("/posts/{post_id}", response={200: PostOut, **ERRORS}, summary="Change a post")
def change_post(request, post_id: int, payload: PostPatch):
    post = _post(request, post_id, Perm.OPERATE_ONSITE)
    changes = payload.dict(exclude_unset=True)
    current = team.PostInput.of(post)
    if "member_id" in changes:
        changes["member"] = lookups.member(request, changes.pop("member_id"))
    if "crew_id" in changes:
        changes["crew"] = lookups.crew(request, changes.pop("crew_id"))
    # null clears a text to "" (and a member or a shift time to None)
    changes = {k: "" if v is None and isinstance(getattr(current, k), str) else v for k, v in changes.items()}
    return _with_lacking([team.change_post(post=post, actor=request.user, data=replace(current, **changes))])[
        0
    ]


@router.delete("/posts/{post_id}", response={204: None, **ERRORS}, summary="Remove a post")
def remove_post(request, post_id: int):
    team.remove_post(post=_post(request, post_id, Perm.OPERATE_ONSITE), actor=request.user)
    return Status(204, None)


# --- checklists ---


def _checklist(request, checklist_id: int, perm=Perm.VIEW) -> Checklist:
    require(request.membership, perm)
    return get_scoped(Checklist, request.org, pk=checklist_id)


@router.get("/meetings/{meeting_id}/checklists", response={200: list[ChecklistOut], **ERRORS})
def list_checklists(request, meeting_id: int):
    return list(Checklist.objects.filter(meeting=_meeting(request, meeting_id)).order_by("due_at", "id"))


@router.get("/checklists/{checklist_id}", response={200: ChecklistOut, **ERRORS})
def get_checklist(request, checklist_id: int):
    return _checklist(request, checklist_id)


@router.post(
    "/checklists/{checklist_id}/ticks",
    response={200: ChecklistOut, **ERRORS},
    summary="Tick or untick one item (with the version you saw: a stale one is a 409)",
)
def tick(request, checklist_id: int, payload: TickIn):
    row = _checklist(request, checklist_id, Perm.OPERATE_ONSITE)
    return checklists.tick(checklist=row, actor=request.user, **payload.dict())


@router.post("/checklists/{checklist_id}/sign", response={200: ChecklistOut, **ERRORS}, summary="Sign off")
def sign(request, checklist_id: int):
    return checklists.sign(
        checklist=_checklist(request, checklist_id, Perm.OPERATE_ONSITE), actor=request.user
    )


# --- the run-of-show ---


def _cue(request, cue_id: int, perm=Perm.VIEW) -> Cue:
    require(request.membership, perm)
    return get_scoped(Cue.objects.select_related("meeting"), request.org, pk=cue_id)


def _cue_data(request, payload: CueIn) -> cues.CueInput:
    data = payload.dict()
    data.pop("version", None)
    room_id = data.pop("room_id")
    data["room"] = lookups.room(request, room_id) if room_id is not None else None
    data["responsible"] = lookups.member(request, data.pop("responsible_id"))
    return cues.CueInput(**data)


@router.get("/meetings/{meeting_id}/cues", response={200: list[CueOut], **ERRORS}, summary="The run-of-show")
def list_cues(request, meeting_id: int):
    return list(Cue.objects.filter(meeting=_meeting(request, meeting_id)).order_by("start", "id"))


@router.post("/meetings/{meeting_id}/cues", response={201: CueOut, **ERRORS}, summary="Add a cue")
def add_cue(request, meeting_id: int, payload: CueIn):
    meeting = _meeting(request, meeting_id, Perm.OPERATE_ONSITE)
    return Status(201, cues.save_cue(meeting=meeting, actor=request.user, data=_cue_data(request, payload)))


@router.get("/cues/{cue_id}", response={200: CueOut, **ERRORS})
def get_cue(request, cue_id: int):
    return _cue(request, cue_id)


@router.put(
    "/cues/{cue_id}",
    response={200: CueOut, **ERRORS},
    summary="Change a cue (with the version you saw: a stale one is a 409)",
)
def change_cue(request, cue_id: int, payload: CueChangeIn):
    cue = _cue(request, cue_id, Perm.OPERATE_ONSITE)
    return cues.save_cue(
        meeting=cue.meeting,
        actor=request.user,
        cue=cue,
        version=payload.version,
        data=_cue_data(request, payload),
    )


@router.post(
    "/cues/{cue_id}/status",
    response={200: CueOut, **ERRORS},
    summary="Standby, live, done, skipped or back to pending (a stale version is a 409)",
)
def cue_status(request, cue_id: int, payload: CueStatusIn):
    cue = _cue(request, cue_id, Perm.OPERATE_ONSITE)
    return cues.set_status(cue=cue, status=payload.status, version=payload.version, actor=request.user)


# --- incidents ---


def _incident(request, incident_id: int, perm=Perm.VIEW) -> Incident:
    require(request.membership, perm)
    return get_scoped(Incident.objects.select_related("meeting"), request.org, pk=incident_id)


def _detail(incident: Incident) -> dict:
    out = IncidentOut.from_orm(incident).dict()
    out["updates"] = list(incident.updates.order_by("at", "id").values("at", "kind", "text", "user_id"))
    return out


@router.get("/meetings/{meeting_id}/incidents", response={200: list[IncidentOut], **ERRORS})
def list_incidents(request, meeting_id: int):
    return list(
        Incident.objects.filter(meeting=_meeting(request, meeting_id)).order_by("-reported_at", "-id")
    )


@router.post(
    "/meetings/{meeting_id}/incidents",
    response={201: IncidentDetailOut, **ERRORS},
    summary="Report an incident; its timers start now (an Idempotency-Key reports a double send once)",
)
def report(request, meeting_id: int, payload: IncidentIn):
    meeting = _meeting(request, meeting_id, Perm.OPERATE_ONSITE)
    values = payload.dict()
    supplier_id = values.pop("supplier_id")
    supplier = None
    if supplier_id is not None:
        supplier = Supplier.objects.filter(org=request.org, pk=supplier_id).first()
        if supplier is None:
            raise UnknownSupplier(details={"field": "supplier_id"})
    incident = services.report(
        meeting=meeting,
        actor=request.user,
        request_key=request.headers.get("Idempotency-Key", "")[:64],
        supplier=supplier,
        **values,
    )
    return Status(201, _detail(incident))


@router.get(
    "/incidents/{incident_id}", response={200: IncidentDetailOut, **ERRORS}, summary="With its timeline"
)
def get_incident(request, incident_id: int):
    return _detail(_incident(request, incident_id))


@router.post("/incidents/{incident_id}/respond", response={200: IncidentDetailOut, **ERRORS})
def respond(request, incident_id: int):
    row = _incident(request, incident_id, Perm.OPERATE_ONSITE)
    return _detail(services.respond(incident=row, actor=request.user))


@router.post("/incidents/{incident_id}/decide", response={200: IncidentDetailOut, **ERRORS})
def decide(request, incident_id: int, payload: DecideIn):
    row = _incident(request, incident_id, Perm.OPERATE_ONSITE)
    return _detail(services.decide(incident=row, actor=request.user, text=payload.text))


@router.post(
    "/incidents/{incident_id}/updates", response={200: IncidentDetailOut, **ERRORS}, summary="Add an update"
)
def add_update(request, incident_id: int, payload: TextIn):
    row = _incident(request, incident_id, Perm.OPERATE_ONSITE)
    return _detail(services.add_update(incident=row, actor=request.user, text=payload.text))


@router.post(
    "/incidents/{incident_id}/plan",
    response={200: IncidentDetailOut, **ERRORS},
    summary="Activate a contingency plan of the meeting",
)
def activate_plan(request, incident_id: int, payload: ActivatePlanIn):
    row = _incident(request, incident_id, Perm.OPERATE_ONSITE)
    plan = plan_in(request.org, payload.plan_id)
    return _detail(services.activate_plan(incident=row, actor=request.user, plan=plan))


@router.post("/incidents/{incident_id}/resolve", response={200: IncidentDetailOut, **ERRORS})
def resolve(request, incident_id: int, payload: ResolveIn):
    row = _incident(request, incident_id, Perm.OPERATE_ONSITE)
    return _detail(services.resolve(incident=row, actor=request.user, **payload.dict()))


@router.post("/incidents/{incident_id}/close", response={200: IncidentDetailOut, **ERRORS})
def close(request, incident_id: int):
    row = _incident(request, incident_id, Perm.OPERATE_ONSITE)
    return _detail(services.close(incident=row, actor=request.user))


# --- the organisation's incident timers ---


@router.get(
    "/sla-policy", response={200: PolicyOut, **ERRORS}, summary="Incident timers and the duty manager"
)
def get_policy(request):
    require(request.membership, Perm.VIEW)
    return _policy_out(request.org)


@router.put("/sla-policy", response={200: PolicyOut, **ERRORS}, summary="Set the duty manager")
def set_policy(request, payload: PolicyIn):
    require(request.membership, Perm.MANAGE_ORG)
    duty_manager = lookups.member(request, payload.duty_manager_id)
    services.set_duty_manager(org=request.org, actor=request.user, duty_manager=duty_manager)
    return _policy_out(request.org)


def _policy_out(org) -> dict:
    timers = selectors.timers_of(org)
    return {
        "minutes": timers.minutes, "update_every": timers.update_every,
        "standards_version": timers.standards_version,
        "duty_manager_id": getattr(timers.duty_manager, "pk", None),
    }  # fmt: skip
