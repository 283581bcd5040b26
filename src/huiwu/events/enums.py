from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingType(models.TextChoices):
    BRAND_LAUNCH = "brand_launch", _("Brand launch")
    TRAINING = "training", _("Training")
    CUSTOMER_APPRECIATION = "customer_appreciation", _("Customer appreciation")
    SUMMIT = "summit", _("Summit / forum")
    GOVERNMENT = "government", _("Government meeting")
    ACADEMIC = "academic", _("Academic meeting")
    GALA = "gala", _("Gala")
    OTHER = "other", _("Other")


class MeetingMode(models.TextChoices):
    ONSITE = "onsite", _("On-site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Stage(models.IntegerChoices):
    """The five stages of DOMAIN.md, each planned against day T."""

    INTAKE = 1, _("Requirement intake (T-60 → T-45)")
    PLANNING = 2, _("Planning (T-45 → T-30)")
    CONTRACTS = 3, _("Contracts and budget (T-30 → T-20)")
    ONSITE = 4, _("On-site execution (T → T+1)")
    WRAPUP = 5, _("Wrap-up (T+1 → T+7)")


class KPIKind(models.TextChoices):
    ATTENDANCE = "attendance", _("Attendance")
    ONLINE_VIEWS = "online_views", _("Online views")
    WATCH_TIME = "watch_time", _("Watch time per person")
    SATISFACTION = "satisfaction", _("Satisfaction")
    LEADS = "leads", _("Leads")
    OTHER = "other", _("Other KPI")


class Dimension(models.TextChoices):
    """The "three-dimensional" requirement capture of stage 1."""

    GOAL = "goal", _("Goal")
    SCENARIO = "scenario", _("Scenario")
    SPECIAL = "special", _("Special needs")


class Priority(models.TextChoices):
    MUST = "must", _("Must achieve")
    FLEXIBLE = "flexible", _("Flexible")


class OffsetUnit(models.TextChoices):
    DAYS = "days", _("calendar days")
    WORKDAYS = "workdays", _("working days")
    MINUTES = "minutes", _("minutes")


class Anchor(models.TextChoices):
    START = "start", _("from the start (day T)")
    END = "end", _("from the end")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", pgettext_lazy("task status", "Done")
    SKIPPED = "skipped", _("Not needed")


OPEN_STATUSES = (TaskStatus.TODO, TaskStatus.DOING)
