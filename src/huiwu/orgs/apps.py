from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "huiwu.orgs"
    label = "orgs"
