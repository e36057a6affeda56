from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "fudao.alerts"
    verbose_name = "新措施通知"
