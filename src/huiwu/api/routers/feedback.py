"""The feedback station: a meeting's stations (made and opened by its planners), the answers and figures
(VIEW), the organisation's topics. Answers themselves come from the public page."""

from django.http import Http404
from django.urls import reverse
from ninja import Router, Status

from huiwu.agenda.models import Session
from huiwu.events.models import Meeting
from huiwu.feedback import calls, satisfaction, selectors, services, surveys
from huiwu.feedback.errors import SurveyInvalid
from huiwu.feedback.models import Answer, Call, Question, Station, Surge, Survey, Topic
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..schemas.base import ErrorOut
from ..schemas.feedback import (
    AnswerOut,
    CallIn,
    CallOut,
    FeedbackOut,
    QuestionIn,
    QuestionOut,
    SatisfactionOut,
    StationIn,
    StationOpenIn,
    StationOut,
    SurveyIn,
    SurveyOpenIn,
    SurveyOut,
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


# --- the survey, its figures and the calls --------------------------------------------------------


def _question(q: Question) -> dict:
    return {"id": q.pk, "kind": q.kind, "text": q.text, "choices": q.choices, "required": q.required,
            "session_id": q.session_id}  # fmt: skip


def _survey(s: Survey) -> dict:
    return {
        "id": s.pk, "meeting_id": s.meeting_id, "title": s.title, "intro": s.intro, "status": s.status,
        "send_at": s.send_at, "sent_at": s.sent_at, "remind_after": s.remind_after, "version": s.version,
        "questions": [_question(q) for q in s.questions.all()],
    }  # fmt: skip


def _survey_of(request, survey_id: int) -> Survey:
    require(request.membership, Perm.VIEW)
    return get_scoped(Survey.objects.select_related("meeting"), request.org, pk=survey_id)


@router.get(
    "/meetings/{meeting_id}/satisfaction-survey",
    response={200: SurveyOut, **ERRORS},
    summary="The meeting's survey",
)
def get_survey(request, meeting_id: int):
    found = Survey.objects.filter(meeting=_meeting(request, meeting_id)).first()
    if found is None:
        raise Http404
    return _survey(found)


@router.post(
    "/meetings/{meeting_id}/satisfaction-survey",
    response={201: SurveyOut, **ERRORS},
    summary="Make the survey",
)
def make_survey(request, meeting_id: int, payload: SurveyIn):
    made = surveys.make_survey(meeting=_meeting(request, meeting_id), membership=request.membership,
                               title=payload.title)  # fmt: skip
    return Status(201, _survey(made))


def _question_input(found: Survey, payload: QuestionIn) -> surveys.QuestionInput:
    session = None
    if payload.session_id is not None:
        session = Session.objects.filter(meeting_id=found.meeting_id, pk=payload.session_id).first()
        if session is None:
            raise SurveyInvalid(details={"field": "session_id"})
    return surveys.QuestionInput(kind=payload.kind, text=payload.text, choices=payload.choices,
                                 required=payload.required, session=session)  # fmt: skip


@router.post(
    "/surveys/{survey_id}/questions", response={201: QuestionOut, **ERRORS}, summary="Add a question"
)
def add_question(request, survey_id: int, payload: QuestionIn):
    found = _survey_of(request, survey_id)
    made = surveys.save_question(survey=found, membership=request.membership, version=payload.version,
                                 data=_question_input(found, payload))  # fmt: skip
    return Status(201, _question(made))


@router.put(
    "/survey-questions/{question_id}", response={200: QuestionOut, **ERRORS}, summary="Change a question"
)
def change_question(request, question_id: int, payload: QuestionIn):
    require(request.membership, Perm.VIEW)
    question = _question_of(request, question_id)
    found = question.survey
    done = surveys.save_question(survey=found, membership=request.membership, version=payload.version,
                                 question=question, data=_question_input(found, payload))  # fmt: skip
    return _question(done)


def _question_of(request, question_id: int) -> Question:
    found = Question.objects.filter(survey__org=request.org, pk=question_id).select_related("survey").first()
    if found is None:
        raise Http404
    return found


@router.delete(
    "/survey-questions/{question_id}", response={200: SurveyOut, **ERRORS}, summary="Remove a question"
)
def remove_question(request, question_id: int, version: int | None = None):
    """``?version=`` the survey's version you saw (without it, the removal is refused as stale)."""
    require(request.membership, Perm.VIEW)
    question = _question_of(request, question_id)
    done = surveys.remove_question(survey=question.survey, membership=request.membership, question=question,
                                   version=-1 if version is None else version)  # fmt: skip
    return _survey(done)


@router.post("/surveys/{survey_id}/open", response={200: SurveyOut, **ERRORS}, summary="Open it to be sent")
def open_survey(request, survey_id: int, payload: SurveyOpenIn):
    found = _survey_of(request, survey_id)
    done = surveys.open_survey(
        survey=found, membership=request.membership, version=payload.version, send_at=payload.send_at,
        remind_after=payload.remind_after, intro=payload.intro, script=payload.script,
    )  # fmt: skip
    return _survey(done)


@router.post("/surveys/{survey_id}/close", response={200: SurveyOut, **ERRORS}, summary="Close it")
def close_survey(request, survey_id: int):
    return _survey(surveys.close_survey(survey=_survey_of(request, survey_id), membership=request.membership))


def _figures(q: satisfaction.QuestionFigures) -> dict:
    return {"question_id": q.question.pk, "text": q.question.text, "answers": q.answers,
            "average": None if q.average is None else str(q.average), "counts": dict(q.counts)}  # fmt: skip


@router.get("/meetings/{meeting_id}/satisfaction", response={200: SatisfactionOut, **ERRORS},
            summary="Satisfaction, NPS, sessions, response rate, themes")  # fmt: skip
def get_satisfaction(request, meeting_id: int):
    f = satisfaction.figures(_meeting(request, meeting_id))
    return {
        "satisfaction": None if f.satisfaction is None else str(f.satisfaction),
        "satisfaction_answers": f.satisfaction_answers,
        "nps": {"score": f.nps.score, "promoters": f.nps.promoters, "passives": f.nps.passives,
                "detractors": f.nps.detractors},
        "recipients": f.recipients, "responses": f.responses,
        "response_rate": None if f.response_rate is None else str(f.response_rate),
        "sessions": [_figures(q) for q in f.sessions], "questions": [_figures(q) for q in f.questions],
        "themes": dict(f.themes), "calls": f.calls, "calls_reached": f.calls_reached,
        "calls_overdue": f.calls_overdue,
    }  # fmt: skip


def _call(c: Call) -> dict:
    return {
        "id": c.pk, "attendee_id": c.attendee_id, "name": c.attendee.name, "caller_id": c.caller_id,
        "due_at": c.due_at, "status": c.status, "satisfaction": c.satisfaction, "outcome": c.outcome,
        "attempts": c.attempts, "version": c.version,
    }  # fmt: skip


@router.get("/meetings/{meeting_id}/feedback-calls", response={200: list[CallOut], **ERRORS})
def list_calls(request, meeting_id: int):
    return [
        _call(c)
        for c in Call.objects.filter(meeting=_meeting(request, meeting_id)).select_related("attendee")
    ]


@router.post("/meetings/{meeting_id}/feedback-calls", response={200: list[CallOut], **ERRORS},
             summary="Add the VIPs to the call list")  # fmt: skip
def make_calls(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    calls.make_list(meeting=meeting, membership=request.membership)
    return [_call(c) for c in Call.objects.filter(meeting=meeting).select_related("attendee")]


@router.put("/feedback-calls/{call_id}", response={200: CallOut, **ERRORS}, summary="Record a call")
def record_call(request, call_id: int, payload: CallIn):
    require(request.membership, Perm.VIEW)
    found = (
        Call.objects.filter(meeting__org=request.org, pk=call_id)
        .select_related("meeting", "attendee")
        .first()
    )
    if found is None:
        raise Http404
    done = calls.record(call=found, membership=request.membership, version=payload.version,
                        data=calls.CallInput(status=payload.status, satisfaction=payload.satisfaction,
                                             outcome=payload.outcome))  # fmt: skip
    return _call(done)
