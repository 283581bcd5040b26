from django.apps import AppConfig


class AttendeesConfig(AppConfig):
    name = "huiwu.attendees"
    label = "attendees"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the import, badge and invitation jobs)
