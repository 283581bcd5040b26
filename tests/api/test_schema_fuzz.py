"""schemathesis against our own OpenAPI schema: generated requests never get a 500, and every
response matches the schema the API publishes."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import SchemathesisConfig

pytestmark = pytest.mark.integration

# Valid requests (every documented shape) must succeed or fail cleanly; invalid bodies, unknown
# fields and bad tokens are asserted one by one in test_errors.py. Unknown *query* parameters are
# ignored, as most HTTP APIs do, so schemathesis's negative mode (which expects them refused) is off.
config = SchemathesisConfig.from_dict({"generation": {"mode": "positive"}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=config)


@pytest.fixture
def auth_headers(tenant_a):
    # Like Django's test client: keep the test's connection open across the app's requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {tenant_a.raw_token}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, auth_headers):
    # Business rules beyond the schema (end before start, a client of another organisation) answer
    # with a clear 4xx; that is correct, so "valid schema means accepted" is not checked.
    case.call_and_validate(headers=auth_headers, excluded_checks=[positive_data_acceptance])
