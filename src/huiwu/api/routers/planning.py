"""Tasks, KPIs, requirements, the stage gate, the questionnaire, contacts and conversations."""

from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from huiwu.clients import services as client_services
from huiwu.clients.models import Client, Contact
from huiwu.events.enums import OPEN_STATUSES
from huiwu.events.models import Meeting, PlaybookTemplate, Task
from huiwu.events.services import gates
from huiwu.events.services import playbook as playbook_services
from huiwu.events.services import report as report_services
from huiwu.events.services import tasks as task_services
from huiwu.events.services.meetings import KPIInput, RequirementInput, save_kpi, save_requirement
from huiwu.events.services.survey import summary, survey_for
from huiwu.orgs.access import get_scoped, require, scoped
from huiwu.orgs.enums import Perm

from .. import lookups
from ..pagination import Pagination
from ..schemas.base import ErrorOut
from ..schemas.events import (
    ApprovalIn,
    CommentIn,
    CommentOut,
    CommunicationIn,
    CommunicationOut,
    ContactIn,
    ContactOut,
    GateOut,
    KPIIn,
    KPIOut,
    MeetingOut,
    PlaybookDetailOut,
    PlaybookOut,
    RequirementIn,
    RequirementOut,
    StageIn,
    TaskOut,
    TaskPatch,
    TemplateTaskIn,
    TemplateTaskOut,
)

router = Router(tags=["planning"])
MAX_ID = 2**53  # ids beyond this do not exist, and some databases overflow on them
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _meeting(request, meeting_id: int) -> Meeting:
    require(request.membership, Perm.VIEW)
    return get_scoped(Meeting, request.org, pk=meeting_id)


@router.get(
    "/tasks", response=list[TaskOut], summary="Tasks of the organisation (filter: mine, meeting, open)"
)
@paginate(Pagination)
def list_tasks(
    request,
    mine: bool = False,
    meeting_id: int | None = Query(None, ge=1, le=MAX_ID),
    open_only: bool = False,
):
    require(request.membership, Perm.VIEW)
    qs = scoped(Task, request.org).order_by("due_at", "id")
    if mine:
        qs = qs.filter(assignee=request.user)
    if meeting_id is not None:
        qs = qs.filter(meeting_id=meeting_id)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs


@router.get("/tasks/{task_id}", response={200: TaskOut, **ERRORS})
def get_task(request, task_id: int):
    require(request.membership, Perm.VIEW)
    return get_scoped(Task, request.org, pk=task_id)


@router.patch(
    "/tasks/{task_id}", response={200: TaskOut, **ERRORS}, summary="Change a task, or move its due date"
)
def patch_task(request, task_id: int, payload: TaskPatch):
    require(request.membership, Perm.EDIT_MEETINGS)
    task = get_scoped(Task, request.org, pk=task_id)
    data = payload.dict(exclude_unset=True)
    due = data.pop("due_date", None)
    if "assignee_id" in data:
        data["assignee"] = lookups.member(request, data.pop("assignee_id"))
    if data:
        changed = task_services.TaskInput.of(task).but(**data)
        task = task_services.update_task(task=task, actor=request.user, data=changed)
    if due is not None:
        task = task_services.reschedule_task(task=task, actor=request.user, due=due)
    return task


@router.get("/meetings/{meeting_id}/kpis", response={200: list[KPIOut], **ERRORS})
def list_kpis(request, meeting_id: int):
    return list(_meeting(request, meeting_id).kpis.all())


@router.post("/meetings/{meeting_id}/kpis", response={201: KPIOut, **ERRORS})
def create_kpi(request, meeting_id: int, payload: KPIIn):
    meeting = _meeting(request, meeting_id)
    require(request.membership, Perm.EDIT_MEETINGS)
    return Status(201, save_kpi(meeting=meeting, actor=request.user, data=KPIInput(**payload.dict())))


@router.get("/meetings/{meeting_id}/requirements", response={200: list[RequirementOut], **ERRORS})
def list_requirements(request, meeting_id: int):
    return list(_meeting(request, meeting_id).requirements.all())


@router.post("/meetings/{meeting_id}/requirements", response={201: RequirementOut, **ERRORS})
def create_requirement(request, meeting_id: int, payload: RequirementIn):
    meeting = _meeting(request, meeting_id)
    require(request.membership, Perm.EDIT_MEETINGS)
    data = payload.dict()
    contact_id = data.pop("requested_by_id")
    contact = None
    if contact_id is not None:
        contact = get_scoped(Contact, request.org, pk=contact_id)
    item = RequirementInput(requested_by=contact, **data)
    return Status(201, save_requirement(meeting=meeting, actor=request.user, data=item))


