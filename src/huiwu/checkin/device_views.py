"""The paired phone's pages under ``/c/``: no sign-in, the device's token in an HttpOnly cookie.

Staff add a device on the gates page and show its pairing QR; the phone opens ``/c/pair/<code>/``,
confirms, and from then on ``/c/`` is that gate's scanner (online and offline) until the device is
revoked. A third-party scanner app pairs through the API instead and uses the bearer token."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError

from . import devices, offline
from .views import scan_json, scanner_page, sync_json

COOKIE = "hw_device"
COOKIE_AGE = 60 * 60 * 24 * 14


def pair(request, code: str):
    if request.method != "POST":
        return render(request, "checkin/pair.html", {"code": code})
    try:
        _device_row, raw = devices.pair(code)
    except DomainError as exc:
        return render(request, "checkin/pair.html", {"code": code, "error": exc.message}, status=400)
    response = redirect("checkin-device:scanner")
    response.set_cookie(
        COOKIE, raw, max_age=COOKIE_AGE, path="/c/", httponly=True, samesite="Lax", secure=request.is_secure()
    )
    return response


def _device(request):
    return devices.authenticate(request.COOKIES.get(COOKIE, ""))


def _unpaired() -> JsonResponse:
    message = _("This phone is not paired with a gate (or was unpaired).")
    return JsonResponse({"error": message, "code": "unpaired"}, status=401)


def scanner(request):
    device = _device(request)
    if device is None:
        return render(request, "checkin/pair.html", {"unpaired": True}, status=401)
    urls = {name: reverse(f"checkin-device:{name}") for name in ("scan", "sync", "list")}
    return scanner_page(request, device.gate, urls, csrf=True)


@require_POST
def scan(request):
    device = _device(request)
    return scan_json(request, device.gate, device=device) if device else _unpaired()


@require_POST
def sync(request):
    device = _device(request)
    return sync_json(request, device.gate, device=device) if device else _unpaired()


def offline_list(request):
    device = _device(request)
    return JsonResponse(offline.signed_list(device.gate)) if device else _unpaired()
