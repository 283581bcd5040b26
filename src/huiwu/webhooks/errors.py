from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class BadEndpointUrl(DomainError):
    code = "bad_endpoint_url"
    status = 422
    default_message = _("Give an https:// address that a server on the internet answers.")


class UnknownEvent(DomainError):
    code = "unknown_event"
    status = 422
    default_message = _("Choose event types from the list.")


class EndpointPaused(DomainError):
    code = "endpoint_paused"
    status = 409
    default_message = _("The endpoint is paused: resume it first.")
