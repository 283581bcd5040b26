"""The clause library's commands: the library every organisation starts with, a clause saved as a new
version (its variables checked, a stale edit refused, the reason kept), a template's ordered clauses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.text import clean_fields
from huiwu.orgs.models import Organization

from . import seeds, variables
from .enums import ClauseKind, ContractKind, Topic
from .errors import Duplicate, Stale, TemplateClauses, UnknownVariable
from .models import Clause, ClauseVersion, Template, TemplateClause

register_actions(
    {
        "contracts.clause.saved": gettext_lazy("Contract clause saved"),
        "contracts.template.saved": gettext_lazy("Contract template saved"),
    }
)


@transaction.atomic
def seed_library(*, org: Organization) -> int:
    """The organisation's clauses and templates from ``seeds`` (those it lacks; idempotent)."""
    made = 0
    have = set(Clause.objects.filter(org=org).values_list("key", flat=True))
    for key, kind, topic, title, text in seeds.CLAUSES:
        if key in have:
            continue
        clause = Clause.objects.create(org=org, key=key, kind=kind, topic=topic, title=title, text=text)
        ClauseVersion.objects.create(clause=clause, number=1, title=title, text=text)
        made += 1
    by_key = {c.key: c for c in Clause.objects.filter(org=org)}
    for kind, name, keys in seeds.TEMPLATES:
        template, created = Template.objects.get_or_create(org=org, name=name, defaults={"kind": kind})
        if created:
            TemplateClause.objects.bulk_create(
                [TemplateClause(template=template, clause=by_key[k], position=i) for i, k in enumerate(keys)]
            )
    return made


@dataclass(frozen=True, kw_only=True)
class ClauseInput(RecordInput):
    title: str
    text: str
    kind: str = ClauseKind.STANDARD
    topic: str = Topic.OTHER
    key: str = ""  # a new clause's short name; kept once made


@transaction.atomic
def save_clause(
    *, org: Organization, actor: User | None, data: ClauseInput, clause: Clause | None = None,
    version: int | None = None, reason: str = "",
) -> Clause:  # fmt: skip
    """A new clause, or a clause's next version (``version`` = the one its editor saw). Its variables
    must all be ones a contract can fill; an unchanged text and title make no new version."""
    if data.kind not in ClauseKind.values:
        raise ValidationError({"kind": gettext("Choose standard or flexible.")})
    if data.topic not in Topic.values:
        raise ValidationError({"topic": gettext("Choose a topic.")})
    fields = clean_fields(Clause, {"title": data.title, "text": data.text})
    if not fields["text"].strip():
        raise ValidationError({"text": gettext("Write the clause.")})
    if bad := variables.unknown(fields["text"]):
        raise UnknownVariable(bad)
    reason = clean_fields(ClauseVersion, {"reason": reason})["reason"]
    if clause is None:
        key = (data.key or "").strip().lower()
        try:
            validate_slug(key)
        except ValidationError:
            raise ValidationError({"key": gettext("Give a short name (letters, digits, hyphens).")}) from None
        try:
            with transaction.atomic():
                clause = Clause.objects.create(org=org, key=key, kind=data.kind, topic=data.topic, **fields)
        except IntegrityError:
            raise Duplicate(details={"field": "key"}) from None
        ClauseVersion.objects.create(clause=clause, number=1, created_by=actor, reason=reason, **fields)
    else:
        same = (clause.title, clause.text, clause.kind, clause.topic) == (
            fields["title"], fields["text"], data.kind, data.topic,
        )  # fmt: skip
        if version is None or version != clause.version:
            raise Stale()
        if same:
            return clause
        text_changed = (clause.title, clause.text) != (fields["title"], fields["text"])
        bump = F("version") + 1 if text_changed else F("version")
        if not Clause.objects.filter(pk=clause.pk, version=version).update(
            kind=data.kind, topic=data.topic, version=bump, updated_at=timezone.now(), **fields
        ):
            raise Stale()
        clause.refresh_from_db()
        if text_changed:
            ClauseVersion.objects.create(
                clause=clause, number=clause.version, created_by=actor, reason=reason, **fields
            )
    log_action("contracts.clause.saved", target=clause, actor=actor, org=org,
               data={"version": clause.version, "reason": reason})  # fmt: skip
    return clause


@dataclass(frozen=True, kw_only=True)
class TemplateInput(RecordInput):
    kind: str
    name: str
    clauses: list[Any] = field(default_factory=list)  # the organisation's clauses, in order


@transaction.atomic
def save_template(
    *, org: Organization, actor: User | None, data: TemplateInput, template: Template | None = None
) -> Template:
    if data.kind not in ContractKind.values:
        raise ValidationError({"kind": gettext("Choose the kind of contract.")})
    ids: list[int] = [c.pk for c in data.clauses if getattr(c, "pk", None) is not None]
    if (
        not ids
        or len(ids) != len(data.clauses)
        or len(set(ids)) != len(ids)
        or Clause.objects.filter(org=org, pk__in=ids).count() != len(ids)
    ):
        raise TemplateClauses(details={"field": "clauses"})
    name = clean_fields(Template, {"name": data.name})["name"]
    try:
        with transaction.atomic():
            if template is None:
                template = Template.objects.create(org=org, kind=data.kind, name=name)
            else:
                template.kind, template.name = data.kind, name
                template.save(update_fields=["kind", "name", "updated_at"])
    except IntegrityError:
        raise Duplicate(details={"field": "name"}) from None
    TemplateClause.objects.filter(template=template).delete()
    TemplateClause.objects.bulk_create(
        [TemplateClause(template=template, clause_id=pk, position=i) for i, pk in enumerate(ids)]
    )
    log_action("contracts.template.saved", target=template, actor=actor, org=org,
               data={"clauses": ids})  # fmt: skip
    return template
