"""What the feedback commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError, Forbidden


class Code(StrEnum):
    CLOSED = "feedback_closed"
    ANSWERED = "feedback_answered"
    RATING = "feedback_rating"
    TEXT = "feedback_text"
    EMPTY = "feedback_empty"
    TOPIC = "feedback_topic"
    STATION = "feedback_station"
    UNKNOWN = "feedback_unknown_phone"
    BUSY = "feedback_busy"
    NOT_ALLOWED = "feedback_not_allowed"


class Closed(Conflict):
    code = Code.CLOSED
    default_message = _("This feedback station is not taking answers now.")


class Answered(Conflict):
    code = Code.ANSWERED
    default_message = _("You have already answered at this station today. Thank you!")


class RatingInvalid(DomainError):
    code = Code.RATING
    status = 422
    default_message = _("Give a rating from 1 to 5.")


class TextInvalid(DomainError):
    code = Code.TEXT
    status = 422
    default_message = _("The comment cannot be taken as written.")


class Empty(DomainError):
    code = Code.EMPTY
    status = 422
    default_message = _("Give a rating, choose a topic or write a few words.")


class TopicInvalid(DomainError):
    code = Code.TOPIC
    status = 422
    default_message = _("Choose one of the topics offered.")


class StationInvalid(DomainError):
    code = Code.STATION
    status = 422
    default_message = _("Give the station a name (80 characters at most).")


class UnknownPhone(DomainError):
    code = Code.UNKNOWN
    status = 400
    default_message = _(
        "Your browser refused the station's cookie: allow cookies for this page and try again."
    )


class Busy(DomainError):
    code = Code.BUSY
    status = 429
    default_message = _("Too many answers at once: try again in a minute.")


class NotAllowed(Forbidden):
    code = Code.NOT_ALLOWED
    default_message = _("Feedback stations and topics are set up by the meeting's planners.")


class SurveyInvalid(DomainError):
    code = "feedback_survey_invalid"
    status = 422
    default_message = _("The survey cannot be saved as it is.")


class SurveyStale(Conflict):
    code = "feedback_survey_stale"
    default_message = _("Someone changed the survey since you opened it: reload it and try again.")


class SurveyClosed(Conflict):
    code = "feedback_survey_closed"
    default_message = _("This survey is not taking answers.")


class SurveyAnswered(Conflict):
    code = "feedback_survey_answered"
    default_message = _("You have answered this survey already. Thank you!")


class CallInvalid(DomainError):
    code = "feedback_call_invalid"
    status = 422
    default_message = _("The call cannot be recorded as it is.")
