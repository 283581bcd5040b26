"""Personal data after the meeting (China's PIPL): de-identification, retention, a person's export and
erasure.

De-identifying a meeting replaces each attendee's name by a stable pseudonym (the same person — same ID
number, phone or e-mail — gets the same one across the organisation's meetings, so repeat visits still
count) and removes their phone, e-mail, ID number, photo, health and travel details; then every text of
the meeting's records (any model bound to the meeting, up to two links away) and of the organisation's
audit trail, notifications, webhook deliveries and jobs since the meeting was made is scrubbed: the
attendees' names become their pseudonyms, their phones, e-mails and ID numbers (and the masked forms
shown on pages) go, and so does any phone, e-mail or ID number written in free text. Counts and figures
stay. Each step is audited with counts, never with the personal data itself."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_lazy

from huiwu.attendees import crypto
from huiwu.attendees.models import Attendee
from huiwu.attendees.validation import mask_email
from huiwu.core.audit import log_action, register_actions, target_key
from huiwu.core.models import AuditEntry
from huiwu.core.text import display_mobile, mask_mobile
from huiwu.events.archived import unlocked
from huiwu.events.models import Meeting
from huiwu.notifications.models import Notification

from .models import Deidentified, Trigger

register_actions(
    {
        "wrapup.deidentified": gettext_lazy("Personal data of the meeting de-identified"),
        "wrapup.retention.run": gettext_lazy("Retention run"),
        "wrapup.person.exported": gettext_lazy("A person's data exported on request"),
        "wrapup.person.erased": gettext_lazy("A person's data erased on request"),
    }
)

PHONE = re.compile(r"(?<![\d])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MASKED = re.compile(r"1[3-9]\d\*{4}\d{4}|[\w.+-]{0,2}\*{3}@[\w-]+(?:\.[\w-]+)+")  # as pages show them
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])[1-9]\d{16}[\dXx](?![\dA-Za-z])")
SKIP = {
    "token",
    "badge_key",
    "badge_digest",
    "scan_id",
    "id_number_encrypted",
    "id_number_digest",
    "key",
    "secret",
    "device",
    "digest",
    "event_id",
    "password",
    "feed_token",
    "file",
    "photo",
    "upload",
}
# legal and financial records are kept as they were signed and booked: only the attendees' own names
# and contacts are replaced there, nothing is guessed from patterns
AS_SIGNED = {"contracts", "budgets", "suppliers", "standards"}


def pseudonym(org_id: int, attendee: Attendee) -> str:
    """The same person — same ID number, else phone, else e-mail — gets the same pseudonym across the
    organisation's meetings; without any of them, the record's own."""
    if attendee.name.startswith("P-") and not (
        attendee.mobile or attendee.email or attendee.id_number_digest
    ):
        return attendee.name  # de-identified already
    key = attendee.id_number_digest or attendee.mobile or attendee.email.lower() or f"record:{attendee.pk}"
    return "P-" + salted_hmac("huiwu.wrapup.pseudonym", f"{org_id}:{key}").hexdigest()[:8].upper()


def replacements(people: list[Attendee], org_id: int) -> dict[str, str]:
    """Each original that identifies one of ``people`` → what replaces it."""
    out: dict[str, str] = {}
    for person in people:
        alias = pseudonym(org_id, person)
        if len(person.name.strip()) >= 2 and person.name != alias:
            out[person.name.strip()] = alias
        if person.mobile:
            for form in (person.mobile, display_mobile(person.mobile), mask_mobile(person.mobile)):
                out[form] = "[phone]"
        if person.email:
            out[person.email] = out[mask_email(person.email)] = "[e-mail]"
        number = crypto.decrypt(person.id_number_encrypted)
        if number:
            out[number] = out[number.lower()] = "[ID]"
    return out


class Scrubber:
    """Text with the known originals replaced (longest first) and, where free text may hold them, any
    phone, e-mail or ID number removed."""

    def __init__(self, mapping: dict[str, str]):
        self.mapping = mapping
        keys = sorted(mapping, key=len, reverse=True)
        self.known = re.compile("|".join(re.escape(k) for k in keys)) if keys else None

    def text(self, value: str, *, patterns: bool) -> str:
        if not value:
            return value
        if self.known is not None:
            value = self.known.sub(lambda m: self.mapping[m.group(0)], value)
        if patterns:
            value = MASKED.sub("[contact]", value)
            value = ID_NUMBER.sub("[ID]", EMAIL.sub("[e-mail]", PHONE.sub("[phone]", value)))
        return value

    def json(self, value: Any, *, patterns: bool = True) -> Any:
        if isinstance(value, str):
            return self.text(value, patterns=patterns)
        if isinstance(value, list):
            return [self.json(v, patterns=patterns) for v in value]
        if isinstance(value, dict):
            return {
                (self.json(k, patterns=patterns) if isinstance(k, str) else k): self.json(
                    v, patterns=patterns
                )
                for k, v in value.items()
            }
        return value


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    out: list[models.Field] = []
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.CharField | models.TextField | models.JSONField) or f.choices:
            continue
        if f.name in SKIP or f.name.endswith(("_token", "_digest", "_hash", "_key")) or "sha256" in f.name:
            continue
        out.append(f)
    return out


def _paths_to_meeting(model: type[models.Model], depth: int = 3) -> list[str]:
    """The shortest lookups from ``model`` to a meeting through its foreign keys (``meeting``,
    ``response__survey__meeting``), at most ``depth`` links."""
    level: list[tuple[str, type[models.Model]]] = [("", model)]
    for _n in range(depth):
        found, following = [], []
        for prefix, current in level:
            for f in current._meta.concrete_fields:
                if not (f.is_relation and (f.many_to_one or f.one_to_one)) or f.related_model is None:
                    continue
                path = f"{prefix}{f.name}"
                if f.related_model is Meeting:
                    found.append(path)
                elif f.related_model.__module__.startswith("huiwu.") and f.related_model is not current:
                    following.append((f"{path}__", f.related_model))
        if found:
            return found
        level = following
    return []


def bound(meeting: Meeting) -> Iterator[models.QuerySet]:
    """Every record of the meeting: the meeting itself and each row of a model bound to it."""
    from .models import Archive

    yield Meeting.objects.filter(pk=meeting.pk)
    for model in apps.get_models():
        if not model.__module__.startswith("huiwu.") or model in (Meeting, Attendee, Archive):
            continue
        paths = _paths_to_meeting(model)
        if paths:
            where = Q()
            for path in paths:
                where |= Q(**{path: meeting})
            yield model._default_manager.filter(where)


def org_wide(
    org_id: int, since: dt.datetime, people: list[Attendee]
) -> Iterator[tuple[models.QuerySet, bool]]:
    """The organisation's trails since the meeting was made: the audit entries about these attendees
    cleared of any phone, e-mail or ID number (old values too); everything else of the known originals."""
    from huiwu.jobs.models import Job
    from huiwu.webhooks.models import Delivery

    kind = target_key(people[0])[0] if people else ""
    theirs = Q(target_type=kind, target_id__in=[str(p.pk) for p in people])
    entries = AuditEntry.objects.filter(org_id=org_id, created_at__gte=since)
    yield entries.filter(theirs), True
    yield entries.exclude(theirs), False
    yield Notification.objects.filter(org_id=org_id, created_at__gte=since), False
    yield Delivery.objects.filter(endpoint__org_id=org_id, created_at__gte=since), False
    yield Job.objects.filter(org_id=org_id, created_at__gte=since), False


def scrub(rows: models.QuerySet, scrubber: Scrubber, *, patterns: bool | None = None) -> int:
    """Each row whose text changes is written back (an update: no signals, no timestamps moved). Free
    text (text and JSON fields) is also cleared of any phone, e-mail and ID number unless ``patterns``
    is False or the records are kept as signed."""
    if patterns is None:
        patterns = rows.model._meta.app_label not in AS_SIGNED
    fields = _text_fields(rows.model)
    if not fields:
        return 0
    changed = 0
    names = [f.attname for f in fields]
    for pk, *values in rows.values_list("pk", *names).iterator(chunk_size=2000):
        new = {}
        for f, value in zip(fields, values, strict=True):
            if value is None:
                continue
            if isinstance(f, models.JSONField):
                after = scrubber.json(value, patterns=patterns)
            else:
                after = scrubber.text(value, patterns=patterns and isinstance(f, models.TextField))
            if after != value:
                new[f.attname] = after
        if new:
            rows.model._default_manager.filter(pk=pk).update(**new)
            changed += 1
    return changed


def forget(person: Attendee, alias: str) -> None:
    """The attendee's own record: the pseudonym, and nothing that identifies them."""
    if person.photo:
        person.photo.delete(save=False)
    Attendee.objects.filter(pk=person.pk).update(
        name=alias,
        mobile="",
        email="",
        title="",
        id_number_encrypted="",
        id_number_hint="",
        id_number_digest="",
        allergies="",
        diet_note="",
        accessibility="",
        diets=[],
        arrival_number="",
        departure_number="",
        hotel="",
        photo="",
        note="",
        tags=[],
    )


