from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleKind(models.TextChoices):
    MAIN_FORUM = "main_forum", _("main forum")
    SUB_FORUM = "sub_forum", _("sub-forum")
    ROUNDTABLE = "roundtable", _("roundtable")
    WORKSHOP = "workshop", _("workshop")
    INTERACTION = "interaction", _("interaction")
    TEA_BREAK = "tea_break", _("tea break")
    MEAL = "meal", _("meal")
    VISIT = "visit", _("visit")
    GALA = "gala", _("gala dinner")
    CUSTOM = "custom", _("custom")


class SessionType(models.TextChoices):
    KEYNOTE = "keynote", _("keynote")
    TALK = "talk", _("talk")
    PANEL = "panel", _("panel")
    FORUM = "forum", _("forum")
    WORKSHOP = "workshop", _("workshop")
    TEA_BREAK = "tea-break", _("tea break")
    INTERACTION = "interaction", _("interaction")
    NETWORKING = "networking", _("networking")
    MEAL = "meal", _("meal")
    VISIT = "visit", _("visit")


BUFFER_TYPES = {SessionType.TEA_BREAK, SessionType.INTERACTION, SessionType.NETWORKING, SessionType.MEAL}


class SessionKind(models.TextChoices):
    CORE = "core", _("core content")
    BUFFER = "buffer", _("buffer")


class SessionFormat(models.TextChoices):
    ONSITE = "onsite", _("on site")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("on site + live stream")


class Role(models.TextChoices):
    SPEAKER = "speaker", _("speaker")
    MODERATOR = "moderator", _("moderator")


class WindowKind(models.TextChoices):
    UNAVAILABLE = "unavailable", _("unavailable")
    PREFERRED = "preferred", _("preferred")
