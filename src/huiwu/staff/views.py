"""Staff pages: the list (phones masked) with what needs attention — certificates ending, training short
of the year —, one person with certificates and training, the audited reveal and scans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core import uploads
from huiwu.core.forms import submit
from huiwu.core.text import display_mobile
from huiwu.orgs.access import org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import selectors, services
from .forms import CertificateForm, PersonForm, TrainingForm


@org_view()
def staff_list(request):
    can_edit = can(request.membership, Perm.OPERATE_ONSITE)
    form = PersonForm(request.POST or None, org=request.org) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = services.PersonInput.parse(form.cleaned_data)
            person = submit(form, lambda: services.add_person(org=request.org, actor=request.user, data=data))
            if person is not None:
                messages.success(request, _("Staff record added."))
                return redirect("staff:person", org=request.org.slug, person=person.pk)
    today = timezone.localdate()
    found = selectors.attention(request.org, today)
    hours = selectors.training_hours(request.org, today.year)
    people = list(selectors.people(request.org))
    for p in people:
        p.masked = selectors.masked(p)
        p.hours = selectors.plain(hours.get(p.pk, Decimal(0)))
        p.short = found.need is not None and hours.get(p.pk, Decimal(0)) < found.need
    context = {
        "people": people,
        "form": form,
        "today": today,
        "notice_days": found.notice_days or 0,
        "need": selectors.plain(found.need) if found.need is not None else None,
        "expiring": found.expiring,
        "short": found.short,
    }
    return render(
        request, "staff/list.html", context, status=400 if form is not None and form.errors else 200
    )


@org_view()
def person(request, person: int):
    row = selectors.person_detail(request.org, person)
    can_edit = can(request.membership, Perm.OPERATE_ONSITE)
    form = cert_form = training_form = None
    if can_edit:
        action = request.POST.get("action")
        form = PersonForm(request.POST if action == "save" else None, instance=row, org=request.org)
        cert_form = CertificateForm(*((request.POST, request.FILES) if action == "certificate" else ()))
        training_form = TrainingForm(request.POST if action == "training" else None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        done = _post(request, row, form, cert_form, training_form)
        if done:
            return redirect("staff:person", org=request.org.slug, person=row.pk)
    today = timezone.localdate()
    notice_days, need = selectors.notice_days(request.org), selectors.training_need(request.org)
    hours = selectors.training_hours(request.org, today.year).get(row.pk, Decimal(0))
    bound = any(f is not None and f.is_bound for f in (form, cert_form, training_form))
    context = {
        "person": row,
        "masked": selectors.masked(row),
        "see_personal": can(request.membership, Perm.VIEW_PERSONAL),
        "form": form,
        "cert_form": cert_form,
        "training_form": training_form,
        "can_edit": can_edit,
        "today": today,
        "soon": today + dt.timedelta(days=notice_days or 0),
        "hours": selectors.plain(hours),
        "need": selectors.plain(need) if need is not None else None,
        "short": need is not None and hours < need,
        "posts": row.posts.select_related("meeting").order_by("-meeting__start_date")[:20],
    }
    return render(request, "staff/person.html", context, status=400 if bound else 200)


def _post(request, row, form, cert_form, training_form) -> bool:
    action = request.POST.get("action")
    actor = request.user
    if action == "delete":
        services.remove_person(person=row, actor=actor)
        messages.success(request, _("Staff record removed."))
        return True
    if action == "save" and form.is_valid():
        cleaned = dict(form.cleaned_data)
        if not cleaned.get("mobile"):
            cleaned["mobile"] = row.mobile  # an empty field keeps the number on record
        data = services.PersonInput.parse(cleaned)
        sent = request.POST.get("version", "")
        version = int(sent) if sent.isdecimal() else -1
        return submit(form, lambda: services.change_person(person=row, actor=actor, data=data,
                                                          version=version)) is not None  # fmt: skip
    if action == "certificate" and cert_form.is_valid():
        cleaned = dict(cert_form.cleaned_data)
        scan = cleaned.pop("scan", None)
        data = services.CertificateInput.parse(cleaned)
        if submit(cert_form, lambda: services.add_certificate(person=row, actor=actor, data=data, scan=scan)):
            messages.success(request, _("Certificate recorded."))
            return True
    if action == "training" and training_form.is_valid():
        data = services.TrainingInput.parse(training_form.cleaned_data)
        if submit(training_form, lambda: services.add_training(person=row, actor=actor, data=data)):
            messages.success(request, _("Training recorded."))
            return True
    return False


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def certificate_remove(request, certificate: int):
    row = selectors.certificate_of(request.org, certificate)
    services.remove_certificate(certificate=row, actor=request.user)
    messages.success(request, _("Certificate removed."))
    return redirect("staff:person", org=request.org.slug, person=row.person_id)


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def training_remove(request, training: int):
    row = selectors.training_of(request.org, training)
    services.remove_training(training=row, actor=request.user)
    messages.success(request, _("Training removed."))
    return redirect("staff:person", org=request.org.slug, person=row.person_id)


@org_view(Perm.VIEW_PERSONAL)
def scan(request, certificate: int):
    row = selectors.certificate_of(request.org, certificate)
    if not row.scan:
        raise Http404
    services.scan_viewed(certificate=row, membership=request.membership)
    return uploads.serve(row.scan)


@org_view(Perm.VIEW_PERSONAL)
@require_POST
def reveal(request, person: int):
    row = selectors.person_detail(request.org, person)
    value = display_mobile(services.reveal(person=row, membership=request.membership))
    return HttpResponse(format_html('<span class="revealed" data-testid="revealed">{}</span>', value or "—"))
