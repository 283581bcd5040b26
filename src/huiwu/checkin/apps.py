from django.apps import AppConfig


class CheckinConfig(AppConfig):
    name = "huiwu.checkin"
    label = "checkin"
