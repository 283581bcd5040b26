from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "huiwu.clients"
    label = "clients"
