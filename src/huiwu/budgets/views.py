"""A meeting's budget page: made with its total, then the three levels with each line's plan,
commitment, actual and forecast; lines added and changed against the version shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.core.forms import submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import selectors, services
from .forms import BudgetForm, LineForm
from .models import Budget, Line
from .views_review import guard_card


def _line_input(form) -> services.LineInput:
    c = form.cleaned_data
    return services.LineInput(
        category=c["category"],
        name=c["name"],
        quantity=c["quantity"],
        unit=c["unit"],
        unit_price=c["unit_price"],
        tax_rate=c["tax_rate"],
        credit=c["credit"],
        supplier=c["supplier"],
        contract=c["contract"],
        client_price=c["client_price"] or None,
        notes=c["notes"],
    )


@org_view()
def budget(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    editor = services.may_edit(request.membership, row)
    found = Budget.objects.filter(meeting=row).first()
    here = redirect("budgets:meeting", org=request.org.slug, meeting=row.pk)
    if request.method == "POST" and not editor:
        raise PermissionDenied
    if found is None:
        form = BudgetForm(request.POST or None) if editor else None
        if request.method == "POST" and form is not None and form.is_valid():
            c = form.cleaned_data
            made = submit(
                form,
                lambda: services.create(
                    meeting=row,
                    actor=request.user,
                    total=c["total"],
                    currency=c["currency"],
                    rate=c["rate"] or None,
                ),
            )
            if made is not None:
                messages.success(request, _("Budget made."))
                return here
        return render(
            request,
            "budgets/budget.html",
            {"meeting": row, "budget": None, "form": form},
            status=400 if form is not None and form.errors else 200,
        )
    editing_line = Line.objects.filter(category__budget=found, pk=request.GET.get("line") or 0).first()
    initial = None
    if editing_line is not None:
        fields = (
            "category",
            "name",
            "unit",
            "unit_price",
            "client_price",
            "credit",
            "supplier",
            "contract",
            "notes",
        )
        initial = {f: getattr(editing_line, f) for f in fields}
        initial |= {
            "quantity": editing_line.quantity.normalize(),
            "tax_rate": editing_line.tax_rate.normalize(),
        }
    line_form = LineForm(
        request.POST if request.POST.get("action") == "line" else None, budget=found, initial=initial
    )
    if request.method == "POST":
        editing = Line.objects.filter(category__budget=found, pk=request.POST.get("line") or 0).first()
        version = request.POST.get("version", "")
        if (
            line_form.is_valid()
            and submit(
                line_form,
                lambda: services.save_line(
                    budget=found,
                    actor=request.user,
                    data=_line_input(line_form),
                    line=editing,
                    version=int(version) if version.isdigit() else None,
                ),
            )
            is not None
        ):
            messages.success(request, _("Line saved."))
            return here
    sheet = selectors.sheet(found)
    categories = list(found.categories.all())
    lines = list(Line.objects.filter(category__budget=found).select_related("contract", "category"))
    rows = [
        {
            "category": c,
            "figures": sheet.categories[c.pk],
            "target": found.total * c.share / 100,
            "lines": [{"line": ln, "figures": sheet.lines[ln.pk]} for ln in lines if ln.category_id == c.pk],
        }
        for c in categories
    ]
    return render(
        request,
        "budgets/budget.html",
        {
            "meeting": row,
            "budget": found,
            "rows": rows,
            "total": sheet.total,
            "editor": editor,
            "line_form": line_form if editor else None,
            "editing": editing_line,
            "margins": can(request.membership, Perm.EDIT_FINANCE) or editor,
            **guard_card(found, sheet),
        },
        status=400 if line_form.errors else 200,
    )
