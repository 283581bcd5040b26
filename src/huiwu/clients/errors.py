from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class ContactOfAnotherClient(DomainError):
    code = "contact_of_another_client"
    status = 422
    default_message = _("Choose a contact of this meeting's client.")


def require_contact_of(contact, meeting) -> None:
    """Approvals and confirmations come from a contact of the meeting's own client."""
    if meeting.client_id is None or contact.client_id != meeting.client_id:
        raise ContactOfAnotherClient()
