from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle


def account_for(identifier: str):
    """The account a sign-in names: by user name, else by an e-mail address only one account has."""
    User = get_user_model()
    user = User.objects.filter(username__iexact=identifier).first()
    if user is None and "@" in identifier:
        matches = list(User.objects.filter(email__iexact=identifier)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the user name or the e-mail address, throttled per account (accounts/throttle.py).

    Every door that authenticates (the sign-in page, Django's admin) goes through here, so the
    throttle holds at each: during a wait even the right password is refused (PermissionDenied makes
    Django stop at this backend)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = account_for(username)
        address = client_address(request)
        if throttle.wait_for(account_id=user.pk if user else None, address=address):
            raise PermissionDenied
        if user is None:
            # Run the hasher anyway so that timing does not tell which names exist.
            get_user_model()().set_password(password)
            throttle.failed(account_id=None, address=address)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        throttle.failed(account_id=user.pk, address=address)
        return None
