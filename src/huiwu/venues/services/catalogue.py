"""Writes about the venue catalogue and the evaluation of venues for a meeting."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from huiwu.core import uploads
from huiwu.core.audit import diff, log_action, register_actions, register_change_labels, snapshot
from huiwu.core.records import create_record, update_record

from ..enums import Dimension
from ..errors import AlreadyCandidate, BadWeights, FailsCapacityRule, ReasonRequired
from ..models import Evaluation, EvaluationWeights, Room, Venue, VenueFile, default_weights
from .scoring import check_weights

register_actions(
    {
        "venues.venue.created": _("added the venue"),
        "venues.venue.changed": _("changed the venue"),
        "venues.room.created": _("added a room"),
        "venues.room.changed": _("changed a room"),
        "venues.evaluation.created": _("added a candidate venue"),
        "venues.evaluation.chosen": _("chose the venue"),
        "venues.weights.changed": _("changed the evaluation weights"),
    }
)


def save_venue(*, org, actor, venue: Venue | None = None, **fields) -> Venue:
    if venue is None:
        return create_record(Venue, org=org, actor=actor, action="venues.venue.created", fields=fields)
    return update_record(venue, actor=actor, action="venues.venue.changed", fields=fields)


@transaction.atomic
def save_room(*, venue: Venue, actor, room: Room | None = None, **fields) -> Room:
    before = snapshot(room, list(fields)) if room else {}
    room = room or Room(venue=venue)
    for name, value in fields.items():
        setattr(room, name, value)
    room.full_clean()
    room.save()
    action = "venues.room.changed" if before else "venues.room.created"
    log_action(
        action, target=room, actor=actor, org=venue.org, changes=diff(before, snapshot(room, list(fields)))
    )
    return room


register_change_labels(
    "venues.weights.changed",
    {d.value: format_lazy("{} ({})", d.label, _("weight, %")) for d in Dimension},
)


def weights_for(org) -> dict[str, int]:
    row = EvaluationWeights.objects.filter(org=org).first()
    return check_weights(row.weights) if row else default_weights()


@transaction.atomic
def set_weights(*, org, actor, weights: dict) -> dict[str, int]:
    """The organisation's weights of the five dimensions: whole percents summing to 100."""
    try:
        clean = check_weights(weights)
    except ValueError:
        raise BadWeights(details={"field": "weights"}) from None
    before = weights_for(org)
    EvaluationWeights.objects.update_or_create(org=org, defaults={"weights": clean})
    log_action("venues.weights.changed", target=org, actor=actor, org=org, changes=diff(before, clean))
    return clean


@transaction.atomic
def add_candidate(*, meeting, actor, **fields) -> Evaluation:
    if Evaluation.objects.filter(meeting=meeting, room=fields["room"], layout=fields["layout"]).exists():
        raise AlreadyCandidate()
    evaluation = Evaluation(meeting=meeting, created_by=actor, **fields)
    evaluation.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as exc:
        raise AlreadyCandidate() from exc
    log_action("venues.evaluation.created", target=meeting, actor=actor, data={"room": str(evaluation.room)})
    return evaluation


@transaction.atomic
def choose(*, evaluation: Evaluation, actor, reason: str) -> Evaluation:
    """Record the choice and its reason; the scores of the moment go into the audit trail.

    A room that fails the 1.15 capacity rule cannot be chosen.
    """
    from ..selectors import scored_candidates

    if not reason.strip():
        raise ReasonRequired()
    score = dict(scored_candidates(evaluation.meeting, weights_for(evaluation.meeting.org)))[evaluation]
    if not score.passes:
        raise FailsCapacityRule()
    scores = {**score.scores, "total": score.total}
    Evaluation.objects.filter(meeting=evaluation.meeting, chosen=True).update(chosen=False)
    evaluation.chosen, evaluation.reason = True, reason.strip()
    evaluation.save(update_fields=["chosen", "reason", "updated_at"])
    log_action(
        "venues.evaluation.chosen",
        target=evaluation.meeting,
        actor=actor,
        data={
            "room": str(evaluation.room),
            "layout": evaluation.layout,
            "reason": evaluation.reason,
            "scores": scores,
        },
    )
    return evaluation


@transaction.atomic
def add_venue_file(*, venue: Venue, actor, kind: str, upload) -> VenueFile:
    shown_name = PurePosixPath((upload.name or "").replace("\\", "/")).name[:200]
    uploads.accept_image(upload)  # stored under a name the server chose, its type checked by content
    row = VenueFile.objects.create(
        venue=venue, kind=kind, file=upload, name=shown_name or upload.name, uploaded_by=actor
    )
    log_action("venues.venue.changed", target=venue, actor=actor, data={"file": row.name, "kind": kind})
    return row
