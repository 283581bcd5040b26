"""The clause library: clauses per organisation, each a versioned text with typed variables
(``variables``), and contract templates per kind as an ordered set of clauses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import ClauseKind, ContractKind, Topic


class Clause(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.SlugField(_("short name"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ClauseKind.choices, default=ClauseKind.STANDARD)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, default=Topic.OTHER)
    text = models.TextField(_("text"), max_length=10000)
    version = models.PositiveIntegerField(default=1)  # the current version's number

    class Meta:
        ordering = ["kind", "topic", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "key"], name="contract_clause_key_once")]

    def __str__(self) -> str:
        return self.title


class ClauseVersion(models.Model):
    """Every text a clause has had, with who changed it, when and why."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "number"], name="contract_clause_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.clause_id} v{self.number}"


class Template(TimeStampedModel):
    """A contract template: an ordered set of clauses for one kind of contract."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ContractKind.choices)
    name = models.CharField(_("name"), max_length=200)
    clauses = models.ManyToManyField(Clause, through="TemplateClause", related_name="templates")

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="contract_template_name_once")]

    def __str__(self) -> str:
        return self.name


class TemplateClause(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="items")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "clause"], name="contract_template_clause_once")
        ]

    def __str__(self) -> str:
        return f"{self.template_id}: {self.clause_id}"
