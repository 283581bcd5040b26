from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Documents that gather several domains, so they sit above them: the Requirement Analysis Report
    (requirements and the attendee profile from ``events``, the feasibility of the chosen venue from
    ``venues``, the risk pre-assessment task). The wrap-up reports will join it."""

    name = "huiwu.reports"
    label = "reports"
    verbose_name = _("Reports")
