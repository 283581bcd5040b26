from django.db import models
from django.utils.translation import gettext_lazy as _


class ClauseKind(models.TextChoices):
    """DOMAIN.md stage 3: core clauses every contract carries, and flexible ones agreed case by case."""

    STANDARD = "standard", _("standard")
    FLEXIBLE = "flexible", _("flexible")


class Topic(models.TextChoices):
    SCOPE = "scope", _("scope")
    STANDARDS = "standards", _("service standards")
    PAYMENT = "payment", _("payment")
    PENALTY = "penalty", _("penalty")
    ATTENDANCE = "attendance", _("attendance changes")
    PERFORMANCE = "performance", _("performance guarantee")
    OTHER = "other", _("other")


class ContractKind(models.TextChoices):
    SUPPLIER = "supplier", _("Supplier service contract")
    CLIENT = "client", _("Client service agreement")
    VENUE = "venue", _("Venue agreement")


class State(models.TextChoices):
    """DOMAIN.md stage 3 / the issue: what each state allows is the service's (``drafting.ALLOWED``)."""

    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    APPROVED = "approved", _("approved")
    SENT = "sent", _("sent for signature")
    PARTLY_SIGNED = "partly_signed", _("partly signed")
    SIGNED = "signed", _("signed")
    IN_FORCE = "in_force", _("in force")
    CLOSED = "closed", _("closed")
    TERMINATED = "terminated", _("terminated")


class Approver(models.TextChoices):
    """The internal review before sending: finance and the meeting's project manager."""

    FINANCE = "finance", _("finance")
    PM = "pm", _("project manager")


class Side(models.TextChoices):
    """Who signs a contract: the agency's signatory, and the counterparty (the supplier or the client)."""

    AGENCY = "agency", _("the agency")
    PARTY = "party", _("the counterparty")


class Anchor(models.TextChoices):
    """What a payment milestone's due date counts from."""

    SIGNED = "signed", _("after signing")
    START = "start", _("from the meeting's start (T)")
    END = "end", _("after the meeting's end")


class AdjustmentKind(models.TextChoices):
    PENALTY = "penalty", _("penalty (supplier failure interrupted the meeting)")
    REFUND = "refund", _("refund (performance guarantee not met)")


class Decision(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted: a credit line")
    WAIVED = "waived", _("waived")
