"""Webhook pages (organisation settings): endpoints, their deliveries, send again, test, resume."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.core.forms import submit
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm

from . import services, signing
from .forms import EndpointForm
from .models import Delivery, Endpoint

SHOWN = 50  # deliveries on an endpoint's page


@org_view(Perm.MANAGE_ORG)
def endpoints(request):
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = submit(
            form, lambda: services.create_endpoint(org=request.org, actor=request.user, **form.cleaned_data)
        )
        if endpoint is not None:
            messages.success(
                request, _("Endpoint added. Keep its secret: receivers check signatures with it.")
            )
            return redirect("webhooks:endpoint", org=request.org.slug, endpoint=endpoint.pk)
    rows = Endpoint.objects.filter(org=request.org)
    status = 400 if form.errors else 200
    return render(request, "webhooks/endpoints.html", {"form": form, "endpoints": rows}, status=status)


def _endpoint(request, pk: int) -> Endpoint:
    return get_scoped(Endpoint, request.org, pk=pk)


@org_view(Perm.MANAGE_ORG)
def endpoint(request, endpoint: int):
    obj = _endpoint(request, endpoint)
    form = EndpointForm(
        request.POST or None, initial={"url": obj.url, "description": obj.description, "events": obj.events}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            submit(
                form, lambda: services.update_endpoint(endpoint=obj, actor=request.user, **form.cleaned_data)
            )
            is not None
        )
    ):
        messages.success(request, _("Endpoint saved."))
        return redirect("webhooks:endpoint", org=request.org.slug, endpoint=obj.pk)
    deliveries = obj.deliveries.all()[:SHOWN]
    context = {"endpoint": obj, "form": form, "deliveries": deliveries, "header": signing.HEADER}
    return render(request, "webhooks/endpoint.html", context, status=400 if form.errors else 200)


def _act(request, command, done: str, endpoint_pk: int):
    try:
        command()
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("webhooks:endpoint", org=request.org.slug, endpoint=endpoint_pk)


@org_view(Perm.MANAGE_ORG)
@require_POST
def ping(request, endpoint: int):
    obj = _endpoint(request, endpoint)
    return _act(request, lambda: services.send_ping(endpoint=obj, actor=request.user),
                _("A test event is on its way."), obj.pk)  # fmt: skip


@org_view(Perm.MANAGE_ORG)
@require_POST
def resume(request, endpoint: int):
    obj = _endpoint(request, endpoint)
    return _act(request, lambda: services.resume_endpoint(endpoint=obj, actor=request.user),
                _("The endpoint receives events again."), obj.pk)  # fmt: skip


@org_view(Perm.MANAGE_ORG)
@require_POST
def rotate(request, endpoint: int):
    obj = _endpoint(request, endpoint)
    return _act(request, lambda: services.rotate_secret(endpoint=obj, actor=request.user),
                _("A new secret is in use; update your receiver."), obj.pk)  # fmt: skip


@org_view(Perm.MANAGE_ORG)
@require_POST
def delete(request, endpoint: int):
    obj = _endpoint(request, endpoint)
    services.delete_endpoint(endpoint=obj, actor=request.user)
    messages.success(request, _("Endpoint removed."))
    return redirect("webhooks:endpoints", org=request.org.slug)


@org_view(Perm.MANAGE_ORG)
@require_POST
def resend(request, delivery: int):
    row = Delivery.objects.select_related("endpoint").filter(endpoint__org=request.org, pk=delivery).first()
    if row is None:
        raise Http404
    return _act(request, lambda: services.redeliver(delivery=row, actor=request.user),
                _("Sent again."), row.endpoint_id)  # fmt: skip


@csrf_exempt
@require_POST
def inbox(request, endpoint: int):
    """A receiver built in, for trying webhooks out (the demo's endpoint points here): it answers 204
    to a delivery signed with that endpoint's secret and 401 to anything else. It keeps nothing."""
    obj = Endpoint.objects.filter(pk=endpoint).first()
    body = request.body[: 1024 * 1024]
    if obj is None or not signing.verify(obj.secret, request.headers.get(signing.HEADER, ""), body):
        return HttpResponse(status=401)
    return HttpResponse(status=204)