def deidentify(
    *, meeting: Meeting, trigger: str, actor: Any = None, progress: Callable | None = None
) -> Deidentified:
    """The meeting's attendees de-identified everywhere (once: a second call returns the first)."""
    done = Deidentified.objects.filter(meeting=meeting).first()
    if done is not None:
        return done
    people = list(Attendee.objects.filter(meeting=meeting))
    scrubber = Scrubber(replacements(people, meeting.org_id))
    rows = 0
    with unlocked(), transaction.atomic():
        for person in people:
            forget(person, pseudonym(meeting.org_id, person))
        since = meeting.created_at - dt.timedelta(days=1)
        tables = [*((q, None) for q in bound(meeting)), *org_wide(meeting.org_id, since, people)]
        for n, (queryset, patterns) in enumerate(tables, 1):
            rows += scrub(queryset, scrubber, patterns=patterns)
            if progress is not None:
                progress(n, len(tables))
        made = Deidentified.objects.create(
            org=meeting.org, meeting=meeting, trigger=trigger, people=len(people), rows=rows
        )
        log_action(
            "wrapup.deidentified",
            target=meeting,
            actor=actor,
            org=meeting.org,
            data={"trigger": trigger, "people": len(people), "rows": rows},
        )
    return made


# --- retention


def due(now: dt.datetime | None = None) -> list[Meeting]:
    """Meetings whose organisation's retention period after their last day has passed, not yet
    de-identified."""
    today = timezone.localdate(now or timezone.now())
    out = []
    for meeting in (
        Meeting.objects.filter(deidentified__isnull=True, end_date__lt=today)
        .select_related("org")
        .order_by("end_date", "pk")
    ):
        if meeting.end_date + dt.timedelta(days=meeting.org.retention_days) < today:
            out.append(meeting)
    return out


