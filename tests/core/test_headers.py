"""Every page carries a Content-Security-Policy without inline script, a Permissions-Policy, and pages
that may hold personal data are never cached."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration


def test_a_staff_page_is_not_cached_and_runs_no_inline_script(owner_client, tenant_a):
    response = owner_client.get(
        reverse("attendees:list", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    )
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["connect-src"] == "'self' ws://testserver wss://testserver"
    assert "no-store" in response["Cache-Control"]
    assert "camera=(self)" in response["Permissions-Policy"]


def test_the_login_page_and_exports_are_not_cached_either(client, owner_client, tenant_a):
    assert "no-store" in client.get(reverse("accounts:login"))["Cache-Control"]
    export = owner_client.get(
        reverse("attendees:export", kwargs={"org": tenant_a.org.slug, "meeting": tenant_a.meeting.pk})
    )
    assert export.status_code == 200
    assert "no-store" in export["Cache-Control"]


def test_the_api_docs_may_run_their_own_inline_script(client):
    response = client.get("/api/v1/docs")
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
