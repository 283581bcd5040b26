from django.apps import AppConfig


class CheckinConfig(AppConfig):
    name = "huiwu.checkin"
    label = "checkin"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the reminder job)
