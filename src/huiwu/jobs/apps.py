from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "huiwu.jobs"
    label = "jobs"
