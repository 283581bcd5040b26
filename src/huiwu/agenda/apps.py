from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "huiwu.agenda"
    label = "agenda"
