"""The organisation's playbook templates: the default and per-type copies, and their tasks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.audit import history_for
from huiwu.core.errors import DomainError
from huiwu.orgs.access import get_scoped, org_view, require, scoped
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from ..enums import Stage
from ..forms import CopyPlaybookForm, TemplateTaskForm
from ..models import PlaybookTemplate
from ..services import playbook as services


@org_view()
def playbook_list(request):
    services.create_default_playbook(org=request.org, actor=request.user)
    templates = scoped(PlaybookTemplate, request.org)
    form = CopyPlaybookForm(request.POST or None)
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        if form.is_valid():
            source = templates.get(meeting_type="")
            try:
                copy = services.copy_playbook(template=source, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:  # this type has a template already
                form.add_error(None, exc)
            else:
                return redirect("playbooks:detail", org=request.org.slug, playbook=copy.pk)
    return render(
        request,
        "events/playbooks.html",
        {"templates": templates, "form": form},
        status=400 if form.errors else 200,
    )


@org_view()
def playbook_detail(request, playbook: int):
    template = get_scoped(PlaybookTemplate, request.org, pk=playbook)
    rows = list(template.tasks.prefetch_related("depends_on"))
    form = TemplateTaskForm(request.POST or None, template=template)
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        if form.is_valid():
            data = services.TemplateTaskInput.parse(form.cleaned_data)
            try:
                services.save_template_task(template=template, actor=request.user, data=data)
            except DomainError as exc:
                form.add_error("depends_on", str(exc.message))
            else:
                messages.success(request, _("Task added to the template."))
                return redirect("playbooks:detail", org=request.org.slug, playbook=template.pk)
    by_stage = [{"stage": s, "tasks": [r for r in rows if r.stage == s.value]} for s in Stage]
    context = {
        "template": template,
        "by_stage": by_stage,
        "form": form,
        "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
        "history": history_for(template),
    }
    return render(request, "events/playbook.html", context, status=400 if form.errors else 200)


@org_view(Perm.EDIT_MEETINGS)
def template_task_edit(request, playbook: int, ttask: int):
    template = get_scoped(PlaybookTemplate, request.org, pk=playbook)
    task = template.tasks.filter(pk=ttask).first()
    if task is None:
        raise Http404
    form = TemplateTaskForm(request.POST or None, instance=task, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_template_task(
                template=template,
                actor=request.user,
                task=task,
                data=services.TemplateTaskInput.parse(form.cleaned_data),
            )
        except DomainError as exc:
            form.add_error("depends_on", str(exc.message))
        else:
            messages.success(request, _("Template task saved."))
            return redirect("playbooks:detail", org=request.org.slug, playbook=template.pk)
    return render(
        request,
        "events/template_task.html",
        {"template": template, "task": task, "form": form},
        status=400 if form.errors else 200,
    )


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def template_task_delete(request, playbook: int, ttask: int):
    template = get_scoped(PlaybookTemplate, request.org, pk=playbook)
    task = template.tasks.filter(pk=ttask).first()
    if task is None:
        raise Http404
    services.delete_template_task(task=task, actor=request.user)
    return redirect("playbooks:detail", org=request.org.slug, playbook=template.pk)
