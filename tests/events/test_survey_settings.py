"""The questionnaire's settings: one command keeps the options' rules and audits the change."""

import pytest
from django.core.exceptions import ValidationError

from huiwu.core.models import AuditEntry
from huiwu.events.services.survey import configure_survey, survey_for

pytestmark = pytest.mark.integration


def test_interest_options_are_cleaned_once_and_audited(tenant_a):
    survey = survey_for(tenant_a.meeting)
    lines = ["  AI 应用 ", "", "AI 应用", "长" * 80, *[f"话题{i}" for i in range(40)]]
    saved = configure_survey(survey=survey, actor=tenant_a.owner, interests=lines, is_open=False)
    assert saved.interests[0] == "AI 应用" and saved.interests[1] == "长" * 60
    assert len(saved.interests) == 30 and not saved.is_open
    assert AuditEntry.objects.filter(action="events.survey.changed", org=tenant_a.org).count() == 1
    configure_survey(survey=survey, actor=tenant_a.owner, interests=lines, is_open=False)
    assert AuditEntry.objects.filter(action="events.survey.changed", org=tenant_a.org).count() == 1
    with pytest.raises(ValidationError):
        configure_survey(survey=survey, actor=tenant_a.owner, interests=["a\x00b"], is_open=True)
    survey.refresh_from_db()
    assert not survey.is_open
