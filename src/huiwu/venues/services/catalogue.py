"""Writes about the venue catalogue and the evaluation of venues for a meeting."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath

from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from huiwu.core import uploads
from huiwu.core.audit import diff, log_action, register_actions, register_change_labels, snapshot
from huiwu.core.inputs import RecordInput
from huiwu.core.records import create_record, update_record

from ..enums import Dimension, Layout
from ..errors import AlreadyCandidate, BadWeights, FailsCapacityRule, ReasonRequired, require_room_of
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


@dataclass(frozen=True, kw_only=True)
class VenueInput(RecordInput):
    """A venue of the catalogue: where, how to reach it, what it offers, what it costs."""

    name: str
    city: str
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    airport_minutes: int | None = None
    rail_minutes: int | None = None
    step_free: bool = False
    lifts: bool = False
    accessible_toilets: bool = False
    indoor_backup: str = ""
    atmosphere: str = ""
    day_rate: Decimal = Decimal(0)
    overtime_per_hour: Decimal = Decimal(0)
    cleaning_fee: Decimal = Decimal(0)
    power_fee: Decimal = Decimal(0)
    build_up_days: int = 0
    notes: str = ""


def save_venue(*, org, actor, venue: Venue | None = None, data: VenueInput) -> Venue:
    fields = data.values()
    if venue is None:
        return create_record(Venue, org=org, actor=actor, action="venues.venue.created", fields=fields)
    return update_record(venue, actor=actor, action="venues.venue.changed", fields=fields)


@dataclass(frozen=True, kw_only=True)
class RoomInput(RecordInput):
    """A room: its size, its seats in each layout, its equipment (DOMAIN.md's technical standards)."""

    name: str
    area: int
    ceiling_height: Decimal | None = None
    theatre: int = 0
    classroom: int = 0
    banquet: int = 0
    u_shape: int = 0
    reception: int = 0
    projector_lumens: int = 0
    projector_4k: bool = False
    sound_radius_m: int = 0
    wired_mics: int = 0
    wireless_mics: int = 0
    interpretation_booths: int = 0
    interpretation_languages: list[str] = field(default_factory=list)
    bandwidth_mbps: int = 0
    network_redundant: bool = False
    led_screen: bool = False


@transaction.atomic
def save_room(*, venue: Venue, actor, room: Room | None = None, data: RoomInput) -> Room:
    fields = data.values()
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


@dataclass(frozen=True, kw_only=True)
class CandidateInput(RecordInput):
    """A room in one layout proposed for the meeting, with the planner's judgement of its atmosphere."""

    room: Room  # a room of the organisation's venues
    layout: str = Layout.THEATRE
    atmosphere_score: int = 5
    overtime_hours: int = 0


@transaction.atomic
def add_candidate(*, meeting, actor, data: CandidateInput) -> Evaluation:
    require_room_of(meeting.org_id, data.room)
    if Evaluation.objects.filter(meeting=meeting, room=data.room, layout=data.layout).exists():
        raise AlreadyCandidate()
    evaluation = Evaluation(meeting=meeting, created_by=actor, **data.values())
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

    A room that fails the capacity rule (the spare of the standards) cannot be chosen.
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
