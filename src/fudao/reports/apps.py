from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fudao.reports"
    label = "reports"
    verbose_name = "統計報表"
