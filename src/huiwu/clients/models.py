from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel


class Client(TimeStampedModel):
    """A company or body the agency runs meetings for."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(_("company"), max_length=200)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)

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