@router.get(
    "/meetings/{meeting_id}/gate", response={200: GateOut, **ERRORS}, summary="What the stage gate misses"
)
def gate(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    return {"stage": meeting.stage, "missing": [m.text for m in gates.missing_for(meeting)]}


@router.post(
    "/meetings/{meeting_id}/stage",
    response={200: MeetingOut, **ERRORS},
    summary="Move the meeting to another stage (409 with what is missing, unless a reason is given)",
)
def move_stage(request, meeting_id: int, payload: StageIn):
    meeting = _meeting(request, meeting_id)
    require(request.membership, Perm.EDIT_MEETINGS)
    gates.move_stage(meeting=meeting, actor=request.user, to_stage=payload.to_stage, reason=payload.reason)
    meeting.refresh_from_db()
    return meeting


@router.get(
    "/meetings/{meeting_id}/survey",
    response={200: dict, **ERRORS},
    summary="The attendee-profile questionnaire: public token and answer summary",
)
def survey_summary(request, meeting_id: int):
    survey = survey_for(_meeting(request, meeting_id))
    return {"token": survey.token, "is_open": survey.is_open, "summary": summary(survey)}


def _client(request, client_id: int) -> Client:
    require(request.membership, Perm.VIEW)
    return get_scoped(Client, request.org, pk=client_id)


@router.get("/clients/{client_id}/contacts", response={200: list[ContactOut], **ERRORS})
def list_contacts(request, client_id: int):
    return list(_client(request, client_id).contacts.all())


@router.post("/clients/{client_id}/contacts", response={201: ContactOut, **ERRORS})
def create_contact(request, client_id: int, payload: ContactIn):
    client = _client(request, client_id)
    require(request.membership, Perm.EDIT_CLIENTS)
    return Status(
        201,
        client_services.save_contact(
            client=client, actor=request.user, data=client_services.ContactInput(**payload.dict())
        ),
    )


@router.get("/clients/{client_id}/communications", response={200: list[CommunicationOut], **ERRORS})
def list_communications(request, client_id: int):
    return list(_client(request, client_id).communications.all()[:200])


@router.post("/clients/{client_id}/communications", response={201: CommunicationOut, **ERRORS})
def create_communication(request, client_id: int, payload: CommunicationIn):
    client = _client(request, client_id)
    require(request.membership, Perm.EDIT_CLIENTS)
    data = payload.dict()
    meeting_id = data.pop("meeting_id")
    meeting = (
        get_scoped(Meeting.objects.filter(client=client), request.org, pk=meeting_id) if meeting_id else None
    )
    assignee_id = data.pop("follow_up_assignee_id")
    data["follow_up_assignee"] = lookups.member(request, assignee_id)
    return Status(
        201,
        client_services.log_communication(
            client=client,
            actor=request.user,
            data=client_services.CommunicationInput(meeting=meeting, **data),
        ),
    )


@router.get("/tasks/{task_id}/comments", response={200: list[CommentOut], **ERRORS})
def list_comments(request, task_id: int):
    require(request.membership, Perm.VIEW)
    return list(get_scoped(Task, request.org, pk=task_id).comments.all())


@router.post("/tasks/{task_id}/comments", response={201: CommentOut, **ERRORS})
def create_comment(request, task_id: int, payload: CommentIn):
    require(request.membership, Perm.VIEW)
    task = get_scoped(Task, request.org, pk=task_id)
    return Status(201, task_services.add_comment(task=task, actor=request.user, body=payload.body))


@router.post(
    "/meetings/{meeting_id}/report/approve",
    response={200: MeetingOut, **ERRORS},
    summary="Record the client's approval of the Requirement Analysis Report",
)
def approve(request, meeting_id: int, payload: ApprovalIn):
    meeting = _meeting(request, meeting_id)
    require(request.membership, Perm.EDIT_MEETINGS)
    contact = get_scoped(Contact, request.org, pk=payload.contact_id)
    return report_services.approve_report(meeting=meeting, contact=contact, actor=request.user)


@router.get("/playbooks", response=list[PlaybookOut], summary="The organisation's playbook templates")
@paginate(Pagination)
def list_playbooks(request):
    require(request.membership, Perm.VIEW)
    return scoped(PlaybookTemplate, request.org).order_by("id")


@router.get("/playbooks/{playbook_id}", response={200: PlaybookDetailOut, **ERRORS})
def get_playbook(request, playbook_id: int):
    require(request.membership, Perm.VIEW)
    return get_scoped(PlaybookTemplate, request.org, pk=playbook_id)


@router.post(
    "/playbooks/{playbook_id}/tasks",
    response={201: TemplateTaskOut, **ERRORS},
    summary="Add a task to a playbook template (dependencies within the template, no cycles)",
)
def add_template_task(request, playbook_id: int, payload: TemplateTaskIn):
    require(request.membership, Perm.EDIT_MEETINGS)
    template = get_scoped(PlaybookTemplate, request.org, pk=playbook_id)
    data = payload.dict()
    deps = list(template.tasks.filter(pk__in=data.pop("depends_on")))
    task = playbook_services.save_template_task(
        template=template,
        actor=request.user,
        data=playbook_services.TemplateTaskInput(depends_on=deps, **data),
    )
    return Status(201, task)


@router.delete("/playbooks/{playbook_id}/tasks/{template_task_id}", response={204: None, **ERRORS})
def delete_template_task(request, playbook_id: int, template_task_id: int):
    require(request.membership, Perm.EDIT_MEETINGS)
    template = get_scoped(PlaybookTemplate, request.org, pk=playbook_id)
    task = template.tasks.filter(pk=template_task_id).first()
    if task is None:
        raise Http404
    playbook_services.delete_template_task(task=task, actor=request.user)
    return Status(204, None)
