from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "fudao.matching"
    verbose_name = "資格比對"
