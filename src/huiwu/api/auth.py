from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from huiwu.checkin.devices import DEVICE_PREFIX
from huiwu.checkin.devices import authenticate as authenticate_device

from .services import authenticate_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer hw_…``: one user in one organisation, with that member's role; or
    ``hwd_…``: a paired scanner device (check-in endpoints only, its own gate)."""

    def authenticate(self, request, token: str):
        if token.startswith(DEVICE_PREFIX):  # a paired scanner: check-in endpoints only
            if not request.path.startswith("/api/v1/checkin/"):
                return None
            device = authenticate_device(token)
            if device is None:
                return None
            request.device = device
            request.user = AnonymousUser()
            request.org = device.org
            request.membership = None
            return device
        found = authenticate_token(token)
        if found is None:
            return None
        api_token, membership = found
        request.user = membership.user
        request.org = membership.org
        request.membership = membership
        return api_token
