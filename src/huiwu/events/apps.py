from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "huiwu.events"
    label = "events"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the scheduled reminders with the queue)
