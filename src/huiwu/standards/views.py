"""The standards pages: the catalogue by area with search, a rule with its history and its edit, the
difference between two versions, and a meeting's own standards for its client."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.core.excel import XLSX
from huiwu.core.forms import refusal, submit
from huiwu.events.models import Meeting
from huiwu.jobs.services import start_import
from huiwu.orgs.access import get_scoped, org_view, require
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import excel, selectors, services, visual
from .enums import Area, Source
from .forms import IdentityForm, OverrideForm, RuleForm, VariantForm
from .models import Override, Rule, RuleChange


def _row(rule: Rule, now: dict[str, selectors.Standard]) -> dict:
    return {
        "rule": rule,
        "label": selectors.label(rule.key),
        "applies": selectors.applies_to(rule.key),
        "figure": now[rule.key].describe() if rule.key in now else "",
        "source": _source(rule.variant),
    }


def _with_unit(values: dict | None, unit: str) -> dict | None:
    """A meeting's override is recorded without its unit: the rule's."""
    return None if values is None else {"unit": unit, **values}


def _source(code: str) -> str:
    return str(Source(code).label) if code in Source.values else code


@org_view()
def catalogue(request):
    area = request.GET.get("area", "")
    area = area if area in Area.values else ""
    search = request.GET.get("q", "")[:100]
    now = selectors.standards(request.org)
    rows = [_row(r, now) for r in selectors.rules(request.org, area=area, search=search)]
    context = {
        "rows": rows,
        "areas": Area.choices,
        "area": area,
        "q": search,
        "version": selectors.catalogue_version(request.org),
        "can_edit": can(request.membership, Perm.MANAGE_ORG),
    }
    return render(request, "standards/catalogue.html", context)


@org_view()
def rule(request, standard: int):
    row = get_scoped(Rule, request.org, pk=standard)
    default = selectors.BY_KEY.get(row.key)
    action = request.POST.get("action", "figure")
    form = RuleForm(request.POST if request.method == "POST" and action == "figure" else None, rule=row)
    variant_form = None
    if default and default.variants:
        bound = request.POST if request.method == "POST" and action == "variant" else None
        variant_form = VariantForm(bound, rule=row, default=default)
    if request.method == "POST":
        require(request.membership, Perm.MANAGE_ORG)
        done = None
        if action == "variant" and variant_form is not None and variant_form.is_valid():
            data = variant_form.cleaned_data
            done = submit(
                variant_form,
                lambda: services.choose_variant(
                    rule=row,
                    actor=request.user,
                    variant=data["variant"],
                    reason=data["reason"],
                    version=data["version"],
                ),
            )
        elif action == "figure" and form.is_valid():
            data = form.cleaned_data
            figure = services.FigureInput(
                low=data.get("low"),
                high=data.get("high"),
                unit=data.get("unit", row.unit),
                enabled=data["enabled"],
            )
            done = submit(
                form,
                lambda: services.update_rule(
                    rule=row, actor=request.user, data=figure, reason=data["reason"], version=data["version"]
                ),
            )
        if done is not None:
            messages.success(request, _("Standard saved."))
            return redirect("standards:rule", org=request.org.slug, standard=row.pk)
    context = {
        "row": _row(row, selectors.standards(request.org)),
        "form": form,
        "variant_form": variant_form,
        "changes": [
            {
                "change": c,
                "before": selectors.recorded(row.kind, _with_unit(c.before, row.unit)),
                "after": selectors.recorded(row.kind, _with_unit(c.after, row.unit)),
            }
            for c in RuleChange.objects.filter(rule=row).select_related("actor", "meeting")[:100]
        ],
        "can_edit": can(request.membership, Perm.MANAGE_ORG),
    }
    failed = form.errors or (variant_form is not None and variant_form.errors)
    return render(request, "standards/rule.html", context, status=400 if failed else 200)


@org_view()
def versions(request):
    latest = selectors.catalogue_version(request.org)
    try:
        a = min(max(1, int(request.GET.get("a", latest - 1))), latest)
        b = min(max(1, int(request.GET.get("b", latest))), latest)
    except ValueError:
        a, b = max(1, latest - 1), latest
    before, after = selectors.values_at(request.org, a), selectors.values_at(request.org, b)
    found = {
        key: (pk, kind)
        for key, pk, kind in Rule.objects.filter(org=request.org).values_list("key", "id", "kind")
    }
    rows = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            pk, kind = found.get(key, (None, ""))
            a_text, b_text = (
                selectors.recorded(kind, before.get(key)),
                selectors.recorded(kind, after.get(key)),
            )
            rows.append({"id": pk, "label": selectors.label(key), "a": a_text, "b": b_text})
    context = {"rows": rows, "a": a, "b": b, "latest": latest, "numbers": range(1, latest + 1)}
    return render(request, "standards/versions.html", context)


@org_view()
def meeting(request, meeting: int):
    obj = get_scoped(Meeting, request.org, pk=meeting)
    form = OverrideForm(request.POST or None, org=request.org, label=selectors.label)
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        if form.is_valid():
            data = form.cleaned_data
            figure = services.FigureInput(low=data["low"], high=data["high"], enabled=data["enabled"])
            done = submit(
                form,
                lambda: services.set_override(
                    meeting=obj, rule=data["standard"], actor=request.user, data=figure, reason=data["reason"]
                ),
            )
            if done is not None:
                messages.success(request, _("The meeting's own standard is saved."))
                return redirect("standards:meeting", org=request.org.slug, meeting=obj.pk)
    mine = selectors.standards(request.org, meeting=obj)
    overrides = [
        {"override": o, "label": selectors.label(o.rule.key), "figure": mine[o.rule.key].describe()}
        for o in Override.objects.filter(meeting=obj).select_related("rule")
    ]
    context = {
        "meeting": obj,
        "overrides": overrides,
        "form": form,
        "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
    }
    return render(request, "standards/meeting.html", context, status=400 if form.errors else 200)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def override_remove(request, override: int):
    row = get_object_or_404(Override, meeting__org=request.org, pk=override)
    try:
        services.remove_override(override=row, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("The meeting follows the organisation's standard again."))
    return redirect("standards:meeting", org=request.org.slug, meeting=row.meeting_id)


@org_view()
def export(request):
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="standards-{request.org.slug}.xlsx"'
    excel.export_workbook(request.org).save(response)
    return response


@org_view(Perm.MANAGE_ORG)
@require_POST
def import_(request):
    try:  # every row is changed with the reason: refused once here rather than on each row
        reason = services.clean_reason(request.POST.get("reason", ""))
        job = start_import(membership=request.membership, upload=request.FILES.get("file"),
                           kind="standards_import", params={"reason": reason})  # fmt: skip
    except DomainError as exc:
        messages.error(request, refusal(exc))
        return redirect("standards:catalogue", org=request.org.slug)
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


@org_view()
def identity(request):
    """The visual identity with its checks against the standards; a change that falls short is refused
    and its failures shown beside the colours."""
    current = selectors.identity_of(request.org)
    names = ("primary", "on_primary", "text", "background", "signage_font")
    initial = {**{n: getattr(current, n) for n in names}, "version": current.version}
    form = IdentityForm(request.POST or None, initial=initial)
    shown = current
    if request.method == "POST":
        require(request.membership, Perm.MANAGE_ORG)
        if form.is_valid():
            data = services.IdentityInput.parse(form.cleaned_data)
            version = form.cleaned_data["version"]
            saved = submit(
                form,
                lambda: services.set_identity(
                    org=request.org, actor=request.user, data=data, version=version
                ),
            )
            if saved:
                messages.success(request, _("Visual identity saved."))
                return redirect("standards:identity", org=request.org.slug)
            if all(visual.is_colour(getattr(data, n)) for n in names[:4]):
                shown = data  # the checks of what was typed, beside it
    context = {
        "form": form,
        "checks": selectors.identity_checks(request.org, shown),
        "shown": shown,
        "can_edit": can(request.membership, Perm.MANAGE_ORG),
    }
    return render(request, "standards/identity.html", context, status=422 if form.errors else 200)
