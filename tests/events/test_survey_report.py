import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from huiwu.events.models import ProfileResponse
from huiwu.events.services.survey import summary, survey_for
from huiwu.standards.selectors import catalogue_version

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def answer(client, survey, **extra):
    data = {"age_band": "25-34", "industry": "制造业", "role": "经理", **extra}
    return client.post(reverse("public-survey", kwargs={"token": survey.token}), data, REMOTE_ADDR="10.0.0.7")


def test_public_questionnaire_collects_answers_and_summary(client, tenant_a):
    survey = survey_for(tenant_a.meeting)
    survey.interests = ["智能制造", "政策解读"]
    survey.save()
    page = client.get(reverse("public-survey", kwargs={"token": survey.token}))
    assert page.status_code == 200 and "智能制造" in page.content.decode()
    assert answer(client, survey, interests=["智能制造", "黑客注入"]).status_code == 400  # not offered
    assert answer(client, survey, interests=["智能制造"]).status_code == 200
    row = ProfileResponse.objects.get()
    assert row.interests == ["智能制造"]
    s = summary(survey)
    assert s["total"] == 1 and ["制造业", 1] in [list(r) for r in s["industry"]]


def test_one_address_is_rate_limited(client, tenant_a):
    survey = survey_for(tenant_a.meeting)
    for _ in range(5):
        assert answer(client, survey).status_code == 200
    flooded = answer(client, survey)
    assert flooded.status_code == 429
    assert "提交次数过多" in flooded.content.decode()
    assert ProfileResponse.objects.count() == 5


def test_closed_questionnaire_refuses(client, tenant_a):
    survey = survey_for(tenant_a.meeting)
    survey.is_open = False
    survey.save()
    assert answer(client, survey).status_code == 410
    assert ProfileResponse.objects.count() == 0


def test_bad_answer_is_a_form_error(client, tenant_a):
    survey = survey_for(tenant_a.meeting)
    assert answer(client, survey, age_band="200", industry="").status_code == 400
    assert ProfileResponse.objects.count() == 0


def test_unknown_questionnaire_is_404(client, db):
    assert client.get("/s/nope/").status_code == 404


def test_report_pdf_has_the_chinese_text(owner_client, tenant_a):
    from huiwu.events.services.meetings import RequirementInput, save_requirement

    save_requirement(
        meeting=tenant_a.meeting,
        actor=tenant_a.owner,
        data=RequirementInput(
            dimension="special", title="中英同传", detail="", priority="must", requested_by=None
        ),
    )
    response = owner_client.get(
        reverse("reports:requirements-pdf", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "需求分析报告" in text
    assert "中英同传" in text
    assert tenant_a.meeting.name in text
    version = catalogue_version(tenant_a.org)
    assert f"服务标准 v{version}" in text  # the figures the feasibility was judged by


def test_approval_by_a_contact_of_another_client_is_refused(owner_client, tenant_a, tenant_b):
    url = reverse("events:report-approve", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    owner_client.post(url, {"approved_by": tenant_b.contact.pk})
    tenant_a.meeting.refresh_from_db()
    assert tenant_a.meeting.report_approved_at is None
    owner_client.post(url, {"approved_by": tenant_a.contact.pk})
    tenant_a.meeting.refresh_from_db()
    assert tenant_a.meeting.report_approved_by == tenant_a.contact
