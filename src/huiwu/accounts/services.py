"""Writes about people: two-factor set-up and checks, language choice."""

from __future__ import annotations

import pyotp
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions

from .errors import InvalidCode
from .models import TOTPDevice, User

register_actions(
    {
        "accounts.totp.enabled": _("turned on two-factor sign-in"),
        "accounts.totp.disabled": _("turned off two-factor sign-in"),
    }
)


def start_totp_setup(*, user: User) -> TOTPDevice:
    """A new unconfirmed secret (replacing an earlier unconfirmed one). Confirmed devices stay."""
    device, created = TOTPDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    if not created and not device.is_confirmed:
        device.secret = pyotp.random_base32()
        device.save(update_fields=["secret"])
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name="Huiwu")


def _accept_code(device: TOTPDevice, code: str) -> None:
    code = (code or "").strip().replace(" ", "")
    if not code.isdecimal() or len(code) != 6:
        raise InvalidCode()
    totp = pyotp.TOTP(device.secret)
    now = timezone.now().timestamp()
    step_now = int(now // totp.interval)
    for step in (step_now - 1, step_now, step_now + 1):
        if step > device.last_step and totp.at(step * totp.interval) == code:
            device.last_step = step
            device.save(update_fields=["last_step"])
            return
    raise InvalidCode()


@transaction.atomic
def confirm_totp(*, user: User, code: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().get(user=user)
    _accept_code(device, code)
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    log_action("accounts.totp.enabled", target=user, actor=user)
    return device


@transaction.atomic
def verify_totp(*, user: User, code: str) -> None:
    """Check a sign-in code; raises :class:`InvalidCode`. Each code works once."""
    device = TOTPDevice.objects.select_for_update().get(user=user, confirmed_at__isnull=False)
    _accept_code(device, code)


@transaction.atomic
def disable_totp(*, user: User, code: str) -> None:
    """Turn two-factor sign-in off. Callers check first that no organisation requires it of this
    person (``orgs.services.disable_two_factor``: the one front door)."""
    device = TOTPDevice.objects.select_for_update().get(user=user, confirmed_at__isnull=False)
    _accept_code(device, code)
    device.delete()
    log_action("accounts.totp.disabled", target=user, actor=user)


def set_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
