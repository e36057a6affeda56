from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "fudao.cases"
    label = "cases"
    verbose_name = "案件"
