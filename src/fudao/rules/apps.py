from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "fudao.rules"
    verbose_name = "資格規則"
