from django.apps import AppConfig


class VenuesConfig(AppConfig):
    name = "huiwu.venues"
    label = "venues"
