"""The live interaction's commands: its set-up, the polls (written, opened, closed), joining, and
moderating open answers. The vote itself is ``voting``'s."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.agenda.models import Session
from huiwu.attendees.models import Attendee
from huiwu.core import realtime
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.text import clean_name, clean_text
from huiwu.core.tokens import new_secret
from huiwu.events.errors import MeetingArchived
from huiwu.events.models import Meeting
from huiwu.events.selectors import is_planner
from huiwu.onsite.models import Cue, CueStatus
from huiwu.orgs.models import Membership

from . import recorder, voting
from .errors import NotAllowed, PollInvalid, PollState, RoomInvalid, Stale
from .models import Live, Participant, Poll, PollKind, PollStatus, ShowResults, StreamKind, Vote, VoteStatus

register_actions(
    {
        "interaction.set_up": gettext_lazy("Live interaction set up"),
        "interaction.changed": gettext_lazy("Live interaction changed"),
        "interaction.poll.created": gettext_lazy("Poll created"),
        "interaction.poll.changed": gettext_lazy("Poll changed"),
        "interaction.poll.deleted": gettext_lazy("Poll deleted"),
        "interaction.poll.opened": gettext_lazy("Poll opened"),
        "interaction.poll.closed": gettext_lazy("Poll closed"),
        "interaction.answer.moderated": gettext_lazy("Open answer moderated"),
    }
)

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed on a phone
CODE_LENGTH = 6
MAX_OPTIONS = 20
OPTION_LIMIT = 100
MAX_WORDS = 5
NAME_LIMIT = 30


def planner(membership: Membership | None, meeting: Meeting) -> Membership:
    if membership is None or membership.org_id != meeting.org_id or not is_planner(membership, meeting):
        raise NotAllowed()
    return membership


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def set_up(*, meeting: Meeting, membership: Membership | None) -> Live:
    """The meeting's live interaction with its join code and screen links (made once)."""
    who = planner(membership, meeting)
    found = Live.objects.filter(meeting=meeting).first()
    if found is not None:
        return found
    for _attempt in range(10):
        try:
            with transaction.atomic():
                made = Live.objects.create(
                    org=meeting.org,
                    meeting=meeting,
                    code=_code(),
                    screen_token=new_secret(24),
                    client_token=new_secret(24),
                )
                log_action("interaction.set_up", target=meeting, actor=who.user, org=meeting.org)
                return made
        except IntegrityError:
            found = Live.objects.filter(meeting=meeting).first()
            if found is not None:
                return found
    raise RoomInvalid(gettext("No free join code was found. Try again."))


@transaction.atomic
def change_live(
    *,
    live: Live,
    membership: Membership | None,
    stream_url: str,
    stream_kind: str,
    version: int,
    moderated: bool | None = None,
) -> Live:
    """The streaming supplier's player address (HLS or HTTP-FLV), shown with the interaction beside it,
    and whether questions wait for a moderator."""
    who = planner(membership, live.meeting)
    url = (stream_url or "").strip()
    if url:
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            raise RoomInvalid(
                gettext("Give the player's address (http or https)."), details={"field": "stream_url"}
            ) from None
        if len(url) > 500:
            raise RoomInvalid(gettext("At most 500 characters."), details={"field": "stream_url"})
        kind = stream_kind or (StreamKind.FLV if url.split("?")[0].endswith(".flv") else StreamKind.HLS)
        if kind not in StreamKind.values:
            raise RoomInvalid(details={"field": "stream_kind"})
    else:
        kind = ""
    done = Live.objects.filter(pk=live.pk, version=version).update(
        stream_url=url,
        stream_kind=kind,
        moderated=live.moderated if moderated is None else moderated,
        version=live.version + 1,
        updated_at=timezone.now(),
    )
    if not done:
        raise Stale()
    live.refresh_from_db()
    log_action(
        "interaction.changed", target=live.meeting, actor=who.user, org=live.org, data={"stream": bool(url)}
    )
    return live


# --- polls


