"""The wrap-up pages of a meeting: the KPI review (each KPI's actual against its target, what the product
measured offered to take over, the variance and its explanation) and the count after the end with the
venue's restoration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal
from huiwu.events.models import KPI, Meeting
from huiwu.feedback import satisfaction
from huiwu.feedback.services import may_set_up
from huiwu.orgs.access import get_scoped, org_view

from . import count as counting
from . import kpis
from .models import Count, CountItem, ItemState, Result


def _id(value: str | None) -> int:
    return int(value) if value and value.isdecimal() and len(value) < 19 else 0


def _version(request) -> int:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdecimal() and len(raw) < 10 else -1


@org_view()
def review(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    editor = may_set_up(request.membership, row)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        kpi = KPI.objects.filter(meeting=row, pk=_id(request.POST.get("kpi"))).first()
        if kpi is not None:
            try:
                kpis.record_actual(
                    kpi=kpi, membership=request.membership, actual=request.POST.get("actual", ""),
                    unit=request.POST.get("unit", ""), explanation=request.POST.get("explanation", ""),
                    source=request.POST.get("source", "entered"), version=_version(request),
                )  # fmt: skip
                messages.success(request, _("Actual recorded."))
            except DomainError as exc:
                messages.error(request, refusal(exc))
        return redirect("wrapup:review", org=request.org.slug, meeting=row.pk)
    figures = satisfaction.figures(row)
    results = {r.kpi_id: r for r in Result.objects.filter(kpi__meeting=row).select_related("recorded_by")}
    rows = []
    for kpi in KPI.objects.filter(meeting=row):
        rows.append({"kpi": kpi, "result": results.get(kpi.pk), "suggestion": kpis.suggest(kpi, figures),
                     "variance": kpis.variance(kpi)})  # fmt: skip
    return render(request, "wrapup/review.html", {"meeting": row, "rows": rows, "editor": editor})


@org_view()
def count(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    found = Count.objects.filter(meeting=row).first()
    editor = may_set_up(request.membership, row)
    here = redirect("wrapup:count", org=request.org.slug, meeting=row.pk)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "start":
                counting.start(meeting=row, membership=request.membership)
            elif found is None:
                pass
            elif action == "item":
                item = CountItem.objects.filter(count=found, pk=_id(request.POST.get("item"))).first()
                if item is not None:
                    state, note = request.POST.get("state", ""), request.POST.get("note", "")
                    counting.count_item(
                        item=item,
                        membership=request.membership,
                        state=state,
                        note=note,
                        version=_version(request),
                    )
            elif action == "add":
                raw, name = request.POST.get("quantity", "1"), request.POST.get("name", "")
                quantity = int(raw) if raw.isdecimal() and len(raw) < 8 else 0
                counting.add_item(count=found, membership=request.membership, name=name, quantity=quantity)
            elif action == "sign":
                counting.sign_off(count=found, membership=request.membership)
                messages.success(request, _("Count signed off."))
            elif action == "restored":
                counting.record_restoration(count=found, membership=request.membership,
                                            venue_person=request.POST.get("venue_person", ""),
                                            note=request.POST.get("note", ""))  # fmt: skip
                messages.success(request, _("Restoration recorded."))
        except DomainError as exc:
            messages.error(request, refusal(exc))
        return here
    context = {"meeting": row, "count": found, "editor": editor, "states": [
        s for s in ItemState.choices if s[0] != ItemState.UNCOUNTED]}  # fmt: skip
    if found is not None:
        context["items"] = list(found.items.select_related("counted_by"))
        context["overdue"] = counting.overdue(found, timezone.now())
        context["left"] = sum(1 for i in context["items"] if i.state == ItemState.UNCOUNTED)
    else:
        context["due"] = counting.due_at(row)
    return render(request, "wrapup/count.html", context)
