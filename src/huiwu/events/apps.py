from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "huiwu.events"
    label = "events"

    def ready(self) -> None:
        from . import archived, receivers, tasks  # noqa: F401  (follow-ups from clients; the scheduled reminders)

        archived.connect()  # an archived meeting's records are read-only
