"""Task pages: my tasks, one task (status, checklist, comments, files, history), rescheduling."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core import uploads
from huiwu.core.audit import history_for
from huiwu.core.errors import DomainError
from huiwu.core.forms import save_form
from huiwu.orgs.access import get_scoped, org_view, require
from huiwu.orgs.enums import Perm

from .. import selectors
from ..forms import AttachmentForm, CommentForm, RescheduleForm, TaskForm
from ..models import Task, TaskAttachment
from ..services import tasks as task_services


def _task(request, task: int) -> Task:
    return get_scoped(Task.objects.select_related("meeting", "assignee"), request.org, pk=task)


@org_view()
def my_tasks(request):
    show_done = request.GET.get("done") == "1"
    tasks = selectors.tasks_for_user(request.org, request.user, include_done=show_done)
    page = Paginator(tasks, 100).get_page(request.GET.get("page"))
    return render(
        request, "events/my_tasks.html", {"tasks": page.object_list, "page": page, "show_done": show_done}
    )


@org_view()
def task_detail(request, task: int):
    obj = _task(request, task)
    form = TaskForm(request.POST or None, instance=obj, org=request.org)
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS if obj.meeting else Perm.VIEW)
        saved = save_form(
            form,
            lambda data: task_services.update_task(
                task=obj, actor=request.user, data=task_services.TaskInput.of(obj).but(**data)
            ),
        )
        if saved is not None:
            messages.success(request, _("Task saved."))
            return redirect("tasks:detail", org=request.org.slug, task=obj.pk)
    context = {
        "task": obj,
        "form": form,
        "reschedule_form": RescheduleForm(initial={"due": task_services.due_date_of(obj)}),
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(),
        "dependencies": obj.depends_on.all(),
        "comments": obj.comments.select_related("author"),
        "attachments": obj.attachments.all(),
        "history": history_for(obj),
    }
    return render(request, "events/task.html", context, status=400 if form.errors else 200)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def task_reschedule(request, task: int):
    obj = _task(request, task)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"code": "invalid", "message": _("Choose a valid date.")}, status=422)
        messages.error(request, _("Choose a valid date."))
        return redirect("tasks:detail", org=request.org.slug, task=obj.pk)
    try:
        task_services.reschedule_task(task=obj, actor=request.user, due=form.cleaned_data["due"])
    except ValidationError as exc:
        message = " ".join(exc.messages)
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"code": "invalid", "message": message}, status=422)
        messages.error(request, message)
        return redirect("tasks:detail", org=request.org.slug, task=obj.pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"id": obj.pk, "due": form.cleaned_data["due"].isoformat()})
    messages.success(request, _("Task rescheduled."))
    return redirect("tasks:detail", org=request.org.slug, task=obj.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def task_checklist(request, task: int, index: int):
    obj = _task(request, task)
    try:
        task_services.set_checklist_item(
            task=obj, actor=request.user, index=index, done=request.POST.get("done") == "1"
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("tasks:detail", org=request.org.slug, task=obj.pk)


@org_view()
@require_POST
def task_comment(request, task: int):
    obj = _task(request, task)
    form = CommentForm(request.POST)
    if form.is_valid():
        task_services.add_comment(task=obj, actor=request.user, body=form.cleaned_data["body"])
    else:
        messages.error(request, _("Write something first."))
    return redirect("tasks:detail", org=request.org.slug, task=obj.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def task_attach(request, task: int):
    obj = _task(request, task)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            task_services.add_attachment(task=obj, actor=request.user, upload=form.cleaned_data["file"])
        except DomainError as exc:
            messages.error(request, str(exc.message))
    return redirect("tasks:detail", org=request.org.slug, task=obj.pk)


@org_view()
def task_attachment(request, task: int, attachment: int):
    obj = _task(request, task)
    row = TaskAttachment.objects.filter(task=obj, pk=attachment).first()
    if row is None:
        raise Http404
    return uploads.serve(row.file, download_name=row.name)
