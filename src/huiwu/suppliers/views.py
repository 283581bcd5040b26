"""Supplier pages: the catalogue (search, filters by category, tier, city, the blacklist) with the form
to add one; a supplier with its tier and what it rests on, contacts, qualification documents, cases,
equipment failures and ratings (a chart of its scores); the organisation's score weights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from huiwu.core import uploads
from huiwu.core.errors import DomainError
from huiwu.core.excel import XLSX
from huiwu.core.forms import refusal, submit
from huiwu.core.text import mask_mobile
from huiwu.jobs.services import start_import
from huiwu.orgs.access import org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import excel, selectors, services
from .enums import Category, Dimension, Tier
from .forms import (
    CaseForm,
    ContactForm,
    DocumentForm,
    FailureForm,
    PortalInviteForm,
    RatingForm,
    ReasonForm,
    SupplierForm,
    TierForm,
    WeightsForm,
)
from .services import portal

EDIT = Perm.EDIT_MEETINGS


def _input(form) -> services.SupplierInput:
    return services.SupplierInput.parse(form.cleaned_data)


@org_view()
def supplier_list(request):
    can_edit = can(request.membership, EDIT)
    form = SupplierForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = _input(form)
            made = submit(form, lambda: services.add_supplier(org=request.org, actor=request.user, data=data))
            if made is not None:
                messages.success(request, _("Supplier added."))
                return redirect("suppliers:detail", org=request.org.slug, supplier=made.pk)
    q = request.GET
    show = q.get("show", "")
    found = selectors.suppliers(
        request.org,
        search=q.get("q", "")[:100],
        category=q.get("category", "") if q.get("category") in Category.values else "",
        tier=q.get("tier", "") if q.get("tier") in Tier.values else "",
        city=q.get("city", "")[:40],
        blacklisted=True if show == "blacklisted" else None if show == "all" else False,
    )
    context = {
        "suppliers": found[:500],
        "form": form,
        "categories": Category.choices,
        "tiers": Tier.values,
        "q": q,
    }
    return render(
        request, "suppliers/list.html", context, status=400 if form is not None and form.errors else 200
    )


def _forms(request, row, action: str) -> dict:
    post, files = request.POST, request.FILES
    org = request.org

    def bound(name: str):
        return (post,) if action == name else ()

    return {
        "save": SupplierForm.of(row, post if action == "save" else None),
        "contact": ContactForm(*bound("contact")),
        "document": DocumentForm(*((post, files) if action == "document" else ())),
        "case": CaseForm(*bound("case")),
        "failure": FailureForm(*bound("failure"), supplier=row),
        "rating": RatingForm(*bound("rating"), org=org),
        "tier": TierForm(*bound("tier"), initial={"tier": row.manual_tier, "reason": row.manual_reason}),
        "blacklist": ReasonForm(*bound("blacklist")),
        "lift": ReasonForm(*bound("lift")),
        "portal": PortalInviteForm(*bound("portal")),
    }


def _run(request, row, action: str, form) -> bool:
    """Carry out one action of the supplier page through its command; False leaves the refusal on the form."""
    actor = request.user
    if action == "delete":
        services.remove_supplier(supplier=row, actor=actor)
        return True
    if form is None or not form.is_valid():
        return False
    c = form.cleaned_data
    commands = {
        "save": lambda: services.change_supplier(
            supplier=row, actor=actor, data=_input(form), version=_version(request)
        ),
        "contact": lambda: services.add_contact(
            supplier=row, actor=actor, data=services.ContactInput.parse(c)
        ),
        "document": lambda: services.add_document(
            supplier=row, actor=actor, data=services.DocumentInput.parse(c), file=c.get("file")
        ),
        "case": lambda: services.add_case(supplier=row, actor=actor, data=services.CaseInput.parse(c)),
        "failure": lambda: services.add_failure(
            supplier=row, actor=actor, data=services.FailureInput.parse(c)
        ),
        "rating": lambda: services.rate(
            supplier=row,
            actor=actor,
            data=services.RatingInput(
                meeting=c["meeting"], scores=form.scores(), incidents=c["incidents"], comment=c["comment"]
            ),
        ),
        "tier": lambda: services.set_tier(supplier=row, actor=actor, tier=c["tier"], reason=c["reason"]),
        "blacklist": lambda: services.blacklist(supplier=row, actor=actor, reason=c["reason"]),
        "lift": lambda: services.lift_blacklist(supplier=row, actor=actor, reason=c["reason"]),
        "portal": lambda: portal.invite(supplier=row, email=c["email"], actor=actor),
    }
    return submit(form, commands[action]) is not None


def _version(request) -> int:
    sent = request.POST.get("version", "")
    return int(sent) if sent.isdecimal() else -1


DONE = {
    "save": gettext_lazy("Supplier saved."),
    "contact": gettext_lazy("Contact added."),
    "document": gettext_lazy("Document recorded."),
    "case": gettext_lazy("Case recorded."),
    "failure": gettext_lazy("Equipment failure recorded."),
    "rating": gettext_lazy("Rating recorded."),
    "tier": gettext_lazy("Tier saved."),
    "blacklist": gettext_lazy("Supplier blacklisted."),
    "lift": gettext_lazy("Supplier taken off the blacklist."),
    "portal": gettext_lazy("Invitation to the supplier portal sent."),
}


@org_view()
def detail(request, supplier: int):
    row = selectors.supplier_detail(request.org, supplier)
    can_edit = can(request.membership, EDIT)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _forms(request, row, action) if can_edit else {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if action != "delete" and action not in forms:
            raise Http404
        if _run(request, row, action, forms.get(action)):
            if action == "delete":
                messages.success(request, _("Supplier removed."))
                return redirect("suppliers:list", org=request.org.slug)
            messages.success(request, str(DONE[action]))
            return redirect("suppliers:detail", org=request.org.slug, supplier=row.pk)
    today = timezone.localdate()
    days = selectors.notice_days(request.org)
    for contact in row.contacts.all():
        contact.masked = mask_mobile(contact.mobile)
    context = {
        "supplier": row,
        "explain": selectors.explain(row),
        "forms": forms,
        "can_edit": can_edit,
        "today": today,
        "soon": today + dt.timedelta(days=days or 0),
        "history": selectors.history(row),
        "dimensions": Dimension.choices,
        "action": action,
        "portal": selectors.portal_people(row),
    }
    bound = bool(action) and action in forms
    return render(request, "suppliers/detail.html", context, status=400 if bound else 200)


def _remover(finder: Callable[[Any, int], Any], command: Callable[[Any, Any], None], message: Any):
    """A page action removing one record of a supplier (the kwarg names the record, for the URL)."""

    @org_view(EDIT)
    @require_POST
    def view(request, **kwargs):
        (pk,) = kwargs.values()
        row = finder(request.org, pk)
        command(row, request.user)
        messages.success(request, str(message))
        return redirect("suppliers:detail", org=request.org.slug, supplier=row.supplier_id)

    return view


contact_remove = _remover(
    selectors.contact_of,
    lambda r, a: services.remove_contact(contact=r, actor=a),
    gettext_lazy("Contact removed."),
)
document_remove = _remover(
    selectors.document_of,
    lambda r, a: services.remove_document(document=r, actor=a),
    gettext_lazy("Document removed."),
)
case_remove = _remover(
    selectors.case_of, lambda r, a: services.remove_case(case=r, actor=a), gettext_lazy("Case removed.")
)
failure_remove = _remover(
    selectors.failure_of,
    lambda r, a: services.remove_failure(failure=r, actor=a),
    gettext_lazy("Equipment failure removed."),
)
rating_remove = _remover(
    selectors.rating_of,
    lambda r, a: services.remove_rating(rating=r, actor=a),
    gettext_lazy("Rating removed."),
)


@org_view()
def document_file(request, supplier_document: int):
    row = selectors.document_of(request.org, supplier_document)
    if not row.file:
        raise Http404
    return uploads.serve(row.file, download_name=row.file_name)


@org_view()
def weights(request):
    can_edit = can(request.membership, Perm.MANAGE_ORG)
    current = selectors.weights(request.org)
    form = WeightsForm(request.POST or None, initial=current)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid() and submit(
            form, lambda: services.set_weights(org=request.org, actor=request.user, weights=form.cleaned_data)
        ):
            messages.success(request, _("Weights saved."))
            return redirect("suppliers:weights", org=request.org.slug)
    context = {"form": form, "can_edit": can_edit, "current": current}
    return render(request, "suppliers/weights.html", context, status=400 if form.errors else 200)


@org_view()
def catalogue_export(request):
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="suppliers-{request.org.slug}.xlsx"'
    excel.export_workbook(request.org).save(response)
    return response


@org_view(EDIT)
@require_POST
def catalogue_import(request):
    try:
        job = start_import(
            membership=request.membership, upload=request.FILES.get("file"), kind="supplier_import"
        )
    except DomainError as exc:
        messages.error(request, refusal(exc))
        return redirect("suppliers:list", org=request.org.slug)
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


portal_revoke = _remover(
    selectors.portal_user_of,
    lambda r, a: portal.revoke(access=r, actor=a),
    gettext_lazy("Portal access revoked."),
)
