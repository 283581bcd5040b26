from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class ContactOfAnotherClient(DomainError):
    code = "contact_of_another_client"
    status = 422
    default_message = _("Choose a contact of this meeting's client.")


def require_contact_of(contact, meeting) -> None:
    """Approvals and confirmations come from a contact of the meeting's own client."""
    if meeting.client_id is None or contact.client_id != meeting.client_id:
        raise ContactOfAnotherClient()


class FollowUpIncomplete(DomainError):
    """A follow-up becomes a task on a meeting, due on a day: it needs both."""

    code = "follow_up_incomplete"
    status = 422
    default_message = _("A follow-up needs the meeting and a due date.")


def check_follow_up(*, follow_up: str, meeting, due) -> None:
    if follow_up and meeting is None:
        raise FollowUpIncomplete(
            _("Choose the meeting the follow-up task belongs to."), details={"field": "meeting"}
        )
    if follow_up and due is None:
        raise FollowUpIncomplete(_("When is the follow-up due?"), details={"field": "follow_up_due"})


class UnknownClient(DomainError):
    code = "unknown_client"
    status = 404
    default_message = _("There is no such client in this organisation.")


def require_client_of(client, org) -> None:
    """A meeting's client is one of its organisation's own."""
    if client is not None and client.org_id != org.pk:
        raise UnknownClient(details={"field": "client"})


class DuplicateClient(Conflict):
    code = "duplicate_client"
    default_message = _("A client with this name already exists.")
