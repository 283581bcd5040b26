from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "huiwu.api"
    label = "api"
