from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "huiwu.staff"
    label = "staff"
