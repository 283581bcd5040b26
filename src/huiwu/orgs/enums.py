from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", pgettext_lazy("role", "Administrator")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    PLANNER = "planner", _("Planner")
    FINANCE = "finance", _("Finance")
    ONSITE = "onsite", _("On-site staff")
    VIEWER = "viewer", _("Viewer")


class Perm(models.TextChoices):
    """What a role may do. Every view, endpoint and query helper asks for one of these."""

    VIEW = "org.view", _("See the organisation's meetings and records")
    MANAGE_ORG = "org.manage", _("Change the organisation's settings")
    MANAGE_MEMBERS = "members.manage", _("Invite members and change roles")
    VIEW_AUDIT = "audit.view", _("Read the audit trail")
    USE_API = "api.use", _("Create personal API tokens")
    EDIT_CLIENTS = "clients.edit", _("Create and edit clients")
    EDIT_MEETINGS = "meetings.edit", _("Create and edit meetings")
    EDIT_FINANCE = "finance.edit", _("Edit budgets, contracts and payments")
    OPERATE_ONSITE = "onsite.operate", _("Run on-site operations")
    VIEW_PERSONAL = "people.personal", _("See attendees' full phone numbers, e-mails and ID numbers")
    RUN_JOBS = "jobs.run", _("Start exports and other background jobs")
