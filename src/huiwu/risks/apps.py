from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "huiwu.risks"
    label = "risks"