def run_retention(now: dt.datetime | None = None) -> dict[int, list[int]]:
    """The daily job: each due meeting de-identified; each organisation's owners and administrators told
    what was done (meeting names and counts, no personal data). Returns org id → meeting ids."""
    from huiwu.notifications.services import in_language, notify
    from huiwu.orgs.enums import Perm
    from huiwu.orgs.selectors import members_with

    done: dict[int, list[Meeting]] = {}
    for meeting in due(now):
        made = deidentify(meeting=meeting, trigger=Trigger.RETENTION)
        if made.trigger == Trigger.RETENTION:
            done.setdefault(meeting.org_id, []).append(meeting)
    for meetings in done.values():
        org = meetings[0].org
        people = sum(m.deidentified.people for m in meetings)
        log_action(
            "wrapup.retention.run",
            target=org,
            org=org,
            actor=None,
            data={"meetings": [m.pk for m in meetings], "people": people},
        )

        def words(meetings: list[Meeting] = meetings, people: int = people) -> tuple[str, str]:
            title = gettext("Retention: %(n)s meetings de-identified") % {"n": len(meetings)}
            body = gettext("%(people)s attendees of %(names)s: names replaced, contacts removed.") % {
                "people": people,
                "names": "、".join(m.name for m in meetings),
            }
            return title, body

        for user in members_with(org, Perm.MANAGE_ORG):
            title, body = in_language(user, words)
            notify(user=user, org=org, title=title, body=body)
    return {org_id: [m.pk for m in ms] for org_id, ms in done.items()}
