"""The live interaction by meeting: its set-up, the polls (written, opened, closed, their results), the
questions' moderation, the lottery (prizes, freeze, draw, the proof, winners), the client's figures. Every
write is one command of ``huiwu.interaction``; votes, questions and upvotes come from participants'
phones, not through the API."""

from django.http import Http404
from django.urls import reverse
from ninja import Query, Router, Status

from huiwu.events.models import Meeting
from huiwu.interaction import lottery, presence, qa, services
from huiwu.interaction.models import Draw, Live, Poll, Prize, Question, Winner
from huiwu.interaction.services import PollInput
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..schemas.base import ErrorOut
from ..schemas.interaction import (
    LiveFiguresOut,
    LiveIn,
    LiveOut,
    LiveQuestionOut,
    MergeIn,
    PollIn,
    PollOut,
    PollPatchIn,
    PrizeIn,
    PrizeOut,
    QuestionDecideIn,
    RedrawIn,
    VersionIn,
)

router = Router(tags=["live interaction"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _meeting(request, meeting_id: int) -> Meeting:
    require(request.membership, Perm.VIEW)
    return get_scoped(Meeting.objects.select_related("org", "owner", "client"), request.org, pk=meeting_id)


def _live_of(request, meeting_id: int) -> Live:
    found = (
        Live.objects.filter(meeting=_meeting(request, meeting_id)).select_related("meeting", "org").first()
    )
    if found is None:
        raise Http404
    return found


def _live(request, live: Live) -> dict:
    def url(name: str, **kw) -> str:
        return request.build_absolute_uri(reverse(f"interaction-public:{name}", kwargs=kw))

    return {
        "id": live.pk,
        "meeting_id": live.meeting_id,
        "code": live.code,
        "join_url": url("room", code=live.code),
        "watch_url": url("watch", code=live.code),
        "screen_url": url("screen", token=live.screen_token),
        "speaker_url": url("speaker", token=live.screen_token),
        "client_url": url("client", token=live.client_token),
        "stream_url": live.stream_url,
        "stream_kind": live.stream_kind,
        "moderated": live.moderated,
        "version": live.version,
    }


@router.get("/meetings/{meeting_id}/live", response={200: LiveOut, **ERRORS})
def get_live(request, meeting_id: int):
    return _live(request, _live_of(request, meeting_id))


@router.post("/meetings/{meeting_id}/live", response={201: LiveOut, **ERRORS}, summary="Set it up")
def set_up(request, meeting_id: int):
    made = services.set_up(meeting=_meeting(request, meeting_id), membership=request.membership)
    return Status(201, _live(request, made))


@router.patch("/meetings/{meeting_id}/live", response={200: LiveOut, **ERRORS})
def change_live(request, meeting_id: int, payload: LiveIn):
    live = services.change_live(
        live=_live_of(request, meeting_id),
        membership=request.membership,
        stream_url=payload.stream_url,
        stream_kind=payload.stream_kind,
        moderated=payload.moderated,
        version=payload.version,
    )
    return _live(request, live)


@router.get("/meetings/{meeting_id}/live/figures", response={200: LiveFiguresOut, **ERRORS})
def figures(request, meeting_id: int):
    return presence.figures(_live_of(request, meeting_id).pk)


# --- polls


def _poll(request, poll_id: int) -> Poll:
    require(request.membership, Perm.VIEW)
    return get_scoped(Poll.objects.select_related("meeting", "org"), request.org, pk=poll_id)


def _input(payload: PollIn) -> PollInput:
    return PollInput(
        question=payload.question,
        kind=payload.kind,
        options=payload.options,
        max_choices=payload.max_choices,
        scale=payload.scale,
        show_results=payload.show_results,
        changeable=payload.changeable,
        session_id=payload.session_id,
        cue_id=payload.cue_id,
    )


@router.get("/meetings/{meeting_id}/polls", response={200: list[PollOut], **ERRORS})
def list_polls(request, meeting_id: int):
    return list(Poll.objects.filter(meeting=_meeting(request, meeting_id)))


@router.post("/meetings/{meeting_id}/polls", response={201: PollOut, **ERRORS})
def create_poll(request, meeting_id: int, payload: PollIn):
    meeting = _meeting(request, meeting_id)
    return Status(
        201, services.create_poll(meeting=meeting, membership=request.membership, data=_input(payload))
    )


@router.get("/polls/{poll_id}", response={200: PollOut, **ERRORS})
def get_poll(request, poll_id: int):
    return _poll(request, poll_id)


@router.patch("/polls/{poll_id}", response={200: PollOut, **ERRORS}, summary="Change a draft")
def update_poll(request, poll_id: int, payload: PollPatchIn):
    return services.update_poll(
        poll=_poll(request, poll_id),
        membership=request.membership,
        data=_input(payload),
        version=payload.version,
    )


@router.delete("/polls/{poll_id}", response={204: None, **ERRORS}, summary="Delete a draft")
def delete_poll(request, poll_id: int, version: int | None = Query(None, ge=0, le=2**31 - 1)):
    services.delete_poll(poll=_poll(request, poll_id), membership=request.membership, version=version)
    return Status(204, None)


@router.post("/polls/{poll_id}/open", response={200: PollOut, **ERRORS})
def open_poll(request, poll_id: int, payload: VersionIn):
    return services.open_poll(
        poll=_poll(request, poll_id), membership=request.membership, version=payload.version
    )


@router.post("/polls/{poll_id}/close", response={200: PollOut, **ERRORS})
def close_poll(request, poll_id: int, payload: VersionIn):
    return services.close_poll(
        poll=_poll(request, poll_id), membership=request.membership, version=payload.version
    )


# --- questions


def _one(rows, pk: int):
    """The row ``pk`` of ``rows`` (already limited to the organisation), else 404 — an id too big for
    the database included."""
    try:
        found = rows.filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        found = None
    if found is None:
        raise Http404
    return found


def _question(request, live_question_id: int) -> Question:
    require(request.membership, Perm.VIEW)
    return _one(
        Question.objects.filter(live__org=request.org).select_related("live__meeting"), live_question_id
    )


@router.get("/meetings/{meeting_id}/live/questions", response={200: list[LiveQuestionOut], **ERRORS})
def list_questions(request, meeting_id: int, status: str = ""):
    rows = Question.objects.filter(live=_live_of(request, meeting_id)).order_by(
        "-pinned", "-upvotes", "asked_at"
    )
    return list(rows.filter(status=status) if status else rows[:500])


@router.post("/live-questions/{live_question_id}/decide", response={200: LiveQuestionOut, **ERRORS})
def decide(request, live_question_id: int, payload: QuestionDecideIn):
    found = _question(request, live_question_id)
    return qa.decide(question=found, membership=request.membership, action=payload.action)


@router.post("/live-questions/{live_question_id}/merge", response={200: LiveQuestionOut, **ERRORS})
def merge(request, live_question_id: int, payload: MergeIn):
    found = _question(request, live_question_id)
    into = _one(Question.objects.filter(live=found.live), payload.into)
    return qa.merge(question=found, into=into, membership=request.membership)


# --- the lottery


def _prize_out(prize: Prize) -> dict:
    draw: Draw | None = getattr(prize, "draw", None)
    drawn = draw is not None and draw.status == "drawn"
    return {
        "id": prize.pk,
        "tier": prize.tier,
        "name": prize.name,
        "quantity": prize.quantity,
        "pool": prize.pool,
        "day": prize.day,
        "category": prize.category,
        "repeat_winners": prize.repeat_winners,
        "draw_status": draw.status if draw else None,
        "pool_size": draw.pool_size if draw else None,
        "pool_hash": draw.pool_hash if draw else None,
        "seed_hash": draw.seed_hash if draw else None,
        "seed": draw.seed if drawn and draw else None,
        "winners": list(draw.winners.all()) if draw else [],
    }


def _prize(request, prize_id: int) -> Prize:
    require(request.membership, Perm.VIEW)
    return get_scoped(Prize.objects.select_related("meeting", "org"), request.org, pk=prize_id)


def _fresh(prize: Prize) -> dict:
    return _prize_out(Prize.objects.select_related("draw").get(pk=prize.pk))


@router.get("/meetings/{meeting_id}/prizes", response={200: list[PrizeOut], **ERRORS})
def list_prizes(request, meeting_id: int):
    rows = Prize.objects.filter(meeting=_meeting(request, meeting_id)).select_related("draw")
    return [_prize_out(p) for p in rows.prefetch_related("draw__winners")]


@router.post("/meetings/{meeting_id}/prizes", response={201: PrizeOut, **ERRORS})
def create_prize(request, meeting_id: int, payload: PrizeIn):
    made = lottery.save_prize(
        meeting=_meeting(request, meeting_id),
        membership=request.membership,
        data=lottery.PrizeInput(**payload.dict()),
    )
    return Status(201, _fresh(made))


@router.post("/prizes/{prize_id}/freeze", response={200: PrizeOut, **ERRORS}, summary="Freeze the pool")
def freeze(request, prize_id: int):
    prize = _prize(request, prize_id)
    lottery.freeze(prize=prize, membership=request.membership)
    return _fresh(prize)


@router.post("/prizes/{prize_id}/draw", response={200: PrizeOut, **ERRORS})
def draw(request, prize_id: int):
    prize = _prize(request, prize_id)
    lottery.draw(prize=prize, membership=request.membership)
    return _fresh(prize)


@router.get("/prizes/{prize_id}/proof", response={200: dict, **ERRORS}, summary="The draw's proof")
def proof(request, prize_id: int):
    found = Draw.objects.filter(prize=_prize(request, prize_id)).select_related("prize").first()
    if found is None:
        raise Http404
    return lottery.proof(found)


def _winner(request, winner_id: int) -> Winner:
    require(request.membership, Perm.VIEW)
    return _one(
        Winner.objects.filter(draw__prize__org=request.org).select_related("draw__prize__meeting"), winner_id
    )


@router.post("/lottery-winners/{winner_id}/confirm", response={200: PrizeOut, **ERRORS})
def confirm(request, winner_id: int):
    found = _winner(request, winner_id)
    lottery.confirm(winner=found, membership=request.membership)
    return _fresh(found.draw.prize)


@router.post(
    "/lottery-winners/{winner_id}/redraw", response={200: PrizeOut, **ERRORS}, summary="Absent: draw again"
)
def redraw(request, winner_id: int, payload: RedrawIn):
    found = _winner(request, winner_id)
    lottery.redraw(winner=found, membership=request.membership, reason=payload.reason)
    return _fresh(found.draw.prize)
