from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fudao.accounts"
    label = "accounts"
    verbose_name = "人員與角色"
