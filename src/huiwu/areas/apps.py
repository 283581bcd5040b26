from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "huiwu.areas"
    label = "areas"
