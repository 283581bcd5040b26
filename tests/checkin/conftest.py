import pytest

from tests.factories.events import running_today


@pytest.fixture(autouse=True)
def _meetings_run_today(request):
    """Gates admit on the meeting's days only: the tenants' meetings run today here."""
    for name in ("tenant_a", "tenant_b"):
        if name in request.fixturenames:
            running_today(request.getfixturevalue(name).meeting)
