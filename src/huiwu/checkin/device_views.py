"""The paired phone's pages under ``/c/``: no sign-in, the device's token in an HttpOnly cookie.

Staff add a device on the gates page and show its pairing QR; the phone opens ``/c/pair/<code>/``,
confirms, and from then on ``/c/`` is that gate's scanner (online and offline) until the device is
revoked. A third-party scanner app pairs through the API instead and uses the bearer token."""

from __future__ import annotations

from django.shortcuts import redirect, render

from huiwu.core.errors import DomainError

from . import devices
from .views import scanner_page

COOKIE = devices.DEVICE_COOKIE
COOKIE_AGE = 60 * 60 * 24 * 14


def pair(request, code: str):
    if request.method != "POST":
        return render(request, "checkin/pair.html", {"code": code})
    try:
        _device_row, raw = devices.pair(code)
    except DomainError as exc:
        return render(request, "checkin/pair.html", {"code": code, "error": exc.message}, status=400)
    return _set_cookie(redirect("checkin-device:scanner"), request, raw)


def _set_cookie(response, request, raw: str):
    """The device token, HttpOnly, for the phone's pages (``/c/``) and the check-in API."""
    response.set_cookie(
        COOKIE, raw, max_age=COOKIE_AGE, path="/", httponly=True, samesite="Lax", secure=request.is_secure()
    )
    return response


def _device(request):
    return devices.authenticate(request.COOKIES.get(COOKIE, ""))


def scanner(request):
    """The gate's scanner; its scans go to the check-in API with the device cookie."""
    device = _device(request)
    if device is None:
        return render(request, "checkin/pair.html", {"unpaired": True}, status=401)
    response = scanner_page(request, device.gate, org=None)
    if request.COOKIES.get(COOKIE):  # paired before the cookie went to the API too: widen it
        _set_cookie(response, request, request.COOKIES[COOKIE])
    return response
