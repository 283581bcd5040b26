"""Who is calling: a bearer token (a member's ``hw_…`` or a paired scanner's ``hwd_…``), or, for the
check-in endpoints only, the two browsers of the gate: a signed-in member on the scanner page
(session cookie, the organisation named in the ``Huiwu-Org`` header) and a paired phone (its device
cookie). Cookie authentication checks the CSRF token, as a page's form would."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from huiwu.checkin.devices import DEVICE_COOKIE, DEVICE_PREFIX
from huiwu.checkin.devices import authenticate as authenticate_device
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import has_two_factor, needs_two_factor

from .errors import CsrfFailed
from .services import authenticate_token

ORG_HEADER = "Huiwu-Org"
DEVICE_PATHS = "/api/v1/checkin/"


def _as_device(request, device) -> object:
    request.device = device
    request.user = AnonymousUser()
    request.org = device.org
    request.membership = None
    return device


class TokenAuth(HttpBearer):
    """``Authorization: Bearer hw_…``: one user in one organisation, with that member's role; or
    ``hwd_…``: a paired scanner device (check-in endpoints only, its own gate)."""

    def authenticate(self, request, token: str):
        if token.startswith(DEVICE_PREFIX):  # a paired scanner: check-in endpoints only
            if not request.path.startswith(DEVICE_PATHS):
                return None
            device = authenticate_device(token)
            return _as_device(request, device) if device is not None else None
        found = authenticate_token(token)
        if found is None:
            return None
        api_token, membership = found
        request.user = membership.user
        request.org = membership.org
        request.membership = membership
        return api_token


class _Cookie(APIKeyCookie):
    """A cookie credential. The CSRF check runs only when the cookie is there, so a call carrying no
    credential at all is a 401 like any other."""

    def _get_key(self, request):
        key = request.COOKIES.get(self.param_name)
        if not key:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailed()
        return key


class SessionAuth(_Cookie):
    """The signed-in member of the page (the scanner page): their membership of the organisation named
    in ``Huiwu-Org``, under the same two-factor rule as the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        slug = request.headers.get(ORG_HEADER, "")
        user = getattr(request, "user", None)
        if not slug or user is None or not user.is_authenticated:
            return None
        membership = (
            Membership.objects.select_related("org").filter(user=user, org__slug=slug, is_active=True).first()
        )
        if membership is None or (needs_two_factor(membership) and not has_two_factor(user)):
            return None
        request.org, request.membership = membership.org, membership
        return user


class DeviceCookieAuth(_Cookie):
    """A paired phone (``/c/``): the device token in its HttpOnly cookie; check-in endpoints only."""

    param_name = DEVICE_COOKIE

    def authenticate(self, request, key):
        if not request.path.startswith(DEVICE_PATHS):
            return None
        device = authenticate_device(key)
        return _as_device(request, device) if device is not None else None


SCANNER_AUTH = [TokenAuth(), SessionAuth(), DeviceCookieAuth()]


class PortalSessionAuth(_Cookie):
    """A supplier's person signed in to the supplier portal (session cookie, CSRF checked): the
    endpoints under ``/portal/`` then load only that person's suppliers' records."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        request.org, request.membership = None, None
        return user
