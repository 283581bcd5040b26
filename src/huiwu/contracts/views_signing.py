"""The signing step as every door shows it — the supplier in its portal, the client by its link, the
agency's signatory in the app: read the PDF, ask for a code, type it, sign. One handler for the three;
the rules are ``signing``'s."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal

from . import signing


def handle(request, signer: Any) -> bool:
    """A POST of the signing step (``action`` = code or sign). True when it was one of them."""
    action = request.POST.get("action")
    if action not in ("code", "sign"):
        return False
    try:
        if action == "code":
            where = signing.request_code(signer=signer)
            messages.success(
                request, _("A code was sent to %(where)s. It is good for 10 minutes.") % {"where": where}
            )
        else:
            if request.POST.get("agree") != "on":
                raise ValidationError(
                    {"agree": _("Confirm that you have read the contract and agree to it.")}
                )
            signing.sign(
                signer=signer,
                data=signing.SignInput(
                    code=request.POST.get("code", ""), seen=request.POST.get("seen", ""),
                    ip=request.META.get("REMOTE_ADDR") or None,
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                ),
            )  # fmt: skip
            messages.success(request, _("Signed. The signed PDF carries your signature."))
    except (DomainError, ValidationError) as exc:
        messages.error(request, refusal(exc))
    return True


def context(signer: Any) -> dict[str, Any]:
    sending = signer.sending if signer is not None else None
    return {
        "signer": signer,
        "sending": sending,
        "code_sent": bool(signer and signer.code_hash),
        "signers_pair": list(sending.signers.all()) if sending is not None else [],
    }


def pdf_response(found: tuple[Any, str] | None) -> FileResponse:
    if found is None:
        raise Http404
    field, name = found
    return FileResponse(field.open("rb"), content_type="application/pdf", filename=name, as_attachment=False)
