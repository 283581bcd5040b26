"""The clause library's pages: the clauses and templates, one clause with its versions, the difference
between two, a preview for a meeting; a template's clauses in order. Reading needs VIEW, changing
EDIT_FINANCE (contracts are the finance role's, with the PM)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.core.forms import submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import selectors, services, variables
from .forms import ClauseForm, TemplateForm
from .models import Clause

EDIT = Perm.EDIT_FINANCE


@org_view()
def library(request):
    can_edit = can(request.membership, EDIT)
    action = request.POST.get("action", "")
    clause_form = ClauseForm(request.POST if action == "clause" else None) if can_edit else None
    template_form = (
        TemplateForm(
            request.POST if action == "template" else None, clauses=Clause.objects.filter(org=request.org)
        )
        if can_edit
        else None
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if action == "clause" and clause_form is not None and clause_form.is_valid():
            data = services.ClauseInput.parse(clause_form.cleaned_data)
            made = submit(
                clause_form,
                lambda: services.save_clause(
                    org=request.org, actor=request.user, data=data, reason=clause_form.cleaned_data["reason"]
                ),
            )
            if made is not None:
                messages.success(request, _("Clause added."))
                return redirect("contracts:clause", org=request.org.slug, clause=made.pk)
        if action == "template" and template_form is not None and template_form.is_valid():
            c = template_form.cleaned_data
            data = services.TemplateInput(kind=c["kind"], name=c["name"], clauses=template_form.ordered())
            made = submit(
                template_form, lambda: services.save_template(org=request.org, actor=request.user, data=data)
            )
            if made is not None:
                messages.success(request, _("Template added."))
                return redirect("contracts:template", org=request.org.slug, contract_template=made.pk)
    bound = (clause_form is not None and clause_form.errors) or (
        template_form is not None and template_form.errors
    )
    return render(
        request,
        "contracts/library.html",
        {
            **selectors.library(request.org),
            "clause_form": clause_form,
            "template_form": template_form,
            "can_edit": can_edit,
            "variables": variables.VARIABLES.values(),
            "action": action,
        },
        status=400 if bound else 200,
    )


@org_view()
def clause(request, clause: int):
    row = selectors.clause_of(request.org, clause)
    can_edit = can(request.membership, EDIT)
    initial = {"title": row.title, "kind": row.kind, "topic": row.topic, "text": row.text}
    form = ClauseForm(request.POST or None, initial=initial, editing=True) if can_edit else None
    if request.method == "POST":
        if not can_edit or form is None:
            raise PermissionDenied
        if form.is_valid():
            data = services.ClauseInput.parse(form.cleaned_data)
            sent = request.POST.get("version", "")
            saved = submit(
                form,
                lambda: services.save_clause(
                    org=request.org,
                    actor=request.user,
                    data=data,
                    clause=row,
                    version=int(sent) if sent.isdecimal() else None,
                    reason=form.cleaned_data["reason"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Clause saved (version %(n)s).") % {"n": saved.version})
                return redirect("contracts:clause", org=request.org.slug, clause=row.pk)
    versions = list(row.versions.select_related("created_by"))
    shown = next(
        (v for v in versions if str(v.number) == request.GET.get("v")), versions[0] if versions else None
    )
    before = next((v for v in versions if shown and v.number < shown.number), None)
    meetings = list(Meeting.objects.filter(org=request.org).order_by("-start_date")[:50])
    meeting = next((m for m in meetings if str(m.pk) == request.GET.get("meeting")), None)
    preview = missing = None
    if meeting is not None:
        values = selectors.values_for(meeting, party=meeting.client)
        try:
            preview = variables.render(row.text, values)
        except variables.MissingValues as exc:
            missing = exc.names
    return render(
        request,
        "contracts/clause.html",
        {
            "clause": row,
            "form": form,
            "versions": versions,
            "shown": shown,
            "before": before,
            "diff": selectors.diff(before, shown) if before and shown else [],
            "used": variables.names(row.text),
            "variables": variables.VARIABLES,
            "meetings": meetings,
            "meeting": meeting,
            "preview": preview,
            "missing": missing,
        },
        status=400 if form is not None and form.errors else 200,
    )


@org_view()
def template(request, contract_template: int):
    row = selectors.template_of(request.org, contract_template)
    can_edit = can(request.membership, EDIT)
    chosen = {item.clause_id: i + 1 for i, item in enumerate(row.items.all())}
    form = (
        TemplateForm(
            request.POST or None,
            clauses=Clause.objects.filter(org=request.org),
            chosen=chosen,
            initial={"kind": row.kind, "name": row.name},
        )
        if can_edit
        else None
    )
    if request.method == "POST":
        if not can_edit or form is None:
            raise PermissionDenied
        if form.is_valid():
            c = form.cleaned_data
            data = services.TemplateInput(kind=c["kind"], name=c["name"], clauses=form.ordered())
            if (
                submit(
                    form,
                    lambda: services.save_template(
                        org=request.org, actor=request.user, data=data, template=row
                    ),
                )
                is not None
            ):
                messages.success(request, _("Template saved."))
                return redirect("contracts:template", org=request.org.slug, contract_template=row.pk)
    return render(
        request,
        "contracts/template.html",
        {"template": row, "items": list(row.items.all()), "form": form},
        status=400 if form is not None and form.errors else 200,
    )
