from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "huiwu.notifications"
    label = "notifications"
