"""The attendee-profile questionnaire: a public link per meeting, answers aggregated live."""

from __future__ import annotations

from collections import Counter

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from huiwu.core import realtime
from huiwu.core.audit import diff, log_action, register_actions
from huiwu.core.text import clean_text
from huiwu.core.tokens import hash_secret, new_secret

from ..errors import SurveyClosed, TooManyAnswers
from ..models import Meeting, ProfileResponse, ProfileSurvey
from ..models.survey import AgeBand

register_actions({"events.survey.changed": _("changed the attendee-profile questionnaire")})

PER_SOURCE_PER_HOUR = 5
PER_SURVEY_PER_MINUTE = 600


def survey_for(meeting: Meeting) -> ProfileSurvey:
    survey = ProfileSurvey.objects.filter(meeting=meeting).first()
    if survey is None:
        survey, _created = ProfileSurvey.objects.get_or_create(
            meeting=meeting, defaults={"token": new_secret(12)}
        )
    return survey


MAX_INTERESTS, INTEREST_LENGTH = 30, 60


@transaction.atomic
def configure_survey(*, survey: ProfileSurvey, actor, interests: list[str], is_open: bool) -> ProfileSurvey:
    """The questionnaire's interest options (blank lines dropped, each once, at most 30 of 60
    characters) and whether it takes answers."""
    options: list[str] = []
    for line in interests:
        text = clean_text(line, max_length=None)[:INTEREST_LENGTH].strip()
        if text and text not in options:
            options.append(text)
    row = ProfileSurvey.objects.select_for_update().get(pk=survey.pk)
    before = {"interests": row.interests, "is_open": row.is_open}
    row.interests, row.is_open = options[:MAX_INTERESTS], bool(is_open)
    row.save(update_fields=["interests", "is_open"])
    after = {"interests": row.interests, "is_open": row.is_open}
    if before != after:
        log_action("events.survey.changed", target=row.meeting, actor=actor, changes=diff(before, after))
    return row


def _bump(key: str, ttl: int) -> int:
    cache.add(key, 0, ttl)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, ttl)
        return 1


@transaction.atomic
def submit_response(*, survey: ProfileSurvey, source: str, **answers) -> ProfileResponse:
    """Save one answer. Limits: 5 an hour from one address, 600 a minute for the whole survey."""
    if not survey.is_open:
        raise SurveyClosed()
    source_hash = hash_secret(f"{survey.pk}:{source}")[:32]
    if _bump(f"huiwu:survey:{survey.pk}:src:{source_hash}", 3600) > PER_SOURCE_PER_HOUR:
        raise TooManyAnswers()
    if _bump(f"huiwu:survey:{survey.pk}:all", 60) > PER_SURVEY_PER_MINUTE:
        raise TooManyAnswers()
    interests = [i for i in answers.pop("interests", []) if i in survey.interests]
    response = ProfileResponse.objects.create(
        survey=survey, source=source_hash, interests=interests, **answers
    )
    meeting = survey.meeting
    realtime.publish(
        f"org:{meeting.org_id}",
        {"type": "survey.updated", "meeting": meeting.pk, "summary": summary(survey)},
        coalesce=f"survey:{meeting.pk}",
    )
    return response


def summary(survey: ProfileSurvey) -> dict:
    """Counts per age band, top industries and roles, interests: what the charts draw."""
    rows = list(survey.responses.values_list("age_band", "industry", "role", "interests"))
    ages = Counter(r[0] for r in rows)
    industries = Counter(r[1].strip() for r in rows if r[1].strip())
    roles = Counter(r[2].strip() for r in rows if r[2].strip())
    interests = Counter(i for r in rows for i in r[3])
    return {
        "total": len(rows),
        "age": [[str(label), ages.get(value, 0)] for value, label in AgeBand.choices],
        "industry": industries.most_common(10),
        "role": roles.most_common(10),
        "interests": [[i, interests.get(i, 0)] for i in survey.interests],
    }
