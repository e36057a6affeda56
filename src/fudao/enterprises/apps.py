from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "fudao.enterprises"
    label = "enterprises"
    verbose_name = "企業"
