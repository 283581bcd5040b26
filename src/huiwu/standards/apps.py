from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "huiwu.standards"
    label = "standards"
