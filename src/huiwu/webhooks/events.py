"""The event types an endpoint can subscribe to. Each is emitted by the service that owns the write
(``webhooks.services.emit``, after commit); the payload is documented in docs/webhooks.md."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "attendee.registered": _("An attendee registered (public page or invitation)"),
    "checkin.accepted": _("A check-in was accepted at a gate"),
    "checkin.offline_clash": _("An offline scan clashed with the server (flagged for review)"),
    "incident.reported": _("An incident was reported"),
    "incident.escalated": _("An incident's timer lapsed and it was escalated"),
    "incident.resolved": _("An incident was resolved"),
    "cue.status": _("A run-of-show cue changed status"),
    "agenda.published": _("The agenda was published"),
    "contract.sent": _("A contract was sent for signature"),
    "contract.signed": _("A contract was signed by every party (electronically or on paper)"),
    "payment.overdue": _("A contract's payment milestone is overdue"),
    "budget.guard_crossed": _("A budget's forecast left its tolerance (the ±5% guard)"),
    "budget.guard_cleared": _("A budget's forecast came back inside its tolerance"),
    "feedback.frequent_request": _("Many people asked about the same topic at a feedback station"),
    "job.finished": _("A background job finished (import, export, report)"),
    "webhook.ping": _("A test event sent from the endpoint's page"),
}
