"""Inspection pages, made for a phone: a meeting's inspections with their progress, one inspection item by
item (value or yes/no, photos, note), the photos, and the report (PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core import uploads
from huiwu.core.errors import DomainError
from huiwu.core.forms import add_domain_error
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view, require
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import pdf, selectors, services
from .forms import ItemForm
from .models import Inspection, Item


def _meeting(request, meeting: int) -> Meeting:
    return get_scoped(Meeting, request.org, pk=meeting)


@org_view()
def meeting(request, meeting: int):
    obj = _meeting(request, meeting)
    if request.method == "POST":
        require(request.membership, Perm.OPERATE_ONSITE)
        made = services.generate(meeting=obj, actor=request.user)
        messages.success(request, _("%(n)s inspections ready.") % {"n": len(made)})
        return redirect("inspections:meeting", org=request.org.slug, meeting=obj.pk)
    inspections = list(selectors.of_meeting(obj))
    for i in inspections:
        i.progress = selectors.progress(i)
    context = {
        "meeting": obj,
        "inspections": inspections,
        "failures": selectors.open_failures(obj),
        "can_operate": can(request.membership, Perm.OPERATE_ONSITE),
    }
    return render(request, "inspections/meeting.html", context)


def _rows(inspection: Inspection, bound: dict[int, ItemForm] | None = None) -> list[dict]:
    rows = []
    for item in inspection.items.select_related("checked_by", "task", "incident").prefetch_related("photos"):
        form = (bound or {}).get(item.pk) or ItemForm(
            auto_id=f"item{item.pk}_%s",
            initial={
                "version": item.version,
                "value": "" if item.value is None else format(item.value.normalize(), "f"),
                "answer": {True: "yes", False: "no"}.get(item.answer, ""),
                "note": item.note,
            },
        )
        rows.append({"item": item, "form": form, **selectors.wording(item)})
    return rows


def _page(request, inspection: Inspection, bound: dict[int, ItemForm] | None = None, status: int = 200):
    from huiwu.standards.selectors import standards

    rules = standards(request.org, meeting=inspection.meeting)
    rows = _rows(inspection, bound)
    for row in rows:
        rule = rules[row["item"].key]
        row["now"] = rule.describe()
        row["unit"] = rule.unit
    context = {
        "inspection": inspection,
        "meeting": inspection.meeting,
        "rows": rows,
        "progress": selectors.progress(inspection),
        "can_operate": can(request.membership, Perm.OPERATE_ONSITE),
    }
    return render(request, "inspections/inspection.html", context, status=status)


@org_view()
def inspection(request, inspection: int):
    row = selectors.inspection_in(request.org, inspection)
    return _page(request, row)


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def item(request, inspection_item: int):
    row: Item = selectors.item_in(request.org, inspection_item)
    form = ItemForm(request.POST, auto_id=f"item{row.pk}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            checked = services.record(
                item=row, actor=request.user, version=data["version"], value=data["value"],
                answer=data["answer"], note=data["note"], photos=request.FILES.getlist("photos"),
            )  # fmt: skip
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Checked: %(result)s.") % {"result": checked.get_result_display()})
            url = reverse(
                "inspections:inspection", kwargs={"org": request.org.slug, "inspection": row.inspection_id}
            )
            return redirect(f"{url}#item-{row.pk}")
    else:
        status = 400
    return _page(request, row.inspection, {row.pk: form}, status=status)


@org_view()
def photo(request, photo: int):
    return uploads.serve(selectors.photo_in(request.org, photo).file)


@org_view()
def report_pdf(request, meeting: int):
    obj = _meeting(request, meeting)
    response = HttpResponse(pdf.report(obj), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="inspections-{obj.pk}.pdf"'
    return response
