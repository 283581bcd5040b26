from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huiwu.core.models import TimeStampedModel


class Client(TimeStampedModel):
    """A company or body the agency runs meetings for."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(_("company"), max_length=200)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="client_name_unique_in_org",
                violation_error_message=_("A client with this name already exists."),
            )
        ]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return self.name


class ContactRole(models.TextChoices):
    MEETING_OWNER = "meeting_owner", _("Meeting owner")
    THEME_TEAM = "theme_team", _("Theme team")
    TECH_CONTACT = "tech_contact", _("Tech contact")
    FINANCE = "finance", _("Finance contact")
    OTHER = "other", _("Other contact")


class Contact(TimeStampedModel):
    """A person at the client: who asks for what, who approves, who pays."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="contacts")
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("client")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    role = models.CharField(
        _("role"), max_length=20, choices=ContactRole.choices, default=ContactRole.MEETING_OWNER
    )
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    wechat = models.CharField(_("WeChat"), max_length=60, blank=True)

    class Meta:
        ordering = ["client__name", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Channel(models.TextChoices):
    MEETING = "meeting", pgettext_lazy("channel", "Meeting")
    CALL = "call", _("Phone call")
    WECHAT = "wechat", _("WeChat")
    EMAIL = "email", _("E-mail")


class CommunicationLog(TimeStampedModel):
    """One conversation with the client: who, how, what was said, what follows."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="communications")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="communications")
    meeting = models.ForeignKey(
        "events.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communications",
        verbose_name=_("meeting"),
    )
    happened_at = models.DateTimeField(_("when"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.MEETING)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-happened_at", "-id"]
        verbose_name = _("communication")
        verbose_name_plural = _("communication log")

    def __str__(self) -> str:
        return f"{self.client} · {self.get_channel_display()} · {self.happened_at:%Y-%m-%d}"
