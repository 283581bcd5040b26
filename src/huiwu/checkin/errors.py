"""What this app's commands refuse, each with a stable code."""

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class TooManyScans(DomainError):
    code = "rate_limited"
    status = 429
    default_message = _("Too many scans from this device: wait a few seconds.")


class PairingFailed(DomainError):
    code = "pairing_failed"
    status = 400
    default_message = _(
        "This pairing code is unknown, used or expired: show a new QR code at the gates page."
    )


class WrongGate(DomainError):
    """A paired phone scans only at the gate it was paired with."""

    code = "wrong_gate"
    status = 403
    default_message = _("This scanner is paired with another gate.")


class InvalidScan(DomainError):
    """A scan whose id or time cannot be taken (``details`` names the field)."""

    code = "invalid"
    status = 422
    default_message = _("Some fields are missing or not valid.")


class GateInvalid(DomainError):
    """A gate for categories or days that do not exist for this meeting."""

    code = "gate_invalid"
    status = 422
    default_message = _("Choose categories of attendees and days of this meeting.")
