"""The feedback station: a meeting's stations (made and opened by its planners), the answers and figures
(VIEW), the organisation's topics. Answers themselves come from the public page."""

from django.http import Http404
from django.urls import reverse
from ninja import Router, Status

from huiwu.events.models import Meeting
from huiwu.feedback import selectors, services
from huiwu.feedback.models import Answer, Station, Surge, Topic
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..schemas.base import ErrorOut
from ..schemas.feedback import (
    AnswerOut,
    FeedbackOut,
    StationIn,
    StationOpenIn,
    StationOut,
    TopicIn,
    TopicOut,
)

router = Router(tags=["feedback"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _meeting(request, meeting_id: int) -> Meeting:
    require(request.membership, Perm.VIEW)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def _station(request, s: Station, answers: int | None = None) -> dict:
    return {
        "id": s.pk, "meeting_id": s.meeting_id, "name": s.name, "is_open": s.is_open,
        "link": request.build_absolute_uri(reverse("feedback_public:station", kwargs={"token": s.token})),
        "answers": answers if answers is not None else getattr(s, "answered", s.answers.count()),
    }  # fmt: skip


def _topic(t: Topic) -> dict:
    return {"id": t.pk, "name": t.name, "words": t.words, "active": t.active}


def _surge(s: Surge) -> dict:
    return {
        "id": s.pk, "topic_id": s.topic_id, "topic": s.topic.name, "day": s.day, "people": s.count,
        "window": s.window, "first_at": s.first_at, "raised_at": s.raised_at, "task_id": s.task_id,
        "task_status": s.task.status if s.task else None,
    }  # fmt: skip


@router.get(
    "/meetings/{meeting_id}/feedback", response={200: FeedbackOut, **ERRORS}, summary="The station's figures"
)
def figures(request, meeting_id: int):
    found = selectors.figures(_meeting(request, meeting_id), latest=0)
    return {
        "answers": found.answers, "rating": None if found.rating is None else str(found.rating),
        "rated": found.rated,
        "topics": [{"topic_id": c.topic.pk, "topic": c.topic.name, "people": c.count} for c in found.topics],
        "surges": [_surge(s) for s in found.surges],
    }  # fmt: skip


@router.get("/meetings/{meeting_id}/feedback-stations", response={200: list[StationOut], **ERRORS})
def list_stations(request, meeting_id: int):
    return [_station(request, s) for s in selectors.stations(_meeting(request, meeting_id))]


@router.post(
    "/meetings/{meeting_id}/feedback-stations", response={201: StationOut, **ERRORS}, summary="Make a station"
)
def make_station(request, meeting_id: int, payload: StationIn):
    made = services.make_station(
        meeting=_meeting(request, meeting_id), membership=request.membership, name=payload.name
    )
    return Status(201, _station(request, made, 0))


@router.put(
    "/feedback-stations/{station_id}/open",
    response={200: StationOut, **ERRORS},
    summary="Open or close a station",
)
def set_open(request, station_id: int, payload: StationOpenIn):
    require(request.membership, Perm.VIEW)
    found = get_scoped(Station.objects.select_related("meeting"), request.org, pk=station_id)
    done = services.set_open(station=found, membership=request.membership, is_open=payload.is_open)
    return _station(request, done)


@router.get(
    "/meetings/{meeting_id}/feedback-answers",
    response={200: list[AnswerOut], **ERRORS},
    summary="The answers, newest first (at most 500 a page)",
)
def list_answers(request, meeting_id: int, page: int = 1):
    meeting = _meeting(request, meeting_id)
    if page < 1 or page > 100_000:
        raise Http404
    rows = Answer.objects.filter(meeting=meeting)[(page - 1) * 500 : page * 500]
    return [_answer(a) for a in rows]


def _answer(a: Answer) -> dict:
    return {
        "id": a.pk, "station_id": a.station_id, "day": a.day, "rating": a.rating, "topic_id": a.topic_id,
        "topic_found": a.topic_found, "text": a.text, "badge": a.attendee_id is not None,
        "created_at": a.created_at,
    }  # fmt: skip


@router.get("/feedback-topics", response={200: list[TopicOut], **ERRORS}, summary="The organisation's topics")
def list_topics(request):
    require(request.membership, Perm.VIEW)
    return [_topic(t) for t in selectors.topics(request.org)]


@router.post("/feedback-topics", response={201: TopicOut, **ERRORS}, summary="Add a topic")
def add_topic(request, payload: TopicIn):
    require(request.membership, Perm.VIEW)
    made = services.save_topic(
        org=request.org, membership=request.membership, data=services.TopicInput(**payload.dict())
    )
    return Status(201, _topic(made))


@router.put("/feedback-topics/{topic_id}", response={200: TopicOut, **ERRORS}, summary="Change a topic")
def change_topic(request, topic_id: int, payload: TopicIn):
    require(request.membership, Perm.VIEW)
    found = get_scoped(Topic, request.org, pk=topic_id)
    done = services.save_topic(
        org=request.org,
        membership=request.membership,
        topic=found,
        data=services.TopicInput(**payload.dict()),
    )
    return _topic(done)