@dataclass(frozen=True)
class PollInput(RecordInput):
    question: str = ""
    kind: str = PollKind.SINGLE
    options: list[str] = field(default_factory=list)
    max_choices: int | str = 1
    scale: int | str = 5
    show_results: str = ShowResults.ALWAYS
    changeable: bool = False
    session_id: int | str | None = None
    cue_id: int | str | None = None


def _number(value: Any, low: int, high: int, field_name: str) -> int:
    text = str(value).strip()
    if not text.isdecimal() or not low <= int(text) <= high:
        raise PollInvalid(
            gettext("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            details={"field": field_name},
        )
    return int(text)


def _of_meeting(model: Any, meeting: Meeting, raw: Any, message: str, field_name: str) -> Any:
    """The meeting's record of ``model`` with the id ``raw`` (none when blank), else ``PollInvalid``."""
    if raw in (None, ""):
        return None
    text = str(raw).strip()
    found = (
        model.objects.filter(meeting=meeting, pk=int(text)).first()
        if text.isdecimal() and len(text) < 10
        else None
    )
    if found is None:
        raise PollInvalid(message, details={"field": field_name})
    return found


def _checked(meeting: Meeting, data: PollInput, before: Poll | None) -> dict[str, Any]:
    try:
        question = clean_text(data.question, max_length=200)
    except ValidationError as exc:
        raise PollInvalid(" ".join(exc.messages), details={"field": "question"}) from None
    if not question:
        raise PollInvalid(gettext("Write the question."), details={"field": "question"})
    if data.kind not in PollKind.values:
        raise PollInvalid(details={"field": "kind"})
    if data.show_results not in ShowResults.values:
        raise PollInvalid(details={"field": "show_results"})
    labels: list[str] = []
    for raw in data.options:
        try:
            text = clean_text(raw, max_length=OPTION_LIMIT)
        except ValidationError as exc:
            raise PollInvalid(" ".join(exc.messages), details={"field": "options"}) from None
        if text:
            labels.append(text)
    choosing = data.kind in (PollKind.SINGLE, PollKind.MULTIPLE, PollKind.RANKING)
    if choosing:
        if not 2 <= len(labels) <= MAX_OPTIONS:
            raise PollInvalid(
                gettext("Give from 2 to %(n)s answers.") % {"n": MAX_OPTIONS}, details={"field": "options"}
            )
        if len({label.casefold() for label in labels}) != len(labels):
            raise PollInvalid(gettext("Two answers are the same."), details={"field": "options"})
    else:
        labels = []
    # answers keep their ids while the poll is edited (a label changed is the same answer)
    old = {o["label"]: o["id"] for o in (before.options if before else [])}
    next_id = max([int(o["id"]) for o in (before.options if before else [])] + [0]) + 1
    options = []
    for label in labels:
        if label in old:
            options.append({"id": old[label], "label": label})
        else:
            options.append({"id": str(next_id), "label": label})
            next_id += 1
    max_choices = 1
    if data.kind == PollKind.MULTIPLE:
        max_choices = _number(data.max_choices, 1, len(options), "max_choices")
    elif data.kind == PollKind.WORDS:
        max_choices = _number(data.max_choices, 1, MAX_WORDS, "max_choices")
    scale = _number(data.scale, 2, 10, "scale") if data.kind == PollKind.RATING else 5
    session = _of_meeting(
        Session, meeting, data.session_id, gettext("Choose a session of this meeting."), "session_id"
    )
    cue = _of_meeting(
        Cue, meeting, data.cue_id, gettext("Choose a cue of this meeting's run-of-show."), "cue_id"
    )
    return {
        "cue": cue,
        "question": question,
        "kind": data.kind,
        "options": options,
        "max_choices": max_choices,
        "scale": scale,
        "show_results": data.show_results,
        "changeable": bool(data.changeable),
        "session": session,
    }


@transaction.atomic
def create_poll(*, meeting: Meeting, membership: Membership | None, data: PollInput) -> Poll:
    who = planner(membership, meeting)
    values = _checked(meeting, data, None)
    last = Poll.objects.filter(meeting=meeting).aggregate(n=Max("position"))["n"] or 0
    poll = Poll.objects.create(org=meeting.org, meeting=meeting, position=last + 1, **values)
    log_action(
        "interaction.poll.created", target=poll, actor=who.user, org=meeting.org, data={"kind": poll.kind}
    )
    return poll


def _locked(poll: Poll, version: int | None) -> Poll:
    row = Poll.objects.select_for_update().select_related("meeting").get(pk=poll.pk)
    if version is not None and row.version != version:
        raise Stale()
    return row


@transaction.atomic
def update_poll(*, poll: Poll, membership: Membership | None, data: PollInput, version: int) -> Poll:
    """A draft's question and answers (once opened, a poll's answers no longer change)."""
    who = planner(membership, poll.meeting)
    row = _locked(poll, version)
    if row.status != PollStatus.DRAFT:
        raise PollState(gettext("Only a draft poll is changed; this one has been opened."))
    for key, value in _checked(row.meeting, data, row).items():
        setattr(row, key, value)
    row.version += 1
    row.save()
    log_action("interaction.poll.changed", target=row, actor=who.user, org=row.org)
    return row


@transaction.atomic
def delete_poll(*, poll: Poll, membership: Membership | None, version: int | None) -> None:
    who = planner(membership, poll.meeting)
    row = _locked(poll, version)
    if row.status != PollStatus.DRAFT:
        raise PollState(gettext("A poll that has been opened keeps its votes: close it instead."))
    log_action(
        "interaction.poll.deleted",
        target=row.meeting,
        actor=who.user,
        org=row.org,
        data={"poll": row.question},
    )
    row.delete()


def payload(poll: Poll) -> dict[str, Any]:
    """What a phone and a screen need to show a poll."""
    return {
        "id": poll.pk,
        "question": poll.question,
        "kind": poll.kind,
        "options": poll.options,
        "max_choices": poll.max_choices,
        "scale": poll.scale,
        "show_results": poll.show_results,
        "changeable": poll.changeable,
        "status": poll.status,
    }


def _announce(poll: Poll, live: Live, kind: str) -> None:
    event = {"type": kind, "poll": payload(poll)}
    realtime.publish(f"live:{live.pk}", event)
    realtime.publish(f"live:{live.pk}:screens", event)
    recorder.publish_results(poll, live.pk)


def _live(meeting: Meeting) -> Live:
    found = Live.objects.filter(meeting=meeting).first()
    if found is None:
        raise PollState(gettext("Set up the meeting's live interaction first."))
    return found


@transaction.atomic
def open_poll(*, poll: Poll, membership: Membership | None, version: int | None = None) -> Poll:
    """Open the poll: phones show it at once; its answers are frozen from now on. Reopening a closed
    poll takes votes again (the votes kept stay)."""
    who = planner(membership, poll.meeting)
    return _open(_locked(poll, version), who.user, by_cue=False)


@transaction.atomic
def close_poll(*, poll: Poll, membership: Membership | None, version: int | None = None) -> Poll:
    who = planner(membership, poll.meeting)
    row = _locked(poll, version)
    if row.status != PollStatus.OPEN:
        raise PollState(gettext("Only an open poll is closed."))
    return _close(row, who.user, by_cue=False)


def _open(row: Poll, user: Any, *, by_cue: bool) -> Poll:
    if row.status == PollStatus.OPEN:
        return row
    live = _live(row.meeting)
    row.status, row.opened_at, row.closed_at = PollStatus.OPEN, row.opened_at or timezone.now(), None
    row.version += 1
    row.save(update_fields=["status", "opened_at", "closed_at", "version", "updated_at"])
    log_action("interaction.poll.opened", target=row, actor=user, org=row.org, data={"by_cue": by_cue})
    transaction.on_commit(lambda: _to_store(row))
    _announce(row, live, "poll.opened")
    return row


def _close(row: Poll, user: Any, *, by_cue: bool) -> Poll:
    live = _live(row.meeting)
    row.status, row.closed_at = PollStatus.CLOSED, timezone.now()
    row.version += 1
    row.save(update_fields=["status", "closed_at", "version", "updated_at"])
    log_action(
        "interaction.poll.closed",
        target=row,
        actor=user,
        org=row.org,
        data={"voters": row.voters, "by_cue": by_cue},
    )
    transaction.on_commit(lambda: _to_store(row))
    _announce(row, live, "poll.closed")
    return row


def follow_cue(*, cue: Any, user: Any) -> int:
    """The run-of-show's cue went live (its polls open) or is done (its open polls close): the cue's
    operator need not be a planner — the planner tied the poll to the cue. Returns the polls moved."""
    if (
        cue.status not in (CueStatus.LIVE, CueStatus.DONE)
        or not Live.objects.filter(meeting_id=cue.meeting_id).exists()
    ):
        return 0
    moved = 0
    for row in Poll.objects.select_for_update().select_related("meeting").filter(cue=cue).order_by("pk"):
        if cue.status == CueStatus.LIVE and row.status != PollStatus.OPEN:
            _open(row, user, by_cue=True)
            moved += 1
        elif cue.status == CueStatus.DONE and row.status == PollStatus.OPEN:
            _close(row, user, by_cue=True)
            moved += 1
    return moved


def _to_store(poll: Poll) -> None:
    """The store follows the poll's new status (an open poll with the votes it already has)."""
    voting.forget_rules(poll.pk)
    voting.load(poll, again=True)


# --- participants


def join(*, live: Live, attendee: Attendee | None = None, name: str = "") -> Participant:
    """A phone or browser joins (no account). A phone holding a confirmed badge of the meeting is that
    person: joining again gives the same participant."""
    if live.meeting.archived_at is not None:
        raise MeetingArchived()
    display = ""
    if name and name.strip():
        try:
            display = clean_name(name, max_length=NAME_LIMIT)
        except ValidationError as exc:
            raise RoomInvalid(" ".join(exc.messages), details={"field": "name"}) from None
    if attendee is not None and attendee.meeting_id != live.meeting_id:
        attendee = None
    if attendee is not None:
        found = Participant.objects.filter(live=live, attendee=attendee).first()
        if found is not None:
            if display and display != found.name:
                Participant.objects.filter(pk=found.pk).update(name=display)
                found.name = display
            return found
        try:
            with transaction.atomic():
                return Participant.objects.create(live=live, attendee=attendee, name=display)
        except IntegrityError:
            return Participant.objects.get(live=live, attendee=attendee)
    return Participant.objects.create(live=live, name=display)


def rename(*, participant: Participant, name: str) -> Participant:
    display = ""
    if name and name.strip():
        try:
            display = clean_name(name, max_length=NAME_LIMIT)
        except ValidationError as exc:
            raise RoomInvalid(" ".join(exc.messages), details={"field": "name"}) from None
    Participant.objects.filter(pk=participant.pk).update(name=display)
    participant.name = display
    return participant


# --- open answers


@transaction.atomic
def moderate(*, vote: Vote, membership: Membership | None, approve: bool) -> Vote:
    """An open answer shown on the screens (approved) or kept off them (rejected). Two moderators on one
    answer: the first decides, the second is told it was decided."""
    poll = vote.poll
    who = planner(membership, poll.meeting)
    target = VoteStatus.APPROVED if approve else VoteStatus.REJECTED
    done = Vote.objects.filter(pk=vote.pk, status=VoteStatus.PENDING).update(status=target)
    if not done:
        raise Stale(gettext("Another moderator has already decided on this answer."))
    vote.status = target
    log_action(
        "interaction.answer.moderated", target=poll, actor=who.user, org=poll.org, data={"approved": approve}
    )
    if approve:
        live = _live(poll.meeting)
        event = {"type": "poll.answer", "poll": poll.pk, "id": vote.pk, "text": vote.choice}
        realtime.publish(f"live:{live.pk}:screens", event)
        if poll.show_results in (ShowResults.ALWAYS, ShowResults.VOTED):
            realtime.publish(f"live:{live.pk}", event)
    return vote
