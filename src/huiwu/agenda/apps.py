from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "huiwu.agenda"
    label = "agenda"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the solver job)
