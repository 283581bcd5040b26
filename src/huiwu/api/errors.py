"""One error shape for every API failure: ``{"code", "message", "details"}``, message translated."""

import json
import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError, ValidationError

from huiwu.core.errors import DomainError

log = logging.getLogger(__name__)


class CsrfFailed(DomainError):
    """A cookie-authenticated call (a scanner page) without the page's CSRF token."""

    code = "csrf_failed"
    status = 403
    default_message = gettext_lazy("The page is out of date: reload it and try again.")


class UnknownMember(DomainError):
    code = "unknown_member"
    status = 404
    default_message = gettext_lazy("There is no such member in this organisation.")


class UnknownStaff(DomainError):
    code = "unknown_staff"
    status = 404
    default_message = gettext_lazy("There is no such person on this organisation's staff.")


class UnknownSupplier(DomainError):
    code = "unknown_supplier"
    status = 404
    default_message = gettext_lazy("There is no such supplier in this organisation.")


class TokenInvalid(DomainError):
    """A token asked for with a lifetime or permissions it cannot have."""

    code = "invalid"
    status = 422
    default_message = gettext_lazy("This token cannot be made.")


def error_body(code: str, message, details=None) -> dict:
    return {"code": code, "message": str(message), "details": details if details is not None else {}}


def _validation_details(errors: list) -> list:
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "payload")]
        out.append({"field": ".".join(loc), "type": err.get("type", ""), "message": err.get("msg", "")})
    return out


def install(api) -> None:
    def respond(request, status: int, code: str, message, details=None):
        return api.create_response(request, error_body(code, message, details), status=status)

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return respond(request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, "forbidden", _("You do not have permission to do this."))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(
            request, 401, "unauthorized", _("Sign in with a valid API token: Authorization: Bearer <token>.")
        )

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        return respond(
            request,
            422,
            "invalid",
            _("Some fields are missing or not valid."),
            _validation_details(exc.errors),
        )

    @api.exception_handler(DjangoValidationError)
    def invalid_model(request, exc: DjangoValidationError):
        details = (
            [{"field": f, "message": " ".join(str(m) for m in msgs)} for f, msgs in exc.message_dict.items()]
            if hasattr(exc, "error_dict")
            else [{"field": "", "message": " ".join(str(m) for m in exc.messages)}]
        )
        return respond(request, 422, "invalid", _("Some fields are missing or not valid."), details)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(request, 413, "payload_too_large", _("The request body is too large."))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        cause = exc.__cause__
        if isinstance(cause, RequestDataTooBig):
            return respond(request, 413, "payload_too_large", _("The request body is too large."))
        if isinstance(cause, json.JSONDecodeError | UnicodeDecodeError) or exc.status_code == 400:
            return respond(request, 400, "malformed_json", _("The request body is not valid JSON."))
        if exc.status_code == 429:
            return respond(request, 429, "throttled", _("Too many requests. Try again shortly."))
        return respond(request, exc.status_code, "http_error", str(exc))

    @api.exception_handler(Exception)
    def server_error(request, exc: Exception):
        log.exception("API request failed: %s %s", request.method, request.path)
        return respond(
            request, 500, "server_error", _("Something went wrong on our side. It has been logged.")
        )
