import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages built outside a request (imports, services) are checked in English here."""
    with translation.override("en"):
        yield
