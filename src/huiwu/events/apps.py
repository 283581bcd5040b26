from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "huiwu.events"
    label = "events"
