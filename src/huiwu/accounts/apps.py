from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "huiwu.accounts"
    label = "accounts"
