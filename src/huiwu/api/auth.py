from ninja.security import HttpBearer

from .services import authenticate_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer hw_…``: one user in one organisation, with that member's role."""

    def authenticate(self, request, token: str):
        found = authenticate_token(token)
        if found is None:
            return None
        api_token, membership = found
        request.user = membership.user
        request.org = membership.org
        request.membership = membership
        return api_token
