"""Sensitive fields encrypted at rest (Fernet: AES-128-CBC + HMAC), keys from settings, rotatable."""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""  # written with a key that is no longer configured


def digest(text: str) -> str:
    """A keyed fingerprint of a sensitive value, to tell "the same ID number twice" without storing it
    in clear (Fernet tokens differ each time). Keyed with SECRET_KEY: a dump of the table alone
    cannot be searched for a known number."""
    from django.utils.crypto import salted_hmac

    return salted_hmac("huiwu.attendees.id_number", text).hexdigest() if text else ""
